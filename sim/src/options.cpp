#include "options.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include "config_file.h"
#include "rtl_mmu.h"
#include "vmcutil/number.h"

namespace vmcsim {

namespace {

const char kUsage[] =
    "usage: vmcosim [options] TRACE\n"
    "Replays a vmcosim trace through the MMU and the firmware's memory manager and reports\n"
    "TLB, walk and fault statistics. Exit status: 0 ok, 1 internal error, 2 bad usage,\n"
    "3 bad or unreadable trace, 4 lockstep divergence, 5 run stopped by --segfault=stop,\n"
    "6 cannot write an output, 130 interrupted (statistics written, marked partial).\n"
    "\n"
    "Mode and MMU:\n"
    "  --mode rtl|functional|lockstep   the Verilated RTL, the reference model, or both\n"
    "                                   compared response by response          [rtl]\n"
    "  --itlb GEOMETRY                  instruction TLB                         [1x32:plru]\n"
    "  --dtlb GEOMETRY                  data TLB                                [1x32:plru]\n"
    "  --l2tlb GEOMETRY|none            unified level-2 TLB                     [64x4:lru]\n"
    "                                   GEOMETRY: SETSxWAYS:POLICY or ENTRIESeWAYSw:POLICY\n"
    "                                   (256e4w:lru = 64x4:lru), POLICY lru|plru|fifo|random\n"
    "  --walk-cache N                   walk-cache entries, 0 for none          [8]\n"
    "Machine and firmware:\n"
    "  --layout liteos|linux            address-space layout profile            [liteos]\n"
    "  --large-pages                    firmware maps 64 KiB pages where aligned [off]\n"
    "  --ram-size SIZE                  RAM bytes, a multiple of 1M (K, M, G suffixes) [64M]\n"
    "  --ram-base ADDR                  physical address of RAM                [0x80000000]\n"
    "  --mem-latency N|MIN..MAX         walker read latency in cycles, fixed or uniform [10]\n"
    "  --seed N                         seed of the latency draws              [1]\n"
    "  --fw-mem-cycles N                firmware cycles per word of a HAL memory access [2]\n"
    "  --fw-reg-cycles N                firmware cycles per register access     [4]\n"
    "  --fw-barrier-cycles N            firmware cycles per DSB/ISB             [8]\n"
    "  --fw-entry-cycles N              abort entry cycles                      [60]\n"
    "  --fw-exit-cycles N               abort exit cycles                       [40]\n"
    "  --segfault skip-process|stop|continue\n"
    "                                   after a refused fault: skip the process's remaining\n"
    "                                   accesses, stop the run, or skip the access [skip-process]\n"
    "Outputs:\n"
    "  --stats FILE                     write the statistics as JSON (docs/stats-schema.json);\n"
    "                                   - for standard output (the summary goes to stderr) [none]\n"
    "  --host-stats                     include host time and speed in the JSON, timed\n"
    "                                   like the statistics (after boot and warm-up)  [off]\n"
    "  --quiet                          no summary, no host-time line            [off]\n"
    "  --warmup N                       reset the statistics after the N-th trace access,\n"
    "                                   as a warmup_end marker there would; 0 off [0]\n"
    "  --frag-every N                   also snapshot the buddy free lists every N trace\n"
    "                                   accesses (besides markers and the end); 0 off [0]\n"
    "  --outdir DIR                     write the run's files into DIR (made if missing):\n"
    "                                   stats.json (unless --stats), summary.txt, config.json\n"
    "                                   (for --config), and --wave FILE when FILE is relative [none]\n"
    "  --config FILE                    settings from JSON with the keys of the statistics'\n"
    "                                   config (or a statistics file); they apply where the\n"
    "                                   option stands, so later options override them [none]\n"
    "  --wave FILE                      waveform of the RTL (.fst, or .vcd via fst2vcd) [none]\n"
    "  --wave-format fst|vcd            waveform format                 [from the extension]\n"
    "  --wave-window FROM:TO            dump simulated cycles FROM..TO-1 only [whole run]\n"
    "  --wave-trigger KIND[:K]          dump around the K-th fault|miss|maint|divergence [none]\n"
    "  --wave-around N                  cycles before and after the trigger     [200]\n"
    "Simulation:\n"
    "  --quantum N                      cycles between yields to the SystemC kernel [10000]\n"
    "  --double-hit-check auto|on|off   RTL assertion that no TLB set has two matching ways\n"
    "                                   (the answer is the same either way); auto is on in\n"
    "                                   lockstep mode, off in rtl mode (12% faster) [auto]\n"
    "  --skip-idle on|off               clock the RTL once over a walk's memory wait (same\n"
    "                                   results; off while a waveform is dumped)  [on]\n"
    "  --inject-divergence N            testing aid: in lockstep mode, invalidate the model's\n"
    "                                   TLBs (not the RTL's) after request N     [off]\n"
    "  --wave-only                      internal: the re-run that writes a triggered window [off]\n"
    "  --help, --version                this text; the version                  (exit 0)\n";

struct Bad : std::runtime_error {
  using std::runtime_error::runtime_error;
};

[[noreturn]] void bad(const std::string &opt, const std::string &val, const std::string &why) {
  throw Bad(opt + " " + val + ": " + why);
}

// Every number option goes through the project's one parser (vmcutil/number.h): decimal or
// 0x hex, never octal, no space or sign; K/M/G (powers of 1024) only where suffixes is set.
uint64_t parse_u64(const std::string &opt, const std::string &s, uint64_t max,
                   bool suffixes = false) {
  uint64_t v = 0;
  const vmc_num_status st = vmc_parse_u64_span(
      s.data(), s.size(), suffixes ? VMC_NUM_SUFFIX_BINARY : VMC_NUM_NO_SUFFIX, max, &v);
  char why[96];
  if (st != VMC_NUM_OK) bad(opt, "'" + s + "'", vmc_num_reason(st, max, why, sizeof why));
  return v;
}

void parse_tlb(const std::string &opt, const std::string &s, vmc_tlb_geom &g, bool may_be_none) {
  char err[160];
  vmc_tlb_geom t{};
  if (vmc_mmu_config_parse_tlb(s.c_str(), &t, err, sizeof err) != 0) bad(opt, "'" + s + "'", err);
  if (!may_be_none && t.sets == 0) bad(opt, "'" + s + "'", "this TLB cannot be absent");
  g = t;
}

}  // namespace

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
  std::string wave_format;
  // --config FILE's settings are spliced in as options where it stands (later options win);
  // from[i] names the file, line and key an argument came from, for messages.
  std::vector<std::string> args(argv + 1, argv + argc), from(args.size());
  std::string origin, config_trace;
  try {
    for (size_t i = 0; i < args.size(); i++) {
      std::string a = args[i];
      origin = from[i];
      std::string val;
      const size_t eq = a.find('=');
      const bool has_eq = a.rfind("--", 0) == 0 && eq != std::string::npos;
      if (has_eq) {
        val = a.substr(eq + 1);
        a = a.substr(0, eq);
      }
      auto flag = [&] {
        if (has_eq) bad(a, "'" + val + "'", "takes no value");
      };
      auto value = [&]() -> std::string {
        if (has_eq) return val;
        if (i + 1 >= args.size()) throw Bad(a + ": missing value");
        return args[++i];
      };
      if (a == "--help" || a == "-h") {
        std::fputs(kUsage, stdout);
        return 1;
      } else if (a == "--version") {
        std::puts("vmcosim " VMCOSIM_VERSION);
        return 1;
      } else if (a == "--mode") {
        const std::string v = value();
        if (v == "rtl") o.mode = Mode::Rtl;
        else if (v == "functional") o.mode = Mode::Functional;
        else if (v == "lockstep") o.mode = Mode::Lockstep;
        else bad(a, "'" + v + "'", "not rtl, functional or lockstep");
      } else if (a == "--itlb") {
        parse_tlb(a, value(), o.mmu.itlb, false);
      } else if (a == "--dtlb") {
        parse_tlb(a, value(), o.mmu.dtlb, false);
      } else if (a == "--l2tlb") {
        parse_tlb(a, value(), o.mmu.l2tlb, true);
      } else if (a == "--walk-cache") {
        o.mmu.walk_cache_entries = uint32_t(parse_u64(a, value(), VMC_MODEL_MAX_WCACHE));
      } else if (a == "--layout") {
        const std::string v = value();
        if (v == "liteos") o.layout = 0;
        else if (v == "linux") o.layout = 1;
        else bad(a, "'" + v + "'", "not liteos or linux");
      } else if (a == "--large-pages") {
        flag();
        o.large_pages = true;
      } else if (a == "--ram-size") {
        const std::string v = value();
        const uint64_t s = parse_u64(a, v, 1ull << 32, true);
        if (s == 0 || (s & 0xFFFFF) || s > 0xFFF00000ull)
          bad(a, "'" + v + "'", "must be a non-zero multiple of 1 MiB below 4 GiB");
        o.ram_size = uint32_t(s);
      } else if (a == "--ram-base") {
        const std::string v = value();
        const uint64_t b = parse_u64(a, v, 0xFFFFFFFFull);
        if (b & 0xFFFFF) bad(a, "'" + v + "'", "must be 1 MiB aligned");
        o.ram_base = uint32_t(b);
      } else if (a == "--mem-latency") {
        const std::string v = value();
        const size_t dots = v.find("..");
        if (dots == std::string::npos) {
          o.lat_min = o.lat_max = unsigned(parse_u64(a, v, 100000));
        } else {
          o.lat_min = unsigned(parse_u64(a, v.substr(0, dots), 100000));
          o.lat_max = unsigned(parse_u64(a, v.substr(dots + 2), 100000));
        }
        if (o.lat_min < 1) bad(a, "'" + v + "'", "latency must be at least 1 cycle");
        if (o.lat_max < o.lat_min) bad(a, "'" + v + "'", "MAX is below MIN");
      } else if (a == "--seed") {
        o.seed = parse_u64(a, value(), UINT64_MAX);
      } else if (a == "--fw-mem-cycles") {
        o.cost.mem_word = unsigned(parse_u64(a, value(), 1000000));
      } else if (a == "--fw-reg-cycles") {
        o.cost.reg = unsigned(parse_u64(a, value(), 1000000));
      } else if (a == "--fw-barrier-cycles") {
        o.cost.barrier = unsigned(parse_u64(a, value(), 1000000));
      } else if (a == "--fw-entry-cycles") {
        o.cost.exc_entry = unsigned(parse_u64(a, value(), 1000000));
      } else if (a == "--fw-exit-cycles") {
        o.cost.exc_exit = unsigned(parse_u64(a, value(), 1000000));
      } else if (a == "--segfault") {
        const std::string v = value();
        if (v == "skip-process") o.segfault = SegfaultPolicy::SkipProcess;
        else if (v == "stop") o.segfault = SegfaultPolicy::Stop;
        else if (v == "continue") o.segfault = SegfaultPolicy::Continue;
        else bad(a, "'" + v + "'", "not skip-process, stop or continue");
      } else if (a == "--config") {
        const std::string file = value();
        size_t at = i + 1;
        for (const ConfigSetting &c : read_config_file(file)) {
          args.insert(args.begin() + long(at), c.args.begin(), c.args.end());
          from.insert(from.begin() + long(at), c.args.size(), c.origin + ": ");
          at += c.args.size();
        }
      } else if (a == "--outdir") {
        o.outdir = value();
        if (o.outdir.empty()) bad(a, "''", "empty folder name");
      } else if (a == "--stats") {
        o.stats = value();
        if (o.stats.empty()) bad(a, "''", "empty file name");
      } else if (a == "--host-stats") {
        flag();
        o.host_stats = true;
      } else if (a == "--quiet") {
        flag();
        o.quiet = true;
      } else if (a == "--double-hit-check") {
        const std::string v = value();
        if (v == "auto") o.double_hit_check = -1;
        else if (v == "on") o.double_hit_check = 1;
        else if (v == "off") o.double_hit_check = 0;
        else bad(a, "'" + v + "'", "not auto, on or off");
      } else if (a == "--skip-idle") {
        const std::string v = value();
        if (v == "on") o.skip_idle = true;
        else if (v == "off") o.skip_idle = false;
        else bad(a, "'" + v + "'", "not on or off");
      } else if (a == "--warmup") {
        o.warmup = parse_u64(a, value(), UINT64_MAX);
      } else if (a == "--frag-every") {
        o.frag_every = parse_u64(a, value(), UINT64_MAX);
      } else if (a == "--wave") {
        o.wave = value();
        if (o.wave.empty()) bad(a, "''", "empty file name");
      } else if (a == "--wave-format") {
        wave_format = value();
        if (wave_format != "fst" && wave_format != "vcd")
          bad(a, "'" + wave_format + "'", "not fst or vcd");
      } else if (a == "--wave-window") {
        const std::string v = value();
        const size_t c = v.find(':');
        if (c == std::string::npos) bad(a, "'" + v + "'", "not FROM:TO");
        o.wave_from = parse_u64(a, v.substr(0, c), UINT64_MAX);
        o.wave_to = parse_u64(a, v.substr(c + 1), UINT64_MAX);
        if (o.wave_to <= o.wave_from) bad(a, "'" + v + "'", "TO must be above FROM");
        o.wave_window = true;
      } else if (a == "--wave-trigger") {
        const std::string v = value();
        const size_t c = v.find(':');
        const std::string k = v.substr(0, c);
        if (k == "fault") o.wave_trigger = WaveTrigger::Fault;
        else if (k == "miss") o.wave_trigger = WaveTrigger::Miss;
        else if (k == "maint") o.wave_trigger = WaveTrigger::Maint;
        else if (k == "divergence") o.wave_trigger = WaveTrigger::Divergence;
        else bad(a, "'" + v + "'", "not fault, miss, maint or divergence");
        if (c != std::string::npos) o.wave_k = parse_u64(a, v.substr(c + 1), UINT64_MAX);
        if (o.wave_k == 0) bad(a, "'" + v + "'", "K counts from 1");
      } else if (a == "--wave-around") {
        o.wave_around = parse_u64(a, value(), 1000000000);
      } else if (a == "--wave-only") {   // internal: the re-run of a triggered window
        flag();
        o.wave_only = true;
      } else if (a == "--inject-divergence") {   // testing aid, see docs/cosim.md
        o.inject_divergence = parse_u64(a, value(), UINT64_MAX);
      } else if (a == "--quantum") {
        o.quantum = parse_u64(a, value(), 1000000000);
        if (o.quantum == 0) bad(a, "'0'", "must be at least 1");
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
    if (!o.outdir.empty()) {   // outputs not named otherwise go into the run's folder
      if (o.stats.empty()) o.stats = o.outdir + "/stats.json";
      if (!o.wave.empty() && o.wave[0] != '/') o.wave = o.outdir + "/" + o.wave;
    }
    char err[200];
    const vmc_mmu_limits lim = RtlMmu::limits();
    if (vmc_mmu_config_check(&o.mmu, o.mode == Mode::Functional ? nullptr : &lim, err,
                             sizeof err) != 0) {
      // Name the option behind the field the check refused ("itlb.entries = ...").
      const std::string e = err;
      const char *opt = e.rfind("itlb", 0) == 0 ? "--itlb" : e.rfind("dtlb", 0) == 0 ? "--dtlb"
                        : e.rfind("l2tlb", 0) == 0 ? "--l2tlb"
                        : e.rfind("walk_cache", 0) == 0 ? "--walk-cache" : "TLB configuration";
      throw Bad(std::string(opt) + ": " + e +
                (o.mode != Mode::Functional && e.find("maximum") != std::string::npos
                     ? " (of this RTL build; --mode functional has no such limit)"
                     : ""));
    }
    if (uint64_t(o.ram_base) + o.ram_size > (1ull << 32))
      throw Bad("--ram-base/--ram-size: RAM must end at or below 4 GiB");
    if (!o.wave.empty()) {
      if (o.mode == Mode::Functional) throw Bad("--wave: functional mode has no RTL to trace");
      const bool ext_vcd = o.wave.size() > 4 && o.wave.compare(o.wave.size() - 4, 4, ".vcd") == 0;
      o.wave_vcd = wave_format.empty() ? ext_vcd : wave_format == "vcd";
    } else if (o.wave_window || o.wave_trigger != WaveTrigger::None || !wave_format.empty()) {
      throw Bad("--wave-window, --wave-trigger and --wave-format need --wave FILE");
    }
    if (o.wave_window && o.wave_trigger != WaveTrigger::None)
      throw Bad("--wave-window and --wave-trigger: choose one");
    if (o.inject_divergence && o.mode != Mode::Lockstep)
      throw Bad("--inject-divergence: needs --mode lockstep");
    if (o.wave_trigger == WaveTrigger::Divergence && o.mode != Mode::Lockstep)
      throw Bad("--wave-trigger divergence: needs --mode lockstep");
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
