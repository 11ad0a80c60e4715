// ClusterDriver: see cluster_driver.h. One call of step() is one clock cycle of the whole
// cluster, as MmuDriver::step() is of a lone mmu_top.
#include "cluster_driver.h"

#include <stdexcept>
#include <string>

#include "Vmmu_cluster.h"
#include "verilated.h"
#include "vmcosim/mmu_regs.h"

namespace vmc {

namespace {

constexpr uint64_t kPeriodPs = 10000;   // 10 ns
constexpr uint64_t kDrainLimit = 1000000;

}  // namespace

ClusterDriver::ClusterDriver(const vmc_mmu_config &cfg, unsigned cores, PhysMem &mem,
                             MemTiming timing, uint64_t seed, bool strict_hits)
    : cfg_(cfg), cores_(cores), mem_(mem), timing_(kRtlMaxCores, timing), rng_(seed),
      strict_hits_(strict_hits), ctx_(std::make_unique<VerilatedContext>()) {
  const vmc_mmu_limits lim = MmuDriver::max_limits();
  char err[160];
  if (vmc_mmu_config_check(&cfg, &lim, err, sizeof err) != 0)
    throw std::runtime_error(std::string("configuration: ") + err);
  if (cores < 1 || cores > kRtlMaxCores)
    throw std::runtime_error("cluster: " + std::to_string(cores) + " cores, this build has 1.." +
                             std::to_string(kRtlMaxCores));
  ctx_->fatalOnError(true);
  static unsigned instances = 0;   // scope names are process-wide in Verilator
  const std::string name = "cluster" + std::to_string(instances++);
  top_ = std::make_unique<Vmmu_cluster>(ctx_.get(), name.c_str());
  for (unsigned k = 0; k < kRtlMaxCores; k++) ports_.emplace_back(*top_, k);
  offered_.assign(kRtlMaxCores, false);
  offered_kind_.assign(kRtlMaxCores, VMC_ACCESS_READ);
  in_flight_.resize(kRtlMaxCores);
  done_.resize(kRtlMaxCores);
  mem_port_.resize(kRtlMaxCores);
  mem_reads_.assign(kRtlMaxCores, 0);
  reset();
}

ClusterDriver::~ClusterDriver() {
  Verilated::threadContextp(ctx_.get());
  top_->final();
  top_.reset();
}

void ClusterDriver::set_l2tlb_shared(bool shared) {
  if (shared && cfg_.l2tlb.sets == 0)
    throw std::runtime_error("cluster: a shared L2TLB needs an L2TLB in the configuration");
  l2_shared_ = shared;
  reset();
}

void ClusterDriver::reset() {
  reset_cluster(*top_, cfg_, cores_, strict_hits_, l2_shared_);
  for (unsigned k = 0; k < kRtlMaxCores; k++) {
    mem_port_[k].reset();
    offered_[k] = false;
    in_flight_[k].clear();
    done_[k].clear();
  }
  cycle_ = 0;
}

void ClusterDriver::settle() {
  top_->clk_i = 0;
  top_->eval();
}

void ClusterDriver::step() {
  Vmmu_cluster &c = *top_;
  for (unsigned k = 0; k < cores_; k++) {
    drive_walker_response(ports_[k], mem_port_[k], mem_);
    const MemTiming &t = timing_[k];
    c.mem_req_ready_i[k] = !mem_port_[k].busy() && (t.stall_pct == 0 || rng_() % 100 >= t.stall_pct);
  }
  ctx_->time(cycle_ * kPeriodPs);
  settle();

  // This cycle's responses and acceptances, before the edge.
  bool accept[kRtlMaxCores] = {};
  WalkerMemory::Edge edge[kRtlMaxCores];
  for (unsigned k = 0; k < cores_; k++) {
    ClusterCore &p = ports_[k];
    if (p.rsp_valid_o) {
      if (in_flight_[k].empty())
        throw std::runtime_error("cluster core " + std::to_string(k) + ": response without a request");
      const InFlight f = in_flight_[k].front();
      in_flight_[k].pop_front();
      ClusterXlat r{};
      read_response(p, f.kind, true, r.x.r);
      r.x.mem_reads = mem_reads_[k];
      r.side.accept_cycle = f.accept_cycle;
      r.side.rsp_cycle = cycle_;
      r.side.other_l1_filled = other_l1_filled(p, f.kind);
      done_[k].push_back(r);
    }
    accept[k] = p.req_valid_i && p.req_ready_o;
    edge[k] = walker_edge(p);
  }

  ctx_->time(cycle_ * kPeriodPs + kPeriodPs / 2);
  top_->clk_i = 1;
  top_->eval();
  cycle_++;

  for (unsigned k = 0; k < cores_; k++) {
    if (accept[k]) {
      in_flight_[k].push_back({offered_kind_[k], cycle_ - 1});
      offered_[k] = false;
      ports_[k].req_valid_i = 0;
      mem_reads_[k] = 0;
    }
    const MemTiming &t = timing_[k];
    const auto latency = [this, &t] {
      return std::uniform_int_distribution<unsigned>(t.latency_min, t.latency_max)(rng_);
    };
    if (mem_port_[k].after_edge(edge[k], latency)) mem_reads_[k]++;
  }
}

void ClusterDriver::offer(unsigned k, uint32_t va, vmc_access_kind kind, bool priv) {
  if (k >= cores_) throw std::runtime_error("cluster: offer on inactive core " + std::to_string(k));
  if (offered_[k]) throw std::runtime_error("cluster: core " + std::to_string(k) + " has an offer");
  offer_request(ports_[k], va, kind, priv);
  offered_[k] = true;
  offered_kind_[k] = kind;
}

void ClusterDriver::drain() {
  const uint64_t limit = cycle_ + kDrainLimit;
  for (;;) {
    bool any = false;
    for (unsigned k = 0; k < cores_; k++) any = any || busy(k);
    if (!any) return;
    step();
    if (cycle_ > limit) throw std::runtime_error("cluster hung: no response");
  }
}

Xlat ClusterDriver::translate(unsigned k, uint32_t va, vmc_access_kind kind, bool priv) {
  offer(k, va, kind, priv);
  const uint64_t limit = cycle_ + kDrainLimit;
  while (busy(k)) {
    step();
    if (cycle_ > limit) throw std::runtime_error("cluster hung: no response");
  }
  const ClusterXlat r = done_[k].back();
  done_[k].pop_back();
  return r.x;
}

void ClusterDriver::idle(unsigned cycles) {
  for (unsigned i = 0; i < cycles; i++) step();
}

void ClusterDriver::reg_write(unsigned k, uint32_t offset, uint32_t value) {
  reg_transfer(ports_[k], true, offset, value, [this] { step(); }, [this] { settle(); });
}

uint32_t ClusterDriver::reg_read(unsigned k, uint32_t offset) {
  return reg_transfer(ports_[k], false, offset, 0, [this] { step(); }, [this] { settle(); });
}

bool ClusterDriver::bcast_busy(unsigned k) const { return vmc::bcast_busy(*top_, k); }

unsigned ClusterDriver::barrier(unsigned k) {
  reg_write(k, MMU_REG_BCAST_SYNC, 0);
  unsigned busy_reads = 0;
  while (reg_read(k, MMU_REG_BCAST_SYNC) & MMU_BCAST_SYNC_BUSY) {
    if (++busy_reads > kDrainLimit) throw std::runtime_error("cluster: barrier never completed");
  }
  return busy_reads;
}

}  // namespace vmc
