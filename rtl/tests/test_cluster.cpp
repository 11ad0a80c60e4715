// Benches of the Verilated mmu_cluster (docs/mmu-contract.md §9): an IS command reaches every
// core and a local one does not (the negative control), each IS kind removes exactly the
// entries its local twin does on every core, the barrier (BCAST_SYNC) stays busy while another
// core is in the middle of a walk and never reports done early, per-core registers, one core
// of a cluster against a lone mmu_top, and a seeded random comparison of the RTL cluster with
// the model cluster over 1..4 cores; the shared L2TLB (l2tlb_shared_i): a hit on another core's
// walk (and its private-L2TLB negative control), maintenance of one core acting on it, the
// round-robin arbitration of simultaneous requests and fills, and a seeded random comparison
// with the model cluster sharing its L2TLB. Expected values are worked by hand from the
// contract or come from the model (vmcmodel), never from the RTL.
#include <cinttypes>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench_util.h"
#include "cluster_driver.h"
#include "random_world.h"
#include "vmcosim/mmu_model.h"

using namespace vmc;

namespace {

// A memory, its page tables and a Verilated cluster.
struct ClusterRig {
  PhysMem mem;
  PageTables pt;
  ClusterDriver cl;
  ClusterRig(const vmc_mmu_config &c, unsigned cores, MemTiming t = {}, bool strict = true,
             bool l2_shared = false)
      : pt(mem, kL2Pool), cl(c, cores, mem, t, 1, strict) {
    if (l2_shared) cl.set_l2tlb_shared(true);
  }
  // Turns core k's MMU on with TTBR0 = kL1Base0, TTBR1 = kL1Base1, every domain client.
  void enable(unsigned k, uint32_t asid = 1) {
    cl.reg_write(k, MMU_REG_TTBR0, kL1Base0);
    cl.reg_write(k, MMU_REG_TTBR1, kL1Base1);
    cl.reg_write(k, MMU_REG_TTBCR, 0);
    cl.reg_write(k, MMU_REG_DACR, 0x55555555u);
    cl.reg_write(k, MMU_REG_CONTEXTIDR, asid);
    cl.reg_write(k, MMU_REG_SCTLR, MMU_SCTLR_M);
  }
  void enable_all(uint32_t asid = 1) {
    for (unsigned k = 0; k < cl.cores(); k++) enable(k, asid);
  }
  Xlat rd(unsigned k, uint32_t va) { return cl.translate(k, va, VMC_ACCESS_READ, true); }
};

std::string core_tag(const char *what, unsigned k) {
  return std::string(what) + " core " + std::to_string(k);
}

Attr ng_attr() {
  Attr a;
  a.ng = true;
  return a;
}

constexpr uint32_t kX = 0x00401000u, kY = 0x00402000u;

// Two nG pages of ASID 1, cached by every core, then remapped in memory (stale).
void cache_two_pages(ClusterRig &r) {
  r.pt.small(kL1Base0, kX, 0x00A01000u, ng_attr());
  r.pt.small(kL1Base0, kY, 0x00A02000u, ng_attr());
  r.enable_all();
  for (unsigned k = 0; k < r.cl.cores(); k++) {
    CHECK_EQ(core_tag("first X walks", k), r.rd(k, kX).r.hit_level, VMC_HIT_WALK);
    CHECK_EQ(core_tag("first Y walks", k), r.rd(k, kY).r.hit_level, VMC_HIT_WALK);
  }
  r.pt.small(kL1Base0, kX, 0x00B01000u, ng_attr());
  r.pt.small(kL1Base0, kY, 0x00B02000u, ng_attr());
  for (unsigned k = 0; k < r.cl.cores(); k++) {
    const Xlat x = r.rd(k, kX);
    CHECK_EQ(core_tag("X cached", k), x.r.hit_level, VMC_HIT_L1TLB);
    CHECK_EQ(core_tag("X stale", k), x.r.pa, 0x00A01000u);
  }
}

}  // namespace

// TLBIMVAIS on core 0 removes X from cores 0-3 (each then walks to the new PA) and leaves Y.
BENCH_CASE(cl_reach, "cluster.is_reaches_all") {
  ClusterRig r(make_cfg("1x8:lru", "1x8:lru", "4x4:lru", 4), 4);
  cache_two_pages(r);
  r.cl.reg_write(0, MMU_REG_TLBIMVAIS, kX | 1u);
  r.cl.barrier(0);
  for (unsigned k = 0; k < 4; k++) {
    const Xlat x = r.rd(k, kX);
    CHECK_EQ(core_tag("X invalidated", k), x.r.hit_level, VMC_HIT_WALK);
    CHECK_EQ(core_tag("X new pa", k), x.r.pa, 0x00B01000u);
    const Xlat y = r.rd(k, kY);
    CHECK_EQ(core_tag("Y kept", k), y.r.hit_level, VMC_HIT_L1TLB);
    CHECK_EQ(core_tag("Y old pa", k), y.r.pa, 0x00A02000u);
    CHECK_EQ(core_tag("one flush", k), r.cl.reg_read(k, MMU_REG_CNT_FLUSHES), 1);
  }
}

// The negative control: a local TLBIMVA on core 0 leaves core 1's stale translation.
BENCH_CASE(cl_local, "cluster.local_stays_local") {
  ClusterRig r(make_cfg("1x8:lru", "1x8:lru", "4x4:lru", 4), 2);
  cache_two_pages(r);
  r.cl.reg_write(0, MMU_REG_TLBIMVA, kX | 1u);
  CHECK_EQ("no broadcast to wait for", r.cl.barrier(0), 0);
  const Xlat x0 = r.rd(0, kX);
  CHECK_EQ("core 0 walks", x0.r.hit_level, VMC_HIT_WALK);
  CHECK_EQ("core 0 new pa", x0.r.pa, 0x00B01000u);
  const Xlat x1 = r.rd(1, kX);
  CHECK_EQ("core 1 still hits", x1.r.hit_level, VMC_HIT_L1TLB);
  CHECK_EQ("core 1 stale pa", x1.r.pa, 0x00A01000u);
  CHECK_EQ("core 1 no flush", r.cl.reg_read(1, MMU_REG_CNT_FLUSHES), 0);
}

namespace {

// The pages of maint.* (bench_util.h), cached by every core of a cluster; a page the command
// removes walks to the new PA afterwards, a page it keeps still hits with the old one.
Xlat access_page(ClusterRig &r, unsigned k, size_t i) {
  r.cl.reg_write(k, MMU_REG_CONTEXTIDR, maint_pages()[i].asid);
  return r.rd(k, maint_pages()[i].va);
}

}  // namespace

// Each IS kind, issued on each core in turn, removes on all three cores exactly the pages its
// local twin removes (the same vectors as maint.tlbimva etc., worked from contract §5).
BENCH_CASE(cl_kinds, "cluster.is_kinds") {
  struct Op { uint32_t offset, operand; std::vector<bool> inv; };
  const std::vector<Op> ops = {
      {MMU_REG_TLBIALLIS, 0, {true, true, true, true, true}},
      {MMU_REG_TLBIMVAIS, 0x00001000u | 1, {true, false, false, false, false}},   // p0, its ASID
      {MMU_REG_TLBIMVAIS, 0x00003000u | 1, {false, false, false, false, false}},  // p2 is ASID 2
      {MMU_REG_TLBIMVAIS, 0x0061F000u | 9, {false, false, false, false, true}},   // global large
      {MMU_REG_TLBIASIDIS, 0x201u, {true, false, false, true, false}},            // ASID[7:0] = 1
      {MMU_REG_TLBIMVAAIS, 0x00003000u, {false, false, true, false, false}},      // any ASID
      {MMU_REG_TLBIMVAAIS, 0x005FF000u, {false, false, false, true, false}},      // in section p3
  };
  const unsigned cores = 3;
  for (size_t o = 0; o < ops.size(); o++) {
    ClusterRig r(make_cfg("1x8:lru", "2x4:plru", "4x4:lru", 4), cores);
    map_maint_pages(r.pt, 0x10000000u);
    r.enable_all();
    for (unsigned k = 0; k < cores; k++)
      for (size_t i = 0; i < maint_pages().size(); i++) access_page(r, k, i);
    map_maint_pages(r.pt, 0x20000000u);   // stale from now on
    const unsigned issuer = unsigned(o) % cores;
    r.cl.reg_write(issuer, ops[o].offset, ops[o].operand);
    r.cl.barrier(issuer);
    for (unsigned k = 0; k < cores; k++) {
      for (size_t i = 0; i < maint_pages().size(); i++) {
        const Xlat x = access_page(r, k, i);
        const bool inv = ops[o].inv[i];
        const std::string tag = "op " + std::to_string(o) + " from core " +
                                std::to_string(issuer) + " core " + std::to_string(k) + " p" +
                                std::to_string(i);
        CHECK_EQ(tag + " level", x.r.hit_level, inv ? VMC_HIT_WALK : VMC_HIT_L1TLB);
        CHECK_EQ(tag + " pa", x.r.pa, (inv ? 0x20000000u : 0x10000000u) + uint32_t(i) * 0x01000000u);
      }
      CHECK_EQ(core_tag("flushes", k), r.cl.reg_read(k, MMU_REG_CNT_FLUSHES), 1);
    }
  }
}

// The barrier: core 1 is in the middle of a slow walk when core 0 broadcasts. BCAST_SYNC on
// core 0 reads 1 until core 1's walk has answered (core 1 performs the command only then),
// then 0 for good; core 1's walk filled the old translation, which the command then removed.
// A second IS write on core 0 waits while the first is pending; commands of two issuers
// pending at one core are both performed.
BENCH_CASE(cl_barrier, "cluster.barrier") {
  const MemTiming fast{1, 1, 0}, slow{300, 300, 0};
  ClusterRig r(make_cfg("1x8:lru", "1x8:lru", "none", 0), 3, fast);
  cache_two_pages(r);   // X, Y cached everywhere, memory now maps them to 0x00Bxxxxx
  r.cl.set_timing(1, slow);
  const uint32_t kZ = 0x00403000u;
  r.pt.small(kL1Base0, kZ, 0x00A03000u, ng_attr());

  // Core 1 starts a walk of Z (two reads of 300 cycles).
  r.cl.offer(1, kZ, VMC_ACCESS_READ, true);
  r.cl.idle(10);
  CHECK_EQ("core 1 walking", r.cl.busy(1), true);
  r.cl.reg_write(0, MMU_REG_TLBIALLIS, 0);
  r.cl.reg_write(0, MMU_REG_BCAST_SYNC, 0);
  unsigned ones = 0, zeros = 0;
  bool order_ok = true;
  while (zeros < 20) {
    const uint32_t v = r.cl.reg_read(0, MMU_REG_BCAST_SYNC);
    const bool answered = !r.cl.responses(1).empty();
    if (v == MMU_BCAST_SYNC_BUSY) {
      ones++;
      if (zeros) order_ok = false;   // busy again after done
    } else {
      CHECK_EQ("BCAST_SYNC value", v, 0);
      if (!answered) order_ok = false;   // done before core 1 could perform it
      zeros++;
    }
  }
  CHECK_EQ("busy, then done, never done early", order_ok, true);
  CHECK_EQ("BCAST_SYNC read busy while core 1 walked", ones > 100, true);
  const Xlat z = r.cl.responses(1).front().x;
  r.cl.responses(1).clear();
  CHECK_EQ("core 1's walk", z.r.hit_level, VMC_HIT_WALK);
  CHECK_EQ("core 1's walk pa", z.r.pa, 0x00A03000u);
  CHECK_EQ("core 1 performed it", r.cl.reg_read(1, MMU_REG_CNT_FLUSHES), 1);
  CHECK_EQ("core 2 performed it", r.cl.reg_read(2, MMU_REG_CNT_FLUSHES), 1);
  r.cl.set_timing(1, fast);
  CHECK_EQ("core 1 lost Z after its walk", r.rd(1, kZ).r.hit_level, VMC_HIT_WALK);
  CHECK_EQ("core 2 lost X", r.rd(2, kX).r.pa, 0x00B01000u);

  // A second IS write waits until the first is done everywhere; two issuers at once.
  r.pt.small(kL1Base0, kZ, 0x00C03000u, ng_attr());
  r.cl.set_timing(1, slow);
  r.rd(0, kX);   // core 0 caches X again (0x00B01000)
  r.rd(2, kY);   // core 2 caches Y again (0x00B02000)
  r.pt.small(kL1Base0, kX, 0x00D01000u, ng_attr());
  r.pt.small(kL1Base0, kY, 0x00D02000u, ng_attr());
  r.cl.reg_write(1, MMU_REG_TLBIMVAA, kZ);   // core 1 forgets Z: its next access walks
  r.cl.offer(1, kZ, VMC_ACCESS_READ, true);
  r.cl.idle(10);
  r.cl.reg_write(0, MMU_REG_TLBIMVAAIS, kX);   // pending at cores 1 (walking) and 2
  r.cl.reg_write(2, MMU_REG_TLBIMVAAIS, kY);   // pending at cores 0 and 1 (walking)
  r.cl.reg_write(0, MMU_REG_TLBIMVAAIS, kY);   // waits: core 0's first is pending at core 1
  CHECK_EQ("second IS write waited for core 1's walk", r.cl.responses(1).size(), 1);
  r.cl.barrier(0);
  r.cl.barrier(2);
  r.cl.responses(1).clear();
  r.cl.set_timing(1, fast);
  for (unsigned k = 0; k < 3; k++) {
    CHECK_EQ(core_tag("X gone", k), r.rd(k, kX).r.pa, 0x00D01000u);
    CHECK_EQ(core_tag("Y gone", k), r.rd(k, kY).r.pa, 0x00D02000u);
  }
  CHECK_EQ("core 1 performed 1 + 1 local + 3", r.cl.reg_read(1, MMU_REG_CNT_FLUSHES), 5);
}

// Each core's registers are its own; MPIDR = core | (cores - 1) << 8.
BENCH_CASE(cl_regs, "cluster.own_registers") {
  ClusterRig r(make_cfg("1x8:lru", "1x8:lru", "none", 0), 4);
  for (unsigned k = 0; k < 4; k++)
    CHECK_EQ(core_tag("MPIDR", k), r.cl.reg_read(k, MMU_REG_MPIDR), k | 0x300u);
  r.pt.section(kL1Base0, 0x00400000u, 0x00400000u, Attr{});
  for (unsigned k = 0; k < 4; k++) {
    r.cl.reg_write(k, MMU_REG_TTBR0, kL1Base0 + (k == 2 ? 0x4000u : 0u));
    r.cl.reg_write(k, MMU_REG_CONTEXTIDR, 0x100u * k + k);
    r.cl.reg_write(k, MMU_REG_DACR, k == 3 ? 0u : 0x55555555u);
    r.cl.reg_write(k, MMU_REG_SCTLR, MMU_SCTLR_M);
  }
  for (unsigned k = 0; k < 4; k++) {
    CHECK_EQ(core_tag("TTBR0", k), r.cl.reg_read(k, MMU_REG_TTBR0), kL1Base0 + (k == 2 ? 0x4000u : 0u));
    CHECK_EQ(core_tag("CONTEXTIDR", k), r.cl.reg_read(k, MMU_REG_CONTEXTIDR), 0x100u * k + k);
  }
  // The same VA: core 0 translates, core 2's TTBR0 table is empty (translation fault,
  // section), core 3's DACR gives a domain fault (section, domain 0).
  const Xlat a = r.rd(0, 0x00400010u);
  CHECK_EQ("core 0 pa", a.r.pa, 0x00400010u);
  const Xlat c = r.cl.translate(2, 0x00400020u, VMC_ACCESS_WRITE, true);
  CHECK_EQ("core 2 fault", c.r.fault, VMC_FAULT_TRANSLATION);
  const Xlat d = r.cl.translate(3, 0x00400030u, VMC_ACCESS_FETCH, true);
  CHECK_EQ("core 3 fault", d.r.fault, VMC_FAULT_DOMAIN);
  // DFSR = FS 00101 | WnR (B3.13.3); IFSR = FS 01001.
  CHECK_EQ("core 2 DFSR", r.cl.reg_read(2, MMU_REG_DFSR), 0x5u | VMSA_FSR_WNR);
  CHECK_EQ("core 2 DFAR", r.cl.reg_read(2, MMU_REG_DFAR), 0x00400020u);
  CHECK_EQ("core 3 IFSR", r.cl.reg_read(3, MMU_REG_IFSR), 0x9u);
  CHECK_EQ("core 3 IFAR", r.cl.reg_read(3, MMU_REG_IFAR), 0x00400030u);
  for (unsigned k : {0u, 1u, 3u}) CHECK_EQ(core_tag("DFAR untouched", k), r.cl.reg_read(k, MMU_REG_DFAR), 0);
  for (unsigned k : {0u, 1u, 2u}) CHECK_EQ(core_tag("IFAR untouched", k), r.cl.reg_read(k, MMU_REG_IFAR), 0);
  const uint32_t want_requests[4] = {1, 0, 1, 1};
  for (unsigned k = 0; k < 4; k++)
    CHECK_EQ(core_tag("own counters", k), r.cl.reg_read(k, MMU_REG_CNT_REQUESTS), want_requests[k]);
  // Two active cores of the build's maximum.
  ClusterRig two(make_cfg("1x8:lru", "1x8:lru", "none", 0), 2);
  CHECK_EQ("MPIDR of core 1 of 2", two.cl.reg_read(1, MMU_REG_MPIDR), 0x101u);
}

namespace {

// The configuration, register writes and requests of a seeded random run (RandomWorld), for
// the two comparisons below.
struct RandomScript {
  static const uint8_t *asids() {
    static const uint8_t a[] = {1, 2, 3, 200};
    return a;
  }
  // A random register operation (or a page-table edit) of core k: returns the offset and value
  // to write, or offset 0xFFF for "nothing to write" (a page-table edit, done here).
  static std::pair<uint32_t, uint32_t> op(RandomWorld &w, uint32_t old_ttbcr) {
    const unsigned r = w.rnd(1000);
    if (r < 150) return {MMU_REG_CONTEXTIDR, (uint32_t(w.rng()()) & ~0xFFu) | asids()[w.rnd(4)]};
    if (r < 230) {
      uint32_t dacr = 0;
      for (unsigned d = 0; d < 16; d++) {
        const unsigned k = w.rnd(10);
        dacr |= uint32_t(k < 6 ? 1 : k < 8 ? 3 : k < 9 ? 0 : 2) << (2 * d);
      }
      return {MMU_REG_DACR, dacr};
    }
    if (r < 260) return {MMU_REG_SCTLR, (w.chance(97) ? MMU_SCTLR_M : 0) | (w.chance(25) ? MMU_SCTLR_AFE : 0)};
    if (r < 290) return {MMU_REG_TTBCR, (old_ttbcr & MMU_TTBCR_N_MASK) | (w.chance(5) ? MMU_TTBCR_PD0 : 0)};
    if (r < 520) {
      w.mutate();
      return {0xFFFu, 0};
    }
    if (r < 620) return {MMU_REG_TLBIMVA, (w.next_va() & MMU_TLBI_MVA_MASK) | asids()[w.rnd(4)]};
    if (r < 680) return {MMU_REG_TLBIMVAA, w.next_va() & MMU_TLBI_MVA_MASK};
    if (r < 720) return {MMU_REG_TLBIASID, asids()[w.rnd(4)]};
    if (r < 740) return {MMU_REG_TLBIALL, 0};
    if (r < 820) return {MMU_REG_TLBIMVAIS, (w.next_va() & MMU_TLBI_MVA_MASK) | asids()[w.rnd(4)]};
    if (r < 870) return {MMU_REG_TLBIMVAAIS, w.next_va() & MMU_TLBI_MVA_MASK};
    if (r < 900) return {MMU_REG_TLBIASIDIS, asids()[w.rnd(4)]};
    if (r < 910) return {MMU_REG_TLBIALLIS, 0};
    if (r < 920) return {MMU_REG_CNT_CTRL, MMU_CNT_CTRL_RESET};
    return {0xFFFu, 0};
  }
  static vmc_access_kind kind(RandomWorld &w) {
    const unsigned k = w.rnd(4);
    return k < 2 ? VMC_ACCESS_READ : k < 3 ? VMC_ACCESS_WRITE : VMC_ACCESS_FETCH;
  }
};

bool is_broadcast(uint32_t off) {
  return off >= MMU_REG_TLBIALLIS && off <= MMU_REG_TLBIMVAAIS;
}

// Compares every register of RTL core k with `want` (except WALK_CYCLES); returns false and
// reports on the first difference.
template <class Want>
bool same_registers(ClusterDriver &cl, unsigned k, Want &&want, const char *against) {
  for (uint32_t off = 0; off <= MMU_REG_CNT_LAST; off += 4) {
    if (off == MMU_REG_CNT_WALK_CYCLES) continue;
    const uint32_t got = cl.reg_read(k, off), w = want(off);
    if (got != w) {
      std::fprintf(stderr, "core %u register 0x%03x: rtl 0x%08x, %s 0x%08x\n", k, off, got,
                   against, w);
      g_failures++;
      return false;
    }
  }
  return true;
}

// The seeded random comparison of an RTL cluster of `cores` cores with the model cluster:
// random register operations on random cores (IS commands followed by the issuing core's
// barrier, as software's DSB), page-table edits, and rounds in which several cores translate
// at once; every response and, now and then, every register of every core are compared.
// With a shared L2TLB one core translates at a time (the model has no time, so it cannot tell
// which of two simultaneous requests the L2TLB serves first; the benches below check that).
void run_cluster_random(unsigned cores, unsigned requests, uint64_t seed, bool shared = false) {
  const vmc_mmu_config cfg = make_cfg("1x16:plru", "2x4:lru", "16x2:fifo", 4);
  PhysMem mem;
  RandomWorld world(mem, seed);
  world.build(48);
  ClusterDriver rtl(cfg, cores, mem, MemTiming{1, 6, 20}, seed ^ 0x5EED);
  vmc_mmu_cluster *model = vmc_mmu_cluster_create(&cfg, cores, PhysMem::read_cb, &mem);
  if (!model) throw std::runtime_error("vmc_mmu_cluster_create refused the configuration");
  if (shared) {
    rtl.set_l2tlb_shared(true);
    if (vmc_mmu_cluster_share_l2tlb(model) != 0) throw std::runtime_error("no L2TLB to share");
  }
  const unsigned solo = world.rnd(cores);   // shared: the one core of the first round
  const vmc_mmu_limits lim = MmuDriver::max_limits();
  vmc_mmu_cluster_set_limits(model, &lim);
  auto core_model = [&](unsigned k) { return vmc_mmu_cluster_core(model, k); };
  bool failed = false;
  uint64_t compared = 0, walks = 0, broadcasts = 0;

  auto write = [&](unsigned k, uint32_t off, uint32_t v) {
    rtl.reg_write(k, off, v);
    vmc_mmu_model_reg_write(core_model(k), off, v);
    if (is_broadcast(off)) {
      rtl.barrier(k);
      broadcasts++;
    }
  };
  auto check_regs = [&]() {
    for (unsigned k = 0; k < cores && !failed; k++) {
      failed = !same_registers(rtl, k, [&](uint32_t off) {
        return vmc_mmu_model_reg_read(core_model(k), off);
      }, "model");
    }
  };

  for (unsigned k = 0; k < cores; k++) {
    write(k, MMU_REG_TTBR0, kL1Base0);
    write(k, MMU_REG_TTBR1, kL1Base1);
    write(k, MMU_REG_TTBCR, 2);
    write(k, MMU_REG_DACR, 0x55555555u);
    write(k, MMU_REG_CONTEXTIDR, 1 + k);
    write(k, MMU_REG_SCTLR, MMU_SCTLR_M);
  }
  unsigned done = 0;
  while (done < requests && !failed) {
    const unsigned ops = world.rnd(3);
    for (unsigned i = 0; i < ops; i++) {
      const unsigned k = world.rnd(cores);
      const uint32_t ttbcr = vmc_mmu_model_reg_read(core_model(k), MMU_REG_TTBCR);
      const auto o = RandomScript::op(world, ttbcr);
      if (o.first != 0xFFFu) write(k, o.first, o.second);
    }
    // Rounds: every core offers one request or none; all run at once.
    const unsigned rounds = 1 + world.rnd(16);
    for (unsigned round = 0; round < rounds && !failed; round++) {
      std::vector<vmc_mmu_req> reqs(cores);
      std::vector<bool> on(cores, false);
      const unsigned only = round == 0 ? solo : world.rnd(cores);
      for (unsigned k = 0; k < cores; k++) {
        if (shared ? k != only : cores > 1 && world.chance(30)) continue;
        on[k] = true;
        reqs[k] = {world.next_va(), RandomScript::kind(world), world.chance(50) ? 1 : 0};
        rtl.offer(k, reqs[k].va, reqs[k].kind, reqs[k].priv != 0);
      }
      rtl.drain();
      for (unsigned k = 0; k < cores && !failed; k++) {
        if (!on[k]) continue;
        vmc_mmu_resp m;
        vmc_mmu_model_translate(core_model(k), &reqs[k], &m);
        const ClusterXlat got = rtl.responses(k).front();
        rtl.responses(k).pop_front();
        char diff[512];
        if (xlat_diff(got.x, m, diff, sizeof diff) > 0 || got.side.other_l1_filled) {
          std::fprintf(stderr, "%u cores, request #%" PRIu64 " on core %u va=%08x kind=%d: rtl != model: %s%s\n",
                       cores, compared, k, reqs[k].va, int(reqs[k].kind), diff,
                       got.side.other_l1_filled ? " (other L1 filled)" : "");
          g_failures++;
          failed = true;
        }
        walks += m.hit_level == VMC_HIT_WALK;
        compared++;
        done++;
      }
    }
    if ((done / 64) % 8 == 0) check_regs();
  }
  if (!failed) check_regs();
  std::printf("%u cores%s: %" PRIu64 " requests (%" PRIu64 " walks), %" PRIu64
              " broadcasts, %" PRIu64 " cycles\n", cores, shared ? " (shared L2TLB)" : "",
              compared, walks, broadcasts, rtl.cycle());
  vmc_mmu_cluster_destroy(model);
}

}  // namespace

BENCH_CASE(cl_random, "cluster.random_vs_model") {
  for (unsigned cores = 1; cores <= 4 && cores <= kRtlMaxCores; cores++)
    run_cluster_random(cores, 40000, 1600 + cores);
}

BENCH_CASE(cl_l2_random, "cluster.l2_shared_random_vs_model") {
  for (unsigned cores = 1; cores <= 4 && cores <= kRtlMaxCores; cores++)
    run_cluster_random(cores, 30000, 1700 + cores, true);
}

// Core 0 of a cluster (alone, and with two more cores idle) answers exactly as a lone mmu_top
// with the same configuration, requests and memory timing: every response field, the walker's
// reads, the latency in cycles, and every register at the end (MPIDR aside); with one L2TLB
// per core, and a one-core cluster with the shared L2TLB. (With more cores sharing it, the
// cycle in which the others perform an IS command delays an L2TLB lookup by one cycle.)
BENCH_CASE(cl_lone, "cluster.one_core_equals_lone") {
  for (unsigned run = 0; run < 3; run++) {
    const unsigned cores = run == 1 ? 3 : 1;
    const bool shared = run == 2;
    const vmc_mmu_config cfg = make_cfg("1x8:plru", "4x2:lru", "8x2:random", 2);
    const MemTiming timing{3, 3, 0};
    PhysMem mem;
    RandomWorld world(mem, 77);
    world.build(32);
    MmuDriver lone(cfg, mem, timing);
    ClusterDriver cl(cfg, cores, mem, timing);
    if (shared) cl.set_l2tlb_shared(true);
    auto write = [&](uint32_t off, uint32_t v) {
      lone.reg_write(off, v);
      cl.reg_write(0, off, v);
    };
    write(MMU_REG_TTBR0, kL1Base0);
    write(MMU_REG_TTBR1, kL1Base1);
    write(MMU_REG_TTBCR, 1);
    write(MMU_REG_DACR, 0x55555555u);
    write(MMU_REG_CONTEXTIDR, 1);
    write(MMU_REG_SCTLR, MMU_SCTLR_M);
    bool failed = false;
    for (unsigned n = 0; n < 20000 && !failed; n++) {
      if (world.chance(5)) {
        const uint32_t ttbcr = lone.reg_read(MMU_REG_TTBCR);
        const auto o = RandomScript::op(world, ttbcr);
        if (o.first != 0xFFFu) write(o.first, o.second);
      }
      const uint32_t va = world.next_va();
      const vmc_access_kind kind = RandomScript::kind(world);
      const bool priv = world.chance(50);
      const Xlat a = lone.translate(va, kind, priv);
      cl.offer(0, va, kind, priv);
      cl.drain();
      const ClusterXlat b = cl.responses(0).front();
      cl.responses(0).pop_front();
      char diff[512];
      const int d = vmc_mmu_resp_diff(&b.x.r, &a.r, VMC_DIFF_ARCH | VMC_DIFF_LEVEL | VMC_DIFF_FILLS,
                                      diff, sizeof diff);
      if (d > 0 || a.mem_reads != b.x.mem_reads || lone.last().latency() != b.side.latency()) {
        std::fprintf(stderr, "%u cores%s, request %u va=%08x: cluster core 0 != lone mmu_top: %s; "
                     "reads %u/%u, latency %" PRIu64 "/%" PRIu64 "\n", cores,
                     shared ? " (shared L2TLB)" : "", n, va, diff,
                     b.x.mem_reads, a.mem_reads, b.side.latency(), lone.last().latency());
        g_failures++;
        failed = true;
      }
    }
    if (!failed) {
      same_registers(cl, 0, [&](uint32_t off) {
        return off == MMU_REG_MPIDR ? (cores - 1) << MMU_MPIDR_CORES_SHIFT : lone.reg_read(off);
      }, "lone mmu_top");
    }
  }
}

// ---- Shared L2TLB ------------------------------------------------------------------------------

namespace {

// One-entry level-1 TLBs, so that a core's next page misses in level 1 and goes to the L2TLB.
vmc_mmu_config l2_cfg() { return make_cfg("1x1:lru", "1x1:lru", "4x2:lru", 0); }

constexpr uint32_t kP = 0x00501000u, kQ = 0x00502000u, kR = 0x00503000u;

void map_pqr(ClusterRig &r) {
  r.pt.small(kL1Base0, kP, 0x00C01000u, ng_attr());
  r.pt.small(kL1Base0, kQ, 0x00C02000u, ng_attr());
  r.pt.small(kL1Base0, kR, 0x00C03000u, ng_attr());
}

}  // namespace

// Core 1 hits in the shared L2TLB on the page core 0 walked; with one L2TLB per core (the
// negative control) it walks. Each core counts its own L2TLB lookups and hits, and the fill is
// reported by the core whose walk caused it.
BENCH_CASE(cl_l2_hit, "cluster.l2_shared_hit") {
  for (bool shared : {false, true}) {
    const std::string tag = shared ? "shared: " : "private: ";
    ClusterRig r(l2_cfg(), 2, MemTiming{1, 1, 0}, true, shared);
    map_pqr(r);
    r.enable_all();
    const Xlat a = r.rd(0, kP + 0x10u);
    CHECK_EQ(tag + "core 0 walks", a.r.hit_level, VMC_HIT_WALK);
    CHECK_EQ(tag + "core 0 fills the L2TLB", a.r.l2.filled, 1);
    CHECK_EQ(tag + "set of P", a.r.l2.set, 1);   // VA[13:12] of 0x00501000
    const Xlat b = r.rd(1, kP + 0x20u);
    CHECK_EQ(tag + "core 1 level", b.r.hit_level, shared ? VMC_HIT_L2TLB : VMC_HIT_WALK);
    CHECK_EQ(tag + "core 1 pa", b.r.pa, 0x00C01020u);
    CHECK_EQ(tag + "core 1 fills the L2TLB", b.r.l2.filled, shared ? 0 : 1);
    CHECK_EQ(tag + "core 0 lookups", r.cl.reg_read(0, MMU_REG_CNT_L2TLB_LOOKUPS), 1);
    CHECK_EQ(tag + "core 0 hits", r.cl.reg_read(0, MMU_REG_CNT_L2TLB_HITS), 0);
    CHECK_EQ(tag + "core 1 lookups", r.cl.reg_read(1, MMU_REG_CNT_L2TLB_LOOKUPS), 1);
    CHECK_EQ(tag + "core 1 hits", r.cl.reg_read(1, MMU_REG_CNT_L2TLB_HITS), shared ? 1 : 0);
    CHECK_EQ(tag + "core 1 walks", r.cl.reg_read(1, MMU_REG_CNT_WALKS), shared ? 0 : 1);
    // Another ASID on core 1 does not hit ASID 1's nG entry.
    r.cl.reg_write(1, MMU_REG_CONTEXTIDR, 2);
    CHECK_EQ(tag + "other ASID walks", r.rd(1, kP).r.hit_level, VMC_HIT_WALK);
  }
}

// A local TLBIMVA on core 0 removes the page from the shared L2TLB for core 1 too; without it
// core 1 hits there (cluster.l2_shared_hit).
BENCH_CASE(cl_l2_maint, "cluster.l2_shared_tlbimva") {
  ClusterRig r(l2_cfg(), 2, MemTiming{1, 1, 0}, true, true);
  map_pqr(r);
  r.enable_all();
  CHECK_EQ("core 0 walks P", r.rd(0, kP).r.hit_level, VMC_HIT_WALK);
  CHECK_EQ("core 0 walks Q", r.rd(0, kQ).r.hit_level, VMC_HIT_WALK);
  r.pt.small(kL1Base0, kP, 0x00D01000u, ng_attr());   // P remapped: the L2TLB copy is stale
  r.cl.reg_write(0, MMU_REG_TLBIMVA, kP | 1u);
  const Xlat p = r.rd(1, kP);
  CHECK_EQ("core 1 walks P", p.r.hit_level, VMC_HIT_WALK);
  CHECK_EQ("core 1 sees the new P", p.r.pa, 0x00D01000u);
  const Xlat q = r.rd(1, kQ);
  CHECK_EQ("core 1 hits Q in the L2TLB", q.r.hit_level, VMC_HIT_L2TLB);
  CHECK_EQ("core 1 performed nothing", r.cl.reg_read(1, MMU_REG_CNT_FLUSHES), 0);
  // An IS command of core 1: every copy goes (core 1 performs it, core 0 takes it).
  r.cl.reg_write(1, MMU_REG_TLBIASIDIS, 1);
  r.cl.barrier(1);
  CHECK_EQ("core 0 walks Q after TLBIASIDIS", r.rd(0, kQ).r.hit_level, VMC_HIT_WALK);
}

// Arbitration: two cores that miss in level 1 in the same cycle. Round robin from core 0 after
// reset: the pointer moves to the core after each grant. The waiting core answers one cycle
// later than the granted one; both answers are right. Fills of two walks that end in the
// same cycle are arbitrated alike; the same page walked by two cores at once is filled once.
BENCH_CASE(cl_l2_arb, "cluster.l2_shared_arbitration") {
  ClusterRig r(l2_cfg(), 3, MemTiming{1, 1, 0}, true, true);
  map_pqr(r);
  r.enable_all();
  // Core 2 caches P and Q in the shared L2TLB (grants to core 2: the pointer is 3 after).
  r.rd(2, kP);
  r.rd(2, kQ);
  auto both = [&](uint32_t va0, uint32_t va1, ClusterXlat &x0, ClusterXlat &x1) {
    r.cl.offer(0, va0, VMC_ACCESS_READ, true);
    r.cl.offer(1, va1, VMC_ACCESS_READ, true);
    r.cl.drain();
    x0 = r.cl.responses(0).front();
    x1 = r.cl.responses(1).front();
    r.cl.responses(0).clear();
    r.cl.responses(1).clear();
    CHECK_EQ("accepted together", x0.side.accept_cycle, x1.side.accept_cycle);
  };
  // The latency of an L2TLB hit nobody competes for.
  const uint64_t alone = [&] {
    r.cl.offer(2, kR, VMC_ACCESS_READ, true);   // core 2: walk R, L1 now holds R
    r.cl.drain();
    r.cl.responses(2).clear();
    r.cl.offer(2, kP, VMC_ACCESS_READ, true);
    r.cl.drain();
    const ClusterXlat x = r.cl.responses(2).front();
    r.cl.responses(2).clear();
    CHECK_EQ("core 2 hits P in the L2TLB", x.x.r.hit_level, VMC_HIT_L2TLB);
    return x.side.latency();
  }();
  ClusterXlat a, b;
  both(kP, kQ, a, b);   // pointer 3 -> core 0 first (the next at or after 3 that asks)
  CHECK_EQ("core 0 L2TLB hit", a.x.r.hit_level, VMC_HIT_L2TLB);
  CHECK_EQ("core 1 L2TLB hit", b.x.r.hit_level, VMC_HIT_L2TLB);
  CHECK_EQ("core 0 pa", a.x.r.pa, 0x00C01000u);
  CHECK_EQ("core 1 pa", b.x.r.pa, 0x00C02000u);
  CHECK_EQ("core 0 granted first: no wait", a.side.latency(), alone);
  CHECK_EQ("core 1 waited one cycle", b.side.latency(), alone + 1);
  // Core 0 alone (pointer -> 1), then both again: core 1 first now.
  r.cl.offer(0, kR, VMC_ACCESS_READ, true);   // an L2TLB hit (core 2 walked R)
  r.cl.drain();
  r.cl.responses(0).clear();
  both(kQ, kP, a, b);
  CHECK_EQ("core 0 pa (Q)", a.x.r.pa, 0x00C02000u);
  CHECK_EQ("core 1 pa (P)", b.x.r.pa, 0x00C01000u);
  CHECK_EQ("core 1 granted first", b.side.latency(), alone);
  CHECK_EQ("core 0 waited one cycle", a.side.latency(), alone + 1);
  // Two walks at once, of the same new page S: the lookups are granted one cycle apart (core 1
  // first: the pointer is 1 after core 0's grant), both miss and walk; core 1's walk ends first
  // and fills, core 0's fill finds S there and is skipped (no duplicate: the one-hot check is
  // on). Core 2 then hits S in the L2TLB.
  const uint32_t kS = 0x00505000u;
  r.pt.small(kL1Base0, kS, 0x00C05000u, ng_attr());
  both(kS, kS, a, b);
  CHECK_EQ("S: core 0 walks", a.x.r.hit_level, VMC_HIT_WALK);
  CHECK_EQ("S: core 1 walks", b.x.r.hit_level, VMC_HIT_WALK);
  CHECK_EQ("S: core 1 fills", b.x.r.l2.filled, 1);
  CHECK_EQ("S: core 0's fill skipped", a.x.r.l2.filled, 0);
  CHECK_EQ("S: pa", a.x.r.pa, 0x00C05000u);
  CHECK_EQ("S: core 0 one cycle later", a.side.latency(), b.side.latency() + 1);
  CHECK_EQ("core 2 hits S", r.rd(2, kS).r.hit_level, VMC_HIT_L2TLB);
}

int main(int argc, char **argv) { return run_cases(argc, argv); }
