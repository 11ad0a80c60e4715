// The command line of vmcosim: every option, its default, and the checks that refuse bad
// values with a message naming the option and the value (exit code 2).
#ifndef VMCOSIM_SIM_OPTIONS_H
#define VMCOSIM_SIM_OPTIONS_H

#include <cstdint>
#include <string>
#include <vector>

#include "fw_bridge_hal.h"
#include "vmcosim/mmu_model.h"

namespace vmcsim {

enum class Mode { Rtl, Functional, Lockstep };
enum class SegfaultPolicy { SkipProcess, Stop, Continue };
enum class WaveTrigger { None, Fault, Miss, Maint, Divergence };

// One configuration of a configuration set: what --next-configuration starts. The options
// below belong to a configuration; every other option is shared by the whole set.
struct ConfigSpec {
  vmc_mmu_config mmu{};
  unsigned lat_min = 10, lat_max = 10;
  std::string stats;
};

struct Options {
  std::string trace;
  Mode mode = Mode::Rtl;
  vmc_mmu_config mmu{};
  int layout = 0;                 // LosVmLayoutProfile
  bool large_pages = false;
  uint32_t ram_base = 0x80000000u;
  uint32_t ram_size = 64u << 20;
  unsigned lat_min = 10, lat_max = 10;
  uint64_t seed = 1;
  CostModel cost;
  SegfaultPolicy segfault = SegfaultPolicy::SkipProcess;
  std::string stats;
  std::string outdir;             // --outdir: stats, summary, configuration (and a relative --wave)
  bool host_stats = false;
  bool quiet = false;
  uint64_t warmup = 0;            // statistics reset after this many trace accesses; 0: none
  uint64_t frag_every = 0;        // buddy snapshot every N trace accesses; 0: markers and end only
  uint64_t quantum = 10000;       // cycles between yields to the SystemC kernel
  // The RTL's assertion that no TLB set ever has two matching ways (software did the
  // maintenance B3.10 requires). -1 auto: on in lockstep mode, off in RTL mode.
  int double_hit_check = -1;
  bool skip_idle = true;          // one RTL edge for a walk's memory wait (docs/cosim.md, Speed)
  // waveforms
  std::string wave;
  bool wave_vcd = false;
  bool wave_window = false;       // an explicit cycle range
  uint64_t wave_from = 0, wave_to = UINT64_MAX;
  WaveTrigger wave_trigger = WaveTrigger::None;
  uint64_t wave_k = 1;
  uint64_t wave_around = 200;
  bool wave_only = false;         // internal: the re-run that writes a triggered window
  bool wave_keep_cores = false;   // internal (tests): keep each core's dump as WAVE.coreK.fst
  std::string wave_dump;          // set by main (wave_prepare): the file the RTL's FST goes to
  std::vector<std::string> core_wave_dumps;   // the same, per core with --cores N >= 2
  uint64_t inject_divergence = 0; // testing aid: lockstep model loses its TLBs after N requests
  unsigned cores = 1;             // --cores: MMUs, one per core (docs/cosim.md, Several cores)
  unsigned shootdown_cycles = 100;   // per broadcast command, each other core
  bool inject_local_shootdown = false;   // testing aid: broadcasts act on the issuing core only
  bool rtl_cluster = false;       // --rtl-cluster: RTL/lockstep cores in one Verilated mmu_cluster
  bool l2tlb_shared = false;      // --l2tlb-shared: one L2TLB for every core
  // RTL and lockstep modes drive the Verilated mmu_cluster (--rtl-cluster, or --l2tlb-shared,
  // which only the cluster has).
  bool cluster_engine() const { return mode != Mode::Functional && (rtl_cluster || l2tlb_shared); }
  std::vector<std::string> argv;  // as given, for the re-run
  // Configurations 2..N of a configuration set run in one pass (--next-configuration);
  // configuration 1 is mmu, lat_min, lat_max and stats above. Empty for a single run.
  std::vector<ConfigSpec> more_configs;
};

// Every configuration of the run: one, or the whole configuration set (1 first).
std::vector<ConfigSpec> configuration_set(const Options &o);

// Parses argv. Returns 0 to run, 1 when --help/--version was printed (exit 0), or 2 after
// printing the error to stderr.
int parse_options(int argc, char **argv, Options &o);

const char *mode_name(Mode m);
const char *segfault_name(SegfaultPolicy p);
const char *trigger_name(WaveTrigger t);

}  // namespace vmcsim

#endif
