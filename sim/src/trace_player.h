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
  }
  ~TracePlayer() { vmc_trace_close(r_); }
  TracePlayer(const TracePlayer &) = delete;
  TracePlayer &operator=(const TracePlayer &) = delete;

  // true with the next record, false at the end; throws BadTrace with file and line/offset.
  bool next(vmc_record &rec) {
    const int rc = vmc_trace_next(r_, &rec);
    if (rc < 0) throw BadTrace(vmc_trace_error(r_));
    return rc == 1;
  }
  // Up to max access records in a row into out (how many; 0: the next record is something
  // else, the end or an error, which next() then returns or throws).
  int next_accesses(vmc_access_rec *out, int max) {
    return vmc_trace_next_accesses(r_, out, max);
  }
  // The trace's format may put records on cores other than 0 (version 2); the harness
  // checks each record's core against --cores (CosimTop::use_core).
  bool multicore() const { return vmc_trace_version(r_) >= VMC_TRACE_VERSION_MULTICORE; }
  // Share of the file read so far, 0..1 (0 when unknown).
  double progress() const {
    uint64_t done = 0, total = 0;
    vmc_trace_progress(r_, &done, &total);
    return total ? double(done) / double(total) : 0.0;
  }

private:
  vmc_trace_reader *r_;
};

}  // namespace vmcsim

#endif
