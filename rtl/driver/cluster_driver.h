// ClusterDriver: drives a Verilated mmu_cluster cycle by cycle without SystemC, as MmuDriver
// drives a lone mmu_top: shared static configuration and active-core count, each core's
// register port and translation port, and one physical memory behind every core's walker port
// (each port has its own read in flight; timing as MmuDriver's MemTiming, drawn from one
// generator in core order). Every cycle it collects the responses of all cores, so a bench can
// keep several cores busy at once. Used by the rtl cluster benches.
#ifndef VMCOSIM_RTL_CLUSTER_DRIVER_H
#define VMCOSIM_RTL_CLUSTER_DRIVER_H

#include <cstdint>
#include <deque>
#include <memory>
#include <random>
#include <vector>

#include "mmu_driver.h"

namespace vmc {

// A response of core `core` and the cycles of its acceptance and answer.
struct ClusterXlat {
  Xlat x;
  RtlSideband side;
};

class ClusterDriver {
public:
  // cfg must pass vmc_mmu_config_check against MmuDriver::max_limits(); cores 1..kRtlMaxCores.
  // std::runtime_error otherwise.
  ClusterDriver(const vmc_mmu_config &cfg, unsigned cores, PhysMem &mem, MemTiming timing = {},
                uint64_t seed = 1, bool strict_hits = true);
  ~ClusterDriver();
  ClusterDriver(const ClusterDriver &) = delete;
  ClusterDriver &operator=(const ClusterDriver &) = delete;

  void reset();
  unsigned cores() const { return cores_; }
  // One L2TLB for every core (mmu_cluster's l2tlb_shared_i) or one per core (the default). A
  // static input: setting it resets the cluster. std::runtime_error if the configuration has
  // no L2TLB.
  void set_l2tlb_shared(bool shared);
  bool l2tlb_shared() const { return l2_shared_; }
  // The walker memory timing of core k.
  void set_timing(unsigned k, const MemTiming &t) { timing_.at(k) = t; }

  void reg_write(unsigned k, uint32_t offset, uint32_t value);
  uint32_t reg_read(unsigned k, uint32_t offset);

  // Offers a request on core k (held until accepted, then withdrawn); its response is
  // collected by the following cycles into responses(k).
  void offer(unsigned k, uint32_t va, vmc_access_kind kind, bool priv);
  // Whether core k still has an offered or accepted request without a response.
  bool busy(unsigned k) const { return offered_[k] || !in_flight_[k].empty(); }
  // Runs cycles until no core is busy; throws if that takes too long.
  void drain();
  // One request on core k, run to its response (other cores keep running).
  Xlat translate(unsigned k, uint32_t va, vmc_access_kind kind, bool priv);
  // The responses collected on core k, oldest first (the caller pops them).
  std::deque<ClusterXlat> &responses(unsigned k) { return done_[k]; }

  // Whether core k's IS command is on its way (BCAST_SYNC without a register transfer).
  bool bcast_busy(unsigned k) const;
  // Reads BCAST_SYNC of core k until it reads 0 (the DSB); returns the reads that were 1.
  unsigned barrier(unsigned k);

  void idle(unsigned cycles);
  void tick() { step(); }
  uint64_t cycle() const { return cycle_; }
  Vmmu_cluster &top() { return *top_; }
  ClusterCore &port(unsigned k) { return ports_[k]; }

private:
  void step();
  void settle();

  vmc_mmu_config cfg_;
  unsigned cores_;
  PhysMem &mem_;
  std::vector<MemTiming> timing_;
  std::mt19937_64 rng_;
  bool strict_hits_;
  bool l2_shared_ = false;
  std::unique_ptr<VerilatedContext> ctx_;
  std::unique_ptr<Vmmu_cluster> top_;
  std::vector<ClusterCore> ports_;
  uint64_t cycle_ = 0;

  struct InFlight {
    vmc_access_kind kind;
    uint64_t accept_cycle;
  };
  std::vector<bool> offered_;
  std::vector<vmc_access_kind> offered_kind_;
  std::vector<std::deque<InFlight>> in_flight_;
  std::vector<std::deque<ClusterXlat>> done_;
  std::vector<WalkerMemory> mem_port_;
  std::vector<unsigned> mem_reads_;
};

}  // namespace vmc

#endif
