/* Replays a trace's OS events to know, at each access, which regions the current process has
 * mapped: the basis of `check` (validity) and `summary` (per-process statistics). */
#ifndef VMCTRACE_TOOL_MODEL_H
#define VMCTRACE_TOOL_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "layout.h"
#include "space.h"
#include "vmctrace/vmctrace.h"

typedef struct proc {
  uint32_t pid;
  int alive;
  space *sp;
  uint64_t acc[3];   /* accesses by operation */
  uint64_t priv;     /* privileged accesses */
  uint64_t pages;    /* distinct pages touched */
  uint32_t lo, hi;   /* lowest and highest byte accessed */
  uint64_t events;   /* OS events naming this process */
} proc;

typedef struct model {
  tool_layout layout;        /* which addresses are mappable and which the kernel maps */
  char layout_text[160];     /* tool_layout_describe(), for messages */
  proc *procs;
  size_t nprocs, cap;
  /* The alive processes by pid: open addressing, linear probing, slots hold index + 1 (0 free),
   * so finding a process costs the same with 10 or 300 000 processes in the trace. */
  uint32_t *alive_slots;
  size_t alive_cap, nalive;
  unsigned cores;            /* the machine's cores: records on core >= cores break a rule */
  proc *cur[VMC_MAX_CORES];  /* each core's current process, NULL before a switch on it */
  uint64_t records;
  /* per core (summary of version-2 traces): accesses, switches, other OS events */
  uint64_t core_acc[VMC_MAX_CORES], core_switches[VMC_MAX_CORES], core_events[VMC_MAX_CORES];
  uint64_t kinds[VMC_KIND_COUNT];
  uint64_t acc[3], priv;
  uint64_t pages;          /* sum over processes of distinct pages touched */
  uint32_t lo, hi;
  int any_access;
  uint64_t orphan_accesses; /* accesses before any switch */
  uint64_t violations;
} model;

/* A model checking against the given layout (copied) and number of cores (1..VMC_MAX_CORES). */
void model_init(model *m, const tool_layout *layout, unsigned cores);
void model_free(model *m);

/* Applies one record. 0 when it is valid, 1 when it breaks a rule (why says which),
 * -1 when out of memory. */
int model_apply(model *m, const vmc_record *rec, char *why, size_t whylen);

#endif
