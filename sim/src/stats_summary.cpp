// The readable summary of a run's statistics (printed, and --outdir's summary.txt).
#include <cinttypes>
#include <cstdio>
#include <string>

#include "stats.h"
#include "stats_names.h"

namespace vmcsim {

namespace {

// The order the summary lists firmware cycles in: the parts of the work, then the rest.
const CostPart kCostPartTextOrder[kCostParts] = {kPartAlloc, kPartPgTable, kPartTlb, kPartOther};

// " (alloc A, page tables P, TLB maintenance T, other O"
void cost_parts(FILE *out, const uint64_t (&cycles)[kCostParts]) {
  for (int i = 0; i < kCostParts; i++) {
    const CostPart p = kCostPartTextOrder[i];
    std::fprintf(out, "%s%s %" PRIu64, i ? ", " : " (", kCostPartName[p].text, cycles[p]);
  }
}

// Raw figures, then the retries after faults among them, then the architectural figures (raw
// less retries: what a TLB simulator without an OS counts).
void tlb_table(FILE *out, const Stats &s, const RunInfo &in) {
  std::fprintf(out, "\n%-14s %12s %12s %12s %9s %9s %12s %12s\n", "TLB", "lookups", "hits", "misses",
               "hit rate", "retries", "arch lookups", "arch misses");
  auto row = [&](const char *name, bool level2, int k0, int k1) {
    const TlbSums t(s, level2, k0, k1);
    const uint64_t l = t.lookups, h = t.hits, rl = t.retries, rh = t.retry_hits;
    std::fprintf(out, "%-14s %12" PRIu64 " %12" PRIu64 " %12" PRIu64 " %8.2f%% %9" PRIu64
                 " %12" PRIu64 " %12" PRIu64 "\n", name, l, h, l - h, 100.0 * rate(h, l), rl,
                 l - rl, (l - h) - (rl - rh));
  };
  for (const TlbView &v : kSummaryL1Views) row(v.name.text, v.level2, v.k0, v.k1);
  if (in.l2tlb != "none") {
    for (int k = 0; k < kAccessKinds; k++)
      row((std::string("l2tlb ") + kAccessKindName[k]).c_str(), true, k, k);
  }
}

void faults(FILE *out, const Stats &s, const RunInfo &in) {
  uint64_t n = 0;
  for (uint64_t f : s.fault_fs) n += f;
  std::fprintf(out, "faults %" PRIu64 ":", n);
  for (unsigned fs = 0; fs < kFsCodes; fs++)
    if (s.fault_fs[fs]) std::fprintf(out, " %s %" PRIu64, fs_name(fs) ? fs_name(fs) : "?", s.fault_fs[fs]);
  std::fprintf(out, "\n  outcomes:");
  for (int o = 0; o < kOutCount; o++)
    if (s.outcomes[o]) std::fprintf(out, " %s %" PRIu64, kOutcomeName[o], s.outcomes[o]);
  uint64_t fc = 0;
  for (uint64_t c : s.fault_cycles) fc += c;
  std::fprintf(out, "\n  handling cycles %" PRIu64 ", mean %.1f per fault", fc,
               n ? double(fc) / double(n) : 0.0);
  cost_parts(out, s.fault_cycles);
  std::fprintf(out, " incl. entry/exit %" PRIu64 ")", s.fault_entry_exit);
  std::fprintf(out, "\n  segmentation faults %" PRIu64 " (policy %s)", s.segfaults,
               in.segfault_policy.c_str());
  if (s.warmup_segfaults)
    std::fprintf(out, "; before the reset (warm-up) %" PRIu64 ", of which out of memory %" PRIu64,
                 s.warmup_segfaults, s.warmup_out_of_memory);
  std::fputc('\n', out);
  for (size_t i = 0; i < s.segfault_list.size() && i < 5; i++) {
    const SegfaultRecord &r = s.segfault_list[i];
    std::fprintf(out, "    pid %u %s %s va 0x%08x: %s (%s)\n", r.pid, kAccessKindName[r.op],
                 r.priv ? "privileged" : "user", r.va, r.reason.c_str(), r.action.c_str());
  }
}

void processes(FILE *out, const Stats &s) {
  size_t shown = 0;
  for (const auto &kv : s.procs) {
    const ProcStats &p = kv.second;
    if (!p.accesses) continue;
    if (shown++ == 8) {
      std::fprintf(out, "  ... %zu processes in all (see the JSON)\n", s.procs.size());
      break;
    }
    std::fprintf(out, "pid %u (ASID %u): %" PRIu64 " accesses, L1 TLB hit rate %.2f%%, walks %" PRIu64
                 ", faults %" PRIu64 ", segfaults %" PRIu64 "%s\n",
                 kv.first, p.asid, p.accesses, 100.0 * rate(p.l1_hits, p.l1_hits + p.l1_misses),
                 p.walks, p.faults, p.segfaults, p.skipped ? " (accesses skipped)" : "");
  }
}

// --cores 2 or more: shootdowns, then a line per core.
void cores(FILE *out, const Stats &s, const RunInfo &in) {
  std::fprintf(out, "cores %u%s, shootdown cost %u cycles per command and other core%s:\n", in.cores,
               in.l2tlb_shared ? " sharing one L2 TLB" : "", in.shootdown_cycles,
               in.inject_local_shootdown ? " (INJECTED: broadcasts kept local)" : "");
  for (size_t i = 0; i < s.cores.size(); i++) {
    const CoreStats &c = s.cores[i];
    const uint64_t dl = c.l1_lookups[VMC_OP_READ] + c.l1_lookups[VMC_OP_WRITE];
    const uint64_t dh = c.l1_hits[VMC_OP_READ] + c.l1_hits[VMC_OP_WRITE];
    std::fprintf(out, "  core %zu: %" PRIu64 " accesses, I-TLB hit rate %.2f%%, D-TLB hit rate %.2f%%, walks %"
                 PRIu64 ", faults %" PRIu64 "; cycles %" PRIu64 " (hardware %" PRIu64 ", firmware %" PRIu64
                 " incl. shootdown wait %" PRIu64 ", lost to others' shootdowns %" PRIu64 "); sent",
                 i, c.accesses, 100.0 * rate(c.l1_hits[VMC_OP_FETCH], c.l1_lookups[VMC_OP_FETCH]),
                 100.0 * rate(dh, dl), c.walks, c.faults, c.clock(), c.hw_cycles, c.fw_cycles,
                 c.sd.wait_cycles, c.sd.lost_cycles);
    for (int k = 0; k < kBcastKinds; k++)
      std::fprintf(out, "%s %s %" PRIu64, k ? "," : "", kBcastName[k].text, c.sd.sent[k]);
    std::fprintf(out, "; received %" PRIu64 "\n", c.sd.received);
  }
}

}  // namespace

void print_summary(const Stats &s, const RunInfo &in, FILE *out) {
  std::fprintf(out, "vmcosim %s: %s\n", in.mode.c_str(), in.trace.c_str());
  if (in.partial)
    std::fprintf(out, "PARTIAL: stopped early (%s); figures cover the trace up to there\n",
                 in.stop_reason.c_str());
  if (s.warmup_out_of_memory)
    std::fprintf(out, "WARM-UP OUT OF MEMORY: %" PRIu64 " segmentation fault(s) for lack of physical "
                 "memory before the statistics reset (policy %s)\n",
                 s.warmup_out_of_memory, in.segfault_policy.c_str());
  std::fprintf(out, "accesses %" PRIu64, s.total_accesses());
  for (int k = 0; k < kAccessKinds; k++)
    std::fprintf(out, "%s%s %" PRIu64, k ? ", " : " (", kAccessKindName[k], s.accesses[k]);
  std::fprintf(out, "), translations %" PRIu64 ", skipped %" PRIu64 "\n", s.translations, s.skipped);
  tlb_table(out, s, in);
  std::fprintf(out, "\nwalks %" PRIu64 ": ended at the level-1 table %" PRIu64 ", at a level-2 table %" PRIu64
               "; walk-cache hits %" PRIu64 "; service time mean %.1f cycles (min %" PRIu64
               ", max %" PRIu64 ")\n",
               s.walks, s.walks_l1, s.walks_l2, s.wcache_hits,
               s.walks ? double(s.walk_time_sum) / double(s.walks) : 0.0,
               s.walks ? s.walk_time_min : 0, s.walk_time_max);
  std::fprintf(out, "page sizes:");
  for (int p = VMSA_SIZE_SMALL; p < kPageSizes; p++)
    std::fprintf(out, "%s %s %" PRIu64, p == VMSA_SIZE_SMALL ? "" : ",", kPageSizeName[p].text,
                 s.page_sizes[p]);
  std::fputc('\n', out);
  faults(out, s, in);
  std::fprintf(out, "by region kind (L1 misses / walks / faults):");
  for (int k = 0; k < kRegionKinds; k++)
    if (s.region_misses[k] || s.region_faults[k])
      std::fprintf(out, " %s %" PRIu64 "/%" PRIu64 "/%" PRIu64, kRegionName[k], s.region_misses[k],
                   s.region_walks[k], s.region_faults[k]);
  std::fputc('\n', out);
  processes(out, s);
  std::fprintf(out, "TLB maintenance:");
  for (int t = 0; t < kTlbiKinds; t++)
    std::fprintf(out, "%s %s %" PRIu64, t ? "," : "", kTlbiName[t].text, in.hal.tlbi[t]);
  const uint64_t fw = in.hal.total();
  std::fprintf(out, "\ncycles: hardware %" PRIu64 ", firmware %" PRIu64, in.hw_cycles, fw);
  cost_parts(out, in.hal.cycles);
  std::fprintf(out, "), total %" PRIu64 "\n", in.hw_cycles + fw);
  if (!s.cores.empty()) cores(out, s, in);
  if (!s.frag.empty()) {
    const PhysFragInfo &f = s.frag.back().info;
    std::fprintf(out, "physical memory at %s: %u of %u pages free, largest free block %u pages\n",
                 s.frag.back().where.c_str(), f.free_pages, f.total_pages, f.largest_free_block_pages);
  }
}

bool write_summary(const Stats &s, const RunInfo &in, const std::string &path, std::string &err) {
  return write_output_file(path, err, [&](FILE *f) { print_summary(s, in, f); });
}

}  // namespace vmcsim
