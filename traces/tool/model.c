/* The rules a valid trace follows (docs/trace-format.md, "Validity"). */
#include "model.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void model_init(model *m, const tool_layout *layout, unsigned cores) {
  memset(m, 0, sizeof *m);
  m->layout = *layout;
  m->cores = cores;
  tool_layout_describe(layout, m->layout_text, sizeof m->layout_text);
  m->lo = UINT32_MAX;
}

void model_free(model *m) {
  for (size_t i = 0; i < m->nprocs; i++)
    space_free(m->procs[i].sp);
  free(m->procs);
  free(m->alive_slots);
  memset(m, 0, sizeof *m);
}

static size_t pid_slot(const model *m, uint32_t pid) {
  return (size_t)((pid * 0x9E3779B1u) & (uint32_t)(m->alive_cap - 1));
}

/* The slot holding pid, or the free slot where it would go. alive_cap is a power of two and
 * never more than half full. */
static size_t find_slot(const model *m, uint32_t pid) {
  size_t i = pid_slot(m, pid);
  while (m->alive_slots[i] && m->procs[m->alive_slots[i] - 1].pid != pid)
    i = (i + 1) & (m->alive_cap - 1);
  return i;
}

static proc *find_alive(model *m, uint32_t pid) {
  if (!m->nalive)
    return NULL;
  const uint32_t at = m->alive_slots[find_slot(m, pid)];
  return at ? &m->procs[at - 1] : NULL;
}

/* Records procs[index] as pid's alive process. 0, or -1 when out of memory. */
static int index_alive(model *m, uint32_t pid, size_t index) {
  if (2 * (m->nalive + 1) > m->alive_cap) {
    size_t cap = m->alive_cap ? m->alive_cap * 2 : 64;
    uint32_t *old = m->alive_slots, *slots = calloc(cap, sizeof *slots);
    if (!slots)
      return -1;
    size_t old_cap = m->alive_cap;
    m->alive_slots = slots;
    m->alive_cap = cap;
    for (size_t i = 0; i < old_cap; i++)
      if (old[i])
        slots[find_slot(m, m->procs[old[i] - 1].pid)] = old[i];
    free(old);
  }
  m->alive_slots[find_slot(m, pid)] = (uint32_t)index + 1;
  m->nalive++;
  return 0;
}

/* Removes pid from the alive index, shifting later entries of its probe run back. */
static void unindex_alive(model *m, uint32_t pid) {
  size_t hole = find_slot(m, pid), mask = m->alive_cap - 1;
  if (!m->alive_slots[hole])
    return;
  m->alive_slots[hole] = 0;
  m->nalive--;
  for (size_t i = (hole + 1) & mask; m->alive_slots[i]; i = (i + 1) & mask) {
    const size_t home = pid_slot(m, m->procs[m->alive_slots[i] - 1].pid);
    /* Move the entry into the hole unless its home lies cyclically in (hole, i]. */
    if (((i - home) & mask) >= ((i - hole) & mask)) {
      m->alive_slots[hole] = m->alive_slots[i];
      m->alive_slots[i] = 0;
      hole = i;
    }
  }
}

static proc *add_proc(model *m, uint32_t pid, space *sp) {
  if (m->nprocs == m->cap) {
    size_t cap = m->cap ? m->cap * 2 : 16;
    size_t cur_index[VMC_MAX_CORES];
    for (unsigned c = 0; c < VMC_MAX_CORES; c++)
      cur_index[c] = m->cur[c] ? (size_t)(m->cur[c] - m->procs) : 0;
    proc *p = realloc(m->procs, cap * sizeof *p);
    if (!p)
      return NULL;
    for (unsigned c = 0; c < VMC_MAX_CORES; c++)
      if (m->cur[c])
        m->cur[c] = p + cur_index[c];
    m->procs = p;
    m->cap = cap;
  }
  if (index_alive(m, pid, m->nprocs) != 0)
    return NULL;
  proc *p = &m->procs[m->nprocs++];
  memset(p, 0, sizeof *p);
  p->pid = pid;
  p->alive = 1;
  p->sp = sp;
  p->lo = UINT32_MAX;
  return p;
}

static const char *op_name[3] = {"read", "write", "fetch"};
/* The region permissions that allow each operation: ARM cannot map a page writable or
 * executable but not readable, so the firmware makes w and x regions readable too. */
static const uint8_t op_prot[3] = {VMC_PROT_R | VMC_PROT_W | VMC_PROT_X, VMC_PROT_W, VMC_PROT_X};

static int violation(model *m, char *why, size_t whylen, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int violation(model *m, char *why, size_t whylen, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(why, whylen, fmt, ap);
  va_end(ap);
  m->violations++;
  return 1;
}

static void prot_str(uint8_t prot, char out[4]) {
  out[0] = prot & VMC_PROT_R ? 'r' : '-';
  out[1] = prot & VMC_PROT_W ? 'w' : '-';
  out[2] = prot & VMC_PROT_X ? 'x' : '-';
  out[3] = 0;
}

static int apply_access(model *m, const vmc_record *rec, char *why, size_t whylen) {
  m->acc[rec->op]++;
  m->priv += rec->priv;
  uint32_t last = rec->va + rec->size - 1u;
  if (rec->va < m->lo)
    m->lo = rec->va;
  if (last > m->hi)
    m->hi = last;
  m->any_access = 1;
  proc *p = m->cur[rec->core];
  if (!p) {
    m->orphan_accesses++;
    if (rec->core)
      return violation(m, why, whylen, "%s at 0x%08x on core %u with no current process (no switch on core %u before it)",
                       op_name[rec->op], rec->va, rec->core, rec->core);
    return violation(m, why, whylen, "%s at 0x%08x with no current process (no switch before it)",
                     op_name[rec->op], rec->va);
  }
  p->acc[rec->op]++;
  p->priv += rec->priv;
  if (rec->va < p->lo)
    p->lo = rec->va;
  if (last > p->hi)
    p->hi = last;
  int bad = 0;
  for (uint32_t vpn = rec->va >> 12; vpn <= last >> 12; vpn++) {
    int fresh = space_touch(p->sp, vpn);
    if (fresh < 0)
      return -1;
    p->pages += (uint64_t)fresh;
    m->pages += (uint64_t)fresh;
    if (bad)
      continue;
    const uint32_t addr = vpn << 12 > rec->va ? vpn << 12 : rec->va;
    const uint32_t in_page = (vpn << 12 | 0xfffu) < last ? (vpn << 12 | 0xfffu) - addr + 1u : last - addr + 1u;
    if (addr >= m->layout.kernel_lo) {
      if (!rec->priv) {
        snprintf(why, whylen, "user %s at 0x%08x: kernel space (0x%08x and up) needs a privileged access",
                 op_name[rec->op], addr, m->layout.kernel_lo);
        bad = 1;
      } else {
        const kernel_window *w = tool_layout_kernel_window(&m->layout, addr, in_page);
        if (!w || (rec->op == VMC_OP_FETCH && !w->executable)) {
          snprintf(why, whylen, "privileged %s at 0x%08x: the kernel maps %s there (%s)", op_name[rec->op], addr,
                   w ? "no executable memory" : "nothing", m->layout_text);
          bad = 1;
        }
      }
      continue;
    }
    uint8_t f = space_page(p->sp, vpn);
    if (!(f & PAGE_MAPPED)) {
      snprintf(why, whylen, "%s at 0x%08x: no region of process %u maps it", op_name[rec->op], addr, p->pid);
      bad = 1;
    } else if (rec->op == VMC_OP_FETCH && (f & PAGE_DEVICE)) {
      snprintf(why, whylen, "fetch at 0x%08x: the region of process %u is device memory (never executable)", addr,
               p->pid);
      bad = 1;
    } else if (!(f & op_prot[rec->op])) {
      char ps[4];
      prot_str(f & PAGE_PROT, ps);
      snprintf(why, whylen, "%s at 0x%08x: the region of process %u is %s", op_name[rec->op], addr, p->pid, ps);
      bad = 1;
    }
  }
  if (bad)
    m->violations++;
  return bad;
}

static int apply_region(model *m, const vmc_record *rec, char *why, size_t whylen) {
  proc *p = find_alive(m, rec->pid);
  if (!p)
    return violation(m, why, whylen, "%s: process %u does not exist", vmc_kind_name(rec->kind), rec->pid);
  p->events++;
  uint32_t first = rec->va >> 12, n = rec->len >> 12;
  if (!tool_layout_user_range(&m->layout, rec->va, rec->len)) {
    return violation(m, why, whylen, "%s of 0x%08x+0x%x: outside the user space 0x%08x-0x%08x (layout %s)",
                     vmc_kind_name(rec->kind), rec->va, rec->len, m->layout.user_lo, m->layout.user_hi - 1u,
                     m->layout.name);
  }
  switch (rec->kind) {
  case VMC_MMAP:
    if (space_map(p->sp, first, n, (uint8_t)(rec->prot | (rec->map_kind == VMC_MAP_DEVICE ? PAGE_DEVICE : 0)))) {
      return violation(m, why, whylen, "mmap of 0x%08x+0x%x overlaps a region process %u already maps", rec->va,
                       rec->len, p->pid);
    }
    return 0;
  case VMC_MUNMAP:
    space_unmap(p->sp, first, n);
    return 0;
  default: /* mprotect */
    if (space_protect(p->sp, first, n, rec->prot)) {
      return violation(m, why, whylen, "mprotect of 0x%08x+0x%x: part of the range is not mapped by process %u",
                       rec->va, rec->len, p->pid);
    }
    return 0;
  }
}

int model_apply(model *m, const vmc_record *rec, char *why, size_t whylen) {
  m->records++;
  if (rec->kind < VMC_KIND_COUNT)
    m->kinds[rec->kind]++;
  /* The reader keeps core below VMC_MAX_CORES; the machine may have fewer. */
  const unsigned core = rec->core < VMC_MAX_CORES ? rec->core : VMC_MAX_CORES - 1;
  if (rec->kind == VMC_ACCESS)
    m->core_acc[core]++;
  else if (rec->kind == VMC_SWITCH)
    m->core_switches[core]++;
  else
    m->core_events[core]++;
  if (core >= m->cores)
    return violation(m, why, whylen, "%s on core %u: the machine has %u core%s (--cores %u)", vmc_kind_name(rec->kind),
                     core, m->cores, m->cores == 1 ? "" : "s", m->cores);
  proc *p;
  switch (rec->kind) {
  case VMC_ACCESS:
    return apply_access(m, rec, why, whylen);
  case VMC_CREATE:
    if (find_alive(m, rec->pid))
      return violation(m, why, whylen, "create: process %u already exists", rec->pid);
    {
      space *sp = space_new();
      if (!sp || !(p = add_proc(m, rec->pid, sp))) {
        space_free(sp);
        return -1;
      }
      p->events++;
    }
    return 0;
  case VMC_FORK: {
    proc *parent = find_alive(m, rec->pid);
    if (!parent)
      return violation(m, why, whylen, "fork: parent process %u does not exist", rec->pid);
    if (find_alive(m, rec->child))
      return violation(m, why, whylen, "fork: child process %u already exists", rec->child);
    parent->events++;
    space *sp = space_clone(parent->sp);
    if (!sp || !(p = add_proc(m, rec->child, sp))) {
      space_free(sp);
      return -1;
    }
    p->events++;
    return 0;
  }
  case VMC_EXIT:
    if (!(p = find_alive(m, rec->pid)))
      return violation(m, why, whylen, "exit: process %u does not exist", rec->pid);
    p->events++;
    unindex_alive(m, p->pid);
    p->alive = 0;
    space_free(p->sp);
    p->sp = NULL;
    for (unsigned c = 0; c < VMC_MAX_CORES; c++) /* it runs nowhere any more */
      if (m->cur[c] == p)
        m->cur[c] = NULL;
    return 0;
  case VMC_SWITCH:
    if (!(p = find_alive(m, rec->pid)))
      return violation(m, why, whylen, "switch: process %u does not exist", rec->pid);
    p->events++;
    m->cur[core] = p; /* a process may be current on several cores: its threads */
    return 0;
  case VMC_MMAP:
  case VMC_MUNMAP:
  case VMC_MPROTECT:
    return apply_region(m, rec, why, whylen);
  default:
    return 0;
  }
}
