#include "top.h"

#include <chrono>
#include <ctime>
#include <cinttypes>
#include <cstdio>
#include <unistd.h>
#include <utility>

#include "lockstep_mmu.h"
#include "model_mmu.h"
#include "vmcosim/armv7_vmsa.h"

namespace vmcsim {

volatile int g_interrupted = 0;

namespace {

constexpr unsigned kMaxRetries = 3;           // handler said "resolved" but the access faults again
constexpr unsigned kEventWarningsMax = 10;

double host_now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// CPU time of this process (steadier than wall time on a loaded machine).
double cpu_now() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + 1e-9 * double(ts.tv_nsec);
}

// The stop of a run on --segfault=stop.
struct StopRun {};

std::string geom(const vmc_tlb_geom &g) {
  char b[48];
  vmc_mmu_config_format_tlb(&g, b, sizeof b);
  return b;
}

// What the statistics are about: the run's configuration (the JSON's "config").
RunInfo describe(const Options &o) {
  RunInfo in;
  in.trace = o.trace;
  in.mode = mode_name(o.mode);
  in.itlb = geom(o.mmu.itlb);
  in.dtlb = geom(o.mmu.dtlb);
  in.l2tlb = geom(o.mmu.l2tlb);
  in.walk_cache = o.mmu.walk_cache_entries;
  in.layout = o.layout ? "linux" : "liteos";
  in.large_pages = o.large_pages;
  in.ram_base = o.ram_base;
  in.ram_size = o.ram_size;
  in.mem_latency = o.lat_min == o.lat_max
                       ? std::to_string(o.lat_min)
                       : std::to_string(o.lat_min) + ".." + std::to_string(o.lat_max);
  in.seed = o.seed;
  in.frag_every = o.frag_every;
  in.warmup = o.warmup;
  in.cost = o.cost;
  in.segfault_policy = segfault_name(o.segfault);
  in.host_stats = o.host_stats;
  return in;
}

}  // namespace

CosimTop::CosimTop(sc_core::sc_module_name name, const Options &opt)
    : sc_module(name), opt_(opt), has_l2tlb_(opt.mmu.l2tlb.sets != 0), player_(opt.trace),
      ram_(opt.ram_base, opt.ram_size) {
  const Latency lat(opt.lat_min, opt.lat_max, opt.seed);
  switch (opt.mode) {
    case Mode::Functional:
      mmu_ = std::make_unique<ModelMmu>(opt.mmu, RtlMmu::limits(), ram_, lat);
      break;
    case Mode::Rtl:
      rtl_ = std::make_unique<RtlMmu>(opt.mmu, ram_, lat, opt.double_hit_check == 1);
      break;
    case Mode::Lockstep:
      rtl_ = std::make_unique<RtlMmu>(opt.mmu, ram_, lat, opt.double_hit_check != 0);
      mmu_ = std::make_unique<LockstepMmu>(*rtl_, opt.mmu, ram_);
      static_cast<LockstepMmu &>(*mmu_).inject_after(opt.inject_divergence);
      break;
  }
  hal_bind(&ram_, &backend(), opt.cost);
  if (rtl_) rtl_->set_stopped_source([] { return hal_counters().total(); });
  if (rtl_) rtl_->skip_idle_cycles(opt.skip_idle);
  if (opt.wave_trigger == WaveTrigger::Maint && !opt.wave_only) hal_watch_maint(opt.wave_k);
  if (rtl_ && !opt.wave.empty() && (opt.wave_trigger == WaveTrigger::None || opt.wave_only)) {
    rtl_->wave_window(opt.wave_dump, opt.wave_window ? opt.wave_from : 0,
                      opt.wave_window ? opt.wave_to : UINT64_MAX);
  }
  SC_THREAD(run);
  // The firmware and the replay run on this thread's stack: far more than SystemC's default.
  set_stack_size(size_t(16) << 20);
}

CosimTop::~CosimTop() { hal_bind(nullptr, nullptr, CostModel{}); }

uint64_t CosimTop::trigger_cycle() const {
  // Maintenance commands are seen where the firmware writes them, in the HAL.
  return opt_.wave_trigger == WaveTrigger::Maint ? hal_maint_cycle() : trigger_cycle_;
}

uint64_t CosimTop::total_cycles() const {
  return backend().cycles() + hal_counters().total();
}

// The statistics, and the host time they are measured against, start afresh (as gem5's
// hostSeconds does at a statistics reset): accesses per second then compare like with like.
void CosimTop::reset_stats() {
  stats_.reset(backend().cycles(), hal_counters());
  host_start_ = host_now();
  cpu_start_ = cpu_now();
}

ProcStats &CosimTop::proc(uint32_t pid) {
  auto it = stats_.procs.find(pid);
  if (it != stats_.procs.end()) return it->second;
  ProcStats &p = stats_.procs[pid];
  p.asid = bridge_.asid_of(pid);
  return p;
}

void CosimTop::run() {
  run_host_start_ = host_now();
  run_cpu_start_ = cpu_now();
  try {
    bridge_.boot(opt_.layout, opt_.large_pages);
    reset_stats();   // statistics start after boot
    cur_proc_ = &proc(0);
    replay();
  } catch (const BadTrace &e) {
    std::fprintf(stderr, "vmcosim: %s\n", e.what());
    exit_code_ = kExitBadTrace;
  } catch (const Divergence &e) {
    std::fprintf(stderr, "vmcosim: %s\n", e.what());
    stop_reason_ = "lockstep divergence";
    stats_.divergence = e.what();
    exit_code_ = kExitDivergence;
    if (opt_.wave_trigger == WaveTrigger::Divergence) trigger_cycle_ = e.cycle;
  } catch (const StopRun &) {
    exit_code_ = kExitSegfaultStop;
  } catch (const std::exception &e) {
    std::fprintf(stderr, "vmcosim: internal error: %s\n", e.what());
    stop_reason_ = std::string("internal error: ") + e.what();
    exit_code_ = kExitInternal;
  }
  if (g_interrupted && exit_code_ == kExitOk) {
    stop_reason_ = "interrupted";
    exit_code_ = kExitInterrupted;
  }
  // Let SystemC time catch up with the last cycles; returning then ends the simulation
  // (nothing else is scheduled: no sc_stop, no message).
  const uint64_t total = total_cycles();
  if (total > yielded_) wait(sc_core::sc_time(double(total - yielded_), sc_core::SC_NS));
  yielded_ = total;
  finish();
}

void CosimTop::replay() {
  vmc_access_rec run[kRun];
  vmc_record rec;
  tty_ = isatty(2) && !opt_.quiet;   // progress line: a terminal, and not --quiet
  last_progress_ = host_now();
  // Runs need the statistics of an access only after the MMU has moved on: not so for a
  // waveform trigger (its cycle) or the window re-run (it stops at a cycle); lockstep must
  // count every access before a divergence stops the run.
  const bool runs = opt_.mode != Mode::Lockstep && opt_.wave_trigger == WaveTrigger::None &&
                    !opt_.wave_only;
  bool more = true;
  while (more) {
    const int n = player_.next_accesses(run, kRun);
    for (int i = 0; i < n;) {
      more = !stop_now();
      if (!more) break;
      i += runs ? replay_run(run + i, n - i) : replay_one(run[i]);
    }
    if (n > 0) continue;
    more = more && !stop_now() && player_.next(rec);
    if (more) {
      event(rec);
      after_record();
    }
  }
  if (tty_ && records_ >= 0x10000) std::fputs("\r\033[K", stderr);
}

int CosimTop::replay_one(const vmc_access_rec &a) {
  access(a);
  after_access();
  return 1;
}

// After an access and its fault handling: snapshot k has seen k*N accesses.
inline void CosimTop::after_access() {
  if (opt_.frag_every && trace_accesses_ % opt_.frag_every == 0)
    snapshot("access " + std::to_string(trace_accesses_));
  if (__builtin_expect(trace_accesses_ == opt_.warmup, 0)) {   // --warmup N (never 0 here)
    reset_stats();
    cur_proc_ = &proc(bridge_.current_pid());
  }
  after_record();
}

// Accesses a[0..n) as one run: the MMU translates them back to back (MmuBackend::
// translate_run), which keeps its stepping loop as tight as a bare loop's, and the statistics
// are counted afterwards in the same order. The run ends at the first fault, before an access
// that crosses a page and at the next --frag-every snapshot, so that the firmware and the
// statistics see exactly what they see access by access. Returns how many it replayed.
int CosimTop::replay_run(const vmc_access_rec *a, int n) {
  if (!skipped_pids_.empty() || crosses_page(a[0])) return replay_one(a[0]);
  if (opt_.frag_every) {
    const uint64_t to_snapshot = opt_.frag_every - trace_accesses_ % opt_.frag_every;
    if (uint64_t(n) > to_snapshot) n = int(to_snapshot);
  }
  if (trace_accesses_ < opt_.warmup && uint64_t(n) > opt_.warmup - trace_accesses_)
    n = int(opt_.warmup - trace_accesses_);   // the run ends where --warmup resets
  if (n > kXlatRun) n = kXlatRun;
  XlatReq reqs[kXlatRun];
  int m = 0;
  for (; m < n && !crosses_page(a[m]); m++)
    reqs[m] = {a[m].va, vmc_access_kind(a[m].op), a[m].priv != 0};
  MmuBackend &mmu = backend();
  Xlat x[kXlatRun];
  const int done = int(mmu.translate_run(reqs, size_t(m), x));
  ProcStats &p = *cur_proc_;
  for (int i = 0; i < done; i++) {
    count_access(a[i], p);
    count(a[i].va, x[i], reqs[i].kind, p);
    if (__builtin_expect(x[i].r.fault != VMC_FAULT_NONE, 0))
      resolve(a[i], a[i].va, reqs[i].kind, reqs[i].priv, x[i]);
    after_access();
  }
  return done;
}

// Ctrl-C, or the end of the waveform window that a re-run for a triggered window writes.
inline bool CosimTop::stop_now() const {
  return g_interrupted || (opt_.wave_only && total_cycles() >= opt_.wave_to);
}

// Every 64 records: yield once a quantum of cycles has passed (for exactly the cycles passed,
// so SystemC time equals simulated time at every yield), and show progress on a terminal.
inline void CosimTop::after_record() {
  if ((++records_ & 63) != 0) return;
  const uint64_t total = total_cycles();
  if (total - yielded_ >= opt_.quantum) {
    wait(sc_core::sc_time(double(total - yielded_), sc_core::SC_NS));
    yielded_ = total;
  }
  if (tty_ && (records_ & 0xFFFF) == 0) {
    const double now = host_now();
    if (now - last_progress_ >= 1.0) {
      last_progress_ = now;
      std::fprintf(stderr, "\rvmcosim: %" PRIu64 " records, %.0f%% of the trace", records_,
                   100.0 * player_.progress());
    }
  }
}

inline bool CosimTop::crosses_page(const vmc_access_rec &a) {
  return ((a.va + a.size - 1u) ^ a.va) >> 12;
}

// An access record read from the trace, by kind and by process.
inline void CosimTop::count_access(const vmc_access_rec &a, ProcStats &p) {
  ++trace_accesses_;
  stats_.record_access(a, p);
}

void CosimTop::access(const vmc_access_rec &a) {
  ProcStats &p = *cur_proc_;
  count_access(a, p);
  if (__builtin_expect(!skipped_pids_.empty(), 0)) {
    for (uint32_t pid : skipped_pids_) {
      if (pid == a.pid) {
        stats_.record_skipped(p);
        return;
      }
    }
  }
  const vmc_access_kind kind = vmc_access_kind(a.op);
  if (!translate(a.va, kind, a.priv, a)) return;
  // An access that crosses into the next page needs that page's translation too.
  if (__builtin_expect(crosses_page(a), 0)) {
    stats_.record_page_crossing();
    translate((a.va + a.size - 1u) & ~0xFFFu, kind, a.priv, a);
  }
}

inline void CosimTop::count(uint32_t va, const Xlat &x, vmc_access_kind k, ProcStats &p) {
  const bool miss = stats_.record_translation(x, k, has_l2tlb_, p);
  if (miss || __builtin_expect(x.r.fault != VMC_FAULT_NONE, 0))   // a TLB hit can fail the
    stats_.record_region(bridge_.region_kind(va), x, miss);       // permission check
  if (__builtin_expect(opt_.wave_trigger != WaveTrigger::None, 0) && !opt_.wave_only &&
      trigger_cycle_ == UINT64_MAX) {
    const bool hit = (opt_.wave_trigger == WaveTrigger::Miss && miss) ||
                     (opt_.wave_trigger == WaveTrigger::Fault && x.r.fault != VMC_FAULT_NONE);
    if (hit && ++trigger_count_ == opt_.wave_k) trigger_cycle_ = total_cycles();
  }
}

bool CosimTop::translate(uint32_t va, vmc_access_kind kind, bool priv,
                         const vmc_access_rec &a) {
  MmuBackend &mmu = backend();
  Xlat x;
  mmu.translate(va, kind, priv, x);
  count(va, x, kind, *cur_proc_);
  return x.r.fault == VMC_FAULT_NONE || resolve(a, va, kind, priv, x);
}

// x is a fault of the access a (its translation of va): the handler, and retries while it says
// it resolved the fault. true when the access went through in the end.
bool CosimTop::resolve(const vmc_access_rec &a, uint32_t va, vmc_access_kind kind, bool priv,
                       Xlat &x) {
  MmuBackend &mmu = backend();
  for (unsigned attempt = 0;; attempt++) {
    if (!handle_fault(a, va, x, attempt)) return false;
    mmu.translate(va, kind, priv, x);
    count(va, x, kind, *cur_proc_);
    stats_.record_retry(x, kind, has_l2tlb_);
    if (x.r.fault == VMC_FAULT_NONE) return true;
  }
}

// An abort: the firmware's handler for the current process. true when the access is to be
// retried, false when it was a segmentation fault. Out of line: the hot loop is the hit path.
__attribute__((noinline)) bool CosimTop::handle_fault(const vmc_access_rec &a, uint32_t va,
                                                      const Xlat &x, unsigned attempt) {
  stats_.record_fault(x.r.fs, *cur_proc_);
  if (attempt >= kMaxRetries) {
    stats_.record_retry_limit();
    return segfault(a, va, x.r.fsr, "the fault persists after the handler resolved it");
  }
  const FirmwareBridge::FaultResult fr =
      bridge_.handle_fault(a.op == VMC_OP_FETCH, a.priv, opt_.cost);
  stats_.record_handling(fr.outcome, fr.cycles, fr.entry_exit);
  if (!fr.resolved) return segfault(a, va, x.r.fsr, fr.reason);
  return true;
}

bool CosimTop::segfault(const vmc_access_rec &a, uint32_t va, uint32_t fsr,
                        const std::string &reason) {
  const char *action = opt_.segfault == SegfaultPolicy::Stop       ? "run stopped"
                       : opt_.segfault == SegfaultPolicy::Continue ? "access skipped"
                                                                   : "process skipped";
  stats_.record_segfault(*cur_proc_, {total_cycles(), a.pid, va, fsr, a.op, a.priv, reason, action});
  if (opt_.segfault == SegfaultPolicy::Stop) {
    char b[160];
    std::snprintf(b, sizeof b, "segmentation fault of pid %u at va 0x%08x: ", a.pid, va);
    stop_reason_ = b + reason;
    std::fprintf(stderr, "vmcosim: %s\n", stop_reason_.c_str());
    throw StopRun{};
  }
  if (opt_.segfault == SegfaultPolicy::SkipProcess) skipped_pids_.push_back(a.pid);
  return false;
}

void CosimTop::event(const vmc_record &rec) {
  if (rec.kind == VMC_MARKER) {
    snapshot("marker " + std::to_string(rec.marker) + (rec.name[0] ? " " : "") + rec.name);
    if (std::string(rec.name) == "warmup_end") {
      reset_stats();
      cur_proc_ = &proc(bridge_.current_pid());
    }
    stats_.record_event(VMC_MARKER);   // after a reset, so the warm-up marker itself counts
    return;
  }
  stats_.record_event(rec.kind);
  const std::string err = bridge_.os_event(rec);
  if (!err.empty()) {
    if (stats_.record_event_failure() < kEventWarningsMax)
      std::fprintf(stderr, "vmcosim: warning: %s\n", err.c_str());
  }
  if (rec.kind == VMC_SWITCH) {
    cur_proc_ = &proc(rec.pid);
    cur_proc_->asid = bridge_.asid_of(rec.pid);
  } else if (rec.kind == VMC_EXIT) {
    for (size_t i = 0; i < skipped_pids_.size(); i++)
      if (skipped_pids_[i] == rec.pid) skipped_pids_.erase(skipped_pids_.begin() + long(i));
  } else if (rec.kind == VMC_CREATE || rec.kind == VMC_FORK) {
    const uint32_t pid = rec.kind == VMC_CREATE ? rec.pid : rec.child;
    proc(pid).asid = bridge_.asid_of(pid);
  }
}

void CosimTop::snapshot(const std::string &where) {
  FragSnapshot f;
  f.where = where;
  f.cycle = total_cycles();
  f.accesses = trace_accesses_;
  f.info = bridge_.frag_info();
  stats_.record_frag(std::move(f));
}

void CosimTop::finish() {
  MmuBackend &mmu = backend();
  if (rtl_) rtl_->wave_close();
  if (exit_code_ == kExitBadTrace || opt_.wave_only) return;   // no statistics
  snapshot("end");
  if (opt_.mode == Mode::Lockstep)
    stats_.lockstep_compared = static_cast<LockstepMmu &>(mmu).compared();
  RunInfo in = describe(opt_);
  // Out of memory in the warm-up under skip-process: a run that completed, but whose window
  // lost the processes killed there (under continue only warm-up accesses were skipped).
  if (exit_code_ == kExitOk && stats_.warmup_out_of_memory &&
      opt_.segfault == SegfaultPolicy::SkipProcess) {
    exit_code_ = kExitWarmupOom;
    std::fprintf(stderr,
                 "vmcosim: out of physical memory before the statistics reset: %" PRIu64
                 " segmentation fault(s) in the warm-up; the processes killed there are skipped"
                 " in the statistics (--ram-size %" PRIu64 ")\n",
                 stats_.warmup_out_of_memory, uint64_t(opt_.ram_size));
  }
  in.partial = exit_code_ != kExitOk && exit_code_ != kExitWarmupOom;
  in.stop_reason = stop_reason_;
  in.hw_cycles = mmu.cycles() - stats_.hw_base;
  in.cycles_since_start = total_cycles();
  in.systemc_time_ns = sc_core::sc_time_stamp().value() / 1000;   // resolution 1 ps
  in.hal = hal_counters().since(stats_.hal_base);
  const double host_end = host_now(), cpu_end = cpu_now();
  in.host_seconds = host_end - host_start_;
  in.cpu_seconds = cpu_end - cpu_start_;
  in.run_host_seconds = host_end - run_host_start_;
  in.run_cpu_seconds = cpu_end - run_cpu_start_;
  // The MMU's own counters, after the cycle figures so that reading them is not counted.
  // Not after a divergence or an internal error: the MMU's state is suspect then.
  if (exit_code_ == kExitOk || exit_code_ == kExitWarmupOom || exit_code_ == kExitInterrupted ||
      exit_code_ == kExitSegfaultStop) {
    for (int i = 0; i < VMC_CNT_COUNT; i++)
      stats_.mmu_counters[i] = mmu.reg_read(VMC_CNT_OFFSET(i));
    stats_.have_mmu_counters = true;
  }
  write_outputs(in);
}

// The summary, the host-time line, and the files: --stats, and --outdir's summary and
// configuration. A file that cannot be written makes the exit code kExitOutput.
void CosimTop::write_outputs(const RunInfo &in) {
  // With --stats - the JSON has standard output to itself, and the summary moves to stderr.
  if (!opt_.quiet) print_summary(stats_, in, opt_.stats == "-" ? stderr : stdout);
  const uint64_t acc = stats_.total_accesses();
  if (!opt_.quiet)
    std::fprintf(stderr,
                 "vmcosim: host time %.3f s, %.3f M accesses/s since the statistics began\n",
                 in.run_host_seconds,
                 in.host_seconds > 0 ? double(acc) / in.host_seconds / 1e6 : 0.0);
  std::string why;
  if (!opt_.stats.empty() && !write_json(stats_, in, opt_.stats, why)) {
    std::fprintf(stderr, "vmcosim: --stats %s\n", why.c_str());
    if (exit_code_ == kExitOk || exit_code_ == kExitWarmupOom) exit_code_ = kExitOutput;
  }
  if (!opt_.outdir.empty() && (!write_summary(stats_, in, opt_.outdir + "/summary.txt", why) ||
                               !write_config_json(in, opt_.outdir + "/config.json", why))) {
    std::fprintf(stderr, "vmcosim: --outdir %s\n", why.c_str());
    if (exit_code_ == kExitOk || exit_code_ == kExitWarmupOom) exit_code_ = kExitOutput;
  }
}

}  // namespace vmcsim
