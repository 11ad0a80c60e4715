// --rtl-cluster: the Verilated mmu_cluster (rtl/mmu_cluster.sv: several cores, one clock, the
// hardware's broadcast fabric and barrier, optionally one shared L2TLB) as one MmuBackend per
// core, for CoreCluster as a joined cluster (an IS command written to a core is performed by
// the hardware on every core). Clocked by hand as RtlMmu is: rise() then settle(); each core's
// walker port is served from PhysRam with its own Latency model (seed + core, as the lone
// engine's cores); idle memory waits are skipped with idle_cycles_i.
//
// Cycles per core on the one clock (docs/cosim.md, "Several cores"): the harness replays one
// core at a time, so every edge clocked while it drives core k (a request or a register
// transfer on k's ports) is core k's. After an IS write the cluster is clocked until the
// issuing core's barrier (BCAST_SYNC) clears: those edges are the other cores performing the
// command, and each of them is charged them (note_remote_command), not the issuer, whose wait
// at BCAST_SYNC is CoreCluster's cost model. With idle receivers that is the two cycles a
// register write costs a lone mmu_top, so each core's cycles equal the lone engine's.
#ifndef VMCOSIM_SIM_RTL_CLUSTER_MMU_H
#define VMCOSIM_SIM_RTL_CLUSTER_MMU_H

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "mmu_backend.h"
#include "phys_ram.h"
#include "wave_window.h"
#include "walker_memory.h"

class Vmmu_cluster;
class VerilatedContext;

namespace vmc {
struct ClusterCore;
}

namespace vmcsim {

class RtlCluster {
public:
  // cfg must pass vmc_mmu_config_check against RtlMmu::limits(); cores 2..the build's maximum.
  // Core c's walk latencies are drawn from Latency(lat_min, lat_max, seed + c).
  // l2tlb_shared: the cluster's l2tlb_shared_i (one L2TLB for every core; needs an L2TLB).
  RtlCluster(const vmc_mmu_config &cfg, const PhysRam &ram, unsigned cores, unsigned lat_min,
             unsigned lat_max, uint64_t seed, bool double_hit_check, bool l2tlb_shared);
  ~RtlCluster();
  RtlCluster(const RtlCluster &) = delete;
  RtlCluster &operator=(const RtlCluster &) = delete;

  unsigned cores() const { return unsigned(core_cycles_.size()); }
  // Core k's MMU as the harness sees it; the cluster must outlive it.
  std::unique_ptr<RtlBackend> core(unsigned k);
  void skip_idle_cycles(bool on) { skip_idle_ = on; }
  // Simulated time: the cluster's edges plus the cycles its clock stood still while the
  // firmware ran (stopped(): the firmware's cycles on every core).
  void set_stopped_source(std::function<uint64_t()> stopped) { stopped_ = std::move(stopped); }
  uint64_t time_cycles() const { return cycle_ + (stopped_ ? stopped_() : 0); }
  // Waveform of the whole cluster, a scope per core (g_core[k] under mmu_cluster): every cycle
  // whose simulated time (time_cycles(), the one clock) is in [from, to).
  void wave_window(const std::string &path, uint64_t from, uint64_t to);
  void wave_close() { wave_.close(); }

private:
  friend class RtlClusterCore;

  void select(unsigned k);
  void translate(unsigned k, uint32_t va, vmc_access_kind kind, bool priv, Xlat &x);
  uint32_t reg_access(unsigned k, bool write, uint32_t offset, uint32_t value);
  void deliver(unsigned k);
  void rise();
  void rise_over_wait();
  void settle();
  void step_until_ready();
  void step_until_response();

  const PhysRam &ram_;
  std::unique_ptr<VerilatedContext> ctx_;
  std::unique_ptr<Vmmu_cluster> top_;
  std::vector<vmc::ClusterCore> port_;
  std::vector<vmc::WalkerMemory> mem_;
  std::vector<Latency> lat_;
  std::vector<bool> full_response_;
  std::vector<uint64_t> core_cycles_;   // each core's share of the edges
  uint64_t cycle_ = 0;                  // edges of the cluster's clock
  uint64_t delivery_ = 0;               // edges of the last broadcast's delivery
  uint64_t *counting_ = nullptr;        // where rise() counts its edge
  unsigned cur_ = 0;                    // the core being driven
  std::function<uint64_t()> stopped_;
  bool skip_idle_ = true;
  WaveWindow wave_;

  // current request (on core cur_)
  unsigned mem_reads_ = 0;
  bool walk_started_ = false;
  uint64_t walk_start_ = 0;
};

}  // namespace vmcsim

#endif
