#include "core_cluster.h"

#include <stdexcept>

#include "vmcosim/mmu_counters.h"
#include "vmcosim/mmu_regs.h"

namespace vmcsim {

static_assert(MMU_REG_TLBIMVAIS - MMU_REG_TLBIALLIS == MMU_REG_TLBIMVA - MMU_REG_TLBIALL &&
                  MMU_REG_TLBIMVAAIS - MMU_REG_TLBIALLIS == MMU_REG_TLBIMVAA - MMU_REG_TLBIALL,
              "each broadcast command sits where its local one does, 0x10 higher");

CoreCluster::CoreCluster(std::shared_ptr<void> owner,
                         std::vector<std::unique_ptr<MmuBackend>> cores, bool joined,
                         unsigned shootdown_cycles, bool local_only)
    : owner_(std::move(owner)), cores_(std::move(cores)), sd_(cores_.size()),
      pending_(cores_.size(), 0), joined_(joined), shootdown_cycles_(shootdown_cycles), local_only_(local_only), mmu_(nullptr) {
  if (cores_.size() < 2) throw std::logic_error("a core cluster has at least two cores");
  mmu_ = cores_[0].get();
}

void CoreCluster::reg_write(uint32_t offset, uint32_t value) {
  if (offset >= MMU_REG_TLBIALLIS && offset <= MMU_REG_TLBIMVAAIS) {
    sd_[cur_].sent[(offset - MMU_REG_TLBIALLIS) / 4]++;
    const uint32_t local = offset - MMU_REG_TLBIALLIS + MMU_REG_TLBIALL;
    if (local_only_) {
      mmu_->reg_write(local, value);
      return;
    }
    if (joined_) mmu_->reg_write(offset, value);   // the MMUs' cluster performs it on every core
    for (unsigned c = 0; c < count(); c++) {
      if (!joined_) cores_[c]->reg_write(local, value);   // lone MMUs: the local twin on each
      if (c == cur_) continue;
      if (joined_) cores_[c]->note_remote_command();
      sd_[c].received++;
      sd_[c].lost_cycles += shootdown_cycles_;
    }
    pending_[cur_]++;
    return;
  }
  switch (offset) {
    case MMU_REG_BCAST_SYNC:
      mmu_->reg_write(offset, value);   // the register port's cycles, as any write
      last_wait_ = pending_[cur_] * shootdown_cycles_;
      sd_[cur_].wait_cycles += last_wait_;
      pending_[cur_] = 0;
      return;
    case MMU_REG_CNT_CTRL:
      for (auto &m : cores_) m->reg_write(offset, value);
      return;
    default:
      mmu_->reg_write(offset, value);
  }
}

uint64_t CoreCluster::cycles() const {
  uint64_t sum = 0;
  for (const auto &m : cores_) sum += m->cycles();
  return sum;
}

uint32_t CoreCluster::reg_read(uint32_t offset) {
  const uint32_t v = mmu_->reg_read(offset);
  if (offset == MMU_REG_MPIDR && !joined_) return cur_ | ((count() - 1) << 8);
  if (offset >= VMC_CNT_OFFSET(0) && offset <= VMC_CNT_OFFSET(VMC_CNT_COUNT - 1)) {
    uint32_t sum = v;
    for (unsigned c = 0; c < count(); c++)
      if (c != cur_) sum += cores_[c]->reg_read(offset);
    return sum;
  }
  return v;
}

}  // namespace vmcsim
