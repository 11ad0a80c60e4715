// Directed benches of the page-table walker: every descriptor type, walks that fault at level
// 1 and level 2, the TTBR0/TTBR1 split for every TTBCR.N with PD0/PD1, and the flat mapping.
// Expected values are worked out by hand from DDI 0406C B3.5 and docs/mmu-contract.md.
#include "bench_util.h"

using namespace vmc;

namespace {

vmc_mmu_config small_cfg() { return make_cfg("1x8:lru", "1x8:lru", "none", 0); }

}  // namespace

BENCH_CASE(ptw_section, "ptw.section") {
  Rig r(small_cfg());
  Attr a;
  a.ap = 3; a.domain = 3; a.tex = 1; a.c = true; a.s = true;
  r.pt.section(kL1Base0, 0x40000000u, 0x80000000u, a);
  r.enable();
  Xlat x = r.rd(0x40012344u);
  CHECK_EQ("pa", x.r.pa, 0x80012344u);
  CHECK_EQ("fault", x.r.fault, VMC_FAULT_NONE);
  CHECK_EQ("size", x.r.size, VMSA_SIZE_SECTION);
  CHECK_EQ("hit", x.r.hit_level, VMC_HIT_WALK);
  CHECK_EQ("tex", x.r.attrs.tex, 1);
  CHECK_EQ("c", x.r.attrs.c, 1);
  CHECK_EQ("b", x.r.attrs.b, 0);
  CHECK_EQ("s", x.r.attrs.s, 1);
  CHECK_EQ("ap", x.r.attrs.ap, 3);
  CHECK_EQ("domain", x.r.attrs.domain, 3);
  CHECK_EQ("mem reads", x.mem_reads, 1);
  CHECK_EQ("dtlb filled", x.r.l1.filled, 1);
  CHECK_EQ("dtlb way", x.r.l1.way, 0);
  CHECK_EQ("dtlb evicted", x.r.l1.evicted, 0);
  CHECK_EQ("itlb filled", r.mmu.last().other_l1_filled, 0);
  // Another part of the same section hits the DTLB entry.
  Xlat y = r.wr(0x400FF000u, false);
  CHECK_EQ("hit pa", y.r.pa, 0x800FF000u);
  CHECK_EQ("hit level", y.r.hit_level, VMC_HIT_L1TLB);
  CHECK_EQ("hit reads", y.mem_reads, 0);
  CHECK_EQ("hit filled", y.r.l1.filled, 0);
}

BENCH_CASE(ptw_supersection, "ptw.supersection") {
  Rig r(small_cfg());
  Attr a;
  a.ap = 2; a.domain = 9; a.b = true; a.ng = true;   // the domain must be ignored (0)
  r.pt.supersection(kL1Base0, 0x12000000u, 0xAB000000u, a);
  r.mmu.reg_write(MMU_REG_CONTEXTIDR, 0x00000142u);
  r.enable();
  Xlat x = r.rd(0x12345678u, false);
  CHECK_EQ("pa", x.r.pa, 0xAB345678u);
  CHECK_EQ("size", x.r.size, VMSA_SIZE_SUPERSECTION);
  CHECK_EQ("domain", x.r.attrs.domain, 0);
  CHECK_EQ("ng", x.r.attrs.ng, 1);
  CHECK_EQ("b", x.r.attrs.b, 1);
  CHECK_EQ("ap", x.r.attrs.ap, 2);
  Xlat y = r.rd(0x12FFFFFCu, false);
  CHECK_EQ("hit pa", y.r.pa, 0xABFFFFFCu);
  CHECK_EQ("hit level", y.r.hit_level, VMC_HIT_L1TLB);
}

BENCH_CASE(ptw_small_page, "ptw.small_page") {
  Rig r(small_cfg());
  Attr a;
  a.ap = 7; a.domain = 5; a.tex = 5; a.c = true; a.b = true; a.xn = true; a.s = true;
  r.pt.small(kL1Base0, 0x00403000u, 0x76543000u, a);
  r.enable();
  Xlat x = r.rd(0x00403ABCu);
  CHECK_EQ("pa", x.r.pa, 0x76543ABCu);
  CHECK_EQ("size", x.r.size, VMSA_SIZE_SMALL);
  CHECK_EQ("domain", x.r.attrs.domain, 5);
  CHECK_EQ("tex", x.r.attrs.tex, 5);
  CHECK_EQ("xn", x.r.attrs.xn, 1);
  CHECK_EQ("ap", x.r.attrs.ap, 7);
  CHECK_EQ("c", x.r.attrs.c, 1);
  CHECK_EQ("b", x.r.attrs.b, 1);
  CHECK_EQ("s", x.r.attrs.s, 1);
  CHECK_EQ("mem reads", x.mem_reads, 2);
  // The neighbouring 4 KiB page is not mapped: translation fault, page, L1 domain.
  Xlat y = r.wr(0x00404000u);
  CHECK_EQ("fault", y.r.fault, VMC_FAULT_TRANSLATION);
  CHECK_EQ("fs", y.r.fs, VMSA_FS_TRANSLATION_PAGE);
  CHECK_EQ("fsr", y.r.fsr, 0x7u | (5u << 4) | VMSA_FSR_WNR);
  CHECK_EQ("dfsr", r.reg(MMU_REG_DFSR), 0x7u | (5u << 4) | VMSA_FSR_WNR);
  CHECK_EQ("dfar", r.reg(MMU_REG_DFAR), 0x00404000u);
  CHECK_EQ("fault pa", y.r.pa, 0);
  CHECK_EQ("fault size", y.r.size, VMSA_SIZE_NONE);
  CHECK_EQ("fault fills nothing", y.r.l1.filled, 0);
}

BENCH_CASE(ptw_large_page, "ptw.large_page") {
  Rig r(small_cfg());
  Attr a;
  a.ap = 3; a.domain = 2; a.tex = 6; a.xn = true; a.ng = true;
  r.pt.large(kL1Base0, 0x00510000u, 0x9ABC0000u, a);
  r.enable();
  Xlat x = r.rd(0x00512345u);
  CHECK_EQ("pa", x.r.pa, 0x9ABC2345u);
  CHECK_EQ("size", x.r.size, VMSA_SIZE_LARGE);
  CHECK_EQ("tex", x.r.attrs.tex, 6);
  CHECK_EQ("xn", x.r.attrs.xn, 1);
  CHECK_EQ("ng", x.r.attrs.ng, 1);
  CHECK_EQ("domain", x.r.attrs.domain, 2);
  Xlat y = r.rd(0x0051FFF0u);
  CHECK_EQ("hit pa", y.r.pa, 0x9ABCFFF0u);
  CHECK_EQ("hit level", y.r.hit_level, VMC_HIT_L1TLB);
  // XN from the large-page descriptor forbids fetches.
  Xlat z = r.fx(0x00510000u);
  CHECK_EQ("fetch fault", z.r.fault, VMC_FAULT_PERMISSION);
  CHECK_EQ("fetch fs", z.r.fs, VMSA_FS_PERMISSION_PAGE);
}

BENCH_CASE(ptw_section_fault, "ptw.section_fault") {
  Rig r(small_cfg());
  r.mem.write32(PageTables::l1_slot(kL1Base0, 0x30100000u), 0x30100003u);   // type 11
  r.enable();
  Xlat x = r.rd(0x30000004u);
  CHECK_EQ("fault", x.r.fault, VMC_FAULT_TRANSLATION);
  CHECK_EQ("fs", x.r.fs, VMSA_FS_TRANSLATION_SECTION);
  CHECK_EQ("fsr", x.r.fsr, 0x5u);
  CHECK_EQ("hit", x.r.hit_level, VMC_HIT_WALK);
  CHECK_EQ("reads", x.mem_reads, 1);
  CHECK_EQ("dfar", r.reg(MMU_REG_DFAR), 0x30000004u);
  Xlat w = r.wr(0x30100008u, false);   // reserved type 11 faults like 00
  CHECK_EQ("11 fs", w.r.fs, VMSA_FS_TRANSLATION_SECTION);
  CHECK_EQ("11 fsr", w.r.fsr, 0x5u | VMSA_FSR_WNR);
  Xlat f = r.fx(0x30200000u);
  CHECK_EQ("ifsr value", f.r.fsr, 0x5u);
  CHECK_EQ("ifsr", r.reg(MMU_REG_IFSR), 0x5u);
  CHECK_EQ("ifar", r.reg(MMU_REG_IFAR), 0x30200000u);
  CHECK_EQ("dfsr kept", r.reg(MMU_REG_DFSR), 0x5u | VMSA_FSR_WNR);
  // Faults are never cached: once mapped, the same VA walks and succeeds.
  Attr a;
  r.pt.section(kL1Base0, 0x30000000u, 0x01000000u, a);
  Xlat y = r.rd(0x30000004u);
  CHECK_EQ("after map", y.r.pa, 0x01000004u);
  CHECK_EQ("after map walks", y.r.hit_level, VMC_HIT_WALK);
  CHECK_EQ("walks", r.reg(MMU_REG_CNT_WALKS), 4);
  CHECK_EQ("walks l1", r.reg(MMU_REG_CNT_WALKS_L1), 4);
  CHECK_EQ("trans faults", r.reg(MMU_REG_CNT_FAULT_TRANS), 3);
}

// For every TTBCR.N, addresses on both sides of the split reach their own table (B3.5.4);
// PD0/PD1 turn a miss on that side into a section translation fault without a walk.
BENCH_CASE(ptw_ttbr_split, "ptw.ttbr_split") {
  for (unsigned n = 0; n <= 7; n++) {
    Rig r(small_cfg());
    Attr a;
    const uint64_t boundary = 1ull << (32 - n);            // first TTBR1 address (n > 0)
    const uint32_t va_lo = uint32_t(boundary - 0x100000u);  // last MiB of TTBR0 space
    // TTBR0's table has 4096 >> n entries; attribute bits below its base must be ignored.
    r.mem.write32(kL1Base0 + ((0xFFFu >> n) << 2),
                  PageTables::section_desc(0x01000000u + (n << 20), a));
    if (n > 0) {
      const uint32_t va_hi = uint32_t(boundary);
      r.mem.write32(kL1Base1 + ((va_hi >> 20) << 2),
                    PageTables::section_desc(0x02000000u + (n << 20), a));
    }
    r.mmu.reg_write(MMU_REG_TTBR0, kL1Base0 | 0x5Bu);
    r.mmu.reg_write(MMU_REG_TTBR1, kL1Base1 | 0x1Bu);
    r.mmu.reg_write(MMU_REG_TTBCR, n);
    r.mmu.reg_write(MMU_REG_DACR, 0x55555555u);
    r.mmu.reg_write(MMU_REG_SCTLR, MMU_SCTLR_M);
    const std::string tag = "N=" + std::to_string(n) + " ";
    Xlat lo = r.rd(va_lo | 0x123u);
    CHECK_EQ(tag + "ttbr0 pa", lo.r.pa, 0x01000123u + (n << 20));
    if (n > 0) {
      Xlat hi = r.rd(uint32_t(boundary) | 0x456u);
      CHECK_EQ(tag + "ttbr1 pa", hi.r.pa, 0x02000456u + (n << 20));
      Xlat top = r.rd(0xFFF00000u);   // unmapped in TTBR1's table
      CHECK_EQ(tag + "ttbr1 fault", top.r.fs, VMSA_FS_TRANSLATION_SECTION);
    }
    // PD0: misses below the boundary fault without reading memory; hits still hit.
    r.mmu.reg_write(MMU_REG_TTBCR, n | MMU_TTBCR_PD0);
    Xlat hit = r.rd(va_lo);
    CHECK_EQ(tag + "PD0 keeps hits", hit.r.hit_level, VMC_HIT_L1TLB);
    r.mmu.reg_write(MMU_REG_TLBIALL, 0);
    const uint32_t walks = r.reg(MMU_REG_CNT_WALKS);
    Xlat pd = r.rd(va_lo);
    CHECK_EQ(tag + "PD0 fs", pd.r.fs, VMSA_FS_TRANSLATION_SECTION);
    CHECK_EQ(tag + "PD0 reads", pd.mem_reads, 0);
    CHECK_EQ(tag + "PD0 hit level", pd.r.hit_level, VMC_HIT_WALK);
    CHECK_EQ(tag + "PD0 no walk", r.reg(MMU_REG_CNT_WALKS), walks);
    if (n > 0) {
      Xlat other = r.rd(uint32_t(boundary));
      CHECK_EQ(tag + "PD0 leaves TTBR1", other.r.pa, 0x02000000u + (n << 20));
      r.mmu.reg_write(MMU_REG_TTBCR, n | MMU_TTBCR_PD1);
      r.mmu.reg_write(MMU_REG_TLBIALL, 0);
      Xlat pd1 = r.rd(uint32_t(boundary));
      CHECK_EQ(tag + "PD1 fs", pd1.r.fs, VMSA_FS_TRANSLATION_SECTION);
      CHECK_EQ(tag + "PD1 reads", pd1.mem_reads, 0);
      Xlat lo2 = r.rd(va_lo);
      CHECK_EQ(tag + "PD1 leaves TTBR0", lo2.r.pa, 0x01000000u + (n << 20));
    }
  }
}

BENCH_CASE(ptw_flat, "ptw.flat") {
  Rig r(small_cfg());
  Xlat x = r.rd(0xDEADBEEFu, false);
  CHECK_EQ("pa", x.r.pa, 0xDEADBEEFu);
  CHECK_EQ("hit", x.r.hit_level, VMC_HIT_FLAT);
  CHECK_EQ("s", x.r.attrs.s, 1);
  CHECK_EQ("tex", x.r.attrs.tex, 0);
  CHECK_EQ("size", x.r.size, VMSA_SIZE_NONE);
  CHECK_EQ("fault", x.r.fault, VMC_FAULT_NONE);
  Xlat f = r.fx(0x00000000u, false);
  CHECK_EQ("fetch", f.r.pa, 0u);
  CHECK_EQ("requests", r.reg(MMU_REG_CNT_REQUESTS), 2);
  CHECK_EQ("no lookups", r.reg(MMU_REG_CNT_DTLB_LOOKUPS) + r.reg(MMU_REG_CNT_ITLB_LOOKUPS), 0);
}

int main(int argc, char **argv) { return run_cases(argc, argv); }
