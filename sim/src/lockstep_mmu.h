// Lockstep mode: the RTL answers, the reference model runs beside it on the same memory and
// registers, and every response is compared (architectural answer, hit level, fills and
// victims, walker reads). The first difference throws Divergence with both answers and the
// walk.
#ifndef VMCOSIM_SIM_LOCKSTEP_MMU_H
#define VMCOSIM_SIM_LOCKSTEP_MMU_H

#include "mmu_backend.h"
#include "phys_ram.h"

namespace vmcsim {

class LockstepMmu : public MmuBackend {
public:
  // model: the reference model beside the RTL, a core of a model cluster (which owns it);
  // nullptr: a lone model of its own.
  LockstepMmu(RtlBackend &rtl, const vmc_mmu_config &cfg, const PhysRam &ram,
              vmc_mmu_model *model = nullptr);
  ~LockstepMmu() override;

  void translate(uint32_t va, vmc_access_kind kind, bool priv, Xlat &out) override;
  void reg_write(uint32_t offset, uint32_t value) override;
  uint32_t reg_read(uint32_t offset) override;
  uint64_t cycles() const override { return rtl_.cycles(); }
  // Both clusters (the RTL's and the model's) performed the command: the RTL's cycles.
  void note_remote_command() override { rtl_.note_remote_command(); }

  uint64_t compared() const { return compared_; }
  // Testing aid: after request n the model alone runs TLBIALL, so a later hit diverges.
  void inject_after(uint64_t n) { inject_at_ = n; }

private:
  RtlBackend &rtl_;
  const PhysRam &ram_;
  vmc_mmu_model *m_;
  bool owned_;
  uint64_t compared_ = 0;
  uint64_t inject_at_ = 0;
};

}  // namespace vmcsim

#endif
