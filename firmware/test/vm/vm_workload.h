/*
 * The random process workload shared by fw.fault.random_processes (accesses through the test
 * walker) and fw.fault.model_loop (accesses through the reference MMU model). Up to four
 * processes map private or shared anonymous memory in a 1 MiB window (mmap FIXED, munmap,
 * mprotect), fork, exit, and read and write the first word of pages. A model gives each process
 * its own value for private pages (copied at fork) and one shared cell for shared pages; every
 * read must match it, writes to read-only regions must be denied, and at the end every page,
 * table and ASID must be back.
 */
#ifndef VM_WORKLOAD_H
#define VM_WORKLOAD_H

#include "vm_test.h"

#define VM_WORKLOAD_WIN      0x20000000U   /* the window's first VA          */
#define VM_WORKLOAD_PAGES    256U          /* the window's pages             */
#define VM_WORKLOAD_MAX_OPS  4000U

typedef struct {
    UINT32 ops;
    /* 70 % of the operations pick one of the window's first 16 pages, so that translations
     * stay in the TLBs (this draws one more random number per operation). */
    BOOL hotSet;
    /* One CPU access by the current process (sp) to va, faults handled: LOS_OK, or the fault
     * handler's verdict. */
    STATUS_T (*access)(LosVmSpace *sp, VADDR_T va, BOOL write, UINT32 value, UINT32 *readOut);
    /* Called after every firmware call that may write MMU registers (NULL: nothing to do). */
    VOID (*sync)(VOID);
} VmTestWorkload;

/* Creates the first process, runs w->ops random operations (stopping at the first failed
 * check), then every process reads every page of its model once more. */
VOID VmTestWorkloadRun(const VmTestWorkload *w);

/* Prints the operation and fault counts, checks that copy-on-write was exercised, frees every
 * process and checks that every page, level-2 table and ASID came back. */
VOID VmTestWorkloadFinish(const VmTestWorkload *w);

#endif /* VM_WORKLOAD_H */
