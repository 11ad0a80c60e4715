// Waveform files after the run: the VCD conversion of the FST the RTL wrote, and the re-run
// that writes a window around a trigger event (see docs/waveforms.md for why a re-run).
#ifndef VMCOSIM_SIM_WAVE_FILES_H
#define VMCOSIM_SIM_WAVE_FILES_H

#include <cstdint>
#include <string>

#include "options.h"
#include "vmcutil/output_file.h"

namespace vmcsim {

// The waveform output of a run that dumps (not the parent of a triggered re-run): the final
// file by the safe-output rules (vmcutil/output_file.h), and a scratch FST when the RTL cannot
// write the final file itself (VCD, converted after the run; a FIFO or device, copied after).
struct WaveOutput {
  vmc_output_file out{};
  std::string scratch;
  bool open = false;
};

// Opens the output and sets opt.wave_dump to the file the RTL writes. false (message on
// stderr) when it cannot be written.
bool wave_prepare(Options &opt, WaveOutput &w);
// After the RTL closed its FST: converts or copies it into the output and commits it (or, when
// ok is false, removes the temporaries). Returns false when a file could not be written.
bool wave_commit(const Options &opt, WaveOutput &w);
void wave_abort(WaveOutput &w);

// For a trigger, re-runs this program with the window [cycle - around, cycle + around]
// (trigger_cycle UINT64_MAX: the trigger never happened), which writes the file. Then, and
// after a dump of a window or a whole run, writes WAVE.gtkw and WAVE.tcl beside a regular
// file (docs/waveforms.md). Returns false when a file could not be written (message on stderr).
// scope: the dump's top scope, which the .gtkw's signal paths name.
bool finish_wave(const Options &opt, uint64_t trigger_cycle, const std::string &scope = "mmu");

// With --cores N >= 2, core k's waveform: WAVE with ".coreK" before its extension
// (w.fst -> w.core1.fst; w -> w.core1), its top scope "coreK".
std::string core_wave_path(const std::string &wave, unsigned core);

}  // namespace vmcsim

#endif
