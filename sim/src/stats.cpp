#include "stats.h"

#include <utility>

#include "stats_names.h"
#include "vmcutil/output_file.h"

namespace vmcsim {

const char *const kAccessKindName[kAccessKinds] = {"read", "write", "fetch"};
const char *const kAccessKindPrefix[kAccessKinds] = {"rd", "wr", "inst"};   // gem5's
const char *const kOutcomeName[kOutCount] = {
    "demandZero", "fileRead", "cowCopy", "cowReuse", "device", "spurious",
    "segfaultNoRegion", "segfaultDenied", "outOfMemory", "unhandled", "retryLimit"};
const char *const kRegionName[kRegionKinds] = {"anon", "file", "device", "kernel", "none"};
const Name kPageSizeName[kPageSizes] = {
    {"none", "none"}, {"4KiB", "4K"}, {"64KiB", "64K"}, {"1MiB", "1M"}, {"16MiB", "16M"}};
const Name kCostPartName[kCostParts] = {
    {"other", "other"}, {"alloc", "alloc"}, {"pgtable", "page tables"}, {"tlb", "TLB maintenance"}};
const Name kTlbiName[kTlbiKinds] = {{"flushTlb", "TLBIALL"}, {"flushTlbMva", "TLBIMVA"},
                                    {"flushTlbAsid", "TLBIASID"}, {"flushTlbMvaAllAsid", "TLBIMVAA"}};
const Name kBcastName[kBcastKinds] = {{"flushTlbIs", "TLBIALLIS"}, {"flushTlbMvaIs", "TLBIMVAIS"},
                                      {"flushTlbAsidIs", "TLBIASIDIS"},
                                      {"flushTlbMvaAllAsidIs", "TLBIMVAAIS"}};
const char *const kEventName[kEventKinds] = {
    nullptr, nullptr, "create", "exit", "fork", "switch", "mmap", "munmap", "mprotect", "marker"};
static_assert(VMC_CREATE == 2 && VMC_MARKER == 9, "kEventName follows vmc_kind");
static_assert(VMSA_SIZE_SMALL == 1 && VMSA_SIZE_SUPERSECTION == kPageSizes - 1,
              "kPageSizeName follows vmsa_page_size");
static_assert(VMC_ACCESS_READ == 0 && VMC_ACCESS_WRITE == 1 && VMC_ACCESS_FETCH == 2 &&
                  VMC_OP_READ == 0 && VMC_OP_WRITE == 1 && VMC_OP_FETCH == 2,
              "kAccessKindName follows vmc_access_kind and VMC_OP_*");

const TlbView kJsonTlbViews[3] = {
    {{"itb", "itlb"}, false, VMC_ACCESS_FETCH, VMC_ACCESS_FETCH},
    {{"dtb", "dtlb"}, false, VMC_ACCESS_READ, VMC_ACCESS_WRITE},
    {{"l2tb", "l2tlb"}, true, VMC_ACCESS_READ, VMC_ACCESS_FETCH}};
const TlbView kSummaryL1Views[4] = {
    {{"itb", "itlb fetch"}, false, VMC_ACCESS_FETCH, VMC_ACCESS_FETCH},
    {{"dtb", "dtlb read"}, false, VMC_ACCESS_READ, VMC_ACCESS_READ},
    {{"dtb", "dtlb write"}, false, VMC_ACCESS_WRITE, VMC_ACCESS_WRITE},
    {{"dtb", "dtlb all"}, false, VMC_ACCESS_READ, VMC_ACCESS_WRITE}};

const char *fs_name(unsigned fs) {
  switch (fs) {
    case VMSA_FS_TRANSLATION_SECTION: return "translationSection";
    case VMSA_FS_TRANSLATION_PAGE: return "translationPage";
    case VMSA_FS_PERMISSION_SECTION: return "permissionSection";
    case VMSA_FS_PERMISSION_PAGE: return "permissionPage";
    case VMSA_FS_DOMAIN_SECTION: return "domainSection";
    case VMSA_FS_DOMAIN_PAGE: return "domainPage";
    case VMSA_FS_ACCESS_FLAG_SECTION: return "accessFlagSection";
    case VMSA_FS_ACCESS_FLAG_PAGE: return "accessFlagPage";
    default: return nullptr;
  }
}

TlbSums::TlbSums(const Stats &s, bool level2, int k0, int k1) {
  const TlbCounts &t = level2 ? s.l2 : s.l1;
  for (int k = k0; k <= k1; k++) {
    lookups += t.lookups[k];
    hits += t.hits[k];
    retries += t.retries[k];
    retry_hits += t.retry_hits[k];
  }
}

bool write_output_file(const std::string &path, std::string &err, const std::function<void(FILE *)> &body) {
  char msg[600];
  vmc_output_file out;
  if (vmc_output_open(&out, path.c_str(), msg, sizeof msg) != 0) {
    err = msg;
    return false;
  }
  FILE *f = vmc_output_stream(&out);
  if (!f) {
    vmc_output_abort(&out);
    err = path + ": cannot start writing";
    return false;
  }
  body(f);
  if (vmc_output_commit(&out, msg, sizeof msg) != 0) {
    err = msg;
    return false;
  }
  return true;
}

void Stats::reset(uint64_t hw_now, const HalCounters &hal_now) {
  std::vector<FragSnapshot> keep;
  keep.swap(frag);
  const uint64_t segv = warmup_segfaults + segfaults;
  const uint64_t oom = warmup_out_of_memory + outcomes[kOutNoMemory];
  *this = Stats{};
  frag.swap(keep);
  warmup_segfaults = segv;
  warmup_out_of_memory = oom;
  hw_base = hw_now;
  hal_base = hal_now;
}

CoreTally CoreTally::of(const Stats &s) {
  CoreTally t;
  uint64_t *v = t.v;
  *v++ = s.total_accesses();
  *v++ = s.translations;
  for (int k = 0; k < kAccessKinds; k++) *v++ = s.l1.lookups[k];
  for (int k = 0; k < kAccessKinds; k++) *v++ = s.l1.hits[k];
  *v++ = s.l2.lookups[0] + s.l2.lookups[1] + s.l2.lookups[2];
  *v++ = s.l2.hits[0] + s.l2.hits[1] + s.l2.hits[2];
  *v++ = s.walks;
  return t;
}

void CoreTally::move_to(CoreStats &c, const Stats &s) {
  const CoreTally now = of(s);
  const uint64_t *to = now.v;
  uint64_t *then = v;
  auto take = [&] {
    const uint64_t d = *to - *then;
    *then++ = *to++;
    return d;
  };
  c.accesses += take();
  c.translations += take();
  for (int k = 0; k < kAccessKinds; k++) c.l1_lookups[k] += take();
  for (int k = 0; k < kAccessKinds; k++) c.l1_hits[k] += take();
  c.l2_lookups += take();
  c.l2_hits += take();
  c.walks += take();
}

void Stats::record_retry(const Xlat &x, vmc_access_kind k, bool l2tlb) {
  if (x.r.hit_level == VMC_HIT_FLAT) return;
  l1.retries[k]++;
  if (x.r.hit_level == VMC_HIT_L1TLB) {
    l1.retry_hits[k]++;
  } else if (x.r.hit_level == VMC_HIT_L2TLB) {
    l2.retries[k]++;
    l2.retry_hits[k]++;
  } else {
    l2.retries[k] += l2tlb;
  }
}

void Stats::record_handling(Outcome o, const uint64_t (&cycles)[kCostParts], uint64_t entry_exit) {
  for (int p = 0; p < kCostParts; p++) fault_cycles[p] += cycles[p];
  fault_entry_exit += entry_exit;
  outcomes[o]++;
}

void Stats::record_segfault(ProcStats &p, SegfaultRecord &&r) {
  segfaults++;
  p.segfaults++;
  if (segfault_list.size() < kSegfaultListMax) segfault_list.push_back(std::move(r));
}

}  // namespace vmcsim
