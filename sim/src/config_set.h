// A configuration set: several TLB configurations simulated side by side over one pass of the
// trace and one run of the firmware (vmcosim --next-configuration, functional mode). Each
// configuration is a ConfigLane with its own MMU (TLBs, walk cache, walk-latency draws, cycle
// count) and its own statistics; page tables, RAM, OS events and faults are the set's.
// ConfigSetMmu is what the firmware's HAL talks to: register writes, TLB maintenance
// included, reach every configuration, and reads come from configuration 1.
//
// Not to be confused with multi-core's several MMUs, which have registers of their own: the
// configurations of a set share every register.
#ifndef VMCOSIM_SIM_CONFIG_SET_H
#define VMCOSIM_SIM_CONFIG_SET_H

#include <memory>
#include <vector>

#include "mmu_backend.h"
#include "options.h"
#include "stats.h"

namespace vmcsim {

struct ConfigLane {
  ConfigSpec spec;
  MmuBackend *mmu = nullptr;            // own, or the run's single backend (configuration 1)
  std::unique_ptr<MmuBackend> own;
  bool has_l2tlb = false;
  Stats stats;
  ProcStats *cur_proc = nullptr;        // the current process's statistics in stats
  uint64_t cycles() const;              // hardware + firmware, as a separate run counts them
};

class ConfigSetMmu final : public MmuBackend {
public:
  explicit ConfigSetMmu(std::vector<ConfigLane> &lanes) : lanes_(lanes) {}
  // The harness translates in each lane itself; the firmware never translates.
  void translate(uint32_t va, vmc_access_kind kind, bool priv, Xlat &out) override;
  void reg_write(uint32_t offset, uint32_t value) override;
  // Every configuration is read (a read costs each one its register cycles, as in a
  // separate run); a value that differs from configuration 1's is an internal error.
  uint32_t reg_read(uint32_t offset) override;
  uint64_t cycles() const override { return lanes_[0].mmu->cycles(); }

private:
  std::vector<ConfigLane> &lanes_;
};

// Two configurations' answers to the same request must agree on the fault (the page tables
// and every register are the set's). Throws std::runtime_error naming the access otherwise.
void check_same_fault(const Xlat &first, const Xlat &other, size_t lane, uint32_t pid,
                      uint32_t va, vmc_access_kind kind, uint64_t access_no);

}  // namespace vmcsim

#endif
