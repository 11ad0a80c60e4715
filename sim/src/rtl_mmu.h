// The Verilated mmu_top (--cc), clocked by hand: no SystemC process per cycle (DESIGN §8).
// A cycle is rise() (posedge: the RTL samples its inputs) then settle() (clock low: the
// outputs of the new cycle are valid). Between calls the model sits settled in the cycle of the
// last response, so the next request is accepted at that cycle's edge: L1 hits run one per
// cycle. The walker's read port is served from PhysRam with the Latency model.
#ifndef VMCOSIM_SIM_RTL_MMU_H
#define VMCOSIM_SIM_RTL_MMU_H

#include <functional>
#include <memory>
#include <string>

#include "mmu_backend.h"
#include "phys_ram.h"
#include "walker_memory.h"
#include "wave_window.h"

class Vmmu_top;
class VerilatedContext;

namespace vmcsim {

class RtlMmu final : public RtlBackend {
public:
  // cfg must pass vmc_mmu_config_check against limits().
  // double_hit_check turns on the RTL's assertion that at most one way of a set matches.
  // name: the model's top scope in a waveform ("mmu"; "core0", "core1"... with several cores).
  RtlMmu(const vmc_mmu_config &cfg, const PhysRam &ram, Latency latency, bool double_hit_check,
         const char *name = "mmu");
  ~RtlMmu() override;

  static vmc_mmu_limits limits();

  // Fills the fields Xlat always carries; pa, attrs and the fill events too after
  // full_responses(true) (lockstep compares them; the statistics do not need them).
  void translate(uint32_t va, vmc_access_kind kind, bool priv, Xlat &out) override;
  void full_responses(bool on) override { full_response_ = on; }
  // While a walk's read is in flight and nothing else is pending, clock the RTL once for the
  // whole wait (its idle_cycles_i input makes CNT_WALK_CYCLES count every cycle); off while a
  // waveform window is pending or open, which dumps every cycle.
  void skip_idle_cycles(bool on) { skip_idle_ = on; }
  size_t translate_run(const XlatReq *reqs, size_t n, Xlat *out) override;
  void reg_write(uint32_t offset, uint32_t value) override;
  uint32_t reg_read(uint32_t offset) override;
  uint64_t cycles() const override { return cycle_; }
  // Simulated time in cycles: the RTL's cycles plus those during which its clock stood still
  // while the firmware ran (stopped() gives them: the firmware's cycle count; with several
  // cores, those of this core's clock).
  void set_stopped_source(std::function<uint64_t()> stopped) { stopped_ = std::move(stopped); }
  uint64_t time_cycles() const override { return cycle_ + (stopped_ ? stopped_() : 0); }

  // Waveform: dump every cycle whose simulated time (time_cycles()) is in [from, to) to an FST
  // file (opened at `from`, closed at `to` or at the end). Time stamps are simulated time, 1 ns
  // per cycle.
  // Several cores: wave_close(true) on a core whose window never opened while another's did
  // writes the one sample its state holds through the window.
  void wave_window(const std::string &path, uint64_t from, uint64_t to);
  void wave_close(bool hold = false);
  // A dump to be merged: a new FST section every `dumps` time steps, so that reading it back
  // holds one short section at a time (a dump left whole is one section up to 128 MB), and no
  // sample past the window's end.
  void wave_for_merge(uint32_t dumps) { wave_.for_merge(dumps); }
  bool wave_opened() const { return wave_.opened(); }

private:
  void rise();
  void rise_over_wait();
  void settle();
  void step_until_ready();
  void step_until_response();
  void read_response(vmc_access_kind kind, Xlat &x) const;
  uint64_t wave_time() const { return time_cycles() * 1000; }

  const PhysRam &ram_;
  Latency lat_;
  std::unique_ptr<VerilatedContext> ctx_;
  std::unique_ptr<Vmmu_top> top_;
  uint64_t cycle_ = 0;
  std::function<uint64_t()> stopped_;
  bool full_response_ = false;
  bool skip_idle_ = true;

  vmc::WalkerMemory mem_;   // behind the walker's read port
  // current request
  unsigned mem_reads_ = 0;
  bool walk_started_ = false;
  uint64_t walk_start_ = 0;

  WaveWindow wave_;
};

}  // namespace vmcsim

#endif
