#include "stats.h"

#include <cinttypes>
#include <cstdio>
#include <string>

#include "vmcosim/armv7_vmsa.h"
#include "vmcutil/output_file.h"

namespace vmcsim {

namespace {

const char *const kKind[3] = {"read", "write", "fetch"};
const char *const kOutcomeName[kOutCount] = {
    "demandZero", "fileRead", "cowCopy", "cowReuse", "device", "spurious",
    "segfaultNoRegion", "segfaultDenied", "outOfMemory", "unhandled", "retryLimit"};
const char *const kPageSize[5] = {"none", "4KiB", "64KiB", "1MiB", "16MiB"};
const char *const kPart[kCostParts] = {"other", "alloc", "pgtable", "tlb"};

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

double rate(uint64_t hits, uint64_t total) { return total ? double(hits) / double(total) : 0.0; }

// A small JSON emitter: fixed formatting so the same numbers give the same bytes.
class Json {
public:
  explicit Json(FILE *f) : f_(f) {}
  // Length of the well-formed UTF-8 sequence at s[i] (1 for ASCII), or 0 when there is none:
  // no overlong forms, no surrogates, nothing above U+10FFFF.
  static size_t utf8_length(const std::string &s, size_t i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) return 1;
    const size_t n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (!n || i + n > s.size()) return 0;
    const unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
    const unsigned char lo = c == 0xE0 ? 0xA0 : c == 0xF0 ? 0x90 : 0x80;
    const unsigned char hi = c == 0xED ? 0x9F : c == 0xF4 ? 0x8F : 0xBF;
    if (c1 < lo || c1 > hi) return 0;
    for (size_t k = 2; k < n; k++)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
    return n;
  }
  void open(const char *key, char c) {
    sep(key);
    std::fputc(c, f_);
    first_ = true;
    depth_++;
  }
  void close(char c) {
    depth_--;
    std::fputc('\n', f_);
    indent();
    std::fputc(c, f_);
    first_ = false;
  }
  void num(const char *key, uint64_t v) {
    sep(key);
    std::fprintf(f_, "%" PRIu64, v);
  }
  void real(const char *key, double v) {
    sep(key);
    std::fprintf(f_, "%.6f", v);
  }
  void boolean(const char *key, bool v) {
    sep(key);
    std::fputs(v ? "true" : "false", f_);
  }
  // A JSON string; bytes that are not UTF-8 (a trace path from a Latin-1 file system) become
  // U+FFFD, so the file stays valid JSON and valid UTF-8.
  void str(const char *key, const std::string &v) {
    sep(key);
    std::fputc('"', f_);
    for (size_t i = 0; i < v.size();) {
      const unsigned char c = static_cast<unsigned char>(v[i]);
      const size_t n = utf8_length(v, i);
      if (n > 1) {
        std::fwrite(v.data() + i, 1, n, f_);
      } else if (c == '"' || c == '\\') {
        std::fprintf(f_, "\\%c", c);
      } else if (c < 0x20) {
        std::fprintf(f_, "\\u%04x", c);
      } else if (c < 0x80) {
        std::fputc(c, f_);
      } else {
        std::fputs("\\ufffd", f_);
      }
      i += n ? n : 1;
    }
    std::fputc('"', f_);
  }

private:
  void sep(const char *key) {
    if (!first_) std::fputc(',', f_);
    if (depth_ > 0) {
      std::fputc('\n', f_);
      indent();
    }
    first_ = false;
    if (key) std::fprintf(f_, "\"%s\": ", key);
  }
  void indent() {
    for (int i = 0; i < depth_; i++) std::fputs("  ", f_);
  }
  FILE *f_;
  bool first_ = true;
  int depth_ = 0;
};

void tlb_json(Json &j, const char *name, const Stats &s, bool level2, int k0, int k1) {
  const uint64_t *lk = level2 ? s.l2_lookups : s.l1_lookups;
  const uint64_t *ht = level2 ? s.l2_hits : s.l1_hits;
  const uint64_t *rlk = level2 ? s.l2_retries : s.l1_retries;
  const uint64_t *rht = level2 ? s.l2_retry_hits : s.l1_retry_hits;
  uint64_t acc = 0, hits = 0, racc = 0, rhits = 0;
  for (int k = k0; k <= k1; k++) {
    acc += lk[k];
    hits += ht[k];
    racc += rlk[k];
    rhits += rht[k];
  }
  j.open(name, '{');
  j.num("accesses", acc);
  j.num("hits", hits);
  j.num("misses", acc - hits);
  j.real("hitRate", rate(hits, acc));
  j.num("retryAccesses", racc);
  j.num("retryMisses", racc - rhits);
  j.num("archAccesses", acc - racc);
  j.num("archMisses", (acc - hits) - (racc - rhits));
  j.real("archHitRate", rate(hits - rhits, acc - racc));
  static const char *const prefix[3] = {"rd", "wr", "inst"};
  for (int k = k0; k <= k1; k++) {
    const std::string p = prefix[k];
    j.num((p + "Accesses").c_str(), lk[k]);
    j.num((p + "Hits").c_str(), ht[k]);
    j.num((p + "Misses").c_str(), lk[k] - ht[k]);
    j.real((p + "HitRate").c_str(), rate(ht[k], lk[k]));
    j.num((p + "ArchAccesses").c_str(), lk[k] - rlk[k]);
    j.num((p + "ArchMisses").c_str(), (lk[k] - ht[k]) - (rlk[k] - rht[k]));
  }
  j.close('}');
}

void frag_json(Json &j, const FragSnapshot &f) {
  j.open(nullptr, '{');
  j.str("where", f.where);
  j.num("cycle", f.cycle);
  j.num("accesses", f.accesses);
  j.num("totalPages", f.info.total_pages);
  j.num("freePages", f.info.free_pages);
  j.open("freeBlocks", '[');
  for (unsigned k = 0; k < PhysFragInfo::kOrders; k++) j.num(nullptr, f.info.free_blocks[k]);
  j.close(']');
  j.open("unusableIndexPermille", '[');
  for (unsigned k = 0; k < PhysFragInfo::kOrders; k++) j.num(nullptr, f.info.unusable_index_permille[k]);
  j.close(']');
  j.num("largestFreeBlockPages", f.info.largest_free_block_pages);
  j.num("largestFreeRunPages", f.info.largest_free_run_pages);
  j.num("free64KBlocks", f.info.free_64k_blocks);
  j.num("free1MBlocks", f.info.free_1m_blocks);
  j.close('}');
}

// The run's configuration: what --config reads back (config_file.cpp), so keep the two alike.
void config_json(Json &j, const char *key, const RunInfo &in) {
  j.open(key, '{');
  j.str("trace", in.trace);
  j.str("mode", in.mode);
  j.str("itlb", in.itlb);
  j.str("dtlb", in.dtlb);
  j.str("l2tlb", in.l2tlb);
  j.num("walkCache", in.walk_cache);
  j.str("layout", in.layout);
  j.boolean("largePages", in.large_pages);
  j.num("ramBase", in.ram_base);
  j.num("ramSize", in.ram_size);
  j.str("memLatency", in.mem_latency);
  j.num("seed", in.seed);
  j.str("segfaultPolicy", in.segfault_policy);
  j.num("fragEvery", in.frag_every);
  j.num("warmup", in.warmup);
  j.open("cost", '{');
  j.num("memWord", in.cost.mem_word);
  j.num("reg", in.cost.reg);
  j.num("barrier", in.cost.barrier);
  j.num("excEntry", in.cost.exc_entry);
  j.num("excExit", in.cost.exc_exit);
  j.close('}');
  j.close('}');
}

}  // namespace

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

void print_summary(const Stats &s, const RunInfo &in, FILE *out) {
  const uint64_t acc = s.accesses[0] + s.accesses[1] + s.accesses[2];
  std::fprintf(out, "vmcosim %s: %s\n", in.mode.c_str(), in.trace.c_str());
  if (in.partial)
    std::fprintf(out, "PARTIAL: stopped early (%s); figures cover the trace up to there\n",
                 in.stop_reason.c_str());
  if (s.warmup_out_of_memory)
    std::fprintf(out, "WARM-UP OUT OF MEMORY: %" PRIu64 " segmentation fault(s) for lack of physical "
                 "memory before the statistics reset (policy %s)\n",
                 s.warmup_out_of_memory, in.segfault_policy.c_str());
  std::fprintf(out, "accesses %" PRIu64 " (read %" PRIu64 ", write %" PRIu64 ", fetch %" PRIu64
               "), translations %" PRIu64 ", skipped %" PRIu64 "\n",
               acc, s.accesses[0], s.accesses[1], s.accesses[2], s.translations, s.skipped);
  // Raw figures, then the retries after faults among them, then the architectural figures
  // (raw less retries: what a TLB simulator without an OS counts).
  std::fprintf(out, "\n%-14s %12s %12s %12s %9s %9s %12s %12s\n", "TLB", "lookups", "hits", "misses",
               "hit rate", "retries", "arch lookups", "arch misses");
  auto row = [&](const char *name, const uint64_t *lk, const uint64_t *ht, const uint64_t *rlk,
                 const uint64_t *rht, int k0, int k1) {
    uint64_t l = 0, h = 0, rl = 0, rh = 0;
    for (int k = k0; k <= k1; k++) {
      l += lk[k];
      h += ht[k];
      rl += rlk[k];
      rh += rht[k];
    }
    std::fprintf(out, "%-14s %12" PRIu64 " %12" PRIu64 " %12" PRIu64 " %8.2f%% %9" PRIu64
                 " %12" PRIu64 " %12" PRIu64 "\n", name, l, h, l - h, 100.0 * rate(h, l), rl,
                 l - rl, (l - h) - (rl - rh));
  };
  auto l1row = [&](const char *name, int k0, int k1) {
    row(name, s.l1_lookups, s.l1_hits, s.l1_retries, s.l1_retry_hits, k0, k1);
  };
  l1row("itlb fetch", 2, 2);
  l1row("dtlb read", 0, 0);
  l1row("dtlb write", 1, 1);
  l1row("dtlb all", 0, 1);
  if (in.l2tlb != "none") {
    for (int k = 0; k < 3; k++) {
      const std::string n = std::string("l2tlb ") + kKind[k];
      row(n.c_str(), s.l2_lookups, s.l2_hits, s.l2_retries, s.l2_retry_hits, k, k);
    }
  }
  std::fprintf(out, "\nwalks %" PRIu64 ": ended at the level-1 table %" PRIu64 ", at a level-2 table %" PRIu64
               "; walk-cache hits %" PRIu64 "; service time mean %.1f cycles (min %" PRIu64
               ", max %" PRIu64 ")\n",
               s.walks, s.walks_l1, s.walks_l2, s.wcache_hits,
               s.walks ? double(s.walk_time_sum) / double(s.walks) : 0.0,
               s.walks ? s.walk_time_min : 0, s.walk_time_max);
  std::fprintf(out, "page sizes: 4K %" PRIu64 ", 64K %" PRIu64 ", 1M %" PRIu64 ", 16M %" PRIu64
               "\n", s.page_sizes[1], s.page_sizes[2], s.page_sizes[3], s.page_sizes[4]);
  uint64_t faults = 0;
  for (uint64_t f : s.fault_fs) faults += f;
  std::fprintf(out, "faults %" PRIu64 ":", faults);
  for (unsigned fs = 0; fs < 32; fs++)
    if (s.fault_fs[fs]) std::fprintf(out, " %s %" PRIu64, fs_name(fs) ? fs_name(fs) : "?", s.fault_fs[fs]);
  std::fprintf(out, "\n  outcomes:");
  for (int o = 0; o < kOutCount; o++)
    if (s.outcomes[o]) std::fprintf(out, " %s %" PRIu64, kOutcomeName[o], s.outcomes[o]);
  uint64_t fc = 0;
  for (int p = 0; p < kCostParts; p++) fc += s.fault_cycles[p];
  std::fprintf(out, "\n  handling cycles %" PRIu64 ", mean %.1f per fault (alloc %" PRIu64
               ", page tables %" PRIu64 ", TLB maintenance %" PRIu64 ", other %" PRIu64
               " incl. entry/exit %" PRIu64 ")",
               fc, faults ? double(fc) / double(faults) : 0.0, s.fault_cycles[kPartAlloc], s.fault_cycles[kPartPgTable],
               s.fault_cycles[kPartTlb], s.fault_cycles[kPartOther], s.fault_entry_exit);
  std::fprintf(out, "\n  segmentation faults %" PRIu64 " (policy %s)", s.segfaults,
               in.segfault_policy.c_str());
  if (s.warmup_segfaults)
    std::fprintf(out, "; before the reset (warm-up) %" PRIu64 ", of which out of memory %" PRIu64,
                 s.warmup_segfaults, s.warmup_out_of_memory);
  std::fputc('\n', out);
  for (size_t i = 0; i < s.segfault_list.size() && i < 5; i++) {
    const SegfaultRecord &r = s.segfault_list[i];
    std::fprintf(out, "    pid %u %s %s va 0x%08x: %s (%s)\n", r.pid, kKind[r.op],
                 r.priv ? "privileged" : "user", r.va, r.reason.c_str(), r.action.c_str());
  }
  std::fprintf(out, "by region kind (L1 misses / walks / faults):");
  static const char *const kRegionName[5] = {"anon", "file", "device", "kernel", "none"};
  for (int k = 0; k < 5; k++)
    if (s.region_misses[k] || s.region_faults[k])
      std::fprintf(out, " %s %" PRIu64 "/%" PRIu64 "/%" PRIu64, kRegionName[k], s.region_misses[k],
                   s.region_walks[k], s.region_faults[k]);
  std::fputc('\n', out);
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
  std::fprintf(out, "TLB maintenance: TLBIALL %" PRIu64 ", TLBIMVA %" PRIu64 ", TLBIASID %" PRIu64
               ", TLBIMVAA %" PRIu64 "\n",
               in.hal.tlbi[0], in.hal.tlbi[1], in.hal.tlbi[2], in.hal.tlbi[3]);
  const uint64_t fw = in.hal.total();
  std::fprintf(out, "cycles: hardware %" PRIu64 ", firmware %" PRIu64 " (alloc %" PRIu64
               ", page tables %" PRIu64 ", TLB maintenance %" PRIu64 ", other %" PRIu64
               "), total %" PRIu64 "\n",
               in.hw_cycles, fw, in.hal.cycles[kPartAlloc], in.hal.cycles[kPartPgTable],
               in.hal.cycles[kPartTlb], in.hal.cycles[kPartOther], in.hw_cycles + fw);
  if (!s.frag.empty()) {
    const PhysFragInfo &f = s.frag.back().info;
    std::fprintf(out, "physical memory at %s: %u of %u pages free, largest free block %u pages\n",
                 s.frag.back().where.c_str(), f.free_pages, f.total_pages, f.largest_free_block_pages);
  }
}

bool write_config_json(const RunInfo &in, const std::string &path, std::string &err) {
  return write_output_file(path, err, [&](FILE *f) {
    Json j(f);
    config_json(j, nullptr, in);
    std::fputc('\n', f);
  });
}

bool write_summary(const Stats &s, const RunInfo &in, const std::string &path, std::string &err) {
  return write_output_file(path, err, [&](FILE *f) { print_summary(s, in, f); });
}

bool write_json(const Stats &s, const RunInfo &in, const std::string &path, std::string &err) {
  return write_output_file(path, err, [&](FILE *f) { stats_json(f, s, in); });
}

void stats_json(FILE *f, const Stats &s, const RunInfo &in) {
  Json j(f);
  j.open(nullptr, '{');
  j.str("schema", "vmcosim-stats/1");
  j.boolean("partial", in.partial);
  j.str("stopReason", in.stop_reason);
  config_json(j, "config", in);

  const uint64_t acc = s.accesses[0] + s.accesses[1] + s.accesses[2];
  j.open("accesses", '{');
  j.num("total", acc);
  j.num("read", s.accesses[0]);
  j.num("write", s.accesses[1]);
  j.num("fetch", s.accesses[2]);
  j.num("privileged", s.privileged);
  j.num("translations", s.translations);
  j.num("pageCrossing", s.page_crossing);
  j.num("skipped", s.skipped);
  j.num("flat", s.flat);
  j.close('}');

  tlb_json(j, "itb", s, false, 2, 2);
  tlb_json(j, "dtb", s, false, 0, 1);
  tlb_json(j, "l2tb", s, true, 0, 2);

  j.open("walker", '{');
  j.num("walks", s.walks);
  j.open("walksShortTerminationLevel", '{');
  j.num("Level1", s.walks_l1);
  j.num("Level2", s.walks_l2);
  j.close('}');
  j.num("walkCacheHits", s.wcache_hits);
  j.num("pdFaults", s.pd_faults);
  j.open("walkServiceTime", '{');
  j.num("samples", s.walks);
  j.num("sum", s.walk_time_sum);
  j.real("mean", s.walks ? double(s.walk_time_sum) / double(s.walks) : 0.0);
  j.num("min", s.walks ? s.walk_time_min : 0);
  j.num("max", s.walk_time_max);
  j.open("buckets", '[');
  for (unsigned b = 0; b < Stats::kWalkBuckets; b++) {
    if (!s.walk_time_hist[b]) continue;
    j.open(nullptr, '{');
    j.num("lo", Stats::walk_bucket_lo(b));
    j.num("hi", Stats::walk_bucket_hi(b));
    j.num("count", s.walk_time_hist[b]);
    j.close('}');
  }
  j.close(']');
  j.close('}');
  j.close('}');

  j.open("pageSizes", '{');
  for (int p = 1; p < 5; p++) j.num(kPageSize[p], s.page_sizes[p]);
  j.close('}');

  j.open("faults", '{');
  uint64_t faults = 0;
  for (uint64_t v : s.fault_fs) faults += v;
  j.num("total", faults);
  j.open("byKind", '{');
  for (unsigned fs = 0; fs < 32; fs++)
    if (fs_name(fs)) j.num(fs_name(fs), s.fault_fs[fs]);
  j.close('}');
  j.open("byOutcome", '{');
  for (int o = 0; o < kOutCount; o++) j.num(kOutcomeName[o], s.outcomes[o]);
  j.close('}');
  j.num("segfaults", s.segfaults);
  j.open("warmup", '{');
  j.num("segfaults", s.warmup_segfaults);
  j.num("outOfMemory", s.warmup_out_of_memory);
  j.close('}');
  j.open("handlingCycles", '{');
  uint64_t fc = 0;
  for (int p = 0; p < kCostParts; p++) fc += s.fault_cycles[p];
  j.num("total", fc);
  for (int p = 0; p < kCostParts; p++) j.num(kPart[p], s.fault_cycles[p]);
  j.num("exceptionEntryExit", s.fault_entry_exit);
  j.close('}');
  j.open("segfaultList", '[');
  for (const SegfaultRecord &r : s.segfault_list) {
    j.open(nullptr, '{');
    j.num("cycle", r.cycle);
    j.num("pid", r.pid);
    j.str("op", kKind[r.op]);
    j.boolean("privileged", r.priv != 0);
    j.num("va", r.va);
    j.num("fsr", r.fsr);
    j.str("reason", r.reason);
    j.str("action", r.action);
    j.close('}');
  }
  j.close(']');
  j.close('}');

  j.open("firmware", '{');
  j.num("cycles", in.hal.total());
  j.open("cyclesByPart", '{');
  for (int p = 0; p < kCostParts; p++) j.num(kPart[p], in.hal.cycles[p]);
  j.close('}');
  j.num("halMemWords", in.hal.mem_words);
  j.num("halRegReads", in.hal.reg_reads);
  j.num("halRegWrites", in.hal.reg_writes);
  j.num("barriers", in.hal.barriers);
  j.close('}');

  j.open("tlbMaintenance", '{');
  j.num("flushTlb", in.hal.tlbi[0]);
  j.num("flushTlbMva", in.hal.tlbi[1]);
  j.num("flushTlbAsid", in.hal.tlbi[2]);
  j.num("flushTlbMvaAllAsid", in.hal.tlbi[3]);
  j.close('}');

  static const char *const kEv[] = {"", "", "create", "exit", "fork", "switch", "mmap",
                                    "munmap", "mprotect", "marker"};
  j.open("osEvents", '{');
  for (int k = 2; k <= 9; k++) j.num(kEv[k], s.events[k]);
  j.num("failed", s.event_failures);
  j.close('}');

  static const char *const kRegion[5] = {"anon", "file", "device", "kernel", "none"};
  j.open("regionKinds", '{');
  for (int k = 0; k < 5; k++) {
    j.open(kRegion[k], '{');
    j.num("l1Misses", s.region_misses[k]);
    j.num("walks", s.region_walks[k]);
    j.num("faults", s.region_faults[k]);
    j.close('}');
  }
  j.close('}');

  j.open("processes", '[');
  for (const auto &kv : s.procs) {
    const ProcStats &p = kv.second;
    j.open(nullptr, '{');
    j.num("pid", kv.first);
    j.num("asid", p.asid);
    j.num("accesses", p.accesses);
    j.num("l1Hits", p.l1_hits);
    j.num("l1Misses", p.l1_misses);
    j.real("l1HitRate", rate(p.l1_hits, p.l1_hits + p.l1_misses));
    j.num("l2Hits", p.l2_hits);
    j.num("walks", p.walks);
    j.num("faults", p.faults);
    j.num("segfaults", p.segfaults);
    j.num("skipped", p.skipped);
    j.close('}');
  }
  j.close(']');

  j.open("physMem", '[');
  for (const FragSnapshot &fr : s.frag) frag_json(j, fr);
  j.close(']');

  j.open("cycles", '{');
  j.num("hardware", in.hw_cycles);
  j.num("firmware", in.hal.total());
  j.num("total", in.hw_cycles + in.hal.total());
  j.num("sinceStart", in.cycles_since_start);
  j.num("systemcTimeNs", in.systemc_time_ns);
  j.close('}');
  if (s.lockstep_compared) j.num("lockstepCompared", s.lockstep_compared);
  if (!s.divergence.empty()) j.str("divergence", s.divergence);
  if (s.have_mmu_counters) {
    static const char *const kCnt[17] = {
        "requests", "itlbLookups", "itlbHits", "dtlbLookups", "dtlbHits", "l2tlbLookups",
        "l2tlbHits", "walks", "walkCycles", "walksL1", "walksL2", "wcacheHits", "faultTrans",
        "faultDomain", "faultPerm", "faultAflag", "flushes"};
    j.open("mmuCounters", '{');
    for (int i = 0; i < 17; i++) j.num(kCnt[i], s.mmu_counters[i]);
    j.close('}');
  }
  if (in.host_stats) {
    j.open("host", '{');
    j.real("seconds", in.host_seconds);
    j.real("accessesPerSecond", in.host_seconds > 0 ? double(acc) / in.host_seconds : 0.0);
    j.real("cpuSeconds", in.cpu_seconds);
    j.real("accessesPerCpuSecond", in.cpu_seconds > 0 ? double(acc) / in.cpu_seconds : 0.0);
    j.real("runSeconds", in.run_host_seconds);
    j.real("runCpuSeconds", in.run_cpu_seconds);
    j.close('}');
  }
  j.close('}');
  std::fputc('\n', f);
}

}  // namespace vmcsim
