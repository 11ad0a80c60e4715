#include "rtl_mmu.h"

#include <algorithm>

#include "Vmmu_top.h"
#include "mmu_ports.h"
#include "verilated.h"
#include "verilated_fst_c.h"

namespace vmcsim {

namespace {

// A request never needs more than a walk of two reads; this bounds a hang of the RTL.
constexpr uint64_t kHangCycles = 1000000;

}  // namespace

vmc_mmu_limits RtlMmu::limits() { return vmc::rtl_limits(); }

RtlMmu::RtlMmu(const vmc_mmu_config &cfg, const PhysRam &ram, Latency latency,
               bool double_hit_check, const char *name)
    : ram_(ram), lat_(latency), ctx_(std::make_unique<VerilatedContext>()),
      wave_([this](VerilatedFstC &f) { top_->trace(&f, 99); }) {
  ctx_->traceEverOn(true);
  ctx_->fatalOnError(true);
  top_ = std::make_unique<Vmmu_top>(ctx_.get(), name);
  // The harness's firmware does the maintenance B3.10 requires, so the RTL's one-hot-hit
  // assertion holds; it costs about 12 % per access, so the caller chooses.
  vmc::reset(*top_, cfg, double_hit_check);
  top_->mem_req_ready_i = 1;
  top_->eval();
}

RtlMmu::~RtlMmu() {
  wave_close();
  top_->final();
}

// Posedge: the RTL takes this cycle's inputs; then the memory model prepares the next cycle's.
inline void RtlMmu::rise() {
  Vmmu_top &t = *top_;
  const vmc::WalkerMemory::Edge edge = vmc::walker_edge(t);
  if (t.mem_req_valid_o && !walk_started_) {
    walk_started_ = true;
    walk_start_ = cycle_;
  }
  t.clk_i = 1;
  t.eval();
  if (wave_.dumping()) wave_.dump(wave_time() + 500);
  cycle_++;
  if (mem_.after_edge(edge, [this] { return lat_.next(); })) mem_reads_++;
  vmc::drive_walker_response(t, mem_, ram_);
  t.mem_req_ready_i = !mem_.busy();
}

// The read in flight answers countdown() edges from now; the edges before that one only wait.
// One edge stands for all of them and the answer: the RTL's state after it is the same,
// CNT_WALK_CYCLES included (idle_cycles_i), and the read is answered at that edge. Waits
// longer than idle_cycles_i can say take more than one such edge.
void RtlMmu::rise_over_wait() {
  const unsigned extra = std::min(mem_.countdown(), 0xFFFFu);
  top_->idle_cycles_i = uint16_t(extra);
  mem_.skip(extra);
  vmc::drive_walker_response(*top_, mem_, ram_);
  rise();
  top_->idle_cycles_i = 0;
  cycle_ += extra;
}

inline void RtlMmu::settle() {
  if (wave_.armed()) wave_.check(time_cycles());
  top_->clk_i = 0;
  top_->eval();
  if (wave_.dumping()) wave_.dump(wave_time());
}

void RtlMmu::translate(uint32_t va, vmc_access_kind kind, bool priv, Xlat &x) {
  Vmmu_top &t = *top_;
  vmc::offer_request(t, va, kind, priv);
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
    if (skip_idle_ && mem_.busy() && mem_.countdown() > 0 && !wave_.armed()) rise_over_wait();
    else rise();
    settle();
    if (cycle_ > limit) throw std::runtime_error("RTL never answered a request");
  }
}

inline void RtlMmu::read_response(vmc_access_kind kind, Xlat &x) const {
  vmc::read_response(*top_, kind, full_response_, x.r);
  x.mem_reads = mem_reads_;
  x.walk_cycles = walk_started_ ? unsigned(cycle_ - walk_start_ + 1) : 0;
}

void RtlMmu::reg_write(uint32_t offset, uint32_t value) {
  vmc::reg_transfer(*top_, true, offset, value, [this] { rise(); }, [this] { settle(); });
}

uint32_t RtlMmu::reg_read(uint32_t offset) {
  return vmc::reg_transfer(*top_, false, offset, 0, [this] { rise(); }, [this] { settle(); });
}

void RtlMmu::wave_window(const std::string &path, uint64_t from, uint64_t to) {
  wave_.arm(path, from, to);
  wave_.check(time_cycles());
}

void RtlMmu::wave_close(bool hold) { wave_.close(hold); }

}  // namespace vmcsim
