// vmcosim: replays a trace through the co-simulated MMU and firmware. sc_main stays short:
// options, the top module, sc_start, and the exit code as the verdict (docs/cosim.md).
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>
#include <unistd.h>

#include <systemc>

#include "options.h"
#include "top.h"
#include "wave_files.h"
#include "vmcutil/output_file.h"

namespace {

void on_signal(int) { vmcsim::g_interrupted = 1; }

}  // namespace

// Our own main: the banner switch must be set before SystemC's start-up code reads it.
int main(int argc, char *argv[]) {
  setenv("SYSTEMC_DISABLE_COPYRIGHT_MESSAGE", "1", 1);
  return sc_core::sc_elab_and_sim(argc, argv);
}

int sc_main(int argc, char *argv[]) {
  vmcsim::Options opt;
  const int rc = vmcsim::parse_options(argc, argv, opt);
  if (rc == 1) return vmcsim::kExitOk;
  if (rc != 0) return vmcsim::kExitUsage;

  // Refuse an unwritable output, or one that is the input or the other output, now rather than
  // after a long run (an output over the trace would destroy it).
  char why[600];
  std::error_code made;
  if (!opt.outdir.empty() && !std::filesystem::create_directories(opt.outdir, made) && made) {
    std::fprintf(stderr, "vmcosim: --outdir %s: %s\n", opt.outdir.c_str(), made.message().c_str());
    return vmcsim::kExitOutput;
  }
  std::vector<std::pair<const char *, const std::string *>> outputs;
  if (!opt.wave.empty()) outputs.emplace_back("--wave", &opt.wave);
  const std::vector<vmcsim::ConfigSpec> set = vmcsim::configuration_set(opt);
  for (const vmcsim::ConfigSpec &c : set) outputs.emplace_back("--stats", &c.stats);
  for (const auto &[name, path] : outputs) {
    if (path->empty()) continue;
    if (*path != "-" && (vmc_same_file(path->c_str(), opt.trace.c_str()) || *path == opt.trace)) {
      std::fprintf(stderr, "vmcosim: %s %s: is the input trace\n", name, path->c_str());
      return vmcsim::kExitUsage;
    }
    if (vmc_output_check(path->c_str(), why, sizeof why) != 0) {
      std::fprintf(stderr, "vmcosim: %s %s\n", name, why);
      return vmcsim::kExitOutput;
    }
  }
  if (!opt.wave.empty() && !opt.stats.empty() && opt.stats != "-" &&
      (opt.stats == opt.wave || vmc_same_file(opt.stats.c_str(), opt.wave.c_str()))) {
    std::fprintf(stderr, "vmcosim: --stats and --wave name the same file %s\n", opt.stats.c_str());
    return vmcsim::kExitUsage;
  }
  // The waveform: one file (with several cores, their dumps merged after the run).
  vmcsim::WaveOutput wave;
  const bool dumps = !opt.wave.empty() && opt.mode != vmcsim::Mode::Functional &&
                     (opt.wave_trigger == vmcsim::WaveTrigger::None || opt.wave_only);
  if (dumps && !vmcsim::wave_prepare(opt, wave)) return vmcsim::kExitOutput;

  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sa.sa_flags = SA_RESTART;   // a read of the trace in progress goes on; the replay stops after it
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);

  // One SystemC time step is the RTL's timeprecision (1ns/1ps); one cycle is 1 ns.
  sc_core::sc_set_time_resolution(1, sc_core::SC_PS);
  std::unique_ptr<vmcsim::CosimTop> top;
  try {
    top = std::make_unique<vmcsim::CosimTop>("vmcosim", opt);
  } catch (const vmcsim::BadTrace &e) {
    std::fprintf(stderr, "vmcosim: %s\n", e.what());
    vmcsim::wave_abort(wave);
    return vmcsim::kExitBadTrace;
  } catch (const std::exception &e) {
    std::fprintf(stderr, "vmcosim: %s\n", e.what());
    vmcsim::wave_abort(wave);
    return vmcsim::kExitInternal;
  }
  sc_core::sc_start();
  int code = top->exit_code();
  const uint64_t trigger = top->trigger_cycle();
  const unsigned trigger_core = top->trigger_core();
  top.reset();   // closes the RTL's FSTs
  // finish_wave: the GTKWave files beside the dump, or the triggered window's re-run.
  const bool wave_ok = opt.wave.empty() || ((!dumps || vmcsim::wave_commit(opt, wave)) &&
                                            vmcsim::finish_wave(opt, trigger, trigger_core));
  if (!opt.wave.empty() && !wave_ok && (code == vmcsim::kExitOk || code == vmcsim::kExitWarmupOom))
    code = vmcsim::kExitOutput;
  return code;
}
