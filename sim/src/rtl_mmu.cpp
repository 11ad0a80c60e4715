#include "rtl_mmu.h"

#include <algorithm>

#include "Vmmu_top.h"
#include "mmu_rtl_reset.h"
#include "verilated.h"
#include "verilated_fst_c.h"

namespace vmcsim {

namespace {

unsigned log2u(uint32_t v) {
  unsigned r = 0;
  while ((1u << r) < v) r++;
  return r;
}

// A request never needs more than a walk of two reads; this bounds a hang of the RTL.
constexpr uint64_t kHangCycles = 1000000;

}  // namespace

vmc_mmu_limits RtlMmu::limits() { return vmc::rtl_limits(); }

RtlMmu::RtlMmu(const vmc_mmu_config &cfg, const PhysRam &ram, Latency latency,
               bool double_hit_check)
    : ram_(ram), lat_(latency), ctx_(std::make_unique<VerilatedContext>()) {
  ctx_->traceEverOn(true);
  ctx_->fatalOnError(true);
  top_ = std::make_unique<Vmmu_top>(ctx_.get(), "mmu");
  Vmmu_top &t = *top_;
  // The harness's firmware does the maintenance B3.10 requires, so the RTL's one-hot-hit
  // assertion holds; it checks software, not the answer (the lowest matching way answers
  // either way), and costs about 12 % per access, so the caller chooses.
  t.chk_onehot_i = double_hit_check ? 1 : 0;
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
  t.req_valid_i = 0;
  t.psel_i = 0;
  t.penable_i = 0;
  t.pwrite_i = 0;
  t.mem_req_ready_i = 0;
  t.mem_rsp_valid_i = 0;
  vmc::rtl_reset(t);
  t.mem_req_ready_i = 1;
  t.eval();
}

RtlMmu::~RtlMmu() {
  wave_close();
  top_->final();
}

// Posedge: the RTL takes this cycle's inputs; then the memory model prepares the next cycle's.
inline void RtlMmu::rise() {
  Vmmu_top &t = *top_;
  const bool mem_accept = t.mem_req_valid_o && t.mem_req_ready_i;
  const bool mem_rsp = t.mem_rsp_valid_i;
  const uint32_t mem_addr = t.mem_req_addr_o;
  if (t.mem_req_valid_o && !walk_started_) {
    walk_started_ = true;
    walk_start_ = cycle_;
  }
  t.clk_i = 1;
  t.eval();
  if (fst_) dump(wave_time() + 500);
  cycle_++;
  if (mem_rsp) mem_busy_ = false;
  if (mem_accept) {
    mem_busy_ = true;
    mem_addr_ = mem_addr;
    mem_countdown_ = lat_.next() - 1;
    mem_reads_++;
  } else if (mem_busy_ && mem_countdown_ > 0) {
    mem_countdown_--;
  }
  const bool rsp_now = mem_busy_ && mem_countdown_ == 0;
  t.mem_rsp_valid_i = rsp_now;
  t.mem_rsp_data_i = rsp_now ? ram_.read32(mem_addr_) : 0;
  t.mem_req_ready_i = !mem_busy_;
}

// The read in flight answers mem_countdown_ edges from now; the edges before that one only
// wait. One edge stands for all of them: the RTL's state after it is the same, CNT_WALK_CYCLES
// included (idle_cycles_i), and the memory model answers at the due edge as before.
void RtlMmu::rise_over_wait() {
  const unsigned extra = std::min(mem_countdown_ - 1, 0xFFFFu);
  top_->idle_cycles_i = uint16_t(extra);
  mem_countdown_ -= extra;
  rise();
  top_->idle_cycles_i = 0;
  cycle_ += extra;
}

inline void RtlMmu::settle() {
  if (wave_armed_) wave_check();
  top_->clk_i = 0;
  top_->eval();
  if (fst_) dump(wave_time());
}

// One dump per time step: the firmware runs in zero RTL time, so register accesses can settle
// the clock twice at one time; Verilator would refuse the second dump with a warning on stdout.
inline void RtlMmu::dump(uint64_t t) {
  if (dumped_any_ && t <= last_dump_) return;
  fst_->dump(t);
  last_dump_ = t;
  dumped_any_ = true;
}

void RtlMmu::translate(uint32_t va, vmc_access_kind kind, bool priv, Xlat &x) {
  Vmmu_top &t = *top_;
  t.req_va_i = va;
  t.req_access_i = kind;
  t.req_user_i = !priv;
  t.req_valid_i = 1;
  mem_reads_ = 0;
  walk_started_ = false;
  if (__builtin_expect(!t.req_ready_o, 0)) step_until_ready();   // depends on the state only
  rise();                     // accepted at this edge
  t.req_valid_i = 0;
  settle();
  if (__builtin_expect(!t.rsp_valid_o, 0)) step_until_response();   // an L1 miss
  read_response(kind, x);
}

size_t RtlMmu::translate_run(const XlatReq *reqs, size_t n, Xlat *out) {
  return translate_each(*this, reqs, n, out);
}

// The slow paths of translate, out of line so that the hit path stays short.
__attribute__((noinline)) void RtlMmu::step_until_ready() {
  const uint64_t limit = cycle_ + kHangCycles;
  while (!top_->req_ready_o) {
    rise();
    settle();
    if (cycle_ > limit) throw std::runtime_error("RTL never accepted a request");
  }
}

__attribute__((noinline)) void RtlMmu::step_until_response() {
  const uint64_t limit = cycle_ + kHangCycles;
  while (!top_->rsp_valid_o) {
    // Only requests wait here: no register transfer is in progress.
    if (skip_idle_ && mem_busy_ && mem_countdown_ > 1 && !wave_armed_) rise_over_wait();
    else rise();
    settle();
    if (cycle_ > limit) throw std::runtime_error("RTL never answered a request");
  }
}

inline void RtlMmu::read_response(vmc_access_kind kind, Xlat &x) const {
  const Vmmu_top &t = *top_;
  vmc_mmu_resp &r = x.r;
  r.fault = vmc_fault_kind(t.rsp_fault_o);
  r.fs = t.rsp_fs_o;
  r.fsr = t.rsp_fsr_o;
  r.size = vmsa_page_size(t.rsp_size_o);
  r.hit_level = vmc_hit_level(t.rsp_hit_level_o);
  x.mem_reads = mem_reads_;
  x.walk_cycles = walk_started_ ? unsigned(cycle_ - walk_start_ + 1) : 0;
  if (!full_response_) return;
  r.pa = t.rsp_pa_o;
  r.attrs.tex = t.rsp_tex_o;
  r.attrs.c = t.rsp_c_o;
  r.attrs.b = t.rsp_b_o;
  r.attrs.s = t.rsp_s_o;
  r.attrs.ng = t.rsp_ng_o;
  r.attrs.xn = t.rsp_xn_o;
  r.attrs.ap = t.rsp_ap_o;
  r.attrs.domain = t.rsp_domain_o;
  if (r.hit_level >= VMC_HIT_L2TLB) {   // fills happen only on L2 hits and walks
    const bool fetch = kind == VMC_ACCESS_FETCH;
    r.l1.filled = fetch ? t.itlb_fill_o : t.dtlb_fill_o;
    r.l1.set = fetch ? t.itlb_fill_set_o : t.dtlb_fill_set_o;
    r.l1.way = fetch ? t.itlb_fill_way_o : t.dtlb_fill_way_o;
    r.l1.evicted = r.l1.filled && (fetch ? t.itlb_evict_o : t.dtlb_evict_o);
    r.l2.filled = t.l2tlb_fill_o;
    r.l2.set = t.l2tlb_fill_set_o;
    r.l2.way = t.l2tlb_fill_way_o;
    r.l2.evicted = t.l2tlb_fill_o && t.l2tlb_evict_o;
  } else {
    r.l1.filled = r.l2.filled = 0;
  }
}

// One APB transfer: setup phase (one edge), then the access phase until pready.
void RtlMmu::apb(bool write, uint32_t offset, uint32_t wdata, uint32_t *rdata) {
  Vmmu_top &t = *top_;
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
  const uint64_t limit = cycle_ + kHangCycles;
  for (;;) {
    const bool done = t.pready_o;
    if (done && rdata) *rdata = t.prdata_o;
    rise();
    if (done) {
      t.psel_i = 0;
      t.penable_i = 0;
      t.pwrite_i = 0;
    }
    settle();
    if (done) return;
    if (cycle_ > limit) throw std::runtime_error("RTL register port never completed");
  }
}

void RtlMmu::reg_write(uint32_t offset, uint32_t value) { apb(true, offset, value, nullptr); }

uint32_t RtlMmu::reg_read(uint32_t offset) {
  uint32_t v = 0;
  apb(false, offset, 0, &v);
  return v;
}

void RtlMmu::wave_window(const std::string &path, uint64_t from, uint64_t to) {
  wave_path_ = path;
  wave_from_ = from;
  wave_to_ = to;
  wave_armed_ = true;
  wave_check();
}

void RtlMmu::wave_check() {
  const uint64_t now = time_cycles();
  if (!wave_open_ && now >= wave_from_) {
    fst_ = std::make_unique<VerilatedFstC>();
    top_->trace(fst_.get(), 99);
    fst_->open(wave_path_.c_str());
    dumped_any_ = false;
    if (!fst_->isOpen()) throw std::runtime_error("cannot write the waveform " + wave_path_);
    wave_open_ = true;
    // The firmware runs in zero RTL time, so a window can start inside its gap, or lie wholly
    // in it: the RTL holds its state through the gap, so that state is the window's first sample.
    if (now > wave_from_) dump(wave_from_ * 1000);
  }
  if (wave_open_ && now >= wave_to_) wave_close();
}

void RtlMmu::wave_close() {
  if (fst_) {
    fst_->close();
    fst_.reset();
  }
  wave_armed_ = false;
}

}  // namespace vmcsim
