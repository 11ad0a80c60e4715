// Functional mode: the reference model (models/) in place of the RTL. Its TLB behaviour is the
// RTL's (docs/mmu-contract.md); its cycles are an estimate from the RTL's timing rules
// (contract §8): see cycles_for().
#ifndef VMCOSIM_SIM_MODEL_MMU_H
#define VMCOSIM_SIM_MODEL_MMU_H

#include "mmu_backend.h"
#include "phys_ram.h"
#include "vmcosim/mmu_counters.h"

namespace vmcsim {

class ModelMmu final : public MmuBackend {
public:
  ModelMmu(const vmc_mmu_config &cfg, const vmc_mmu_limits &limits, const PhysRam &ram,
           Latency latency);
  // One core of a model cluster (vmc_mmu_cluster_core), which owns it.
  ModelMmu(vmc_mmu_model *cluster_core, const vmc_mmu_config &cfg, Latency latency);
  ~ModelMmu() override;

  void translate(uint32_t va, vmc_access_kind kind, bool priv, Xlat &out) override;
  size_t translate_run(const XlatReq *reqs, size_t n, Xlat *out) override;
  // A run of several cores' requests: reqs[i] by cores[reqs[i].core], in order, up to and
  // including the first fault (as translate_run). The hit path inlined, no virtual call.
  static size_t translate_cores(ModelMmu *const *cores, const XlatReq *reqs, size_t n, Xlat *out);
  void reg_write(uint32_t offset, uint32_t value) override;
  uint32_t reg_read(uint32_t offset) override;
  uint64_t cycles() const override { return cycle_; }
  void note_remote_command() override { cycle_ += kRegCycles; }

  vmc_mmu_model *model() { return m_; }

  // Level-1 hits the harness counted without a lookup (a configuration set's repeat hits,
  // which change no TLB state): their cycles and the MMU counters they would have counted.
  void add_l1_hits(uint32_t fetches, uint32_t data);

  // Request-to-request cycles of the RTL for one answer (measured on the RTL, contract §8):
  // L1 hit 1, L2 hit 2, walk kWalkBase + per read (latency + kWalkPerRead), register access 2.
  static constexpr unsigned kWalkBase = 2, kWalkPerRead = 1, kRegCycles = 2;

private:
  void translate_one(uint32_t va, vmc_access_kind kind, bool priv, Xlat &out);
  void walk_cycles(Xlat &x);

  vmc_mmu_model *m_;
  bool owned_;
  bool l2_present_;
  Latency lat_;
  uint64_t cycle_ = 0;
  uint32_t cnt_extra_[VMC_CNT_COUNT] = {};   // add_l1_hits's counts, added to the counters read
};

}  // namespace vmcsim

#endif
