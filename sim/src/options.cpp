#include "options.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <initializer_list>
#include <stdexcept>
#include <utility>

#include "config_file.h"
#include "rtl_mmu.h"
#include "vmcutil/number.h"

namespace vmcsim {

namespace {

const char kIntro[] =
    "usage: vmcosim [options] TRACE\n"
    "Replays a vmcosim trace through the MMU and the firmware's memory manager and reports\n"
    "TLB, walk and fault statistics. Exit status: 0 ok, 1 internal error, 2 bad usage,\n"
    "3 bad or unreadable trace, 4 lockstep divergence, 5 run stopped by --segfault=stop,\n"
    "6 cannot write an output, 130 interrupted (statistics written, marked partial).\n"
    "\n";

struct Bad : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The option being applied (as given, with its value), and what the parse keeps across
// options.
struct Arg {
  std::string opt, val;
  std::string where;                            // "configuration K: " in a set, else ""
  std::string wave_format;                      // --wave-format, checked after the loop
  std::vector<std::string> *args, *from;        // the arguments, and where each came from
  size_t next;                                  // index of the argument after this option
  // --config: its settings become the arguments right after it, parsed next (so later
  // options win).
  void splice(const std::vector<ConfigSetting> &settings) {
    size_t at = next;
    for (const ConfigSetting &c : settings) {
      args->insert(args->begin() + long(at), c.args.begin(), c.args.end());
      from->insert(from->begin() + long(at), c.args.size(), c.origin + ": ");
      at += c.args.size();
    }
  }
};

[[noreturn]] void bad_value(const Arg &a, const std::string &shown, const std::string &why) {
  throw Bad(a.where + a.opt + " '" + shown + "': " + why);
}
[[noreturn]] void bad(const Arg &a, const std::string &why) { bad_value(a, a.val, why); }

// Every number option goes through the project's one parser (vmcutil/number.h): decimal or
// 0x hex, never octal, no space or sign; K/M/G (powers of 1024) only where suffixes is set.
// s is the option's value or a part of it, which a refusal names.
uint64_t number(const Arg &a, const std::string &s, uint64_t max, bool suffixes = false) {
  uint64_t v = 0;
  const vmc_num_status st = vmc_parse_u64_span(
      s.data(), s.size(), suffixes ? VMC_NUM_SUFFIX_BINARY : VMC_NUM_NO_SUFFIX, max, &v);
  char why[96];
  if (st != VMC_NUM_OK) bad_value(a, s, vmc_num_reason(st, max, why, sizeof why));
  return v;
}

// One of the words of a choice option (key: the value, or the part of it that names the
// choice); else "not A, B or C".
template <class T>
T choose(const Arg &a, std::initializer_list<std::pair<const char *, T>> words,
         const std::string &key) {
  std::string list;
  size_t i = 0;
  for (const auto &w : words) {
    if (key == w.first) return w.second;
    list += (i == 0 ? "" : i + 1 == words.size() ? " or " : ", ") + std::string(w.first);
    i++;
  }
  bad(a, "not " + list);
}
template <class T>
T choose(const Arg &a, std::initializer_list<std::pair<const char *, T>> words) {
  return choose(a, words, a.val);
}

// A --fw-*-cycles value.
unsigned fw_cycles(const Arg &a) { return unsigned(number(a, a.val, 1000000)); }

void parse_tlb(const Arg &a, vmc_tlb_geom &g, bool may_be_none) {
  char err[160];
  vmc_tlb_geom t{};
  if (vmc_mmu_config_parse_tlb(a.val.c_str(), &t, err, sizeof err) != 0) bad(a, err);
  if (!may_be_none && t.sets == 0) bad(a, "this TLB cannot be absent");
  g = t;
}

// The options that belong to one configuration of a configuration set (ConfigSpec); the
// others are shared by the whole set.
bool per_configuration(const std::string &name) {
  for (const char *n : {"--itlb", "--dtlb", "--l2tlb", "--walk-cache", "--mem-latency", "--stats"})
    if (name == n) return true;
  return false;
}

ConfigSpec current_config(const Options &o) { return {o.mmu, o.lat_min, o.lat_max, o.stats}; }

// Every option: its name, its value's placeholder (nullptr: a flag), its help text (the
// lines of the help's right column) and what it sets. Rows without a name are the help's
// headings, printed as they stand.
struct OptionSpec {
  const char *name, *arg, *help;
  void (*apply)(Options &o, Arg &a);
};

const OptionSpec kOptions[] = {
    {nullptr, nullptr, "Mode and MMU:", nullptr},
    {"--mode", "rtl|functional|lockstep",
     "the Verilated RTL, the reference model, or both\n"
     "compared response by response          [rtl]",
     [](Options &o, Arg &a) {
       o.mode = choose<Mode>(
           a, {{"rtl", Mode::Rtl}, {"functional", Mode::Functional}, {"lockstep", Mode::Lockstep}});
     }},
    {"--itlb", "GEOMETRY",
     "instruction TLB                         [1x32:plru]",
     [](Options &o, Arg &a) { parse_tlb(a, o.mmu.itlb, false); }},
    {"--dtlb", "GEOMETRY",
     "data TLB                                [1x32:plru]",
     [](Options &o, Arg &a) { parse_tlb(a, o.mmu.dtlb, false); }},
    {"--l2tlb", "GEOMETRY|none",
     "unified level-2 TLB                     [64x4:lru]\n"
     "GEOMETRY: SETSxWAYS:POLICY or ENTRIESeWAYSw:POLICY\n"
     "(256e4w:lru = 64x4:lru), POLICY lru|plru|fifo|random",
     [](Options &o, Arg &a) { parse_tlb(a, o.mmu.l2tlb, true); }},
    {"--walk-cache", "N",
     "walk-cache entries, 0 for none          [8]",
     [](Options &o, Arg &a) {
       o.mmu.walk_cache_entries = uint32_t(number(a, a.val, VMC_MODEL_MAX_WCACHE));
     }},
    {"--next-configuration", nullptr,
     "start the next configuration of a set simulated in\n"
     "one pass (functional mode): --itlb, --dtlb, --l2tlb,\n"
     "--walk-cache, --mem-latency and --stats after it are\n"
     "its own (defaults otherwise); the rest is shared [off]",
     [](Options &o, Arg &) {
       o.more_configs.push_back(current_config(o));   // the finished one; sorted out at the end
       vmc_mmu_config_default(&o.mmu);
       o.lat_min = o.lat_max = 10;
       o.stats.clear();
     }},
    {nullptr, nullptr, "Machine and firmware:", nullptr},
    {"--cores", "N",
     "cores, 1 to 8, each with its own MMU; the trace's\n"
     "core field routes each record                [1]",
     [](Options &o, Arg &a) {
       o.cores = unsigned(number(a, a.val, 8));
       if (o.cores < 1) bad(a, "at least 1 core");
     }},
    {"--shootdown-cycles", "N",
     "cycles each other core loses per broadcast TLB\n"
     "command; the issuing core waits for them  [100]",
     [](Options &o, Arg &a) { o.shootdown_cycles = unsigned(number(a, a.val, 1000000)); }},
    {"--l2tlb-shared", nullptr,
     "--cores 2 or more: one level-2 TLB for every core\n"
     "(RTL and lockstep modes run the mmu_cluster) [off]",
     [](Options &o, Arg &) { o.l2tlb_shared = true; }},
    {"--rtl-cluster", nullptr,
     "RTL and lockstep modes, --cores 2 or more: one\n"
     "Verilated mmu_cluster (one clock, the hardware's\n"
     "broadcast) instead of one mmu_top per core [off]",
     [](Options &o, Arg &) { o.rtl_cluster = true; }},
    {"--layout", "liteos|linux",
     "address-space layout profile            [liteos]",
     [](Options &o, Arg &a) { o.layout = choose<int>(a, {{"liteos", 0}, {"linux", 1}}); }},
    {"--large-pages", nullptr,
     "firmware maps 64 KiB pages where aligned [off]",
     [](Options &o, Arg &) { o.large_pages = true; }},
    {"--ram-size", "SIZE",
     "RAM bytes, a multiple of 1M (K, M, G suffixes) [64M]",
     [](Options &o, Arg &a) {
       const uint64_t s = number(a, a.val, 1ull << 32, true);
       if (s == 0 || (s & 0xFFFFF) || s > 0xFFF00000ull)
         bad(a, "must be a non-zero multiple of 1 MiB below 4 GiB");
       o.ram_size = uint32_t(s);
     }},
    {"--ram-base", "ADDR",
     "physical address of RAM                [0x80000000]",
     [](Options &o, Arg &a) {
       const uint64_t b = number(a, a.val, 0xFFFFFFFFull);
       if (b & 0xFFFFF) bad(a, "must be 1 MiB aligned");
       o.ram_base = uint32_t(b);
     }},
    {"--mem-latency", "N|MIN..MAX",
     "walker read latency in cycles, fixed or uniform [10]",
     [](Options &o, Arg &a) {
       const size_t dots = a.val.find("..");
       if (dots == std::string::npos) {
         o.lat_min = o.lat_max = unsigned(number(a, a.val, 100000));
       } else {
         o.lat_min = unsigned(number(a, a.val.substr(0, dots), 100000));
         o.lat_max = unsigned(number(a, a.val.substr(dots + 2), 100000));
       }
       if (o.lat_min < 1) bad(a, "latency must be at least 1 cycle");
       if (o.lat_max < o.lat_min) bad(a, "MAX is below MIN");
     }},
    {"--seed", "N",
     "seed of the latency draws              [1]",
     [](Options &o, Arg &a) { o.seed = number(a, a.val, UINT64_MAX); }},
    {"--fw-mem-cycles", "N",
     "firmware cycles per word of a HAL memory access [2]",
     [](Options &o, Arg &a) { o.cost.mem_word = fw_cycles(a); }},
    {"--fw-reg-cycles", "N",
     "firmware cycles per register access     [4]",
     [](Options &o, Arg &a) { o.cost.reg = fw_cycles(a); }},
    {"--fw-barrier-cycles", "N",
     "firmware cycles per DSB/ISB             [8]",
     [](Options &o, Arg &a) { o.cost.barrier = fw_cycles(a); }},
    {"--fw-entry-cycles", "N",
     "abort entry cycles                      [60]",
     [](Options &o, Arg &a) { o.cost.exc_entry = fw_cycles(a); }},
    {"--fw-exit-cycles", "N",
     "abort exit cycles                       [40]",
     [](Options &o, Arg &a) { o.cost.exc_exit = fw_cycles(a); }},
    {"--segfault", "skip-process|stop|continue",
     "after a refused fault: skip the process's remaining\n"
     "accesses, stop the run, or skip the access [skip-process]",
     [](Options &o, Arg &a) {
       o.segfault = choose<SegfaultPolicy>(a, {{"skip-process", SegfaultPolicy::SkipProcess},
                                               {"stop", SegfaultPolicy::Stop},
                                               {"continue", SegfaultPolicy::Continue}});
     }},
    {nullptr, nullptr, "Outputs:", nullptr},
    {"--stats", "FILE",
     "write the statistics as JSON (docs/stats-schema.json);\n"
     "- for standard output (the summary goes to stderr) [none]",
     [](Options &o, Arg &a) {
       o.stats = a.val;
       if (o.stats.empty()) bad(a, "empty file name");
     }},
    {"--host-stats", nullptr,
     "include host time and speed in the JSON, timed\n"
     "like the statistics (after boot and warm-up)  [off]",
     [](Options &o, Arg &) { o.host_stats = true; }},
    {"--quiet", nullptr,
     "no summary, no host-time line            [off]",
     [](Options &o, Arg &) { o.quiet = true; }},
    {"--warmup", "N",
     "reset the statistics after the N-th trace access,\n"
     "as a warmup_end marker there would; 0 off [0]",
     [](Options &o, Arg &a) { o.warmup = number(a, a.val, UINT64_MAX); }},
    {"--frag-every", "N",
     "also snapshot the buddy free lists every N trace\n"
     "accesses (besides markers and the end); 0 off [0]",
     [](Options &o, Arg &a) { o.frag_every = number(a, a.val, UINT64_MAX); }},
    {"--outdir", "DIR",
     "write the run's files into DIR (made if missing):\n"
     "stats.json (unless --stats), summary.txt, config.json\n"
     "(for --config), and --wave FILE when FILE is relative [none]",
     [](Options &o, Arg &a) {
       o.outdir = a.val;
       if (o.outdir.empty()) bad(a, "empty folder name");
     }},
    {"--config", "FILE",
     "settings from JSON with the keys of the statistics'\n"
     "config (or a statistics file); they apply where the\n"
     "option stands, so later options override them [none]",
     [](Options &, Arg &a) { a.splice(read_config_file(a.val)); }},
    {"--wave", "FILE",
     "waveform of the RTL (.fst, or .vcd via fst2vcd; a scope per core) [none]",
     [](Options &o, Arg &a) {
       o.wave = a.val;
       if (o.wave.empty()) bad(a, "empty file name");
     }},
    {"--wave-format", "fst|vcd",
     "waveform format                 [from the extension]",
     [](Options &, Arg &a) {
       a.wave_format = choose<const char *>(a, {{"fst", "fst"}, {"vcd", "vcd"}});
     }},
    {"--wave-window", "FROM:TO",
     "dump simulated cycles FROM..TO-1 only [whole run]",
     [](Options &o, Arg &a) {
       const size_t c = a.val.find(':');
       if (c == std::string::npos) bad(a, "not FROM:TO");
       o.wave_from = number(a, a.val.substr(0, c), UINT64_MAX);
       o.wave_to = number(a, a.val.substr(c + 1), UINT64_MAX);
       if (o.wave_to <= o.wave_from) bad(a, "TO must be above FROM");
       o.wave_window = true;
     }},
    {"--wave-trigger", "KIND[:K]",
     "dump around the K-th fault|miss|maint|divergence [none]",
     [](Options &o, Arg &a) {
       const size_t c = a.val.find(':');
       o.wave_trigger = choose<WaveTrigger>(
           a, {{"fault", WaveTrigger::Fault}, {"miss", WaveTrigger::Miss},
               {"maint", WaveTrigger::Maint}, {"divergence", WaveTrigger::Divergence}},
           a.val.substr(0, c));
       if (c != std::string::npos) o.wave_k = number(a, a.val.substr(c + 1), UINT64_MAX);
       if (o.wave_k == 0) bad(a, "K counts from 1");
     }},
    {"--wave-around", "N",
     "cycles before and after the trigger     [200]",
     [](Options &o, Arg &a) { o.wave_around = number(a, a.val, 1000000000); }},
    {nullptr, nullptr, "Simulation:", nullptr},
    {"--quantum", "N",
     "cycles between yields to the SystemC kernel [10000]",
     [](Options &o, Arg &a) {
       o.quantum = number(a, a.val, 1000000000);
       if (o.quantum == 0) bad_value(a, "0", "must be at least 1");
     }},
    {"--double-hit-check", "auto|on|off",
     "RTL assertion that no TLB set has two matching ways\n"
     "(the answer is the same either way); auto is on in\n"
     "lockstep mode, off in rtl mode (12% faster) [auto]",
     [](Options &o, Arg &a) {
       o.double_hit_check = choose<int>(a, {{"auto", -1}, {"on", 1}, {"off", 0}});
     }},
    {"--skip-idle", "on|off",
     "clock the RTL once over a walk's memory wait (same\n"
     "results; off while a waveform is dumped)  [on]",
     [](Options &o, Arg &a) { o.skip_idle = choose<bool>(a, {{"on", true}, {"off", false}}); }},
    {"--inject-divergence", "N",
     "testing aid: in lockstep mode, invalidate the model's\n"
     "TLBs (not the RTL's) after request N     [off]",
     [](Options &o, Arg &a) { o.inject_divergence = number(a, a.val, UINT64_MAX); }},
    {"--inject-local-shootdown", nullptr,
     "testing aid: with --cores 2 or more, a broadcast TLB\n"
     "command acts on the issuing core only (stale entries stay)",
     [](Options &o, Arg &) { o.inject_local_shootdown = true; }},
    {"--wave-only", nullptr,
     "internal: the re-run that writes a triggered window [off]",
     [](Options &o, Arg &) { o.wave_only = true; }},
    {"--wave-keep-cores", nullptr,
     "internal: also keep each core's own dump as WAVE.coreK.fst (tests of the merge) [off]",
     [](Options &o, Arg &) { o.wave_keep_cores = true; }},
    {nullptr, nullptr,
     "  --help, --version                this text; the version                  (exit 0)", nullptr},

};

// The help: the intro, then each row, the option and its placeholder in a column of 33
// characters (alone on its line when longer), the help text beside and under it.
void print_usage(FILE *out) {
  std::fputs(kIntro, out);
  constexpr int kColumn = 33;
  for (const OptionSpec &s : kOptions) {
    if (!s.name) {
      std::fprintf(out, "%s\n", s.help);
      continue;
    }
    const std::string left = std::string(s.name) + (s.arg ? std::string(" ") + s.arg : "");
    std::fprintf(out, "  %-*s", kColumn, left.c_str());
    if (int(left.size()) >= kColumn) std::fprintf(out, "\n  %-*s", kColumn, "");
    for (const char *p = s.help; *p; p++) {
      std::fputc(*p, out);
      if (*p == '\n') std::fprintf(out, "  %-*s", kColumn, "");
    }
    std::fputc('\n', out);
  }
}

// The TLB configuration as a whole (where is "configuration K: " in a set, else "").
void check_mmu_config(const Options &o, const vmc_mmu_config &mmu, const std::string &where) {
  char err[200];
  const vmc_mmu_limits lim = RtlMmu::limits();
  if (vmc_mmu_config_check(&mmu, o.mode == Mode::Functional ? nullptr : &lim, err, sizeof err) ==
      0)
    return;
  // Name the option behind the field the check refused ("itlb.entries = ...").
  const std::string e = err;
  const char *opt = e.rfind("itlb", 0) == 0 ? "--itlb" : e.rfind("dtlb", 0) == 0 ? "--dtlb"
                    : e.rfind("l2tlb", 0) == 0 ? "--l2tlb"
                    : e.rfind("walk_cache", 0) == 0 ? "--walk-cache" : "TLB configuration";
  throw Bad(where + opt + ": " + e +
            (o.mode != Mode::Functional && e.find("maximum") != std::string::npos
                 ? " (of this RTL build; --mode functional has no such limit)"
                 : ""));
}

// A configuration set (--next-configuration): o.more_configs holds the configurations
// finished while parsing and o's own fields the last one; afterwards o's fields are
// configuration 1 and o.more_configs 2..N. What a set cannot share is refused here.
// The file an output name stands for: "-" stays itself; otherwise the name with its existing
// folders resolved (links, ".", ".."), so that "s.json", "./s.json" and "d/../s.json" are one
// file, as are two names reached through linked folders. A name that cannot be resolved stays
// as given (writing it fails later with its own message).
std::string output_file_identity(const std::string &name) {
  if (name.empty() || name == "-") return name;
  std::error_code ec;
  const std::filesystem::path absolute = std::filesystem::absolute(name, ec);
  if (ec) return name;
  const std::filesystem::path resolved = std::filesystem::weakly_canonical(absolute, ec);
  return ec ? name : resolved.string();
}

void check_configuration_set(Options &o) {
  std::vector<ConfigSpec> set = std::move(o.more_configs);
  set.push_back(current_config(o));
  o.mmu = set[0].mmu;
  o.lat_min = set[0].lat_min;
  o.lat_max = set[0].lat_max;
  o.stats = set[0].stats;
  o.more_configs.assign(set.begin() + 1, set.end());
  if (o.mode != Mode::Functional)
    throw Bad("--next-configuration: " + std::to_string(set.size()) +
              " configurations in one pass need --mode functional (rtl and lockstep run one"
              " configuration at a time)");
  if (!o.outdir.empty())
    throw Bad("--outdir: one configuration per run; give each configuration of the set its"
              " own --stats FILE");
  std::vector<std::string> file(set.size());
  for (size_t k = 0; k < set.size(); k++) file[k] = output_file_identity(set[k].stats);
  for (size_t k = 0; k < set.size(); k++) {
    for (size_t j = 0; j < k; j++) {
      if (!set[k].stats.empty() && file[k] == file[j])
        throw Bad("configurations " + std::to_string(j + 1) + " and " + std::to_string(k + 1) +
                  ": the same --stats " + set[k].stats +
                  (set[k].stats == set[j].stats ? "" : " (also named " + set[j].stats + ")"));
    }
  }
}

const OptionSpec *find_option(const std::string &name) {
  for (const OptionSpec &s : kOptions)
    if (s.name && name == s.name) return &s;
  return nullptr;
}

// --rtl-cluster and --l2tlb-shared (docs/cosim.md, Several cores). A shared L2TLB exists only
// in the Verilated cluster, so RTL and lockstep modes run that engine with it.
void check_cluster_options(const Options &o) {
  if (o.l2tlb_shared) {
    if (o.cores < 2) throw Bad("--l2tlb-shared: needs --cores 2 or more");
    if (o.mmu.l2tlb.sets == 0) throw Bad("--l2tlb-shared: needs a level-2 TLB (--l2tlb is none)");
  }
  if (o.rtl_cluster) {
    if (o.mode == Mode::Functional)
      throw Bad("--rtl-cluster: functional mode has no RTL (the model's cluster is always joined)");
    if (o.cores < 2)
      throw Bad("--rtl-cluster: needs --cores 2 or more (one core runs the lone mmu_top)");
  }
  const char *engine = o.rtl_cluster ? "--rtl-cluster" : "--l2tlb-shared";
  if (o.cluster_engine() && o.wave_trigger != WaveTrigger::None)
    throw Bad(std::string(engine) +
              " and --wave-trigger: the cluster engine writes a window (--wave-window)");
}

}  // namespace

std::vector<ConfigSpec> configuration_set(const Options &o) {
  std::vector<ConfigSpec> set{current_config(o)};
  set.insert(set.end(), o.more_configs.begin(), o.more_configs.end());
  return set;
}

const char *mode_name(Mode m) {
  return m == Mode::Rtl ? "rtl" : m == Mode::Functional ? "functional" : "lockstep";
}
const char *segfault_name(SegfaultPolicy p) {
  return p == SegfaultPolicy::SkipProcess ? "skip-process"
         : p == SegfaultPolicy::Stop     ? "stop"
                                         : "continue";
}
const char *trigger_name(WaveTrigger t) {
  switch (t) {
    case WaveTrigger::Fault: return "fault";
    case WaveTrigger::Miss: return "miss";
    case WaveTrigger::Maint: return "maint";
    case WaveTrigger::Divergence: return "divergence";
    default: return "none";
  }
}

int parse_options(int argc, char **argv, Options &o) {
  vmc_mmu_config_default(&o.mmu);
  for (int i = 0; i < argc; i++) o.argv.push_back(argv[i]);
  // --config FILE's settings are spliced in as options where it stands (later options win);
  // from[i] names the file, line and key an argument came from, for messages.
  std::vector<std::string> args(argv + 1, argv + argc), from(args.size());
  Arg cur;
  cur.args = &args;
  cur.from = &from;
  std::string origin, config_trace;
  bool several = false;   // a configuration set: messages name the configuration
  for (const std::string &a : args) several = several || a == "--next-configuration";
  try {
    for (size_t i = 0; i < args.size(); i = cur.next) {
      std::string a = args[i];
      origin = from[i];
      cur.next = i + 1;
      const size_t eq = a.find('=');
      const bool has_eq = a.rfind("--", 0) == 0 && eq != std::string::npos;
      cur.val = has_eq ? a.substr(eq + 1) : "";
      if (has_eq) a = a.substr(0, eq);
      cur.opt = a;
      cur.where = several && per_configuration(a)
                      ? "configuration " + std::to_string(o.more_configs.size() + 1) + ": "
                      : "";
      if (a == "--help" || a == "-h") {
        print_usage(stdout);
        return 1;
      }
      if (a == "--version") {
        std::puts("vmcosim " VMCOSIM_VERSION);
        return 1;
      }
      if (const OptionSpec *spec = find_option(a)) {
        if (!spec->arg && has_eq) bad(cur, "takes no value");
        if (spec->arg && !has_eq) {
          if (cur.next >= args.size()) throw Bad(cur.where + a + ": missing value");
          cur.val = args[cur.next++];
        }
        spec->apply(o, cur);
      } else if (a.size() > 1 && a[0] == '-' && a != "-") {
        throw Bad("unknown option " + a + " (see --help)");
      } else if (!origin.empty()) {
        config_trace = a;   // the command line's trace, if any, wins
      } else {
        if (!o.trace.empty()) throw Bad("more than one trace: " + o.trace + " and " + a);
        o.trace = a;
      }
    }
    origin.clear();
    if (o.trace.empty()) o.trace = config_trace;
    if (o.trace.empty()) throw Bad("no trace given (see --help)");
    if (!o.more_configs.empty()) check_configuration_set(o);
    if (!o.outdir.empty()) {   // outputs not named otherwise go into the run's folder
      if (o.stats.empty()) o.stats = o.outdir + "/stats.json";
      if (!o.wave.empty() && o.wave[0] != '/') o.wave = o.outdir + "/" + o.wave;
    }
    const std::vector<ConfigSpec> set = configuration_set(o);
    for (size_t k = 0; k < set.size(); k++)
      check_mmu_config(o, set[k].mmu,
                       set.size() > 1 ? "configuration " + std::to_string(k + 1) + ": " : "");
    if (uint64_t(o.ram_base) + o.ram_size > (1ull << 32))
      throw Bad("--ram-base/--ram-size: RAM must end at or below 4 GiB");
    if (!o.wave.empty()) {
      if (o.mode == Mode::Functional) throw Bad("--wave: functional mode has no RTL to trace");
      const bool ext_vcd = o.wave.size() > 4 && o.wave.compare(o.wave.size() - 4, 4, ".vcd") == 0;
      o.wave_vcd = cur.wave_format.empty() ? ext_vcd : cur.wave_format == "vcd";
    } else if (o.wave_window || o.wave_trigger != WaveTrigger::None || !cur.wave_format.empty()) {
      throw Bad("--wave-window, --wave-trigger and --wave-format need --wave FILE");
    }
    if (o.wave_window && o.wave_trigger != WaveTrigger::None)
      throw Bad("--wave-window and --wave-trigger: choose one");
    if (o.inject_divergence && o.mode != Mode::Lockstep)
      throw Bad("--inject-divergence: needs --mode lockstep");
    if (o.wave_trigger == WaveTrigger::Divergence && o.mode != Mode::Lockstep)
      throw Bad("--wave-trigger divergence: needs --mode lockstep");
    if (o.cores > 1 && !o.more_configs.empty())
      throw Bad("--cores " + std::to_string(o.cores) +
                " and --next-configuration: choose one (a configuration set runs one core)");
    if (o.inject_local_shootdown && o.cores < 2)
      throw Bad("--inject-local-shootdown: needs --cores 2 or more");
    check_cluster_options(o);
  } catch (const Bad &e) {
    std::fprintf(stderr, "vmcosim: %s%s\n", origin.c_str(), e.what());
    return 2;
  } catch (const ConfigError &e) {
    std::fprintf(stderr, "vmcosim: --config %s\n", e.what());
    return 2;
  }
  return 0;
}

}  // namespace vmcsim
