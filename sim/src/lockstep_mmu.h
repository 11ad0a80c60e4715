// Lockstep mode: the RTL answers, the reference model runs beside it on the same memory and
// registers, and every response is compared (architectural answer, hit level, fills and
// victims, walker reads). The first difference throws Divergence with both answers and the
// walk.
#ifndef VMCOSIM_SIM_LOCKSTEP_MMU_H
#define VMCOSIM_SIM_LOCKSTEP_MMU_H

#include "mmu_backend.h"
#include "phys_ram.h"
#include "rtl_mmu.h"

namespace vmcsim {

class LockstepMmu : public MmuBackend {
public:
  LockstepMmu(RtlMmu &rtl, const vmc_mmu_config &cfg, const PhysRam &ram);
  ~LockstepMmu() override;

  void translate(uint32_t va, vmc_access_kind kind, bool priv, Xlat &out) override;
  void reg_write(uint32_t offset, uint32_t value) override;
  uint32_t reg_read(uint32_t offset) override;
  uint64_t cycles() const override { return rtl_.cycles(); }

  uint64_t compared() const { return compared_; }
  // Testing aid: after request n the model alone runs TLBIALL, so a later hit diverges.
  void inject_after(uint64_t n) { inject_at_ = n; }

private:
  RtlMmu &rtl_;
  const PhysRam &ram_;
  vmc_mmu_model *m_;
  uint64_t compared_ = 0;
  uint64_t inject_at_ = 0;
};

}  // namespace vmcsim

#endif
