// libFuzzer target for vmcprobe's loaders. The first byte picks the loader (image, register
// file, access list), the rest is the file. The image loader must place every byte where a
// second, byte-by-byte reading puts it, leave the words around it 0 and allocate no more pages
// than the image spans; the text loaders must accept or throw InputError naming the file and
// a line that exists. Never a crash, leak or undefined behaviour (ASan, UBSan).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>

#include "probe_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

namespace {

const char kName[] = "fuzz-input";

[[noreturn]] void fail(const std::string &what) {
  std::fprintf(stderr, "fuzz_probe_inputs: %s\n", what.c_str());
  std::abort();
}

void fuzz_image(const uint8_t *data, size_t size) {
  if (size < 4) return;
  const uint32_t base = (uint32_t(data[0]) | uint32_t(data[1]) << 8 | uint32_t(data[2]) << 16 |
                         uint32_t(data[3]) << 24) & ~3u;
  const uint8_t *bytes = data + 4;
  const size_t n = size - 4;
  std::istringstream in(std::string(reinterpret_cast<const char *>(bytes), n));
  vmc::PhysMem mem;
  try {
    vmcprobe::read_image(in, kName, base, mem);
  } catch (const vmcprobe::InputError &e) {
    if (uint64_t(base) + n <= 0x100000000ull) fail(std::string("refused an image that fits: ") + e.what());
    if (std::string(e.what()).rfind(kName, 0) != 0) fail(std::string("error without the name: ") + e.what());
    return;
  }
  if (uint64_t(base) + n > 0x100000000ull) fail("accepted an image past 4 GiB");
  for (size_t i = 0; i < n; i++) {
    const uint32_t pa = base + uint32_t(i);
    if (uint8_t(mem.read32(pa) >> (8 * (pa & 3u))) != bytes[i]) fail("byte " + std::to_string(i) + " misplaced");
  }
  const uint64_t end = (uint64_t(base) + n + 3) & ~3ull;
  for (size_t k = n; k < end - base; k++)  // the padding of a last part word
    if (uint8_t(mem.read32(base + uint32_t(k)) >> (8 * ((base + k) & 3u))) != 0) fail("padding not 0");
  if (base >= 4 && mem.read32(base - 4) != 0) fail("word before the image not 0");
  if (end < 0x100000000ull && mem.read32(uint32_t(end)) != 0) fail("word after the image not 0");
  const uint64_t spanned = n ? ((end - 1) >> 12) - (base >> 12) + 1 : 0;
  if (mem.pages() > spanned) fail("more pages than the image spans");
}

// The line number in "fuzz-input:LINE: ...", 0 when the message does not have that form.
unsigned line_of(const std::string &msg) {
  const std::string prefix = std::string(kName) + ":";
  if (msg.rfind(prefix, 0) != 0) return 0;
  size_t i = prefix.size();
  unsigned line = 0;
  for (; i < msg.size() && msg[i] >= '0' && msg[i] <= '9' && line < 100000000u; i++)
    line = line * 10 + unsigned(msg[i] - '0');
  return i < msg.size() && msg[i] == ':' ? line : 0;
}

void fuzz_text(bool regs, const uint8_t *data, size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char *>(data), size));
  const std::vector<std::string> lines = vmcprobe::read_lines(in);
  try {
    if (regs) {
      vmcprobe::parse_regs(kName, lines);
    } else {
      const std::vector<vmcprobe::Access> acc = vmcprobe::parse_accesses(kName, lines);
      if (acc.size() > lines.size()) fail("more accesses than lines");
      for (const vmcprobe::Access &a : acc)
        if (a.kind != VMC_ACCESS_READ && a.kind != VMC_ACCESS_WRITE && a.kind != VMC_ACCESS_FETCH)
          fail("access of no kind");
    }
  } catch (const vmcprobe::InputError &e) {
    const unsigned line = line_of(e.what());
    if (line < 1 || line > lines.size()) fail(std::string("error without a valid line: ") + e.what());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  switch (data[0] % 3) {
  case 0: fuzz_image(data + 1, size - 1); break;
  case 1: fuzz_text(true, data + 1, size - 1); break;
  default: fuzz_text(false, data + 1, size - 1); break;
  }
  return 0;
}
