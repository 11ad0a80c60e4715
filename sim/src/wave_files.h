// Waveform files after the run: the VCD conversion of the FST the RTL wrote, and the re-run
// that writes a window around a trigger event (see docs/waveforms.md for why a re-run).
#ifndef VMCOSIM_SIM_WAVE_FILES_H
#define VMCOSIM_SIM_WAVE_FILES_H

#include <cstdint>

#include "options.h"

namespace vmcsim {

// Converts the temporary FST to VCD when asked; for a trigger, re-runs this program with the
// window [cycle - around, cycle + around] (trigger_cycle UINT64_MAX: the trigger never
// happened). Returns false when a file could not be written (message on stderr).
bool finish_wave(const Options &opt, uint64_t trigger_cycle);

}  // namespace vmcsim

#endif
