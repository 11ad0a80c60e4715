/* Speed of `vmcosim --mode functional` on a raw binary trace, as a ratio to a reference loop
 * measured in the same run: the setting of a trace-driven TLB simulator such as Dinero IV
 * reading binary records (64-entry fully associative LRU ITLB and DTLB, 4 KiB pages, no L2TLB).
 *
 * The reference loop is written here on purpose, sharing no code with vmcosim: it reads the
 * whole .vmtb file, decodes its records (docs/trace-format.md, "Binary encoding") and looks
 * every access's page up in a 64-entry move-to-front LRU list, with no OS, no statistics and no
 * permission checks. Rounds are interleaved (reference, vmcosim, again) and the best of each
 * is kept, since this machine's speed drifts over minutes; CPU time is the steadier figure.
 *
 * vmcosim's rate is taken twice: over its statistics window (--host-stats: from the end of
 * boot, as vmcosim reports it) and over the whole process (start, boot, writing the JSON).
 * When the trace has one process and nothing that invalidates the TLBs (no munmap, mprotect,
 * fork or exit), the reference's misses must equal vmcosim's architectural misses (retries
 * after faults left out), or the run fails: both then simulate the same TLBs.
 *
 * usage: bench_functional --vmcosim PATH --trace FILE.vmtb [--repeat R] [--dir DIR] */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "vmcutil/number.h"

enum { kEntries = 64 };

static double now(int clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ---- The reference loop ------------------------------------------------------------------ */

/* A fully associative LRU TLB of 4 KiB pages: tags in recency order, most recent first. */
typedef struct {
  uint32_t tag[kEntries];
  unsigned n;
  uint64_t misses;
} fa_lru;

static inline void lookup(fa_lru *t, uint32_t vpn) {
  unsigned i = 0;
  while (i < t->n && t->tag[i] != vpn)
    i++;
  if (i == t->n) {
    t->misses++;
    if (t->n < kEntries)
      t->n++;
    i = t->n - 1; /* the least recent entry (or a free one) makes room */
  }
  memmove(&t->tag[1], &t->tag[0], i * sizeof t->tag[0]);
  t->tag[0] = vpn;
}

typedef struct {
  uint64_t accesses;    /* since the start or the warmup_end marker */
  uint64_t imisses, dmisses;
  int invalidating;     /* the trace has events after which the TLBs would be invalidated */
  const char *error;    /* NULL, or why the trace could not be decoded */
  size_t error_at;
} ref_result;

typedef struct {
  const uint8_t *p, *end;
  const char *error;
} cursor;

static uint64_t varint(cursor *c) {
  uint64_t v = 0;
  for (unsigned shift = 0; shift < 64; shift += 7) {
    if (c->p == c->end) {
      c->error = "truncated record";
      return 0;
    }
    const uint8_t b = *c->p++;
    v |= (uint64_t)(b & 0x7F) << shift;
    if (!(b & 0x80))
      return v;
  }
  c->error = "varint longer than 10 bytes";
  return 0;
}

static uint8_t byte(cursor *c) {
  if (c->p == c->end) {
    c->error = "truncated record";
    return 0;
  }
  return *c->p++;
}

/* Decodes the records of buf[0..len) and looks every access up. */
static void reference(const uint8_t *buf, size_t len, ref_result *r) {
  static const uint8_t magic[8] = {0x89, 'V', 'M', 'T', 'B', '\n', 1, 0};
  memset(r, 0, sizeof *r);
  if (len < 8 || memcmp(buf, magic, 8) != 0) {
    r->error = "not a raw version-1 .vmtb file (convert it: vmctrace convert IN OUT.vmtb --no-gzip)";
    return;
  }
  fa_lru itlb = {{0}, 0, 0}, dtlb = {{0}, 0, 0};
  uint32_t last[2] = {0, 0}, delta[2] = {0, 0}; /* data and fetch streams */
  uint64_t accesses = 0, total = 0, at_exit = UINT64_MAX;
  uint32_t pid = 0;
  cursor c = {buf + 8, buf + len, NULL};
  while (c.p < c.end && !c.error) {
    const uint8_t *rec = c.p;
    const uint8_t tag = *c.p++;
    if (tag < 0x80) {
      const unsigned op = tag & 3u, code = (tag >> 3) & 7u;
      if (op == 3) {
        c.error = "operation 3";
        c.p = rec;
        break;
      }
      const uint32_t size = code == 7 ? byte(&c) : 1u << code;
      const int s = op == 2;
      if (!(tag & 0x40)) {
        const uint64_t z = varint(&c);
        delta[s] = (uint32_t)(z >> 1) ^ (uint32_t)-(int64_t)(z & 1);
      }
      const uint32_t va = last[s] += delta[s];
      fa_lru *t = s ? &itlb : &dtlb;
      lookup(t, va >> 12);
      if ((va + size - 1u) >> 12 != va >> 12)
        lookup(t, (va + size - 1u) >> 12); /* crosses into the next page */
      accesses++;
      total++;
      continue;
    }
    switch (tag) {
    case 0x80: /* create */
    case 0x83: /* switch */
    {
      const uint32_t p = (uint32_t)varint(&c);
      if (pid && p != pid)
        r->invalidating = 1; /* a second process: ASIDs, which the reference has not */
      pid = p;
      break;
    }
    case 0x81: /* exit: its TLB entries matter only if accesses follow */
      varint(&c);
      if (at_exit == UINT64_MAX)
        at_exit = total;
      break;
    case 0x82: /* fork */
      varint(&c);
      varint(&c);
      r->invalidating = 1;
      break;
    case 0x84: { /* mmap */
      varint(&c);
      varint(&c);
      varint(&c);
      const uint8_t flags = byte(&c);
      if (((flags >> 3) & 3u) == 1) { /* a file mapping: file id, offset */
        varint(&c);
        varint(&c);
      }
      break;
    }
    case 0x85: /* munmap */
    case 0x86: /* mprotect */
      varint(&c);
      varint(&c);
      varint(&c);
      if (tag == 0x86)
        byte(&c);
      r->invalidating = 1;
      break;
    case 0x87: { /* marker: statistics restart at warmup_end */
      varint(&c);
      const uint8_t n = byte(&c);
      if (!c.error && (size_t)(c.end - c.p) >= n) {
        if (n == 10 && memcmp(c.p, "warmup_end", 10) == 0) {
          accesses = 0;
          itlb.misses = dtlb.misses = 0;
        }
        c.p += n;
      } else {
        c.error = "truncated record";
      }
      break;
    }
    case 0xFF: /* end */
      varint(&c);
      c.end = c.p; /* the end record ends the trace */
      break;
    default:
      c.error = "unknown record kind";
      c.p = rec;
      break;
    }
  }
  if (total > at_exit)
    r->invalidating = 1;
  r->accesses = accesses;
  r->imisses = itlb.misses;
  r->dmisses = dtlb.misses;
  if (c.error) {
    r->error = c.error;
    r->error_at = (size_t)(c.p - buf);
  }
}

/* ---- vmcosim ------------------------------------------------------------------------------- */

/* The number after "key": in the JSON object "section": {...} of text; -1 when absent. */
static double json_number(const char *text, const char *section, const char *key) {
  char want[96];
  snprintf(want, sizeof want, "\"%s\":", section);
  const char *s = strstr(text, want);
  if (!s)
    return -1;
  const char *close = strchr(s, '}');
  snprintf(want, sizeof want, "\"%s\":", key);
  const char *k = strstr(s, want);
  if (!k || (close && k > close))
    return -1;
  return strtod(k + strlen(want), NULL);
}

typedef struct {
  double window_cpu, window_rate; /* statistics window (host.cpuSeconds, per CPU second) */
  double process_cpu, process_wall;
  double accesses, imisses, dmisses;
} sim_result;

static char *slurp(const char *path, size_t *len) {
  int fd = open(path, O_RDONLY);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0) {
    if (fd >= 0)
      close(fd);
    return NULL;
  }
  char *buf = malloc((size_t)st.st_size + 1);
  size_t have = 0;
  while (buf && have < (size_t)st.st_size) {
    const ssize_t got = read(fd, buf + have, (size_t)st.st_size - have);
    if (got <= 0)
      break;
    have += (size_t)got;
  }
  close(fd);
  if (buf && have != (size_t)st.st_size) {
    free(buf);
    buf = NULL;
  }
  if (buf) {
    buf[have] = 0;
    *len = have;
  }
  return buf;
}

static double tv(struct timeval t) { return (double)t.tv_sec + (double)t.tv_usec * 1e-6; }

/* Runs vmcosim in functional mode on the trace; 0 on success. */
static int run_vmcosim(const char *exe, const char *trace, const char *stats, sim_result *out) {
  struct rusage before, after;
  getrusage(RUSAGE_CHILDREN, &before);
  const double t = now(CLOCK_MONOTONIC);
  const pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    execl(exe, exe, "--mode", "functional", "--itlb", "1x64:lru", "--dtlb", "1x64:lru", "--l2tlb",
          "none", "--host-stats", "--quiet", "--stats", stats, trace, (char *)NULL);
    _exit(127);
  }
  int st;
  if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
    fprintf(stderr, "bench_functional: %s failed on %s\n", exe, trace);
    return -1;
  }
  out->process_wall = now(CLOCK_MONOTONIC) - t;
  getrusage(RUSAGE_CHILDREN, &after);
  out->process_cpu = tv(after.ru_utime) + tv(after.ru_stime) - tv(before.ru_utime) - tv(before.ru_stime);
  size_t len;
  char *json = slurp(stats, &len);
  if (!json) {
    perror(stats);
    return -1;
  }
  out->window_cpu = json_number(json, "host", "cpuSeconds");
  out->window_rate = json_number(json, "host", "accessesPerCpuSecond");
  out->accesses = json_number(json, "accesses", "total");
  out->imisses = json_number(json, "itb", "archMisses");
  out->dmisses = json_number(json, "dtb", "archMisses");
  free(json);
  if (out->window_cpu < 0 || out->window_rate < 0 || out->accesses < 0 || out->imisses < 0 ||
      out->dmisses < 0) {
    fprintf(stderr, "bench_functional: %s: host.cpuSeconds, accesses.total or archMisses missing\n", stats);
    return -1;
  }
  return 0;
}

static int usage(void) {
  fprintf(stderr, "usage: bench_functional --vmcosim PATH --trace FILE.vmtb [--repeat R] [--dir DIR]\n");
  return 2;
}

int main(int argc, char **argv) {
  const char *exe = NULL, *trace = NULL, *dir = ".";
  uint64_t repeat = 3;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!v)
      return usage();
    if (strcmp(a, "--vmcosim") == 0)
      exe = v;
    else if (strcmp(a, "--trace") == 0)
      trace = v;
    else if (strcmp(a, "--dir") == 0)
      dir = v;
    else if (strcmp(a, "--repeat") == 0) {
      if (vmc_parse_u64(v, VMC_NUM_NO_SUFFIX, 100, &repeat) != VMC_NUM_OK || repeat == 0) {
        fprintf(stderr, "bench_functional: --repeat: not a count from 1 to 100: '%s'\n", v);
        return 2;
      }
    } else
      return usage();
    i++;
  }
  if (!exe || !trace)
    return usage();
  char stats[4096];
  snprintf(stats, sizeof stats, "%s/bench-functional-stats.json", dir);

  double best_ref = 1e30, best_win = 1e30, best_proc = 1e30, best_proc_wall = 1e30;
  ref_result ref = {0};
  sim_result sim = {0};
  for (uint64_t round = 0; round < repeat; round++) {
    /* The reference: reading the file is part of its time, as it is of vmcosim's. */
    const double c0 = now(CLOCK_PROCESS_CPUTIME_ID);
    size_t len;
    uint8_t *buf = (uint8_t *)slurp(trace, &len);
    if (!buf) {
      perror(trace);
      return 1;
    }
    reference(buf, len, &ref);
    const double c1 = now(CLOCK_PROCESS_CPUTIME_ID) - c0;
    free(buf);
    if (ref.error) {
      fprintf(stderr, "bench_functional: %s: byte %zu: %s\n", trace, ref.error_at, ref.error);
      return 1;
    }
    if (c1 < best_ref)
      best_ref = c1;
    if (run_vmcosim(exe, trace, stats, &sim) != 0)
      return 1;
    if (sim.window_cpu < best_win)
      best_win = sim.window_cpu;
    if (sim.process_cpu < best_proc)
      best_proc = sim.process_cpu;
    if (sim.process_wall < best_proc_wall)
      best_proc_wall = sim.process_wall;
  }
  unlink(stats);
  const double n = (double)ref.accesses;
  printf("functional speed: %s, %llu accesses; ITLB and DTLB 1x64:lru, no L2TLB; best of %llu "
         "interleaved rounds, CPU time\n",
         trace, (unsigned long long)ref.accesses, (unsigned long long)repeat);
  printf("%-46s  %10s  %8s\n", "", "M acc/s", "CPU s");
  printf("%-46s  %10.2f  %8.3f\n", "reference loop", n / best_ref / 1e6, best_ref);
  printf("%-46s  %10.2f  %8.3f\n", "vmcosim functional, statistics window", n / best_win / 1e6, best_win);
  printf("%-46s  %10.2f  %8.3f\n", "vmcosim functional, whole process", n / best_proc / 1e6, best_proc);
  printf("%-46s  %10.3f\n", "ratio statistics window / reference", best_ref / best_win);
  printf("%-46s  %10.3f\n", "ratio whole process / reference", best_ref / best_proc);
  printf("vmcosim whole process: best wall %.3f s\n", best_proc_wall);
  if (sim.accesses != n) {
    fprintf(stderr, "bench_functional: vmcosim counted %.0f accesses, the reference %.0f\n", sim.accesses, n);
    return 1;
  }
  if (ref.invalidating) {
    printf("misses not compared: the trace has several processes or events that invalidate TLBs\n");
    return 0;
  }
  printf("misses: reference ITLB %llu DTLB %llu, vmcosim architectural ITLB %.0f DTLB %.0f\n",
         (unsigned long long)ref.imisses, (unsigned long long)ref.dmisses, sim.imisses, sim.dmisses);
  if (sim.imisses != (double)ref.imisses || sim.dmisses != (double)ref.dmisses) {
    fprintf(stderr, "bench_functional: the misses differ: the two do not simulate the same TLBs\n");
    return 1;
  }
  return 0;
}
