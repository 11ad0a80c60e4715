// Run statistics: everything docs/stats-schema.json describes, the readable summary and the
// JSON writer (to a temporary file, then renamed). Counters are plain integers updated on the
// hot path; rates are computed only when printing.
#ifndef VMCOSIM_SIM_STATS_H
#define VMCOSIM_SIM_STATS_H

#include <cstdint>
#include <cstdio>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "fw_bridge_hal.h"
#include "mmu_backend.h"

namespace vmcsim {

// Fault outcomes (what the firmware did, or why the access was refused).
enum Outcome {
  kOutDemandZero, kOutFileRead, kOutCowCopy, kOutCowReuse, kOutDevice, kOutSpurious,
  kOutNoRegion, kOutDenied, kOutNoMemory, kOutUnhandled, kOutRetryLimit, kOutCount
};

// What backs an address (FirmwareBridge::region_kind): the type of the user region holding it,
// kernel space, or nothing.
enum RegionKind { kRegionAnon, kRegionFile, kRegionDevice, kRegionKernel, kRegionNone,
                  kRegionKinds };

struct ProcStats {
  uint32_t asid = 0;
  uint64_t accesses = 0, l1_hits = 0, l1_misses = 0, l2_hits = 0, walks = 0, faults = 0,
           segfaults = 0, skipped = 0;
};

struct SegfaultRecord {
  uint64_t cycle;
  uint32_t pid, va, fsr;
  int op, priv;
  std::string reason, action;
};

// The buddy allocator's fragmentation figures (the firmware's LosVmPhysFragInfo, which
// docs/firmware.md defines; FirmwareBridge::frag_info copies them).
struct PhysFragInfo {
  static constexpr unsigned kOrders = 9;   // buddy orders 0..8 (VM_LIST_ORDER_MAX)
  uint32_t total_pages = 0, free_pages = 0;
  uint32_t free_blocks[kOrders] = {};               // free blocks per order
  uint32_t unusable_index_permille[kOrders] = {};
  uint32_t largest_free_block_pages = 0, largest_free_run_pages = 0;
  uint32_t free_64k_blocks = 0, free_1m_blocks = 0;  // aligned free 64 KiB / 1 MiB blocks
};

struct FragSnapshot {
  std::string where;   // "end", "marker ID NAME" or "access N" (--frag-every)
  uint64_t cycle;
  uint64_t accesses;   // trace accesses read so far, warm-up and skipped ones included
  PhysFragInfo info;
};

struct Stats {
  // accesses from the trace (by VMC_OP_*), and what became of them
  uint64_t accesses[3] = {}, privileged = 0, translations = 0, page_crossing = 0, skipped = 0;
  // TLB levels by access kind (vmc_access_kind): level-1 (ITLB for fetches, DTLB otherwise)
  uint64_t l1_lookups[3] = {}, l1_hits[3] = {}, l2_lookups[3] = {}, l2_hits[3] = {};
  // of which lookups that retry an access after the fault handler resolved its fault: the
  // figures less these are the architectural ones, comparable with tools that have no OS
  uint64_t l1_retries[3] = {}, l1_retry_hits[3] = {}, l2_retries[3] = {}, l2_retry_hits[3] = {};
  uint64_t flat = 0;
  // walker
  uint64_t walks = 0, walks_l1 = 0, walks_l2 = 0, wcache_hits = 0, pd_faults = 0;
  uint64_t walk_time_sum = 0, walk_time_min = UINT64_MAX, walk_time_max = 0;
  // Walk service times: one bucket per cycle below kWalkExact (walks take tens of cycles, and
  // a plot needs their shape), then [64,128), [128,256), ...; the last one takes the rest.
  static constexpr unsigned kWalkExact = 64, kWalkBuckets = kWalkExact + 18;
  uint64_t walk_time_hist[kWalkBuckets] = {};
  static uint64_t walk_bucket_lo(unsigned b) { return b < kWalkExact ? b : uint64_t(kWalkExact) << (b - kWalkExact); }
  static uint64_t walk_bucket_hi(unsigned b) { return b < kWalkExact ? b + 1 : uint64_t(kWalkExact) << (b - kWalkExact + 1); }
  uint64_t page_sizes[5] = {};        // by vmsa_page_size
  // faults
  uint64_t fault_fs[32] = {};         // MMU fault responses by FS code
  uint64_t outcomes[kOutCount] = {};
  uint64_t segfaults = 0;
  uint64_t fault_cycles[kCostParts] = {};         // firmware cycles of fault handling by part
  uint64_t fault_entry_exit = 0;                // of which exception entry and exit
  std::vector<SegfaultRecord> segfault_list;   // the first kSegfaultListMax
  // OS events (by vmc_kind) and failed ones
  uint64_t events[16] = {}, event_failures = 0;
  std::map<uint32_t, ProcStats> procs;
  // Level-1 misses, walks and faults by what backs the address.
  uint64_t region_misses[kRegionKinds] = {}, region_walks[kRegionKinds] = {},
           region_faults[kRegionKinds] = {};
  std::vector<FragSnapshot> frag;
  // baselines at the last reset
  uint64_t hw_base = 0;
  HalCounters hal_base;
  uint64_t lockstep_compared = 0;
  std::string divergence;   // the lockstep report, when the run stopped at one
  // The MMU's own performance counters read over the register port at the end of the run
  // (since reset: boot included, not reset by the warm-up marker), in register-map order.
  bool have_mmu_counters = false;
  uint32_t mmu_counters[17] = {};

  static constexpr size_t kSegfaultListMax = 32;

  // Segmentation faults before the last reset (the warm-up), of which out of physical memory:
  // kept across resets, since a process killed in the warm-up stays skipped in the window.
  uint64_t warmup_segfaults = 0, warmup_out_of_memory = 0;

  // Zeroes everything except the fragmentation snapshots, and adds the segmentation faults so far
  // to the warm-up's; hw and hal are the current totals.
  void reset(uint64_t hw_now, const HalCounters &hal_now);

  inline void walk_time(uint64_t c) {
    walk_time_sum += c;
    if (c < walk_time_min) walk_time_min = c;
    if (c > walk_time_max) walk_time_max = c;
    unsigned b = c < kWalkExact ? unsigned(c) : kWalkExact;
    while (b + 1 < kWalkBuckets && walk_bucket_hi(b) <= c) b++;
    walk_time_hist[b]++;
  }
};

// What the statistics are about (printed with them).
struct RunInfo {
  std::string trace, mode, itlb, dtlb, l2tlb, layout, segfault_policy, mem_latency;
  uint32_t walk_cache = 0, ram_base = 0, ram_size = 0;
  bool large_pages = false;
  uint64_t seed = 0;
  uint64_t frag_every = 0;
  uint64_t warmup = 0;
  CostModel cost;
  bool partial = false;
  std::string stop_reason;    // why the run ended early ("" when it did not)
  uint64_t hw_cycles = 0;     // since the last reset
  uint64_t cycles_since_start = 0;   // hardware + firmware, boot included
  uint64_t systemc_time_ns = 0;      // SystemC's time at the end
  HalCounters hal;            // since the last reset
  double host_seconds = 0;    // wall time since the last reset
  double cpu_seconds = 0;     // CPU time of the same
  double run_host_seconds = 0, run_cpu_seconds = 0;   // the same for the whole run (boot included)
  bool host_stats = false;
};

void print_summary(const Stats &s, const RunInfo &info, FILE *out);
// Writes the JSON through the safe output writer (vmcutil/output_file.h: a temporary renamed
// into place, or a FIFO/device/"-" written directly). false with a message in err.
// Writes a file through the project's safe output writer (a temporary file, renamed when whole).
bool write_output_file(const std::string &path, std::string &err, const std::function<void(FILE *)> &body);
bool write_json(const Stats &s, const RunInfo &info, const std::string &path, std::string &err);
void stats_json(FILE *f, const Stats &s, const RunInfo &info);
// --outdir: the summary as printed, and the configuration alone (what --config reads).
bool write_summary(const Stats &s, const RunInfo &info, const std::string &path, std::string &err);
bool write_config_json(const RunInfo &info, const std::string &path, std::string &err);

}  // namespace vmcsim

#endif
