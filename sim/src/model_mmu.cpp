#include "model_mmu.h"

namespace vmcsim {

ModelMmu::ModelMmu(const vmc_mmu_config &cfg, const vmc_mmu_limits &limits, const PhysRam &ram,
                   Latency latency)
    : m_(vmc_mmu_model_create(&cfg, PhysRam::read_cb, const_cast<PhysRam *>(&ram))),
      owned_(true), l2_present_(cfg.l2tlb.sets != 0), lat_(latency) {
  if (!m_) throw std::runtime_error("cannot create the reference model");
  vmc_mmu_model_set_limits(m_, &limits);
}

ModelMmu::ModelMmu(vmc_mmu_model *cluster_core, const vmc_mmu_config &cfg, Latency latency)
    : m_(cluster_core), owned_(false), l2_present_(cfg.l2tlb.sets != 0), lat_(latency) {}

ModelMmu::~ModelMmu() {
  if (owned_) vmc_mmu_model_destroy(m_);
}

// The cycles of a walk: kWalkBase (+1 with an L2TLB) + per read (latency + kWalkPerRead).
// Out of line: the loop over translations is the hit path.
__attribute__((noinline)) void ModelMmu::walk_cycles(Xlat &x) {
  x.mem_reads = x.r.walk.mem_reads;
  unsigned c = kWalkBase + (l2_present_ ? 1 : 0);
  unsigned wc = 1;
  for (unsigned i = 0; i < x.mem_reads; i++) {
    const unsigned l = lat_.next();
    c += l + kWalkPerRead;
    wc += l + kWalkPerRead;
  }
  x.walk_cycles = x.mem_reads ? wc : 0;
  cycle_ += c;
}

// The brief response: the harness counts only hit level, fault and page size (Xlat).
inline void ModelMmu::translate_one(uint32_t va, vmc_access_kind kind, bool priv, Xlat &x) {
  const vmc_mmu_req req{va, kind, priv ? 1 : 0};
  vmc_mmu_model_translate_brief(m_, &req, &x.r);
  if (__builtin_expect(x.r.hit_level == VMC_HIT_WALK, 0)) {
    walk_cycles(x);
    return;
  }
  x.mem_reads = 0;
  x.walk_cycles = 0;
  cycle_ += x.r.hit_level == VMC_HIT_L2TLB ? 2 : 1;   // flat or L1 hit: 1
}

void ModelMmu::translate(uint32_t va, vmc_access_kind kind, bool priv, Xlat &x) {
  translate_one(va, kind, priv, x);
}

size_t ModelMmu::translate_run(const XlatReq *reqs, size_t n, Xlat *out) {
  for (size_t i = 0; i < n; i++) {
    translate_one(reqs[i].va, reqs[i].kind, reqs[i].priv, out[i]);
    if (out[i].r.fault != VMC_FAULT_NONE) return i + 1;
  }
  return n;
}

size_t ModelMmu::translate_cores(ModelMmu *const *cores, const XlatReq *reqs, size_t n,
                                 Xlat *out) {
  for (size_t i = 0; i < n; i++) {
    cores[reqs[i].core]->translate_one(reqs[i].va, reqs[i].kind, reqs[i].priv, out[i]);
    if (out[i].r.fault != VMC_FAULT_NONE) return i + 1;
  }
  return n;
}

void ModelMmu::reg_write(uint32_t offset, uint32_t value) {
  vmc_mmu_model_reg_write(m_, offset, value);
  cycle_ += kRegCycles;
  if (offset == MMU_REG_CNT_CTRL && (value & MMU_CNT_CTRL_RESET))
    for (uint32_t &c : cnt_extra_) c = 0;
}

uint32_t ModelMmu::reg_read(uint32_t offset) {
  cycle_ += kRegCycles;
  uint32_t v = vmc_mmu_model_reg_read(m_, offset);
  const uint32_t i = (offset - VMC_CNT_OFFSET(0)) / 4;
  if (offset >= VMC_CNT_OFFSET(0) && offset % 4 == 0 && i < VMC_CNT_COUNT)
    v += cnt_extra_[i];   // 32-bit counters wrap, as the model's own
  return v;
}

// An L1 hit costs 1 cycle and counts a request, a lookup and a hit of its TLB (contract §8;
// the model's translate).
void ModelMmu::add_l1_hits(uint32_t fetches, uint32_t data) {
  cycle_ += uint64_t(fetches) + data;
  cnt_extra_[VMC_CNT_REQUESTS] += fetches + data;
  cnt_extra_[VMC_CNT_ITLB_LOOKUPS] += fetches;
  cnt_extra_[VMC_CNT_ITLB_HITS] += fetches;
  cnt_extra_[VMC_CNT_DTLB_LOOKUPS] += data;
  cnt_extra_[VMC_CNT_DTLB_HITS] += data;
}

}  // namespace vmcsim
