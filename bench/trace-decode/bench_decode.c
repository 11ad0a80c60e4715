/* Trace decode speed: records per second through vmc_trace_next for the text and binary
 * encodings, plain and gzip, on a trace this program writes into the build folder first.
 *
 * House rule: every speed is also given as a ratio against a baseline measured in the same
 * run on the same file: the time to just get the bytes (read() for plain files, gzread() for
 * compressed ones, into a buffer that is then dropped). "x1.8 baseline" means decoding took
 * 1.8 times as long as reading the bytes alone.
 *
 * Every decode pass also checks a checksum of the records against the one computed while
 * generating them, so a fast but wrong decoder fails the run.
 *
 * usage: bench_decode [--records N] [--dir DIR] [--repeat R] */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "vmctrace/vmctrace.h"
#include "vmcutil/number.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static uint64_t mix(uint64_t h, uint64_t v) { return (h ^ v) * 0x100000001b3ull; }

static uint64_t record_hash(uint64_t h, const vmc_record *r) {
  h = mix(h, r->kind);
  if (r->kind == VMC_ACCESS)
    return mix(mix(mix(h, r->va), r->op), r->size);
  return mix(mix(h, r->pid), r->va);
}

/* A workload like a real program's: mostly sequential fetches, data accesses with locality
 * plus some random ones, a context switch now and then between two processes. */
static int generate(const char *path, vmc_encoding enc, int gz, uint64_t n, uint64_t *hash) {
  vmc_trace_err err;
  vmc_trace_writer *w = vmc_trace_writer_open(path, enc, gz, 1, &err);
  if (!w) {
    fprintf(stderr, "bench_decode: %s\n", err.msg);
    return -1;
  }
  uint64_t h = 0xcbf29ce484222325ull, x = 12345;
  vmc_record r;
  for (uint32_t pid = 1; pid <= 2; pid++) {
    memset(&r, 0, sizeof r);
    r.kind = VMC_CREATE, r.pid = pid;
    vmc_trace_write(w, &r), h = record_hash(h, &r);
    r.kind = VMC_MMAP, r.va = 0x01000000, r.len = 0x100000, r.prot = VMC_PROT_R | VMC_PROT_X;
    vmc_trace_write(w, &r), h = record_hash(h, &r);
    r.kind = VMC_MMAP, r.va = 0x10000000, r.len = 0x1000000, r.prot = VMC_PROT_R | VMC_PROT_W;
    vmc_trace_write(w, &r), h = record_hash(h, &r);
  }
  uint32_t pc = 0, data = 0;
  for (uint64_t i = 0; i < n; i++) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    memset(&r, 0, sizeof r);
    if (i % 50000 == 0) {
      r.kind = VMC_SWITCH, r.pid = 1 + (uint32_t)(i / 50000 % 2);
    } else if (x % 10 < 6) {
      if (x % 97 == 0)
        pc = (uint32_t)(x >> 20) % 0x100000 & ~3u;
      r.kind = VMC_ACCESS, r.op = VMC_OP_FETCH, r.va = 0x01000000 + pc, r.size = 4;
      pc = (pc + 4) % 0x100000;
    } else {
      if (x % 10 == 9)
        data = (uint32_t)(x >> 24) % 0x1000000 & ~7u;
      else
        data = (data + 8) % 0x1000000;
      r.kind = VMC_ACCESS, r.op = x % 3 == 0 ? VMC_OP_WRITE : VMC_OP_READ, r.va = 0x10000000 + data, r.size = 8;
    }
    if (vmc_trace_write(w, &r) < 0) {
      fprintf(stderr, "bench_decode: %s\n", vmc_trace_writer_error(w));
      vmc_trace_writer_abort(w);
      return -1;
    }
    h = record_hash(h, &r);
  }
  *hash = h;
  if (vmc_trace_writer_close(w, &err) < 0) {
    fprintf(stderr, "bench_decode: %s\n", err.msg);
    return -1;
  }
  return 0;
}

/* Baseline: the bytes alone, through the same kind of call the reader makes. */
static double read_bytes(const char *path, int gz, uint64_t *bytes) {
  static char buf[1 << 19];
  double t0 = now();
  uint64_t total = 0;
  if (gz) {
    gzFile f = gzopen(path, "rb");
    if (!f)
      return -1;
    gzbuffer(f, 1 << 18);
    int got;
    while ((got = gzread(f, buf, sizeof buf)) > 0)
      total += (uint64_t)got;
    gzclose(f);
  } else {
    int fd = open(path, O_RDONLY);
    if (fd < 0)
      return -1;
    ssize_t got;
    while ((got = read(fd, buf, sizeof buf)) > 0)
      total += (uint64_t)got;
    close(fd);
  }
  *bytes = total;
  return now() - t0;
}

/* Decode pass: time, record count and checksum. */
static double decode(const char *path, uint64_t *count, uint64_t *hash) {
  vmc_trace_err err;
  double t0 = now();
  vmc_trace_reader *r = vmc_trace_open(path, &err);
  if (!r) {
    fprintf(stderr, "bench_decode: %s\n", err.msg);
    return -1;
  }
  vmc_record rec;
  uint64_t n = 0, h = 0xcbf29ce484222325ull;
  int rc;
  while ((rc = vmc_trace_next(r, &rec)) == 1) {
    h = record_hash(h, &rec);
    n++;
  }
  double t = now() - t0;
  if (rc < 0)
    fprintf(stderr, "bench_decode: %s\n", vmc_trace_error(r));
  vmc_trace_close(r);
  *count = n;
  *hash = h;
  return rc < 0 ? -1 : t;
}

int main(int argc, char **argv) {
  uint64_t n = 5000000;
  const char *dir = ".";
  uint64_t repeat = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--records") &&
        vmc_parse_u64(argv[i + 1], VMC_NUM_SUFFIX_DECIMAL, UINT64_MAX, &n) != VMC_NUM_OK)
      n = 0;
    else if (!strcmp(argv[i], "--dir"))
      dir = argv[i + 1];
    else if (!strcmp(argv[i], "--repeat") &&
             vmc_parse_u64(argv[i + 1], VMC_NUM_NO_SUFFIX, 1000, &repeat) != VMC_NUM_OK)
      repeat = 0;
  }
  if (n < 10 || repeat < 1) {
    fprintf(stderr, "usage: bench_decode [--records N>=10] [--dir DIR] [--repeat R>=1]\n");
    return 2;
  }
  static const struct {
    const char *suffix, *label;
    vmc_encoding enc;
    int gz;
    double target; /* records/s the design aims for, 0 = none */
  } kinds[] = {
      {"vmtb", "binary", VMC_ENC_BINARY, 0, 50e6},
      {"vmtb.gz", "binary+gzip", VMC_ENC_BINARY, 1, 0},
      {"vmt", "text", VMC_ENC_TEXT, 0, 10e6},
      {"vmt.gz", "text+gzip", VMC_ENC_TEXT, 1, 0},
  };
  int failed = 0;
  uint64_t records = n + 6; /* the accesses/switches plus 2 creates and 4 mmaps */
  printf("trace-decode: %llu records, best of %d passes each\n", (unsigned long long)records, (int)repeat);
  printf("%-12s %10s %8s %12s %14s %12s %s\n", "encoding", "bytes", "B/rec", "M rec/s", "baseline MB/s",
         "vs baseline", "target");
  for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
    char path[1024];
    snprintf(path, sizeof path, "%s/bench-decode.%s", dir, kinds[k].suffix);
    uint64_t want_hash;
    if (generate(path, kinds[k].enc, kinds[k].gz, n, &want_hash) < 0)
      return 1;
    double best_dec = 1e30, best_base = 1e30;
    uint64_t bytes = 0;
    for (uint64_t rep = 0; rep < repeat; rep++) {
      double tb = read_bytes(path, kinds[k].gz, &bytes);
      uint64_t got_n, got_hash;
      double td = decode(path, &got_n, &got_hash);
      if (tb < 0 || td < 0)
        return 1;
      if (got_n != records || got_hash != want_hash) {
        fprintf(stderr, "bench_decode: %s: decoded %llu records (want %llu), checksum %s\n", path,
                (unsigned long long)got_n, (unsigned long long)records, got_hash == want_hash ? "ok" : "WRONG");
        failed = 1;
      }
      if (td < best_dec)
        best_dec = td;
      if (tb < best_base)
        best_base = tb;
    }
    uint64_t file_bytes = 0;
    FILE *f = fopen(path, "rb");
    if (f) {
      fseek(f, 0, SEEK_END);
      file_bytes = (uint64_t)ftell(f);
      fclose(f);
    }
    double rate = (double)records / best_dec;
    char target[40] = "-";
    if (kinds[k].target)
      snprintf(target, sizeof target, "%.0f M: %s", kinds[k].target / 1e6, rate >= kinds[k].target ? "met" : "MISSED");
    printf("%-12s %10llu %8.2f %12.1f %14.0f %11.2fx %s\n", kinds[k].label, (unsigned long long)file_bytes,
           (double)file_bytes / (double)records, rate / 1e6, (double)bytes / best_base / 1e6, best_dec / best_base,
           target);
    remove(path);
  }
  if (failed)
    printf("trace-decode: FAILED: a decode pass returned wrong records\n");
  return failed;
}
