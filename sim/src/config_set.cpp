#include "config_set.h"

#include <cstdio>
#include <stdexcept>
#include <string>

#include "fw_bridge_hal.h"

namespace vmcsim {

uint64_t ConfigLane::cycles() const { return mmu->cycles() + hal_counters().total(); }

void ConfigSetMmu::translate(uint32_t, vmc_access_kind, bool, Xlat &) {
  throw std::logic_error("a configuration set translates in each configuration");
}

void ConfigSetMmu::reg_write(uint32_t offset, uint32_t value) {
  if (offset == MMU_REG_SCTLR) mmu_on_ = (value & MMU_SCTLR_M) != 0;
  for (ConfigLane &l : lanes_) l.mmu->reg_write(offset, value);
}

uint32_t ConfigSetMmu::reg_read(uint32_t offset) {
  const uint32_t v = lanes_[0].mmu->reg_read(offset);
  for (size_t k = 1; k < lanes_.size(); k++) {
    const uint32_t w = lanes_[k].mmu->reg_read(offset);
    if (w != v) {
      char b[160];
      std::snprintf(b, sizeof b,
                    "configuration %zu reads register 0x%03x as 0x%08x, configuration 1 as 0x%08x",
                    k + 1, offset, w, v);
      throw std::runtime_error(b);
    }
  }
  return v;
}

void check_same_fault(const Xlat &first, const Xlat &other, size_t lane, uint32_t pid,
                      uint32_t va, vmc_access_kind kind, uint64_t access_no) {
  if (other.r.fault == first.r.fault && other.r.fsr == first.r.fsr &&
      (first.r.fault != VMC_FAULT_NONE || other.r.size == first.r.size))
    return;
  static const char *const kKinds[] = {"read", "write", "fetch"};
  char b[240];
  std::snprintf(b, sizeof b,
                "configurations 1 and %zu disagree at trace access %llu (pid %u, %s of va 0x%08x):"
                " fault %d fsr 0x%03x size %d against fault %d fsr 0x%03x size %d",
                lane + 1, static_cast<unsigned long long>(access_no), pid,
                unsigned(kind) < 3 ? kKinds[kind] : "access", va, int(first.r.fault),
                first.r.fsr, int(first.r.size), int(other.r.fault), other.r.fsr,
                int(other.r.size));
  throw std::runtime_error(b);
}

}  // namespace vmcsim
