#include "rtl_cluster_mmu.h"

#include <algorithm>

#include "Vmmu_cluster.h"
#include "mmu_ports.h"
#include "verilated.h"
#include "verilated_fst_c.h"
#include "vmcosim/mmu_regs.h"

namespace vmcsim {

namespace {

// A request never needs more than a walk of two reads, a broadcast's delivery a few cycles;
// this bounds a hang of the RTL.
constexpr uint64_t kHangCycles = 1000000;

bool is_broadcast(uint32_t offset) {
  return offset >= MMU_REG_TLBIALLIS && offset <= MMU_REG_TLBIMVAAIS;
}

}  // namespace

// Core k of the cluster, as the harness's MMU of that core.
class RtlClusterCore final : public RtlBackend {
public:
  RtlClusterCore(RtlCluster &c, unsigned k) : c_(c), k_(k) {}
  void translate(uint32_t va, vmc_access_kind kind, bool priv, Xlat &x) override {
    c_.translate(k_, va, kind, priv, x);
  }
  size_t translate_run(const XlatReq *reqs, size_t n, Xlat *out) override {
    return translate_each(*this, reqs, n, out);
  }
  void reg_write(uint32_t offset, uint32_t value) override { c_.reg_access(k_, true, offset, value); }
  uint32_t reg_read(uint32_t offset) override { return c_.reg_access(k_, false, offset, 0); }
  // Another core's IS command: this core performed it during the delivery's edges.
  void note_remote_command() override { c_.core_cycles_[k_] += c_.delivery_; }
  uint64_t cycles() const override { return c_.core_cycles_[k_]; }
  void full_responses(bool on) override { c_.full_response_[k_] = on; }
  uint64_t time_cycles() const override { return c_.time_cycles(); }

private:
  RtlCluster &c_;
  unsigned k_;
};

RtlCluster::RtlCluster(const vmc_mmu_config &cfg, const PhysRam &ram, unsigned cores,
                       unsigned lat_min, unsigned lat_max, uint64_t seed, bool double_hit_check,
                       bool l2tlb_shared)
    : ram_(ram), ctx_(std::make_unique<VerilatedContext>()), full_response_(cores, false),
      core_cycles_(cores, 0), wave_([this](VerilatedFstC &f) { top_->trace(&f, 99); }) {
  if (cores < 2 || cores > vmc::kRtlMaxCores)
    throw std::runtime_error("RTL cluster: " + std::to_string(cores) + " cores, this build has 2.." +
                             std::to_string(vmc::kRtlMaxCores));
  ctx_->traceEverOn(true);
  ctx_->fatalOnError(true);
  top_ = std::make_unique<Vmmu_cluster>(ctx_.get(), "cluster");
  for (unsigned k = 0; k < vmc::kRtlMaxCores; k++) port_.emplace_back(*top_, k);
  for (unsigned k = 0; k < cores; k++) {
    mem_.emplace_back();
    lat_.emplace_back(lat_min, lat_max, seed + k);
  }
  vmc::reset_cluster(*top_, cfg, cores, double_hit_check, l2tlb_shared);
  for (unsigned k = 0; k < cores; k++) port_[k].mem_req_ready_i = 1;
  top_->eval();
  select(0);
}

RtlCluster::~RtlCluster() {
  wave_.close();
  top_->final();
}

std::unique_ptr<RtlBackend> RtlCluster::core(unsigned k) {
  return std::make_unique<RtlClusterCore>(*this, k);
}

inline void RtlCluster::select(unsigned k) {
  cur_ = k;
  counting_ = &core_cycles_[k];
}

// Posedge of the whole cluster: every active core takes this cycle's inputs; then each core's
// memory model prepares the next cycle's. Only the core being driven has a request (a core
// performing a broadcast walks nothing), so only its reads count as the request's.
inline void RtlCluster::rise() {
  Vmmu_cluster &t = *top_;
  const unsigned n = cores();
  vmc::WalkerMemory::Edge edge[vmc::kRtlMaxCores];
  for (unsigned k = 0; k < n; k++) edge[k] = vmc::walker_edge(port_[k]);
  if (port_[cur_].mem_req_valid_o && !walk_started_) {
    walk_started_ = true;
    walk_start_ = core_cycles_[cur_];
  }
  t.clk_i = 1;
  t.eval();
  if (wave_.dumping()) wave_.dump(time_cycles() * 1000 + 500);
  cycle_++;
  ++*counting_;
  for (unsigned k = 0; k < n; k++) {
    if (mem_[k].after_edge(edge[k], [this, k] { return lat_[k].next(); }) && k == cur_)
      mem_reads_++;
    vmc::drive_walker_response(port_[k], mem_[k], ram_);
    port_[k].mem_req_ready_i = !mem_[k].busy();
  }
}

// As RtlMmu::rise_over_wait: one edge for the whole wait of the driven core's read (its
// idle_cycles_i keeps CNT_WALK_CYCLES exact); the other cores are idle meanwhile.
void RtlCluster::rise_over_wait() {
  vmc::WalkerMemory &m = mem_[cur_];
  const unsigned extra = std::min(m.countdown(), 0xFFFFu);
  port_[cur_].idle_cycles_i = uint16_t(extra);
  m.skip(extra);
  vmc::drive_walker_response(port_[cur_], m, ram_);
  rise();
  port_[cur_].idle_cycles_i = 0;
  cycle_ += extra;
  *counting_ += extra;
}

inline void RtlCluster::settle() {
  if (wave_.armed()) wave_.check(time_cycles());
  top_->clk_i = 0;
  top_->eval();
  if (wave_.dumping()) wave_.dump(time_cycles() * 1000);
}

void RtlCluster::translate(unsigned k, uint32_t va, vmc_access_kind kind, bool priv, Xlat &x) {
  select(k);
  vmc::ClusterCore &p = port_[k];
  vmc::offer_request(p, va, kind, priv);
  mem_reads_ = 0;
  walk_started_ = false;
  if (__builtin_expect(!p.req_ready_o, 0)) step_until_ready();
  rise();
  p.req_valid_i = 0;
  settle();
  if (__builtin_expect(!p.rsp_valid_o, 0)) step_until_response();
  vmc::read_response(p, kind, full_response_[k], x.r);
  x.mem_reads = mem_reads_;
  x.walk_cycles = walk_started_ ? unsigned(core_cycles_[k] - walk_start_ + 1) : 0;
}

__attribute__((noinline)) void RtlCluster::step_until_ready() {
  const uint64_t limit = cycle_ + kHangCycles;
  while (!port_[cur_].req_ready_o) {
    rise();
    settle();
    if (cycle_ > limit) throw std::runtime_error("RTL cluster never accepted a request");
  }
}

__attribute__((noinline)) void RtlCluster::step_until_response() {
  const uint64_t limit = cycle_ + kHangCycles;
  const vmc::WalkerMemory &m = mem_[cur_];
  while (!port_[cur_].rsp_valid_o) {
    // Skipping is exact only while no other core has work (a broadcast to perform).
    if (skip_idle_ && m.busy() && m.countdown() > 0 && !wave_.armed() &&
        !top_->bcast_busy_o)
      rise_over_wait();
    else
      rise();
    settle();
    if (cycle_ > limit) throw std::runtime_error("RTL cluster never answered a request");
  }
}

uint32_t RtlCluster::reg_access(unsigned k, bool write, uint32_t offset, uint32_t value) {
  select(k);
  const uint32_t v = vmc::reg_transfer(port_[k], write, offset, value, [this] { rise(); },
                                       [this] { settle(); });
  if (write && is_broadcast(offset)) deliver(k);
  return v;
}

// Core k's IS command is on its way: clock until every other core performed it (k's barrier
// clears). The edges are the receivers' (delivery_, charged by note_remote_command).
void RtlCluster::deliver(unsigned k) {
  delivery_ = 0;
  counting_ = &delivery_;
  while (vmc::bcast_busy(*top_, k)) {
    rise();
    settle();
    if (delivery_ > kHangCycles) throw std::runtime_error("RTL cluster: a broadcast never completed");
  }
  counting_ = &core_cycles_[k];
}

void RtlCluster::wave_window(const std::string &path, uint64_t from, uint64_t to) {
  wave_.arm(path, from, to);
  wave_.check(time_cycles());
}

}  // namespace vmcsim
