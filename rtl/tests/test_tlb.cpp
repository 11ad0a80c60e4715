// Directed benches of the TLBs and the walk cache: ASID and global matching across context
// switches, each maintenance operation (and that nothing else is invalidated), replacement
// order for each policy (hand-computed from docs/mmu-contract.md §3), the set-index rule for
// large pages and sections, and the walk cache (§4).
#include <vector>

#include "bench_util.h"

using namespace vmc;

BENCH_CASE(tlb_asid, "tlb.asid_global") {
  Rig r(make_cfg("1x8:lru", "1x8:lru", "none", 0));
  Attr ng;
  ng.ng = true;
  Attr g;
  r.pt.small(kL1Base0, 0x00010000u, 0x00A10000u, ng);   // per-process page
  r.pt.small(kL1Base0, 0x00020000u, 0x00A20000u, g);    // global page
  r.mmu.reg_write(MMU_REG_CONTEXTIDR, 0x00000105u);     // PROCID 1, ASID 5
  r.enable();
  CHECK_EQ("asid5 ng walk", r.rd(0x00010000u).r.hit_level, VMC_HIT_WALK);
  CHECK_EQ("asid5 global walk", r.rd(0x00020000u).r.hit_level, VMC_HIT_WALK);
  // Same tables, new mapping for the nG page: ASID 6 walks and sees it, ASID 5 keeps its own.
  r.pt.small(kL1Base0, 0x00010000u, 0x00B10000u, ng);
  r.mmu.reg_write(MMU_REG_CONTEXTIDR, 0x00000206u);
  Xlat a6 = r.rd(0x00010004u);
  CHECK_EQ("asid6 misses the asid5 entry", a6.r.hit_level, VMC_HIT_WALK);
  CHECK_EQ("asid6 pa", a6.r.pa, 0x00B10004u);
  Xlat g6 = r.rd(0x00020008u);
  CHECK_EQ("global entry hits in asid6", g6.r.hit_level, VMC_HIT_L1TLB);
  CHECK_EQ("global pa", g6.r.pa, 0x00A20008u);
  r.mmu.reg_write(MMU_REG_CONTEXTIDR, 0x00000305u);   // back to ASID 5, other PROCID
  Xlat a5 = r.rd(0x0001000Cu);
  CHECK_EQ("asid5 entry survives", a5.r.hit_level, VMC_HIT_L1TLB);
  CHECK_EQ("asid5 pa", a5.r.pa, 0x00A1000Cu);
}

namespace {

// Five mappings filled into the TLBs, then rewritten in memory without maintenance; after one
// maintenance operation, an invalidated mapping walks and returns the new PA while a kept one
// still hits with the old PA.
struct MaintRig {
  Rig r{make_cfg("1x8:lru", "2x4:plru", "4x4:lru", 4)};
  const std::vector<MaintPage> &pages = maint_pages();

  void map(uint32_t pa_base) { map_maint_pages(r.pt, pa_base); }
  Xlat access(size_t i, uint32_t offset = 0) {
    r.mmu.reg_write(MMU_REG_CONTEXTIDR, pages[i].asid);
    return r.rd(pages[i].va + offset);
  }
  void setup() {
    map(0x10000000u);
    r.enable();
    for (size_t i = 0; i < pages.size(); i++) access(i);
    map(0x20000000u);   // stale from now on
  }
  // Checks which pages were invalidated (expect[i] = true) by the operation just done.
  void expect(const char *op, std::vector<bool> inv) {
    for (size_t i = 0; i < pages.size(); i++) {
      Xlat x = access(i);
      const uint32_t base = (inv[i] ? 0x20000000u : 0x10000000u) + uint32_t(i) * 0x01000000u;
      const std::string tag = std::string(op) + " p" + std::to_string(i);
      CHECK_EQ(tag + " pa", x.r.pa, base);
      CHECK_EQ(tag + " level", x.r.hit_level, inv[i] ? VMC_HIT_WALK : VMC_HIT_L1TLB);
    }
  }
};

}  // namespace

BENCH_CASE(maint_all, "maint.tlbiall") {
  MaintRig m;
  m.setup();
  m.r.mmu.reg_write(MMU_REG_TLBIALL, 0);
  m.expect("TLBIALL", {true, true, true, true, true});
  CHECK_EQ("flushes", m.r.reg(MMU_REG_CNT_FLUSHES), 1);
}

BENCH_CASE(maint_mva, "maint.tlbimva") {
  MaintRig m;
  m.setup();
  m.r.mmu.reg_write(MMU_REG_TLBIMVA, 0x00001000u | 1);      // p0, its ASID
  m.r.mmu.reg_write(MMU_REG_TLBIMVA, 0x00002ABCu | 7);      // p1 global: any ASID; offset ignored
  m.r.mmu.reg_write(MMU_REG_TLBIMVA, 0x00003000u | 1);      // p2 has ASID 2: kept
  m.r.mmu.reg_write(MMU_REG_TLBIMVA, 0x0061F000u | 9);      // inside large global p4
  m.expect("TLBIMVA", {true, true, false, false, true});
  CHECK_EQ("flushes", m.r.reg(MMU_REG_CNT_FLUSHES), 4);
}

BENCH_CASE(maint_asid, "maint.tlbiasid") {
  MaintRig m;
  m.setup();
  m.r.mmu.reg_write(MMU_REG_TLBIASID, 1);   // nG entries of ASID 1: p0 and p3
  m.expect("TLBIASID", {true, false, false, true, false});
}

BENCH_CASE(maint_mvaa, "maint.tlbimvaa") {
  MaintRig m;
  m.setup();
  m.r.mmu.reg_write(MMU_REG_TLBIMVAA, 0x00003000u);   // p2, whatever its ASID
  m.r.mmu.reg_write(MMU_REG_TLBIMVAA, 0x005FF000u);   // last page of section p3
  m.expect("TLBIMVAA", {false, false, true, true, false});
}

// A lone mmu_top is a cluster of one core (contract §9): each IS command does what its local
// twin does above; BCAST_SYNC and MPIDR read 0 and ignore writes.
BENCH_CASE(maint_is_lone, "maint.is_lone") {
  struct Op { uint32_t offset, operand; std::vector<bool> inv; };
  const std::vector<Op> ops = {
      {MMU_REG_TLBIALLIS, 0, {true, true, true, true, true}},
      {MMU_REG_TLBIMVAIS, 0x0061F000u | 9, {false, false, false, false, true}},
      {MMU_REG_TLBIASIDIS, 0x201u, {true, false, false, true, false}},   // ASID[7:0] = 1
      {MMU_REG_TLBIMVAAIS, 0x00003000u, {false, false, true, false, false}},
  };
  for (const Op &op : ops) {
    MaintRig m;
    m.setup();
    m.r.mmu.reg_write(op.offset, op.operand);
    CHECK_EQ("BCAST_SYNC", m.r.reg(MMU_REG_BCAST_SYNC), 0);
    CHECK_EQ("IS command reads 0", m.r.reg(op.offset), 0);
    m.expect("IS", op.inv);
    CHECK_EQ("flushes", m.r.reg(MMU_REG_CNT_FLUSHES), 1);
  }
  MaintRig m;
  m.setup();
  m.r.mmu.reg_write(MMU_REG_MPIDR, 0x0305u);
  m.r.mmu.reg_write(MMU_REG_BCAST_SYNC, 1);
  CHECK_EQ("MPIDR", m.r.reg(MMU_REG_MPIDR), 0);
  CHECK_EQ("BCAST_SYNC", m.r.reg(MMU_REG_BCAST_SYNC), 0);
  m.expect("no command", {false, false, false, false, false});
  CHECK_EQ("flushes", m.r.reg(MMU_REG_CNT_FLUSHES), 0);
}

// Every level: after TLBIMVAA the L1 misses and the L2TLB must miss too (walk), while an
// operation on another VA leaves the L2 copy (L2 hit after the L1 entry was evicted).
BENCH_CASE(maint_levels, "maint.all_levels") {
  Rig r(make_cfg("1x1:lru", "1x1:lru", "1x8:lru", 4));
  Attr a;
  r.pt.small(kL1Base0, 0x00001000u, 0x00AA1000u, a);
  r.pt.small(kL1Base0, 0x00002000u, 0x00AA2000u, a);
  r.enable();
  r.rd(0x00001000u);
  r.rd(0x00002000u);   // evicts p0 from the 1-entry DTLB; both stay in the L2TLB
  Xlat l2 = r.rd(0x00001000u);
  CHECK_EQ("L2 hit", l2.r.hit_level, VMC_HIT_L2TLB);
  CHECK_EQ("L2 hit refills L1", l2.r.l1.filled, 1);
  CHECK_EQ("L2 hit L1 evicts", l2.r.l1.evicted, 1);
  r.mmu.reg_write(MMU_REG_TLBIMVAA, 0x00002000u);
  Xlat w = r.rd(0x00002000u);
  CHECK_EQ("invalidated in L2 too", w.r.hit_level, VMC_HIT_WALK);
  CHECK_EQ("walk cache dropped that MiB", w.mem_reads, 2);
  Xlat k = r.rd(0x00001000u);
  CHECK_EQ("other L2 entry kept", k.r.hit_level, VMC_HIT_L2TLB);
  // Walk cache: a second walk in the same MiB uses the cached L1 descriptor.
  r.pt.small(kL1Base0, 0x00003000u, 0x00AA3000u, a);
  Xlat c = r.rd(0x00003000u);
  CHECK_EQ("walk-cache hit: one read", c.mem_reads, 1);
  CHECK_EQ("walk-cache hits", r.reg(MMU_REG_CNT_WCACHE_HITS), 2);   // p2 first walk, p3
  r.mmu.reg_write(MMU_REG_TLBIASID, 0);   // drops the whole walk cache, no global TLB entry
  r.pt.small(kL1Base0, 0x00004000u, 0x00AA4000u, a);
  CHECK_EQ("TLBIASID empties the walk cache", r.rd(0x00004000u).mem_reads, 2);
  CHECK_EQ("TLBIASID keeps global entries", r.rd(0x00001000u).r.hit_level, VMC_HIT_L2TLB);
}

namespace {

// DTLB 1x4 with the given policy; pages p0, p1, ... are small pages at 0x100000 + i * 4 KiB.
// Fills p0..p3, hits p0 then p1, then fills p4.. p4+n-1 and returns the ways they replaced.
std::vector<uint32_t> victims(const char *geom, unsigned extra) {
  Rig r(make_cfg("1x4:lru", geom, "none", 0));
  Attr a;
  for (unsigned i = 0; i < 4 + extra; i++) r.pt.small(kL1Base0, 0x00100000u + (i << 12), 0x00800000u + (i << 12), a);
  r.enable();
  for (unsigned i = 0; i < 4; i++) {
    Xlat f = r.rd(0x00100000u + (i << 12));
    CHECK_EQ(std::string(geom) + " invalid ways first", f.r.l1.way, i);
    CHECK_EQ(std::string(geom) + " no eviction while free", f.r.l1.evicted, 0);
  }
  r.rd(0x00100000u);
  r.rd(0x00101000u);
  std::vector<uint32_t> out;
  for (unsigned i = 0; i < extra; i++) {
    Xlat f = r.rd(0x00104000u + (i << 12));
    CHECK_EQ(std::string(geom) + " evicts", f.r.l1.evicted, 1);
    out.push_back(f.r.l1.way);
  }
  return out;
}

void expect_order(const char *geom, std::vector<uint32_t> want) {
  const std::vector<uint32_t> got = victims(geom, unsigned(want.size()));
  for (size_t i = 0; i < want.size(); i++)
    CHECK_EQ(std::string(geom) + " victim " + std::to_string(i), got[i], want[i]);
}

}  // namespace

// Ages after the fills [3,2,1,0]; hit w0 -> [0,3,2,1]; hit w1 -> [1,0,3,2]; victims: w2
// (age 3), then w3, then w0.
BENCH_CASE(tlb_lru_order, "tlb.lru_order") { expect_order("1x4:lru", {2, 3, 0, 1}); }

// Tree bits (b1,b2,b3) after the fills: (0,0,0); hit w0 -> (1,1,0); hit w1 -> (1,0,0);
// victim: b1=1 right, b3=0 left: w2 -> (0,0,1); then w0 -> (1,1,1); then w3 -> (0,1,0);
// then w1.
BENCH_CASE(tlb_plru_order, "tlb.plru_order") { expect_order("1x4:plru", {2, 0, 3, 1}); }

// Pointer 0 after the fills into invalid ways; hits do not move it.
BENCH_CASE(tlb_fifo_order, "tlb.fifo_order") { expect_order("1x4:fifo", {0, 1, 2, 3}); }

// LFSR 0xACE1: victim 0xACE1 % 4 = 1, then 0xE270 % 4 = 0, 0x7138 % 4 = 0, 0x389C % 4 = 0,
// 0x1C4E % 4 = 2 (one Galois step: shift right, XOR 0xB400 when bit 0 was 1).
BENCH_CASE(tlb_random_order, "tlb.random_order") { expect_order("1x4:random", {1, 0, 0, 0, 2}); }

// Three ways (not a power of two): LRU and FIFO still follow the contract.
BENCH_CASE(tlb_odd_ways, "tlb.odd_ways") {
  // 1x3 lru: fills [2,1,0]... after hits on p0,p1 ages w0=1,w1=0,w2=2: victims w2, w0, w1.
  Rig r(make_cfg("1x4:lru", "1x3:lru", "none", 0));
  Attr a;
  for (unsigned i = 0; i < 8; i++) r.pt.small(kL1Base0, 0x00100000u + (i << 12), 0x00800000u + (i << 12), a);
  r.enable();
  for (unsigned i = 0; i < 3; i++) r.rd(0x00100000u + (i << 12));
  r.rd(0x00100000u);
  r.rd(0x00101000u);
  const uint32_t want[] = {2, 0, 1};
  for (unsigned i = 0; i < 3; i++)
    CHECK_EQ("1x3 lru victim", r.rd(0x00104000u + (i << 12)).r.l1.way, want[i]);
}

// Set index VA[12 + log2(sets) - 1 : 12] for every page size: a section filled through one
// 4 KiB part sits in that part's set; another part indexing another set misses and fills
// its own copy; TLBIMVAA removes both copies.
BENCH_CASE(tlb_set_index, "tlb.set_index") {
  Rig r(make_cfg("1x4:lru", "4x2:lru", "none", 0));
  Attr a;
  r.pt.section(kL1Base0, 0x00300000u, 0x04300000u, a);
  r.pt.large(kL1Base0, 0x00420000u, 0x05420000u, a);
  r.enable();
  Xlat s1 = r.rd(0x00302000u);   // VA[13:12] = 2
  CHECK_EQ("section set", s1.r.l1.set, 2);
  CHECK_EQ("same set hits", r.rd(0x00306000u).r.hit_level, VMC_HIT_L1TLB);   // set 2 again
  Xlat s2 = r.rd(0x00301000u);   // set 1: its own copy
  CHECK_EQ("other set misses", s2.r.hit_level, VMC_HIT_WALK);
  CHECK_EQ("other set filled", s2.r.l1.set, 1);
  CHECK_EQ("pa", s2.r.pa, 0x04301000u);
  Xlat l1 = r.rd(0x00423000u);
  CHECK_EQ("large page set", l1.r.l1.set, 3);
  r.mmu.reg_write(MMU_REG_TLBIMVAA, 0x00300000u);
  CHECK_EQ("copy in set 2 gone", r.rd(0x00302000u).r.hit_level, VMC_HIT_WALK);
  CHECK_EQ("copy in set 1 gone", r.rd(0x00301000u).r.hit_level, VMC_HIT_WALK);
  CHECK_EQ("large page kept", r.rd(0x00427000u).r.hit_level, VMC_HIT_L1TLB);
}

// A mapping changed from nG to global without maintenance leaves two matching ways; the
// lowest-numbered one answers (contract §3). Runs without the strict one-hot assertion.
namespace {

Xlat multi_hit(bool strict) {
  PhysMem mem;
  PageTables pt(mem, kL2Pool);
  MmuDriver mmu(make_cfg("1x4:lru", "1x4:lru", "none", 0), mem, {}, 1, strict);
  Attr ng;
  ng.ng = true;
  pt.small(kL1Base0, 0x00001000u, 0x00AA1000u, ng);
  mmu.reg_write(MMU_REG_TTBR0, kL1Base0);
  mmu.reg_write(MMU_REG_DACR, 0x55555555u);
  mmu.reg_write(MMU_REG_CONTEXTIDR, 1);
  mmu.reg_write(MMU_REG_SCTLR, MMU_SCTLR_M);
  CHECK_EQ("fill way 0", mmu.translate(0x00001000u, VMC_ACCESS_READ, true).r.l1.way, 0);
  Attr g;
  pt.small(kL1Base0, 0x00001000u, 0x00BB1000u, g);
  mmu.reg_write(MMU_REG_CONTEXTIDR, 2);
  Xlat w = mmu.translate(0x00001000u, VMC_ACCESS_READ, true);
  CHECK_EQ("global fill way 1", w.r.l1.way, 1);
  mmu.reg_write(MMU_REG_CONTEXTIDR, 1);
  return mmu.translate(0x00001000u, VMC_ACCESS_READ, true);
}

}  // namespace

BENCH_CASE(tlb_multi_hit, "tlb.multi_hit") {
  Xlat both = multi_hit(false);
  CHECK_EQ("lowest way answers", both.r.pa, 0x00AA1000u);
  CHECK_EQ("hit", both.r.hit_level, VMC_HIT_L1TLB);
}

// With chk_onehot_i set, the same double match stops the simulation (rtl.assert.onehot).
BENCH_CASE(assert_onehot, "assert.multi_hit_strict") {
  multi_hit(true);
  std::fprintf(stderr, "the double match went unnoticed\n");
  g_failures++;
}

int main(int argc, char **argv) { return run_cases(argc, argv); }
