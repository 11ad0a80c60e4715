// CosimTop: the one SystemC module of vmcosim. Its constructor owns and wires every part: the
// trace player (the CPU side), physical memory, the MMU (Verilated RTL, reference model, or
// both in lockstep), the firmware bridge with its HAL, the statistics and the waveform
// control. One SC_THREAD runs the whole replay; it clocks the RTL itself and yields to the
// SystemC kernel only every `quantum` cycles, so simulated time follows the cycle count
// without a context switch per cycle (DESIGN §8).
#ifndef VMCOSIM_SIM_TOP_H
#define VMCOSIM_SIM_TOP_H

#include <memory>
#include <string>
#include <vector>

#include <systemc>

#include "config_set.h"
#include "core_cluster.h"
#include "fw_bridge.h"
#include "mmu_backend.h"
#include "options.h"
#include "phys_ram.h"
#include "rtl_cluster_mmu.h"
#include "rtl_mmu.h"
#include "stats.h"
#include "trace_player.h"

namespace vmcsim {

// Exit codes (docs/cosim.md).
enum ExitCode {
  kExitOk = 0, kExitInternal = 1, kExitUsage = 2, kExitBadTrace = 3, kExitDivergence = 4,
  kExitSegfaultStop = 5, kExitOutput = 6, kExitWarmupOom = 7, kExitInterrupted = 130
};

SC_MODULE(CosimTop) {
  SC_HAS_PROCESS(CosimTop);
  CosimTop(sc_core::sc_module_name name, const Options &opt);
  ~CosimTop() override;

  int exit_code() const { return exit_code_; }
  // Hardware cycle of the waveform trigger's event, or UINT64_MAX if it did not happen.
  // The cycle of the --wave-trigger event, UINT64_MAX when it did not happen.
  uint64_t trigger_cycle() const;
  // Several cores: the core whose clock trigger_cycle() is on (0 with one core).
  unsigned trigger_core() const { return trigger_core_; }

private:
  static constexpr int kRun = 64;       // accesses read from the trace at a time
  static constexpr int kXlatRun = 16;   // accesses translated per run (answers stay in L1)
  // A configuration set's runs and trace reads: longer, so that each configuration's TLBs
  // are brought into the cache once per run.
  static constexpr int kSetRun = 256;

  void make_rtl_cores(const Options &opt);   // --cores N in rtl or lockstep mode
  void make_rtl_cluster(const Options &opt);   // the same in one Verilated mmu_cluster
  std::shared_ptr<vmc_mmu_cluster> make_model_cluster(const Options &opt);
  uint64_t compared();                       // lockstep: requests compared, every core
  void run();                 // the SC_THREAD
  void replay();
  bool stop_now() const;
  bool window_passed() const;
  void note_trigger();
  int replay_one(const vmc_access_rec &a);
  int replay_run(const vmc_access_rec *a, int n);
  int replay_cores_run(const vmc_access_rec *a, int n);
  int replay_set_run(const vmc_access_rec *a, int n);
  int run_length(const vmc_access_rec *a, int n, int most) const;
  void after_access();
  void after_record();
  static bool crosses_page(const vmc_access_rec &a);
  void access(const vmc_access_rec &a);
  bool translate(uint32_t va, vmc_access_kind kind, bool priv, const vmc_access_rec &a);
  void translate_all(uint32_t va, vmc_access_kind kind, bool priv, const vmc_access_rec &a,
                     bool retry, Xlat &x);
  bool resolve(const vmc_access_rec &a, uint32_t va, vmc_access_kind kind, bool priv, Xlat &x);
  void count(ConfigLane &l, uint32_t va, const Xlat &x, vmc_access_kind kind);
  bool handle_fault(const vmc_access_rec &a, uint32_t va, const Xlat &x, unsigned attempt);
  bool segfault(const vmc_access_rec &a, uint32_t va, uint32_t fsr, const std::string &reason);
  void event(const vmc_record &rec);
  void snapshot(const std::string &where);
  void finish();
  void write_outputs(const ConfigLane &l, size_t k, const RunInfo &in);
  void reset_stats();
  uint64_t total_cycles() const;
  ProcStats &proc(ConfigLane &l, uint32_t pid);
  void set_current(uint32_t pid);   // the process whose accesses follow, in every lane
  // Several cores (or a trace that may name them): the core of a record (checked against
  // --cores; n is its place in the trace, for the error), selected for what follows.
  void use_core(unsigned core, uint64_t n);
  void switch_core(unsigned core);
  void core_stats_reset();
  void core_stats_finish();
  uint64_t core_clock(unsigned c) const;
  uint64_t firmware_start();
  uint64_t firmware_in_flight() const;
  void charge_firmware(uint64_t hal_before);   // firmware cycles since hal_before: this core's

  const Options &opt_;
  TracePlayer player_;
  PhysRam ram_;
  std::unique_ptr<RtlMmu> rtl_;
  std::unique_ptr<MmuBackend> mmu_;   // the model or lockstep; none in RTL mode
  MmuBackend &backend() const { return mmu_ ? *mmu_ : *rtl_; }   // what the harness talks to
  FirmwareBridge bridge_;
  // The configurations: one, or a configuration set (ConfigSetMmu then broadcasts the
  // firmware's register accesses to all of them).
  std::vector<ConfigLane> lanes_;
  std::unique_ptr<ConfigSetMmu> set_mmu_;
  RepeatHits repeats_;                // a set's accesses counted once for all configurations
  // Several cores (one configuration): the cluster (mmu_ is it), and per core its current
  // process, firmware cycles, and its statistics' baselines (at the last reset, and where the
  // replay last selected it).
  CoreCluster *cluster_ = nullptr;
  bool check_cores_ = false;          // the trace may name cores other than 0
  std::vector<ProcStats *> core_proc_;
  std::vector<uint64_t> core_fw_;
  std::vector<RtlMmu *> core_rtl_;    // RTL and lockstep modes: each core's Verilated MMU
  RtlCluster *rtl_cluster_ = nullptr; // or all of them in one Verilated mmu_cluster
  std::vector<CoreStats> core_base_;  // clock parts and shootdowns at the last reset
  CoreTally tally_at_;                // the run's counts when the current core was selected
  std::vector<uint32_t> skipped_pids_;
  uint64_t yielded_ = 0;              // cycles already passed to the SystemC kernel
  uint64_t trigger_count_ = 0, trigger_cycle_ = UINT64_MAX;
  unsigned trigger_core_ = 0;
  uint64_t hal_charged_ = 0;          // the HAL's cycles at the firmware's start, or last charge
  unsigned fw_core_ = 0;              // the core the firmware runs for
  uint64_t wave_from_ = 0, wave_to_ = 0;
  bool stop_ = false;
  std::string stop_reason_;
  int exit_code_ = kExitOk;
  double run_host_start_ = 0, run_cpu_start_ = 0;   // start of run(): boot included
  double host_start_ = 0, cpu_start_ = 0;           // the last statistics reset
  uint64_t records_ = 0;              // records replayed, for the yield and progress cadence
  double last_progress_ = 0;
  bool tty_ = false;
  uint64_t trace_accesses_ = 0;       // access records read, for --frag-every
};

// Set by SIGINT/SIGTERM; the replay stops at the next record.
extern volatile int g_interrupted;

}  // namespace vmcsim

#endif
