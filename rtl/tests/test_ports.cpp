// Directed benches of the ports and timing (docs/mmu-contract.md §6-§8, docs/rtl.md): hit in
// one cycle and one request per cycle, L2TLB hit one cycle later, walk answers one cycle after
// its last read, memory with random latency and back-pressure, register writes held during a
// walk, ID/CFG registers and the performance counters.
#include <vector>

#include "Vmmu_top.h"
#include "bench_util.h"

using namespace vmc;

BENCH_CASE(ports_hit_timing, "ports.hit_timing") {
  Rig r(make_cfg("1x8:lru", "1x8:lru", "1x8:lru", 0));
  Attr a;
  for (unsigned i = 0; i < 4; i++) r.pt.small(kL1Base0, 0x00001000u * (i + 1), 0x00700000u + (i << 12), a);
  r.enable();
  for (unsigned i = 0; i < 4; i++) r.rd(0x00001000u * (i + 1));
  // Hits: a response in the cycle after acceptance, and a new request every cycle.
  std::vector<RtlReq> reqs;
  for (unsigned i = 0; i < 64; i++) reqs.push_back({0x00001000u * (i % 4 + 1) + 4 * i, VMC_ACCESS_READ, true});
  const uint64_t start = r.mmu.cycle();
  std::vector<RtlSideband> when;
  const std::vector<Xlat> out = r.mmu.stream(reqs, 0, &when);
  for (size_t i = 0; i < out.size(); i++) {
    CHECK_EQ("hit level", out[i].r.hit_level, VMC_HIT_L1TLB);
    CHECK_EQ("one-cycle hit", when[i].latency(), 1);
    if (i) CHECK_EQ("back to back", when[i].accept_cycle - when[i - 1].accept_cycle, 1);
  }
  CHECK_EQ("64 hits in 65 cycles", r.mmu.cycle() - start, 65);
  // L2TLB hit: one cycle later than an L1 hit (fetches miss the ITLB, hit the L2TLB).
  Xlat l2 = r.fx(0x00001000u);
  CHECK_EQ("L2 hit level", l2.r.hit_level, VMC_HIT_L2TLB);
  CHECK_EQ("L2 hit latency", r.mmu.last().latency(), 2);
}

// Fixed latency L, no walk cache: accept (a), lookup (a+1), walker start; L1 read requested in
// a+2 and answered in a+2+L; L2 read requested in a+3+L and answered in a+3+2L; response in
// a+4+2L. WALK_CYCLES counts a+2 .. a+4+2L, that is 2L+3 cycles.
BENCH_CASE(ports_walk_timing, "ports.walk_timing") {
  for (unsigned lat = 1; lat <= 7; lat += 3) {
    Rig r(make_cfg("1x8:lru", "1x8:lru", "none", 0), MemTiming{lat, lat, 0});
    Attr a;
    r.pt.small(kL1Base0, 0x00005000u, 0x00905000u, a);
    r.pt.section(kL1Base0, 0x00800000u, 0x00800000u, a);
    r.enable();
    const std::string tag = "latency " + std::to_string(lat);
    Xlat p = r.rd(0x00005000u);
    CHECK_EQ(tag + " two-level walk latency", r.mmu.last().latency(), 2 * lat + 4);
    CHECK_EQ(tag + " two-level walk cycles", p.walk_cycles, 2 * lat + 3);
    r.rd(0x00800000u);
    CHECK_EQ(tag + " section walk latency", r.mmu.last().latency(), lat + 3);
    CHECK_EQ(tag + " WALK_CYCLES", r.reg(MMU_REG_CNT_WALK_CYCLES), (2 * lat + 3) + (lat + 2));
    // A PD0 fault reads no memory: lookup (a+1), walker decides (a+1), response in a+2.
    r.mmu.reg_write(MMU_REG_TTBCR, MMU_TTBCR_PD0);
    Xlat pd = r.rd(0x00600000u);
    CHECK_EQ(tag + " PD0 fault", pd.r.fs, VMSA_FS_TRANSLATION_SECTION);
    CHECK_EQ(tag + " PD0 latency", r.mmu.last().latency(), 2);
    CHECK_EQ(tag + " PD0 adds no walk cycles", r.reg(MMU_REG_CNT_WALK_CYCLES),
             (2 * lat + 3) + (lat + 2));
  }
}

// Random latency and back-pressure change timing only: the answers equal those of a 1-cycle
// memory, and WALK_CYCLES equals the bench's own count.
BENCH_CASE(ports_memory_latency, "ports.memory_latency") {
  const vmc_mmu_config cfg = make_cfg("1x4:plru", "2x2:fifo", "4x2:lru", 2);
  std::vector<std::vector<Xlat>> runs;
  for (int slow = 0; slow < 2; slow++) {
    Rig r(cfg, slow ? MemTiming{1, 30, 70} : MemTiming{1, 1, 0}, 99);
    Attr a;
    for (unsigned i = 0; i < 40; i++) {
      a.domain = i % 3;
      a.ap = 1 + i % 3;
      if (i % 5 == 0) r.pt.section(kL1Base0, i << 20, 0x40000000u + (i << 20), a);
      else if (i % 5 == 1) r.pt.large(kL1Base0, (i << 20) | 0x30000u, 0x50000000u + (i << 20), a);
      else if (i % 5 != 4) r.pt.small(kL1Base0, (i << 20) | (i << 12), 0x60000000u + (i << 12), a);
    }
    r.enable();
    std::vector<RtlReq> reqs;
    for (unsigned k = 0; k < 3000; k++) {
      const unsigned i = (k * 7 + k / 13) % 40;
      reqs.push_back({(i << 20) | ((k * 0x1357u) & 0x3FFFFu), vmc_access_kind(k % 3), (k & 4) != 0});
    }
    runs.push_back(r.mmu.stream(reqs, slow ? 30 : 0));
    CHECK_EQ("WALK_CYCLES = bench count", r.reg(MMU_REG_CNT_WALK_CYCLES),
             uint32_t(r.mmu.walk_cycles_seen()));
    if (slow) CHECK_EQ("slow memory costs cycles", r.mmu.walk_cycles_seen() > 3000, 1);
  }
  for (size_t k = 0; k < runs[0].size(); k++) {
    CHECK_EQ("pa", runs[1][k].r.pa, runs[0][k].r.pa);
    CHECK_EQ("fsr", runs[1][k].r.fsr, runs[0][k].r.fsr);
    CHECK_EQ("hit level", runs[1][k].r.hit_level, runs[0][k].r.hit_level);
    CHECK_EQ("dtlb way", runs[1][k].r.l1.way, runs[0][k].r.l1.way);
    CHECK_EQ("l2 fill", runs[1][k].r.l2.filled, runs[0][k].r.l2.filled);
  }
}

// A register write is held (pready low) while a walk is in flight; a read is not.
BENCH_CASE(ports_write_hold, "ports.write_held_during_walk") {
  Rig r(make_cfg("1x8:lru", "1x8:lru", "none", 0), MemTiming{20, 20, 0});
  Attr a;
  r.pt.small(kL1Base0, 0x00005000u, 0x00905000u, a);
  r.enable();
  Vmmu_top &t = r.mmu.top();
  t.req_valid_i = 1;
  t.req_va_i = 0x00005000u;
  t.req_access_i = VMC_ACCESS_READ;
  t.req_user_i = 0;
  r.mmu.tick();                 // accepted
  t.req_valid_i = 0;
  r.mmu.tick();                 // lookup: miss, walk starts
  t.psel_i = 1;
  t.pwrite_i = 1;
  t.paddr_i = MMU_REG_DACR;
  t.pwdata_i = 0;               // would turn the answer into a domain fault
  r.mmu.tick();                 // setup phase
  t.penable_i = 1;
  unsigned held = 0;
  bool answered = false;
  for (unsigned n = 0; n < 200; n++) {
    t.clk_i = 0;
    t.eval();
    if (t.rsp_valid_o) {
      answered = true;
      CHECK_EQ("answer uses the old DACR", t.rsp_fault_o, VMC_FAULT_NONE);
      CHECK_EQ("answer pa", t.rsp_pa_o, 0x00905000u);
      CHECK_EQ("write still held in the answer cycle", t.pready_o, 0);
    }
    const bool done = t.pready_o;
    if (!done) held++;
    r.mmu.tick();
    if (done) break;
  }
  t.psel_i = 0;
  t.penable_i = 0;
  t.pwrite_i = 0;
  CHECK_EQ("answered", answered, 1);
  CHECK_EQ("held for the walk", held > 40, 1);
  CHECK_EQ("write landed", r.reg(MMU_REG_DACR), 0);
  CHECK_EQ("new DACR applies", r.rd(0x00005000u).r.fault, VMC_FAULT_DOMAIN);
}

BENCH_CASE(ports_id_cfg, "ports.id_cfg") {
  Rig r(make_cfg("2x16:plru", "8x4:random", "64x4:lru", 8));
  const uint32_t id = r.reg(MMU_REG_ID);
  CHECK_EQ("version", (id & MMU_ID_VERSION_MASK) >> MMU_ID_VERSION_SHIFT, MMU_ID_VERSION);
  CHECK_EQ("l2 present", id & MMU_ID_L2TLB, MMU_ID_L2TLB);
  CHECK_EQ("wc present", id & MMU_ID_WCACHE, MMU_ID_WCACHE);
  const vmc_mmu_limits lim = MmuDriver::max_limits();
  CHECK_EQ("cfg itlb", r.reg(MMU_REG_CFG_ITLB),
           16u | (1u << MMU_CFG_LOG2_SETS_SHIFT) | (MMU_CFG_POLICY_PLRU << MMU_CFG_POLICY_SHIFT) |
               (lim.itlb_entries << MMU_CFG_MAX_SHIFT));
  CHECK_EQ("cfg dtlb", r.reg(MMU_REG_CFG_DTLB),
           4u | (3u << MMU_CFG_LOG2_SETS_SHIFT) | (MMU_CFG_POLICY_RANDOM << MMU_CFG_POLICY_SHIFT) |
               (lim.dtlb_entries << MMU_CFG_MAX_SHIFT));
  CHECK_EQ("cfg l2", r.reg(MMU_REG_CFG_L2TLB),
           4u | (6u << MMU_CFG_LOG2_SETS_SHIFT) | (MMU_CFG_POLICY_LRU << MMU_CFG_POLICY_SHIFT) |
               (lim.l2tlb_entries << MMU_CFG_MAX_SHIFT));
  CHECK_EQ("cfg wc", r.reg(MMU_REG_CFG_WCACHE), 8u | (lim.walk_cache_entries << MMU_CFG_WC_MAX_SHIFT));
  r.mmu.reg_write(MMU_REG_ID, 0xFFFFFFFFu);
  CHECK_EQ("ID is read-only", r.reg(MMU_REG_ID), id);
  CHECK_EQ("commands read 0", r.reg(MMU_REG_TLBIMVA), 0);
  r.mmu.reg_write(MMU_REG_CONTEXTIDR, 0x12345678u);
  CHECK_EQ("CONTEXTIDR reads back", r.reg(MMU_REG_CONTEXTIDR), 0x12345678u);
  Rig n(make_cfg("1x8:lru", "1x8:lru", "none", 0));
  CHECK_EQ("no l2, no wc", n.reg(MMU_REG_ID), MMU_ID_VERSION << MMU_ID_VERSION_SHIFT);
  CHECK_EQ("absent l2 cfg", n.reg(MMU_REG_CFG_L2TLB), lim.l2tlb_entries << MMU_CFG_MAX_SHIFT);
}

BENCH_CASE(ports_counters, "ports.counters") {
  Rig r(make_cfg("1x2:lru", "1x2:lru", "1x4:lru", 2));
  Attr a;
  a.ap = 2;   // privileged RW, user RO
  r.pt.small(kL1Base0, 0x00001000u, 0x00A01000u, a);   // A
  r.pt.section(kL1Base0, 0x00800000u, 0x00800000u, a); // B
  r.pt.small(kL1Base0, 0x00004000u, 0x00A04000u, a);   // D, same L2 table as A
  r.enable();
  r.rd(0x00001000u);          // 1: DTLB miss, L2 miss, walk to level 2 (fills walk cache)
  r.rd(0x00001004u);          // 2: DTLB hit
  r.fx(0x00001008u);          // 3: ITLB miss, L2 hit
  r.rd(0x00800000u);          // 4: walk ending at level 1
  r.rd(0x00C00000u);          // 5: walk, translation fault at level 1
  r.rd(0x00004000u);          // 6: walk-cache hit, level 2; the DTLB evicts A (LRU)
  Xlat p = r.wr(0x00001000u, false);   // 7: DTLB miss, L2 hit, permission fault
  CHECK_EQ("step 7 level", p.r.hit_level, VMC_HIT_L2TLB);
  CHECK_EQ("step 7 fault", p.r.fault, VMC_FAULT_PERMISSION);
  const uint32_t want[][2] = {
      {MMU_REG_CNT_REQUESTS, 7},      {MMU_REG_CNT_ITLB_LOOKUPS, 1}, {MMU_REG_CNT_ITLB_HITS, 0},
      {MMU_REG_CNT_DTLB_LOOKUPS, 6},  {MMU_REG_CNT_DTLB_HITS, 1},    {MMU_REG_CNT_L2TLB_LOOKUPS, 6},
      {MMU_REG_CNT_L2TLB_HITS, 2},    {MMU_REG_CNT_WALKS, 4},        {MMU_REG_CNT_WALKS_L1, 2},
      {MMU_REG_CNT_WALKS_L2, 2},      {MMU_REG_CNT_WCACHE_HITS, 1},  {MMU_REG_CNT_FAULT_TRANS, 1},
      {MMU_REG_CNT_FAULT_DOMAIN, 0},  {MMU_REG_CNT_FAULT_PERM, 1},   {MMU_REG_CNT_FAULT_AFLAG, 0},
      {MMU_REG_CNT_FLUSHES, 0},
  };
  for (auto &w : want) CHECK_EQ("counter " + std::to_string(w[0]), r.reg(w[0]), w[1]);
  r.mmu.reg_write(MMU_REG_CNT_CTRL, MMU_CNT_CTRL_RESET);
  for (uint32_t off = MMU_REG_CNT_REQUESTS; off <= MMU_REG_CNT_LAST; off += 4)
    CHECK_EQ("cleared " + std::to_string(off), r.reg(off), 0);
  r.mmu.reg_write(MMU_REG_TLBIALL, 0);
  CHECK_EQ("flushes", r.reg(MMU_REG_CNT_FLUSHES), 1);
}



// One clock edge of an idle MMU with `poke` applied to its inputs (an assertion must stop it).
template <typename Poke> void edge_with(Poke poke) {
  Rig r(make_cfg("1x8:lru", "1x8:lru", "none", 0));
  Vmmu_top &t = r.mmu.top();
  r.mmu.idle(2);
  poke(t);
  t.clk_i = 0;
  t.eval();
  t.clk_i = 1;
  t.eval();
}

// The assertions really run in the Verilated model: a memory response with no read in flight
// must stop the simulation with mmu_ptw's message (rtl.assert.fires checks the exit status and
// the message; this case returning normally is a failure).
BENCH_CASE(assert_fires, "assert.spurious_memory_response") {
  edge_with([](Vmmu_top &t) { t.mem_rsp_valid_i = 1; });   // nothing was requested
  std::fprintf(stderr, "the spurious memory response went unnoticed\n");
  g_failures++;
}

// Skipping cycles is legal only while the walker waits for a read: with the MMU idle,
// idle_cycles_i must stop the simulation with mmu_top's message (rtl.assert.idle_skip).
BENCH_CASE(assert_idle_skip, "assert.idle_skip_not_waiting") {
  edge_with([](Vmmu_top &t) { t.idle_cycles_i = 5; });   // no walk in flight
  std::fprintf(stderr, "idle cycles skipped with no walk went unnoticed\n");
  g_failures++;
}

// Static configuration is checked at the first edge after reset only (the chk_first_q flop of
// rtl/mmu_assert_first.svh): a plru TLB of 3 ways must stop the simulation there with
// mmu_replacement_plru's message (rtl.assert.first_edge). If chk_first_q never rose, the MMU
// would run on and this case would fail.
BENCH_CASE(assert_first_edge, "assert.plru_ways_first_edge") {
  vmc_mmu_config c = make_cfg("1x4:plru", "1x8:lru", "none", 0);
  Rig r(c);
  // MmuDriver refuses 3 plru ways (vmc_mmu_config_check): reset the model through the ports
  // with them, as a harness that checks nothing would.
  c.itlb.ways = 3;
  vmc::reset(r.mmu.top(), c, true);
  r.mmu.idle(2);
  std::fprintf(stderr, "a plru TLB of 3 ways went unnoticed\n");
  g_failures++;
}

int main(int argc, char **argv) { return run_cases(argc, argv); }
