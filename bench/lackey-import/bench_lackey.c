/* Speed of `vmctrace import-lackey`: lackey lines per second, end to end (the tool run as a
 * program on a log file, writing a binary trace, plain and gzip at the default level and at 1).
 *
 * House rule: the speed is also given as a ratio against a baseline measured in the same run
 * on the same file: a plain read-and-parse loop (read() in large blocks, split into lines,
 * address and size of each access line parsed with strtoull) that writes nothing. "x1.4
 * baseline" means the import took 1.4 times as long as that loop. Passes are interleaved
 * (baseline, import, import to gzip, gzip level 1, again) and the best of each is kept, since this machine's
 * speed drifts over minutes. Wall time and CPU time (user + system) are both given: on a
 * shared machine the CPU time is the steadier figure.
 *
 * The log is synthetic but shaped like a real program's (lackey's own line forms: "I  ADDR,N",
 * " L ADDR,N", " S ADDR,N", " M ADDR,N"; mostly sequential fetches, data near a few pointers,
 * stack pushes, some page-crossing accesses). The import must report every line imported,
 * or the run fails.
 *
 * usage: bench_lackey --vmctrace PATH [--lines N] [--dir DIR] [--repeat R] */
#define _POSIX_C_SOURCE 200809L
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "vmcutil/number.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double cpu_self(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double tv(struct timeval t) { return (double)t.tv_sec + (double)t.tv_usec * 1e-6; }

/* Wall and CPU seconds of one measured step. */
typedef struct {
  double wall, cpu;
} timing;

static uint64_t next_rand(uint64_t *x) {
  *x ^= *x << 13, *x ^= *x >> 7, *x ^= *x << 17;
  return *x;
}

/* Writes n access lines (and a few of Valgrind's own) to path. */
static int generate(const char *path, uint64_t n) {
  FILE *f = fopen(path, "w");
  if (!f) {
    perror(path);
    return -1;
  }
  fputs("==4242== Lackey, an example Valgrind tool\n==4242== Command: ./prog\n", f);
  uint64_t x = 88172645463325252ull, pc = 0x108000, heap = 0x4a5a000, stack = 0x1ffefffd00ull;
  for (uint64_t i = 0; i < n;) {
    uint64_t r = next_rand(&x);
    if (r % 100 < 65) {
      fprintf(f, "I  %08llx,%u\n", (unsigned long long)pc, (unsigned)(1 + r % 7));
      pc += 1 + (r >> 8) % 7;
      if ((r >> 16) % 50 == 0)
        pc = 0x108000 + (r >> 20) % 0x60000;
    } else {
      static const char op[] = "LLLSSM";
      uint64_t a = (r >> 8) % 4 == 0 ? stack - (r >> 12) % 256 : heap + (r >> 12) % 0x40000;
      if ((r >> 30) % 64 == 0)
        a = (a | 0xfff) - 2; /* crosses into the next page */
      fprintf(f, " %c %09llx,%u\n", op[(r >> 40) % 6], (unsigned long long)a, 1u << ((r >> 44) % 4));
    }
    i++;
  }
  fputs("==4242== \n", f);
  return fclose(f) == 0 ? 0 : -1;
}

/* The baseline: read and parse every access line, write nothing. wall < 0 on failure. */
static timing read_and_parse(const char *path, uint64_t *lines, uint64_t *sum) {
  static char buf[(1u << 18) + 1024];
  timing fail = {-1, -1};
  int fd = open(path, O_RDONLY);
  if (fd < 0)
    return fail;
  double t = now(), c = cpu_self();
  size_t have = 0;
  uint64_t n = 0, s = 0;
  for (;;) {
    ssize_t got = read(fd, buf + have, (1u << 18));
    if (got < 0) {
      close(fd);
      return fail;
    }
    have += (size_t)got;
    char *p = buf, *end = buf + have, *nl;
    while ((nl = memchr(p, '\n', (size_t)(end - p)))) {
      *nl = 0;
      if (p[0] == 'I' || (p[0] == ' ' && p[1] != 0)) {
        char *q;
        s += strtoull(p + 2, &q, 16);
        s += strtoull(q + 1, NULL, 10);
        n++;
      }
      p = nl + 1;
    }
    have = (size_t)(end - p);
    memmove(buf, p, have);
    if (got == 0)
      break;
  }
  close(fd);
  *lines = n;
  *sum = s;
  return (timing){now() - t, cpu_self() - c};
}

/* Runs vmctrace import-lackey log out [--level level] (its stderr to errpath); wall < 0 on
 * failure. */
static timing import(const char *tool, const char *log, const char *out, const char *level,
                     const char *errpath) {
  timing fail = {-1, -1};
  struct rusage before, after;
  getrusage(RUSAGE_CHILDREN, &before);
  double t = now();
  pid_t pid = fork();
  if (pid < 0)
    return fail;
  if (pid == 0) {
    int fd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0)
      dup2(fd, 2);
    if (level)
      execl(tool, tool, "import-lackey", log, out, "--level", level, (char *)NULL);
    else
      execl(tool, tool, "import-lackey", log, out, (char *)NULL);
    _exit(127);
  }
  int st;
  if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0)
    return fail;
  double wall = now() - t;
  getrusage(RUSAGE_CHILDREN, &after);
  return (timing){wall, tv(after.ru_utime) + tv(after.ru_stime) - tv(before.ru_utime) - tv(before.ru_stime)};
}

/* The import reported n lackey accesses imported. */
static int imported_all(const char *errpath, uint64_t n) {
  char want[64], line[512];
  snprintf(want, sizeof want, " %llu lackey accesses imported", (unsigned long long)n);
  FILE *f = fopen(errpath, "r");
  int ok = 0;
  while (f && fgets(line, sizeof line, f))
    ok |= strstr(line, want) != NULL;
  if (f)
    fclose(f);
  return ok;
}

int main(int argc, char **argv) {
  uint64_t n = 20000000, repeat = 3;
  const char *dir = ".", *tool = NULL;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!strcmp(argv[i], "--lines") && vmc_parse_u64(argv[i + 1], VMC_NUM_SUFFIX_DECIMAL, UINT64_MAX, &n) != VMC_NUM_OK)
      n = 0;
    else if (!strcmp(argv[i], "--repeat") && vmc_parse_u64(argv[i + 1], VMC_NUM_NO_SUFFIX, 1000, &repeat) != VMC_NUM_OK)
      repeat = 0;
    else if (!strcmp(argv[i], "--dir"))
      dir = argv[i + 1];
    else if (!strcmp(argv[i], "--vmctrace"))
      tool = argv[i + 1];
  }
  if (n < 10 || repeat < 1 || !tool) {
    fprintf(stderr, "usage: bench_lackey --vmctrace PATH [--lines N>=10] [--dir DIR] [--repeat R>=1]\n");
    return 2;
  }
  char log[1024], out[1024], outgz[1024], errpath[1024];
  snprintf(log, sizeof log, "%s/bench-lackey.log", dir);
  snprintf(out, sizeof out, "%s/bench-lackey.vmtb", dir);
  snprintf(outgz, sizeof outgz, "%s/bench-lackey.vmtb.gz", dir);
  snprintf(errpath, sizeof errpath, "%s/bench-lackey.err", dir);
  if (generate(log, n) < 0)
    return 1;
  enum { KINDS = 4 }; /* baseline, .vmtb, .vmtb.gz, .vmtb.gz at gzip level 1 */
  timing best[KINDS] = {{1e30, 1e30}, {1e30, 1e30}, {1e30, 1e30}, {1e30, 1e30}};
  for (uint64_t rep = 0; rep < repeat; rep++) {
    uint64_t lines = 0, sum = 0;
    timing t[KINDS];
    t[0] = read_and_parse(log, &lines, &sum);
    int ok = 1;
    for (int k = 1; k < KINDS; k++) {
      t[k] = import(tool, log, k == 1 ? out : outgz, k == 3 ? "1" : NULL, errpath);
      ok = ok && t[k].wall >= 0 && imported_all(errpath, n);
    }
    if (t[0].wall < 0 || lines != n || !ok) {
      fprintf(stderr, "bench_lackey: pass %llu failed (baseline parsed %llu of %llu lines; see %s)\n",
              (unsigned long long)rep, (unsigned long long)lines, (unsigned long long)n, errpath);
      return 1;
    }
    for (int k = 0; k < KINDS; k++) {
      best[k].wall = t[k].wall < best[k].wall ? t[k].wall : best[k].wall;
      best[k].cpu = t[k].cpu < best[k].cpu ? t[k].cpu : best[k].cpu;
    }
  }
  static const char *const what[KINDS] = {"baseline: read and parse", "import-lackey to .vmtb",
                                          "import-lackey to .vmtb.gz", "  the same, --level 1"};
  printf("import-lackey: %llu lackey lines, best of %llu interleaved passes each\n", (unsigned long long)n,
         (unsigned long long)repeat);
  printf("%-27s %9s %9s %11s %11s %9s\n", "what", "wall s", "CPU s", "M lines/s", "M/CPU s", "vs base");
  for (int k = 0; k < KINDS; k++)
    printf("%-27s %9.3f %9.3f %11.2f %11.2f %8.2fx%s\n", what[k], best[k].wall, best[k].cpu, n / best[k].wall / 1e6,
           n / best[k].cpu / 1e6, best[k].cpu / best[0].cpu, k == 1 ? "  (target 10 M lines/s)" : "");
  printf("(vs base: CPU time over the baseline's CPU time)\n");
  return 0;
}
