// The statistics as JSON (docs/stats-schema.json): a small emitter with fixed formatting, and
// the writer, which walks the name tables (stats_names.h) and the field tables below.
#include <cinttypes>
#include <cstdio>
#include <initializer_list>
#include <string>

#include "stats.h"
#include "stats_names.h"

namespace vmcsim {

namespace {

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

// A key and the counter it shows, for the sections that are plain lists of counters.
template <class T>
struct Field {
  const char *key;
  uint64_t T::*value;
};

template <class T>
void fields(Json &j, const T &s, std::initializer_list<Field<T>> list) {
  for (const Field<T> &f : list) j.num(f.key, s.*f.value);
}

// Counts indexed by an enum, under the names that are not null.
template <size_t N>
void by_name(Json &j, const char *const (&names)[N], const uint64_t *v) {
  for (size_t i = 0; i < N; i++)
    if (names[i]) j.num(names[i], v[i]);
}
template <size_t N>
void by_key(Json &j, const Name (&names)[N], const uint64_t *v, size_t from = 0) {
  for (size_t i = from; i < N; i++) j.num(names[i].key, v[i]);
}

void tlb_json(Json &j, const Stats &s, const TlbView &v) {
  const TlbCounts &t = v.level2 ? s.l2 : s.l1;
  const TlbSums sum(s, v.level2, v.k0, v.k1);
  const uint64_t acc = sum.lookups, hits = sum.hits, racc = sum.retries, rhits = sum.retry_hits;
  j.open(v.name.key, '{');
  j.num("accesses", acc);
  j.num("hits", hits);
  j.num("misses", acc - hits);
  j.real("hitRate", rate(hits, acc));
  j.num("retryAccesses", racc);
  j.num("retryMisses", racc - rhits);
  j.num("archAccesses", acc - racc);
  j.num("archMisses", (acc - hits) - (racc - rhits));
  j.real("archHitRate", rate(hits - rhits, acc - racc));
  for (int k = v.k0; k <= v.k1; k++) {
    const std::string p = kAccessKindPrefix[k];
    j.num((p + "Accesses").c_str(), t.lookups[k]);
    j.num((p + "Hits").c_str(), t.hits[k]);
    j.num((p + "Misses").c_str(), t.lookups[k] - t.hits[k]);
    j.real((p + "HitRate").c_str(), rate(t.hits[k], t.lookups[k]));
    j.num((p + "ArchAccesses").c_str(), t.lookups[k] - t.retries[k]);
    j.num((p + "ArchMisses").c_str(), (t.lookups[k] - t.hits[k]) - (t.retries[k] - t.retry_hits[k]));
  }
  j.close('}');
}

void walker_json(Json &j, const Stats &s) {
  j.open("walker", '{');
  j.num("walks", s.walks);
  j.open("walksShortTerminationLevel", '{');
  fields<Stats>(j, s, {{"Level1", &Stats::walks_l1}, {"Level2", &Stats::walks_l2}});
  j.close('}');
  fields<Stats>(j, s, {{"walkCacheHits", &Stats::wcache_hits}, {"pdFaults", &Stats::pd_faults}});
  j.open("walkServiceTime", '{');
  fields<Stats>(j, s, {{"samples", &Stats::walks}, {"sum", &Stats::walk_time_sum}});
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
}

void faults_json(Json &j, const Stats &s) {
  j.open("faults", '{');
  uint64_t faults = 0;
  for (uint64_t v : s.fault_fs) faults += v;
  j.num("total", faults);
  j.open("byKind", '{');
  for (unsigned fs = 0; fs < kFsCodes; fs++)
    if (fs_name(fs)) j.num(fs_name(fs), s.fault_fs[fs]);
  j.close('}');
  j.open("byOutcome", '{');
  by_name(j, kOutcomeName, s.outcomes);
  j.close('}');
  j.num("segfaults", s.segfaults);
  j.open("warmup", '{');
  fields<Stats>(j, s, {{"segfaults", &Stats::warmup_segfaults},
                       {"outOfMemory", &Stats::warmup_out_of_memory}});
  j.close('}');
  j.open("handlingCycles", '{');
  uint64_t fc = 0;
  for (uint64_t c : s.fault_cycles) fc += c;
  j.num("total", fc);
  by_key(j, kCostPartName, s.fault_cycles);
  j.num("exceptionEntryExit", s.fault_entry_exit);
  j.close('}');
  j.open("segfaultList", '[');
  for (const SegfaultRecord &r : s.segfault_list) {
    j.open(nullptr, '{');
    j.num("cycle", r.cycle);
    j.num("pid", r.pid);
    j.str("op", kAccessKindName[r.op]);
    j.boolean("privileged", r.priv != 0);
    j.num("va", r.va);
    j.num("fsr", r.fsr);
    j.str("reason", r.reason);
    j.str("action", r.action);
    j.close('}');
  }
  j.close(']');
  j.close('}');
}

void firmware_json(Json &j, const HalCounters &hal) {
  j.open("firmware", '{');
  j.num("cycles", hal.total());
  j.open("cyclesByPart", '{');
  by_key(j, kCostPartName, hal.cycles);
  j.close('}');
  fields<HalCounters>(j, hal, {{"halMemWords", &HalCounters::mem_words},
                               {"halRegReads", &HalCounters::reg_reads},
                               {"halRegWrites", &HalCounters::reg_writes},
                               {"barriers", &HalCounters::barriers}});
  j.close('}');
  j.open("tlbMaintenance", '{');
  by_key(j, kTlbiName, hal.tlbi);
  j.close('}');
}

void processes_json(Json &j, const Stats &s) {
  j.open("processes", '[');
  for (const auto &kv : s.procs) {
    const ProcStats &p = kv.second;
    j.open(nullptr, '{');
    j.num("pid", kv.first);
    j.num("asid", p.asid);
    fields<ProcStats>(j, p, {{"accesses", &ProcStats::accesses}, {"l1Hits", &ProcStats::l1_hits},
                             {"l1Misses", &ProcStats::l1_misses}});
    j.real("l1HitRate", rate(p.l1_hits, p.l1_hits + p.l1_misses));
    fields<ProcStats>(j, p, {{"l2Hits", &ProcStats::l2_hits}, {"walks", &ProcStats::walks},
                             {"faults", &ProcStats::faults}, {"segfaults", &ProcStats::segfaults},
                             {"skipped", &ProcStats::skipped}});
    j.close('}');
  }
  j.close(']');
}

void frag_json(Json &j, const FragSnapshot &f) {
  j.open(nullptr, '{');
  j.str("where", f.where);
  j.num("cycle", f.cycle);
  j.num("accesses", f.accesses);
  j.num("totalPages", f.info.total_pages);
  j.num("freePages", f.info.free_pages);
  j.open("freeBlocks", '[');
  for (uint32_t n : f.info.free_blocks) j.num(nullptr, n);
  j.close(']');
  j.open("unusableIndexPermille", '[');
  for (uint32_t n : f.info.unusable_index_permille) j.num(nullptr, n);
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
  if (in.cores != 1) {   // only then: one core's configuration stays as it was before --cores
    j.num("cores", in.cores);
    j.num("shootdownCycles", in.shootdown_cycles);
    j.boolean("localShootdownInjected", in.inject_local_shootdown);
  }
  if (in.l2tlb_shared) j.boolean("l2tlbShared", true);   // only when set: older files stay
  // The engine of RTL and lockstep runs: config.json only (the statistics are the same).
  if (!key && in.rtl_cluster) j.boolean("rtlCluster", true);
  j.open("cost", '{');
  j.num("memWord", in.cost.mem_word);
  j.num("reg", in.cost.reg);
  j.num("barrier", in.cost.barrier);
  j.num("excEntry", in.cost.exc_entry);
  j.num("excExit", in.cost.exc_exit);
  j.close('}');
  j.close('}');
}

void mmu_counters_json(Json &j, const uint32_t (&counters)[VMC_CNT_COUNT]) {
#define VMC_CNT_KEY_(name, field, key) key,
  static const char *const kCnt[VMC_CNT_COUNT] = {VMC_MMU_COUNTERS(VMC_CNT_KEY_)};
#undef VMC_CNT_KEY_
  j.open("mmuCounters", '{');
  for (int i = 0; i < VMC_CNT_COUNT; i++) j.num(kCnt[i], counters[i]);
  j.close('}');
}

void hits_json(Json &j, const char *key, uint64_t lookups, uint64_t hits) {
  j.open(key, '{');
  j.num("accesses", lookups);
  j.num("hits", hits);
  j.num("misses", lookups - hits);
  j.real("hitRate", rate(hits, lookups));
  j.close('}');
}

// --cores 2 or more: the cluster's shootdowns and each core's share (absent on one core, so
// that one-core statistics stay as they were).
void cores_json(Json &j, const Stats &s, const RunInfo &in) {
  j.open("cores", '{');
  j.num("count", in.cores);
  j.num("shootdownCycles", in.shootdown_cycles);
  j.boolean("localShootdownInjected", in.inject_local_shootdown);
  CoreShootdowns all;
  for (const CoreStats &c : s.cores) {
    for (int k = 0; k < kBcastKinds; k++) all.sent[k] += c.sd.sent[k];
    all.received += c.sd.received;
    all.wait_cycles += c.sd.wait_cycles;
    all.lost_cycles += c.sd.lost_cycles;
  }
  j.open("shootdowns", '{');
  by_key(j, kBcastName, all.sent);
  j.num("received", all.received);
  j.num("waitCycles", all.wait_cycles);
  j.num("lostCycles", all.lost_cycles);
  j.close('}');
  j.open("perCore", '[');
  for (size_t i = 0; i < s.cores.size(); i++) {
    const CoreStats &c = s.cores[i];
    j.open(nullptr, '{');
    j.num("core", i);
    j.num("accesses", c.accesses);
    j.num("translations", c.translations);
    hits_json(j, "itlb", c.l1_lookups[VMC_OP_FETCH], c.l1_hits[VMC_OP_FETCH]);
    hits_json(j, "dtlb", c.l1_lookups[VMC_OP_READ] + c.l1_lookups[VMC_OP_WRITE],
              c.l1_hits[VMC_OP_READ] + c.l1_hits[VMC_OP_WRITE]);
    hits_json(j, "l2tlb", c.l2_lookups, c.l2_hits);
    j.num("walks", c.walks);
    j.num("faults", c.faults);
    j.open("cycles", '{');
    j.num("hardware", c.hw_cycles);
    j.num("firmware", c.fw_cycles);
    j.num("shootdownWait", c.sd.wait_cycles);
    j.num("shootdownLost", c.sd.lost_cycles);
    j.num("total", c.clock());
    j.close('}');
    j.open("shootdownsSent", '{');
    by_key(j, kBcastName, c.sd.sent);
    j.close('}');
    j.num("shootdownsReceived", c.sd.received);
    if (c.have_mmu_counters) mmu_counters_json(j, c.mmu_counters);
    j.close('}');
  }
  j.close(']');
  j.close('}');
}

void host_json(Json &j, const RunInfo &in, uint64_t acc) {
  j.open("host", '{');
  j.real("seconds", in.host_seconds);
  j.real("accessesPerSecond", in.host_seconds > 0 ? double(acc) / in.host_seconds : 0.0);
  j.real("cpuSeconds", in.cpu_seconds);
  j.real("accessesPerCpuSecond", in.cpu_seconds > 0 ? double(acc) / in.cpu_seconds : 0.0);
  j.real("runSeconds", in.run_host_seconds);
  j.real("runCpuSeconds", in.run_cpu_seconds);
  j.close('}');
}

}  // namespace

void stats_json(FILE *f, const Stats &s, const RunInfo &in) {
  Json j(f);
  j.open(nullptr, '{');
  j.str("schema", "vmcosim-stats/1");
  j.boolean("partial", in.partial);
  j.str("stopReason", in.stop_reason);
  config_json(j, "config", in);

  const uint64_t acc = s.total_accesses();
  j.open("accesses", '{');
  j.num("total", acc);
  by_name(j, kAccessKindName, s.accesses);
  fields<Stats>(j, s, {{"privileged", &Stats::privileged}, {"translations", &Stats::translations},
                       {"pageCrossing", &Stats::page_crossing}, {"skipped", &Stats::skipped},
                       {"flat", &Stats::flat}});
  j.close('}');
  for (const TlbView &v : kJsonTlbViews) tlb_json(j, s, v);
  walker_json(j, s);
  j.open("pageSizes", '{');
  by_key(j, kPageSizeName, s.page_sizes, VMSA_SIZE_SMALL);
  j.close('}');
  faults_json(j, s);
  firmware_json(j, in.hal);

  j.open("osEvents", '{');
  by_name(j, kEventName, s.events);
  j.num("failed", s.event_failures);
  j.close('}');
  j.open("regionKinds", '{');
  for (int k = 0; k < kRegionKinds; k++) {
    j.open(kRegionName[k], '{');
    j.num("l1Misses", s.region_misses[k]);
    j.num("walks", s.region_walks[k]);
    j.num("faults", s.region_faults[k]);
    j.close('}');
  }
  j.close('}');
  processes_json(j, s);
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
  if (s.have_mmu_counters) mmu_counters_json(j, s.mmu_counters);
  if (!s.cores.empty()) cores_json(j, s, in);
  if (in.host_stats) host_json(j, in, acc);
  j.close('}');
  std::fputc('\n', f);
}

bool write_json(const Stats &s, const RunInfo &in, const std::string &path, std::string &err) {
  return write_output_file(path, err, [&](FILE *f) { stats_json(f, s, in); });
}

bool write_config_json(const RunInfo &in, const std::string &path, std::string &err) {
  return write_output_file(path, err, [&](FILE *f) {
    Json j(f);
    config_json(j, nullptr, in);
    std::fputc('\n', f);
  });
}

}  // namespace vmcsim
