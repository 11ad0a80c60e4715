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
#define SHOOT_VA 0x20000000u    /* shootdown: process k's 1 MiB slot at SHOOT_VA + (k-1) MiB */
#define SHOOT_MAX_PAGES 16u     /* shootdown: pages of one episode's region, at most */

typedef struct opts {
  const char *pattern, *out;
  int enc, gz; /* -1: from the output name */
  uint64_t seed, records, footprint, stride, procs, quantum, phases, ws, live, warmup, cores, burst;
  double zipf_s;
  unsigned write_pct, fetch_pct, fault_pct, shared_pct;
  int warmup_set, procs_set;
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
  uint8_t core;     /* multi-core patterns: the core every record emitted now is on */
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
  vmc_record r = *rec;
  r.core = g->core;
  if (!g->failed && vmc_trace_write(g->w, &r) < 0)
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

/* Multi-core patterns: a turn of a core is --burst accesses, give or take half, at least 1. */
static uint64_t turn_length(gen *g) {
  const uint64_t b = g->o->burst;
  const uint64_t q = b / 2 + below(g, (uint32_t)(b + 1));
  return q ? q : 1;
}

/* Threads of one process on --cores cores: process 1 maps code and data on core 0, then each
 * other core switches to it once. Cores take turns in core order (0, 1, ..., 0, ...), each
 * turn turn_length() accesses. A data access goes, with --shared-pct, to a Zipf-hot page of
 * the whole data region (data all threads share), otherwise to the next word of the core's own
 * slice of the region (1/cores of it, scanned sequentially and wrapping). Each thread fetches
 * along its own path through the shared code. */
static void run_threads(gen *g) {
  const opts *o = g->o;
  const uint32_t n = (uint32_t)o->cores;
  const uint32_t slice = (uint32_t)(o->footprint / n) & ~3u;
  uint64_t pc[VMC_MAX_CORES] = {0}, cursor[VMC_MAX_CORES] = {0};
  g->core = 0;
  ev_pid(g, VMC_CREATE, 1);
  ev_pid(g, VMC_SWITCH, 1);
  setup_process(g, 1, 1);
  for (uint32_t c = 1; c < n; c++) {
    g->core = (uint8_t)c;
    ev_pid(g, VMC_SWITCH, 1);
  }
  for (uint32_t c = 0; g->done < o->records && !g->failed && !tool_interrupted(); c = (c + 1) % n) {
    g->core = (uint8_t)c;
    const uint64_t q = turn_length(g);
    for (uint64_t i = 0; i < q && g->done < o->records; i++) {
      if (chance(g, o->fetch_pct)) {
        gen_access(g, VMC_OP_FETCH, fetch_addr(g, &pc[c]), 4);
        continue;
      }
      const int op = chance(g, o->write_pct) ? VMC_OP_WRITE : VMC_OP_READ;
      uint32_t off;
      if (chance(g, o->shared_pct)) {
        off = zipf_page(g) * VMC_PAGE_SIZE + below(g, 1024) * 4;
      } else {
        off = c * slice + (uint32_t)cursor[c];
        cursor[c] = (cursor[c] + 4) % slice;
      }
      gen_access(g, op, DATA_VA + off, 4);
    }
  }
  g->core = 0;
  ev_pid(g, VMC_EXIT, 1);
}

/* The shootdown pattern's state: which process each core runs, and the one region an episode
 * maps (owner 0: none). */
typedef struct shoot {
  uint32_t cur[VMC_MAX_CORES];
  uint64_t pc[VMC_MAX_CORES];
  uint32_t owner, va, len;
  int writable;
} shoot;

/* Every core takes a turn, in core order, `rounds` times. A core running the region's owner
 * sends half of its data accesses to the region (writes only while it is writable); the rest
 * go to Zipf-hot pages of the process's own data region. */
static void shoot_rounds(gen *g, shoot *st, int rounds) {
  const opts *o = g->o;
  for (int k = 0; k < rounds; k++)
    for (uint32_t c = 0; c < (uint32_t)o->cores && g->done < o->records; c++) {
      g->core = (uint8_t)c;
      const uint64_t q = turn_length(g);
      for (uint64_t i = 0; i < q && g->done < o->records; i++) {
        if (chance(g, o->fetch_pct)) {
          gen_access(g, VMC_OP_FETCH, fetch_addr(g, &st->pc[c]), 4);
          continue;
        }
        int op = chance(g, o->write_pct) ? VMC_OP_WRITE : VMC_OP_READ;
        if (st->cur[c] == st->owner && chance(g, 50)) {
          if (!st->writable)
            op = VMC_OP_READ;
          gen_access(g, op, st->va + below(g, st->len / 4) * 4, 4);
        } else {
          gen_access(g, op, DATA_VA + zipf_page(g) * VMC_PAGE_SIZE + below(g, 1024) * 4, 4);
        }
      }
    }
}

/* Makes process p current on core c (a switch only when it is not already). */
static void shoot_switch(gen *g, shoot *st, uint32_t c, uint32_t p) {
  if (st->cur[c] == p)
    return;
  g->core = (uint8_t)c;
  ev_pid(g, VMC_SWITCH, p);
  st->cur[c] = p;
}

/* Processes on different cores, and TLB shootdowns. Process k (1..--procs) is created on its
 * home core (k-1) mod cores and maps code and data there; core c starts with process
 * (c mod procs)+1. Then episodes, one process p after another (1, 2, ..., procs, 1, ...):
 *  1. p runs on its home core h and, as a second thread, on a core r != h drawn from the seed;
 *  2. h maps a region of 1..16 pages in p's 1 MiB slot at SHOOT_VA, and two rounds of turns
 *     touch it from h and r (so both cores' TLBs hold it) while the other cores run their own
 *     processes;
 *  3. the thread on r either unmaps a part of the region (then h maps that part again) or makes
 *     the whole region read-only: a shootdown of h's translations;
 *  4. two more rounds touch the region again (reads only while read-only; r then makes it
 *     writable again, and two rounds write it);
 *  5. h unmaps the region; r switches back to the process it ran before.
 * At the end each process exits on its home core. */
static void run_shootdown(gen *g) {
  const opts *o = g->o;
  const uint32_t n = (uint32_t)o->cores, np = (uint32_t)o->procs;
  shoot st;
  memset(&st, 0, sizeof st);
  for (uint32_t k = 1; k <= np; k++) {
    g->core = (uint8_t)((k - 1) % n);
    ev_pid(g, VMC_CREATE, k);
    setup_process(g, k, 1);
  }
  for (uint32_t c = 0; c < n; c++)
    shoot_switch(g, &st, c, c % np + 1);
  for (uint32_t e = 0; g->done < o->records && !g->failed && !tool_interrupted(); e++) {
    const uint32_t p = e % np + 1, h = (p - 1) % n, r = (h + 1 + below(g, n - 1)) % n;
    const uint32_t before_r = st.cur[r];
    shoot_switch(g, &st, h, p);
    shoot_switch(g, &st, r, p);
    const uint32_t pages = 1 + below(g, SHOOT_MAX_PAGES), first = below(g, 256 - pages + 1);
    st.owner = p;
    st.va = SHOOT_VA + (p - 1) * 0x100000u + first * VMC_PAGE_SIZE;
    st.len = pages * VMC_PAGE_SIZE;
    st.writable = 1;
    g->core = (uint8_t)h;
    ev_mmap(g, p, st.va, st.len, VMC_PROT_R | VMC_PROT_W, VMC_MAP_ANON, 0, 0, 0);
    shoot_rounds(g, &st, 2);
    g->core = (uint8_t)r;
    if (chance(g, 50)) { /* unmap a part on r; h maps it again */
      const uint32_t a = below(g, pages), b = a + 1 + below(g, pages - a);
      ev_region(g, VMC_MUNMAP, p, st.va + a * VMC_PAGE_SIZE, (b - a) * VMC_PAGE_SIZE, 0);
      g->core = (uint8_t)h;
      ev_mmap(g, p, st.va + a * VMC_PAGE_SIZE, (b - a) * VMC_PAGE_SIZE, VMC_PROT_R | VMC_PROT_W, VMC_MAP_ANON, 0, 0,
              0);
      shoot_rounds(g, &st, 2);
    } else { /* read-only on r, read on h; writable again on r, written on h */
      ev_region(g, VMC_MPROTECT, p, st.va, st.len, VMC_PROT_R);
      st.writable = 0;
      shoot_rounds(g, &st, 2);
      g->core = (uint8_t)r;
      ev_region(g, VMC_MPROTECT, p, st.va, st.len, VMC_PROT_R | VMC_PROT_W);
      st.writable = 1;
      shoot_rounds(g, &st, 2);
    }
    g->core = (uint8_t)h;
    ev_region(g, VMC_MUNMAP, p, st.va, st.len, 0);
    st.owner = 0;
    shoot_switch(g, &st, r, before_r);
  }
  for (uint32_t k = 1; k <= np; k++) {
    g->core = (uint8_t)((k - 1) % n);
    ev_pid(g, VMC_EXIT, k);
  }
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
          "patterns: seq stride random zipf phases multiproc churn; multi-core: threads shootdown\n"
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
          "  --cores N         threads, shootdown: cores, 2..8 [4]\n"
          "  --burst N         threads, shootdown: accesses per turn of a core, +-50%% [8]\n"
          "  --shared-pct N    threads: share of data accesses to data all threads share [30]\n"
          "  --procs N         shootdown: processes, 1..256 [cores]\n"
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
  o->cores = 4;
  o->burst = 8;
  o->shared_pct = 30;
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
      else if (!strcmp(a, "--procs")) o->procs = n, o->procs_set = 1;
      else if (!strcmp(a, "--cores")) o->cores = n;
      else if (!strcmp(a, "--burst")) o->burst = n;
      else if (!strcmp(a, "--shared-pct") && n <= 100) o->shared_pct = (unsigned)n;
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
  static const char *const patterns[] = {"seq",       "stride", "random",  "zipf",     "phases",
                                         "multiproc", "churn",  "threads", "shootdown"};
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
  if (o->cores < 2 || o->cores > VMC_MAX_CORES || o->burst < 1 || o->burst > 1000000)
    return tool_error("gen: --cores must be 2..%u and --burst 1..1000000", VMC_MAX_CORES), -1;
  if (!o->procs_set && !strcmp(o->pattern, "shootdown"))
    o->procs = o->cores;
  if (!o->warmup_set)
    o->warmup = o->records / 10;
  return 0;
}

/* The patterns whose records are on several cores (written as trace version 2). */
static int multicore_pattern(const char *pattern) {
  return !strcmp(pattern, "threads") || !strcmp(pattern, "shootdown");
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
  g.w = vmc_trace_writer_open_version(o.out, enc, gz, 0,
                                      multicore_pattern(o.pattern) ? VMC_TRACE_VERSION_MULTICORE
                                                                   : VMC_TRACE_VERSION_SINGLE,
                                      &err);
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
  else if (!strcmp(o.pattern, "threads"))
    run_threads(&g);
  else if (!strcmp(o.pattern, "shootdown"))
    run_shootdown(&g);
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
