#include "shared_l2.h"

#include <stdexcept>

#include "Vmmu_l2_shared.h"
#include "mmu_ports.h"
#include "verilated.h"

namespace vmcsim {

SharedL2::SharedL2(const vmc_mmu_config &cfg, bool double_hit_check)
    : ctx_(std::make_unique<VerilatedContext>()) {
  if (cfg.l2tlb.sets == 0) throw std::invalid_argument("a shared L2TLB needs an L2TLB");
  ctx_->fatalOnError(true);
  l2_ = std::make_unique<Vmmu_l2_shared>(ctx_.get(), "l2_shared");
  Vmmu_l2_shared &t = *l2_;
  t.sets_log2_i = vmc::log2u(cfg.l2tlb.sets);
  t.ways_i = cfg.l2tlb.ways;
  t.policy_i = cfg.l2tlb.policy;
  t.chk_onehot_i = double_hit_check;
  t.req_i = 0;
  t.fill_i = 0;
  t.inv_i = 0;
  vmc::pulse_reset(t);
}

// Verilator erases a model's scopes from the thread's current context, which is the last one
// used (a core's, maybe destroyed already): make it this model's own.
SharedL2::~SharedL2() {
  Verilated::threadContextp(ctx_.get());
  l2_->final();
  l2_.reset();
}

bool SharedL2::core_asks(const Vmmu_top &core) { return core.l2x_req_o || core.l2x_inv_o; }

void SharedL2::exchange(Vmmu_top &core) {
  Vmmu_l2_shared &t = *l2_;
  t.clk_i = 0;
  t.req_i = core.l2x_req_o;
  t.fill_i = core.l2x_fill_o;
  t.va_i[0] = core.l2x_va_o;
  t.asid_i[0] = core.l2x_asid_o;
  t.entry_i[0] = core.l2x_entry_o;
  t.inv_i = core.l2x_inv_o;
  t.inv_kind_i = core.bcast_kind_o;
  t.inv_op_i = core.bcast_op_o;
  t.eval();
  core.l2x_gnt_i = t.gnt_o & 1;
  core.l2x_hit_i = t.hit_o;
  core.l2x_entry_i = t.hit_entry_o;
  core.l2x_set_i = t.set_o;
  core.l2x_way_i = t.way_o;
  core.l2x_evict_i = t.evict_o;
  busy_ = t.req_i || t.inv_i;
}

void SharedL2::clock() {
  l2_->clk_i = 1;
  l2_->eval();
}

}  // namespace vmcsim
