// The waveform window of a Verilated model that the harness clocks by hand (RtlMmu: a lone
// mmu_top; RtlCluster: the mmu_cluster): every time step whose simulated time is in [from, to)
// goes to an FST file, opened when the simulated time reaches `from` and closed at `to` or at
// the end. Time stamps are simulated time, 1 ns per cycle (1000 units of 1 ps). Needs no
// Verilated header (the co-simulation's headers meet SystemC's).
#ifndef VMCOSIM_SIM_WAVE_WINDOW_H
#define VMCOSIM_SIM_WAVE_WINDOW_H

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

class VerilatedFstC;

namespace vmcsim {

class WaveWindow {
public:
  // attach: adds the model's signals to a new dump (top.trace(&fst, levels)).
  explicit WaveWindow(std::function<void(VerilatedFstC &)> attach);
  ~WaveWindow();

  void arm(const std::string &path, uint64_t from, uint64_t to);
  // A window is pending or open: the owner checks it every cycle (and skips no idle cycle).
  bool armed() const { return armed_; }
  bool opened() const { return open_; }
  bool dumping() const { return fst_ != nullptr; }
  // A dump to be merged: a new FST section every `dumps` time steps (reading a section back
  // holds it whole), and no sample past the window's end.
  void for_merge(uint32_t dumps) { section_dumps_ = dumps; }
  // At simulated cycle `now`: opens the window or closes it.
  void check(uint64_t now);
  // The model's signals at time t (ps); one dump per time step.
  void dump(uint64_t t);
  // hold: a window that never opened (the model's clock ended before it while other clocks
  // went on) gets the one sample the model's state holds through it.
  void close(bool hold = false);

private:
  void open(uint64_t now);

  std::function<void(VerilatedFstC &)> attach_;
  std::unique_ptr<VerilatedFstC> fst_;
  std::string path_;
  uint64_t from_ = 0, to_ = 0;
  uint64_t last_dump_ = 0;   // time of the last dump
  uint32_t section_dumps_ = 0, dumps_in_section_ = 0;
  bool dumped_any_ = false;
  bool armed_ = false;
  bool open_ = false;
};

}  // namespace vmcsim

#endif
