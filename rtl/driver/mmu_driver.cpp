// MmuDriver: see mmu_driver.h. One call of step() is one clock cycle: the bench sets the
// inputs, evaluates the combinational outputs with the clock low, samples the handshakes that
// complete at the coming rising edge, then raises the clock.
#include "mmu_driver.h"

#include <cstdio>
#include <deque>
#include <stdexcept>

#include "Vmmu_top.h"
#include "verilated.h"
#include "verilated_fst_c.h"

namespace vmc {

namespace {

constexpr uint64_t kPeriodPs = 10000;   // 10 ns

}  // namespace

vmc_mmu_limits MmuDriver::max_limits() { return rtl_limits(); }

MmuDriver::MmuDriver(const vmc_mmu_config &cfg, PhysMem &mem, MemTiming timing, uint64_t seed,
                     bool strict_hits)
    : cfg_(cfg), mem_(mem), timing_(timing), rng_(seed),
      ctx_(std::make_unique<VerilatedContext>()) {
  const vmc_mmu_limits lim = max_limits();
  char err[160];
  if (vmc_mmu_config_check(&cfg, &lim, err, sizeof err) != 0)
    throw std::runtime_error(std::string("configuration: ") + err);
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

void MmuDriver::reset() {
  vmc::reset(*top_, cfg_, strict_hits_);
  mem_port_.reset();
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
  drive_walker_response(*top_, mem_port_, mem_);
  top_->mem_req_ready_i =
      !mem_port_.busy() && (timing_.stall_pct == 0 || rng_() % 100 >= timing_.stall_pct);
  // A 10 ns clock at the RTL's 1 ps time precision: assertion messages and waveforms carry
  // simulated time.
  ctx_->time(cycle_ * kPeriodPs);
  top_->clk_i = 0;
  top_->eval();
  if (fst_) fst_->dump(ctx_->time());

  const WalkerMemory::Edge edge = walker_edge(*top_);
  if (top_->mem_req_valid_o) walk_seen_ = true;
  if (walk_seen_) walk_cycles_++;

  ctx_->time(cycle_ * kPeriodPs + kPeriodPs / 2);
  top_->clk_i = 1;
  top_->eval();
  if (fst_) fst_->dump(ctx_->time());
  cycle_++;

  const auto latency = [this] {
    return std::uniform_int_distribution<unsigned>(timing_.latency_min, timing_.latency_max)(rng_);
  };
  if (mem_port_.after_edge(edge, latency)) mem_reads_++;
}

void MmuDriver::settle() {
  top_->clk_i = 0;
  top_->eval();
}

Xlat MmuDriver::capture(vmc_access_kind kind) const {
  Xlat x{};
  read_response(*top_, kind, true, x.r);
  x.mem_reads = mem_reads_;
  x.walk_cycles = walk_seen_ ? walk_cycles_ : 0;
  return x;
}

std::vector<Xlat> MmuDriver::stream(const std::vector<RtlReq> &reqs, unsigned gap_pct,
                                    std::vector<RtlSideband> *sideband) {
  std::vector<Xlat> out;
  out.reserve(reqs.size());
  size_t next = 0;
  std::deque<std::pair<RtlReq, uint64_t>> in_flight;   // accepted, not answered
  const uint64_t limit = cycle_ + 1000 + reqs.size() * 1000ull;
  while (out.size() < reqs.size()) {
    const bool offer = next < reqs.size() && !(gap_pct && rng_() % 100 < gap_pct);
    top_->req_valid_i = offer;
    if (offer) offer_request(*top_, reqs[next].va, reqs[next].kind, reqs[next].priv);
    // Evaluate this cycle's outputs (step() evaluates again with the memory inputs; the
    // request side does not depend on them combinationally).
    drive_walker_response(*top_, mem_port_, mem_);
    settle();
    if (top_->rsp_valid_o) {
      if (in_flight.empty()) throw std::runtime_error("response without a request");
      // Count this cycle's walk state before capturing (step() adds it again below).
      const vmc_access_kind kind = in_flight.front().first.kind;
      Xlat x = capture(kind);
      if (top_->mem_req_valid_o) walk_seen_ = true;
      if (walk_seen_) x.walk_cycles = walk_cycles_ + 1;
      last_.accept_cycle = in_flight.front().second;
      last_.rsp_cycle = cycle_;
      last_.other_l1_filled = other_l1_filled(*top_, kind);
      if (sideband) sideband->push_back(last_);
      walk_cycles_seen_ += x.walk_cycles;
      in_flight.pop_front();
      out.push_back(x);
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

Xlat MmuDriver::translate(uint32_t va, vmc_access_kind kind, bool priv) {
  return stream({RtlReq{va, kind, priv}}).front();
}

void MmuDriver::idle(unsigned cycles) {
  top_->req_valid_i = 0;
  for (unsigned i = 0; i < cycles; i++) step();
}

void MmuDriver::reg_write(uint32_t offset, uint32_t value) {
  reg_transfer(*top_, true, offset, value, [this] { step(); }, [this] { settle(); });
}

uint32_t MmuDriver::reg_read(uint32_t offset) {
  return reg_transfer(*top_, false, offset, 0, [this] { step(); }, [this] { settle(); });
}

vmc_tlb_geom parse_tlb_geom(const std::string &text) {
  vmc_tlb_geom g{};
  char err[160];
  if (vmc_mmu_config_parse_tlb(text.c_str(), &g, err, sizeof err) != 0)
    throw std::runtime_error(err);
  return g;
}

}  // namespace vmc
