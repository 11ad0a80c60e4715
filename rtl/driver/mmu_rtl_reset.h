// Reset and build maxima of the Verilated mmu_top, shared by every C++ code that drives it
// (the rtl benches' MmuDriver, the co-simulation's RtlMmu, the co-simulation benchmark).
#ifndef VMCOSIM_RTL_MMU_RTL_RESET_H
#define VMCOSIM_RTL_MMU_RTL_RESET_H

#include "Vmmu_top.h"
#include "vmcosim/mmu_model.h"

namespace vmc {

// The build-time maxima of this Verilated build (rtl/CMakeLists.txt), as the model's limits.
inline vmc_mmu_limits rtl_limits() {
  vmc_mmu_limits l{};
  l.itlb_entries = VMC_RTL_MAX_L1_ENTRIES;
  l.dtlb_entries = VMC_RTL_MAX_L1_ENTRIES;
  l.l2tlb_entries = VMC_RTL_MAX_L2_ENTRIES;
  l.walk_cache_entries = VMC_RTL_MAX_WC_ENTRIES;
  return l;
}

// Holds reset over one rising edge and releases it with the clock low. The static
// configuration inputs must be set before; the caller sets its other inputs and evaluates.
// idle_cycles_i (a simulation's skipped cycles, docs/rtl.md) starts at 0.
inline void rtl_reset(Vmmu_top &t) {
  t.idle_cycles_i = 0;
  t.rst_ni = 0;
  t.clk_i = 0;
  t.eval();
  t.clk_i = 1;
  t.eval();
  t.clk_i = 0;
  t.rst_ni = 1;
}

}  // namespace vmc

#endif
