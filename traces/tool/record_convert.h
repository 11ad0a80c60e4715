/* `vmctrace record`, second half: turns the raw streams of the qemu plugin (one per guest
 * thread, traces/qemu/raw.h) into one trace. docs/qemu-tracer.md describes the result:
 * the OS events that each syscall becomes, the relocation into the user range and the
 * interleaving of processes. */
#ifndef VMCTRACE_TOOL_RECORD_CONVERT_H
#define VMCTRACE_TOOL_RECORD_CONVERT_H

#include <stdint.h>

#include "vmctrace/vmctrace.h"

typedef struct record_opts {
  uint64_t quantum; /* accesses a task (thread) runs before the next one gets its turn */
  unsigned cores;   /* task k, in order of creation, runs on core k mod cores (1..8) */
  int (*interrupted)(void); /* polled between turns; non-zero stops the conversion */
} record_opts;

typedef struct record_stats {
  uint64_t accesses, events, processes, threads; /* threads: besides each process's first */
  uint32_t chunks, slots_used; /* 1 MiB chunks of the guest space, and slots they took */
} record_stats;

/* Converts the streams DIR/ROOTPID.raw and those of its descendants. Returns 0, or -1 with
 * a message in err (the writer is then left for the caller to abort). */
int record_convert(const char *dir, long root_pid, const record_opts *opts, vmc_trace_writer *w,
                   record_stats *stats, char *err, size_t errlen);

#endif
