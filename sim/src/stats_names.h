// The names of what Stats counts by: one table per enum, shared by the summary
// (stats_summary.cpp) and the JSON writer (stats_json.cpp). Where the two print different
// words, a table has both: `key` for the JSON (docs/stats-schema.json), `text` for the summary.
#ifndef VMCOSIM_SIM_STATS_NAMES_H
#define VMCOSIM_SIM_STATS_NAMES_H

#include "stats.h"

namespace vmcsim {

struct Name {
  const char *key;    // JSON
  const char *text;   // summary
};

// vmc_access_kind: the name ("read"), and the prefix of the per-kind TLB keys ("rdHits").
extern const char *const kAccessKindName[kAccessKinds];
extern const char *const kAccessKindPrefix[kAccessKinds];
extern const char *const kOutcomeName[kOutCount];
extern const char *const kRegionName[kRegionKinds];
extern const Name kPageSizeName[kPageSizes];
extern const Name kCostPartName[kCostParts];
extern const Name kTlbiName[kTlbiKinds];
extern const Name kBcastName[kBcastKinds];   // the broadcast (IS) commands, several cores
// vmc_kind: the OS events, nullptr for the kinds that are not events.
extern const char *const kEventName[kEventKinds];
// The name of a fault status code, nullptr for codes the MMU never reports.
const char *fs_name(unsigned fs);

// The TLB views the outputs show: a level and the access kinds k0..k1 summed.
struct TlbView {
  Name name;
  bool level2;
  int k0, k1;
};
extern const TlbView kJsonTlbViews[3];      // itb, dtb, l2tb
extern const TlbView kSummaryL1Views[4];    // itlb fetch, dtlb read, dtlb write, dtlb all

// Sums of a TlbView's counters.
struct TlbSums {
  uint64_t lookups = 0, hits = 0, retries = 0, retry_hits = 0;
  TlbSums(const Stats &s, bool level2, int k0, int k1);
};

inline double rate(uint64_t hits, uint64_t total) {
  return total ? double(hits) / double(total) : 0.0;
}

}  // namespace vmcsim

#endif
