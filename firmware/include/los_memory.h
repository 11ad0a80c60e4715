/*
 * The kernel heap. Requests under KMALLOC_LARGE_SIZE (16 KiB) come from a heap allocator whose
 * arenas are runs of pages taken from the buddy allocator (so they count as used physical
 * memory); larger requests, and alignments above a page, take their own contiguous pages.
 * Pointers are host pointers into the simulated RAM (see hal.h HalPhysToHost): dereference
 * them directly, or turn them into physical addresses with HalHostToPhys.
 */
#ifndef LOS_MEMORY_H
#define LOS_MEMORY_H

#include "los_typedef.h"

#define KMALLOC_LARGE_SIZE   (16U * 1024U)
#define KMALLOC_MIN_ALIGN    16U   /* every heap pointer is at least this aligned */

/* NULL when size is 0 or memory is exhausted. */
VOID *LOS_KernelMalloc(UINT32 size);
/* boundary must be a power of two (otherwise NULL); the result is a multiple of it. */
VOID *LOS_KernelMallocAlign(UINT32 size, UINT32 boundary);
/* Frees memory from LOS_KernelMalloc / LOS_KernelMallocAlign / LOS_KernelRealloc. NULL is
 * ignored; a pointer the heap did not hand out is reported on stderr, counted and ignored. */
VOID LOS_KernelFree(VOID *ptr);
/* Like C realloc: contents are kept up to the smaller size; NULL ptr allocates, size 0 frees
 * and returns NULL; on failure NULL is returned and ptr is left as it was. */
VOID *LOS_KernelRealloc(VOID *ptr, UINT32 size);

typedef struct {
    UINT32 arenas;        /* heap arenas (page runs) in use                         */
    UINT32 arenaPages;    /* pages they hold                                        */
    UINT32 usedBytes;     /* bytes in allocated heap blocks (rounded sizes)         */
    UINT32 freeBytes;     /* bytes in free heap blocks                              */
    UINT32 usedBlocks;
    UINT32 freeBlocks;
    UINT32 largestFree;   /* largest free heap block, bytes                         */
    UINT32 largeAllocs;   /* allocations served from their own pages                */
    UINT32 largePages;    /* pages they hold                                        */
    UINT32 badFrees;      /* frees of pointers the heap did not hand out            */
} LosKernelHeapInfo;

VOID LOS_KernelHeapInfoGet(LosKernelHeapInfo *info);

/* Checks the heap's invariants (blocks tile each arena, no two free neighbours, free-list and
 * lookup-table agreement); aborts with a message on a violation. For tests. */
VOID OsKHeapInvariantsCheck(VOID);

#endif /* LOS_MEMORY_H */
