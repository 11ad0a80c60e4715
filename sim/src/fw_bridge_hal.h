// The co-simulation backend of firmware/include/hal.h (fw_bridge_hal.cpp), the firmware
// bridge's lower half. Physical memory is the PhysRam the walker reads; register accesses go
// to the MMU backend (real transactions on the RTL's register port); every call is charged to
// the firmware's cycle count by an annotated cost model and booked to the cost part the
// firmware declares (HalCostPartSet). This header includes no firmware header: the harness
// sees the cost parts as CostPart.
#ifndef VMCOSIM_SIM_FW_BRIDGE_HAL_H
#define VMCOSIM_SIM_FW_BRIDGE_HAL_H

#include <cstdint>

#include "mmu_backend.h"
#include "phys_ram.h"

namespace vmcsim {

// Cycles charged for the firmware's work (options --fw-*-cycles).
struct CostModel {
  unsigned mem_word = 2;       // per 32-bit word of a HAL memory access (read, write, zero, copy)
  unsigned reg = 4;            // per register access (plus the register port's own cycles)
  unsigned barrier = 8;        // per DSB or ISB
  unsigned exc_entry = 60;     // abort entry: save state, read the fault registers' dispatch
  unsigned exc_exit = 40;      // return from the abort
};

// What the firmware's cycles are booked to: hal.h's HalCostPart, value for value.
enum CostPart { kPartOther, kPartAlloc, kPartPgTable, kPartTlb, kCostParts };

// TLB maintenance commands by kind: TLBIALL, TLBIMVA, TLBIASID, TLBIMVAA, each with its
// broadcast (IS) form.
constexpr int kTlbiKinds = 4;

struct HalCounters {
  uint64_t cycles[kCostParts] = {};   // firmware cycles by part
  uint64_t mem_words = 0, reg_reads = 0, reg_writes = 0, barriers = 0;
  uint64_t tlbi[kTlbiKinds] = {};     // maintenance commands written, by kind
  uint64_t sync_wait = 0;   // of the cycles, waits at BCAST_SYNC for other cores (several cores)
  uint64_t total() const {
    uint64_t t = 0;
    for (uint64_t c : cycles) t += c;
    return t;
  }
  // The counts since base (an earlier copy).
  HalCounters since(const HalCounters &base) const {
    HalCounters d = *this;
    for (int p = 0; p < kCostParts; p++) d.cycles[p] -= base.cycles[p];
    d.mem_words -= base.mem_words;
    d.reg_reads -= base.reg_reads;
    d.reg_writes -= base.reg_writes;
    d.barriers -= base.barriers;
    for (int i = 0; i < kTlbiKinds; i++) d.tlbi[i] -= base.tlbi[i];
    d.sync_wait -= base.sync_wait;
    return d;
  }
};

// Binds the HAL to this run's RAM and MMU (one run per process).
void hal_bind(PhysRam *ram, MmuBackend *mmu, const CostModel &cost);
HalCounters &hal_counters();
// The core the firmware runs on next (HalCpuId) and the number of cores (HalCpuCount).
void hal_set_cpu(unsigned cpu, unsigned cpus);
// Several cores: after each BCAST_SYNC write the HAL charges wait(ctx) cycles, the issuing
// core's wait for the other cores (CoreCluster::last_sync_wait), to the current cost part.
void hal_set_sync_wait(uint64_t (*wait)(void *ctx), void *ctx);
// Records the cycle of the k-th TLB maintenance command (k >= 1, counted from boot) for the
// waveform trigger: clock(ctx) when given (several cores: the issuing core's clock), else the
// MMU's cycles plus the firmware's; hal_maint_cycle() is UINT64_MAX until then.
void hal_watch_maint(uint64_t k, uint64_t (*clock)(void *ctx) = nullptr, void *ctx = nullptr);
uint64_t hal_maint_cycle();
// Charges cycles to a part (exception entry/exit are booked to kPartOther).
void hal_charge(CostPart part, uint64_t cycles);

}  // namespace vmcsim

#endif
