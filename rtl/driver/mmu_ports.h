// The one doorway to the Verilated mmu_top's ports, for every C++ code that drives it (the
// rtl tests' and vmcprobe's MmuDriver, the co-simulation's RtlMmu, the speed benchmarks):
// configuration ports from the contract's vmc_mmu_config (this is the only file that assigns
// them), reset, response ports into the contract's vmc_mmu_resp, one register-port transfer,
// and the walker's read port (its memory's state is walker_memory.h). Header only and inline: the co-simulation's hit
// path goes through it every cycle. The ports are described in docs/rtl.md.
//
// The same functions drive one core of a Verilated mmu_cluster (in builds that have it,
// VMC_RTL_CLUSTER_MAX_CORES): ClusterCore(cluster, k) names core k's ports like mmu_top's, and
// reset_cluster() resets the whole cluster. A lone mmu_top never goes through the cluster.
#ifndef VMCOSIM_RTL_MMU_PORTS_H
#define VMCOSIM_RTL_MMU_PORTS_H

#include <cstdint>
#include <stdexcept>
#include <string>

#include "Vmmu_top.h"
#ifdef VMC_RTL_CLUSTER_MAX_CORES
#include "Vmmu_cluster.h"
#endif
#include "vmcosim/mmu_config.h"
#include "vmcosim/mmu_xlat.h"
#include "walker_memory.h"
#include "xlat.h"

namespace vmc {

// ceil(log2(v)): the configuration ports take the log2 of the set counts.
constexpr unsigned log2u(uint32_t v) {
  unsigned r = 0;
  while (r < 32 && (uint64_t(1) << r) < v) r++;
  return r;
}

// The build-time maxima of this Verilated build (rtl/CMakeLists.txt), as the contract's limits.
inline vmc_mmu_limits rtl_limits() {
  vmc_mmu_limits l{};
  l.itlb_entries = VMC_RTL_MAX_L1_ENTRIES;
  l.dtlb_entries = VMC_RTL_MAX_L1_ENTRIES;
  l.l2tlb_entries = VMC_RTL_MAX_L2_ENTRIES;
  l.walk_cache_entries = VMC_RTL_MAX_WC_ENTRIES;
  return l;
}

// The static configuration ports. cfg must pass vmc_mmu_config_check against rtl_limits().
// onehot_check drives chk_onehot_i, the assertion that at most one way of a set matches: right
// for software that does the maintenance B3.10 requires; it checks software, not the answer,
// and costs every lookup a compare of all ways.
// Top is Vmmu_top or Vmmu_cluster (whose cores share one configuration).
template <class Top>
void drive_config(Top &t, const vmc_mmu_config &cfg, bool onehot_check) {
  t.itlb_sets_log2_i = log2u(cfg.itlb.sets);
  t.itlb_ways_i = cfg.itlb.ways;
  t.itlb_policy_i = cfg.itlb.policy;
  t.dtlb_sets_log2_i = log2u(cfg.dtlb.sets);
  t.dtlb_ways_i = cfg.dtlb.ways;
  t.dtlb_policy_i = cfg.dtlb.policy;
  const bool l2 = cfg.l2tlb.sets != 0;
  t.l2tlb_present_i = l2;
  t.l2tlb_sets_log2_i = l2 ? log2u(cfg.l2tlb.sets) : 0;
  t.l2tlb_ways_i = l2 ? cfg.l2tlb.ways : 1;
  t.l2tlb_policy_i = l2 ? cfg.l2tlb.policy : 0;
  t.wc_entries_i = cfg.walk_cache_entries;
  t.chk_onehot_i = onehot_check;
}

// Every input of one core idle (Ports: Vmmu_top or a ClusterCore). The walker's memory is not
// ready: the caller raises mem_req_ready_i when its memory model runs. idle_cycles_i (a
// simulation's skipped cycles, docs/rtl.md) is 0.
template <class Ports>
void idle_inputs(Ports &t) {
  t.req_valid_i = 0;
  t.psel_i = 0;
  t.penable_i = 0;
  t.pwrite_i = 0;
  t.mem_req_ready_i = 0;
  t.mem_rsp_valid_i = 0;
  t.idle_cycles_i = 0;
}

// Holds reset over one rising edge and releases it with the clock low, evaluated (Top:
// Vmmu_top or Vmmu_cluster).
template <class Top>
void pulse_reset(Top &t) {
  t.rst_ni = 0;
  t.clk_i = 0;
  t.eval();
  t.clk_i = 1;
  t.eval();
  t.clk_i = 0;
  t.rst_ni = 1;
  t.eval();
}

// Drives the configuration, idles every other input and resets.
inline void reset(Vmmu_top &t, const vmc_mmu_config &cfg, bool onehot_check) {
  drive_config(t, cfg, onehot_check);
  idle_inputs(t);
  // The multiprocessing inputs of a lone mmu_top (InCluster = 0) are ignored; 0 all the same.
  t.mpidr_i = 0;
  t.bcast_busy_i = 0;
  t.rinv_valid_i = 0;
  t.rinv_kind_i = 0;
  t.rinv_op_i = 0;
  pulse_reset(t);
}

// The functions below take Vmmu_top or a ClusterCore (Ports).

// Offers one request (held until accepted).
template <class Ports>
void offer_request(Ports &t, uint32_t va, vmc_access_kind kind, bool priv) {
  t.req_va_i = va;
  t.req_access_i = kind;
  t.req_user_i = !priv;
  t.req_valid_i = 1;
}

// The response ports, valid in the cycle of rsp_valid_o, into r: the answer always; with full
// also pa, attributes and the fills of the access's L1 TLB and of the L2TLB.
template <class Ports>
void read_response(const Ports &t, vmc_access_kind kind, bool full, vmc_mmu_resp &r) {
  r.fault = vmc_fault_kind(t.rsp_fault_o);
  r.fs = t.rsp_fs_o;
  r.fsr = t.rsp_fsr_o;
  r.size = vmsa_page_size(t.rsp_size_o);
  r.hit_level = vmc_hit_level(t.rsp_hit_level_o);
  if (!full) return;
  r.pa = t.rsp_pa_o;
  r.attrs.tex = t.rsp_tex_o;
  r.attrs.c = t.rsp_c_o;
  r.attrs.b = t.rsp_b_o;
  r.attrs.s = t.rsp_s_o;
  r.attrs.ng = t.rsp_ng_o;
  r.attrs.xn = t.rsp_xn_o;
  r.attrs.ap = t.rsp_ap_o;
  r.attrs.domain = t.rsp_domain_o;
  const bool fetch = kind == VMC_ACCESS_FETCH;
  r.l1.filled = fetch ? t.itlb_fill_o : t.dtlb_fill_o;
  r.l1.set = fetch ? t.itlb_fill_set_o : t.dtlb_fill_set_o;
  r.l1.way = fetch ? t.itlb_fill_way_o : t.dtlb_fill_way_o;
  r.l1.evicted = r.l1.filled && (fetch ? t.itlb_evict_o : t.dtlb_evict_o);
  r.l2.filled = t.l2tlb_fill_o;
  r.l2.set = t.l2tlb_fill_set_o;
  r.l2.way = t.l2tlb_fill_way_o;
  r.l2.evicted = t.l2tlb_fill_o && t.l2tlb_evict_o;
}

// The L1 TLB of the other side filled in the response cycle: never right (a fetch fills only
// the ITLB, a data access only the DTLB); the contract's response has no place for it.
template <class Ports>
bool other_l1_filled(const Ports &t, vmc_access_kind kind) {
  return kind == VMC_ACCESS_FETCH ? t.dtlb_fill_o : t.itlb_fill_o;
}

// Bound of a register transfer's wait for pready.
constexpr unsigned kRegTransferLimit = 1000000;

// One register-port (APB-like) transfer: the setup phase over one rising edge, then the access
// phase until pready. rise() clocks one rising edge and settle() evaluates with the clock low;
// the caller's memory model and waveform dumps live in them. Returns prdata of a read (0 for a
// write). The port is idle again, settled, on return.
template <class Ports, class Rise, class Settle>
uint32_t reg_transfer(Ports &t, bool write, uint32_t offset, uint32_t wdata, Rise &&rise,
                      Settle &&settle) {
  t.req_valid_i = 0;
  t.psel_i = 1;
  t.penable_i = 0;
  t.pwrite_i = write;
  t.paddr_i = offset;
  t.pwdata_i = wdata;
  rise();
  settle();
  t.penable_i = 1;
  settle();   // pready may depend on penable combinationally; not a cycle
  for (unsigned n = 0;; n++) {
    const bool done = t.pready_o;
    const uint32_t rdata = t.prdata_o;
    rise();
    if (done) {
      t.psel_i = 0;
      t.penable_i = 0;
      t.pwrite_i = 0;
    }
    settle();
    if (done) return write ? 0 : rdata;
    if (n > kRegTransferLimit) throw std::runtime_error("RTL register port never completed");
  }
}

// The walker's read port as it stands before a rising edge (the handshakes of that edge).
template <class Ports>
WalkerMemory::Edge walker_edge(const Ports &t) {
  return {t.mem_req_valid_o && t.mem_req_ready_i, bool(t.mem_rsp_valid_i), t.mem_req_addr_o};
}

// This cycle's response inputs of the walker's read port: valid, and the data read from mem
// (mem.read32(pa)).
template <class Ports, class Mem>
void drive_walker_response(Ports &t, const WalkerMemory &m, const Mem &mem) {
  const bool now = m.responding();
  t.mem_rsp_valid_i = now;
  t.mem_rsp_data_i = now ? mem.read32(m.addr()) : 0;
}

#ifdef VMC_RTL_CLUSTER_MAX_CORES

// The cluster's build-time maximum of cores (rtl/CMakeLists.txt, VMCOSIM_RTL_MAX_CORES).
constexpr unsigned kRtlMaxCores = VMC_RTL_CLUSTER_MAX_CORES;

// Core k of a Verilated mmu_cluster, its ports named as mmu_top's, for the functions above.
// Holds references into the cluster: make one per core and keep it as long as the cluster.
struct ClusterCore {
  ClusterCore(Vmmu_cluster &c, unsigned k)
      : idle_cycles_i(c.idle_cycles_i[k]), req_valid_i(c.req_valid_i[k]),
        req_ready_o(c.req_ready_o[k]), req_va_i(c.req_va_i[k]),
        req_access_i(c.req_access_i[k]), req_user_i(c.req_user_i[k]),
        rsp_valid_o(c.rsp_valid_o[k]), rsp_pa_o(c.rsp_pa_o[k]), rsp_fault_o(c.rsp_fault_o[k]),
        rsp_fs_o(c.rsp_fs_o[k]), rsp_fsr_o(c.rsp_fsr_o[k]), rsp_size_o(c.rsp_size_o[k]),
        rsp_hit_level_o(c.rsp_hit_level_o[k]), rsp_tex_o(c.rsp_tex_o[k]),
        rsp_c_o(c.rsp_c_o[k]), rsp_b_o(c.rsp_b_o[k]), rsp_s_o(c.rsp_s_o[k]),
        rsp_ng_o(c.rsp_ng_o[k]), rsp_xn_o(c.rsp_xn_o[k]), rsp_ap_o(c.rsp_ap_o[k]),
        rsp_domain_o(c.rsp_domain_o[k]), itlb_fill_o(c.itlb_fill_o[k]),
        itlb_fill_set_o(c.itlb_fill_set_o[k]), itlb_fill_way_o(c.itlb_fill_way_o[k]),
        itlb_evict_o(c.itlb_evict_o[k]), dtlb_fill_o(c.dtlb_fill_o[k]),
        dtlb_fill_set_o(c.dtlb_fill_set_o[k]), dtlb_fill_way_o(c.dtlb_fill_way_o[k]),
        dtlb_evict_o(c.dtlb_evict_o[k]), l2tlb_fill_o(c.l2tlb_fill_o[k]),
        l2tlb_fill_set_o(c.l2tlb_fill_set_o[k]), l2tlb_fill_way_o(c.l2tlb_fill_way_o[k]),
        l2tlb_evict_o(c.l2tlb_evict_o[k]), mem_req_valid_o(c.mem_req_valid_o[k]),
        mem_req_ready_i(c.mem_req_ready_i[k]), mem_req_addr_o(c.mem_req_addr_o[k]),
        mem_rsp_valid_i(c.mem_rsp_valid_i[k]), mem_rsp_data_i(c.mem_rsp_data_i[k]),
        psel_i(c.psel_i[k]), penable_i(c.penable_i[k]), pwrite_i(c.pwrite_i[k]),
        paddr_i(c.paddr_i[k]), pwdata_i(c.pwdata_i[k]), prdata_o(c.prdata_o[k]),
        pready_o(c.pready_o[k]), core(k) {}

  SData &idle_cycles_i;
  CData &req_valid_i, &req_ready_o;
  IData &req_va_i;
  CData &req_access_i, &req_user_i, &rsp_valid_o;
  IData &rsp_pa_o;
  CData &rsp_fault_o, &rsp_fs_o;
  IData &rsp_fsr_o;
  CData &rsp_size_o, &rsp_hit_level_o, &rsp_tex_o, &rsp_c_o, &rsp_b_o, &rsp_s_o, &rsp_ng_o,
      &rsp_xn_o, &rsp_ap_o, &rsp_domain_o, &itlb_fill_o;
  SData &itlb_fill_set_o, &itlb_fill_way_o;
  CData &itlb_evict_o, &dtlb_fill_o;
  SData &dtlb_fill_set_o, &dtlb_fill_way_o;
  CData &dtlb_evict_o, &l2tlb_fill_o;
  SData &l2tlb_fill_set_o, &l2tlb_fill_way_o;
  CData &l2tlb_evict_o, &mem_req_valid_o, &mem_req_ready_i;
  IData &mem_req_addr_o;
  CData &mem_rsp_valid_i;
  IData &mem_rsp_data_i;
  CData &psel_i, &penable_i, &pwrite_i;
  SData &paddr_i;
  IData &pwdata_i, &prdata_o;
  CData &pready_o;
  unsigned core;
};

// Whether core k's IS command is still on its way to the other cores (what its BCAST_SYNC
// reads), without a register transfer.
inline bool bcast_busy(const Vmmu_cluster &c, unsigned k) { return (c.bcast_busy_o >> k) & 1u; }

// Resets the cluster like reset() a lone mmu_top: the shared configuration, `cores` active
// cores (1..kRtlMaxCores; the others get no clock and must stay idle), one L2TLB for all cores
// or one per core (l2_shared; needs an L2TLB), every core's inputs idle, reset held over one
// rising edge and released with the clock low, evaluated.
inline void reset_cluster(Vmmu_cluster &c, const vmc_mmu_config &cfg, unsigned cores,
                          bool onehot_check, bool l2_shared = false) {
  if (cores < 1 || cores > kRtlMaxCores)
    throw std::runtime_error("RTL cluster: " + std::to_string(cores) + " cores, this build has 1.." +
                             std::to_string(kRtlMaxCores));
  if (l2_shared && cfg.l2tlb.sets == 0)
    throw std::runtime_error("RTL cluster: a shared L2TLB needs an L2TLB in the configuration");
  drive_config(c, cfg, onehot_check);
  c.num_cores_i = cores;
  c.l2tlb_shared_i = l2_shared;
  for (unsigned k = 0; k < kRtlMaxCores; k++) {
    ClusterCore port(c, k);
    idle_inputs(port);
  }
  pulse_reset(c);
}

#endif  // VMC_RTL_CLUSTER_MAX_CORES

}  // namespace vmc

#endif
