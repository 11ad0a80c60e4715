// One waveform from several cores' FST dumps (docs/waveforms.md, "Several cores"): each
// core's RTL dumps on its own clock into a file of its own during the run; after the run this
// merges them by time into one FST with each file's hierarchy (its top scope "coreK") side by
// side, so the cores appear to run in parallel on one time axis.
#ifndef VMCOSIM_SIM_WAVE_MERGE_H
#define VMCOSIM_SIM_WAVE_MERGE_H

#include <string>
#include <vector>

namespace vmcsim {

// Writes output (an FST) from the FST files inputs, in their order. Every value change of
// input k appears in the output at its time under input k's scopes. Memory stays bounded: the
// inputs are read in a stream each (one FST section at a time), merged as they come.
// false, with why set, when an input cannot be read or the output written.
bool wave_merge(const std::vector<std::string> &inputs, const std::string &output,
                std::string &why);

}  // namespace vmcsim

#endif
