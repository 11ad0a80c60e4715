// Run statistics: everything docs/stats-schema.json describes. Stats owns its counting: the
// replay reports what happened through the record_* calls (inline where they are on the hot
// path), and the counters are arrays indexed by the enums below, each enum with one name table
// (stats_names.h) that the summary (stats_summary.cpp) and the JSON writer (stats_json.cpp)
// share. Rates are computed only when printing.
#ifndef VMCOSIM_SIM_STATS_H
#define VMCOSIM_SIM_STATS_H

#include <cstdint>
#include <cstdio>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core_cluster.h"
#include "fw_bridge_hal.h"
#include "mmu_backend.h"
#include "vmcosim/armv7_vmsa.h"
#include "vmcosim/mmu_counters.h"
#include "vmctrace/vmctrace.h"

namespace vmcsim {

// What the counters are indexed by, besides CostPart and the TLB maintenance kinds
// (fw_bridge_hal.h).
constexpr int kAccessKinds = 3;    // vmc_access_kind (= VMC_OP_*): read, write, fetch
constexpr int kPageSizes = 5;      // vmsa_page_size
constexpr int kFsCodes = 32;       // fault status (FSR.FS, 5 bits)
constexpr int kEventKinds = 16;    // vmc_kind

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

// One TLB level's lookups by access kind: level 1 is the ITLB for fetches and the DTLB
// otherwise. Of them, the retries of an access after the fault handler resolved its fault:
// the figures less these are the architectural ones, comparable with tools that have no OS.
struct TlbCounts {
  uint64_t lookups[kAccessKinds] = {}, hits[kAccessKinds] = {};
  uint64_t retries[kAccessKinds] = {}, retry_hits[kAccessKinds] = {};
};

// One core's share of the run (--cores 2 or more): the replay's counts while that core was
// selected (raw: retries after faults included), its clock's parts and its shootdowns.
struct CoreStats {
  uint64_t accesses = 0, translations = 0;
  uint64_t l1_lookups[kAccessKinds] = {}, l1_hits[kAccessKinds] = {};
  uint64_t l2_lookups = 0, l2_hits = 0, walks = 0, faults = 0;
  uint64_t hw_cycles = 0, fw_cycles = 0;   // the core's MMU, and the firmware run on the core
  CoreShootdowns sd;
  bool have_mmu_counters = false;
  uint32_t mmu_counters[VMC_CNT_COUNT] = {};
  uint64_t clock() const { return hw_cycles + fw_cycles + sd.lost_cycles; }
};

struct Stats;
// The replayed counts of CoreStats (accesses .. walks; faults are counted where they are
// handled) that the whole run has now; a core's share is the sum of the differences over the
// stretches it was selected.
struct CoreTally {
  uint64_t v[5 + 2 * kAccessKinds] = {};
  static CoreTally of(const Stats &s);
  // Adds what s counted since this tally was taken to c, and takes it anew (at a change of
  // core: one pass over the figures).
  void move_to(CoreStats &c, const Stats &s);
};

struct Stats {
  // accesses from the trace (by VMC_OP_*), and what became of them
  uint64_t accesses[kAccessKinds] = {}, privileged = 0, translations = 0, page_crossing = 0,
           skipped = 0;
  TlbCounts l1, l2;
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
  uint64_t page_sizes[kPageSizes] = {};   // successful translations by vmsa_page_size
  // faults
  uint64_t fault_fs[kFsCodes] = {};       // MMU fault responses by FS code
  uint64_t outcomes[kOutCount] = {};
  uint64_t segfaults = 0;
  uint64_t fault_cycles[kCostParts] = {};  // firmware cycles of fault handling by part
  uint64_t fault_entry_exit = 0;           // of which exception entry and exit
  std::vector<SegfaultRecord> segfault_list;   // the first kSegfaultListMax
  // OS events (by vmc_kind) and failed ones
  uint64_t events[kEventKinds] = {}, event_failures = 0;
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
  uint32_t mmu_counters[VMC_CNT_COUNT] = {};
  std::vector<CoreStats> cores;   // --cores 2 or more (empty: one core, no "cores" output)

  static constexpr size_t kSegfaultListMax = 32;

  // Segmentation faults before the last reset (the warm-up), of which out of physical memory:
  // kept across resets, since a process killed in the warm-up stays skipped in the window.
  uint64_t warmup_segfaults = 0, warmup_out_of_memory = 0;

  // Zeroes everything except the fragmentation snapshots, and adds the segmentation faults so far
  // to the warm-up's; hw and hal are the current totals.
  void reset(uint64_t hw_now, const HalCounters &hal_now);

  uint64_t total_accesses() const { return accesses[0] + accesses[1] + accesses[2]; }

  // ---- Counting: what the replay reports, in the order it happens.

  // An access record read from the trace (before its translations), of process p.
  void record_access(const vmc_access_rec &a, ProcStats &p) {
    accesses[a.op]++;
    privileged += a.priv;
    p.accesses++;
  }
  // The access was not translated: its process is skipped after a segmentation fault.
  void record_skipped(ProcStats &p) {
    skipped++;
    p.skipped++;
  }
  // The access crosses into the next page, which needs its own translation.
  void record_page_crossing() { page_crossing++; }

  // One translation by the MMU (l2tlb: the MMU has a level-2 TLB). Returns true when it
  // missed the level-1 TLB; then, and for a fault, the caller adds record_region.
  bool record_translation(const Xlat &x, vmc_access_kind k, bool l2tlb, ProcStats &p) {
    translations++;
    bool miss = true;
    switch (x.r.hit_level) {
      case VMC_HIT_FLAT:
        flat++;
        miss = false;
        break;
      case VMC_HIT_L1TLB:
        l1.lookups[k]++;
        l1.hits[k]++;
        p.l1_hits++;
        miss = false;
        break;
      case VMC_HIT_L2TLB:
        l1.lookups[k]++;
        l2.lookups[k]++;
        l2.hits[k]++;
        p.l1_misses++;
        p.l2_hits++;
        break;
      case VMC_HIT_WALK:
        l1.lookups[k]++;
        l2.lookups[k] += l2tlb;
        p.l1_misses++;
        if (x.mem_reads == 0) {
          pd_faults++;
        } else {
          record_walk(x);
          p.walks++;
        }
        break;
    }
    if (x.r.fault == VMC_FAULT_NONE) page_sizes[x.r.size]++;
    return miss;
  }
  // Accesses of process p that hit the level-1 TLB without a fault, counted together (a
  // configuration set's repeat hits, RepeatHits): by access kind, privileged ones, and by
  // page size. The same figures as record_access and record_translation of each.
  void record_l1_hits(const uint64_t (&by_kind)[kAccessKinds], uint64_t priv,
                      const uint64_t (&by_size)[kPageSizes], ProcStats &p) {
    uint64_t n = 0;
    for (int k = 0; k < kAccessKinds; k++) {
      accesses[k] += by_kind[k];
      l1.lookups[k] += by_kind[k];
      l1.hits[k] += by_kind[k];
      n += by_kind[k];
    }
    for (int s = 0; s < kPageSizes; s++) page_sizes[s] += by_size[s];
    privileged += priv;
    translations += n;
    p.accesses += n;
    p.l1_hits += n;
  }
  // What backs the address of a translation that missed the level-1 TLB or faulted.
  void record_region(RegionKind rk, const Xlat &x, bool miss) {
    if (miss) {
      region_misses[rk]++;
      region_walks[rk] += x.r.hit_level == VMC_HIT_WALK && x.mem_reads > 0;
    }
    region_faults[rk] += x.r.fault != VMC_FAULT_NONE;
  }
  // The translation just recorded retried an access after a fault: counted again apart, so
  // that the architectural figures (without retries) are the raw ones less these.
  void record_retry(const Xlat &x, vmc_access_kind k, bool l2tlb);

  // A fault response with status fs of process p, before the handler runs.
  void record_fault(uint32_t fs, ProcStats &p) {
    fault_fs[fs & (kFsCodes - 1)]++;
    p.faults++;
  }
  // What the handler did, and its firmware cycles by part (entry_exit of them in kPartOther).
  void record_handling(Outcome o, const uint64_t (&cycles)[kCostParts], uint64_t entry_exit);
  // The fault came back after the handler resolved it too often: no handler ran.
  void record_retry_limit() { outcomes[kOutRetryLimit]++; }
  // A segmentation fault of process p (the list keeps the first kSegfaultListMax).
  void record_segfault(ProcStats &p, SegfaultRecord &&r);

  // An OS event from the trace (vmc_kind); record_event_failure when the firmware refused it
  // returns how many had failed before.
  void record_event(unsigned kind) {
    if (kind < kEventKinds) events[kind]++;
  }
  uint64_t record_event_failure() { return event_failures++; }

  void record_frag(FragSnapshot &&f) { frag.push_back(std::move(f)); }

private:
  void record_walk(const Xlat &x) {
    walks++;
    const bool at_l2 = x.r.fault ? vmsa_fs_is_page(x.r.fs) : x.r.size <= VMSA_SIZE_LARGE;
    if (at_l2) {
      walks_l2++;
      wcache_hits += x.mem_reads == 1;
    } else {
      walks_l1++;
    }
    walk_time(x.walk_cycles);
  }
  void walk_time(uint64_t c) {
    walk_time_sum += c;
    if (c < walk_time_min) walk_time_min = c;
    if (c > walk_time_max) walk_time_max = c;
    unsigned b = c < kWalkExact ? unsigned(c) : kWalkExact;
    while (b + 1 < kWalkBuckets && walk_bucket_hi(b) <= c) b++;
    walk_time_hist[b]++;
  }
  static bool vmsa_fs_is_page(uint32_t fs) {
    return fs == VMSA_FS_TRANSLATION_PAGE || fs == VMSA_FS_ACCESS_FLAG_PAGE ||
           fs == VMSA_FS_DOMAIN_PAGE || fs == VMSA_FS_PERMISSION_PAGE;
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
  unsigned cores = 1, shootdown_cycles = 0;   // --cores, --shootdown-cycles
  bool inject_local_shootdown = false;
  bool rtl_cluster = false;   // --rtl-cluster (config.json only)
  bool l2tlb_shared = false;  // --l2tlb-shared
};

void print_summary(const Stats &s, const RunInfo &info, FILE *out);
// Writes a file through the project's safe output writer (vmcutil/output_file.h: a temporary
// renamed into place when whole, or a FIFO/device/"-" written directly). false with a message
// in err.
bool write_output_file(const std::string &path, std::string &err, const std::function<void(FILE *)> &body);
bool write_json(const Stats &s, const RunInfo &info, const std::string &path, std::string &err);
void stats_json(FILE *f, const Stats &s, const RunInfo &info);
// --outdir: the summary as printed, and the configuration alone (what --config reads).
bool write_summary(const Stats &s, const RunInfo &info, const std::string &path, std::string &err);
bool write_config_json(const RunInfo &info, const std::string &path, std::string &err);

}  // namespace vmcsim

#endif
