// The MMU as the harness sees it: one translation at a time, the register port, and the
// hardware cycles spent. Three implementations: the Verilated RTL (rtl_mmu.h), the reference
// model (model_mmu.h, functional mode) and both side by side (lockstep_mmu.h).
#ifndef VMCOSIM_SIM_MMU_BACKEND_H
#define VMCOSIM_SIM_MMU_BACKEND_H

#include <cstdint>
#include <stdexcept>
#include <string>

#include "vmcosim/mmu_model.h"

namespace vmcsim {

// One answer. r holds the architectural fields (pa, fault, fs, fsr, size, attrs), hit_level,
// and the fill events in r.l1/r.l2 (filled, set, way, evicted); the rest of r is undefined.
struct Xlat {
  vmc_mmu_resp r;
  unsigned mem_reads = 0;     // walker reads for this request (0 for a TTBCR.PDx fault)
  unsigned walk_cycles = 0;   // first walker request .. response, both included (0: no walk)
};

class MmuBackend {
public:
  virtual ~MmuBackend() = default;
  virtual void translate(uint32_t va, vmc_access_kind kind, bool priv, Xlat &out) = 0;
  virtual void reg_write(uint32_t offset, uint32_t value) = 0;
  virtual uint32_t reg_read(uint32_t offset) = 0;
  // Hardware cycles so far (clock cycles of the RTL, or the functional mode's estimate).
  virtual uint64_t cycles() const = 0;
};

// The first lockstep divergence; what() is the report.
struct Divergence : std::runtime_error {
  Divergence(const std::string &report, uint64_t at)
      : std::runtime_error(report), cycle(at) {}
  uint64_t cycle;
};

}  // namespace vmcsim

#endif
