// Small helpers shared by the rtl benches: failure reporting, a page-table builder that writes
// ARMv7 short descriptors (fields from armv7_vmsa.h) into a PhysMem, and a case registry so
// that one executable holds many named tests (ctest runs `rtl_directed <case>`).
#ifndef VMCOSIM_RTL_BENCH_UTIL_H
#define VMCOSIM_RTL_BENCH_UTIL_H

#include <cstdint>
#include <cstdio>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "mmu_driver.h"
#include "vmcosim/armv7_vmsa.h"
#include "vmcosim/mmu_regs.h"

namespace vmc {

extern int g_failures;

#define CHECK_EQ(what, got, want)                                                            \
  do {                                                                                       \
    const unsigned long long g_ = (unsigned long long)(got);                                 \
    const unsigned long long w_ = (unsigned long long)(want);                                \
    if (g_ != w_) {                                                                          \
      std::fprintf(stderr, "%s:%d: %s: got 0x%llx, want 0x%llx\n", __FILE__, __LINE__,        \
                   std::string(what).c_str(), g_, w_);                                       \
      ::vmc::g_failures++;                                                                   \
    }                                                                                        \
  } while (0)

// Descriptor attributes as the tests name them.
struct Attr {
  unsigned ap = 3;       // AP[2:0]
  unsigned domain = 0;
  unsigned tex = 0;
  bool c = false, b = false, s = false, ng = false, xn = false;
};

// Page-table writer. L1 tables live where the TTBRs point; L2 tables are allocated from
// l2_pool upwards (1 KiB each).
class PageTables {
public:
  PageTables(PhysMem &mem, uint32_t l2_pool) : mem_(mem), next_l2_(l2_pool) {}

  static uint32_t section_desc(uint32_t pa, const Attr &a) {
    return (pa & VMSA_SECT_BASE_MASK) | (a.ng ? VMSA_SECT_NG : 0) | (a.s ? VMSA_SECT_S : 0) |
           ((a.ap & 4) ? VMSA_SECT_AP2 : 0) | ((a.tex & 7u) << VMSA_SECT_TEX_SHIFT) |
           ((a.ap & 3u) << VMSA_SECT_AP10_SHIFT) | ((a.domain & 15u) << VMSA_L1_DOMAIN_SHIFT) |
           (a.xn ? VMSA_SECT_XN : 0) | (a.c ? VMSA_SECT_C : 0) | (a.b ? VMSA_SECT_B : 0) |
           VMSA_L1_TYPE_SECTION;
  }
  static uint32_t small_desc(uint32_t pa, const Attr &a) {
    return (pa & VMSA_SMALL_BASE_MASK) | (a.ng ? VMSA_L2_NG : 0) | (a.s ? VMSA_L2_S : 0) |
           ((a.ap & 4) ? VMSA_L2_AP2 : 0) | ((a.tex & 7u) << VMSA_SMALL_TEX_SHIFT) |
           ((a.ap & 3u) << VMSA_L2_AP10_SHIFT) | (a.c ? VMSA_L2_C : 0) |
           (a.b ? VMSA_L2_B : 0) | (a.xn ? VMSA_SMALL_XN : 0) | VMSA_L2_SMALL_BIT;
  }
  static uint32_t large_desc(uint32_t pa, const Attr &a) {
    return (pa & VMSA_LARGE_BASE_MASK) | (a.xn ? VMSA_LARGE_XN : 0) |
           ((a.tex & 7u) << VMSA_LARGE_TEX_SHIFT) | (a.ng ? VMSA_L2_NG : 0) |
           (a.s ? VMSA_L2_S : 0) | ((a.ap & 4) ? VMSA_L2_AP2 : 0) |
           ((a.ap & 3u) << VMSA_L2_AP10_SHIFT) | (a.c ? VMSA_L2_C : 0) |
           (a.b ? VMSA_L2_B : 0) | VMSA_L2_TYPE_LARGE;
  }

  // L1 entry address for va in a table at l1_base indexed by VA[31-n:20] (n = 0: full).
  static uint32_t l1_slot(uint32_t l1_base, uint32_t va, unsigned n = 0) {
    return l1_base + (((va >> 20) & (0xFFFu >> n)) << 2);
  }

  void section(uint32_t l1, uint32_t va, uint32_t pa, const Attr &a, unsigned n = 0) {
    mem_.write32(l1_slot(l1, va, n), section_desc(pa, a));
  }
  void supersection(uint32_t l1, uint32_t va, uint32_t pa, const Attr &a, unsigned n = 0) {
    Attr a0 = a;
    a0.domain = 0;
    const uint32_t d = (section_desc(pa & VMSA_SUPERSECT_BASE_MASK, a0) & ~0x00F00000u) |
                       VMSA_SECT_SUPER;
    for (unsigned i = 0; i < 16; i++)
      mem_.write32(l1_slot(l1, (va & 0xFF000000u) + (i << 20), n), d);
  }
  // Returns the L2 table of va's MiB, creating it with the given domain.
  uint32_t l2_table(uint32_t l1, uint32_t va, unsigned domain, unsigned n = 0) {
    const uint32_t slot = l1_slot(l1, va, n);
    uint32_t d = mem_.read32(slot);
    if ((d & 3u) != VMSA_L1_TYPE_PAGE_TABLE) {
      d = next_l2_ | ((domain & 15u) << VMSA_L1_DOMAIN_SHIFT) | VMSA_L1_TYPE_PAGE_TABLE;
      next_l2_ += VMSA_L2_TABLE_BYTES;
      mem_.write32(slot, d);
    }
    return d & VMSA_L1_PT_BASE_MASK;
  }
  void small(uint32_t l1, uint32_t va, uint32_t pa, const Attr &a, unsigned n = 0) {
    const uint32_t t = l2_table(l1, va, a.domain, n);
    mem_.write32(t + (((va >> 12) & 0xFFu) << 2), small_desc(pa, a));
  }
  void large(uint32_t l1, uint32_t va, uint32_t pa, const Attr &a, unsigned n = 0) {
    const uint32_t t = l2_table(l1, va, a.domain, n);
    const uint32_t d = large_desc(pa, a);
    for (unsigned i = 0; i < 16; i++)
      mem_.write32(t + ((((va >> 12) & 0xF0u) + i) << 2), d);
  }

private:
  PhysMem &mem_;
  uint32_t next_l2_;
};

// Registry of named cases.
using CaseFn = std::function<void()>;
std::map<std::string, CaseFn> &cases();
struct CaseReg {
  CaseReg(const char *name, CaseFn fn) { cases()[name] = std::move(fn); }
};
#define BENCH_CASE(id, name) \
  static void id();          \
  static ::vmc::CaseReg id##_reg(name, id); \
  static void id()

int run_cases(int argc, char **argv);

// A configuration from text forms, e.g. cfg("1x8:lru", "1x8:lru", "none", 0).
vmc_mmu_config make_cfg(const char *itlb, const char *dtlb, const char *l2, unsigned wc);

}  // namespace vmc

namespace vmc {

// Fixed places of the test page tables.
constexpr uint32_t kL1Base0 = 0x00100000u;   // TTBR0 table (16 KiB aligned)
constexpr uint32_t kL1Base1 = 0x00104000u;   // TTBR1 table
constexpr uint32_t kL2Pool = 0x00200000u;    // level-2 tables

// The five pages of the maintenance benches (maint.*, cluster.is_kinds): p0 nG small of ASID 1,
// p1 global small, p2 nG small of ASID 2, p3 nG section of ASID 1, p4 global large page.
struct MaintPage {
  uint32_t va;
  bool ng;
  uint8_t asid;
  int kind;   // 0 small, 1 section, 2 large
};
const std::vector<MaintPage> &maint_pages();
// Maps page i to PA pa_base + i * 16 MiB in the TTBR0 table (kL1Base0).
void map_maint_pages(PageTables &pt, uint32_t pa_base);

// A memory, its page tables and the Verilated MMU.
struct Rig {
  PhysMem mem;
  PageTables pt;
  MmuDriver mmu;
  explicit Rig(const vmc_mmu_config &c, MemTiming t = {}, uint64_t seed = 1)
      : pt(mem, kL2Pool), mmu(c, mem, t, seed) {}
  // Turns the MMU on with TTBR0 = kL1Base0, TTBR1 = kL1Base1 and every domain client.
  void enable(uint32_t ttbcr = 0, uint32_t dacr = 0x55555555u, uint32_t sctlr = MMU_SCTLR_M) {
    mmu.reg_write(MMU_REG_TTBR0, kL1Base0);
    mmu.reg_write(MMU_REG_TTBR1, kL1Base1);
    mmu.reg_write(MMU_REG_TTBCR, ttbcr);
    mmu.reg_write(MMU_REG_DACR, dacr);
    mmu.reg_write(MMU_REG_SCTLR, sctlr);
  }
  Xlat rd(uint32_t va, bool priv = true) { return mmu.translate(va, VMC_ACCESS_READ, priv); }
  Xlat wr(uint32_t va, bool priv = true) { return mmu.translate(va, VMC_ACCESS_WRITE, priv); }
  Xlat fx(uint32_t va, bool priv = true) { return mmu.translate(va, VMC_ACCESS_FETCH, priv); }
  uint32_t reg(uint32_t off) { return mmu.reg_read(off); }
};

}  // namespace vmc

#endif
