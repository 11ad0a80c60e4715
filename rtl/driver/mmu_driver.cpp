// MmuDriver: see mmu_driver.h. One call of step() is one clock cycle: the bench sets the
// inputs, evaluates the combinational outputs with the clock low, samples the handshakes that
// complete at the coming rising edge, then raises the clock.
#include "mmu_driver.h"

#include <cstdio>
#include <deque>
#include <stdexcept>

#include "Vmmu_top.h"
#include "mmu_rtl_reset.h"
#include "verilated.h"
#include "verilated_fst_c.h"
#include "vmcutil/number.h"

namespace vmc {

namespace {

constexpr uint64_t kPeriodPs = 10000;   // 10 ns

unsigned log2u(uint32_t v) {
  unsigned r = 0;
  while ((1u << r) < v) r++;
  return r;
}

// The state of one bench-side transfer, shared by step() and the public calls.
struct Pending {
  std::deque<RtlReq> reqs;
  std::vector<RtlResp> *out = nullptr;
  unsigned gap_pct = 0;
  bool gap = false;
  RtlReq in_flight{};
  size_t expected = 0;
};

}  // namespace

vmc_mmu_limits MmuDriver::max_limits() { return rtl_limits(); }

MmuDriver::MmuDriver(const vmc_mmu_config &cfg, PhysMem &mem, MemTiming timing, uint64_t seed,
                     bool strict_hits)
    : cfg_(cfg), mem_(mem), timing_(timing), rng_(seed),
      ctx_(std::make_unique<VerilatedContext>()) {
  const vmc_mmu_limits lim = max_limits();
  auto entries = [](const vmc_tlb_geom &g) { return uint64_t(g.sets) * g.ways; };
  if (entries(cfg.itlb) == 0 || entries(cfg.itlb) > lim.itlb_entries)
    throw std::runtime_error("itlb: " + format_tlb_geom(cfg.itlb) + " exceeds the build's " +
                             std::to_string(lim.itlb_entries) + " entries");
  if (entries(cfg.dtlb) == 0 || entries(cfg.dtlb) > lim.dtlb_entries)
    throw std::runtime_error("dtlb: " + format_tlb_geom(cfg.dtlb) + " exceeds the build's " +
                             std::to_string(lim.dtlb_entries) + " entries");
  if (entries(cfg.l2tlb) > lim.l2tlb_entries)
    throw std::runtime_error("l2tlb: " + format_tlb_geom(cfg.l2tlb) + " exceeds the build's " +
                             std::to_string(lim.l2tlb_entries) + " entries");
  if (cfg.walk_cache_entries > lim.walk_cache_entries)
    throw std::runtime_error("walk cache: " + std::to_string(cfg.walk_cache_entries) +
                             " entries exceed the build's " +
                             std::to_string(lim.walk_cache_entries));
  ctx_->traceEverOn(true);
  ctx_->fatalOnError(true);
  // Scope names are process-wide in Verilator: every live model gets its own.
  static unsigned instances = 0;
  const std::string name = "mmu" + std::to_string(instances++);
  top_ = std::make_unique<Vmmu_top>(ctx_.get(), name.c_str());
  strict_hits_ = strict_hits;
  reset();
}

MmuDriver::~MmuDriver() {
  // Verilator's scope teardown uses the thread's current context: make it this model's, in
  // case another driver was created (or destroyed) after this one.
  Verilated::threadContextp(ctx_.get());
  if (fst_) fst_->close();
  top_->final();
  fst_.reset();
  top_.reset();
}

void MmuDriver::drive_config() {
  top_->itlb_sets_log2_i = log2u(cfg_.itlb.sets);
  top_->itlb_ways_i = cfg_.itlb.ways;
  top_->itlb_policy_i = cfg_.itlb.policy;
  top_->dtlb_sets_log2_i = log2u(cfg_.dtlb.sets);
  top_->dtlb_ways_i = cfg_.dtlb.ways;
  top_->dtlb_policy_i = cfg_.dtlb.policy;
  const bool l2 = cfg_.l2tlb.sets != 0;
  top_->l2tlb_present_i = l2;
  top_->l2tlb_sets_log2_i = l2 ? log2u(cfg_.l2tlb.sets) : 0;
  top_->l2tlb_ways_i = l2 ? cfg_.l2tlb.ways : 1;
  top_->l2tlb_policy_i = l2 ? cfg_.l2tlb.policy : 0;
  top_->wc_entries_i = cfg_.walk_cache_entries;
  top_->chk_onehot_i = strict_hits_;
}

void MmuDriver::reset() {
  drive_config();
  top_->req_valid_i = 0;
  top_->psel_i = 0;
  top_->penable_i = 0;
  top_->pwrite_i = 0;
  top_->mem_req_ready_i = 0;
  top_->mem_rsp_valid_i = 0;
  rtl_reset(*top_);
  top_->eval();
  mem_busy_ = false;
  walk_cycles_seen_ = 0;
  cycle_ = 0;
}

void MmuDriver::trace_to(const std::string &path) {
  fst_ = std::make_unique<VerilatedFstC>();
  top_->trace(fst_.get(), 99);
  fst_->open(path.c_str());
}

void MmuDriver::step() {
  // Memory model inputs for this cycle.
  const bool rsp_now = mem_busy_ && mem_countdown_ == 0;
  top_->mem_rsp_valid_i = rsp_now;
  top_->mem_rsp_data_i = rsp_now ? mem_.read32(mem_addr_) : 0;
  top_->mem_req_ready_i =
      !mem_busy_ && (timing_.stall_pct == 0 || rng_() % 100 >= timing_.stall_pct);
  // A 10 ns clock at the RTL's 1 ps time precision: assertion messages and waveforms carry
  // simulated time.
  ctx_->time(cycle_ * kPeriodPs);
  top_->clk_i = 0;
  top_->eval();
  if (fst_) fst_->dump(ctx_->time());

  const bool mem_accept = top_->mem_req_valid_o && top_->mem_req_ready_i;
  if (top_->mem_req_valid_o) walk_seen_ = true;
  if (walk_seen_) walk_cycles_++;
  const uint32_t req_addr = top_->mem_req_addr_o;

  ctx_->time(cycle_ * kPeriodPs + kPeriodPs / 2);
  top_->clk_i = 1;
  top_->eval();
  if (fst_) fst_->dump(ctx_->time());
  cycle_++;

  if (rsp_now) mem_busy_ = false;
  if (mem_accept) {
    if (mem_busy_) throw std::runtime_error("MMU issued a second memory read in flight");
    std::uniform_int_distribution<unsigned> lat(timing_.latency_min, timing_.latency_max);
    mem_busy_ = true;
    mem_addr_ = req_addr;
    mem_countdown_ = lat(rng_) - 1;
    mem_reads_++;
  } else if (mem_busy_ && mem_countdown_ > 0) {
    mem_countdown_--;
  }
}

RtlResp MmuDriver::capture() const {
  RtlResp r;
  r.pa = top_->rsp_pa_o;
  r.fault = top_->rsp_fault_o;
  r.fs = top_->rsp_fs_o;
  r.fsr = top_->rsp_fsr_o;
  r.size = top_->rsp_size_o;
  r.hit_level = top_->rsp_hit_level_o;
  r.attrs.tex = top_->rsp_tex_o;
  r.attrs.c = top_->rsp_c_o;
  r.attrs.b = top_->rsp_b_o;
  r.attrs.s = top_->rsp_s_o;
  r.attrs.ng = top_->rsp_ng_o;
  r.attrs.xn = top_->rsp_xn_o;
  r.attrs.ap = top_->rsp_ap_o;
  r.attrs.domain = top_->rsp_domain_o;
  r.itlb = {bool(top_->itlb_fill_o), bool(top_->itlb_fill_o && top_->itlb_evict_o),
            top_->itlb_fill_set_o, top_->itlb_fill_way_o};
  r.dtlb = {bool(top_->dtlb_fill_o), bool(top_->dtlb_fill_o && top_->dtlb_evict_o),
            top_->dtlb_fill_set_o, top_->dtlb_fill_way_o};
  r.l2 = {bool(top_->l2tlb_fill_o), bool(top_->l2tlb_fill_o && top_->l2tlb_evict_o),
          top_->l2tlb_fill_set_o, top_->l2tlb_fill_way_o};
  r.mem_reads = mem_reads_;
  r.walk_cycles = walk_seen_ ? walk_cycles_ : 0;
  r.rsp_cycle = cycle_;
  return r;
}

std::vector<RtlResp> MmuDriver::stream(const std::vector<RtlReq> &reqs, unsigned gap_pct) {
  std::vector<RtlResp> out;
  out.reserve(reqs.size());
  size_t next = 0;
  std::deque<std::pair<RtlReq, uint64_t>> in_flight;   // accepted, not answered
  const uint64_t limit = cycle_ + 1000 + reqs.size() * 1000ull;
  while (out.size() < reqs.size()) {
    const bool offer = next < reqs.size() && !(gap_pct && rng_() % 100 < gap_pct);
    top_->req_valid_i = offer;
    if (offer) {
      top_->req_va_i = reqs[next].va;
      top_->req_access_i = reqs[next].kind;
      top_->req_user_i = !reqs[next].priv;
    }
    // Evaluate this cycle's outputs (step() evaluates again with the memory inputs; the
    // request side does not depend on them combinationally).
    top_->mem_rsp_valid_i = mem_busy_ && mem_countdown_ == 0;
    top_->mem_rsp_data_i = top_->mem_rsp_valid_i ? mem_.read32(mem_addr_) : 0;
    top_->clk_i = 0;
    top_->eval();
    if (top_->rsp_valid_o) {
      if (in_flight.empty()) throw std::runtime_error("response without a request");
      // Count this cycle's walk state before capturing (step() adds it again below).
      RtlResp r = capture();
      if (top_->mem_req_valid_o) walk_seen_ = true;
      if (walk_seen_) r.walk_cycles = walk_cycles_ + 1;
      r.va = in_flight.front().first.va;
      r.accept_cycle = in_flight.front().second;
      walk_cycles_seen_ += r.walk_cycles;
      in_flight.pop_front();
      out.push_back(r);
    }
    const bool accept = offer && top_->req_ready_o;
    step();
    if (accept) {
      in_flight.emplace_back(reqs[next], cycle_ - 1);
      next++;
      mem_reads_ = 0;
      walk_seen_ = false;
      walk_cycles_ = 0;
    }
    if (cycle_ > limit) throw std::runtime_error("MMU hung: no response");
  }
  top_->req_valid_i = 0;
  return out;
}

RtlResp MmuDriver::translate(uint32_t va, vmc_access_kind kind, bool priv) {
  return stream({RtlReq{va, kind, priv}}).front();
}

void MmuDriver::idle(unsigned cycles) {
  top_->req_valid_i = 0;
  for (unsigned i = 0; i < cycles; i++) step();
}

void MmuDriver::reg_write(uint32_t offset, uint32_t value) {
  top_->req_valid_i = 0;
  top_->psel_i = 1;
  top_->penable_i = 0;
  top_->pwrite_i = 1;
  top_->paddr_i = offset;
  top_->pwdata_i = value;
  step();   // setup phase
  top_->penable_i = 1;
  for (unsigned n = 0;; n++) {
    top_->clk_i = 0;
    top_->eval();
    const bool done = top_->pready_o;
    step();
    if (done) break;
    if (n > 100000) throw std::runtime_error("register write never completed");
  }
  top_->psel_i = 0;
  top_->penable_i = 0;
  top_->pwrite_i = 0;
}

uint32_t MmuDriver::reg_read(uint32_t offset) {
  top_->req_valid_i = 0;
  top_->psel_i = 1;
  top_->penable_i = 0;
  top_->pwrite_i = 0;
  top_->paddr_i = offset;
  step();
  top_->penable_i = 1;
  uint32_t v = 0;
  for (unsigned n = 0;; n++) {
    top_->clk_i = 0;
    top_->eval();
    const bool done = top_->pready_o;
    v = top_->prdata_o;
    step();
    if (done) break;
    if (n > 100000) throw std::runtime_error("register read never completed");
  }
  top_->psel_i = 0;
  top_->penable_i = 0;
  return v;
}

// ---- Configuration text form ----------------------------------------------------------------

vmc_tlb_geom parse_tlb_geom(const std::string &text) {
  vmc_tlb_geom g{};
  if (text == "none" || text == "0") return g;
  const size_t x = text.find('x'), colon = text.find(':');
  uint64_t sets = 0, ways = 0;
  if (x == std::string::npos || colon == std::string::npos || colon < x ||
      vmc_parse_u64_span(text.data(), x, VMC_NUM_NO_SUFFIX, UINT32_MAX, &sets) != VMC_NUM_OK ||
      vmc_parse_u64_span(text.data() + x + 1, colon - x - 1, VMC_NUM_NO_SUFFIX, UINT32_MAX,
                         &ways) != VMC_NUM_OK)
    throw std::runtime_error("TLB geometry '" + text + "' is not SETSxWAYS:POLICY");
  const std::string policy = text.substr(colon + 1);
  if (sets == 0 || (sets & (sets - 1)) != 0)
    throw std::runtime_error("sets = " + std::to_string(sets) + " is not a power of two");
  if (ways == 0 || ways > 2047) throw std::runtime_error("ways = " + std::to_string(ways) +
                                                         " is not in 1..2047");
  const std::string p = policy;
  if (p == "lru") g.policy = VMC_POLICY_LRU;
  else if (p == "plru") g.policy = VMC_POLICY_PLRU;
  else if (p == "fifo") g.policy = VMC_POLICY_FIFO;
  else if (p == "random") g.policy = VMC_POLICY_RANDOM;
  else throw std::runtime_error("policy = '" + p + "' is not lru, plru, fifo or random");
  if (g.policy == VMC_POLICY_PLRU && (ways & (ways - 1)) != 0)
    throw std::runtime_error("plru needs a power-of-two way count, not " + std::to_string(ways));
  g.sets = uint32_t(sets);
  g.ways = uint32_t(ways);
  return g;
}

std::string format_tlb_geom(const vmc_tlb_geom &g) {
  if (g.sets == 0) return "none";
  static const char *names[] = {"lru", "plru", "fifo", "random"};
  return std::to_string(g.sets) + "x" + std::to_string(g.ways) + ":" +
         names[unsigned(g.policy) & 3u];
}

}  // namespace vmc
