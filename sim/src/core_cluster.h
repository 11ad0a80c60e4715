// Several cores (vmcosim --cores N, N >= 2): one MMU per core, each with its own TLBs, walk
// cache, registers and cycle count, over the one physical memory. Either the MMUs form a
// cluster of their own, which performs a broadcast (IS) command written to one core on every
// core and answers MPIDR: the model's vmc_mmu_cluster (docs/mmu-contract.md section 9) in
// functional mode, or the Verilated mmu_cluster with --rtl-cluster (rtl_cluster_mmu.h, one
// view per core); or they are lone MMUs (one Verilated mmu_top per core, lockstep pairs), and
// CoreCluster writes the command's local twin to every core itself and answers MPIDR (this
// core's index, the number of cores). The harness
// selects the core whose trace record it replays (select) and then talks to CoreCluster as to
// one MMU: requests and register accesses go to the selected core's MMU. On top, CoreCluster
//   - counts the broadcast commands (TLBI*IS) by kind and issuing core, and charges every other
//     core --shootdown-cycles per command (the cycles it loses doing it);
//   - at a BCAST_SYNC write, which ends the issuing core's batch of broadcasts, computes the
//     core's wait until the slowest other core has done them: --shootdown-cycles per command of
//     the batch (the other cores work through the batch at the same time); last_sync_wait()
//     says how long, and the HAL charges it to the firmware (cost part "tlb");
//   - sends the counter reset (CNT_CTRL) to every core, and sums counter reads over the cores.
// Only these per-core MMUs are the cluster; issue 15's sets of TLB configurations are a
// different thing (the same core, several geometries).
#ifndef VMCOSIM_SIM_CORE_CLUSTER_H
#define VMCOSIM_SIM_CORE_CLUSTER_H

#include <memory>
#include <vector>

#include "mmu_backend.h"
#include "model_mmu.h"

namespace vmcsim {

// Broadcast commands by kind, in register order: TLBIALLIS, TLBIMVAIS, TLBIASIDIS, TLBIMVAAIS.
constexpr int kBcastKinds = 4;

struct CoreShootdowns {
  uint64_t sent[kBcastKinds] = {};   // broadcast commands this core issued, by kind
  uint64_t received = 0;             // commands other cores' broadcasts made it do
  uint64_t wait_cycles = 0;          // this core waited at BCAST_SYNC for the others
  uint64_t lost_cycles = 0;          // this core lost doing others' broadcasts
};

class CoreCluster final : public MmuBackend {
public:
  // cores: one MMU per core (at least 2); joined: they form a cluster of their own, else
  // they are lone MMUs; owner: what they need alive (their cluster, their RTL models), kept
  // until after them. local_only: the testing aid --inject-local-shootdown: a broadcast command is written as
  // its local twin, so it acts on the issuing core only and costs no other core anything.
  CoreCluster(std::shared_ptr<void> owner, std::vector<std::unique_ptr<MmuBackend>> cores,
              bool joined, unsigned shootdown_cycles, bool local_only);

  unsigned count() const { return unsigned(cores_.size()); }
  unsigned current() const { return cur_; }
  void select(unsigned core) {
    cur_ = core;
    mmu_ = cores_[core].get();
  }
  MmuBackend &core(unsigned c) { return *cores_[c]; }
  const MmuBackend &core(unsigned c) const { return *cores_[c]; }
  const CoreShootdowns &shootdowns(unsigned c) const { return sd_[c]; }
  // The wait the last BCAST_SYNC write charged its core.
  uint64_t last_sync_wait() const { return last_wait_; }

  void translate(uint32_t va, vmc_access_kind kind, bool priv, Xlat &out) override {
    mmu_->translate(va, kind, priv, out);
  }
  size_t translate_run(const XlatReq *reqs, size_t n, Xlat *out) override {
    return mmu_->translate_run(reqs, n, out);
  }
  // A run of requests of any cores (reqs[i].core < count()), each translated by its core's
  // MMU in order, up to and including the first fault; the selected core stays. The harness
  // replays a trace whose cores take short turns this way: one run, not one per turn.
  size_t translate_cores(const XlatReq *reqs, size_t n, Xlat *out) {
    if (!models_.empty()) return ModelMmu::translate_cores(models_.data(), reqs, n, out);
    for (size_t i = 0; i < n; i++) {
      cores_[reqs[i].core]->translate(reqs[i].va, reqs[i].kind, reqs[i].priv, out[i]);
      if (out[i].r.fault != VMC_FAULT_NONE) return i + 1;
    }
    return n;
  }
  // The cores are these models (functional mode): translate_cores calls them directly.
  void use_models(std::vector<ModelMmu *> models) { models_ = std::move(models); }
  void reg_write(uint32_t offset, uint32_t value) override;
  uint32_t reg_read(uint32_t offset) override;
  // Every core's MMU cycles, summed (each core's own: core(c).cycles()).
  uint64_t cycles() const override;

private:
  std::shared_ptr<void> owner_;   // declared first: destroyed after the cores
  std::vector<std::unique_ptr<MmuBackend>> cores_;
  std::vector<ModelMmu *> models_;   // the same cores, when they are models
  std::vector<CoreShootdowns> sd_;
  std::vector<uint64_t> pending_;   // broadcasts issued since the core's last BCAST_SYNC
  bool joined_;
  unsigned shootdown_cycles_;
  bool local_only_;
  unsigned cur_ = 0;
  MmuBackend *mmu_;
  uint64_t last_wait_ = 0;
};

}  // namespace vmcsim

#endif
