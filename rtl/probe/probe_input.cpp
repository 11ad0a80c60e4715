// vmcprobe's input files: the memory image, the register file and the access list
// (docs/probe.md). The parsers take text or a stream, so the fuzz harness calls them directly.
#include "probe_input.h"

#include <cerrno>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <sys/stat.h>

#include "vmcutil/number.h"

namespace vmcprobe {

using vmc::PhysMem;

// A 32-bit number: 0x hex or decimal, nothing else on the token.
bool parse_u32(const std::string &s, uint32_t &out) {
  uint64_t v = 0;
  if (vmc_parse_u64_span(s.data(), s.size(), VMC_NUM_NO_SUFFIX, 0xFFFFFFFFull, &v) != VMC_NUM_OK)
    return false;
  out = uint32_t(v);
  return true;
}

namespace {

std::string where(const std::string &file, unsigned line) {
  return file + ":" + std::to_string(line) + ": ";
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

std::string hex32(uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08x", v);
  return buf;
}

std::vector<std::string> read_lines_of_file(const std::string &path) {
  input_size(path, 256ull << 20, "a register or access list");
  std::ifstream f(path);
  if (!f) throw InputError(path + ": cannot open: " + std::strerror(errno));
  return read_lines(f);
}

}  // namespace

std::vector<std::string> read_lines(std::istream &in) {
  std::vector<std::string> lines;
  std::string l;
  while (std::getline(in, l)) lines.push_back(l);
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
  read_image(f, path, base, mem);
}

void read_image(std::istream &f, const std::string &path, uint32_t base, PhysMem &mem) {
  // Read in chunks straight into the paged memory: no copy of the whole file.
  std::vector<char> chunk(1u << 16);  // a multiple of 4: only the last chunk has a part word
  uint64_t pa = base;
  while (f) {
    f.read(chunk.data(), std::streamsize(chunk.size()));
    const size_t n = size_t(f.gcount());
    if (pa + n > 0x100000000ull)  // a FIFO or a file that grew after the size check
      throw InputError(path + ": image does not fit below 4 GiB at base " + hex32(base));
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

Regs load_regs(const std::string &path) { return parse_regs(path, read_lines_of_file(path)); }

Regs parse_regs(const std::string &path, const std::vector<std::string> &lines) {
  Regs r;
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

std::vector<Access> load_accesses(const std::string &path) {
  return parse_accesses(path, read_lines_of_file(path));
}

std::vector<Access> parse_accesses(const std::string &path, const std::vector<std::string> &lines) {
  std::vector<Access> out;
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

}  // namespace vmcprobe
