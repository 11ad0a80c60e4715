// rtl_speed: cycles per second of the bare Verilated MMU (no SystemC, no driver overhead) on a
// stream of TLB hits, one request per cycle, with the clock toggled by a plain C++ loop.
//
//   rtl_speed [--cycles N] [--itlb SETSxWAYS] [--dtlb SETSxWAYS] [--onehot] [--fst FILE]
//
// --onehot sets chk_onehot_i (as the co-simulation does): every lookup then compares all ways of
// the set to count the matches; without it a lookup stops at the first hit.
// Prints "cycles_per_s=<n>" (and the configuration) on one line. With --fst every cycle is
// dumped to FILE, which measures the cost of dumping; a build without --trace-fst compiled in
// is measured by the same program linked to that library (see CMakeLists.txt).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <unordered_map>

#include "Vmmu_top.h"
#include "verilated.h"
#if VM_TRACE_FST
#include "verilated_fst_c.h"
#endif
#include "vmcutil/number.h"

namespace {

struct Bench {
  VerilatedContext ctx;
  std::unique_ptr<Vmmu_top> top;
  std::unordered_map<uint32_t, uint32_t> mem;
  bool mem_pending = false;
  uint32_t mem_addr = 0;
#if VM_TRACE_FST
  std::unique_ptr<VerilatedFstC> fst;
#endif
  uint64_t cycle = 0;

  Bench() {
    ctx.traceEverOn(true);
    top = std::make_unique<Vmmu_top>(&ctx, "mmu");
  }

  void tick() {
    top->mem_rsp_valid_i = mem_pending;
    top->mem_rsp_data_i = mem_pending ? mem[mem_addr & ~3u] : 0;
    top->mem_req_ready_i = !mem_pending;
    top->clk_i = 0;
    top->eval();
#if VM_TRACE_FST
    if (fst) fst->dump(cycle * 2);
#endif
    const bool accept = top->mem_req_valid_o && top->mem_req_ready_i;
    const uint32_t addr = top->mem_req_addr_o;
    top->clk_i = 1;
    top->eval();
#if VM_TRACE_FST
    if (fst) fst->dump(cycle * 2 + 1);
#endif
    cycle++;
    mem_pending = accept;
    mem_addr = addr;
  }

  void reg_write(uint32_t off, uint32_t v) {
    top->psel_i = 1;
    top->pwrite_i = 1;
    top->paddr_i = off;
    top->pwdata_i = v;
    top->penable_i = 0;
    tick();
    top->penable_i = 1;
    for (;;) {
      top->clk_i = 0;
      top->eval();
      const bool done = top->pready_o;
      tick();
      if (done) break;
    }
    top->psel_i = 0;
    top->penable_i = 0;
    top->pwrite_i = 0;
  }
};

unsigned log2u(unsigned v) {
  unsigned r = 0;
  while ((1u << r) < v) r++;
  return r;
}

bool parse_geom(const char *s, unsigned &sets, unsigned &ways) {
  const char *x = std::strchr(s, 'x');
  uint64_t a = 0, b = 0;
  if (!x || vmc_parse_u64_span(s, size_t(x - s), VMC_NUM_NO_SUFFIX, 4096, &a) != VMC_NUM_OK ||
      vmc_parse_u64(x + 1, VMC_NUM_NO_SUFFIX, 4096, &b) != VMC_NUM_OK || !a || !b)
    return false;
  sets = unsigned(a);
  ways = unsigned(b);
  return true;
}

}  // namespace

int main(int argc, char **argv) {
  uint64_t cycles = 2000000;
  unsigned isets = 1, iways = 32, dsets = 1, dways = 32;
  const char *fst_path = nullptr;
  bool onehot = false;
  for (int i = 1; i < argc; i++) {
    const std::string a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : nullptr;
    if (a == "--cycles" && v && vmc_parse_u64(v, VMC_NUM_SUFFIX_DECIMAL, UINT64_MAX, &cycles) == VMC_NUM_OK) i++;
    else if (a == "--itlb" && v && parse_geom(v, isets, iways)) i++;
    else if (a == "--dtlb" && v && parse_geom(v, dsets, dways)) i++;
    else if (a == "--fst" && v) { fst_path = v; i++; }
    else if (a == "--onehot") onehot = true;
    else { std::fprintf(stderr, "rtl_speed: bad argument '%s'\n", a.c_str()); return 2; }
  }
  if (uint64_t(isets) * iways > VMC_RTL_MAX_L1_ENTRIES ||
      uint64_t(dsets) * dways > VMC_RTL_MAX_L1_ENTRIES) {
    std::printf("skipped: geometry exceeds this build's %d entries\n", VMC_RTL_MAX_L1_ENTRIES);
    return 0;
  }
  Bench b;
  Vmmu_top &t = *b.top;
  t.itlb_sets_log2_i = log2u(isets);
  t.itlb_ways_i = iways;
  t.itlb_policy_i = 1;   // plru when a power of two, else lru below
  if (iways & (iways - 1)) t.itlb_policy_i = 0;
  t.dtlb_sets_log2_i = log2u(dsets);
  t.dtlb_ways_i = dways;
  t.dtlb_policy_i = (dways & (dways - 1)) ? 0 : 1;
  t.l2tlb_present_i = 0;
  t.l2tlb_ways_i = 1;
  t.wc_entries_i = 0;
  t.chk_onehot_i = onehot;
  t.rst_ni = 0;
  t.clk_i = 0;
  t.eval();
  t.clk_i = 1;
  t.eval();
  t.rst_ni = 1;
  // One section per MiB for the first 16 MiB, identity mapped, L1 table at 0x00100000.
  for (uint32_t mb = 0; mb < 4096; mb++) b.mem[0x00100000u + 4 * mb] = (mb << 20) | 0xC02u;
  b.reg_write(0x008, 0x00100000u);   // TTBR0
  b.reg_write(0x014, 0x55555555u);   // DACR
  b.reg_write(0x004, 1);             // SCTLR.M
  // Warm up: touch 16 pages (they fill 16 entries of the DTLB, in any set).
  t.req_access_i = 0;
  t.req_user_i = 0;
  const unsigned pages = 16;
  for (unsigned p = 0; p < pages; p++) {
    t.req_valid_i = 1;
    t.req_va_i = p << 12;
    while (true) {
      t.clk_i = 0;
      t.eval();
      const bool acc = t.req_ready_o;
      b.tick();
      if (acc) break;
    }
    t.req_valid_i = 0;
    for (unsigned k = 0; k < 20; k++) b.tick();
  }
#if VM_TRACE_FST
  if (fst_path) {
    b.fst = std::make_unique<VerilatedFstC>();
    t.trace(b.fst.get(), 99);
    b.fst->open(fst_path);
  }
#else
  if (fst_path) { std::fprintf(stderr, "rtl_speed: this build has no FST tracing\n"); return 2; }
#endif
  // The stream: a new request every cycle, all hits.
  t.req_valid_i = 1;
  uint64_t answered = 0;
  const auto t0 = std::chrono::steady_clock::now();
  for (uint64_t c = 0; c < cycles; c++) {
    t.req_va_i = uint32_t((c % pages) << 12) | uint32_t(c & 0xFFC);
    b.tick();
    answered += t.rsp_valid_o;
  }
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
#if VM_TRACE_FST
  if (b.fst) b.fst->close();
#endif
  t.final();
  if (answered + 2 < cycles) {
    std::fprintf(stderr, "rtl_speed: only %llu answers in %llu cycles: not a hit stream\n",
                 (unsigned long long)answered, (unsigned long long)cycles);
    return 1;
  }
  std::printf("itlb=%ux%u dtlb=%ux%u max_l1=%d onehot=%d trace_compiled=%d dump=%d "
              "cycles_per_s=%.0f\n",
              isets, iways, dsets, dways, VMC_RTL_MAX_L1_ENTRIES, onehot ? 1 : 0,
              VM_TRACE_FST ? 1 : 0, fst_path ? 1 : 0, double(cycles) / s);
  return 0;
}
