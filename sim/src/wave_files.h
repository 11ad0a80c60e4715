// Waveform files after the run: the merge of several cores' dumps into one FST, the VCD
// conversion of the FST, and the re-run that writes a window around a trigger event (see
// docs/waveforms.md for why a re-run).
#ifndef VMCOSIM_SIM_WAVE_FILES_H
#define VMCOSIM_SIM_WAVE_FILES_H

#include <cstdint>
#include <string>
#include <vector>

#include "options.h"
#include "vmcutil/output_file.h"

namespace vmcsim {

// The waveform output of a run that dumps (not the parent of a triggered re-run): the final
// file by the safe-output rules (vmcutil/output_file.h), a scratch FST when the RTL cannot
// write the final file itself (VCD, converted after the run; a FIFO or device, copied after),
// and with --cores N >= 2 a scratch FST per core, merged into the one FST after the run.
struct WaveOutput {
  vmc_output_file out{};
  std::string scratch;
  std::vector<std::string> cores;
  bool open = false;
};

// Opens the output and sets opt.wave_dump to the file the RTL writes (with several cores: the
// merge, and opt.core_wave_dumps to the cores' dumps). false (message on stderr) when it
// cannot be written.
bool wave_prepare(Options &opt, WaveOutput &w);
// After the RTL closed its FSTs: merges the cores' dumps, converts or copies the FST into the
// output and commits it (or removes the temporaries). Returns false when a file could not be
// written.
bool wave_commit(const Options &opt, WaveOutput &w);
void wave_abort(WaveOutput &w);

// For a trigger, re-runs this program with the window [cycle - around, cycle + around]
// (trigger_cycle UINT64_MAX: the trigger never happened), which writes the file; with several
// cores the cycle is on trigger_core's clock and the window the same on every core's clock.
// Then, and after a dump of a window or a whole run, writes WAVE.gtkw and WAVE.tcl beside a
// regular file (docs/waveforms.md): their signal paths are under the top scope "mmu", or with
// several cores under every core's "coreK". Returns false when a file could not be written
// (message on stderr).
bool finish_wave(const Options &opt, uint64_t trigger_cycle, unsigned trigger_core = 0);

}  // namespace vmcsim

#endif
