#include "config_file.h"

#include <fstream>
#include <map>
#include <sstream>
#include <utility>

namespace vmcsim {

namespace {

// Just enough JSON for a configuration or a statistics file: objects, arrays, strings, numbers
// (kept as their text), true, false, null; each value remembers its line for messages.
struct Value {
  enum Kind { Object, Array, String, Number, Bool, Null } kind = Null;
  std::string text;   // String: the decoded text; Number: as written; Bool: "true"/"false"
  std::vector<std::pair<std::string, Value>> members;
  std::vector<Value> items;
  int line = 0;
};

class Parser {
public:
  Parser(const std::string &text, const std::string &path) : s_(text), path_(path) {}

  Value document() {
    Value v = value();
    space();
    if (p_ != s_.size()) fail("text after the JSON value");
    return v;
  }

  [[noreturn]] void fail(const std::string &why) const {
    throw ConfigError(path_ + ":" + std::to_string(line_) + ": " + why);
  }

private:
  void space() {
    while (p_ < s_.size() && (s_[p_] == ' ' || s_[p_] == '\t' || s_[p_] == '\r' || s_[p_] == '\n'))
      if (s_[p_++] == '\n') line_++;
  }
  bool eat(char c) {
    space();
    if (p_ < s_.size() && s_[p_] == c) {
      p_++;
      return true;
    }
    return false;
  }
  void expect(char c) {
    if (!eat(c)) fail(std::string("expected '") + c + "'");
  }
  std::string string() {
    expect('"');
    std::string out;
    while (p_ < s_.size() && s_[p_] != '"') {
      char c = s_[p_++];
      if (c == '\n' || (unsigned char)c < 0x20) fail("control character in a string");
      if (c == '\\') {
        if (p_ >= s_.size()) break;
        const char e = s_[p_++];
        static const std::string from = "\"\\/bfnrt", to = "\"\\/\b\f\n\r\t";
        const size_t k = from.find(e);
        if (k == std::string::npos) fail("an escape this reader does not take: \\" + std::string(1, e));
        c = to[k];
      }
      out += c;
    }
    if (!eat('"')) fail("unterminated string");
    return out;
  }
  Value value() {
    space();
    Value v;
    v.line = line_;
    if (p_ >= s_.size()) fail("unexpected end of the file");
    const char c = s_[p_];
    if (c == '{') {
      v.kind = Value::Object;
      p_++;
      if (!eat('}')) {
        do {
          std::string k = string();
          expect(':');
          v.members.emplace_back(std::move(k), value());
        } while (eat(','));
        expect('}');
      }
    } else if (c == '[') {
      v.kind = Value::Array;
      p_++;
      if (!eat(']')) {
        do v.items.push_back(value());
        while (eat(','));
        expect(']');
      }
    } else if (c == '"') {
      v.kind = Value::String;
      v.text = string();
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      v.kind = Value::Number;
      while (p_ < s_.size() && std::string("+-.eE0123456789").find(s_[p_]) != std::string::npos)
        v.text += s_[p_++];
    } else {
      for (const char *w : {"true", "false", "null"})
        if (s_.compare(p_, std::char_traits<char>::length(w), w) == 0) {
          v.kind = w[0] == 'n' ? Value::Null : Value::Bool;
          v.text = w;
          p_ += v.text.size();
          return v;
        }
      fail("not a JSON value");
    }
    return v;
  }

  const std::string &s_;
  const std::string &path_;
  size_t p_ = 0;
  int line_ = 1;
};

// The statistics' config keys and the options they stand for.
const std::map<std::string, std::string> kOption = {
    {"mode", "--mode"}, {"itlb", "--itlb"}, {"dtlb", "--dtlb"}, {"l2tlb", "--l2tlb"},
    {"walkCache", "--walk-cache"}, {"layout", "--layout"}, {"largePages", "--large-pages"},
    {"ramBase", "--ram-base"}, {"ramSize", "--ram-size"}, {"memLatency", "--mem-latency"},
    {"seed", "--seed"}, {"segfaultPolicy", "--segfault"}, {"fragEvery", "--frag-every"},
    {"warmup", "--warmup"}, {"cores", "--cores"}, {"shootdownCycles", "--shootdown-cycles"},
    {"localShootdownInjected", "--inject-local-shootdown"}, {"rtlCluster", "--rtl-cluster"},
    {"l2tlbShared", "--l2tlb-shared"},
    {"cost.memWord", "--fw-mem-cycles"}, {"cost.reg", "--fw-reg-cycles"},
    {"cost.barrier", "--fw-barrier-cycles"}, {"cost.excEntry", "--fw-entry-cycles"},
    {"cost.excExit", "--fw-exit-cycles"}};

}  // namespace

std::vector<ConfigSetting> read_config_file(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(path + ": cannot read");
  std::stringstream buf;
  buf << in.rdbuf();
  const std::string text = buf.str();
  Parser parser(text, path);
  Value doc = parser.document();
  auto member = [](const Value &v, const std::string &k) -> const Value * {
    for (const auto &m : v.members)
      if (m.first == k) return &m.second;
    return nullptr;
  };
  if (doc.kind != Value::Object) throw ConfigError(path + ": not a JSON object");
  const Value *stats_config = member(doc, "schema") ? member(doc, "config") : nullptr;
  const Value &cfg = stats_config ? *stats_config : doc;   // a statistics file: its config
  std::vector<ConfigSetting> out;
  auto where = [&](const Value &v, const std::string &k) {
    return path + ":" + std::to_string(v.line) + ": " + k;
  };
  auto setting = [&](const std::string &key, const Value &v) {
    if (key == "trace") {
      if (v.kind != Value::String) throw ConfigError(where(v, key) + ": not a string");
      out.push_back({where(v, key), {v.text}});
      return;
    }
    const auto opt = kOption.find(key);
    if (opt == kOption.end()) {
      std::string known = "trace";
      for (const auto &k : kOption) known += ", " + k.first;
      throw ConfigError(where(v, key) + ": unknown key (known: " + known + ")");
    }
    if (key == "largePages" || key == "localShootdownInjected" || key == "rtlCluster" ||
        key == "l2tlbShared") {   // flags: present or not
      if (v.kind != Value::Bool) throw ConfigError(where(v, key) + ": not true or false");
      if (v.text == "true") out.push_back({where(v, key), {opt->second}});
      return;
    }
    if (v.kind != Value::String && v.kind != Value::Number)
      throw ConfigError(where(v, key) + ": not a string or a number");
    out.push_back({where(v, key), {opt->second, v.text}});
  };
  for (const auto &m : cfg.members) {
    if (m.first == "cost" && m.second.kind == Value::Object) {
      for (const auto &c : m.second.members) setting("cost." + c.first, c.second);
    } else {
      setting(m.first, m.second);
    }
  }
  return out;
}

}  // namespace vmcsim
