// rtl_speed: cycles per second of the bare Verilated MMU (no SystemC, no driver overhead) on a
// stream of TLB hits, one request per cycle, with the clock toggled by a plain C++ loop.
//
//   rtl_speed [--cycles N] [--itlb GEOM] [--dtlb GEOM] [--onehot] [--fst FILE]
//
// GEOM is the contract's text form (e.g. 1x32:plru, the default of both).
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

#include "mmu_ports.h"
#include "phys_mem.h"
#include "verilated.h"
#if VM_TRACE_FST
#include "verilated_fst_c.h"
#endif
#include "vmcosim/mmu_regs.h"
#include "vmcutil/number.h"

namespace {

// The MMU stepped through the shared ports (mmu_ports.h); the walker's memory answers in the
// cycle after a read is accepted (only the warm-up walks).
struct Bench {
  VerilatedContext ctx;
  std::unique_ptr<Vmmu_top> top;
  vmc::PhysMem mem;
  vmc::WalkerMemory port;
#if VM_TRACE_FST
  std::unique_ptr<VerilatedFstC> fst;
#endif
  uint64_t cycle = 0;

  Bench() {
    ctx.traceEverOn(true);
    top = std::make_unique<Vmmu_top>(&ctx, "mmu");
  }

  // Inlined into the timed loop: the bench measures the model, not a call per cycle.
  [[gnu::always_inline]] void tick() {
    vmc::drive_walker_response(*top, port, mem);
    top->mem_req_ready_i = !port.busy();
    top->clk_i = 0;
    top->eval();
#if VM_TRACE_FST
    if (fst) fst->dump(cycle * 2);
#endif
    const vmc::WalkerMemory::Edge e = vmc::walker_edge(*top);
    top->clk_i = 1;
    top->eval();
#if VM_TRACE_FST
    if (fst) fst->dump(cycle * 2 + 1);
#endif
    cycle++;
    port.after_edge(e, [] { return 1u; });
  }

  void settle() {
    top->clk_i = 0;
    top->eval();
  }

  void reg_write(uint32_t off, uint32_t v) {
    vmc::reg_transfer(*top, true, off, v, [this] { tick(); }, [this] { settle(); });
  }
};

// A --itlb/--dtlb value in the contract's text form; false (after a message) if bad.
bool parse_geom(const char *opt, const char *text, vmc_tlb_geom &g) {
  char err[160];
  if (vmc_mmu_config_parse_tlb(text, &g, err, sizeof err) == 0 && g.sets != 0) return true;
  std::fprintf(stderr, "rtl_speed: %s '%s': %s\n", opt, text, g.sets ? err : "cannot be absent");
  return false;
}

}  // namespace

int main(int argc, char **argv) {
  uint64_t cycles = 2000000;
  vmc_mmu_config cfg{};
  cfg.itlb = cfg.dtlb = {1, 32, VMC_POLICY_PLRU};
  const char *fst_path = nullptr;
  bool onehot = false;
  for (int i = 1; i < argc; i++) {
    const std::string a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : nullptr;
    if (a == "--cycles" && v && vmc_parse_u64(v, VMC_NUM_SUFFIX_DECIMAL, UINT64_MAX, &cycles) == VMC_NUM_OK) i++;
    else if (a == "--itlb" && v) { if (!parse_geom("--itlb", v, cfg.itlb)) return 2; i++; }
    else if (a == "--dtlb" && v) { if (!parse_geom("--dtlb", v, cfg.dtlb)) return 2; i++; }
    else if (a == "--fst" && v) { fst_path = v; i++; }
    else if (a == "--onehot") onehot = true;
    else { std::fprintf(stderr, "rtl_speed: bad argument '%s'\n", a.c_str()); return 2; }
  }
  const vmc_mmu_limits lim = vmc::rtl_limits();
  if (vmc_mmu_config_check(&cfg, &lim, nullptr, 0) != 0) {
    std::printf("skipped: geometry exceeds this build's %d entries\n", VMC_RTL_MAX_L1_ENTRIES);
    return 0;
  }
  Bench b;
  Vmmu_top &t = *b.top;
  vmc::reset(t, cfg, onehot);
  // One section per MiB for the first 16 MiB, identity mapped, L1 table at 0x00100000.
  for (uint32_t mb = 0; mb < 4096; mb++) b.mem.write32(0x00100000u + 4 * mb, (mb << 20) | 0xC02u);
  b.reg_write(MMU_REG_TTBR0, 0x00100000u);
  b.reg_write(MMU_REG_DACR, 0x55555555u);
  b.reg_write(MMU_REG_SCTLR, MMU_SCTLR_M);
  // Warm up: touch 16 pages (they fill 16 entries of the DTLB, in any set).
  t.req_access_i = 0;
  t.req_user_i = 0;
  const unsigned pages = 16;
  for (unsigned p = 0; p < pages; p++) {
    t.req_valid_i = 1;
    t.req_va_i = p << 12;
    while (true) {
      b.settle();
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
              unsigned(cfg.itlb.sets), unsigned(cfg.itlb.ways), unsigned(cfg.dtlb.sets),
              unsigned(cfg.dtlb.ways), VMC_RTL_MAX_L1_ENTRIES, onehot ? 1 : 0,
              VM_TRACE_FST ? 1 : 0, fst_path ? 1 : 0, double(cycles) / s);
  return 0;
}
