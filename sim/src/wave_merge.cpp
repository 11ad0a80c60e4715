#include "wave_merge.h"

#include <condition_variable>
#include <cstdint>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

#include "gtkwave/fstapi.h"

namespace vmcsim {

namespace {

// Value changes of one input, in its time order, handed from its reading thread to the merge
// in batches: the FST reader only pushes changes through a callback, one section at a time,
// so each input is read on a thread of its own and the merge pulls from all of them.
constexpr size_t kBatchChanges = size_t(1) << 15;
constexpr size_t kBatchesQueued = 2;        // per input: what bounds the merge's memory
// A new output section after this many changes: the FST writer's memory, and its time to close
// a section (which grows faster than the section), stay small (4 cores of 3.3 M changes each
// merged in 2.4 s and 89 MB with 2^16; 7.9 s and 185 MB with 2^22).
constexpr uint64_t kFlushChanges = uint64_t(1) << 16;

struct Change {
  uint64_t time;
  fstHandle handle;   // the output's
  uint32_t offset;    // of the value in Batch::values
};

struct Batch {
  std::vector<Change> changes;
  std::string values;   // each value its signal's length of characters ('0', '1', 'x', ...)
};

class Input {
public:
  explicit Input(void *reader) : reader_(reader) {}
  ~Input() {
    if (thread_.joinable()) {
      {
        std::lock_guard<std::mutex> l(m_);
        abandoned_ = true;
      }
      cv_.notify_all();
      thread_.join();
    }
    fstReaderClose(reader_);
  }

  void *reader() const { return reader_; }
  // The output's handle and the value length of each of the input's handles.
  std::vector<fstHandle> handle;
  std::vector<uint32_t> length;

  void start() { thread_ = std::thread([this] { read_all(); }); }

  // The next change, or nullptr at the end of the input.
  const Change *head() {
    if (pos_ < cur_.changes.size()) return &cur_.changes[pos_];
    std::unique_lock<std::mutex> l(m_);
    cv_.wait(l, [this] { return !queue_.empty() || done_; });
    if (queue_.empty()) return nullptr;
    cur_ = std::move(queue_.front());
    queue_.pop_front();
    pos_ = 0;
    l.unlock();
    cv_.notify_all();
    return &cur_.changes[0];
  }
  const char *value(const Change &c) const { return cur_.values.data() + c.offset; }
  void next() { pos_++; }

private:
  static void on_change(void *self, uint64_t time, fstHandle h, const unsigned char *value) {
    static_cast<Input *>(self)->add(time, h, value);
  }

  void add(uint64_t time, fstHandle h, const unsigned char *value) {
    if (h >= handle.size() || handle[h] == 0) return;   // not declared: cannot happen in an FST
    fill_.changes.push_back({time, handle[h], uint32_t(fill_.values.size())});
    fill_.values.append(reinterpret_cast<const char *>(value), length[h]);
    if (fill_.changes.size() >= kBatchChanges) hand_over();
  }

  void hand_over() {
    std::unique_lock<std::mutex> l(m_);
    cv_.wait(l, [this] { return queue_.size() < kBatchesQueued || abandoned_; });
    if (!fill_.changes.empty()) queue_.push_back(std::move(fill_));
    fill_ = Batch{};
    fill_.changes.reserve(kBatchChanges);
    l.unlock();
    cv_.notify_all();
  }

  void read_all() {
    fstReaderSetFacProcessMaskAll(reader_);
    fstReaderIterBlocks(reader_, on_change, this, nullptr);
    hand_over();
    {
      std::lock_guard<std::mutex> l(m_);
      done_ = true;
    }
    cv_.notify_all();
  }

  void *reader_;
  std::thread thread_;
  std::mutex m_;
  std::condition_variable cv_;
  std::deque<Batch> queue_;
  bool done_ = false, abandoned_ = false;
  Batch fill_, cur_;
  size_t pos_ = 0;
};

bool fixed_width(unsigned char type) {
  return type != FST_VT_VCD_REAL && type != FST_VT_VCD_REAL_PARAMETER &&
         type != FST_VT_VCD_REALTIME && type != FST_VT_SV_SHORTREAL && type != FST_VT_GEN_STRING;
}

// Declares input in's hierarchy in the output and fills its handle map. Enumeration tables are
// numbered per file, so they get the output's numbers.
bool copy_hierarchy(Input &in, void *out, uint64_t &enum_tables, const std::string &name,
                    std::string &why) {
  const fstHandle n = fstReaderGetMaxHandle(in.reader());
  in.handle.assign(size_t(n) + 1, 0);
  in.length.assign(size_t(n) + 1, 0);
  std::vector<uint64_t> table;   // the input's enumeration table number -> the output's
  fstReaderIterateHierRewind(in.reader());
  while (const fstHier *h = fstReaderIterateHier(in.reader())) {
    switch (h->htyp) {
      case FST_HT_SCOPE:
        fstWriterSetScope(out, fstScopeType(h->u.scope.typ), h->u.scope.name, h->u.scope.component);
        break;
      case FST_HT_UPSCOPE:
        fstWriterSetUpscope(out);
        break;
      case FST_HT_VAR: {
        const auto &v = h->u.var;
        if (!fixed_width(v.typ) || v.handle == 0 || v.handle > n) {
          why = name + ": signal " + v.name + " is of a kind the merge does not carry";
          return false;
        }
        if (v.is_alias) {
          fstWriterCreateVar(out, fstVarType(v.typ), fstVarDir(v.direction), v.length, v.name,
                             in.handle[v.handle]);
        } else {
          in.handle[v.handle] = fstWriterCreateVar(out, fstVarType(v.typ), fstVarDir(v.direction),
                                                   v.length, v.name, 0);
          in.length[v.handle] = v.length;
        }
        break;
      }
      case FST_HT_ATTRBEGIN: {
        const auto &a = h->u.attr;
        uint64_t arg = a.arg;
        if (a.typ == FST_AT_MISC && a.subtype == FST_MT_ENUMTABLE) {
          if (table.size() <= a.arg) table.resize(size_t(a.arg) + 1, 0);
          if (a.name_length != 0) table[a.arg] = ++enum_tables;   // a table, not a reference
          arg = table[a.arg];
        }
        fstWriterSetAttrBegin(out, fstAttrType(a.typ), a.subtype, a.name, arg);
        break;
      }
      case FST_HT_ATTREND:
        fstWriterSetAttrEnd(out);
        break;
      default:
        break;
    }
  }
  return true;
}

}  // namespace

bool wave_merge(const std::vector<std::string> &inputs, const std::string &output,
                std::string &why) {
  std::vector<std::unique_ptr<Input>> in;
  for (const std::string &path : inputs) {
    void *r = fstReaderOpen(path.c_str());
    if (!r) {
      why = "cannot read the core's dump " + path;
      return false;
    }
    in.push_back(std::make_unique<Input>(r));
  }
  if (in.empty()) {
    why = "no dumps to merge";
    return false;
  }
  void *out = fstWriterCreate(output.c_str(), 1);
  if (!out) {
    why = "cannot write " + output;
    return false;
  }
  fstWriterSetPackType(out, FST_WR_PT_LZ4);   // as the Verilated writer
  fstWriterSetTimescale(out, fstReaderGetTimescale(in[0]->reader()));
  uint64_t enum_tables = 0;
  for (size_t k = 0; k < in.size(); k++) {
    if (fstReaderGetTimescale(in[k]->reader()) != fstReaderGetTimescale(in[0]->reader())) {
      why = inputs[k] + ": another time scale than " + inputs[0];
      fstWriterClose(out);
      return false;
    }
    if (!copy_hierarchy(*in[k], out, enum_tables, inputs[k], why)) {
      fstWriterClose(out);
      return false;
    }
  }
  for (auto &i : in) i->start();
  // The inputs' changes in time order; at one time, input 0's first (each input's own order kept).
  bool any = false;
  uint64_t now = 0, since_flush = 0;
  for (;;) {
    const Change *first = nullptr;
    for (auto &i : in) {
      const Change *c = i->head();
      if (c && (!first || c->time < first->time)) first = c;
    }
    if (!first) break;
    const uint64_t t = first->time;
    if (!any || t != now) {
      if (since_flush >= kFlushChanges) {   // bounds the writer's memory
        fstWriterFlushContext(out);
        since_flush = 0;
      }
      fstWriterEmitTimeChange(out, t);
      now = t;
      any = true;
    }
    for (auto &i : in) {
      for (const Change *c; (c = i->head()) && c->time == t; i->next()) {
        fstWriterEmitValueChange(out, c->handle, i->value(*c));
        since_flush++;
      }
    }
  }
  const bool failed = fstWriterGetFseekFailed(out) != 0;
  fstWriterClose(out);
  if (failed) why = "cannot write " + output;
  return !failed;
}

}  // namespace vmcsim
