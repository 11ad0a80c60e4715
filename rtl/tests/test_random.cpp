// Seeded random benches: random page tables, accesses, register changes, page-table edits and
// maintenance, run through the Verilated MMU and the C reference model (vmcmodel) side by side.
// Every response (PA, attributes, size, fault, FS, FSR, hit level, memory reads, fills and
// victims of every TLB level) and, every few hundred operations, every register and counter
// are compared; WALK_CYCLES, which the model does not predict, is compared with the bench's
// own count of walk cycles. Software here keeps the B3.10 rules (TLBIALL after a change of
// TTBCR.N or a TTBR), so the RTL runs with its one-hot-hit assertion on.
#include <cinttypes>
#include <cstdlib>
#include <random>
#include <stdexcept>
#include <vector>

#include "bench_util.h"
#include "random_world.h"
#include "vmcosim/mmu_model.h"

using namespace vmc;

namespace {

struct Compare {
  uint64_t index = 0;
  bool failed = false;
  uint64_t by_level[4] = {0, 0, 0, 0};
  uint64_t by_fault[5] = {0, 0, 0, 0, 0};
  uint64_t evictions = 0, wc_hits = 0;

  void fail(const RtlReq &q, const char *what) {
    if (!failed) {
      std::fprintf(stderr, "request #%" PRIu64 " va=%08x kind=%d priv=%d: rtl != model: %s\n",
                   index, q.va, int(q.kind), int(q.priv), what);
    }
    failed = true;
    g_failures++;
  }

  void response(const RtlReq &q, const Xlat &x, const RtlSideband &side, const vmc_mmu_resp &m) {
    char diff[512];
    if (xlat_diff(x, m, diff, sizeof diff) > 0) fail(q, diff);
    if (side.other_l1_filled)
      fail(q, q.kind == VMC_ACCESS_FETCH ? "dtlb filled on a fetch" : "itlb filled on a data access");
    by_level[m.hit_level & 3]++;
    by_fault[m.fault % 5]++;
    evictions += (m.l1.filled && m.l1.evicted) + (m.l2.filled && m.l2.evicted);
    wc_hits += m.hit_level == VMC_HIT_WALK && m.wcache.hit;
    index++;
  }
};

struct RandomCase {
  const char *itlb, *dtlb, *l2;
  unsigned wc;
  unsigned requests;
  uint64_t seed;
  MemTiming timing;
  unsigned gap_pct;
};

void run_random(const RandomCase &rc) {
  const vmc_mmu_config cfg = make_cfg(rc.itlb, rc.dtlb, rc.l2, rc.wc);
  PhysMem mem;
  RandomWorld world(mem, rc.seed);
  world.build(48);
  MmuDriver rtl(cfg, mem, rc.timing, rc.seed ^ 0x5EED);
  vmc_mmu_model *model = vmc_mmu_model_create(&cfg, PhysMem::read_cb, &mem);
  if (!model) throw std::runtime_error("vmc_mmu_model_create refused the configuration");
  const vmc_mmu_limits lim = MmuDriver::max_limits();
  vmc_mmu_model_set_limits(model, &lim);
  Compare cmp;
  uint64_t walk_cycles_base = 0;

  auto write = [&](uint32_t off, uint32_t v) {
    rtl.reg_write(off, v);
    vmc_mmu_model_reg_write(model, off, v);
    if (off == MMU_REG_CNT_CTRL && (v & MMU_CNT_CTRL_RESET)) walk_cycles_base = rtl.walk_cycles_seen();
  };
  auto check_regs = [&]() {
    if (cmp.failed) return;   // the model stopped mid-batch: counters would differ anyway
    for (uint32_t off = 0; off <= MMU_REG_CNT_LAST; off += 4) {
      const uint32_t got = rtl.reg_read(off);
      uint32_t want = vmc_mmu_model_reg_read(model, off);
      if (off == MMU_REG_CNT_WALK_CYCLES) want = uint32_t(rtl.walk_cycles_seen() - walk_cycles_base);
      if (got != want) {
        std::fprintf(stderr, "after %" PRIu64 " requests: register 0x%03x: rtl 0x%08x, %s 0x%08x\n",
                     cmp.index, off, got,
                     off == MMU_REG_CNT_WALK_CYCLES ? "bench count" : "model", want);
        g_failures++;
        cmp.failed = true;
      }
    }
  };

  write(MMU_REG_TTBR0, kL1Base0);
  write(MMU_REG_TTBR1, kL1Base1);
  write(MMU_REG_TTBCR, 2);
  write(MMU_REG_DACR, 0x55555555u);
  write(MMU_REG_CONTEXTIDR, 1);
  write(MMU_REG_SCTLR, MMU_SCTLR_M);

  static const uint8_t asids[] = {1, 2, 3, 200};
  unsigned done = 0;
  std::vector<RtlReq> batch;
  while (done < rc.requests && !cmp.failed) {
    // A few register operations between batches.
    const unsigned ops = world.rnd(3);
    for (unsigned i = 0; i < ops; i++) {
      const unsigned r = world.rnd(1000);
      if (r < 150) {
        write(MMU_REG_CONTEXTIDR, (uint32_t(world.rng()()) & ~0xFFu) | asids[world.rnd(4)]);
      } else if (r < 230) {
        uint32_t dacr = 0;
        for (unsigned d = 0; d < 16; d++) {
          const unsigned k = world.rnd(10);
          dacr |= uint32_t(k < 6 ? 1 : k < 8 ? 3 : k < 9 ? 0 : 2) << (2 * d);
        }
        write(MMU_REG_DACR, dacr);
      } else if (r < 260) {
        const uint32_t sctlr = (world.chance(97) ? MMU_SCTLR_M : 0) |
                               (world.chance(25) ? MMU_SCTLR_AFE : 0) |
                               (uint32_t(world.rng()()) & 0x00C00800u);   // ignored bits
        write(MMU_REG_SCTLR, sctlr);
      } else if (r < 290) {
        const uint32_t old_n = vmc_mmu_model_reg_read(model, MMU_REG_TTBCR) & MMU_TTBCR_N_MASK;
        const uint32_t n = world.chance(50) ? old_n : world.rnd(8);
        write(MMU_REG_TTBCR, n | (world.chance(5) ? MMU_TTBCR_PD0 : 0) |
                                 (world.chance(5) ? MMU_TTBCR_PD1 : 0));
        if (n != old_n) write(MMU_REG_TLBIALL, 0);   // B3.10: the split changed
      } else if (r < 560) {
        world.mutate();
      } else if (r < 680) {
        write(MMU_REG_TLBIMVA, (world.next_va() & MMU_TLBI_MVA_MASK) | asids[world.rnd(4)]);
      } else if (r < 760) {
        write(MMU_REG_TLBIMVAA, world.next_va() & MMU_TLBI_MVA_MASK);
      } else if (r < 840) {
        write(MMU_REG_TLBIASID, asids[world.rnd(4)]);
      } else if (r < 870) {
        write(MMU_REG_TLBIALL, 0);
      } else if (r < 880) {
        write(MMU_REG_CNT_CTRL, MMU_CNT_CTRL_RESET);
      } else if (r < 890) {
        static const uint32_t fr[] = {MMU_REG_DFSR, MMU_REG_DFAR, MMU_REG_IFSR, MMU_REG_IFAR};
        write(fr[world.rnd(4)], uint32_t(world.rng()()));
      }
    }
    batch.clear();
    const unsigned n = 1 + world.rnd(64);
    for (unsigned i = 0; i < n; i++) {
      const unsigned k = world.rnd(4);
      batch.push_back({world.next_va(), k < 2 ? VMC_ACCESS_READ : k < 3 ? VMC_ACCESS_WRITE
                                                                       : VMC_ACCESS_FETCH,
                       world.chance(50)});
    }
    std::vector<RtlSideband> side;
    const std::vector<Xlat> got = rtl.stream(batch, rc.gap_pct, &side);
    for (size_t i = 0; i < batch.size() && !cmp.failed; i++) {
      vmc_mmu_req q{batch[i].va, batch[i].kind, batch[i].priv ? 1 : 0};
      vmc_mmu_resp m;
      vmc_mmu_model_translate(model, &q, &m);
      cmp.response(batch[i], got[i], side[i], m);
    }
    done += n;
    if ((done / 64) % 16 == 0 || done >= rc.requests) check_regs();
  }
  check_regs();
  std::printf("%u requests, %" PRIu64 " cycles; flat/l1/l2/walk %" PRIu64 "/%" PRIu64 "/%" PRIu64
              "/%" PRIu64 "; faults trans/aflag/domain/perm %" PRIu64 "/%" PRIu64 "/%" PRIu64
              "/%" PRIu64 "; evictions %" PRIu64 ", walk-cache hits %" PRIu64 "\n",
              done, rtl.cycle(), cmp.by_level[0], cmp.by_level[1], cmp.by_level[2],
              cmp.by_level[3], cmp.by_fault[1], cmp.by_fault[2], cmp.by_fault[3],
              cmp.by_fault[4], cmp.evictions, cmp.wc_hits);
  vmc_mmu_model_destroy(model);
}

}  // namespace

// 4.3 million requests in all; geometries cover every policy, set-associative and fully
// associative TLBs, non-power-of-two ways, with and without L2TLB and walk cache.
BENCH_CASE(rnd_default, "random.default") {
  run_random({"1x32:plru", "1x32:plru", "64x4:lru", 8, 1000000, 101, {1, 4, 20}, 0});
}
BENCH_CASE(rnd_lru, "random.lru_sets") {
  run_random({"4x4:lru", "8x2:lru", "none", 0, 500000, 202, {1, 1, 0}, 20});
}
BENCH_CASE(rnd_fifo, "random.fifo") {
  run_random({"2x8:fifo", "16x4:fifo", "32x8:fifo", 4, 500000, 303, {1, 3, 10}, 0});
}
BENCH_CASE(rnd_random, "random.random") {
  run_random({"1x8:random", "4x3:random", "128x2:random", 16, 500000, 404, {2, 6, 30}, 10});
}
BENCH_CASE(rnd_tiny, "random.tiny") {
  run_random({"1x1:lru", "1x2:plru", "none", 1, 500000, 505, {1, 2, 0}, 0});
}
BENCH_CASE(rnd_big, "random.big") {
  run_random({"1x256:plru", "64x4:lru", "256x4:plru", 16, 500000, 606, {1, 8, 25}, 5});
}
BENCH_CASE(rnd_mixed, "random.mixed") {
  run_random({"8x8:fifo", "1x64:lru", "1x16:fifo", 2, 500000, 707, {1, 2, 5}, 0});
}
BENCH_CASE(rnd_slow_mem, "random.slow_memory") {
  run_random({"2x4:plru", "1x5:lru", "4x5:random", 3, 300000, 808, {5, 40, 60}, 40});
}

// A longer soak with large structures and slow memory (label bench: bench.rtl.random_soak).
BENCH_CASE(rnd_soak, "random.soak") {
  run_random({"4x64:lru", "16x16:plru", "256x4:fifo", 16, 4000000, 909, {1, 12, 30}, 10});
  run_random({"1x128:random", "1x256:lru", "128x8:plru", 16, 4000000, 910, {1, 3, 0}, 0});
}

int main(int argc, char **argv) { return run_cases(argc, argv); }
