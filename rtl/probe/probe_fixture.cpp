// Writes the inputs of the vmcprobe tests into a directory: a memory image with page tables
// (tables.bin, based at 0x00100000), a register file, an access list and the expected output,
// worked out by hand from the descriptors below (DDI 0406C B3.5, docs/mmu-contract.md).
// With MODE "large" it also writes a sparse 64 MiB image based at 0 holding the
// same tables plus two L2 tables, one in the middle and one in the image's last kilobyte.
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "vmcosim/armv7_vmsa.h"

namespace {

constexpr uint32_t kBase = 0x00100000u;   // image base: L1 table, then one L2 table
constexpr uint32_t kL2 = 0x00104000u;

bool write_file(const std::string &path, const void *data, size_t n) {
  FILE *f = std::fopen(path.c_str(), "wb");
  if (!f) return false;
  const bool ok = std::fwrite(data, 1, n, f) == n;
  return std::fclose(f) == 0 && ok;
}

bool write_text(const std::string &path, const std::string &s) {
  return write_file(path, s.data(), s.size());
}

constexpr uint32_t kLargeBytes = 64u << 20;
constexpr uint32_t kL2Mid = 0x02000400u;              // VA 0x00600000-0x006FFFFF
constexpr uint32_t kL2End = kLargeBytes - 0x400u;     // VA 0x00500000-0x005FFFFF

// words (from kBase) at their place in a 64 MiB file with holes elsewhere, and the extra tables.
bool write_large(const std::string &path, const std::vector<uint32_t> &words) {
  FILE *f = std::fopen(path.c_str(), "wb");
  if (!f) return false;
  bool ok = true;
  auto put = [&](uint32_t pa, uint32_t v) {
    unsigned char b[4] = {uint8_t(v), uint8_t(v >> 8), uint8_t(v >> 16), uint8_t(v >> 24)};
    ok = ok && std::fseek(f, long(pa), SEEK_SET) == 0 && std::fwrite(b, 1, 4, f) == 4;
  };
  for (size_t i = 0; i < words.size(); i++)
    if (words[i]) put(kBase + uint32_t(4 * i), words[i]);
  put(kBase + (0x005u << 2), kL2End | (3u << VMSA_L1_DOMAIN_SHIFT) | VMSA_L1_TYPE_PAGE_TABLE);
  put(kBase + (0x006u << 2), kL2Mid | VMSA_L1_TYPE_PAGE_TABLE);  // domain 0
  // 0x005FF000 (the image's last word): small page -> 0x12345000, AP 011.
  put(kL2End + (0xFFu << 2), 0x12345000u | (3u << VMSA_L2_AP10_SHIFT) | VMSA_L2_SMALL_BIT);
  // 0x00601000: small page -> 0x0ABCD000, AP 011.
  put(kL2Mid + (0x01u << 2), 0x0ABCD000u | (3u << VMSA_L2_AP10_SHIFT) | VMSA_L2_SMALL_BIT);
  return std::fclose(f) == 0 && ok;
}

}  // namespace

int main(int argc, char **argv) {
  const bool large = argc == 3 && std::string(argv[2]) == "large";
  if (argc != 2 && argc != 3) {
    std::fprintf(stderr, "usage: %s OUTDIR [MODE]\n", argv[0]);
    return 2;
  }
  const std::string dir = argv[1];
  std::vector<uint32_t> words((kL2 + VMSA_L2_TABLE_BYTES - kBase) / 4, 0);
  auto put = [&](uint32_t pa, uint32_t v) { words[(pa - kBase) / 4] = v; };

  // 0x40000000: section -> 0x80000000, AP 011, domain 1, TEX 001, C, S.
  put(kBase + (0x400u << 2), 0x80000000u | VMSA_SECT_S | (1u << VMSA_SECT_TEX_SHIFT) |
                                 (3u << VMSA_SECT_AP10_SHIFT) | (1u << VMSA_L1_DOMAIN_SHIFT) |
                                 VMSA_SECT_C | VMSA_L1_TYPE_SECTION);
  // 0x00400000: page table at kL2, domain 2.
  put(kBase + (0x004u << 2), kL2 | (2u << VMSA_L1_DOMAIN_SHIFT) | VMSA_L1_TYPE_PAGE_TABLE);
  // 0x00403000: small page -> 0x76543000, AP 010 (user read-only), XN.
  put(kL2 + (0x03u << 2), 0x76543000u | (2u << VMSA_L2_AP10_SHIFT) | VMSA_SMALL_XN |
                              VMSA_L2_SMALL_BIT);
  // 0x00410000: large page -> 0x9ABC0000, AP 011, B (16 copies).
  for (uint32_t i = 0; i < 16; i++)
    put(kL2 + ((0x10u + i) << 2), 0x9ABC0000u | (3u << VMSA_L2_AP10_SHIFT) | VMSA_L2_B |
                                      VMSA_L2_TYPE_LARGE);
  // 0x30000000 and 0x00405000 stay unmapped (fault descriptors).

  std::vector<unsigned char> bytes;
  for (uint32_t w : words)
    for (int k = 0; k < 4; k++) bytes.push_back(static_cast<unsigned char>(w >> (8 * k)));

  const std::string regs =
      "# vmcprobe test registers\n"
      "ttbr0 = 0x00100000\n"
      "TTBCR = 0\n"
      "dacr  = 0x55555555   # every domain client\n"
      "contextidr = 5\n"
      "sctlr = 1\n";
  const std::string accesses =
      "# VA         kind mode\n"
      "0x40012344   r    kernel\n"
      "0x400FE000   w    user     # same section, same DTLB set (VA[12] = 0): hit\n"
      "\n"
      "0x00403ABC   r    user\n"
      "0x00403000   w    user     # read-only for user: permission fault on a hit\n"
      "0x00403000   x    kernel   # XN: permission fault after a walk (ITLB miss)\n"
      "0x00412345   x    kernel\n"
      "0x30000004   r    kernel   # unmapped section\n"
      "0x00405000   w    kernel   # unmapped page\n";
  // Expected lines (DFSR = FS | domain << 4 | WnR << 11; IFSR = FS).
  const std::string expected =
      "0x40012344 r kernel -> pa=0x80012344 size=section tex=1 c=1 b=0 s=1 ng=0 xn=0 ap=3 domain=1 hit=walk\n"
      "0x400fe000 w user   -> pa=0x800fe000 size=section tex=1 c=1 b=0 s=1 ng=0 xn=0 ap=3 domain=1 hit=l1\n"
      "0x00403abc r user   -> pa=0x76543abc size=small tex=0 c=0 b=0 s=0 ng=0 xn=1 ap=2 domain=2 hit=walk\n"
      "0x00403000 w user   -> fault=permission fs=0x0f dfsr=0x0000082f dfar=0x00403000 hit=l1\n"
      "0x00403000 x kernel -> fault=permission fs=0x0f ifsr=0x0000000f ifar=0x00403000 hit=walk\n"
      "0x00412345 x kernel -> pa=0x9abc2345 size=large tex=0 c=0 b=1 s=0 ng=0 xn=0 ap=3 domain=2 hit=walk\n"
      "0x30000004 r kernel -> fault=translation fs=0x05 dfsr=0x00000005 dfar=0x30000004 hit=walk\n"
      "0x00405000 w kernel -> fault=translation fs=0x07 dfsr=0x00000827 dfar=0x00405000 hit=walk\n";
  bool ok = write_file(dir + "/tables.bin", bytes.data(), bytes.size()) &&
                  write_text(dir + "/regs.txt", regs) &&
                  write_text(dir + "/accesses.txt", accesses) &&
                  write_text(dir + "/expected.txt", expected) &&
                  write_text(dir + "/bad_number.txt", "ttbr0 = 0x1000zz\n") &&
                  write_text(dir + "/bad_key.txt", "ttbr0 = 0x100000\nttbr9 = 0\n") &&
                  write_text(dir + "/bad_access.txt", "0x1000 r kernel\n# fine so far\n0x2000 q user\n");
  const std::string large_expected =
      expected +
      "0x005ff123 r kernel -> pa=0x12345123 size=small tex=0 c=0 b=0 s=0 ng=0 xn=0 ap=3 domain=3 hit=walk\n"
      "0x00601ffc w user   -> pa=0x0abcdffc size=small tex=0 c=0 b=0 s=0 ng=0 xn=0 ap=3 domain=0 hit=walk\n"
      "0x00602000 r kernel -> fault=translation fs=0x07 dfsr=0x00000007 dfar=0x00602000 hit=walk\n";
  if (ok && large)
    ok = write_large(dir + "/large.bin", words) &&
         write_text(dir + "/large_accesses.txt",
                    accesses + "0x005FF123 r kernel\n0x00601FFC w user\n0x00602000 r kernel\n") &&
         write_text(dir + "/large_expected.txt", large_expected);
  if (!ok) {
    std::fprintf(stderr, "probe_fixture: cannot write into %s\n", dir.c_str());
    return 1;
  }
  return 0;
}
