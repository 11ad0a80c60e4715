// Case registry and runner of the rtl benches.
#include "bench_util.h"

#include <exception>

namespace vmc {

int g_failures = 0;

std::map<std::string, CaseFn> &cases() {
  static std::map<std::string, CaseFn> m;
  return m;
}

vmc_mmu_config make_cfg(const char *itlb, const char *dtlb, const char *l2, unsigned wc) {
  vmc_mmu_config c{};
  c.itlb = parse_tlb_geom(itlb);
  c.dtlb = parse_tlb_geom(dtlb);
  c.l2tlb = parse_tlb_geom(l2);
  c.walk_cache_entries = wc;
  return c;
}

const std::vector<MaintPage> &maint_pages() {
  static const std::vector<MaintPage> pages = {
      {0x00001000u, true, 1, 0},
      {0x00002000u, false, 1, 0},
      {0x00003000u, true, 2, 0},
      {0x00500000u, true, 1, 1},
      {0x00610000u, false, 1, 2},
  };
  return pages;
}

void map_maint_pages(PageTables &pt, uint32_t pa_base) {
  const std::vector<MaintPage> &pages = maint_pages();
  for (size_t i = 0; i < pages.size(); i++) {
    Attr a;
    a.ng = pages[i].ng;
    const uint32_t pa = pa_base + uint32_t(i) * 0x01000000u;
    if (pages[i].kind == 0) pt.small(kL1Base0, pages[i].va, pa, a);
    else if (pages[i].kind == 1) pt.section(kL1Base0, pages[i].va, pa, a);
    else pt.large(kL1Base0, pages[i].va, pa, a);
  }
}

int run_cases(int argc, char **argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s CASE... | --list\n", argv[0]);
    return 2;
  }
  for (int i = 1; i < argc; i++) {
    const std::string name = argv[i];
    if (name == "--list") {
      for (auto &c : cases()) std::printf("%s\n", c.first.c_str());
      continue;
    }
    auto it = cases().find(name);
    if (it == cases().end()) {
      std::fprintf(stderr, "unknown case '%s'\n", name.c_str());
      return 2;
    }
    try {
      it->second();
    } catch (const std::exception &e) {
      std::fprintf(stderr, "%s: exception: %s\n", name.c_str(), e.what());
      g_failures++;
    }
    std::printf("%s: %s\n", name.c_str(), g_failures ? "FAILED" : "ok");
  }
  return g_failures ? 1 : 0;
}

}  // namespace vmc
