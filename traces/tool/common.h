/* Shared by the vmctrace subcommands: interruption, progress, output naming, numbers. */
#ifndef VMCTRACE_TOOL_COMMON_H
#define VMCTRACE_TOOL_COMMON_H

#include <stdint.h>

#include "vmctrace/vmctrace.h"

/* Exit codes: 0 success, 1 failure (bad input, invalid trace), 2 usage, 130 interrupted. */
enum { EXIT_USAGE = 2, EXIT_INTERRUPTED = 130 };

/* SIGINT/SIGTERM set a flag that long loops poll; they then clean up and exit 130. */
void tool_catch_interrupts(void);
int tool_interrupted(void);

/* Progress on stderr, only when stderr is a terminal; at most a few times a second. */
void tool_progress(const char *what, uint64_t records, const vmc_trace_reader *r);
/* The same when the input is not a trace: done and total bytes (total 0 when unknown). */
void tool_progress_bytes(const char *what, uint64_t records, uint64_t done, uint64_t total);
void tool_progress_done(void);

/* Encoding and compression of an output: enc_opt and gz_opt when given (>= 0: --text or
 * --binary, --gzip or --no-gzip), else what its name implies: *.vmtb[.gz] binary, else text;
 * *.gz compressed. */
void tool_output_format(const char *path, int enc_opt, int gz_opt, vmc_encoding *enc, int *compress);

/* Parses a count with an optional K/M/G suffix (powers of 1000 for counts, of 1024 for sizes
 * when binary is set) with the project's number parser (vmcutil/number.h). 0 or -1. */
int tool_parse_u64(const char *s, int binary, uint64_t *out);

/* Parses a gzip level, 1 (fastest) to 9 (smallest), into *level. 0 or -1. */
int tool_parse_level(const char *s, int *level);

/* Prints "vmctrace: msg" to stderr. */
void tool_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

int cmd_convert(int argc, char **argv);
int cmd_print(int argc, char **argv);
int cmd_summary(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_gen(int argc, char **argv);
int cmd_import_lackey(int argc, char **argv);
int cmd_record(int argc, char **argv);

#endif
