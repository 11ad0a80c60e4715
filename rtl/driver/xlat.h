// Xlat: one request's answer as the harness and the rtl benches see it, from the Verilated MMU
// (mmu_ports.h) or from the reference model. Needs no Verilated build.
#ifndef VMCOSIM_RTL_XLAT_H
#define VMCOSIM_RTL_XLAT_H

#include <cstdio>
#include <cstring>

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

// The comparison of an RTL answer with the reference model's, for every place that makes it
// (the rtl tests, lockstep mode, vmcprobe --check): the contract's comparator over what the RTL
// reports (the answer, the hit level, the fills), then the walker's reads, which the model
// gives for a walk only (0 otherwise). Returns the number of differences and describes them in
// buf like vmc_mmu_resp_diff ("pa 0x1000 != 0x2000; ...").
inline int xlat_diff(const Xlat &rtl, const vmc_mmu_resp &model, char *buf, size_t len) {
  int n = vmc_mmu_resp_diff(&rtl.r, &model, VMC_DIFF_ARCH | VMC_DIFF_LEVEL | VMC_DIFF_FILLS,
                            buf, len);
  const unsigned model_reads = model.hit_level == VMC_HIT_WALK ? model.walk.mem_reads : 0;
  if (rtl.mem_reads != model_reads) {
    n++;
    const size_t used = buf && len ? std::strlen(buf) : 0;
    if (used + 1 < len)
      std::snprintf(buf + used, len - used, "%swalker reads %u != %u", used ? "; " : "",
                    rtl.mem_reads, model_reads);
  }
  return n;
}

}  // namespace vmc

#endif
