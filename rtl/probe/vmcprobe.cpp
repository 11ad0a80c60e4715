// vmcprobe: runs a list of accesses through the Verilated MMU over a physical-memory image and
// prints, per access, the physical address and attributes or the fault. With --check every
// answer is also computed by the reference model (vmcmodel) and any disagreement is reported
// (exit 1). Formats: docs/probe.md. Exit status: 0 ok, 1 disagreement with the model, 2 bad
// usage or input.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "mmu_driver.h"
#include "probe_input.h"
#include "vmcosim/mmu_model.h"

namespace {

using vmc::MmuDriver;
using vmc::PhysMem;
using namespace vmcprobe;

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

std::string describe(const Access &a, const vmc_mmu_resp &r) {
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
    const vmc::Xlat x = rtl.translate(a.va, a.kind, a.priv);
    const std::string line = describe(a, x.r);
    std::printf("%s\n", line.c_str());
    if (model) {
      vmc_mmu_req q{a.va, a.kind, a.priv ? 1 : 0};
      vmc_mmu_resp m;
      vmc_mmu_model_translate(model, &q, &m);
      char diff[512];
      if (vmc::xlat_diff(x, m, diff, sizeof diff) > 0) {
        std::fprintf(stderr, "vmcprobe: disagreement (%s)\n  rtl:   %s\n  model: %s\n", diff,
                     line.c_str(), describe(a, m).c_str());
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
