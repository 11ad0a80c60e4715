// arch.layout_agrees: proves that the descriptor layout, fault codes and register map agree
// between the C headers (arch/include/vmcosim/armv7_vmsa.h, mmu_regs.h), the SystemVerilog
// constants generated from them for rtl/mmu_pkg.sv (vmc_arch_consts.svh) and the
// documentation (docs/register-map.md).
//
//   layout_agrees --c armv7_vmsa.h --c mmu_regs.h --sv vmc_arch_consts.svh --doc register-map.md
//
// From C it takes every object-like `#define VMSA_* / MMU_*` with a constant value (numbers,
// earlier names, | & ~ << >> + - and parentheses) and the VMSA_SIZE_* enumerators; from the
// package every `localparam ... NAME = <value>;` with such a name; from the documentation
// every table row whose first cell is a back-quoted name and whose second cell is a number,
// and every register-table row "| 0xOFF | NAME |" (checked as MMU_REG_NAME). Every name must
// appear in all three with the same value; the exit status is the number of disagreements
// (capped at 100) and each one is printed.
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using Table = std::map<std::string, uint64_t>;

bool is_arch_name(const std::string &n) {
  return n.rfind("VMSA_", 0) == 0 || n.rfind("MMU_", 0) == 0;
}

std::string read_file(const std::string &path) {
  std::ifstream f(path);
  if (!f) throw std::runtime_error("cannot open " + path);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// A small evaluator for the constant expressions of the C headers.
class Expr {
public:
  Expr(const std::string &s, const Table &names) : s_(s), names_(names) {}
  uint64_t eval() {
    const uint64_t v = bit_or();
    skip();
    if (p_ != s_.size()) throw std::runtime_error("unexpected '" + s_.substr(p_) + "'");
    return v & 0xFFFFFFFFu;
  }

private:
  void skip() { while (p_ < s_.size() && std::isspace(uint8_t(s_[p_]))) p_++; }
  bool eat(const char *tok) {
    skip();
    const size_t n = std::char_traits<char>::length(tok);
    if (s_.compare(p_, n, tok) == 0) { p_ += n; return true; }
    return false;
  }
  uint64_t bit_or() { uint64_t v = bit_and(); while (eat("|")) v |= bit_and(); return v; }
  uint64_t bit_and() { uint64_t v = shift(); while (eat("&")) v &= shift(); return v; }
  uint64_t shift() {
    uint64_t v = sum();
    for (;;) {
      if (eat("<<")) v = (v << sum()) & 0xFFFFFFFFu;
      else if (eat(">>")) v >>= sum();
      else return v;
    }
  }
  uint64_t sum() {
    uint64_t v = unary();
    for (;;) {
      if (eat("+")) v += unary();
      else if (eat("-")) v -= unary();
      else return v & 0xFFFFFFFFu;
    }
  }
  uint64_t unary() {
    if (eat("~")) return ~unary() & 0xFFFFFFFFu;
    if (eat("(")) {
      const uint64_t v = bit_or();
      if (!eat(")")) throw std::runtime_error("missing ')'");
      return v;
    }
    skip();
    size_t q = p_;
    while (q < s_.size() && (std::isalnum(uint8_t(s_[q])) || s_[q] == '_')) q++;
    const std::string tok = s_.substr(p_, q - p_);
    p_ = q;
    if (tok.empty()) throw std::runtime_error("expected a value");
    if (std::isdigit(uint8_t(tok[0]))) {
      std::string t = tok;
      while (!t.empty() && (t.back() == 'u' || t.back() == 'U' || t.back() == 'l' || t.back() == 'L')) t.pop_back();
      return std::stoull(t, nullptr, 0);
    }
    auto it = names_.find(tok);
    if (it == names_.end()) throw std::runtime_error("unknown name " + tok);
    return it->second;
  }

  const std::string &s_;
  const Table &names_;
  size_t p_ = 0;
};

void parse_c(const std::string &path, Table &out) {
  std::istringstream in(read_file(path));
  static const std::regex define_re(R"(^\s*#\s*define\s+([A-Z0-9_]+)(\(?)\s*(.*?)\s*(/\*.*)?$)");
  static const std::regex enum_re(R"(^\s*(VMSA_SIZE_[A-Z0-9_]+)\s*=\s*([0-9xXa-fA-F]+)u?\s*,?)");
  std::string line;
  while (std::getline(in, line)) {
    std::smatch m;
    if (std::regex_search(line, m, define_re) && is_arch_name(m[1]) && m[2].str().empty() &&
        !m[3].str().empty()) {
      try {
        out[m[1]] = Expr(m[3], out).eval();
      } catch (const std::exception &e) {
        throw std::runtime_error(path + ": " + m[1].str() + ": " + e.what());
      }
    } else if (std::regex_search(line, m, enum_re)) {
      out[m[1]] = std::stoull(m[2], nullptr, 0);
    }
  }
}

uint64_t parse_sv_number(std::string v) {
  std::string digits;
  for (char c : v) if (c != '_') digits += c;
  const size_t tick = digits.find('\'');
  if (tick == std::string::npos) return std::stoull(digits, nullptr, 10);
  const char base = char(std::tolower(uint8_t(digits[tick + 1])));
  const std::string body = digits.substr(tick + 2);
  return std::stoull(body, nullptr, base == 'h' ? 16 : base == 'b' ? 2 : base == 'o' ? 8 : 10);
}

void parse_sv(const std::string &path, Table &out) {
  std::istringstream in(read_file(path));
  static const std::regex re(R"(localparam\s+[^=;]*?\b([A-Z][A-Z0-9_]+)\s*=\s*([0-9'hHbBdD_a-fA-F]+)\s*;)");
  std::string line;
  while (std::getline(in, line)) {
    std::smatch m;
    if (std::regex_search(line, m, re) && is_arch_name(m[1])) out[m[1]] = parse_sv_number(m[2]);
  }
}

uint64_t parse_doc_number(const std::string &v) {
  std::string digits;
  for (char c : v) if (c != '_') digits += c;
  return std::stoull(digits, nullptr, 0);
}

void parse_doc(const std::string &path, Table &out, std::vector<std::string> &errors) {
  std::istringstream in(read_file(path));
  static const std::regex const_row(R"(^\|\s*`([A-Z][A-Z0-9_]+)`\s*\|\s*`?(0x[0-9A-Fa-f_]+|[0-9]+)`?\s*\|)");
  static const std::regex reg_row(R"(^\|\s*`?(0x[0-9A-Fa-f]{3})`?\s*\|\s*`?([A-Z][A-Z0-9_]+)`?\s*\|)");
  std::string line;
  unsigned lineno = 0;
  while (std::getline(in, line)) {
    lineno++;
    std::smatch m;
    std::string name;
    uint64_t value;
    if (std::regex_search(line, m, const_row) && is_arch_name(m[1])) {
      name = m[1];
      value = parse_doc_number(m[2]);
    } else if (std::regex_search(line, m, reg_row)) {
      name = "MMU_REG_" + m[2].str();
      value = parse_doc_number(m[1]);
    } else {
      continue;
    }
    auto it = out.find(name);
    if (it != out.end() && it->second != value) {
      errors.push_back(path + ":" + std::to_string(lineno) + ": " + name +
                       " given twice with different values");
    }
    out[name] = value;
  }
}

}  // namespace

int main(int argc, char **argv) {
  Table c, sv, doc;
  std::vector<std::string> errors;
  std::string c_files, sv_files, doc_files;
  try {
    for (int i = 1; i + 1 < argc; i += 2) {
      const std::string opt = argv[i], path = argv[i + 1];
      if (opt == "--c") { parse_c(path, c); c_files += " " + path; }
      else if (opt == "--sv") { parse_sv(path, sv); sv_files += " " + path; }
      else if (opt == "--doc") { parse_doc(path, doc, errors); doc_files += " " + path; }
      else throw std::runtime_error("unknown option " + opt);
    }
    if (argc < 7 || (argc - 1) % 2) throw std::runtime_error("usage: --c FILE... --sv FILE --doc FILE");
  } catch (const std::exception &e) {
    std::fprintf(stderr, "layout_agrees: %s\n", e.what());
    return 100;
  }
  if (c.empty() || sv.empty() || doc.empty()) {
    std::fprintf(stderr, "layout_agrees: a source gave no constants (c %zu, sv %zu, doc %zu)\n",
                 c.size(), sv.size(), doc.size());
    return 100;
  }
  std::map<std::string, int> all;
  for (auto *t : {&c, &sv, &doc}) for (auto &kv : *t) all[kv.first] = 1;
  for (auto &kv : all) {
    const std::string &n = kv.first;
    const bool in_c = c.count(n), in_sv = sv.count(n), in_doc = doc.count(n);
    char buf[512];
    if (!in_c || !in_sv || !in_doc) {
      std::snprintf(buf, sizeof buf, "%s: missing from%s%s%s", n.c_str(), in_c ? "" : " the C headers",
                    in_sv ? "" : " vmc_arch_consts.svh", in_doc ? "" : " register-map.md");
      errors.push_back(buf);
      continue;
    }
    if (c[n] != sv[n] || c[n] != doc[n]) {
      std::snprintf(buf, sizeof buf, "%s: C 0x%llx, vmc_arch_consts.svh 0x%llx, register-map.md 0x%llx",
                    n.c_str(), (unsigned long long)c[n], (unsigned long long)sv[n],
                    (unsigned long long)doc[n]);
      errors.push_back(buf);
    }
  }
  for (auto &e : errors) std::fprintf(stderr, "layout_agrees: %s\n", e.c_str());
  if (errors.empty()) std::printf("layout_agrees: %zu constants agree\n", all.size());
  return errors.size() > 100 ? 100 : int(errors.size());
}
