// The one doorway to the Verilated mmu_top's ports, for every C++ code that drives it (the
// rtl tests' and vmcprobe's MmuDriver, the co-simulation's RtlMmu, the speed benchmarks):
// configuration ports from the contract's vmc_mmu_config (this is the only file that assigns
// them), reset, response ports into the contract's vmc_mmu_resp, one register-port transfer,
// and the walker's read port (its memory's state is walker_memory.h). Header only and inline: the co-simulation's hit
// path goes through it every cycle. The ports are described in docs/rtl.md.
#ifndef VMCOSIM_RTL_MMU_PORTS_H
#define VMCOSIM_RTL_MMU_PORTS_H

#include <cstdint>
#include <stdexcept>

#include "Vmmu_top.h"
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
inline void drive_config(Vmmu_top &t, const vmc_mmu_config &cfg, bool onehot_check) {
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

// Drives the configuration, idles every other input, holds reset over one rising edge and
// releases it with the clock low, evaluated. The walker's memory is not ready: the caller
// raises mem_req_ready_i when its memory model runs. idle_cycles_i (a simulation's skipped
// cycles, docs/rtl.md) starts at 0.
inline void reset(Vmmu_top &t, const vmc_mmu_config &cfg, bool onehot_check) {
  drive_config(t, cfg, onehot_check);
  t.req_valid_i = 0;
  t.psel_i = 0;
  t.penable_i = 0;
  t.pwrite_i = 0;
  t.mem_req_ready_i = 0;
  t.mem_rsp_valid_i = 0;
  t.idle_cycles_i = 0;
  // The multiprocessing inputs of a lone mmu_top (InCluster = 0) are ignored; 0 all the same.
  t.mpidr_i = 0;
  t.bcast_busy_i = 0;
  t.rinv_valid_i = 0;
  t.rinv_kind_i = 0;
  t.rinv_op_i = 0;
  t.rst_ni = 0;
  t.clk_i = 0;
  t.eval();
  t.clk_i = 1;
  t.eval();
  t.clk_i = 0;
  t.rst_ni = 1;
  t.eval();
}

// Offers one request (held until accepted).
inline void offer_request(Vmmu_top &t, uint32_t va, vmc_access_kind kind, bool priv) {
  t.req_va_i = va;
  t.req_access_i = kind;
  t.req_user_i = !priv;
  t.req_valid_i = 1;
}

// The response ports, valid in the cycle of rsp_valid_o, into r: the answer always; with full
// also pa, attributes and the fills of the access's L1 TLB and of the L2TLB.
inline void read_response(const Vmmu_top &t, vmc_access_kind kind, bool full, vmc_mmu_resp &r) {
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
inline bool other_l1_filled(const Vmmu_top &t, vmc_access_kind kind) {
  return kind == VMC_ACCESS_FETCH ? t.dtlb_fill_o : t.itlb_fill_o;
}

// Bound of a register transfer's wait for pready.
constexpr unsigned kRegTransferLimit = 1000000;

// One register-port (APB-like) transfer: the setup phase over one rising edge, then the access
// phase until pready. rise() clocks one rising edge and settle() evaluates with the clock low;
// the caller's memory model and waveform dumps live in them. Returns prdata of a read (0 for a
// write). The port is idle again, settled, on return.
template <class Rise, class Settle>
uint32_t reg_transfer(Vmmu_top &t, bool write, uint32_t offset, uint32_t wdata, Rise &&rise,
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
inline WalkerMemory::Edge walker_edge(const Vmmu_top &t) {
  return {t.mem_req_valid_o && t.mem_req_ready_i, bool(t.mem_rsp_valid_i), t.mem_req_addr_o};
}

// This cycle's response inputs of the walker's read port: valid, and the data read from mem
// (mem.read32(pa)).
template <class Mem>
void drive_walker_response(Vmmu_top &t, const WalkerMemory &m, const Mem &mem) {
  const bool now = m.responding();
  t.mem_rsp_valid_i = now;
  t.mem_rsp_data_i = now ? mem.read32(m.addr()) : 0;
}

}  // namespace vmc

#endif
