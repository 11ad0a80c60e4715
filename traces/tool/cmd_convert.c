/* convert: re-encode a trace; print: the trace as text on stdout. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

/* Copies records from r to w until the end, an error, an interrupt or limit records. */
static int copy(vmc_trace_reader *r, vmc_trace_writer *w, uint64_t limit, const char *what) {
  vmc_record rec;
  uint64_t n = 0;
  int rc;
  while (n < limit && (rc = vmc_trace_next(r, &rec)) == 1) {
    if (vmc_trace_write(w, &rec) < 0) {
      tool_progress_done();
      tool_error("%s", vmc_trace_writer_error(w));
      return 1;
    }
    if ((++n & 0xffff) == 0) {
      if (tool_interrupted())
        break;
      tool_progress(what, n, r);
    }
  }
  tool_progress_done();
  if (tool_interrupted()) {
    tool_error("interrupted");
    return EXIT_INTERRUPTED;
  }
  if (n < limit && rc < 0) {
    tool_error("%s", vmc_trace_error(r));
    return 1;
  }
  return 0;
}

static int finish(vmc_trace_writer *w, int status) {
  if (status) {
    vmc_trace_writer_abort(w);
    return status;
  }
  vmc_trace_err err;
  if (vmc_trace_writer_close(w, &err) < 0) {
    tool_error("%s", err.msg);
    return 1;
  }
  return 0;
}

int cmd_convert(int argc, char **argv) {
  const char *in = NULL, *out = NULL;
  int enc_opt = -1, gz_opt = -1, level = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--text") || !strcmp(argv[i], "-t"))
      enc_opt = VMC_ENC_TEXT;
    else if (!strcmp(argv[i], "--binary") || !strcmp(argv[i], "-b"))
      enc_opt = VMC_ENC_BINARY;
    else if (!strcmp(argv[i], "--gzip") || !strcmp(argv[i], "-z"))
      gz_opt = 1;
    else if (!strcmp(argv[i], "--no-gzip"))
      gz_opt = 0;
    else if (!strcmp(argv[i], "--level") && i + 1 < argc) {
      if (tool_parse_level(argv[++i], &level))
        return tool_error("convert: --level '%s': not a number from 1 to 9", argv[i]), EXIT_USAGE;
    }
    else if (argv[i][0] == '-' && argv[i][1])
      return tool_error("convert: unknown option '%s'", argv[i]), EXIT_USAGE;
    else if (!in)
      in = argv[i];
    else if (!out)
      out = argv[i];
    else
      return tool_error("convert: too many arguments"), EXIT_USAGE;
  }
  if (!in || !out)
    return tool_error("usage: vmctrace convert IN OUT [--text|--binary] [--gzip|--no-gzip] [--level N]"), EXIT_USAGE;
  vmc_encoding enc;
  int gz;
  tool_output_format(out, enc_opt, gz_opt, &enc, &gz);
  vmc_trace_err err;
  vmc_trace_reader *r = vmc_trace_open(in, &err);
  if (!r)
    return tool_error("%s", err.msg), 1;
  /* the input's version: a single-core trace stays version 1, byte for byte */
  vmc_trace_writer *w = vmc_trace_writer_open_version(out, enc, gz, level, vmc_trace_version(r), &err);
  if (!w) {
    vmc_trace_close(r);
    return tool_error("%s", err.msg), 1;
  }
  int status = copy(r, w, UINT64_MAX, "convert");
  vmc_trace_close(r);
  return finish(w, status);
}

int cmd_print(int argc, char **argv) {
  const char *in = NULL;
  uint64_t limit = UINT64_MAX;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--limit") && i + 1 < argc) {
      if (tool_parse_u64(argv[++i], 0, &limit))
        return tool_error("print: bad --limit '%s'", argv[i]), EXIT_USAGE;
    } else if (argv[i][0] == '-' && argv[i][1]) {
      return tool_error("print: unknown option '%s'", argv[i]), EXIT_USAGE;
    } else if (!in) {
      in = argv[i];
    } else {
      return tool_error("print: too many arguments"), EXIT_USAGE;
    }
  }
  if (!in)
    return tool_error("usage: vmctrace print TRACE [--limit N]"), EXIT_USAGE;
  vmc_trace_err err;
  vmc_trace_reader *r = vmc_trace_open(in, &err);
  if (!r)
    return tool_error("%s", err.msg), 1;
  vmc_trace_writer *w = vmc_trace_writer_open_version("-", VMC_ENC_TEXT, 0, 0, vmc_trace_version(r), &err);
  if (!w) {
    vmc_trace_close(r);
    return tool_error("%s", err.msg), 1;
  }
  int status = copy(r, w, limit, "print");
  vmc_trace_close(r);
  return finish(w, status);
}
