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
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include "gtkw_groups.h"
#include "stats.h"

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

// Beside WAVE.fst: WAVE.gtkw, a GTKWave save file that names the dump and groups its signals
// (docs/vmcosim.gtkw's groups), and WAVE.tcl, which zooms to [from, to) cycles and puts the
// marker on `mark` (UINT64_MAX: zoom to fit, no marker). One cycle is 1000 ps in the dump.
// Only numbers go into the script; a path that would not be one quoted save-file line is
// left out (GTKWave then takes the dump from its command line).
bool write_gtkwave_files(const Options &opt, uint64_t from, uint64_t to, uint64_t mark,
                         const std::string &scope) {
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
    // docs/vmcosim.gtkw without its own comment lines, its top scope "mmu" renamed to scope.
    for (const char *line = kGtkwGroups; *line;) {
      const char *end = std::strchr(line, '\n');
      const size_t n = end ? size_t(end - line) + 1 : std::strlen(line);
      if (std::strncmp(line, "[*]", 3) != 0) std::fputs(rescope(std::string(line, n), scope).c_str(), f);
      line += n;
    }
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
    return true;
  }
  // A VCD (converted after the run), or an FST for a FIFO or device (copied after the run):
  // the FST goes to a scratch file beside the output, or in TMPDIR for a special file.
  const char *tmpdir = std::getenv("TMPDIR");
  std::string dir = tmpdir && *tmpdir ? tmpdir : "/tmp";
  if (w.out.tmp) {
    const std::string t = w.out.tmp;
    dir = t.find('/') == std::string::npos ? "." : t.substr(0, t.rfind('/'));
  }
  std::string scratch = dir + "/.vmcosim-wave-XXXXXX";
  const int fd = mkstemp(&scratch[0]);
  if (fd < 0) {
    std::fprintf(stderr, "vmcosim: --wave %s: cannot create a scratch file in %s: %s\n",
                 opt.wave.c_str(), dir.c_str(), std::strerror(errno));
    vmc_output_abort(&w.out);
    w.open = false;
    return false;
  }
  close(fd);
  w.scratch = scratch;
  opt.wave_dump = scratch;
  return true;
}

bool wave_commit(const Options &opt, WaveOutput &w) {
  if (!w.open) return true;
  w.open = false;
  bool ok = true;
  struct stat st;
  if (stat(opt.wave_dump.c_str(), &st) == 0 && st.st_size == 0) {
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
  if (!w.scratch.empty()) std::remove(w.scratch.c_str());
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
  if (!w.scratch.empty()) std::remove(w.scratch.c_str());
  vmc_output_abort(&w.out);
}

std::string core_wave_path(const std::string &wave, unsigned core) {
  const size_t dot = wave.find_last_of("./");
  const size_t at = dot != std::string::npos && wave[dot] == '.' && dot > 0 && wave[dot - 1] != '/'
                        ? dot : wave.size();
  return wave.substr(0, at) + ".core" + std::to_string(core) + wave.substr(at);
}

bool finish_wave(const Options &opt, uint64_t trigger_cycle, const std::string &scope) {
  const bool triggered = opt.wave_trigger != WaveTrigger::None && !opt.wave_only;
  if (!triggered) {
    if (opt.wave_only) return true;   // the parent run writes the GTKWave files
    return opt.wave_window
               ? write_gtkwave_files(opt, opt.wave_from, opt.wave_to, opt.wave_from, scope)
               : write_gtkwave_files(opt, 0, 0, UINT64_MAX, scope);
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
  std::fprintf(stderr, "vmcosim: waveform of cycles %llu..%llu around %s %llu (cycle %llu) in %s\n",
               (unsigned long long)from, (unsigned long long)to - 1,
               trigger_name(opt.wave_trigger), (unsigned long long)opt.wave_k,
               (unsigned long long)trigger_cycle, opt.wave.c_str());
  // Open on the event itself: 40 cycles either side (the firmware's gap after a fault would
  // otherwise take most of the view), the marker on it.
  const uint64_t near = std::min<uint64_t>(opt.wave_around, 40);
  return write_gtkwave_files(opt, trigger_cycle > near ? trigger_cycle - near : 0,
                             trigger_cycle + near + 1, trigger_cycle, scope);
}

}  // namespace vmcsim
