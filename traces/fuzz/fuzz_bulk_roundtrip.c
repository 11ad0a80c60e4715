/* libFuzzer target: for any input the reader accepts as a whole trace,
 *   - bulk reading (vmc_trace_next_accesses in batches of 1..8 sizes picked from the input,
 *     mixed with vmc_trace_next) returns exactly the records of one-by-one reading, and ends
 *     the same way (the same end or the same error);
 *   - the trace writer's round trip holds: the records written (binary or text, plain or gzip,
 *     chosen from the input, in the input's format version) and read back are the records read.
 * Records are compared through vmc_record_format (the text form), which names every field. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vmctrace/vmctrace.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

enum { MAX_RECORDS = 4096 };

static vmc_record recs[MAX_RECORDS];
static unsigned version; /* the input's format version */

static void die(const char *what, const char *detail) {
  fprintf(stderr, "%s: %s\n", what, detail);
  abort();
}

static void same(const vmc_record *a, const vmc_record *b, const char *what) {
  char x[512], y[512];
  vmc_record_format(a, x, sizeof x);
  vmc_record_format(b, y, sizeof y);
  if (strcmp(x, y) != 0) {
    fprintf(stderr, "%s: '%s' != '%s'\n", what, x, y);
    abort();
  }
}

/* One-by-one: the records (at most MAX_RECORDS) and the final status. */
static int read_all(const unsigned char *data, size_t size, size_t *n) {
  vmc_trace_err err;
  vmc_trace_reader *r = vmc_trace_open_memory(data, size, "fuzz-input", &err);
  if (!r)
    return -2;
  version = vmc_trace_version(r);
  int rc;
  *n = 0;
  while (*n < MAX_RECORDS && (rc = vmc_trace_next(r, &recs[*n])) == 1)
    ++*n;
  if (*n == MAX_RECORDS)
    rc = 2; /* too long to compare: stop here */
  vmc_trace_close(r);
  return rc;
}

static void bulk_matches(const unsigned char *data, size_t size, size_t n, int rc_one) {
  vmc_trace_err err;
  vmc_trace_reader *r = vmc_trace_open_memory(data, size, "fuzz-input", &err);
  if (!r)
    die("bulk open failed where one-by-one opened", err.msg);
  vmc_access_rec acc[8];
  size_t i = 0, k = 0;
  int rc = 1;
  while (i < n) {
    const int max = 1 + (size ? data[k++ % size] : 0) % 8;
    const int got = vmc_trace_next_accesses(r, acc, max);
    for (int j = 0; j < got; j++, i++) {
      if (i >= n && rc_one == 2)
        goto capped; /* one-by-one stopped at MAX_RECORDS: nothing further to compare */
      if (i >= n)
        die("bulk", "more records than one-by-one");
      const vmc_record *w = &recs[i];
      if (w->kind != VMC_ACCESS || w->va != acc[j].va || w->pid != acc[j].pid ||
          w->op != acc[j].op || w->priv != acc[j].priv || w->size != acc[j].size ||
          w->core != acc[j].core)
        die("bulk", "an access differs from one-by-one reading");
    }
    if (got > 0 || i >= n)
      continue;
    vmc_record rec;
    if ((rc = vmc_trace_next(r, &rec)) != 1)
      break;
    same(&recs[i++], &rec, "bulk then next");
  }
  if (rc_one != 2 && i == n) {
    vmc_record rec;
    while (vmc_trace_next_accesses(r, acc, 8) > 0)
      die("bulk", "accesses after the last record");
    rc = vmc_trace_next(r, &rec);
    if (rc != rc_one)
      die("bulk", "ends differently from one-by-one reading");
  } else if (rc_one != 2) {
    die("bulk", "fewer records than one-by-one");
  }
capped:
  vmc_trace_close(r);
}

static void round_trip(const unsigned char *data, size_t size, size_t n) {
  char path[64];
  const unsigned pick = size ? data[size - 1] : 0;
  const vmc_encoding enc = (pick & 1) ? VMC_ENC_BINARY : VMC_ENC_TEXT;
  const int gz = (pick >> 1) & 1;
  snprintf(path, sizeof path, "/tmp/fuzz-roundtrip-%d.trace", (int)getpid());
  vmc_trace_err err;
  vmc_trace_writer *w = vmc_trace_writer_open_version(path, enc, gz, 1, version, &err);
  if (!w)
    die("writer open", err.msg);
  for (size_t i = 0; i < n; i++)
    if (vmc_trace_write(w, &recs[i]) != 0)
      die("write of a record the reader returned", vmc_trace_writer_error(w));
  if (vmc_trace_writer_close(w, &err) != 0)
    die("writer close", err.msg);
  vmc_trace_reader *r = vmc_trace_open(path, &err);
  if (!r)
    die("reopen of a written trace", err.msg);
  vmc_record rec;
  for (size_t i = 0; i < n; i++) {
    if (vmc_trace_next(r, &rec) != 1)
      die("round trip: fewer records", vmc_trace_error(r));
    same(&recs[i], &rec, "round trip");
    if (rec.kind == VMC_ACCESS && rec.pid != recs[i].pid)
      die("round trip", "an access reads back with another process");
  }
  if (vmc_trace_next(r, &rec) != 0)
    die("round trip: does not end after the records", vmc_trace_error(r));
  vmc_trace_close(r);
  unlink(path);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  size_t n = 0;
  const int rc = read_all(data, size, &n);
  if (rc == -2)
    return 0;
  bulk_matches(data, size, n, rc);
  if (rc == 0)
    round_trip(data, size, n);
  return 0;
}
