// --cores N --l2tlb-shared on the lone engine: one Verilated mmu_l2_shared (the L2TLB that
// mmu_cluster's cores share, rtl/mmu_l2_shared.sv) wired to the external-L2TLB port (l2x_*) of
// whichever lone mmu_top the harness is driving. The replay drives one core at a time, so one
// port of the arbiter is enough and no core ever waits at it: every request is granted in the
// cycle it is made, as in the cluster.
//
// The core's RtlMmu calls connect() after each settle of the core (the L2's answer is
// combinational in its inputs and state) and rise() with each rising edge of the core. While
// no core asks for the L2TLB nor performs maintenance, both do nothing: its state changes only
// with a lookup, a fill or a maintenance command (the random policy's LFSR steps only when it
// chooses a victim), so skipping its idle edges changes nothing, and a core that never misses
// its L1 TLBs pays one test per cycle.
#ifndef VMCOSIM_SIM_SHARED_L2_H
#define VMCOSIM_SIM_SHARED_L2_H

#include <memory>

#include "vmcosim/mmu_config.h"

class Vmmu_top;
class Vmmu_l2_shared;
class VerilatedContext;

namespace vmcsim {

class SharedL2 {
public:
  // cfg (the cores' configuration) must have an L2TLB; its geometry and policy are the L2's.
  SharedL2(const vmc_mmu_config &cfg, bool double_hit_check);
  ~SharedL2();
  SharedL2(const SharedL2 &) = delete;
  SharedL2 &operator=(const SharedL2 &) = delete;

  // Takes the settled core's request or maintenance, evaluates the L2 and drives its answer
  // to the core. True when it did: the core must be evaluated again.
  bool connect(Vmmu_top &core) {
    if (!busy_ && !core_asks(core)) return false;
    exchange(core);
    return true;
  }
  // The rising edge of the core being driven: the L2 takes the inputs connect() gave it.
  void rise() {
    if (busy_) clock();
  }

private:
  static bool core_asks(const Vmmu_top &core);
  void exchange(Vmmu_top &core);
  void clock();

  std::unique_ptr<VerilatedContext> ctx_;
  std::unique_ptr<Vmmu_l2_shared> l2_;
  bool busy_ = false;   // the L2's inputs hold a request or a maintenance command
};

}  // namespace vmcsim

#endif
