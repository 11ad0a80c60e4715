// vmcosim --config FILE: a run's configuration as JSON, with the keys of the statistics'
// `config` object (docs/cosim.md#repeating-a-run). A statistics file itself is accepted too
// (its `config` is used), so `--config OLD/stats.json` repeats a run.
#ifndef VMCOSIM_SIM_CONFIG_FILE_H
#define VMCOSIM_SIM_CONFIG_FILE_H

#include <stdexcept>
#include <string>
#include <vector>

namespace vmcsim {

struct ConfigError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// One setting of the file as vmcosim's own command line: key "itlb" gives {"--itlb", VALUE};
// "trace" gives {TRACE}. Throws ConfigError naming the file, the line and the key.
struct ConfigSetting {
  std::string origin;              // "FILE:LINE: KEY", for messages
  std::vector<std::string> args;
};
std::vector<ConfigSetting> read_config_file(const std::string &path);

}  // namespace vmcsim

#endif
