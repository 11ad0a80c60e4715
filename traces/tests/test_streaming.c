/* Readers stream: reading a trace 40 times longer must not take more memory. Each trace is
 * read in a child process and the child's peak resident size compared (wait4's rusage).
 * The long traces are tens of MB, so a reader that held them would show at once.
 *
 * usage: test_streaming DIR */
#define _DEFAULT_SOURCE /* wait4 */
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "vmctrace/vmctrace.h"

static void write_trace(const char *path, vmc_encoding enc, int gz, long n) {
  vmc_trace_err err;
  vmc_trace_writer *w = vmc_trace_writer_open(path, enc, gz, 1, &err);
  if (!w) {
    fprintf(stderr, "%s\n", err.msg);
    exit(2);
  }
  uint32_t x = 1;
  for (long i = 0; i < n; i++) {
    x = x * 1664525u + 1013904223u;
    vmc_record r = {.kind = VMC_ACCESS, .op = (uint8_t)(x >> 30 == 3 ? 2 : x >> 30), .va = x & ~3u, .size = 4};
    vmc_trace_write(w, &r);
  }
  if (vmc_trace_writer_close(w, &err)) {
    fprintf(stderr, "%s\n", err.msg);
    exit(2);
  }
}

/* Reads the whole trace in a child; returns its peak RSS in KiB, or -1. */
static long child_peak_kib(const char *path, long want) {
  pid_t pid = fork();
  if (pid == 0) {
    vmc_trace_err err;
    vmc_trace_reader *r = vmc_trace_open(path, &err);
    if (!r)
      _exit(3);
    vmc_record rec;
    long n = 0;
    while (vmc_trace_next(r, &rec) == 1)
      n++;
    vmc_trace_close(r);
    _exit(n == want ? 0 : 4);
  }
  int status;
  struct rusage ru;
  if (pid < 0 || wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return -1;
  return ru.ru_maxrss;
}

int main(int argc, char **argv) {
  if (argc != 2)
    return fprintf(stderr, "usage: test_streaming DIR\n"), 2;
  static const struct { const char *suffix; vmc_encoding enc; int gz; } kinds[] = {
      {"vmt", VMC_ENC_TEXT, 0}, {"vmt.gz", VMC_ENC_TEXT, 1}, {"vmtb", VMC_ENC_BINARY, 0}, {"vmtb.gz", VMC_ENC_BINARY, 1}};
  const long small = 50000, large = 2000000;
  for (int k = 0; k < 4; k++) {
    char ps[1024], pl[1024];
    snprintf(ps, sizeof ps, "%s/small.%s", argv[1], kinds[k].suffix);
    snprintf(pl, sizeof pl, "%s/large.%s", argv[1], kinds[k].suffix);
    write_trace(ps, kinds[k].enc, kinds[k].gz, small);
    write_trace(pl, kinds[k].enc, kinds[k].gz, large);
    long a = child_peak_kib(ps, small), b = child_peak_kib(pl, large);
    CHECK(a > 0 && b > 0, "%s: reading failed", kinds[k].suffix);
    printf("%-8s peak RSS: %ld KiB for %ld records, %ld KiB for %ld records\n", kinds[k].suffix, a, small, b, large);
    CHECK(b - a < 2048, "%s: reading %ld records took %ld KiB more than %ld records", kinds[k].suffix, large, b - a,
          small);
    remove(ps);
    remove(pl);
  }
  return check_report("traces.reader.streaming");
}
