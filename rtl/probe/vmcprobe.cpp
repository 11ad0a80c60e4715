// vmcprobe: runs a list of accesses through the Verilated MMU over a physical-memory image and
// prints, per access, the physical address and attributes or the fault. With --check every
// answer is also computed by the reference model (vmcmodel) and any disagreement is reported
// (exit 1). Formats: docs/probe.md. Exit status: 0 ok, 1 disagreement with the model, 2 bad
// usage or input.
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>
#include <sys/stat.h>

#include "mmu_driver.h"
#include "vmcosim/mmu_model.h"
#include "vmcutil/number.h"

namespace {

using vmc::MmuDriver;
using vmc::PhysMem;
using vmc::RtlResp;

struct InputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string where(const std::string &file, unsigned line) {
  return file + ":" + std::to_string(line) + ": ";
}

// A 32-bit number: 0x hex or decimal, nothing else on the token.
bool parse_u32(const std::string &s, uint32_t &out) {
  uint64_t v = 0;
  if (vmc_parse_u64_span(s.data(), s.size(), VMC_NUM_NO_SUFFIX, 0xFFFFFFFFull, &v) != VMC_NUM_OK)
    return false;
  out = uint32_t(v);
  return true;
}

std::string trim(const std::string &s) {
  const size_t a = s.find_first_not_of(" \t\r\n");
  if (a == std::string::npos) return "";
  const size_t b = s.find_last_not_of(" \t\r\n");
  return s.substr(a, b - a + 1);
}

std::string strip_comment(const std::string &s) { return trim(s.substr(0, s.find('#'))); }

std::string lower(std::string s) {
  for (char &c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The size of the regular file at path, refusing before anything is read what cannot be an
// input: a missing file, a directory (read as empty, it gave an answer), a file above max.
uint64_t input_size(const std::string &path, uint64_t max, const char *what) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) throw InputError(path + ": cannot open: " + std::strerror(errno));
  if (S_ISDIR(st.st_mode)) throw InputError(path + ": is a directory, not " + what);
  if (S_ISREG(st.st_mode) && uint64_t(st.st_size) > max)
    throw InputError(path + ": " + std::to_string(st.st_size) + " bytes: larger than " + what +
                     " can be (at most " + std::to_string(max) + ")");
  return S_ISREG(st.st_mode) ? uint64_t(st.st_size) : 0;
}

std::vector<std::string> read_lines(const std::string &path) {
  input_size(path, 256ull << 20, "a register or access list");
  std::ifstream f(path);
  if (!f) throw InputError(path + ": cannot open: " + std::strerror(errno));
  std::vector<std::string> lines;
  std::string l;
  while (std::getline(f, l)) lines.push_back(l);
  return lines;
}

// FILE or FILE@BASE: raw little-endian bytes placed at BASE (default 0).
void load_image(const std::string &spec, PhysMem &mem) {
  std::string path = spec;
  uint32_t base = 0;
  const size_t at = spec.rfind('@');
  if (at != std::string::npos) {
    path = spec.substr(0, at);
    if (!parse_u32(spec.substr(at + 1), base))
      throw InputError("--image " + spec + ": bad base address '" + spec.substr(at + 1) + "'");
    if (base & 3u) throw InputError("--image " + spec + ": base address must be 4-byte aligned");
  }
  input_size(path, 0x100000000ull - base, "an image at this base (it must fit below 4 GiB)");
  std::ifstream f(path, std::ios::binary);
  if (!f) throw InputError(path + ": cannot open: " + std::strerror(errno));
  // Read in chunks straight into the paged memory: no copy of the whole file.
  std::vector<char> chunk(1u << 16);  // a multiple of 4: only the last chunk has a part word
  uint64_t pa = base;
  while (f) {
    f.read(chunk.data(), std::streamsize(chunk.size()));
    const size_t n = size_t(f.gcount());
    if (pa + n > 0x100000000ull)  // a FIFO or a file that grew after the size check
      throw InputError(path + ": image does not fit below 4 GiB at base " + spec.substr(at + 1));
    for (size_t i = 0; i < n; i += 4) {
      uint32_t w = 0;
      for (size_t k = 0; k < 4 && i + k < n; k++)
        w |= uint32_t(static_cast<unsigned char>(chunk[i + k])) << (8 * k);
      mem.write32(uint32_t(pa + i), w);
    }
    pa += n;
  }
  if (f.bad()) throw InputError(path + ": read error: " + std::strerror(errno));
}

struct Regs {
  uint32_t sctlr = MMU_SCTLR_M, ttbr0 = 0, ttbr1 = 0, ttbcr = 0, dacr = 0, contextidr = 0;
};

Regs load_regs(const std::string &path) {
  Regs r;
  const std::vector<std::string> lines = read_lines(path);
  for (unsigned i = 0; i < lines.size(); i++) {
    const std::string l = strip_comment(lines[i]);
    if (l.empty()) continue;
    const size_t eq = l.find('=');
    if (eq == std::string::npos) throw InputError(where(path, i + 1) + "expected 'name = value'");
    const std::string key = lower(trim(l.substr(0, eq)));
    const std::string val = trim(l.substr(eq + 1));
    uint32_t v;
    if (!parse_u32(val, v)) throw InputError(where(path, i + 1) + "bad number '" + val + "'");
    if (key == "sctlr") r.sctlr = v;
    else if (key == "ttbr0") r.ttbr0 = v;
    else if (key == "ttbr1") r.ttbr1 = v;
    else if (key == "ttbcr") r.ttbcr = v;
    else if (key == "dacr") r.dacr = v;
    else if (key == "contextidr") r.contextidr = v;
    else throw InputError(where(path, i + 1) + "unknown register '" + key +
                          "' (sctlr, ttbr0, ttbr1, ttbcr, dacr, contextidr)");
  }
  return r;
}

struct Access {
  uint32_t va;
  vmc_access_kind kind;
  bool priv;
};

std::vector<Access> load_accesses(const std::string &path) {
  std::vector<Access> out;
  const std::vector<std::string> lines = read_lines(path);
  for (unsigned i = 0; i < lines.size(); i++) {
    const std::string l = strip_comment(lines[i]);
    if (l.empty()) continue;
    std::istringstream ss(l);
    std::string va, kind, mode, extra;
    ss >> va >> kind >> mode;
    if (mode.empty() || (ss >> extra))
      throw InputError(where(path, i + 1) + "expected 'VA r|w|x user|kernel'");
    Access a{};
    if (!parse_u32(va, a.va)) throw InputError(where(path, i + 1) + "bad address '" + va + "'");
    kind = lower(kind);
    if (kind == "r") a.kind = VMC_ACCESS_READ;
    else if (kind == "w") a.kind = VMC_ACCESS_WRITE;
    else if (kind == "x") a.kind = VMC_ACCESS_FETCH;
    else throw InputError(where(path, i + 1) + "bad access kind '" + kind + "' (r, w or x)");
    mode = lower(mode);
    if (mode == "user") a.priv = false;
    else if (mode == "kernel") a.priv = true;
    else throw InputError(where(path, i + 1) + "bad mode '" + mode + "' (user or kernel)");
    out.push_back(a);
  }
  return out;
}

const char *size_name(int s) {
  static const char *n[] = {"none", "small", "large", "section", "supersection"};
  return (s >= 0 && s <= 4) ? n[s] : "?";
}
const char *fault_name(int f) {
  static const char *n[] = {"none", "translation", "access-flag", "domain", "permission"};
  return (f >= 0 && f <= 4) ? n[f] : "?";
}
const char *hit_name(int h) {
  static const char *n[] = {"flat", "l1", "l2", "walk"};
  return (h >= 0 && h <= 3) ? n[h] : "?";
}

std::string describe(const Access &a, const RtlResp &r) {
  char buf[256];
  const char kind = a.kind == VMC_ACCESS_READ ? 'r' : a.kind == VMC_ACCESS_WRITE ? 'w' : 'x';
  const int n = std::snprintf(buf, sizeof buf, "0x%08x %c %-6s -> ", a.va, kind,
                              a.priv ? "kernel" : "user");
  if (r.fault == VMC_FAULT_NONE) {
    std::snprintf(buf + n, sizeof buf - size_t(n),
                  "pa=0x%08x size=%s tex=%u c=%u b=%u s=%u ng=%u xn=%u ap=%u domain=%u hit=%s",
                  r.pa, size_name(r.size), r.attrs.tex, r.attrs.c, r.attrs.b, r.attrs.s,
                  r.attrs.ng, r.attrs.xn, r.attrs.ap, r.attrs.domain, hit_name(r.hit_level));
  } else {
    const bool fetch = a.kind == VMC_ACCESS_FETCH;
    std::snprintf(buf + n, sizeof buf - size_t(n),
                  "fault=%s fs=0x%02x %s=0x%08x %s=0x%08x hit=%s", fault_name(r.fault), r.fs,
                  fetch ? "ifsr" : "dfsr", r.fsr, fetch ? "ifar" : "dfar", a.va,
                  hit_name(r.hit_level));
  }
  return buf;
}

// The model's answer in the RTL's terms, for comparison.
RtlResp from_model(const vmc_mmu_resp &m) {
  RtlResp r;
  r.pa = m.pa;
  r.fault = m.fault;
  r.fs = m.fs;
  r.fsr = m.fsr;
  r.size = m.size;
  r.hit_level = m.hit_level;
  r.attrs = m.attrs;
  return r;
}

void usage(FILE *f) {
  std::fprintf(f,
               "usage: vmcprobe --image FILE[@BASE] [--image ...] --regs FILE --accesses FILE\n"
               "                [--itlb GEOM] [--dtlb GEOM] [--l2tlb GEOM|none]\n"
               "                [--walk-cache N] [--check] [--trace FILE.fst]\n"
               "GEOM is SETSxWAYS:POLICY (policy lru, plru, fifo, random); see docs/probe.md.\n");
}

int run(int argc, char **argv) {
  std::vector<std::string> images;
  std::string regs_path, acc_path, trace_path;
  bool check = false;
  vmc_mmu_config cfg{};
  vmc_mmu_config_default(&cfg);
  for (int i = 1; i < argc; i++) {
    const std::string opt = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw InputError(opt + " needs a value");
      return argv[++i];
    };
    try {
      if (opt == "--image") images.push_back(value());
      else if (opt == "--regs") regs_path = value();
      else if (opt == "--accesses") acc_path = value();
      else if (opt == "--trace") trace_path = value();
      else if (opt == "--itlb") cfg.itlb = vmc::parse_tlb_geom(value());
      else if (opt == "--dtlb") cfg.dtlb = vmc::parse_tlb_geom(value());
      else if (opt == "--l2tlb") cfg.l2tlb = vmc::parse_tlb_geom(value());
      else if (opt == "--walk-cache") {
        const std::string v = value();
        if (!parse_u32(v, cfg.walk_cache_entries)) throw InputError("--walk-cache: bad number '" + v + "'");
      } else if (opt == "--check") check = true;
      else if (opt == "--help" || opt == "-h") { usage(stdout); return 0; }
      else throw InputError("unknown option '" + opt + "'");
    } catch (const InputError &) {
      throw;
    } catch (const std::exception &e) {
      throw InputError(opt + ": " + e.what());
    }
  }
  if (images.empty() || regs_path.empty() || acc_path.empty()) {
    usage(stderr);
    throw InputError("--image, --regs and --accesses are required");
  }
  char err[256];
  const vmc_mmu_limits lim = MmuDriver::max_limits();
  if (vmc_mmu_config_check(&cfg, &lim, err, sizeof err) != 0)
    throw InputError(std::string("configuration: ") + err);

  PhysMem mem;
  for (const std::string &im : images) load_image(im, mem);
  const Regs regs = load_regs(regs_path);
  const std::vector<Access> accesses = load_accesses(acc_path);

  MmuDriver rtl(cfg, mem);
  if (!trace_path.empty()) rtl.trace_to(trace_path);
  vmc_mmu_model *model = nullptr;
  if (check) {
    model = vmc_mmu_model_create(&cfg, PhysMem::read_cb, &mem);
    if (!model) throw InputError("the reference model refused the configuration");
    vmc_mmu_model_set_limits(model, &lim);
  }
  const std::pair<uint32_t, uint32_t> writes[] = {
      {MMU_REG_TTBR0, regs.ttbr0}, {MMU_REG_TTBR1, regs.ttbr1},
      {MMU_REG_TTBCR, regs.ttbcr}, {MMU_REG_DACR, regs.dacr},
      {MMU_REG_CONTEXTIDR, regs.contextidr}, {MMU_REG_SCTLR, regs.sctlr}};
  for (const auto &w : writes) {
    rtl.reg_write(w.first, w.second);
    if (model) vmc_mmu_model_reg_write(model, w.first, w.second);
  }

  unsigned disagreements = 0;
  for (const Access &a : accesses) {
    const RtlResp r = rtl.translate(a.va, a.kind, a.priv);
    const std::string line = describe(a, r);
    std::printf("%s\n", line.c_str());
    if (model) {
      vmc_mmu_req q{a.va, a.kind, a.priv ? 1 : 0};
      vmc_mmu_resp m;
      vmc_mmu_model_translate(model, &q, &m);
      const std::string want = describe(a, from_model(m));
      if (want != line) {
        std::fprintf(stderr, "vmcprobe: disagreement\n  rtl:   %s\n  model: %s\n", line.c_str(),
                     want.c_str());
        disagreements++;
      }
    }
  }
  if (model) vmc_mmu_model_destroy(model);
  if (disagreements) {
    std::fprintf(stderr, "vmcprobe: %u of %zu accesses disagree with the reference model\n",
                 disagreements, accesses.size());
    return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char **argv) {
  try {
    return run(argc, argv);
  } catch (const InputError &e) {
    std::fprintf(stderr, "vmcprobe: %s\n", e.what());
    return 2;
  } catch (const std::exception &e) {
    std::fprintf(stderr, "vmcprobe: error: %s\n", e.what());
    return 2;
  }
}
