// Directed benches of the access checks: every AP[2:0] encoding from user and privileged mode
// for read, write and fetch (B3.6.1 table B3-8), the AFE = 1 simplified model with the access
// flag (B3.6.2), XN (B3.7.2), every DACR domain mode (B3.7.3) and the re-check on TLB hits.
// Expected values come from the tables of docs/mmu-contract.md §2, written out here by hand.
#include "bench_util.h"

using namespace vmc;

namespace {

vmc_mmu_config cfg8() { return make_cfg("1x16:lru", "1x16:lru", "none", 0); }

// Hand-written permission table (AFE = 0): read and write rights per AP for priv and user.
struct Rights { bool pr, pw, ur, uw; };
const Rights kAp[8] = {
    {false, false, false, false},   // 000 no access
    {true, true, false, false},     // 001 privileged RW
    {true, true, true, false},      // 010 privileged RW, user RO
    {true, true, true, true},       // 011 RW
    {false, false, false, false},   // 100 reserved
    {true, false, false, false},    // 101 privileged RO
    {true, false, true, false},     // 110 RO
    {true, false, true, false},     // 111 RO
};

uint32_t data_fsr(uint32_t fs, uint32_t dom, bool write) {
  return (fs & 0xFu) | (dom << 4) | (write ? 0x800u : 0u);
}

}  // namespace

BENCH_CASE(perm_ap_matrix, "perm.ap_matrix") {
  Rig r(cfg8());
  for (unsigned ap = 0; ap < 8; ap++) {
    Attr a;
    a.ap = ap;
    a.domain = 6;
    r.pt.section(kL1Base0, 0x10000000u + (ap << 20), 0x20000000u + (ap << 20), a);
    r.pt.small(kL1Base0, 0x18000000u + (ap << 12), 0x28000000u + (ap << 12), a);
  }
  r.enable();
  for (int pass = 0; pass < 2; pass++) {   // pass 1 answers from the TLB
    for (unsigned ap = 0; ap < 8; ap++) {
      for (int page = 0; page < 2; page++) {
        const uint32_t va = page ? 0x18000000u + (ap << 12) : 0x10000000u + (ap << 20);
        const uint32_t fs = page ? VMSA_FS_PERMISSION_PAGE : VMSA_FS_PERMISSION_SECTION;
        for (int user = 0; user < 2; user++) {
          const Rights &k = kAp[ap];
          const bool can_r = user ? k.ur : k.pr;
          const bool can_w = user ? k.uw : k.pw;
          const std::string tag = "pass " + std::to_string(pass) + " ap " + std::to_string(ap) +
                                  (page ? " page" : " section") + (user ? " user" : " priv");
          Xlat rd = r.rd(va, !user);
          CHECK_EQ(tag + " read fs", rd.r.fs, can_r ? 0 : fs);
          if (!can_r) CHECK_EQ(tag + " read fsr", rd.r.fsr, data_fsr(fs, 6, false));
          Xlat wr = r.wr(va, !user);
          CHECK_EQ(tag + " write fs", wr.r.fs, can_w ? 0 : fs);
          if (!can_w) CHECK_EQ(tag + " write fsr", wr.r.fsr, data_fsr(fs, 6, true));
          Xlat fx = r.fx(va, !user);
          CHECK_EQ(tag + " fetch fs", fx.r.fs, can_r ? 0 : fs);
          if (!can_r) CHECK_EQ(tag + " ifsr", fx.r.fsr, fs);   // no domain, no WnR
          if (pass == 1) CHECK_EQ(tag + " from TLB", rd.r.hit_level, VMC_HIT_L1TLB);
        }
      }
    }
  }
}

BENCH_CASE(perm_afe, "perm.access_flag") {
  Rig r(cfg8());
  // AFE = 1: AP[2:1] gives the rights, AP[0] is the access flag.
  for (unsigned ap21 = 0; ap21 < 4; ap21++) {
    Attr a;
    a.ap = (ap21 << 1) | 1u;
    a.domain = 2;
    r.pt.section(kL1Base0, 0x10000000u + (ap21 << 20), 0x20000000u, a);
    a.ap = ap21 << 1;   // flag clear
    r.pt.section(kL1Base0, 0x11000000u + (ap21 << 20), 0x20000000u, a);
    r.pt.small(kL1Base0, 0x12000000u + (ap21 << 12), 0x20000000u, a);
  }
  r.enable(0, 0x55555555u | (3u << 4) /* domain 2 manager */, MMU_SCTLR_M | MMU_SCTLR_AFE);
  // Domain 2 is manager: rights are not checked, the access flag still is (it is part of the
  // walk, before the domain check).
  for (unsigned ap21 = 0; ap21 < 4; ap21++) {
    Xlat s = r.rd(0x11000000u + (ap21 << 20), false);
    CHECK_EQ("aflag section fs", s.r.fs, VMSA_FS_ACCESS_FLAG_SECTION);
    CHECK_EQ("aflag section fault", s.r.fault, VMC_FAULT_ACCESS_FLAG);
    CHECK_EQ("aflag section fsr", s.r.fsr, 0x3u | (2u << 4));
    Xlat p = r.wr(0x12000000u + (ap21 << 12));
    CHECK_EQ("aflag page fs", p.r.fs, VMSA_FS_ACCESS_FLAG_PAGE);
    CHECK_EQ("aflag page fsr", p.r.fsr, 0x6u | (2u << 4) | 0x800u);
    Xlat again = r.rd(0x11000000u + (ap21 << 20));
    CHECK_EQ("aflag not cached", again.r.hit_level, VMC_HIT_WALK);
    Xlat ok = r.wr(0x10000000u + (ap21 << 20), false);
    CHECK_EQ("manager ignores AP", ok.r.fs, 0);
  }
  CHECK_EQ("aflag counter", r.reg(MMU_REG_CNT_FAULT_AFLAG), 12);
  // Client: 00 priv RW / user none, 01 RW / RW, 10 priv RO / user none, 11 RO / RO.
  r.mmu.reg_write(MMU_REG_DACR, 0x55555555u);
  const bool pw[4] = {true, true, false, false}, ur[4] = {false, true, false, true},
             uw[4] = {false, true, false, false};
  for (unsigned ap21 = 0; ap21 < 4; ap21++) {
    const uint32_t va = 0x10000000u + (ap21 << 20);
    const std::string tag = "AP[2:1]=" + std::to_string(ap21);
    CHECK_EQ(tag + " priv read", r.rd(va).r.fs, 0);
    CHECK_EQ(tag + " priv write", r.wr(va).r.fs, pw[ap21] ? 0 : VMSA_FS_PERMISSION_SECTION);
    CHECK_EQ(tag + " user read", r.rd(va, false).r.fs, ur[ap21] ? 0 : VMSA_FS_PERMISSION_SECTION);
    CHECK_EQ(tag + " user write", r.wr(va, false).r.fs, uw[ap21] ? 0 : VMSA_FS_PERMISSION_SECTION);
    CHECK_EQ(tag + " user fetch", r.fx(va, false).r.fs, ur[ap21] ? 0 : VMSA_FS_PERMISSION_SECTION);
  }
}

BENCH_CASE(perm_xn, "perm.xn") {
  Rig r(cfg8());
  Attr a;
  a.ap = 3;
  a.domain = 1;
  a.xn = true;
  r.pt.section(kL1Base0, 0x00800000u, 0x00800000u, a);
  r.pt.small(kL1Base0, 0x00901000u, 0x00901000u, a);
  a.xn = false;
  r.pt.small(kL1Base0, 0x00902000u, 0x00902000u, a);
  r.enable();
  Xlat s = r.fx(0x00800010u);
  CHECK_EQ("xn section", s.r.fs, VMSA_FS_PERMISSION_SECTION);
  CHECK_EQ("ifsr", s.r.fsr, 0xDu);
  CHECK_EQ("ifsr reg", r.reg(MMU_REG_IFSR), 0xDu);
  CHECK_EQ("ifar reg", r.reg(MMU_REG_IFAR), 0x00800010u);
  CHECK_EQ("read allowed", r.rd(0x00800010u).r.fs, 0);
  CHECK_EQ("xn small", r.fx(0x00901000u, false).r.fs, VMSA_FS_PERMISSION_PAGE);
  CHECK_EQ("no xn small", r.fx(0x00902000u, false).r.fs, 0);
  // Manager domain: no XN check (contract §2 step 5).
  r.mmu.reg_write(MMU_REG_DACR, 0x55555555u | (3u << 2));
  CHECK_EQ("manager fetch", r.fx(0x00800010u).r.fs, 0);
}

BENCH_CASE(perm_domains, "perm.domains") {
  Rig r(cfg8());
  for (unsigned d = 0; d < 4; d++) {
    Attr a;
    a.ap = 0;   // no access: only a manager domain lets it through
    a.domain = d + 4;
    r.pt.section(kL1Base0, 0x01000000u + (d << 20), 0x05000000u, a);
    r.pt.small(kL1Base0, 0x02000000u + (d << 20), 0x05000000u, a);   // own L2 table each
  }
  // domain 4: 00 no access, 5: 01 client, 6: 10 reserved, 7: 11 manager.
  const uint32_t dacr = (0u << 8) | (1u << 10) | (2u << 12) | (3u << 14);
  r.enable(0, dacr);
  const uint32_t sect_fs[4] = {VMSA_FS_DOMAIN_SECTION, VMSA_FS_PERMISSION_SECTION,
                               VMSA_FS_DOMAIN_SECTION, 0};
  const uint32_t page_fs[4] = {VMSA_FS_DOMAIN_PAGE, VMSA_FS_PERMISSION_PAGE,
                               VMSA_FS_DOMAIN_PAGE, 0};
  for (unsigned d = 0; d < 4; d++) {
    const std::string tag = "domain mode " + std::to_string(d);
    Xlat s = r.wr(0x01000000u + (d << 20));
    CHECK_EQ(tag + " section", s.r.fs, sect_fs[d]);
    if (sect_fs[d]) CHECK_EQ(tag + " fsr", s.r.fsr, data_fsr(sect_fs[d], d + 4, true));
    Xlat p = r.rd(0x02000000u + (d << 20), false);
    CHECK_EQ(tag + " page", p.r.fs, page_fs[d]);
    CHECK_EQ(tag + " reported domain", p.r.attrs.domain, d + 4);
  }
  CHECK_EQ("domain faults", r.reg(MMU_REG_CNT_FAULT_DOMAIN), 4);
  CHECK_EQ("perm faults", r.reg(MMU_REG_CNT_FAULT_PERM), 2);
  // A DACR change applies to TLB hits without maintenance (the TLB holds no verdict).
  Xlat before = r.rd(0x01300000u);
  CHECK_EQ("manager hit", before.r.hit_level, VMC_HIT_L1TLB);
  CHECK_EQ("manager ok", before.r.fs, 0);
  r.mmu.reg_write(MMU_REG_DACR, 0);
  Xlat after = r.rd(0x01300000u);
  CHECK_EQ("hit after DACR change", after.r.hit_level, VMC_HIT_L1TLB);
  CHECK_EQ("domain fault on hit", after.r.fs, VMSA_FS_DOMAIN_SECTION);
}

int main(int argc, char **argv) { return run_cases(argc, argv); }
