#include "top.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cinttypes>
#include <cstdio>
#include <unistd.h>
#include <utility>

#include "lockstep_mmu.h"
#include "model_mmu.h"
#include "rtl_cluster_mmu.h"
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

// What the statistics are about: the run's configuration c (the JSON's "config").
RunInfo describe(const Options &o, const ConfigSpec &c) {
  RunInfo in;
  in.trace = o.trace;
  in.mode = mode_name(o.mode);
  in.itlb = geom(c.mmu.itlb);
  in.dtlb = geom(c.mmu.dtlb);
  in.l2tlb = geom(c.mmu.l2tlb);
  in.walk_cache = c.mmu.walk_cache_entries;
  in.layout = o.layout ? "linux" : "liteos";
  in.large_pages = o.large_pages;
  in.ram_base = o.ram_base;
  in.ram_size = o.ram_size;
  in.mem_latency = c.lat_min == c.lat_max
                       ? std::to_string(c.lat_min)
                       : std::to_string(c.lat_min) + ".." + std::to_string(c.lat_max);
  in.seed = o.seed;
  in.frag_every = o.frag_every;
  in.warmup = o.warmup;
  in.cost = o.cost;
  in.segfault_policy = segfault_name(o.segfault);
  in.host_stats = o.host_stats;
  in.cores = o.cores;
  in.shootdown_cycles = o.shootdown_cycles;
  in.inject_local_shootdown = o.inject_local_shootdown;
  in.rtl_cluster = o.rtl_cluster;
  in.l2tlb_shared = o.l2tlb_shared;
  return in;
}

}  // namespace

CosimTop::CosimTop(sc_core::sc_module_name name, const Options &opt)
    : sc_module(name), opt_(opt), player_(opt.trace), ram_(opt.ram_base, opt.ram_size) {
  const Latency lat(opt.lat_min, opt.lat_max, opt.seed);
  switch (opt.mode) {
    case Mode::Functional:
      if (opt.cores > 1) {
        // The model's cluster (one model per core, IS commands on all); core c's walk
        // latencies are drawn from seed + c.
        std::shared_ptr<vmc_mmu_cluster> models = make_model_cluster(opt);
        std::vector<std::unique_ptr<MmuBackend>> cores;
        for (unsigned c = 0; c < opt.cores; c++)
          cores.push_back(std::make_unique<ModelMmu>(vmc_mmu_cluster_core(models.get(), c), opt.mmu,
                                                     Latency(opt.lat_min, opt.lat_max, opt.seed + c)));
        std::vector<ModelMmu *> direct;
        for (auto &c : cores) direct.push_back(static_cast<ModelMmu *>(c.get()));
        auto cluster = std::make_unique<CoreCluster>(models, std::move(cores), true,
                                                     opt.shootdown_cycles, opt.inject_local_shootdown);
        cluster->use_models(std::move(direct));
        cluster_ = cluster.get();
        mmu_ = std::move(cluster);
      } else {
        mmu_ = std::make_unique<ModelMmu>(opt.mmu, RtlMmu::limits(), ram_, lat);
      }
      break;
    case Mode::Rtl:
    case Mode::Lockstep:
      if (opt.cores > 1) {
        if (opt.cluster_engine()) make_rtl_cluster(opt);
        else make_rtl_cores(opt);
        break;
      }
      if (opt.mode == Mode::Rtl) {
        rtl_ = std::make_unique<RtlMmu>(opt.mmu, ram_, lat, opt.double_hit_check == 1);
        break;
      }
      rtl_ = std::make_unique<RtlMmu>(opt.mmu, ram_, lat, opt.double_hit_check != 0);
      mmu_ = std::make_unique<LockstepMmu>(*rtl_, opt.mmu, ram_);
      static_cast<LockstepMmu &>(*mmu_).inject_after(opt.inject_divergence);
      break;
  }
  // Configuration 1 is the backend above; the others of a set (functional mode only, as
  // options.cpp checks) each get a model, with latency draws seeded as a separate run's.
  const std::vector<ConfigSpec> set = configuration_set(opt);
  lanes_.resize(set.size());   // once: set_mmu_ keeps a reference
  for (size_t k = 0; k < set.size(); k++) {
    ConfigLane &l = lanes_[k];
    l.spec = set[k];
    l.has_l2tlb = set[k].mmu.l2tlb.sets != 0;
    if (k > 0)
      l.own = std::make_unique<ModelMmu>(set[k].mmu, RtlMmu::limits(), ram_,
                                         Latency(set[k].lat_min, set[k].lat_max, opt.seed));
    l.mmu = k > 0 ? l.own.get() : &backend();
    if (set.size() > 1) l.model = static_cast<ModelMmu *>(l.mmu);   // functional mode
  }
  if (lanes_.size() > 1) set_mmu_ = std::make_unique<ConfigSetMmu>(lanes_);
  hal_bind(&ram_, set_mmu_ ? static_cast<MmuBackend *>(set_mmu_.get()) : &backend(), opt.cost);
  check_cores_ = opt.cores > 1 || player_.multicore();
  if (cluster_) {   // options.cpp: several cores go with one configuration
    hal_set_sync_wait([](void *c) { return static_cast<CoreCluster *>(c)->last_sync_wait(); },
                      cluster_);
    bridge_.set_core_hook([this](unsigned c) { cluster_->select(c); });
    core_proc_.assign(opt.cores, nullptr);
    core_fw_.assign(opt.cores, 0);
    core_base_.assign(opt.cores, CoreStats{});
  }
  if (rtl_) rtl_->set_stopped_source([] { return hal_counters().total(); });
  if (rtl_cluster_) rtl_cluster_->set_stopped_source([] { return hal_counters().total(); });
  if (rtl_) rtl_->skip_idle_cycles(opt.skip_idle);
  if (opt.wave_trigger == WaveTrigger::Maint && !opt.wave_only) {
    // Several cores: the command's time on its core's clock, the firmware's cycles so far
    // included (they are charged to the core when the firmware returns).
    auto clock = [](void *top) {
      CosimTop &t = *static_cast<CosimTop *>(top);
      t.trigger_core_ = t.cluster_->current();   // whose MMU the command is written to
      return t.core_clock(t.trigger_core_) +
             (t.trigger_core_ == t.fw_core_ ? t.firmware_in_flight() : 0);
    };
    hal_watch_maint(opt.wave_k, cluster_ ? +clock : nullptr, this);
  }
  const uint64_t wave_from = opt.wave_window ? opt.wave_from : 0;
  const uint64_t wave_to = opt.wave_window ? opt.wave_to : UINT64_MAX;
  const bool dumps = !opt.wave.empty() && (opt.wave_trigger == WaveTrigger::None || opt.wave_only);
  if (rtl_ && dumps) rtl_->wave_window(opt.wave_dump, wave_from, wave_to);
  if (rtl_cluster_ && dumps) rtl_cluster_->wave_window(opt.wave_dump, wave_from, wave_to);
  // Several cores: each core's waveform is on its own clock (core_clock; the firmware running
  // on it counted as it runs, as with one core), in its own file merged after the run.
  for (unsigned c = 0; c < core_rtl_.size(); c++) {
    core_rtl_[c]->set_stopped_source([this, c] {
      return core_fw_[c] + cluster_->shootdowns(c).lost_cycles +
             (c == fw_core_ ? firmware_in_flight() : 0);
    });
    if (!dumps) continue;
    core_rtl_[c]->wave_for_merge(4096);   // at most 4096 x 1045 signals' changes per section
    core_rtl_[c]->wave_window(opt.core_wave_dumps.at(c), wave_from, wave_to);
  }
  SC_THREAD(run);
  // The firmware and the replay run on this thread's stack: far more than SystemC's default.
  set_stack_size(size_t(16) << 20);
}

// Several cores in RTL or lockstep mode: one Verilated mmu_top per core (a lone MMU each; the
// cluster writes a broadcast's local twin to every core), in lockstep each beside a model of
// its own. Core c's walk latencies are drawn from seed + c.
void CosimTop::make_rtl_cores(const Options &opt) {
  auto rtls = std::make_shared<std::vector<std::unique_ptr<RtlMmu>>>();   // lockstep's RTLs
  std::vector<std::unique_ptr<MmuBackend>> cores;
  const bool lockstep = opt.mode == Mode::Lockstep;
  for (unsigned c = 0; c < opt.cores; c++) {
    auto r = std::make_unique<RtlMmu>(opt.mmu, ram_, Latency(opt.lat_min, opt.lat_max, opt.seed + c),
                                      lockstep ? opt.double_hit_check != 0
                                               : opt.double_hit_check == 1,
                                      ("core" + std::to_string(c)).c_str());
    core_rtl_.push_back(r.get());
    r->skip_idle_cycles(opt.skip_idle);
    if (lockstep) {
      auto pair = std::make_unique<LockstepMmu>(*r, opt.mmu, ram_);
      if (c == 0) pair->inject_after(opt.inject_divergence);
      rtls->push_back(std::move(r));
      cores.push_back(std::move(pair));
    } else {
      cores.push_back(std::move(r));
    }
  }
  auto cluster = std::make_unique<CoreCluster>(rtls, std::move(cores), false, opt.shootdown_cycles,
                                               opt.inject_local_shootdown);
  cluster_ = cluster.get();
  mmu_ = std::move(cluster);
}

// Several cores in one Verilated mmu_cluster (--rtl-cluster, --l2tlb-shared): a view per core,
// joined (the hardware broadcasts); in lockstep each beside its core of a model cluster.
void CosimTop::make_rtl_cluster(const Options &opt) {
  struct Parts {   // what the cores need alive (destroyed after them, views before the RTL)
    std::unique_ptr<RtlCluster> rtl;
    std::vector<std::unique_ptr<RtlBackend>> views;   // lockstep's RTL sides
    std::shared_ptr<vmc_mmu_cluster> models;
  };
  auto parts = std::make_shared<Parts>();
  const bool lockstep = opt.mode == Mode::Lockstep;
  parts->rtl = std::make_unique<RtlCluster>(
      opt.mmu, ram_, opt.cores, opt.lat_min, opt.lat_max, opt.seed,
      lockstep ? opt.double_hit_check != 0 : opt.double_hit_check == 1, opt.l2tlb_shared);
  rtl_cluster_ = parts->rtl.get();
  rtl_cluster_->skip_idle_cycles(opt.skip_idle);
  if (lockstep) parts->models = make_model_cluster(opt);
  std::vector<std::unique_ptr<MmuBackend>> cores;
  for (unsigned c = 0; c < opt.cores; c++) {
    std::unique_ptr<RtlBackend> view = rtl_cluster_->core(c);
    if (!lockstep) {
      cores.push_back(std::move(view));
      continue;
    }
    auto pair = std::make_unique<LockstepMmu>(*view, opt.mmu, ram_,
                                              vmc_mmu_cluster_core(parts->models.get(), c));
    if (c == 0) pair->inject_after(opt.inject_divergence);
    parts->views.push_back(std::move(view));
    cores.push_back(std::move(pair));
  }
  auto cluster = std::make_unique<CoreCluster>(parts, std::move(cores), true, opt.shootdown_cycles,
                                               opt.inject_local_shootdown);
  cluster_ = cluster.get();
  mmu_ = std::move(cluster);
}

// The reference model's cluster (one model per core, IS commands on all; --l2tlb-shared: one
// L2TLB).
std::shared_ptr<vmc_mmu_cluster> CosimTop::make_model_cluster(const Options &opt) {
  std::shared_ptr<vmc_mmu_cluster> models(
      vmc_mmu_cluster_create(&opt.mmu, opt.cores, PhysRam::read_cb, &ram_),
      vmc_mmu_cluster_destroy);
  if (!models) throw std::runtime_error("cannot create the reference model's cluster");
  const vmc_mmu_limits limits = RtlMmu::limits();
  vmc_mmu_cluster_set_limits(models.get(), &limits);
  if (opt.l2tlb_shared && vmc_mmu_cluster_share_l2tlb(models.get()) != 0)
    throw std::runtime_error("the reference model's cluster cannot share its L2TLB");
  return models;
}

// Lockstep: requests compared, over every core.
uint64_t CosimTop::compared() {
  if (!cluster_) return static_cast<LockstepMmu &>(backend()).compared();
  uint64_t n = 0;
  for (unsigned c = 0; c < cluster_->count(); c++)
    n += static_cast<LockstepMmu &>(cluster_->core(c)).compared();
  return n;
}

CosimTop::~CosimTop() { hal_bind(nullptr, nullptr, CostModel{}); }

// The waveform trigger's event happened now: its cycle on the clock of the core it happened on.
void CosimTop::note_trigger() {
  trigger_core_ = cluster_ ? cluster_->current() : 0;
  trigger_cycle_ = cluster_ ? core_clock(trigger_core_) : total_cycles();
}

uint64_t CosimTop::trigger_cycle() const {
  // Maintenance commands are seen where the firmware writes them, in the HAL.
  return opt_.wave_trigger == WaveTrigger::Maint ? hal_maint_cycle() : trigger_cycle_;
}

uint64_t CosimTop::total_cycles() const {
  if (cluster_) {   // the latest core's clock
    uint64_t t = 0;
    for (unsigned c = 0; c < cluster_->count(); c++) t = std::max(t, core_clock(c));
    return t;
  }
  return backend().cycles() + hal_counters().total();
}

// A core's clock: its MMU's cycles, the firmware run on it, and the cycles other cores'
// broadcasts took from it.
uint64_t CosimTop::core_clock(unsigned c) const {
  return cluster_->core(c).cycles() + core_fw_[c] + cluster_->shootdowns(c).lost_cycles;
}

// The firmware starts on the current core (it may visit others, e.g. to leave a space there,
// but its cycles are this core's): the HAL's cycle count, from which its cycles count.
uint64_t CosimTop::firmware_start() {
  fw_core_ = cluster_ ? cluster_->current() : 0;
  return hal_charged_ = hal_counters().total();
}

// The cycles of the firmware running now, not yet charged to its core.
uint64_t CosimTop::firmware_in_flight() const { return hal_counters().total() - hal_charged_; }

void CosimTop::charge_firmware(uint64_t hal_before) {
  hal_charged_ = hal_counters().total();
  core_fw_[cluster_->current()] += hal_charged_ - hal_before;
}

// The trace puts its record number n (1-based) on core `core`.
inline void CosimTop::use_core(unsigned core, uint64_t n) {
  if (__builtin_expect(core >= opt_.cores, 0)) {
    throw BadTrace(opt_.trace + ": record " + std::to_string(n) + ": a record on core " +
                   std::to_string(core) + ", but --cores is " + std::to_string(opt_.cores) +
                   " (cores 0.." + std::to_string(opt_.cores - 1) + ")");
  }
  if (cluster_ && core != cluster_->current()) switch_core(core);
}

// The replay moves to another core: what it counted so far belongs to the core it leaves.
void CosimTop::switch_core(unsigned core) {
  ConfigLane &l = lanes_[0];
  const unsigned was = cluster_->current();
  tally_at_.move_to(l.stats.cores[was], l.stats);
  core_proc_[was] = l.cur_proc;
  bridge_.set_core(core);   // selects the cluster's core too (the hook)
  l.cur_proc = core_proc_[core];
}

void CosimTop::core_stats_reset() {
  ConfigLane &l = lanes_[0];
  l.stats.cores.assign(cluster_->count(), CoreStats{});
  for (unsigned c = 0; c < cluster_->count(); c++) {
    CoreStats &b = core_base_[c];
    b.hw_cycles = cluster_->core(c).cycles();
    b.fw_cycles = core_fw_[c];
    b.sd = cluster_->shootdowns(c);
    core_proc_[c] = &proc(l, bridge_.current_pid(c));
  }
  l.cur_proc = core_proc_[cluster_->current()];
  tally_at_ = CoreTally::of(l.stats);
}

// Each core's share at the end: the current core's last stretch, and its clock and shootdowns
// since the last reset.
void CosimTop::core_stats_finish() {
  Stats &s = lanes_[0].stats;
  tally_at_.move_to(s.cores[cluster_->current()], s);
  for (unsigned c = 0; c < cluster_->count(); c++) {
    CoreStats &cs = s.cores[c];
    const CoreStats &b = core_base_[c];
    const CoreShootdowns &sd = cluster_->shootdowns(c);
    cs.hw_cycles = cluster_->core(c).cycles() - b.hw_cycles;
    cs.fw_cycles = core_fw_[c] - b.fw_cycles;
    for (int k = 0; k < kBcastKinds; k++) cs.sd.sent[k] = sd.sent[k] - b.sd.sent[k];
    cs.sd.received = sd.received - b.sd.received;
    cs.sd.wait_cycles = sd.wait_cycles - b.sd.wait_cycles;
    cs.sd.lost_cycles = sd.lost_cycles - b.sd.lost_cycles;
  }
}

// The statistics, and the host time they are measured against, start afresh (as gem5's
// hostSeconds does at a statistics reset): accesses per second then compare like with like.
void CosimTop::reset_stats() {
  for (ConfigLane &l : lanes_) l.stats.reset(l.mmu->cycles(), hal_counters());
  if (cluster_) core_stats_reset();
  host_start_ = host_now();
  cpu_start_ = cpu_now();
}

ProcStats &CosimTop::proc(ConfigLane &l, uint32_t pid) {
  auto it = l.stats.procs.find(pid);
  if (it != l.stats.procs.end()) return it->second;
  ProcStats &p = l.stats.procs[pid];
  p.asid = bridge_.asid_of(pid);
  return p;
}

void CosimTop::set_current(uint32_t pid) {
  for (ConfigLane &l : lanes_) l.cur_proc = &proc(l, pid);
  if (cluster_) core_proc_[cluster_->current()] = lanes_[0].cur_proc;
}

void CosimTop::run() {
  run_host_start_ = host_now();
  run_cpu_start_ = cpu_now();
  try {
    bridge_.boot(opt_.layout, opt_.large_pages, opt_.cores);
    if (cluster_) core_fw_[0] = hal_charged_ = hal_counters().total();   // boot: core 0's
    reset_stats();   // statistics start after boot
    set_current(0);
    replay();
  } catch (const BadTrace &e) {
    std::fprintf(stderr, "vmcosim: %s\n", e.what());
    exit_code_ = kExitBadTrace;
  } catch (const Divergence &e) {
    std::fprintf(stderr, "vmcosim: %s\n", e.what());
    stop_reason_ = "lockstep divergence";
    lanes_[0].stats.divergence = e.what();
    exit_code_ = kExitDivergence;
    if (opt_.wave_trigger == WaveTrigger::Divergence) {
      trigger_cycle_ = e.cycle;   // on the diverging core's clock
      trigger_core_ = cluster_ ? cluster_->current() : 0;
    }
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
  vmc_access_rec run[kSetRun];
  const int chunk = lanes_.size() > 1 ? kSetRun : kRun;
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
    const int n = player_.next_accesses(run, chunk);
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
  repeats_.forget();   // translated outside a run
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
    set_current(bridge_.current_pid());
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
  if (cluster_) return replay_cores_run(a, n);
  if (check_cores_) {   // a run stays on one core
    use_core(a[0].core, records_ + 1);
    int same = 1;
    while (same < n && a[same].core == a[0].core) same++;
    n = same;
  }
  if (lanes_.size() > 1) return replay_set_run(a, n);
  const int m = run_length(a, n, kXlatRun);
  XlatReq reqs[kXlatRun];
  for (int i = 0; i < m; i++) reqs[i] = {a[i].va, vmc_access_kind(a[i].op), a[i].priv != 0, 0};
  ConfigLane &l = lanes_[0];
  Xlat x[kXlatRun];
  const int done = int(l.mmu->translate_run(reqs, size_t(m), x));
  ProcStats &p = *l.cur_proc;
  for (int i = 0; i < done; i++) {
    ++trace_accesses_;
    l.stats.record_access(a[i], p);
    count(l, a[i].va, x[i], reqs[i].kind);
    if (__builtin_expect(x[i].r.fault != VMC_FAULT_NONE, 0))
      resolve(a[i], a[i].va, reqs[i].kind, reqs[i].priv, x[i]);
    after_access();
  }
  return done;
}

// replay_run with several cores: the run goes on across the cores' turns (a trace's threads
// take turns of a few accesses), each access translated by its core's MMU in trace order
// (CoreCluster::translate_cores), which is what one run per turn did, without the ends and
// starts of the short runs. The statistics then follow the accesses and select each core where
// its turn starts (switch_core), so that each core, and the firmware for a fault, is selected
// as access by access. It stops before a record on a core beyond --cores (use_core reports it).
int CosimTop::replay_cores_run(const vmc_access_rec *a, int n) {
  int m = run_length(a, n, kXlatRun);
  XlatReq reqs[kXlatRun];
  for (int i = 0; i < m; i++) {
    if (__builtin_expect(a[i].core >= opt_.cores, 0)) {
      if (i == 0) use_core(a[0].core, records_ + 1);   // throws
      m = i;
      break;
    }
    reqs[i] = {a[i].va, vmc_access_kind(a[i].op), a[i].priv != 0, a[i].core};
  }
  ConfigLane &l = lanes_[0];
  Xlat x[kXlatRun];
  const int done = int(cluster_->translate_cores(reqs, size_t(m), x));
  for (int i = 0; i < done; i++) {
    if (a[i].core != cluster_->current()) switch_core(a[i].core);
    ++trace_accesses_;
    l.stats.record_access(a[i], *l.cur_proc);
    count(l, a[i].va, x[i], reqs[i].kind);
    if (__builtin_expect(x[i].r.fault != VMC_FAULT_NONE, 0))
      resolve(a[i], a[i].va, reqs[i].kind, reqs[i].priv, x[i]);
    after_access();
  }
  return done;
}

// How many of a[0..n) one run may take (at most `most`): it ends at the next --frag-every
// snapshot and --warmup reset, and before the first access that crosses a page (a[0] does not).
int CosimTop::run_length(const vmc_access_rec *a, int n, int most) const {
  if (opt_.frag_every) {
    const uint64_t to_snapshot = opt_.frag_every - trace_accesses_ % opt_.frag_every;
    if (uint64_t(n) > to_snapshot) n = int(to_snapshot);
  }
  if (trace_accesses_ < opt_.warmup && uint64_t(n) > opt_.warmup - trace_accesses_)
    n = int(opt_.warmup - trace_accesses_);   // the run ends where --warmup resets
  if (n > most) n = most;
  int m = 1;
  while (m < n && !crosses_page(a[m])) m++;
  return m;
}

// A configuration set's run (replay_run): each configuration translates the accesses that are
// not repeat hits (RepeatHits) and counts them; the repeat hits are counted once for all. Only
// the last translated access can have faulted, and every configuration must have stopped there
// with the same fault; the accesses after it are not replayed.
int CosimTop::replay_set_run(const vmc_access_rec *a, int n) {
  const int m = run_length(a, n, kSetRun);
  XlatReq reqs[kSetRun];
  int src[kSetRun];          // per access: RepeatHits::kNone (translated) or its size's source
  uint32_t known[kSetRun];   // the page size of a RepeatHits::kKnown repeat
  int at[kSetRun];           // the access of each translated request
  int r = 0;
  const bool tlbs = set_mmu_->mmu_on();   // with the MMU off nothing is cached
  if (!tlbs) repeats_.forget();
  for (int i = 0; i < m; i++) {
    src[i] = tlbs ? repeats_.classify(a[i], r, known[i]) : RepeatHits::kNone;
    if (src[i] == RepeatHits::kNone) {
      at[r] = i;
      reqs[r++] = {a[i].va, vmc_access_kind(a[i].op), a[i].priv != 0, 0};
    }
  }
  Xlat x[kSetRun], y[kSetRun];
  int done = 0, replayed = m;
  bool fault = false;
  uint64_t by_kind[kAccessKinds] = {}, by_size[kPageSizes] = {}, priv = 0, repeated = 0;
  for (size_t k = 0; k < lanes_.size(); k++) {
    ConfigLane &l = lanes_[k];
    Xlat *out = k == 0 ? x : y;
    const int d = r > 0 ? int(l.mmu->translate_run(reqs, size_t(r), out)) : 0;
    if (k == 0) {
      done = d;
      fault = done > 0 && x[done - 1].r.fault != VMC_FAULT_NONE;
      replayed = fault ? at[done - 1] + 1 : m;
      for (int i = 0; i < replayed; i++) {   // the repeat hits before the fault, if any
        if (src[i] == RepeatHits::kNone) continue;
        by_kind[a[i].op]++;
        by_size[src[i] == RepeatHits::kKnown ? known[i] : uint32_t(x[src[i]].r.size)]++;
        priv += a[i].priv;
        repeated++;
      }
    } else if (d != done || (d > 0 && out[d - 1].r.fault != VMC_FAULT_NONE)) {
      const int j = d < done ? d - 1 : done - 1;   // the first request answered differently
      check_same_fault(x[j], out[j], k, a[at[j]].pid, a[at[j]].va, reqs[j].kind,
                       trace_accesses_ + at[j] + 1);
    }
    ProcStats &p = *l.cur_proc;
    for (int j = 0; j < done; j++) {
      l.stats.record_access(a[at[j]], p);
      count(l, a[at[j]].va, out[j], reqs[j].kind);
    }
    if (repeated) {
      l.stats.record_l1_hits(by_kind, priv, by_size, p);
      l.model->add_l1_hits(uint32_t(by_kind[VMC_OP_FETCH]),
                           uint32_t(by_kind[VMC_OP_READ] + by_kind[VMC_OP_WRITE]));
    }
  }
  if (fault)
    repeats_.forget();   // the firmware runs next
  else
    repeats_.settle(x);
  for (int i = 0; i < replayed; i++) {
    ++trace_accesses_;
    if (fault && i == replayed - 1)
      resolve(a[i], a[i].va, reqs[done - 1].kind, reqs[done - 1].priv, x[done - 1]);
    after_access();
  }
  return replayed;
}

// Ctrl-C, or the end of the waveform window that a re-run for a triggered window writes
// (several cores: once every core's clock passed it).
inline bool CosimTop::stop_now() const {
  return g_interrupted || (opt_.wave_only && window_passed());
}

bool CosimTop::window_passed() const {
  if (!cluster_) return total_cycles() >= opt_.wave_to;
  for (unsigned c = 0; c < cluster_->count(); c++)
    if (core_clock(c) < opt_.wave_to) return false;
  return true;
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

void CosimTop::access(const vmc_access_rec &a) {
  if (check_cores_) use_core(a.core, records_ + 1);
  ++trace_accesses_;
  for (ConfigLane &l : lanes_) l.stats.record_access(a, *l.cur_proc);
  if (__builtin_expect(!skipped_pids_.empty(), 0)) {
    for (uint32_t pid : skipped_pids_) {
      if (pid == a.pid) {
        for (ConfigLane &l : lanes_) l.stats.record_skipped(*l.cur_proc);
        return;
      }
    }
  }
  const vmc_access_kind kind = vmc_access_kind(a.op);
  if (!translate(a.va, kind, a.priv, a)) return;
  // An access that crosses into the next page needs that page's translation too.
  if (__builtin_expect(crosses_page(a), 0)) {
    for (ConfigLane &l : lanes_) l.stats.record_page_crossing();
    translate((a.va + a.size - 1u) & ~0xFFFu, kind, a.priv, a);
  }
}

// One translation in configuration l, counted in its statistics.
inline void CosimTop::count(ConfigLane &l, uint32_t va, const Xlat &x, vmc_access_kind k) {
  Stats &s = l.stats;
  const bool miss = s.record_translation(x, k, l.has_l2tlb, *l.cur_proc);
  if (miss || __builtin_expect(x.r.fault != VMC_FAULT_NONE, 0))   // a TLB hit can fail the
    s.record_region(bridge_.region_kind(va), x, miss);            // permission check
  if (__builtin_expect(opt_.wave_trigger != WaveTrigger::None, 0) && !opt_.wave_only &&
      trigger_cycle_ == UINT64_MAX) {
    const bool hit = (opt_.wave_trigger == WaveTrigger::Miss && miss) ||
                     (opt_.wave_trigger == WaveTrigger::Fault && x.r.fault != VMC_FAULT_NONE);
    if (hit && ++trigger_count_ == opt_.wave_k) note_trigger();
  }
}

bool CosimTop::translate(uint32_t va, vmc_access_kind kind, bool priv,
                         const vmc_access_rec &a) {
  Xlat x;
  translate_all(va, kind, priv, a, false, x);
  return x.r.fault == VMC_FAULT_NONE || resolve(a, va, kind, priv, x);
}

// va translated in every configuration and counted (retry: as the retry of a fault); x is
// configuration 1's answer, which every other one must match in its fault.
void CosimTop::translate_all(uint32_t va, vmc_access_kind kind, bool priv,
                             const vmc_access_rec &a, bool retry, Xlat &x) {
  for (size_t k = 0; k < lanes_.size(); k++) {
    ConfigLane &l = lanes_[k];
    Xlat y;
    Xlat &out = k == 0 ? x : y;
    l.mmu->translate(va, kind, priv, out);
    if (k > 0) check_same_fault(x, y, k, a.pid, va, kind, trace_accesses_);
    count(l, va, out, kind);
    if (retry) l.stats.record_retry(out, kind, l.has_l2tlb);
  }
}

// x is a fault of the access a (its translation of va): the handler, and retries while it says
// it resolved the fault. true when the access went through in the end.
bool CosimTop::resolve(const vmc_access_rec &a, uint32_t va, vmc_access_kind kind, bool priv,
                       Xlat &x) {
  for (unsigned attempt = 0;; attempt++) {
    if (!handle_fault(a, va, x, attempt)) return false;
    translate_all(va, kind, priv, a, true, x);
    if (x.r.fault == VMC_FAULT_NONE) return true;
  }
}

// An abort: the firmware's handler for the current process. true when the access is to be
// retried, false when it was a segmentation fault. Out of line: the hot loop is the hit path.
__attribute__((noinline)) bool CosimTop::handle_fault(const vmc_access_rec &a, uint32_t va,
                                                      const Xlat &x, unsigned attempt) {
  for (ConfigLane &l : lanes_) l.stats.record_fault(x.r.fs, *l.cur_proc);
  if (cluster_) lanes_[0].stats.cores[cluster_->current()].faults++;
  if (attempt >= kMaxRetries) {
    for (ConfigLane &l : lanes_) l.stats.record_retry_limit();
    return segfault(a, va, x.r.fsr, "the fault persists after the handler resolved it");
  }
  const uint64_t hal_before = firmware_start();
  const FirmwareBridge::FaultResult fr =
      bridge_.handle_fault(a.op == VMC_OP_FETCH, a.priv, opt_.cost);
  if (cluster_) charge_firmware(hal_before);
  for (ConfigLane &l : lanes_) l.stats.record_handling(fr.outcome, fr.cycles, fr.entry_exit);
  if (!fr.resolved) return segfault(a, va, x.r.fsr, fr.reason);
  return true;
}

bool CosimTop::segfault(const vmc_access_rec &a, uint32_t va, uint32_t fsr,
                        const std::string &reason) {
  const char *action = opt_.segfault == SegfaultPolicy::Stop       ? "run stopped"
                       : opt_.segfault == SegfaultPolicy::Continue ? "access skipped"
                                                                   : "process skipped";
  for (ConfigLane &l : lanes_)
    l.stats.record_segfault(*l.cur_proc, {cluster_ ? total_cycles() : l.cycles(), a.pid, va, fsr,
                                          a.op, a.priv, reason, action});
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
  repeats_.forget();   // the firmware may change the TLBs
  if (rec.kind == VMC_MARKER) {
    snapshot("marker " + std::to_string(rec.marker) + (rec.name[0] ? " " : "") + rec.name);
    if (std::string(rec.name) == "warmup_end") {
      reset_stats();
      set_current(bridge_.current_pid());
    }
    // After a reset, so the warm-up marker itself counts.
    for (ConfigLane &l : lanes_) l.stats.record_event(VMC_MARKER);
    return;
  }
  for (ConfigLane &l : lanes_) l.stats.record_event(rec.kind);
  if (check_cores_) use_core(rec.core, records_ + 1);
  const uint64_t hal_before = firmware_start();
  const std::string err = bridge_.os_event(rec);
  if (cluster_) charge_firmware(hal_before);
  if (!err.empty()) {
    uint64_t before = 0;
    for (ConfigLane &l : lanes_) before = l.stats.record_event_failure();
    if (before < kEventWarningsMax) std::fprintf(stderr, "vmcosim: warning: %s\n", err.c_str());
  }
  if (rec.kind == VMC_SWITCH) {
    set_current(rec.pid);
    for (ConfigLane &l : lanes_) l.cur_proc->asid = bridge_.asid_of(rec.pid);
  } else if (rec.kind == VMC_EXIT) {
    for (size_t i = 0; i < skipped_pids_.size(); i++)
      if (skipped_pids_[i] == rec.pid) skipped_pids_.erase(skipped_pids_.begin() + long(i));
  } else if (rec.kind == VMC_CREATE || rec.kind == VMC_FORK) {
    const uint32_t pid = rec.kind == VMC_CREATE ? rec.pid : rec.child;
    for (ConfigLane &l : lanes_) proc(l, pid).asid = bridge_.asid_of(pid);
  }
}

void CosimTop::snapshot(const std::string &where) {
  FragSnapshot f;
  f.where = where;
  f.accesses = trace_accesses_;
  f.info = bridge_.frag_info();
  for (ConfigLane &l : lanes_) {
    f.cycle = cluster_ ? total_cycles() : l.cycles();   // several cores: the latest clock
    l.stats.record_frag(FragSnapshot(f));
  }
}

void CosimTop::finish() {
  if (rtl_) rtl_->wave_close();
  if (rtl_cluster_) rtl_cluster_->wave_close();
  // Several cores: a core whose clock ended before the window holds its state through it.
  const bool opened = std::any_of(core_rtl_.begin(), core_rtl_.end(),
                                  [](const RtlMmu *r) { return r->wave_opened(); });
  for (RtlMmu *r : core_rtl_) r->wave_close(opened);
  if (exit_code_ == kExitBadTrace || opt_.wave_only) return;   // no statistics
  snapshot("end");
  if (cluster_) core_stats_finish();
  if (opt_.mode == Mode::Lockstep)
    lanes_[0].stats.lockstep_compared = compared();
  // Out of memory in the warm-up under skip-process: a run that completed, but whose window
  // lost the processes killed there (under continue only warm-up accesses were skipped).
  // Faults are the same in every configuration of a set.
  const Stats &first = lanes_[0].stats;
  if (exit_code_ == kExitOk && first.warmup_out_of_memory &&
      opt_.segfault == SegfaultPolicy::SkipProcess) {
    exit_code_ = kExitWarmupOom;
    std::fprintf(stderr,
                 "vmcosim: out of physical memory before the statistics reset: %" PRIu64
                 " segmentation fault(s) in the warm-up; the processes killed there are skipped"
                 " in the statistics (--ram-size %" PRIu64 ")\n",
                 first.warmup_out_of_memory, uint64_t(opt_.ram_size));
  }
  const double host_end = host_now(), cpu_end = cpu_now();
  RunInfo in;
  for (size_t k = 0; k < lanes_.size(); k++) {
    ConfigLane &l = lanes_[k];
    in = describe(opt_, l.spec);
    in.partial = exit_code_ != kExitOk && exit_code_ != kExitWarmupOom;
    in.stop_reason = stop_reason_;
    in.hw_cycles = l.mmu->cycles() - l.stats.hw_base;
    in.cycles_since_start = cluster_ ? total_cycles() : l.cycles();
    // SystemC time follows configuration 1; another configuration's is what its separate
    // run would reach: its own cycles (run() lets SystemC catch up with them at the end).
    in.systemc_time_ns =
        k == 0 ? sc_core::sc_time_stamp().value() / 1000 : in.cycles_since_start;   // 1 ps
    in.hal = hal_counters().since(l.stats.hal_base);
    in.host_seconds = host_end - host_start_;
    in.cpu_seconds = cpu_end - cpu_start_;
    in.run_host_seconds = host_end - run_host_start_;
    in.run_cpu_seconds = cpu_end - run_cpu_start_;
    // The MMU's own counters, after the cycle figures so that reading them is not counted.
    // Not after a divergence or an internal error: the MMU's state is suspect then.
    if (exit_code_ == kExitOk || exit_code_ == kExitWarmupOom ||
        exit_code_ == kExitInterrupted || exit_code_ == kExitSegfaultStop) {
      for (int i = 0; i < VMC_CNT_COUNT; i++)
        l.stats.mmu_counters[i] = l.mmu->reg_read(VMC_CNT_OFFSET(i));
      l.stats.have_mmu_counters = true;
      for (unsigned c = 0; cluster_ && c < cluster_->count(); c++) {
        for (int i = 0; i < VMC_CNT_COUNT; i++)
          l.stats.cores[c].mmu_counters[i] = cluster_->core(c).reg_read(VMC_CNT_OFFSET(i));
        l.stats.cores[c].have_mmu_counters = true;
      }
    }
    write_outputs(l, k, in);
  }
  const uint64_t acc = first.total_accesses();
  if (!opt_.quiet)
    std::fprintf(stderr,
                 "vmcosim: host time %.3f s, %.3f M accesses/s since the statistics began\n",
                 in.run_host_seconds,
                 in.host_seconds > 0 ? double(acc) / in.host_seconds / 1e6 : 0.0);
}

// Configuration k's summary and files: --stats, and --outdir's summary and configuration
// (a single run only). A file that cannot be written makes the exit code kExitOutput.
void CosimTop::write_outputs(const ConfigLane &l, size_t k, const RunInfo &in) {
  // With --stats - (of any configuration) the JSON has standard output to itself, and the
  // summaries move to stderr.
  bool json_out = false;
  for (const ConfigLane &c : lanes_) json_out = json_out || c.spec.stats == "-";
  FILE *out = json_out ? stderr : stdout;
  if (!opt_.quiet && lanes_.size() > 1)
    std::fprintf(out, "%sconfiguration %zu of %zu:\n", k ? "\n" : "", k + 1, lanes_.size());
  if (!opt_.quiet) print_summary(l.stats, in, out);
  std::string why;
  if (!l.spec.stats.empty() && !write_json(l.stats, in, l.spec.stats, why)) {
    std::fprintf(stderr, "vmcosim: %s--stats %s\n",
                 lanes_.size() > 1 ? ("configuration " + std::to_string(k + 1) + ": ").c_str()
                                   : "",
                 why.c_str());
    if (exit_code_ == kExitOk || exit_code_ == kExitWarmupOom) exit_code_ = kExitOutput;
  }
  if (!opt_.outdir.empty() && (!write_summary(l.stats, in, opt_.outdir + "/summary.txt", why) ||
                               !write_config_json(in, opt_.outdir + "/config.json", why))) {
    std::fprintf(stderr, "vmcosim: --outdir %s\n", why.c_str());
    if (exit_code_ == kExitOk || exit_code_ == kExitWarmupOom) exit_code_ = kExitOutput;
  }
}

}  // namespace vmcsim
