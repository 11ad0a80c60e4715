// cluster_speed: the cost of the Verilated mmu_cluster against a lone mmu_top in the same run:
// every active core gets a stream of TLB hits, one request per cycle (as rtl_speed), the
// clock toggled by a plain C++ loop through the shared ports (mmu_ports.h).
//
//   cluster_speed [--cycles N] [--rounds R] [--cores LIST] [--l2tlb-shared]
//
// LIST: comma-separated active-core counts (default 1,2,4,8, those within the build's
// maximum). Rounds interleave the lone MMU and every cluster size; the best CPU time of each is
// kept. Prints a table: cycles/s of each, and each cluster's time per cycle as a multiple of
// the lone MMU's ("cost"); N cores doing N times the work should cost at most N.
// --l2tlb-shared adds, for every size, a cluster whose cores share one L2TLB (16x4:lru; every
// configuration then has that L2TLB, the private ones per core): the same DTLB hits, so the
// row shows what the option costs a cluster whose requests hit in level 1.
#include <algorithm>
#include <cstdio>
#include <ctime>
#include <memory>
#include <string>
#include <vector>

#include "mmu_ports.h"
#include "phys_mem.h"
#include "verilated.h"
#include "vmcosim/mmu_regs.h"
#include "vmcutil/number.h"

namespace {

constexpr unsigned kPages = 16;

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

// One section per MiB for the first 16 MiB, identity mapped, L1 table at 0x00100000.
void map_sections(vmc::PhysMem &mem) {
  for (uint32_t mb = 0; mb < 4096; mb++) mem.write32(0x00100000u + 4 * mb, (mb << 20) | 0xC02u);
}

vmc_mmu_config bench_config(bool l2) {
  vmc_mmu_config cfg{};
  cfg.itlb = cfg.dtlb = {1, 32, VMC_POLICY_PLRU};
  if (l2) cfg.l2tlb = {16, 4, VMC_POLICY_LRU};
  return cfg;
}

// Drives `n` cores (ports[0..n-1]) of one Verilated top (a lone mmu_top: n = 1) one cycle.
template <class Top, class Ports>
struct Stepper {
  Top &top;
  Ports *const *port_of;   // port_of[k]: core k's ports
  unsigned n;
  vmc::PhysMem &mem;
  vmc::WalkerMemory mem_port[vmc::kRtlMaxCores];

  Ports &port(unsigned k) { return *port_of[k]; }

  [[gnu::always_inline]] void tick() {
    vmc::WalkerMemory::Edge e[vmc::kRtlMaxCores];
    for (unsigned k = 0; k < n; k++) {
      vmc::drive_walker_response(port(k), mem_port[k], mem);
      port(k).mem_req_ready_i = !mem_port[k].busy();
    }
    top.clk_i = 0;
    top.eval();
    for (unsigned k = 0; k < n; k++) e[k] = vmc::walker_edge(port(k));
    top.clk_i = 1;
    top.eval();
    for (unsigned k = 0; k < n; k++) mem_port[k].after_edge(e[k], [] { return 1u; });
  }
  void settle() {
    top.clk_i = 0;
    top.eval();
  }
  // MMU on, the kPages pages warmed up in every core's DTLB, then every core's stream on.
  void start() {
    for (unsigned k = 0; k < n; k++) {
      auto write = [&](uint32_t off, uint32_t v) {
        vmc::reg_transfer(port(k), true, off, v, [this] { tick(); }, [this] { settle(); });
      };
      write(MMU_REG_TTBR0, 0x00100000u);
      write(MMU_REG_DACR, 0x55555555u);
      write(MMU_REG_SCTLR, MMU_SCTLR_M);
      port(k).req_access_i = 0;
      port(k).req_user_i = 0;
      for (unsigned p = 0; p < kPages; p++) {
        vmc::offer_request(port(k), p << 12, VMC_ACCESS_READ, true);
        for (;;) {
          settle();
          const bool acc = port(k).req_ready_o;
          tick();
          if (acc) break;
        }
        port(k).req_valid_i = 0;
        for (unsigned i = 0; i < 20; i++) tick();
      }
    }
    for (unsigned k = 0; k < n; k++) port(k).req_valid_i = 1;
  }
  // `cycles` cycles of hits on every core; returns the CPU seconds and counts the answers.
  double run(uint64_t cycles, uint64_t &answered) {
    const double t0 = cpu_seconds();
    for (uint64_t c = 0; c < cycles; c++) {
      const uint32_t va = uint32_t((c % kPages) << 12) | uint32_t(c & 0xFFC);
      for (unsigned k = 0; k < n; k++) port(k).req_va_i = va;
      tick();
      for (unsigned k = 0; k < n; k++) answered += port(k).rsp_valid_o;
    }
    return cpu_seconds() - t0;
  }
};

}  // namespace

int main(int argc, char **argv) {
  uint64_t cycles = 1000000, rounds = 3;
  std::vector<unsigned> sizes;
  bool l2_shared = false;
  for (int i = 1; i < argc; i++) {
    const std::string a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : nullptr;
    if (a == "--l2tlb-shared") l2_shared = true;
    else if (a == "--cycles" && v && vmc_parse_u64(v, VMC_NUM_SUFFIX_DECIMAL, UINT64_MAX, &cycles) == VMC_NUM_OK) i++;
    else if (a == "--rounds" && v && vmc_parse_u64(v, 0, 1000, &rounds) == VMC_NUM_OK && rounds) i++;
    else if (a == "--cores" && v) {
      std::string list = v;
      size_t pos = 0;
      while (pos <= list.size()) {
        const size_t end = std::min(list.find(',', pos), list.size());
        uint64_t n = 0;
        if (vmc_parse_u64(list.substr(pos, end - pos).c_str(), 0, vmc::kRtlMaxCores, &n) != VMC_NUM_OK || n == 0) {
          std::fprintf(stderr, "cluster_speed: --cores '%s': each count must be 1..%u\n", v, vmc::kRtlMaxCores);
          return 2;
        }
        sizes.push_back(unsigned(n));
        pos = end + 1;
      }
      i++;
    } else {
      std::fprintf(stderr, "cluster_speed: bad argument '%s'\n", a.c_str());
      return 2;
    }
  }
  if (sizes.empty())
    for (unsigned n : {1u, 2u, 4u, 8u})
      if (n <= vmc::kRtlMaxCores) sizes.push_back(n);

  const vmc_mmu_config cfg = bench_config(l2_shared);
  vmc::PhysMem mem;
  map_sections(mem);
  uint64_t answered = 0;

  VerilatedContext lone_ctx;
  auto lone_top = std::make_unique<Vmmu_top>(&lone_ctx, "lone");
  Vmmu_top &lone = *lone_top;
  vmc::reset(lone, cfg, true);
  Vmmu_top *const lone_port[1] = {&lone};
  Stepper<Vmmu_top, Vmmu_top> lone_step{lone, lone_port, 1, mem, {}};
  lone_step.start();

  struct Cluster {
    std::unique_ptr<VerilatedContext> ctx;
    std::unique_ptr<Vmmu_cluster> top;
    std::vector<vmc::ClusterCore> ports;
    std::vector<vmc::ClusterCore *> port_of;
  };
  std::vector<std::unique_ptr<Cluster>> clusters;
  std::vector<std::unique_ptr<Stepper<Vmmu_cluster, vmc::ClusterCore>>> steps;
  // Each size, then (with --l2tlb-shared) each size again with the shared L2TLB.
  std::vector<std::string> names;
  const size_t plain = sizes.size();
  for (size_t i = 0; l2_shared && i < plain; i++) sizes.push_back(sizes[i]);
  for (size_t i = 0; i < sizes.size(); i++) {
    const unsigned n = sizes[i];
    const bool shared = i >= plain;
    names.push_back("cluster, " + std::to_string(n) + " cores" + (shared ? ", shared L2TLB" : ""));
    auto c = std::make_unique<Cluster>();
    c->ctx = std::make_unique<VerilatedContext>();
    c->top = std::make_unique<Vmmu_cluster>(c->ctx.get(), ("cluster" + std::to_string(i)).c_str());
    for (unsigned k = 0; k < vmc::kRtlMaxCores; k++) c->ports.emplace_back(*c->top, k);
    for (auto &p : c->ports) c->port_of.push_back(&p);
    vmc::reset_cluster(*c->top, cfg, n, true, shared);
    steps.push_back(std::make_unique<Stepper<Vmmu_cluster, vmc::ClusterCore>>(
        Stepper<Vmmu_cluster, vmc::ClusterCore>{*c->top, c->port_of.data(), n, mem, {}}));
    steps.back()->start();
    clusters.push_back(std::move(c));
  }

  // Interleaved rounds, best CPU time of each.
  double lone_best = 1e30;
  std::vector<double> best(sizes.size(), 1e30);
  uint64_t lone_answered = 0;
  std::vector<uint64_t> answers(sizes.size(), 0);
  for (uint64_t r = 0; r < rounds; r++) {
    lone_answered = 0;
    lone_best = std::min(lone_best, lone_step.run(cycles, lone_answered));
    for (size_t i = 0; i < sizes.size(); i++) {
      answers[i] = 0;
      best[i] = std::min(best[i], steps[i]->run(cycles, answers[i]));
    }
  }
  // Every core answers one hit per cycle after the first.
  bool ok = lone_answered + 1 >= cycles;
  for (size_t i = 0; i < sizes.size(); i++) ok = ok && answers[i] + sizes[i] >= cycles * sizes[i];
  answered = lone_answered;
  std::printf("cluster_speed: %llu cycles, best of %llu interleaved rounds, DTLB 1x32:plru hits, "
              "%s, build maximum %u cores\n", (unsigned long long)cycles, (unsigned long long)rounds,
              l2_shared ? "L2TLB 16x4:lru" : "no L2TLB", vmc::kRtlMaxCores);
  std::printf("%-32s  %14s  %8s\n", "model", "cycles/s", "cost");
  std::printf("%-32s  %14.0f  %7.2fx\n", "lone mmu_top", double(cycles) / lone_best, 1.0);
  for (size_t i = 0; i < sizes.size(); i++)
    std::printf("%-32s  %14.0f  %7.2fx\n", names[i].c_str(),
                double(cycles) / best[i], best[i] / lone_best);
  // Verilator tears a model's scopes down in the thread's current context: make each model's
  // context current before destroying it (otherwise the teardown waits forever).
  for (auto &c : clusters) {
    Verilated::threadContextp(c->ctx.get());
    c->top.reset();
  }
  Verilated::threadContextp(&lone_ctx);
  lone_top.reset();
  if (!ok || !answered) {
    std::fprintf(stderr, "cluster_speed: a core did not answer one hit per cycle\n");
    return 1;
  }
  return 0;
}
