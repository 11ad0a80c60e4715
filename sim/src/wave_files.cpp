#include "wave_files.h"

#include <algorithm>
#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <spawn.h>
#include <set>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include "gtkw_groups.h"
#include "stats.h"
#include "wave_merge.h"

extern char **environ;

namespace vmcsim {

namespace {

// Runs argv[0] (searched in PATH when it has no slash), its standard output on out_fd when
// that is not -1, and returns its exit status, or -1.
int run(const std::vector<std::string> &args, int out_fd = -1) {
  std::vector<char *> av;
  for (const std::string &a : args) av.push_back(const_cast<char *>(a.c_str()));
  av.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  if (out_fd >= 0) posix_spawn_file_actions_adddup2(&fa, out_fd, STDOUT_FILENO);
  pid_t pid;
  const int rc = posix_spawnp(&pid, av[0], &fa, nullptr, av.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) return -1;
  int st = 0;
  while (waitpid(pid, &st, 0) < 0) {
  }
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

// Copies the file at path to fd. false on a read or write error.
bool copy_to(const std::string &path, int fd) {
  const int in = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) return false;
  char buf[1 << 16];
  ssize_t n;
  bool ok = true;
  while (ok && (n = read(in, buf, sizeof buf)) != 0) {
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    for (ssize_t done = 0; ok && done < n;) {
      const ssize_t put = write(fd, buf + done, size_t(n - done));
      if (put < 0 && errno == EINTR) continue;
      ok = put > 0;
      done += put > 0 ? put : 0;
    }
  }
  close(in);
  return ok;
}

// A save-file line with the signal paths' top scope "mmu." (at the line's start or after a
// space) renamed to scope.
std::string rescope(std::string line, const std::string &scope) {
  if (scope == "mmu") return line;
  for (size_t at = 0; (at = line.find("mmu.", at)) != std::string::npos; at += 4) {
    if (at != 0 && line[at - 1] != ' ') continue;
    line.replace(at, 3, scope);
    at += scope.size() - 3;
  }
  return line;
}

// Core k's scope in the waveform: "coreK" (the lone engine's dumps, merged), or the cluster
// engine's mmu_top instance of core k, where mmu_top's ports and insides both are (so
// "mmu.mmu_top." and "mmu." map to the same scope).
std::string core_scope(const Options &opt, unsigned k, std::string line) {
  if (!opt.cluster_engine()) return rescope(line, "core" + std::to_string(k));
  for (size_t at = 0; (at = line.find("mmu.mmu_top.", at)) != std::string::npos;)
    line.erase(at + 4, 8);
  return rescope(line, "cluster.mmu_cluster.g_core[" + std::to_string(k) + "].u_mmu");
}

// docs/vmcosim.gtkw without its own comment lines. One core: as it is (top scope "mmu").
// Several: its settings once, the tree opened and its groups repeated for each core, within a
// group "coreK" under core K's scope.
void write_groups(FILE *f, const Options &opt) {
  const unsigned cores = opt.cores;
  std::vector<std::string> all, head, body, tail;
  for (const char *line = kGtkwGroups; *line;) {
    const char *end = std::strchr(line, '\n');
    const size_t n = end ? size_t(end - line) + 1 : std::strlen(line);
    const std::string l(line, n);
    line += n;
    if (l.compare(0, 3, "[*]") == 0) continue;
    all.push_back(l);
    (l[0] != '[' ? body : body.empty() ? head : tail).push_back(l);
  }
  if (cores <= 1) {
    for (const std::string &l : all) std::fputs(l.c_str(), f);
    return;
  }
  std::set<std::string> opened;   // the cluster's two tree levels are one scope
  for (const std::string &l : head) {
    for (unsigned k = 0; k < (l.compare(0, 10, "[treeopen]") == 0 ? cores : 1); k++) {
      const std::string line = core_scope(opt, k, l);
      if (opened.insert(line).second) std::fputs(line.c_str(), f);
    }
  }
  for (unsigned k = 0; k < cores; k++) {
    const std::string scope = "core" + std::to_string(k);
    std::fprintf(f, "@800200\n-%s\n", scope.c_str());
    for (const std::string &l : body) std::fputs(core_scope(opt, k, l).c_str(), f);
    std::fprintf(f, "@1000200\n-%s\n", scope.c_str());
  }
  for (const std::string &l : tail) std::fputs(l.c_str(), f);
}

// Beside WAVE.fst: WAVE.gtkw, a GTKWave save file that names the dump and groups its signals
// (docs/vmcosim.gtkw's groups), and WAVE.tcl, which zooms to [from, to) cycles and puts the
// marker on `mark` (UINT64_MAX: zoom to fit, no marker). One cycle is 1000 ps in the dump.
// Only numbers go into the script; a path that would not be one quoted save-file line is
// left out (GTKWave then takes the dump from its command line).
bool write_gtkwave_files(const Options &opt, uint64_t from, uint64_t to, uint64_t mark) {
  struct stat st {};
  if (stat(opt.wave.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return true;   // a FIFO, a device
  const size_t dot = opt.wave.find_last_of("./");
  const std::string base = dot != std::string::npos && opt.wave[dot] == '.' ? opt.wave.substr(0, dot) : opt.wave;
  char *abs = realpath(opt.wave.c_str(), nullptr);
  const std::string dump = abs ? abs : "";
  std::free(abs);
  const bool quotable = std::none_of(dump.begin(), dump.end(), [](char c) {
    return c == '"' || (unsigned char)c < 0x20 || c == 0x7f;
  });
  std::string why;
  bool ok = write_output_file(base + ".gtkw", why, [&](FILE *f) {
    std::fputs("[*] vmcosim: this run's waveform, its signals grouped (docs/waveforms.md).\n", f);
    std::fputs("[*] Open with: gtkwave -S WAVE.tcl WAVE.gtkw (the .tcl zooms to the event)\n", f);
    if (!dump.empty() && quotable) std::fprintf(f, "[dumpfile] \"%s\"\n", dump.c_str());
    write_groups(f, opt);
  });
  ok = ok && write_output_file(base + ".tcl", why, [&](FILE *f) {
    std::fputs("# GTKWave start-up script written by vmcosim (docs/waveforms.md)\n", f);
    if (mark == UINT64_MAX) {
      std::fputs("gtkwave::/Time/Zoom/Zoom_Best_Fit\n", f);
    } else {
      std::fprintf(f, "gtkwave::setZoomRangeTimes %llu %llu\ngtkwave::setMarker %llu\n",
                   (unsigned long long)from * 1000, (unsigned long long)to * 1000,
                   (unsigned long long)mark * 1000);
    }
  });
  if (!ok) std::fprintf(stderr, "vmcosim: GTKWave files: %s\n", why.c_str());
  return ok;
}

// A scratch file for an FST (mkstemp): beside the output, or in TMPDIR for a FIFO or device.
bool make_scratch(const Options &opt, const WaveOutput &w, std::string &path) {
  const char *tmpdir = std::getenv("TMPDIR");
  std::string dir = tmpdir && *tmpdir ? tmpdir : "/tmp";
  if (w.out.tmp) {
    const std::string t = w.out.tmp;
    dir = t.find('/') == std::string::npos ? "." : t.substr(0, t.rfind('/'));
  }
  path = dir + "/.vmcosim-wave-XXXXXX";
  const int fd = mkstemp(&path[0]);
  if (fd < 0) {
    std::fprintf(stderr, "vmcosim: --wave %s: cannot create a scratch file in %s: %s\n",
                 opt.wave.c_str(), dir.c_str(), std::strerror(errno));
    return false;
  }
  close(fd);
  return true;
}

}  // namespace

bool wave_prepare(Options &opt, WaveOutput &w) {
  char msg[600];
  if (vmc_output_open(&w.out, opt.wave.c_str(), msg, sizeof msg) != 0) {
    std::fprintf(stderr, "vmcosim: --wave %s\n", msg);
    return false;
  }
  w.open = true;
  if (!opt.wave_vcd && w.out.tmp) {
    // An FST to a regular file: the RTL writes the temporary that is renamed into place (the
    // descriptor stays open: it holds the lock that marks the temporary as in use).
    opt.wave_dump = w.out.tmp;
  } else {
    // A VCD (converted after the run), or an FST for a FIFO or device (copied after the run).
    if (!make_scratch(opt, w, w.scratch)) {
      wave_abort(w);
      return false;
    }
    opt.wave_dump = w.scratch;
  }
  // Several cores: each core's RTL dumps on its own clock to a file of its own; wave_commit
  // merges them into opt.wave_dump.
  opt.core_wave_dumps.clear();
  for (unsigned k = 0; opt.cores > 1 && !opt.cluster_engine() && k < opt.cores; k++) {
    std::string path;
    if (!make_scratch(opt, w, path)) {
      wave_abort(w);
      return false;
    }
    w.cores.push_back(path);
    opt.core_wave_dumps.push_back(path);
  }
  return true;
}

namespace {

void remove_scratch(WaveOutput &w) {
  if (!w.scratch.empty()) std::remove(w.scratch.c_str());
  for (const std::string &c : w.cores) std::remove(c.c_str());
  w.scratch.clear();
  w.cores.clear();
}

// Several cores: their dumps merged into opt.wave_dump. Cores that dumped nothing leave it
// empty (the window began after every core's run; see RtlMmu::wave_close).
bool merge_cores(const Options &opt, const WaveOutput &w) {
  if (w.cores.empty()) return true;
  struct stat st;
  std::vector<std::string> dumped;
  for (const std::string &c : w.cores)
    if (stat(c.c_str(), &st) == 0 && st.st_size > 0) dumped.push_back(c);
  if (dumped.empty()) return true;
  if (dumped.size() != w.cores.size()) {
    std::fprintf(stderr, "vmcosim: --wave %s: only %zu of %zu cores dumped their window\n",
                 opt.wave.c_str(), dumped.size(), w.cores.size());
    return false;
  }
  std::string why;
  if (!wave_merge(dumped, opt.wave_dump, why)) {
    std::fprintf(stderr, "vmcosim: --wave %s: %s\n", opt.wave.c_str(), why.c_str());
    return false;
  }
  for (size_t k = 0; opt.wave_keep_cores && k < w.cores.size(); k++) {
    // WAVE with ".coreK.fst" for its extension (w.fst -> w.core1.fst).
    const size_t dot = opt.wave.find_last_of("./");
    const std::string base = dot != std::string::npos && opt.wave[dot] == '.' ? opt.wave.substr(0, dot)
                                                                             : opt.wave;
    const std::string path = base + ".core" + std::to_string(k) + ".fst";
    vmc_output_file out{};
    char msg[600];
    bool kept = vmc_output_open(&out, path.c_str(), msg, sizeof msg) == 0;
    if (kept && !copy_to(w.cores[k], out.fd)) {
      vmc_output_abort(&out);
      kept = false;
    }
    if (!kept || vmc_output_commit(&out, msg, sizeof msg) != 0) {
      std::fprintf(stderr, "vmcosim: --wave-keep-cores %s: cannot write it\n", path.c_str());
      return false;
    }
  }
  return true;
}

}  // namespace

bool wave_commit(const Options &opt, WaveOutput &w) {
  if (!w.open) return true;
  w.open = false;
  bool ok = merge_cores(opt, w);
  struct stat st;
  if (!ok) {
  } else if (stat(opt.wave_dump.c_str(), &st) == 0 && st.st_size == 0) {
    // Nothing was dumped: the run ended before the window began.
    std::fprintf(stderr, "vmcosim: --wave %s: nothing to write, the run ended before the "
                 "waveform window (%" PRIu64 ":%" PRIu64 ")\n", opt.wave.c_str(), opt.wave_from,
                 opt.wave_to);
    ok = false;
  } else if (opt.wave_vcd) {
    ok = run({"fst2vcd", "-f", w.scratch}, w.out.fd) == 0;
    if (!ok)
      std::fprintf(stderr, "vmcosim: cannot convert the waveform to VCD with fst2vcd (from "
                           "gtkwave); use an .fst file instead\n");
  } else if (!w.scratch.empty()) {
    ok = copy_to(w.scratch, w.out.fd);
    if (!ok) std::fprintf(stderr, "vmcosim: --wave %s: write error\n", opt.wave.c_str());
  }
  remove_scratch(w);
  char msg[600];
  if (!ok) {
    vmc_output_abort(&w.out);
  } else if (vmc_output_commit(&w.out, msg, sizeof msg) != 0) {
    std::fprintf(stderr, "vmcosim: --wave %s\n", msg);
    ok = false;
  }
  return ok;
}

void wave_abort(WaveOutput &w) {
  if (!w.open) return;
  w.open = false;
  remove_scratch(w);
  vmc_output_abort(&w.out);
}

bool finish_wave(const Options &opt, uint64_t trigger_cycle, unsigned trigger_core) {
  const bool triggered = opt.wave_trigger != WaveTrigger::None && !opt.wave_only;
  if (!triggered) {
    if (opt.wave_only) return true;   // the parent run writes the GTKWave files
    return opt.wave_window ? write_gtkwave_files(opt, opt.wave_from, opt.wave_to, opt.wave_from)
                           : write_gtkwave_files(opt, 0, 0, UINT64_MAX);
  }
  if (trigger_cycle == UINT64_MAX) {
    std::fprintf(stderr, "vmcosim: no waveform written: there was no %s number %llu\n",
                 trigger_name(opt.wave_trigger), (unsigned long long)opt.wave_k);
    return true;
  }
  // Re-run with the same options, the window around the trigger, and no statistics.
  const uint64_t from = trigger_cycle > opt.wave_around ? trigger_cycle - opt.wave_around : 0;
  const uint64_t to = trigger_cycle + opt.wave_around + 1;
  std::vector<std::string> args{"/proc/self/exe"};
  for (size_t i = 1; i < opt.argv.size(); i++) {
    const std::string &a = opt.argv[i];
    if (a == "--wave-trigger" || a == "--stats" || a == "--wave-around") {
      i++;
      continue;
    }
    if (a.rfind("--wave-trigger=", 0) == 0 || a.rfind("--stats=", 0) == 0 ||
        a.rfind("--wave-around=", 0) == 0)
      continue;
    args.push_back(a);
  }
  args.push_back("--wave-only");
  args.push_back("--quiet");
  args.push_back("--wave-window=" + std::to_string(from) + ":" + std::to_string(to));
  const int rc = run(args);
  if (rc != 0 && !(opt.wave_trigger == WaveTrigger::Divergence && rc == 4)) {
    std::fprintf(stderr, "vmcosim: the re-run that writes the waveform window failed (%d)\n", rc);
    return false;
  }
  const std::string on = opt.cores > 1 ? " on core " + std::to_string(trigger_core) + "'s clock"
                                       : std::string();
  std::fprintf(stderr, "vmcosim: waveform of cycles %llu..%llu around %s %llu (cycle %llu%s) in %s\n",
               (unsigned long long)from, (unsigned long long)to - 1,
               trigger_name(opt.wave_trigger), (unsigned long long)opt.wave_k,
               (unsigned long long)trigger_cycle, on.c_str(), opt.wave.c_str());
  // Open on the event itself: 40 cycles either side (the firmware's gap after a fault would
  // otherwise take most of the view), the marker on it.
  const uint64_t near = std::min<uint64_t>(opt.wave_around, 40);
  return write_gtkwave_files(opt, trigger_cycle > near ? trigger_cycle - near : 0,
                             trigger_cycle + near + 1, trigger_cycle);
}

}  // namespace vmcsim
