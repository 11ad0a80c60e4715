// Speed of the co-simulation, one trace three ways (docs/cosim.md#speed):
//   full        vmcosim in RTL mode (trace player, firmware, statistics, SystemC), waveforms off
//   bare        a plain loop stepping the same Verilated mmu_top over the same translations,
//               with page tables written by this program (every page the trace touches, 4 KiB
//               pages, no faults) and the same walker latency
//   functional  vmcosim --mode functional (the reference model)
// and the ratios. full and functional run as child processes (SystemC elaborates once per
// process) and report their own CPU time after boot (--host-stats); the bare loop's CPU time is
// measured here, after its setup. The trace has no warm-up marker, so all three time the same
// accesses. All figures are accesses per CPU second. A shared VM's speed drifts between runs, so
// the three are run interleaved ROUNDS times and the best rate of each is kept.
//
// usage: bench_cosim VMCOSIM TRACE [LATENCY [ROUNDS]]
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unordered_set>
#include <vector>

#include "mmu_ports.h"
#include "verilated.h"
#include "vmcosim/armv7_vmsa.h"
#include "vmcosim/mmu_regs.h"
#include "vmctrace/vmctrace.h"
#include "vmcutil/number.h"

namespace {

struct Req {
  uint32_t va;
  uint8_t kind, user;
};

// CPU time of this thread: steadier than wall time on a shared machine, and what vmcosim's
// accessesPerCpuSecond measures too.
double now() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

// vmcosim's own speed (--host-stats): accesses per CPU second after boot, and the run's whole
// CPU time (boot included).
struct HostSpeed {
  double rate = 0, run_cpu_seconds = 0;
};

double json_number(const std::string &s, const char *key) {
  const std::string k = std::string("\"") + key + "\": ";
  const size_t p = s.find(k);
  return p == std::string::npos ? 0 : std::atof(s.c_str() + p + k.size());
}

// Runs vmcosim with --host-stats; rate 0 on failure.
HostSpeed run_vmcosim(const std::string &bin, const std::string &trace, const std::string &extra,
                      const std::string &json) {
  const std::string cmd = bin + " --quiet --host-stats --stats " + json + " " + extra + " " +
                          trace + " 2>/dev/null";
  if (std::system(cmd.c_str()) != 0) return {};
  FILE *f = std::fopen(json.c_str(), "r");
  if (!f) return {};
  std::string s;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) s.append(buf, n);
  std::fclose(f);
  return {json_number(s, "accessesPerCpuSecond"), json_number(s, "runCpuSeconds")};
}

// The bare loop's memory: a flat array over the page-table area and a word reader.
struct Mem {
  static constexpr uint32_t kBase = 0x80000000u, kSize = 8u << 20;
  std::vector<uint32_t> w = std::vector<uint32_t>(kSize / 4);
  uint32_t read32(uint32_t pa) const {
    return pa - kBase < kSize ? w[(pa - kBase) / 4] : 0;
  }
  void write(uint32_t pa, uint32_t v) { w[(pa - kBase) / 4] = v; }
};

// The loop: the Verilated MMU stepped through the shared ports (mmu_ports.h) with a fixed
// walker latency, one request at a time as vmcosim offers them.
struct Bare {
  Vmmu_top &t;
  const Mem &mem;
  unsigned latency;
  vmc::WalkerMemory port;
  uint64_t cycles = 0;

  // Inlined into the timed loop: the bare loop has no call per cycle.
  [[gnu::always_inline]] void rise() {
    const vmc::WalkerMemory::Edge e = vmc::walker_edge(t);
    t.clk_i = 1;
    t.eval();
    cycles++;
    port.after_edge(e, [this] { return latency; });
    vmc::drive_walker_response(t, port, mem);
    t.mem_req_ready_i = !port.busy();
  }
  [[gnu::always_inline]] void settle() {
    t.clk_i = 0;
    t.eval();
  }
  void cycle() {
    rise();
    settle();
  }
  void reg_write(uint32_t off, uint32_t v) {
    vmc::reg_transfer(t, true, off, v, [this] { rise(); }, [this] { settle(); });
  }
  uint32_t translate(const Req &r) {
    vmc::offer_request(t, r.va, vmc_access_kind(r.kind), !r.user);
    while (!t.req_ready_o) cycle();
    cycle();
    t.req_valid_i = 0;
    while (!t.rsp_valid_o) cycle();
    return t.rsp_fault_o;
  }
};

// One bare run on a fresh model: accesses per CPU second over reqs.
double bare_rate(const vmc_mmu_config &cfg, unsigned latency, const Mem &mem, uint32_t l1,
                 const std::vector<Req> &reqs, unsigned &faults, uint64_t &cycles) {
  VerilatedContext ctx;
  Vmmu_top t(&ctx, "mmu");
  vmc::reset(t, cfg, false);   // as vmcosim in RTL mode (--double-hit-check auto)
  t.mem_req_ready_i = 1;
  t.eval();
  Bare b{t, mem, latency, {}};
  b.reg_write(MMU_REG_TTBR0, l1);
  b.reg_write(MMU_REG_DACR, 0x55555555u);
  b.reg_write(MMU_REG_CONTEXTIDR, 1);
  b.reg_write(MMU_REG_SCTLR, MMU_SCTLR_M);

  const uint64_t c0 = b.cycles;
  const double t0 = now();
  faults = 0;
  for (const Req &r : reqs) faults += b.translate(r) != 0;
  const double secs = now() - t0;
  cycles = b.cycles - c0;
  t.final();
  return double(reqs.size()) / secs;
}

}  // namespace

int main(int argc, char **argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: bench_cosim VMCOSIM TRACE [LATENCY]\n");
    return 2;
  }
  const std::string vmcosim = argv[1], trace = argv[2];
  uint64_t latency = 10, rounds = 5;
  if ((argc > 3 && vmc_parse_u64(argv[3], VMC_NUM_NO_SUFFIX, 100000, &latency) != VMC_NUM_OK) ||
      (argc > 4 && vmc_parse_u64(argv[4], VMC_NUM_NO_SUFFIX, 1000, &rounds) != VMC_NUM_OK) ||
      latency < 1 || rounds < 1) {
    std::fprintf(stderr, "bench_cosim: LATENCY and ROUNDS must be at least 1\n");
    return 2;
  }

  // The trace's accesses, decoded before timing.
  std::vector<Req> reqs;
  std::unordered_set<uint32_t> pages;
  {
    vmc_trace_err err;
    vmc_trace_reader *r = vmc_trace_open(trace.c_str(), &err);
    if (!r) {
      std::fprintf(stderr, "%s\n", err.msg);
      return 1;
    }
    vmc_record rec;
    while (vmc_trace_next(r, &rec) == 1) {
      if (rec.kind != VMC_ACCESS) continue;
      reqs.push_back({rec.va, rec.op, uint8_t(!rec.priv)});
      pages.insert(rec.va >> 12);
    }
    vmc_trace_close(r);
  }

  // Page tables as the firmware would build them for one process: a 16 KiB level-1 table
  // (TTBCR.N = 0 keeps it simple), one level-2 table per MiB, user RW executable small pages.
  Mem mem;
  const uint32_t l1 = Mem::kBase, l2_pool = Mem::kBase + 0x4000;
  uint32_t next_l2 = l2_pool, next_frame = Mem::kBase + (1u << 20);
  for (uint32_t vpn : pages) {
    const uint32_t va = vpn << 12;
    const uint32_t slot = l1 + ((va >> 20) << 2);
    uint32_t d = mem.read32(slot);
    if ((d & 3u) != VMSA_L1_TYPE_PAGE_TABLE) {
      d = next_l2 | VMSA_L1_TYPE_PAGE_TABLE;
      next_l2 += 1024;
      mem.write(slot, d);
    }
    const uint32_t pte = (next_frame & VMSA_SMALL_BASE_MASK) | (3u << VMSA_L2_AP10_SHIFT) |
                         VMSA_L2_NG | VMSA_L2_SMALL_BIT;
    next_frame += 4096;
    mem.write((d & VMSA_L1_PT_BASE_MASK) | (((va >> 12) & 0xFFu) << 2), pte);
  }

  // vmcosim's default configuration (1x32:plru ITLB and DTLB, 64x4:lru L2TLB, 8 walk-cache
  // entries), shrunk to what this RTL build holds; both loops use the same.
  vmc_mmu_config mmu{};
  const uint32_t l1_ways = VMC_RTL_MAX_L1_ENTRIES < 32 ? VMC_RTL_MAX_L1_ENTRIES : 32;
  const uint32_t l2_sets = VMC_RTL_MAX_L2_ENTRIES / 4 < 64 ? VMC_RTL_MAX_L2_ENTRIES / 4 : 64;
  mmu.itlb = mmu.dtlb = {1, l1_ways, VMC_POLICY_PLRU};
  mmu.l2tlb = {l2_sets, 4, VMC_POLICY_LRU};   // both powers of two
  mmu.walk_cache_entries = VMC_RTL_MAX_WC_ENTRIES < 8 ? VMC_RTL_MAX_WC_ENTRIES : 8;
  char itlb[32], l2tlb[32];
  vmc_mmu_config_format_tlb(&mmu.itlb, itlb, sizeof itlb);
  vmc_mmu_config_format_tlb(&mmu.l2tlb, l2tlb, sizeof l2tlb);
  const std::string cfg = std::string("--itlb ") + itlb + " --dtlb " + itlb + " --l2tlb " +
                          l2tlb + " --walk-cache " + std::to_string(mmu.walk_cache_entries) +
                          " --mem-latency " + std::to_string(latency);

  const std::string json = trace + ".bench.json";
  double bare = 0, full = 0, func = 0, bare_cps = 0, full_run = 0;
  unsigned faults = 0;
  for (uint64_t i = 0; i < rounds; i++) {
    uint64_t cycles = 0;
    const double b = bare_rate(mmu, unsigned(latency), mem, l1, reqs, faults, cycles);
    if (b > bare) {
      bare = b;
      bare_cps = b * double(cycles) / double(reqs.size());
    }
    const HostSpeed f = run_vmcosim(vmcosim, trace, cfg, json);
    const HostSpeed fn = run_vmcosim(vmcosim, trace, cfg + " --mode functional", json);
    if (f.rate <= 0 || fn.rate <= 0) {   // a failed run is an error, not a slow one
      full = func = 0;
      break;
    }
    full = f.rate > full ? f.rate : full;
    func = fn.rate > func ? fn.rate : func;
    if (f.run_cpu_seconds > 0 && double(reqs.size()) / f.run_cpu_seconds > full_run)
      full_run = double(reqs.size()) / f.run_cpu_seconds;
  }
  std::remove(json.c_str());

  const double ratio = bare > 0 ? full / bare : 0.0;
  std::printf("trace %s: %zu accesses, %zu pages; %s\n", trace.c_str(), reqs.size(),
              pages.size(), cfg.c_str());
  std::printf("best of %d interleaved rounds\n", int(rounds));
  std::printf("bare loop   %8.3f M accesses/s  (%.2f M cycles/s, %u faults)\n", bare / 1e6,
              bare_cps / 1e6, faults);
  std::printf("full cosim  %8.3f M accesses/s  ratio to bare %.3f\n", full / 1e6, ratio);
  std::printf("  with boot %8.3f M accesses/s  (vmcosim's whole run)\n", full_run / 1e6);
  std::printf("functional  %8.3f M accesses/s  ratio to full %.1f\n", func / 1e6,
              full > 0 ? func / full : 0.0);
  // The goals of the co-simulation's speed (docs/cosim.md#speed); reported, not enforced: a
  // loaded machine must not fail a build.
  std::printf("goals       >= 4 M accesses/s: %s; >= 0.8 of the bare loop: %s\n",
              full >= 4e6 ? "met" : "NOT met", ratio >= 0.8 ? "met" : "NOT met");
  if (full <= 0 || func <= 0 || faults) {
    std::fprintf(stderr, "bench_cosim: a run failed\n");
    return 1;
  }
  return 0;
}
