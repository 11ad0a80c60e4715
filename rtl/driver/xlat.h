// Xlat: one request's answer as the harness and the rtl benches see it, from the Verilated MMU
// (mmu_ports.h) or from the reference model. Needs no Verilated build.
#ifndef VMCOSIM_RTL_XLAT_H
#define VMCOSIM_RTL_XLAT_H

#include "vmcosim/mmu_xlat.h"

namespace vmc {

// One request's answer from the RTL: the contract's response and what only a cycle-level run
// measures. r always holds fault, fs, fsr, size and hit_level; pa, attrs and the fills
// (r.l1 is the ITLB on a fetch, else the DTLB; filled, set, way, evicted) only when read in
// full (read_response); the RTL reports no lookups, hits or victims' tags.
struct Xlat {
  vmc_mmu_resp r;
  unsigned mem_reads = 0;     // walker reads accepted for this request (0 for a TTBCR.PDx fault)
  unsigned walk_cycles = 0;   // first walker request .. response, both included (0: no walk)
};

}  // namespace vmc

#endif
