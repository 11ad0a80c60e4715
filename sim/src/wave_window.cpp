#include "wave_window.h"

#include <stdexcept>

#include "verilated_fst_c.h"

namespace vmcsim {

WaveWindow::WaveWindow(std::function<void(VerilatedFstC &)> attach) : attach_(std::move(attach)) {}

WaveWindow::~WaveWindow() { close(); }

void WaveWindow::arm(const std::string &path, uint64_t from, uint64_t to) {
  path_ = path;
  from_ = from;
  to_ = to;
  armed_ = true;
}

void WaveWindow::check(uint64_t now) {
  if (!open_ && now >= from_) open(now);
  if (open_ && now >= to_) close();
}

void WaveWindow::open(uint64_t now) {
  fst_ = std::make_unique<VerilatedFstC>();
  attach_(*fst_);
  fst_->open(path_.c_str());
  dumped_any_ = false;
  if (!fst_->isOpen()) throw std::runtime_error("cannot write the waveform " + path_);
  open_ = true;
  // The firmware runs in zero RTL time, so a window can start inside its gap, or lie wholly
  // in it: the RTL holds its state through the gap, so that state is the window's first sample.
  if (now > from_) dump(from_ * 1000);
}

// One dump per time step: the firmware runs in zero RTL time, so register accesses can settle
// the clock twice at one time; Verilator would refuse the second dump with a warning on stdout.
// A dump to be merged has no sample past the window's end either (a clock edge after the
// firmware's gap can lie beyond it; a dump of its own keeps that sample, as it always did).
void WaveWindow::dump(uint64_t t) {
  if ((dumped_any_ && t <= last_dump_) || (section_dumps_ && t / 1000 >= to_)) return;
  fst_->dump(t);
  last_dump_ = t;
  dumped_any_ = true;
  if (section_dumps_ && ++dumps_in_section_ == section_dumps_) {
    fst_->flush();
    dumps_in_section_ = 0;
  }
}

void WaveWindow::close(bool hold) {
  if (hold && armed_ && !open_) open(UINT64_MAX);
  if (fst_) {
    fst_->close();
    fst_.reset();
  }
  armed_ = false;
}

}  // namespace vmcsim
