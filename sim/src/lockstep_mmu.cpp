#include "lockstep_mmu.h"

#include <cstdio>
#include <string>

#include "rtl_mmu.h"

namespace vmcsim {

namespace {

const char *kind_name(vmc_access_kind k) {
  return k == VMC_ACCESS_READ ? "read" : k == VMC_ACCESS_WRITE ? "write" : "fetch";
}

std::string describe(const vmc_mmu_resp &r) {
  char b[256];
  std::snprintf(b, sizeof b,
                "pa 0x%08x fault %d fs 0x%02x fsr 0x%08x size %d hit_level %d ap %u xn %u ng %u "
                "domain %u tex %u c %u b %u s %u",
                r.pa, int(r.fault), r.fs, r.fsr, int(r.size), int(r.hit_level), r.attrs.ap,
                r.attrs.xn, r.attrs.ng, r.attrs.domain, r.attrs.tex, r.attrs.c, r.attrs.b,
                r.attrs.s);
  return b;
}

}  // namespace

LockstepMmu::LockstepMmu(RtlBackend &rtl, const vmc_mmu_config &cfg, const PhysRam &ram,
                         vmc_mmu_model *model)
    : rtl_(rtl), ram_(ram),
      m_(model ? model : vmc_mmu_model_create(&cfg, PhysRam::read_cb, const_cast<PhysRam *>(&ram))),
      owned_(model == nullptr) {
  if (!m_) throw std::runtime_error("cannot create the reference model");
  rtl_.full_responses(true);
  if (!owned_) return;   // a cluster's core: the cluster has its limits
  const vmc_mmu_limits lim = RtlMmu::limits();
  vmc_mmu_model_set_limits(m_, &lim);
}

LockstepMmu::~LockstepMmu() {
  if (owned_) vmc_mmu_model_destroy(m_);
}

void LockstepMmu::translate(uint32_t va, vmc_access_kind kind, bool priv, Xlat &x) {
  rtl_.translate(va, kind, priv, x);
  const vmc_mmu_req req{va, kind, priv ? 1 : 0};
  vmc_mmu_resp m;
  vmc_mmu_model_translate(m_, &req, &m);
  compared_++;
  if (compared_ == inject_at_) vmc_mmu_model_reg_write(m_, MMU_REG_TLBIALL, 0);
  char buf[512];
  if (vmc::xlat_diff(x, m, buf, sizeof buf) == 0) return;
  const std::string diff = buf;

  char head[160];
  std::snprintf(head, sizeof head,
                "lockstep divergence at cycle %llu (hardware cycle %llu), request %llu: %s %s "
                "va 0x%08x",
                (unsigned long long)rtl_.time_cycles(), (unsigned long long)rtl_.cycles(),
                (unsigned long long)compared_, kind_name(kind), priv ? "privileged" : "user", va);
  std::string rep = std::string(head) + "\n  differences: " + diff + "\n  rtl:   " +
                    describe(x.r) + "\n  model: " + describe(m);
  // The walk as the tables stand now (vmc_walk reads the same memory).
  vmc_ctrl_regs regs;
  vmc_mmu_model_ctrl_regs(m_, &regs);
  vmc_walk_result w;
  vmc_walk(&regs, va, PhysRam::read_cb, const_cast<PhysRam *>(&ram_), &w);
  std::snprintf(buf, sizeof buf, "\n  walk:  ttbr%u, %u level(s): L1 desc [0x%08x] = 0x%08x",
                unsigned(w.info.ttbr), unsigned(w.info.levels), w.info.l1_addr, w.info.l1_desc);
  rep += buf;
  if (w.info.levels == 2) {
    std::snprintf(buf, sizeof buf, ", L2 desc [0x%08x] = 0x%08x", w.info.l2_addr,
                  w.info.l2_desc);
    rep += buf;
  }
  std::snprintf(buf, sizeof buf, "; fault %d fs 0x%02x, size %d, pa 0x%08x", int(w.fault), w.fs,
                int(w.size), w.pa);
  rep += buf;
  throw Divergence(rep, rtl_.time_cycles());
}

void LockstepMmu::reg_write(uint32_t offset, uint32_t value) {
  rtl_.reg_write(offset, value);
  vmc_mmu_model_reg_write(m_, offset, value);
}

uint32_t LockstepMmu::reg_read(uint32_t offset) {
  const uint32_t v = rtl_.reg_read(offset);
  // The counters' WALK_CYCLES is timing (the model reads 0); everything else must agree.
  if (offset != MMU_REG_CNT_WALK_CYCLES) {
    const uint32_t m = vmc_mmu_model_reg_read(m_, offset);
    if (m != v) {
      char b[160];
      std::snprintf(b, sizeof b,
                    "lockstep divergence at cycle %llu: register 0x%03x reads 0x%08x (rtl) != "
                    "0x%08x (model)",
                    (unsigned long long)rtl_.time_cycles(), offset, v, m);
      throw Divergence(b, rtl_.time_cycles());
    }
  }
  return v;
}

}  // namespace vmcsim
