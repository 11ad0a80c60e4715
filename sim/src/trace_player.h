// The CPU side: reads the trace (streamed, so memory does not grow with the trace), accesses in
// runs and OS events one by one, and hands them to the top module.
#ifndef VMCOSIM_SIM_TRACE_PLAYER_H
#define VMCOSIM_SIM_TRACE_PLAYER_H

#include <stdexcept>
#include <string>

#include "vmctrace/vmctrace.h"

namespace vmcsim {

struct BadTrace : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class TracePlayer {
public:
  explicit TracePlayer(const std::string &path) {
    vmc_trace_err err;
    r_ = vmc_trace_open(path.c_str(), &err);
    if (!r_) throw BadTrace(err.msg);
    path_ = path;
    multicore_ = vmc_trace_version(r_) >= VMC_TRACE_VERSION_MULTICORE;
  }
  ~TracePlayer() { vmc_trace_close(r_); }
  TracePlayer(const TracePlayer &) = delete;
  TracePlayer &operator=(const TracePlayer &) = delete;

  // true with the next record, false at the end; throws BadTrace with file and line/offset.
  bool next(vmc_record &rec) {
    const int rc = vmc_trace_next(r_, &rec);
    if (rc < 0) throw BadTrace(vmc_trace_error(r_));
    if (multicore_ && rc == 1) one_core_only(1, rec.core);
    return rc == 1;
  }
  // Up to max access records in a row into out (how many; 0: the next record is something
  // else, the end or an error, which next() then returns or throws).
  int next_accesses(vmc_access_rec *out, int max) {
    const int n = vmc_trace_next_accesses(r_, out, max);
    if (multicore_)
      for (int i = 0; i < n; i++) one_core_only(1, out[i].core);
    return n;
  }
  // Share of the file read so far, 0..1 (0 when unknown).
  double progress() const {
    uint64_t done = 0, total = 0;
    vmc_trace_progress(r_, &done, &total);
    return total ? double(done) / double(total) : 0.0;
  }

private:
  // The harness replays one core: a record on another core (a version-2 trace) is refused,
  // never replayed as if it were on core 0.
  void one_core_only(uint64_t n, unsigned core) {
    records_ += n;
    if (core == 0) return;
    throw BadTrace(path_ + ": record " + std::to_string(records_) + ": a record on core " + std::to_string(core) +
                   ": vmcosim replays one core (core 0) and does not replay multi-core traces yet");
  }

  vmc_trace_reader *r_;
  std::string path_;
  bool multicore_ = false;   // version 2: records may name cores other than 0
  uint64_t records_ = 0;     // records read so far (counted in version-2 traces only)
};

}  // namespace vmcsim

#endif
