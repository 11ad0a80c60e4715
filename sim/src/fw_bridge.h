// The firmware bridge: boots the LiteOS-A-style memory manager on the simulated machine, turns
// the trace's OS events into firmware calls (process create/exit/fork/switch, mmap, munmap,
// mprotect), and runs the firmware's abort handler when the MMU faults. The firmware reaches
// the machine through the co-simulation HAL (cosim_hal.h), so its register accesses are
// transactions on the MMU's register port.
#ifndef VMCOSIM_SIM_FW_BRIDGE_H
#define VMCOSIM_SIM_FW_BRIDGE_H

#include <cstdint>
#include <string>
#include <unordered_map>

#include "stats.h"
#include "vmctrace/vmctrace.h"

extern "C" {
#include "los_vm_map.h"
}

namespace vmcsim {

class FirmwareBridge {
public:
  struct FaultResult {
    bool resolved;        // retry the access
    Outcome outcome;
    std::string reason;   // why it was refused
  };

  // OsSysMemInit and OsVmInit with the layout profile; throws std::runtime_error on failure.
  void boot(int layout_profile, bool large_pages);

  // Applies an OS event. Returns "" on success, else what went wrong.
  std::string os_event(const vmc_record &rec);

  // The current process (0: none, the kernel context) and its space.
  uint32_t current_pid() const { return cur_pid_; }
  LosVmSpace *current_space() const { return cur_space_; }
  uint32_t asid_of(uint32_t pid) const;

  // What backs va in the current context: the type of the user region holding it, kernel
  // space (any kernel address), or nothing.
  enum RegionKind { kRegionAnon, kRegionFile, kRegionDevice, kRegionKernel, kRegionNone,
                    kRegionKinds };
  RegionKind region_kind(uint32_t va) const;

  // Runs the abort handler for the access that faulted (it reads DFSR/DFAR or IFSR/IFAR over
  // the register port) and says what happened.
  FaultResult handle_fault(bool fetch, bool priv);

private:
  std::unordered_map<uint32_t, LosVmSpace *> spaces_;
  uint32_t cur_pid_ = 0;
  LosVmSpace *cur_space_ = nullptr;
};

}  // namespace vmcsim

#endif
