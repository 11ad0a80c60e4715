#include "wave_files.h"

#include <cstdio>
#include <spawn.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char **environ;

namespace vmcsim {

namespace {

// Runs argv[0] (searched in PATH when it has no slash) and returns its exit status, or -1.
int run(const std::vector<std::string> &args) {
  std::vector<char *> av;
  for (const std::string &a : args) av.push_back(const_cast<char *>(a.c_str()));
  av.push_back(nullptr);
  pid_t pid;
  if (posix_spawnp(&pid, av[0], nullptr, nullptr, av.data(), environ) != 0) return -1;
  int st = 0;
  while (waitpid(pid, &st, 0) < 0) {
  }
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

bool to_vcd(const std::string &fst, const std::string &vcd) {
  const int rc = run({"fst2vcd", "-f", fst, "-o", vcd});
  std::remove(fst.c_str());
  if (rc != 0) {
    std::fprintf(stderr, "vmcosim: cannot convert the waveform to VCD with fst2vcd (from "
                         "gtkwave); use an .fst file instead\n");
    std::remove(vcd.c_str());
    return false;
  }
  return true;
}

}  // namespace

bool finish_wave(const Options &opt, uint64_t trigger_cycle) {
  const bool triggered = opt.wave_trigger != WaveTrigger::None && !opt.wave_only;
  if (!triggered) return opt.wave_vcd ? to_vcd(opt.wave + ".tmp.fst", opt.wave) : true;
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
  return true;
}

}  // namespace vmcsim
