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

  // OsSysMemInit and OsVmInit with the layout profile; throws std::runtime_error on failure.
  void boot(int layout_profile, bool large_pages);

  // Applies an OS event. Returns "" on success, else what went wrong.
  std::string os_event(const vmc_record &rec);

  // The current process (0: none, the kernel context).
  uint32_t current_pid() const { return cur_pid_; }
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

  std::unordered_map<uint32_t, VmSpace *> spaces_;
  uint32_t cur_pid_ = 0;
  VmSpace *cur_space_ = nullptr;
  Region region_{1, 0, kRegionNone};   // empty until the first lookup
};

}  // namespace vmcsim

#endif
