// The firmware bridge: boots the LiteOS-A-style memory manager on the simulated machine, turns
// the trace's OS events into firmware calls (process create/exit/fork/switch, mmap, munmap,
// mprotect), runs the firmware's abort handler when the MMU faults, and answers the harness's
// questions about the firmware's state (what backs an address, the buddy free lists). The
// firmware reaches the machine through the co-simulation HAL (fw_bridge_hal.h), so its
// register accesses are transactions on the MMU's register port.
//
// The bridge's .cpp files are the only harness files that include firmware headers; this
// header includes none, so the rest of the harness sees the firmware only through it.
#ifndef VMCOSIM_SIM_FW_BRIDGE_H
#define VMCOSIM_SIM_FW_BRIDGE_H

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>

#include "fw_bridge_hal.h"
#include "stats.h"
#include "vmctrace/vmctrace.h"

struct VmSpace;   // the firmware's address space (LosVmSpace)

namespace vmcsim {

class FirmwareBridge {
public:
  struct FaultResult {
    bool resolved;                  // retry the access
    Outcome outcome;
    std::string reason;             // why it was refused
    uint64_t cycles[kCostParts];    // firmware cycles of the handling by part, entry/exit included
    uint64_t entry_exit;            // of which exception entry and exit (in kPartOther)
  };

  static constexpr unsigned kMaxCores = 8;

  // OsSysMemInit and OsVmInit with the layout profile on core 0, then OsVmSecondaryCpuInit
  // on each other core; throws std::runtime_error on failure.
  void boot(int layout_profile, bool large_pages, unsigned cores = 1);

  // The core the next firmware call runs on (HalCpuId); its current process is current_pid().
  // hook (if set) is told first, so that register accesses reach that core's MMU.
  void set_core(unsigned core);
  void set_core_hook(std::function<void(unsigned)> hook) { core_hook_ = std::move(hook); }

  // Applies an OS event. Returns "" on success, else what went wrong.
  std::string os_event(const vmc_record &rec);

  // The current process of the selected core, or of core c (0: none, the kernel context).
  uint32_t current_pid() const { return cur_pid_[core_]; }
  uint32_t current_pid(unsigned c) const { return cur_pid_[c]; }
  uint32_t asid_of(uint32_t pid) const;

  // What backs va in the current context: the type of the user region holding it, kernel
  // space (any kernel address), or nothing. The last answer is kept for its whole region
  // (misses cluster in regions) until the next OS event.
  RegionKind region_kind(uint32_t va);

  // Runs the abort handler for the access that faulted (it reads DFSR/DFAR or IFSR/IFAR over
  // the register port) between the exception entry and exit that cost charges, and says what
  // happened and what it cost.
  FaultResult handle_fault(bool fetch, bool priv, const CostModel &cost);

  // The buddy allocator's free lists now.
  PhysFragInfo frag_info() const;

private:
  // The range [lo, hi] over which va's answer holds: its region, or its page.
  struct Region {
    uint32_t lo, hi;
    RegionKind kind;
  };
  Region region_at(uint32_t va) const;   // one region lookup

  // Switches every other core that runs pid to the kernel context (before pid's space is freed).
  void leave_on_other_cores(uint32_t pid);

  std::unordered_map<uint32_t, VmSpace *> spaces_;
  unsigned cores_ = 1, core_ = 0;
  std::function<void(unsigned)> core_hook_;
  uint32_t cur_pid_[kMaxCores] = {};         // per core
  VmSpace *cur_space_[kMaxCores] = {};
  // The last answer per core (each core may run another space), empty until its first lookup.
  Region regions_[kMaxCores] = {{1, 0, kRegionNone}, {1, 0, kRegionNone}, {1, 0, kRegionNone},
                                {1, 0, kRegionNone}, {1, 0, kRegionNone}, {1, 0, kRegionNone},
                                {1, 0, kRegionNone}, {1, 0, kRegionNone}};
  Region *region_ = &regions_[0];   // the current core's
};

}  // namespace vmcsim

#endif
