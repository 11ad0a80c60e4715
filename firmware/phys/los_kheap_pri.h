/*
 * The small-object kernel heap (los_kheap.c), used by the LOS_Kernel* API in los_memory.c for
 * requests under KMALLOC_LARGE_SIZE with alignment up to a page. Not installed.
 */
#ifndef LOS_KHEAP_PRI_H
#define LOS_KHEAP_PRI_H

#include "los_memory.h"
#include "los_vm_phys_pri.h"

/* Every arena is this many contiguous pages from the buddy allocator (64 KiB). The largest
 * heap request (16 KiB - 16 bytes, aligned to at most a page) always fits in an empty one. */
#define OS_KHEAP_ARENA_PAGES 16U

/* Frees of pointers the heap did not hand out, since the last OsSysMemInit. */
extern UINT32 g_kheapBadFrees;
/* Live large allocations (own pages) and the pages they hold. */
extern UINT32 g_kheapLargeAllocs;
extern UINT32 g_kheapLargePages;

/* A heap block at pa (the physical address) of size bytes, allocated or free. Bookkeeping is
 * host memory; the bytes themselves are simulated RAM. */
PADDR_T OsKHeapAllocUnsafe(UINT32 size, UINT32 align);
/* Frees the block at pa; FALSE when pa is not an allocated heap block. */
BOOL OsKHeapFreeUnsafe(PADDR_T pa);
/* Usable size of the allocated block at pa, or 0 when pa is not one. */
UINT32 OsKHeapBlockSizeUnsafe(PADDR_T pa);
/* Shrinks or grows the allocated block at pa in place to size bytes; FALSE when it cannot. */
BOOL OsKHeapResizeUnsafe(PADDR_T pa, UINT32 size);
/* Adds the heap's figures (arenas, blocks, bytes) to info. */
VOID OsKHeapInfoAddUnsafe(LosKernelHeapInfo *info);

#endif /* LOS_KHEAP_PRI_H */
