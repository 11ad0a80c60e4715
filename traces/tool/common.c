/* Interruption, progress and small parsing helpers shared by the subcommands. */
#define _POSIX_C_SOURCE 200809L
#include "common.h"
#include "vmcutil/number.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t interrupted;

static void on_signal(int sig) {
  (void)sig;
  interrupted = 1;
}

void tool_catch_interrupts(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART; /* reads and writes go on; the loops poll the flag */
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
}

int tool_interrupted(void) { return interrupted; }

static int progress_shown;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

void tool_progress_bytes(const char *what, uint64_t records, uint64_t done, uint64_t total) {
  static int tty = -1;
  static double last;
  if (tty < 0)
    tty = isatty(STDERR_FILENO);
  if (!tty)
    return;
  double t = now();
  if (t - last < 0.25)
    return;
  last = t;
  if (total)
    fprintf(stderr, "\rvmctrace %s: %.1f M records, %.0f%%   ", what, records / 1e6,
            100.0 * (double)done / (double)total);
  else
    fprintf(stderr, "\rvmctrace %s: %.1f M records   ", what, records / 1e6);
  progress_shown = 1;
}

void tool_progress(const char *what, uint64_t records, const vmc_trace_reader *r) {
  uint64_t done = 0, total = 0;
  if (r)
    vmc_trace_progress(r, &done, &total);
  tool_progress_bytes(what, records, done, total);
}

void tool_progress_done(void) {
  if (progress_shown)
    fprintf(stderr, "\r%60s\r", "");
  progress_shown = 0;
}

static int ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcmp(s + n - m, suffix) == 0;
}

void tool_output_format(const char *path, int enc_opt, int gz_opt, vmc_encoding *enc, int *compress) {
  *compress = gz_opt >= 0 ? gz_opt : ends_with(path, ".gz");
  if (enc_opt >= 0)
    *enc = (vmc_encoding)enc_opt;
  else
    *enc = ends_with(path, ".vmtb") || ends_with(path, ".vmtb.gz") ? VMC_ENC_BINARY : VMC_ENC_TEXT;
}

int tool_parse_u64(const char *s, int binary, uint64_t *out) {
  const unsigned suffix = binary ? VMC_NUM_SUFFIX_BINARY : VMC_NUM_SUFFIX_DECIMAL;
  return vmc_parse_u64(s, suffix, UINT64_MAX, out) == VMC_NUM_OK ? 0 : -1;
}

int tool_parse_level(const char *s, int *level) {
  uint64_t n = 0;
  if (vmc_parse_u64(s, VMC_NUM_NO_SUFFIX, 9, &n) != VMC_NUM_OK || n == 0)
    return -1;
  *level = (int)n;
  return 0;
}

void tool_error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("vmctrace: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
}
