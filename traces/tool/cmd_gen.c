/* gen: synthetic traces from a seed. Every pattern maps what it touches first, so its traces
 * pass `vmctrace check`, unless --fault-pct asks for deliberate faults. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

#define CODE_VA 0x01000000u
#define CODE_LEN 0x10000u       /* 64 KiB of code per process */
#define DATA_VA 0x10000000u
#define HEAP_VA 0x30000000u     /* multiproc: each child's own heap */
#define HEAP_LEN 0x100000u
#define HOLE_VA 0x3f000000u     /* never mapped: target of deliberate faults */
#define ARENA_SLOTS 256u        /* churn: 1 MiB slots from DATA_VA */

typedef struct opts {
  const char *pattern, *out;
  int enc, gz; /* -1: from the output name */
  uint64_t seed, records, footprint, stride, procs, quantum, phases, ws, live, warmup;
  double zipf_s;
  unsigned write_pct, fetch_pct, fault_pct;
  int warmup_set;
} opts;

typedef struct gen {
  const opts *o;
  vmc_trace_writer *w;
  uint64_t rng;
  uint64_t done; /* accesses emitted */
  int failed;
  double *zipf_cdf; /* cumulative weights of page ranks, for the zipf pattern */
  uint32_t npages;
  uint64_t cursor;  /* seq and stride position */
  uint32_t window;  /* phases: first page of the working set */
  uint64_t phase;
} gen;

/* splitmix64: small, fast and good enough for address streams. */
static uint64_t next_u64(gen *g) {
  uint64_t z = (g->rng += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

static uint32_t below(gen *g, uint32_t n) { return (uint32_t)(((next_u64(g) >> 32) * n) >> 32); }

static int chance(gen *g, unsigned pct) { return below(g, 100) < pct; }

static void emit(gen *g, const vmc_record *rec) {
  if (!g->failed && vmc_trace_write(g->w, rec) < 0)
    g->failed = 1;
}

static void ev_pid(gen *g, int kind, uint32_t pid) {
  vmc_record r = {.kind = (uint8_t)kind, .pid = pid};
  emit(g, &r);
}

static void ev_fork(gen *g, uint32_t parent, uint32_t child) {
  vmc_record r = {.kind = VMC_FORK, .pid = parent, .child = child};
  emit(g, &r);
}

static void ev_mmap(gen *g, uint32_t pid, uint32_t va, uint32_t len, uint8_t prot, uint8_t kind, uint8_t flags,
                    uint32_t file_id, uint64_t off) {
  vmc_record r = {.kind = VMC_MMAP, .pid = pid, .va = va, .len = len, .prot = prot, .map_kind = kind,
                  .map_flags = flags, .file_id = file_id, .file_off = off};
  emit(g, &r);
}

static void ev_region(gen *g, int kind, uint32_t pid, uint32_t va, uint32_t len, uint8_t prot) {
  vmc_record r = {.kind = (uint8_t)kind, .pid = pid, .va = va, .len = len, .prot = prot};
  emit(g, &r);
}

/* Emits one access; handles the warm-up marker and deliberate faults. */
static void gen_access(gen *g, int op, uint32_t va, uint8_t size) {
  if (g->o->warmup && g->done == g->o->warmup) {
    vmc_record m = {.kind = VMC_MARKER, .marker = 1};
    strcpy(m.name, "warmup_end");
    emit(g, &m);
  }
  if (g->o->fault_pct && chance(g, g->o->fault_pct)) {
    if (chance(g, 50)) { /* a hole no region covers */
      va = HOLE_VA + below(g, 0x1000000u / 4) * 4;
    } else { /* a write into the read-only code */
      op = VMC_OP_WRITE;
      va = CODE_VA + below(g, CODE_LEN / 4) * 4;
    }
  }
  vmc_record r = {.kind = VMC_ACCESS, .op = (uint8_t)op, .va = va, .size = size};
  emit(g, &r);
  if ((++g->done & 0xffff) == 0)
    tool_progress("gen", g->done, NULL);
}

/* The code and data regions every pattern starts from. */
static void setup_process(gen *g, uint32_t pid, int with_data) {
  ev_mmap(g, pid, CODE_VA, CODE_LEN, VMC_PROT_R | VMC_PROT_X, VMC_MAP_FILE, 0, 1, 0);
  if (with_data)
    ev_mmap(g, pid, DATA_VA, (uint32_t)g->o->footprint, VMC_PROT_R | VMC_PROT_W, VMC_MAP_ANON, 0, 0, 0);
}

/* Instruction fetches walk the code sequentially with an occasional jump. */
static uint32_t fetch_addr(gen *g, uint64_t *pc) {
  if (chance(g, 5))
    *pc = below(g, CODE_LEN / 4) * 4;
  uint32_t va = CODE_VA + (uint32_t)*pc;
  *pc = (*pc + 4) % CODE_LEN;
  return va;
}

static uint32_t zipf_page(gen *g) {
  double u = (double)(next_u64(g) >> 11) * (1.0 / 9007199254740992.0);
  uint32_t lo = 0, hi = g->npages - 1;
  while (lo < hi) { /* first rank whose cumulative weight exceeds u */
    uint32_t mid = lo + (hi - lo) / 2;
    if (g->zipf_cdf[mid] > u)
      hi = mid;
    else
      lo = mid + 1;
  }
  /* Scatter the ranks over the region so hot pages are not all adjacent: multiplying by a
   * prime larger than the page count is a bijection modulo the page count. */
  return (uint32_t)(((uint64_t)lo * 2654435761u) % g->npages);
}

/* Data offset within [0, footprint) by the pattern. */
static uint32_t data_offset(gen *g) {
  const opts *o = g->o;
  uint32_t len = (uint32_t)o->footprint;
  const char *p = o->pattern;
  if (!strcmp(p, "seq")) {
    uint32_t off = (uint32_t)g->cursor;
    g->cursor = (g->cursor + 4) % len;
    return off;
  }
  if (!strcmp(p, "stride")) {
    uint32_t off = (uint32_t)g->cursor;
    g->cursor = (g->cursor + o->stride) % len;
    return off & ~3u;
  }
  if (!strcmp(p, "zipf"))
    return zipf_page(g) * VMC_PAGE_SIZE + below(g, 1024) * 4;
  if (!strcmp(p, "phases")) {
    uint64_t phase = g->done * o->phases / (o->records ? o->records : 1);
    uint32_t ws = (uint32_t)(o->ws / VMC_PAGE_SIZE);
    if (phase != g->phase || g->done == 0) {
      g->phase = phase;
      g->window = below(g, g->npages - ws + 1);
    }
    return (g->window + below(g, ws)) * VMC_PAGE_SIZE + below(g, 1024) * 4;
  }
  return below(g, len / 4) * 4; /* random */
}

static void run_single(gen *g) {
  uint64_t pc = 0;
  ev_pid(g, VMC_CREATE, 1);
  ev_pid(g, VMC_SWITCH, 1);
  setup_process(g, 1, 1);
  while (g->done < g->o->records && !g->failed && !tool_interrupted()) {
    if (chance(g, g->o->fetch_pct))
      gen_access(g, VMC_OP_FETCH, fetch_addr(g, &pc), 4);
    else
      gen_access(g, chance(g, g->o->write_pct) ? VMC_OP_WRITE : VMC_OP_READ, DATA_VA + data_offset(g), 4);
  }
  ev_pid(g, VMC_EXIT, 1);
}

/* Several processes: pid 1 maps code and data, then forks the others (which share its data
 * copy-on-write and get a heap of their own); a round-robin scheduler switches every quantum
 * accesses, give or take half. */
static void run_multiproc(gen *g) {
  const opts *o = g->o;
  uint32_t n = (uint32_t)o->procs;
  uint64_t *pc = calloc(n, sizeof *pc);
  if (!pc) {
    g->failed = 1;
    return;
  }
  ev_pid(g, VMC_CREATE, 1);
  ev_pid(g, VMC_SWITCH, 1);
  setup_process(g, 1, 1);
  for (uint32_t i = 0; i < 64 && g->done < o->records; i++)
    gen_access(g, VMC_OP_WRITE, DATA_VA + below(g, (uint32_t)(o->footprint / 4)) * 4, 4);
  for (uint32_t k = 2; k <= n; k++) {
    ev_fork(g, 1, k);
    ev_mmap(g, k, HEAP_VA, HEAP_LEN, VMC_PROT_R | VMC_PROT_W, VMC_MAP_ANON, 0, 0, 0);
  }
  uint32_t cur = 0;
  while (g->done < o->records && !g->failed && !tool_interrupted()) {
    cur = (cur + 1) % n;
    ev_pid(g, VMC_SWITCH, cur + 1);
    uint64_t q = o->quantum / 2 + below(g, (uint32_t)(o->quantum + 1));
    for (uint64_t i = 0; i < q && g->done < o->records; i++) {
      if (chance(g, o->fetch_pct)) {
        gen_access(g, VMC_OP_FETCH, fetch_addr(g, &pc[cur]), 4);
        continue;
      }
      int op = chance(g, o->write_pct) ? VMC_OP_WRITE : VMC_OP_READ;
      if (cur > 0 && chance(g, 50))
        gen_access(g, op, HEAP_VA + below(g, HEAP_LEN / 4) * 4, 4);
      else
        gen_access(g, op, DATA_VA + zipf_page(g) * VMC_PAGE_SIZE + below(g, 1024) * 4, 4);
    }
  }
  for (uint32_t k = n; k >= 1; k--)
    ev_pid(g, VMC_EXIT, k);
  free(pc);
}

/* mmap/munmap churn: regions of 1..256 pages come and go in 1 MiB slots; some are file
 * mappings, some shared, some populated, and some spend a while read-only. */
static void run_churn(gen *g) {
  const opts *o = g->o;
  typedef struct { uint32_t va, len; uint8_t prot; } region;
  region live[ARENA_SLOTS];
  uint8_t used[ARENA_SLOTS] = {0};
  uint32_t nlive = 0, maxlive = (uint32_t)(o->live < ARENA_SLOTS ? o->live : ARENA_SLOTS);
  uint64_t pc = 0;
  ev_pid(g, VMC_CREATE, 1);
  ev_pid(g, VMC_SWITCH, 1);
  setup_process(g, 1, 0);
  while (g->done < o->records && !g->failed && !tool_interrupted()) {
    if (nlive == 0 || (chance(g, 2) && nlive < maxlive)) { /* map a new region */
      uint32_t slot = below(g, ARENA_SLOTS);
      while (used[slot])
        slot = (slot + 1) % ARENA_SLOTS;
      used[slot] = 1;
      region r = {DATA_VA + slot * 0x100000u, (1 + below(g, 256)) * VMC_PAGE_SIZE, VMC_PROT_R | VMC_PROT_W};
      uint8_t kind = chance(g, 30) ? VMC_MAP_FILE : VMC_MAP_ANON;
      uint8_t flags = (uint8_t)((chance(g, 20) ? VMC_MAP_SHARED : 0) | (chance(g, 10) ? VMC_MAP_POPULATE : 0));
      ev_mmap(g, 1, r.va, r.len, r.prot, kind, flags, kind == VMC_MAP_FILE ? 2 + below(g, 8) : 0,
              kind == VMC_MAP_FILE ? (uint64_t)below(g, 1024) * VMC_PAGE_SIZE : 0);
      live[nlive++] = r;
    } else if (chance(g, 2) && nlive > 1) { /* unmap one */
      uint32_t i = below(g, nlive);
      ev_region(g, VMC_MUNMAP, 1, live[i].va, live[i].len, 0);
      used[(live[i].va - DATA_VA) >> 20] = 0;
      live[i] = live[--nlive];
    } else if (chance(g, 1)) { /* flip one between read-only and read-write */
      uint32_t i = below(g, nlive);
      live[i].prot = live[i].prot == VMC_PROT_R ? VMC_PROT_R | VMC_PROT_W : VMC_PROT_R;
      ev_region(g, VMC_MPROTECT, 1, live[i].va, live[i].len, live[i].prot);
    }
    for (int i = 0; i < 32 && g->done < o->records; i++) {
      if (chance(g, o->fetch_pct)) {
        gen_access(g, VMC_OP_FETCH, fetch_addr(g, &pc), 4);
        continue;
      }
      const region *r = &live[below(g, nlive)];
      int op = (r->prot & VMC_PROT_W) && chance(g, o->write_pct) ? VMC_OP_WRITE : VMC_OP_READ;
      gen_access(g, op, r->va + below(g, r->len / 4) * 4, 4);
    }
  }
  while (nlive)
    ev_region(g, VMC_MUNMAP, 1, live[nlive - 1].va, live[nlive - 1].len, 0), nlive--;
  ev_pid(g, VMC_EXIT, 1);
}

static int make_zipf(gen *g) {
  g->zipf_cdf = malloc(g->npages * sizeof *g->zipf_cdf);
  if (!g->zipf_cdf)
    return -1;
  double sum = 0;
  for (uint32_t i = 0; i < g->npages; i++)
    g->zipf_cdf[i] = (sum += pow((double)(i + 1), -g->o->zipf_s));
  for (uint32_t i = 0; i < g->npages; i++)
    g->zipf_cdf[i] /= sum;
  return 0;
}

static void help(FILE *f) {
  fprintf(f,
          "usage: vmctrace gen PATTERN -o OUT [options]\n"
          "patterns: seq stride random zipf phases multiproc churn\n"
          "options (defaults in brackets):\n"
          "  --seed N          random seed [1]\n"
          "  --records N       accesses to generate, K/M/G suffixes [100000]\n"
          "  --footprint SIZE  data region size, K/M suffixes (KiB, MiB) [4M]\n"
          "  --stride N        stride pattern: bytes between accesses [4096]\n"
          "  --zipf-s X        zipf and multiproc: skew exponent [1.0]\n"
          "  --phases N        phases pattern: number of phases [8]\n"
          "  --ws SIZE         phases pattern: working-set size [256K]\n"
          "  --procs N         multiproc: processes [4]\n"
          "  --quantum N       multiproc: accesses per time slice, +-50%% [2000]\n"
          "  --live N          churn: regions alive at most [16]\n"
          "  --write-pct N     share of data accesses that write [30]\n"
          "  --fetch-pct N     share of accesses that are instruction fetches [20]\n"
          "  --fault-pct N     share of accesses made to fault on purpose [0]\n"
          "  --warmup N        emit 'marker 1 warmup_end' after N accesses; 0 for none [records/10]\n"
          "  --text | --binary | --gzip   override the encoding implied by OUT\n");
}

static int parse(int argc, char **argv, opts *o) {
  memset(o, 0, sizeof *o);
  o->enc = o->gz = -1;
  o->seed = 1;
  o->records = 100000;
  o->footprint = 4u << 20;
  o->stride = 4096;
  o->zipf_s = 1.0;
  o->phases = 8;
  o->ws = 256u << 10;
  o->procs = 4;
  o->quantum = 2000;
  o->live = 16;
  o->write_pct = 30;
  o->fetch_pct = 20;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    uint64_t n = 0;
    int bin = !strcmp(a, "--footprint") || !strcmp(a, "--ws");
    if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
      help(stdout);
      exit(0);
    } else if (!strcmp(a, "--text")) {
      o->enc = VMC_ENC_TEXT;
    } else if (!strcmp(a, "--binary")) {
      o->enc = VMC_ENC_BINARY;
    } else if (!strcmp(a, "--gzip")) {
      o->gz = 1;
    } else if (!strcmp(a, "-o")) {
      if (!v)
        return tool_error("gen: -o needs a file name"), -1;
      o->out = v;
      i++;
    } else if (!strcmp(a, "--zipf-s")) {
      char *end;
      o->zipf_s = v ? strtod(v, &end) : -1;
      if (!v || *end || !(o->zipf_s >= 0 && o->zipf_s <= 10))
        return tool_error("gen: --zipf-s needs a number from 0 to 10"), -1;
      i++;
    } else if (a[0] == '-' && a[1] == '-') {
      if (!v || tool_parse_u64(v, bin, &n))
        return tool_error("gen: %s '%s': not a number (decimal or 0x hex, optional K/M/G)", a,
                          v ? v : ""), -1;
      i++;
      if (!strcmp(a, "--seed")) o->seed = n;
      else if (!strcmp(a, "--records")) o->records = n;
      else if (!strcmp(a, "--footprint")) o->footprint = n;
      else if (!strcmp(a, "--stride")) o->stride = n;
      else if (!strcmp(a, "--phases")) o->phases = n;
      else if (!strcmp(a, "--ws")) o->ws = n;
      else if (!strcmp(a, "--procs")) o->procs = n;
      else if (!strcmp(a, "--quantum")) o->quantum = n;
      else if (!strcmp(a, "--live")) o->live = n;
      else if (!strcmp(a, "--warmup")) o->warmup = n, o->warmup_set = 1;
      else if (!strcmp(a, "--write-pct") && n <= 100) o->write_pct = (unsigned)n;
      else if (!strcmp(a, "--fetch-pct") && n <= 100) o->fetch_pct = (unsigned)n;
      else if (!strcmp(a, "--fault-pct") && n <= 100) o->fault_pct = (unsigned)n;
      else return tool_error("gen: unknown option or value out of range: %s %s", a, v), -1;
    } else if (!o->pattern) {
      o->pattern = a;
    } else {
      return tool_error("gen: unexpected argument '%s'", a), -1;
    }
  }
  static const char *const patterns[] = {"seq", "stride", "random", "zipf", "phases", "multiproc", "churn"};
  int known = 0;
  for (size_t i = 0; o->pattern && i < sizeof patterns / sizeof *patterns; i++)
    known |= !strcmp(o->pattern, patterns[i]);
  if (!known || !o->out) {
    help(stderr);
    return -1;
  }
  if (o->footprint < VMC_PAGE_SIZE || o->footprint % VMC_PAGE_SIZE || o->footprint > (512u << 20))
    return tool_error("gen: --footprint must be a multiple of 4 KiB from 4K to 512M"), -1;
  if (o->ws < VMC_PAGE_SIZE || o->ws > o->footprint || o->ws % VMC_PAGE_SIZE)
    o->ws = o->footprint < (256u << 10) ? o->footprint : (256u << 10);
  if (!o->stride || o->phases == 0 || o->procs < 1 || o->procs > 256 || o->quantum < 1 || o->live < 1)
    return tool_error("gen: --stride, --phases, --quantum and --live must be positive; --procs 1..256"), -1;
  if (!o->warmup_set)
    o->warmup = o->records / 10;
  return 0;
}

int cmd_gen(int argc, char **argv) {
  opts o;
  if (parse(argc, argv, &o) < 0)
    return EXIT_USAGE;
  vmc_encoding enc;
  int gz;
  tool_output_format(o.out, o.enc, o.gz, &enc, &gz);
  gen g = {.o = &o, .rng = o.seed, .npages = (uint32_t)(o.footprint / VMC_PAGE_SIZE)};
  if (make_zipf(&g) < 0)
    return tool_error("gen: out of memory"), 1;
  vmc_trace_err err;
  g.w = vmc_trace_writer_open(o.out, enc, gz, 0, &err);
  if (!g.w) {
    free(g.zipf_cdf);
    return tool_error("%s", err.msg), 1;
  }
  char cmd[512];
  int n = snprintf(cmd, sizeof cmd, "generated by: vmctrace gen");
  for (int i = 1; i < argc && n < (int)sizeof cmd; i++)
    if (strcmp(argv[i], "-o") && (i == 1 || strcmp(argv[i - 1], "-o")))
      n += snprintf(cmd + n, sizeof cmd - (size_t)n, " %s", argv[i]);
  vmc_trace_write_comment(g.w, cmd);
  if (!strcmp(o.pattern, "multiproc"))
    run_multiproc(&g);
  else if (!strcmp(o.pattern, "churn"))
    run_churn(&g);
  else
    run_single(&g);
  free(g.zipf_cdf);
  tool_progress_done();
  if (tool_interrupted()) {
    vmc_trace_writer_abort(g.w);
    tool_error("interrupted");
    return EXIT_INTERRUPTED;
  }
  if (g.failed) {
    tool_error("%s", vmc_trace_writer_error(g.w));
    vmc_trace_writer_abort(g.w);
    return 1;
  }
  if (vmc_trace_writer_close(g.w, &err) < 0)
    return tool_error("%s", err.msg), 1;
  return 0;
}
