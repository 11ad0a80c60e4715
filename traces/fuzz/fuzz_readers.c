/* libFuzzer target for the trace readers: any bytes, in any encoding, plain or gzip. The
 * reader must never crash, leak or read out of bounds (ASan, UBSan), must only return records
 * that pass vmc_record_check, and must explain every failure with a message naming the input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmctrace/vmctrace.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  vmc_trace_err err;
  vmc_trace_reader *r = vmc_trace_open_memory(data, size, "fuzz-input", &err);
  if (!r) {
    if (!strstr(err.msg, "fuzz-input"))
      fprintf(stderr, "open error without the input's name: %s\n", err.msg), abort();
    return 0;
  }
  vmc_record rec;
  char msg[128];
  int rc;
  while ((rc = vmc_trace_next(r, &rec)) == 1)
    if (vmc_record_check(&rec, msg, sizeof msg) != 0)
      fprintf(stderr, "reader returned an invalid record: %s\n", msg), abort();
  if (rc < 0 && !strstr(vmc_trace_error(r), "fuzz-input"))
    fprintf(stderr, "error without the input's name: %s\n", vmc_trace_error(r)), abort();
  vmc_trace_close(r);
  return 0;
}
