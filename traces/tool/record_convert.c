/* Raw streams of the qemu plugin to one trace (docs/qemu-tracer.md).
 *
 * Two passes over the same streams, with the same scheduler: the first only collects the
 * 1 MiB chunks of the guest's 4 GiB space that any region or access uses; between the passes
 * those chunks get slots of the user range 0x01000000-0x3F000000 in address order (runs of
 * neighbouring chunks stay neighbours, one free slot between runs when it fits); the second
 * pass writes the trace with every address moved to its slot, offsets inside the 1 MiB kept.
 * Each process keeps a page map of its regions (space.h) so that unmapping, protecting and
 * re-mapping emit events only for pages that are mapped, as the trace rules require.
 *
 * The unit of scheduling is a task: a guest thread with its own stream (a process's first
 * thread is the process). Task k, in order of creation from 0, runs on core k mod --cores;
 * a thread shares its process's pid and page map. */
#include "record_convert.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../qemu/raw.h"
#include "space.h"

#define SLOT_BASE 0x01000000u
#define CHUNK_SHIFT 20
#define NSLOTS 992u /* (0x3F000000 - 0x01000000) >> 20 */
#define NCHUNKS 4096u
#define PAGE_SHIFT 12
#define MAX_FILES 4096u
#define MAP_SHARED_FLAG 0x01u
#define MAP_ANON_FLAG 0x20u
#define MAP_POPULATE_FLAG 0x8000u
#define CLONE_VM_FLAG 0x100u
#define CLONE_VFORK_FLAG 0x4000u
#define MADV_DONTNEED_ADVICE 4u

enum pstate { P_RUN, P_WAIT, P_VFORK, P_DONE };
enum step_result { STEP_YIELD, STEP_BLOCKED, STEP_DONE, STEP_ERROR };

typedef struct gproc {
  long host;            /* host thread id = guest thread id (a process's first: its pid) */
  uint32_t pid;         /* pid in the trace: 1, 2, ... processes in order of creation */
  uint8_t core;         /* the task's index in order of creation, mod the cores */
  size_t leader;        /* 1 + index of the process's first task, for a thread; 0 for a process */
  void *map;            /* the stream, mapped read-only */
  size_t n, pos;        /* words, and the next one to read */
  int state;
  long wait_for;        /* P_WAIT: the host pid whose exit this process has seen */
  size_t vfork_parent;  /* 1 + index of the parent blocked until this process execs or exits */
  int exec_pending;     /* RAW_EXEC seen: the next RAW_START is the new image */
  uint32_t brk;         /* the program break, 0 before the first brk() (processes) */
  space *sp;            /* the process's page map (a thread's is its leader's) */
} gproc;

typedef struct conv {
  int collect; /* first pass */
  const char *dir;
  const record_opts *opts;
  vmc_trace_writer *w;
  uint8_t chunk_used[NCHUNKS];
  int32_t slot_of[NCHUNKS];
  gproc *procs;         /* tasks, in order of creation */
  size_t nprocs, cap;
  uint32_t npids;       /* processes so far */
  uint32_t cur_pid[VMC_MAX_CORES]; /* each core's last switch, 0 when none is current */
  uint8_t core;         /* the core of the task being stepped: every record goes there */
  char *files[MAX_FILES];
  uint32_t nfiles;
  record_stats st;
  char *err;
  size_t errlen;
  int failed;
} conv;

static int failf(conv *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int failf(conv *c, const char *fmt, ...) {
  if (!c->failed) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->err, c->errlen, fmt, ap);
    va_end(ap);
    c->failed = 1;
  }
  return -1;
}

static const uint64_t *words(const gproc *p) { return (const uint64_t *)p->map; }

/* ---- output ---- */

static void emit(conv *c, const vmc_record *rec) {
  if (c->collect || c->failed)
    return;
  vmc_record r = *rec;
  r.core = c->core;
  if (vmc_trace_write(c->w, &r) < 0)
    failf(c, "%s", vmc_trace_writer_error(c->w));
  if (rec->kind == VMC_ACCESS)
    c->st.accesses++;
  else
    c->st.events++;
}

static uint32_t reloc(const conv *c, uint32_t va) {
  return SLOT_BASE + ((uint32_t)c->slot_of[va >> CHUNK_SHIFT] << CHUNK_SHIFT) +
         (va & ((1u << CHUNK_SHIFT) - 1));
}

static void mark_chunks(conv *c, uint64_t va, uint64_t len) {
  for (uint64_t ch = va >> CHUNK_SHIFT; ch <= (va + len - 1) >> CHUNK_SHIFT && ch < NCHUNKS; ch++)
    c->chunk_used[ch] = 1;
}

static void emit_simple(conv *c, int kind, uint32_t pid) {
  vmc_record r = {0};
  r.kind = (uint8_t)kind;
  r.pid = pid;
  emit(c, &r);
}

static void switch_to(conv *c, const gproc *p) {
  if (c->cur_pid[p->core] == p->pid)
    return;
  emit_simple(c, VMC_SWITCH, p->pid);
  c->cur_pid[p->core] = p->pid;
}

/* The task that holds a process's brk: the process's first task. */
static gproc *process_of(conv *c, gproc *p) { return p->leader ? &c->procs[p->leader - 1] : p; }

static uint32_t file_id(conv *c, const char *path) {
  for (uint32_t i = 0; i < c->nfiles; i++)
    if (!strcmp(c->files[i], path))
      return i + 1;
  if (c->nfiles == MAX_FILES || !(c->files[c->nfiles] = strdup(path)))
    return 0;
  return ++c->nfiles;
}

/* ---- regions (guest addresses; ranges page-aligned, end <= 2^32) ---- */

typedef struct region {
  int kind;        /* VMC_MAP_ANON or VMC_MAP_FILE */
  uint32_t file;   /* file id */
  uint64_t off;    /* file offset */
  uint8_t prot, flags;
} region;

/* Calls fn on each maximal run of pages of [first, first+n) that are mapped (or unmapped,
 * when mapped is 0); with split_prot, a change of permissions also ends a run. */
typedef void (*run_fn)(conv *c, gproc *p, uint32_t first, uint32_t n, uint8_t prot, void *ctx);
static void for_runs(conv *c, gproc *p, uint64_t first, uint64_t n, int mapped, int split_prot,
                     run_fn fn, void *ctx) {
  uint64_t end = first + n, start = 0;
  int in = 0;
  uint8_t run_prot = 0;
  for (uint64_t v = first; v <= end; v++) {
    uint8_t f = v < end ? space_page(p->sp, (uint32_t)v) : 0;
    int want = v < end && (!!(f & PAGE_MAPPED) == !!mapped);
    uint8_t prot = f & PAGE_PROT;
    if (in && (!want || (split_prot && prot != run_prot))) {
      fn(c, p, (uint32_t)start, (uint32_t)(v - start), run_prot, ctx);
      in = 0;
    }
    if (want && !in) {
      in = 1;
      start = v;
      run_prot = prot;
    }
    if (v < end && !p->sp->chunk[v >> 8] && !want && !in)
      v |= 255; /* skip a chunk never mapped */
  }
}

static void unmap_run(conv *c, gproc *p, uint32_t first, uint32_t n, uint8_t prot, void *ctx) {
  (void)prot;
  (void)ctx;
  vmc_record r = {0};
  r.kind = VMC_MUNMAP;
  r.pid = p->pid;
  r.va = reloc(c, first << PAGE_SHIFT);
  r.len = n << PAGE_SHIFT;
  emit(c, &r);
  space_unmap(p->sp, first, n);
}

static void unmap(conv *c, gproc *p, uint64_t va, uint64_t len) {
  for_runs(c, p, va >> PAGE_SHIFT, len >> PAGE_SHIFT, 1, 0, unmap_run, NULL);
}

static void map(conv *c, gproc *p, uint64_t va, uint64_t len, const region *rg) {
  if (c->collect)
    mark_chunks(c, va, len);
  unmap(c, p, va, len); /* a fixed mapping replaces what was there */
  vmc_record r = {0};
  r.kind = VMC_MMAP;
  r.pid = p->pid;
  r.va = c->collect ? 0 : reloc(c, (uint32_t)va);
  r.len = (uint32_t)len;
  r.prot = rg->prot;
  r.map_kind = (uint8_t)rg->kind;
  r.map_flags = rg->flags;
  r.file_id = rg->file;
  r.file_off = rg->off;
  emit(c, &r);
  space_map(p->sp, (uint32_t)(va >> PAGE_SHIFT), (uint32_t)(len >> PAGE_SHIFT), rg->prot);
}

static void protect_run(conv *c, gproc *p, uint32_t first, uint32_t n, uint8_t prot, void *ctx) {
  (void)prot;
  vmc_record r = {0};
  r.kind = VMC_MPROTECT;
  r.pid = p->pid;
  r.va = reloc(c, first << PAGE_SHIFT);
  r.len = n << PAGE_SHIFT;
  r.prot = *(const uint8_t *)ctx;
  emit(c, &r);
  space_protect(p->sp, first, n, r.prot);
}

static void map_anon_run(conv *c, gproc *p, uint32_t first, uint32_t n, uint8_t prot, void *ctx) {
  region rg = {VMC_MAP_ANON, 0, 0, ctx ? *(const uint8_t *)ctx : prot, 0};
  map(c, p, (uint64_t)first << PAGE_SHIFT, (uint64_t)n << PAGE_SHIFT, &rg);
}

/* Pages of [va, va+len) not mapped yet become anonymous memory (a growing break). */
static void map_fresh(conv *c, gproc *p, uint64_t va, uint64_t len, uint8_t prot) {
  for_runs(c, p, va >> PAGE_SHIFT, len >> PAGE_SHIFT, 0, 0, map_anon_run, &prot);
}

static uint64_t page_up(uint64_t x) { return (x + 4095) & ~UINT64_C(4095); }

/* ---- reading the streams ---- */

static int load_stream(conv *c, gproc *p) {
  char path[4200];
  snprintf(path, sizeof path, "%s/%ld.raw", c->dir, p->host);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return 0; /* a process that died before its plugin wrote anything: an empty stream */
  struct stat st;
  if (fstat(fd, &st) < 0 || st.st_size % 8 != 0) {
    close(fd);
    return failf(c, "the raw stream of process %ld is cut short (was qemu killed?)", p->host);
  }
  p->n = (size_t)st.st_size / 8;
  if (p->n) {
    p->map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p->map == MAP_FAILED) {
      p->map = NULL;
      close(fd);
      return failf(c, "cannot map the raw stream of process %ld", p->host);
    }
  }
  close(fd);
  return 0;
}

/* A new task: a process (forked from parent, or the program when parent is NULL) or, when
 * thread is set, a thread of parent's process. */
static gproc *new_proc(conv *c, long host, const gproc *parent, int thread) {
  if (c->nprocs == c->cap) {
    size_t cap = c->cap ? 2 * c->cap : 16;
    gproc *np = realloc(c->procs, cap * sizeof *np);
    if (!np)
      return NULL;
    c->procs = np;
    c->cap = cap;
  }
  gproc *p = &c->procs[c->nprocs];
  memset(p, 0, sizeof *p);
  p->host = host;
  p->core = (uint8_t)(c->nprocs % c->opts->cores);
  if (thread) {
    p->leader = parent->leader ? parent->leader : (size_t)(parent - c->procs) + 1;
    p->pid = parent->pid;
    p->sp = parent->sp;
  } else {
    p->pid = ++c->npids;
    p->sp = parent ? space_clone(parent->sp) : space_new();
    if (parent)
      p->brk = process_of(c, (gproc *)parent)->brk;
  }
  if (!p->sp || load_stream(c, p) < 0)
    return NULL;
  c->nprocs++;
  return p;
}

static gproc *find_proc(conv *c, long host) {
  for (size_t i = c->nprocs; i-- > 0;)
    if (c->procs[i].host == host)
      return &c->procs[i];
  return NULL;
}

/* Reads the RAW_PATH at p->pos into out (NUL-terminated); -1 when the stream ends early. */
static int read_path(conv *c, gproc *p, char out[RAW_PATH_MAX]) {
  const uint64_t *w = words(p);
  if (p->pos >= p->n || RAW_TAG(w[p->pos]) != RAW_PATH)
    return failf(c, "raw stream of process %ld: a path is missing at word %zu", p->host, p->pos);
  size_t len = (size_t)RAW_LOW(w[p->pos]), nw = (len + 7) / 8;
  if (len >= RAW_PATH_MAX || p->pos + 1 + nw > p->n)
    return failf(c, "raw stream of process %ld: bad path at word %zu", p->host, p->pos);
  memcpy(out, &w[p->pos + 1], len);
  out[len] = 0;
  p->pos += 1 + nw;
  return 0;
}

/* Whether the ELF segment of `path` that holds file offset `off` is executable. */
static int elf_exec_at(const char *path, uint64_t off) {
  unsigned char eh[52], ph[32];
  int fd = open(path, O_RDONLY | O_CLOEXEC), x = 0;
  if (fd < 0)
    return 0;
  if (pread(fd, eh, sizeof eh, 0) == (ssize_t)sizeof eh && !memcmp(eh, "\177ELF\1\1", 6)) {
    uint32_t phoff = eh[28] | eh[29] << 8 | eh[30] << 16 | (uint32_t)eh[31] << 24;
    unsigned phnum = eh[44] | eh[45] << 8;
    for (unsigned i = 0; i < phnum && !x; i++) {
      if (pread(fd, ph, sizeof ph, (off_t)phoff + 32 * (off_t)i) != (ssize_t)sizeof ph)
        break;
      uint32_t type = ph[0] | ph[1] << 8, poff = ph[4] | ph[5] << 8 | ph[6] << 16 | (uint32_t)ph[7] << 24;
      uint32_t filesz = ph[16] | ph[17] << 8 | ph[18] << 16 | (uint32_t)ph[19] << 24;
      uint32_t flags = ph[24];
      if (type == 1 && off >= (poff & ~4095u) && off < page_up((uint64_t)poff + filesz))
        x = flags & 1;
    }
  }
  close(fd);
  return x;
}

/* ---- one process's stream ---- */

/* Task p ends: its thread exited, its stream ended, or (group) its process exited as a whole,
 * which ends the process's other threads too (what their streams hold after this point is
 * dropped). The process's `exit` comes with its last task. */
static void finish(conv *c, gproc *p, int group) {
  if (p->state == P_DONE)
    return;
  p->state = P_DONE;
  for (size_t i = 0; i < c->nprocs; i++) {
    gproc *q = &c->procs[i];
    if (q->pid == p->pid && q->state != P_DONE) {
      if (!group)
        return; /* the process lives on in another thread */
      q->state = P_DONE;
    }
  }
  gproc *leader = process_of(c, p);
  emit_simple(c, VMC_EXIT, p->pid);
  for (unsigned k = 0; k < VMC_MAX_CORES; k++) /* it runs nowhere any more */
    if (c->cur_pid[k] == p->pid)
      c->cur_pid[k] = 0;
  for (size_t i = 0; i < c->nprocs; i++) {
    gproc *q = &c->procs[i];
    if (q->state == P_WAIT && q->wait_for == leader->host)
      q->state = P_RUN;
  }
  if (leader->vfork_parent) {
    c->procs[leader->vfork_parent - 1].state = P_RUN;
    leader->vfork_parent = 0;
  }
}

static void do_access(conv *c, gproc *p, uint64_t word) {
  uint32_t va = (uint32_t)word;
  unsigned size = (unsigned)(word >> 32) & 255, op = (unsigned)(word >> 40) & 3;
  if (size == 0)
    return;
  if (c->collect) {
    mark_chunks(c, va, size);
    return;
  }
  switch_to(c, p);
  vmc_record r = {0};
  r.kind = VMC_ACCESS;
  r.op = (uint8_t)op;
  while (size > 0 && !c->failed) {
    unsigned part = 4096 - (va & 4095);
    if (part > size)
      part = size;
    r.va = reloc(c, va);
    r.size = (uint8_t)part;
    emit(c, &r);
    va += part;
    size -= part;
  }
}

static void startup_map(conv *c, gproc *p, uint64_t low, uint64_t start, uint64_t end,
                        uint64_t off, const char *path) {
  uint8_t prot = (uint8_t)(low & 7);
  if (start >= end || (prot == 0 && !path[0]))
    return; /* qemu's reservations of the guest space show up as inaccessible anonymous maps */
  /* qemu maps guest code without host execute permission: take it from the ELF headers
   * of files, and give it to read-only anonymous pages (the signal trampoline, the vectors);
   * writable pages are never given it (W^X, as the ELF loaders do). */
  if ((prot & VMC_PROT_R) && !(prot & VMC_PROT_W) && (!path[0] || elf_exec_at(path, off)))
    prot |= VMC_PROT_X;
  region rg = {VMC_MAP_ANON, 0, 0, prot, (low & 0x100) ? VMC_MAP_SHARED : 0};
  if (path[0]) {
    rg.kind = VMC_MAP_FILE;
    rg.file = file_id(c, path);
    rg.off = off & ~UINT64_C(4095);
  }
  map(c, p, start, end - start, &rg);
}

static void exec_image(conv *c, gproc *p) {
  unmap(c, p, 0, UINT64_C(1) << 32);
  p->brk = 0;
  p->exec_pending = 0;
  if (p->vfork_parent) {
    c->procs[p->vfork_parent - 1].state = P_RUN;
    p->vfork_parent = 0;
  }
}

static int syscall_event(conv *c, gproc *p, unsigned num, const uint64_t *a, int64_t ret,
                         const char *path) {
  uint32_t r32 = (uint32_t)ret;
  int ok = !RAW_SYSCALL_FAILED(ret);
  uint32_t a0 = (uint32_t)a[0];
  switch (num) {
  case SYS_exit:
  case SYS_exit_group:
    finish(c, p, num == SYS_exit_group);
    return STEP_DONE;
  case SYS_mmap2:
    if (ok && a[1] > 0) {
      region rg = {VMC_MAP_ANON, 0, 0, (uint8_t)(a[2] & 7), 0};
      if (a[3] & MAP_SHARED_FLAG)
        rg.flags |= VMC_MAP_SHARED;
      if (a[3] & MAP_POPULATE_FLAG)
        rg.flags |= VMC_MAP_POPULATE;
      if (!(a[3] & MAP_ANON_FLAG)) {
        rg.kind = VMC_MAP_FILE;
        rg.file = file_id(c, path[0] ? path : "(unknown file)");
        rg.off = (uint64_t)(uint32_t)a[5] << PAGE_SHIFT;
      }
      map(c, p, r32, page_up((uint32_t)a[1]), &rg);
    }
    break;
  case SYS_munmap:
    if (ok && a[1] > 0)
      unmap(c, p, a0 & ~4095u, page_up((uint32_t)a[1]));
    break;
  case SYS_mprotect:
    if (ok && a[1] > 0) {
      uint8_t prot = (uint8_t)(a[2] & 7);
      for_runs(c, p, a0 >> PAGE_SHIFT, page_up((uint32_t)a[1]) >> PAGE_SHIFT, 1, 0, protect_run,
               &prot);
    }
    break;
  case SYS_madvise:
    /* MADV_DONTNEED drops the pages: the next touch finds zeros (or the file) again. */
    if (ok && (uint32_t)a[2] == MADV_DONTNEED_ADVICE && a[1] > 0) {
      uint64_t va = a0, len = page_up((uint32_t)a[1]);
      for_runs(c, p, va >> PAGE_SHIFT, len >> PAGE_SHIFT, 1, 1, map_anon_run, NULL);
    }
    break;
  case SYS_brk: {
    gproc *pr = process_of(c, p);
    if (pr->brk && r32 > pr->brk)
      map_fresh(c, p, page_up(pr->brk), page_up(r32) - page_up(pr->brk), VMC_PROT_R | VMC_PROT_W);
    else if (pr->brk && r32 < pr->brk && page_up(r32) < page_up(pr->brk))
      unmap(c, p, page_up(r32), page_up(pr->brk) - page_up(r32));
    pr->brk = r32;
    break;
  }
  case SYS_mremap:
    if (ok) {
      uint64_t old_len = page_up((uint32_t)a[1]), new_len = page_up((uint32_t)a[2]);
      uint8_t prot = space_page(p->sp, a0 >> PAGE_SHIFT) & PAGE_PROT;
      if (r32 == a0 && new_len > old_len) {
        map_fresh(c, p, a0 + old_len, new_len - old_len, prot);
      } else if (r32 == a0) {
        if (new_len < old_len)
          unmap(c, p, a0 + new_len, old_len - new_len);
      } else {
        unmap(c, p, a0, old_len);
        region rg = {VMC_MAP_ANON, 0, 0, prot, 0};
        map(c, p, r32, new_len, &rg);
      }
    }
    break;
  case SYS_fork:
  case SYS_vfork:
  case SYS_clone:
    if (ok && r32 > 0) {
      size_t self = (size_t)(p - c->procs);
      const int thread = num == SYS_clone && (a[0] & CLONE_VM_FLAG) && !(a[0] & CLONE_VFORK_FLAG);
      gproc *child = new_proc(c, (long)r32, p, thread);
      if (!child)
        return failf(c, "out of memory or unreadable stream for process %ld", (long)r32), STEP_ERROR;
      p = &c->procs[self]; /* new_proc may have moved the table */
      if (thread) {
        c->st.threads++;
        if (child->n == 0)
          child->state = P_DONE; /* a thread that never ran */
        break;
      }
      vmc_record f = {0};
      f.kind = VMC_FORK;
      f.pid = p->pid;
      f.child = child->pid;
      emit(c, &f);
      c->st.processes++;
      if (child->n == 0)
        finish(c, child, 0);
      else if (num == SYS_vfork || (num == SYS_clone && (a[0] & CLONE_VFORK_FLAG))) {
        child->vfork_parent = self + 1;
        p->state = P_VFORK;
        return STEP_BLOCKED;
      }
    }
    break;
  case SYS_execve:
    if (!ok)
      p->exec_pending = 0; /* the new image never started */
    break;
  default:
    break;
  }
  return STEP_YIELD; /* "keep going" */
}

/* Runs p until it has made `budget` accesses, blocks or ends. */
static int step(conv *c, gproc *p, uint64_t budget) {
  static char path[RAW_PATH_MAX];
  size_t self = (size_t)(p - c->procs);
  c->core = p->core;
  while (!c->failed) {
    p = &c->procs[self];
    if (p->pos >= p->n) {
      finish(c, p, 0);
      return STEP_DONE;
    }
    const uint64_t *w = words(p);
    uint64_t word = w[p->pos];
    unsigned tag = RAW_TAG(word);
    if (tag == 0) {
      do_access(c, p, word);
      p->pos++;
      if (--budget == 0)
        return STEP_YIELD;
      continue;
    }
    size_t at = p->pos;
    switch (tag) {
    case RAW_START:
      if (at + 1 + RAW_START_WORDS > p->n)
        return failf(c, "raw stream of process %ld is cut short", p->host), STEP_ERROR;
      p->pos += 1 + RAW_START_WORDS;
      if (p->exec_pending)
        exec_image(c, p);
      break;
    case RAW_MAP:
      if (at + 1 + RAW_MAP_WORDS > p->n)
        return failf(c, "raw stream of process %ld is cut short", p->host), STEP_ERROR;
      p->pos += 1 + RAW_MAP_WORDS;
      if (read_path(c, p, path) < 0)
        return STEP_ERROR;
      startup_map(c, p, RAW_LOW(word), w[at + 1], w[at + 2], w[at + 3], path);
      break;
    case RAW_SYSCALL: {
      if (at + 1 + RAW_SYSCALL_WORDS > p->n)
        return failf(c, "raw stream of process %ld is cut short", p->host), STEP_ERROR;
      unsigned num = (unsigned)RAW_LOW(word);
      const uint64_t *a = &w[at + 1];
      int64_t ret = (int64_t)a[6];
      if (num == SYS_wait4 && !RAW_SYSCALL_FAILED(ret) && (uint32_t)ret > 0) {
        gproc *q = find_proc(c, (long)(uint32_t)ret);
        if (q && q->state != P_DONE) { /* the wait returns only once that exit is in the trace */
          p->state = P_WAIT;
          p->wait_for = q->host;
          return STEP_BLOCKED;
        }
      }
      p->pos += 1 + RAW_SYSCALL_WORDS;
      path[0] = 0;
      if (num == SYS_mmap2 && !RAW_SYSCALL_FAILED(ret) && !(a[3] & MAP_ANON_FLAG) &&
          read_path(c, p, path) < 0)
        return STEP_ERROR;
      int rc = syscall_event(c, p, num, a, ret, path);
      if (rc != STEP_YIELD)
        return rc;
      break;
    }
    case RAW_EXEC:
      p->pos++;
      if (read_path(c, p, path) < 0)
        return STEP_ERROR;
      p->exec_pending = 1;
      break;
    case RAW_ERROR:
      p->pos++;
      if (read_path(c, p, path) < 0)
        return STEP_ERROR;
      return failf(c, "%s", path), STEP_ERROR;
    default:
      return failf(c, "raw stream of process %ld: unknown word 0x%016llx at %zu", p->host,
                   (unsigned long long)word, at), STEP_ERROR;
    }
  }
  return STEP_ERROR;
}

static void reset(conv *c) {
  for (size_t i = 0; i < c->nprocs; i++) {
    if (c->procs[i].map)
      munmap(c->procs[i].map, c->procs[i].n * 8);
    if (!c->procs[i].leader)
      space_free(c->procs[i].sp);
  }
  c->nprocs = 0;
  c->npids = 0;
  memset(c->cur_pid, 0, sizeof c->cur_pid);
  for (uint32_t i = 0; i < c->nfiles; i++)
    free(c->files[i]);
  c->nfiles = 0;
  memset(&c->st, 0, sizeof c->st);
}

static int run_pass(conv *c, long root_pid) {
  reset(c);
  gproc *root = new_proc(c, root_pid, NULL, 0);
  if (!root)
    return failf(c, "cannot read the raw stream of the program (process %ld)", root_pid);
  if (root->n == 0)
    return failf(c, "the plugin wrote nothing: qemu-arm did not run the program");
  c->core = root->core;
  emit_simple(c, VMC_CREATE, root->pid);
  c->st.processes = 1;
  size_t next = 0;
  for (;;) {
    size_t i, k;
    for (k = 0; k < c->nprocs; k++) {
      i = (next + k) % c->nprocs;
      if (c->procs[i].state == P_RUN)
        break;
    }
    if (k == c->nprocs) {
      for (i = 0; i < c->nprocs; i++)
        if (c->procs[i].state != P_DONE)
          return failf(c, "processes wait for each other (process %ld is blocked)",
                       c->procs[i].host);
      return c->failed ? -1 : 0;
    }
    if (step(c, &c->procs[i], c->opts->quantum) == STEP_ERROR || c->failed)
      return -1;
    if (c->opts->interrupted && c->opts->interrupted())
      return failf(c, "interrupted");
    next = i + 1;
  }
}

/* Gives each used chunk a slot, in address order. */
static int place_chunks(conv *c) {
  uint32_t chunks = 0, runs = 0;
  for (uint32_t ch = 0; ch < NCHUNKS; ch++) {
    c->slot_of[ch] = -1;
    if (c->chunk_used[ch]) {
      chunks++;
      runs += ch == 0 || !c->chunk_used[ch - 1];
    }
  }
  if (chunks > NSLOTS)
    return failf(c, "the program's address space does not fit: it uses %u MiB (in 1 MiB pieces) "
                    "and the user range 0x01000000-0x3F000000 holds %u MiB",
                 chunks, NSLOTS);
  uint32_t gap = chunks + runs - 1 <= NSLOTS ? 1 : 0, slot = 0;
  for (uint32_t ch = 0; ch < NCHUNKS; ch++) {
    if (!c->chunk_used[ch])
      continue;
    if (slot > 0 && (ch == 0 || !c->chunk_used[ch - 1]))
      slot += gap;
    c->slot_of[ch] = (int32_t)slot++;
  }
  c->st.chunks = chunks;
  c->st.slots_used = slot;
  return 0;
}

int record_convert(const char *dir, long root_pid, const record_opts *opts, vmc_trace_writer *w,
                   record_stats *stats, char *err, size_t errlen) {
  conv *c = calloc(1, sizeof *c);
  if (!c) {
    snprintf(err, errlen, "out of memory");
    return -1;
  }
  c->dir = dir;
  c->opts = opts;
  c->w = w;
  c->err = err;
  c->errlen = errlen;
  c->collect = 1;
  int rc = run_pass(c, root_pid);
  if (rc == 0)
    rc = place_chunks(c);
  if (rc == 0) {
    c->collect = 0;
    uint32_t chunks = c->st.chunks, slots = c->st.slots_used;
    rc = run_pass(c, root_pid);
    c->st.chunks = chunks;
    c->st.slots_used = slots;
    *stats = c->st;
  }
  reset(c);
  free(c->procs);
  free(c);
  return rc;
}
