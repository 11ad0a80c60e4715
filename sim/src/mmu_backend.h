// The MMU as the harness sees it: one translation at a time, the register port, and the
// hardware cycles spent. Four implementations: the Verilated RTL (rtl_mmu.h), a core of the
// Verilated cluster (rtl_cluster_mmu.h), the reference model (model_mmu.h, functional mode) and
// RTL and model side by side (lockstep_mmu.h).
#ifndef VMCOSIM_SIM_MMU_BACKEND_H
#define VMCOSIM_SIM_MMU_BACKEND_H

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include "vmcosim/mmu_model.h"
#include "xlat.h"

namespace vmcsim {

// One answer (rtl/driver/xlat.h): the contract's response, walker reads and walk cycles.
// Functional mode's ModelMmu fills only r's fault, fs, fsr, size and hit_level
// (vmc_mmu_model_translate_brief).
using vmc::Xlat;

// One request of a run (MmuBackend::translate_run). core: whose request it is, for a run of
// several cores' requests (CoreCluster::translate_cores); a lone MMU ignores it.
struct XlatReq {
  uint32_t va;
  vmc_access_kind kind;
  bool priv;
  uint8_t core;
};

class MmuBackend {
public:
  virtual ~MmuBackend() = default;
  virtual void translate(uint32_t va, vmc_access_kind kind, bool priv, Xlat &out) = 0;
  // Translates reqs[0..n) in order into out[] and stops after the first fault, which the
  // caller must handle before anything else reaches the MMU. Returns how many were
  // translated. One call per run lets a backend keep its stepping loop tight.
  virtual size_t translate_run(const XlatReq *reqs, size_t n, Xlat *out);
  virtual void reg_write(uint32_t offset, uint32_t value) = 0;
  virtual uint32_t reg_read(uint32_t offset) = 0;
  // A broadcast command another core issued, performed on this MMU by its cluster (not through
  // this register port): a backend that estimates its cycles charges the register write the
  // RTL spends on it, so that each core's cycles equal the RTL's (docs/cosim.md).
  virtual void note_remote_command() {}
  // Hardware cycles so far (clock cycles of the RTL, or the functional mode's estimate).
  virtual uint64_t cycles() const = 0;
};

// An MMU of Verilated RTL (a lone mmu_top, or one core of an mmu_cluster), as lockstep mode
// compares it with the model.
class RtlBackend : public MmuBackend {
public:
  // Fill pa, attributes and the fill events too (lockstep compares them).
  virtual void full_responses(bool on) = 0;
  // Simulated time in cycles (the RTL's and the stopped clock's while the firmware ran).
  virtual uint64_t time_cycles() const = 0;
};

// translate_run as a loop over mmu.translate; a final class M makes that call direct.
template <class M>
size_t translate_each(M &mmu, const XlatReq *reqs, size_t n, Xlat *out) {
  for (size_t i = 0; i < n; i++) {
    mmu.translate(reqs[i].va, reqs[i].kind, reqs[i].priv, out[i]);
    if (out[i].r.fault != VMC_FAULT_NONE) return i + 1;
  }
  return n;
}

inline size_t MmuBackend::translate_run(const XlatReq *reqs, size_t n, Xlat *out) {
  return translate_each(*this, reqs, n, out);
}

// The first lockstep divergence; what() is the report.
struct Divergence : std::runtime_error {
  Divergence(const std::string &report, uint64_t at)
      : std::runtime_error(report), cycle(at) {}
  uint64_t cycle;
};

}  // namespace vmcsim

#endif
