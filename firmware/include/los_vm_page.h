/*
 * The page array: one LosVmPage per 4 KiB page frame of every memory segment. The array is a
 * host-side table (it is not stored in simulated RAM), indexed by the frame's offset in its
 * segment (seg->pageBase[(pa - seg->start) >> PAGE_SHIFT]).
 *
 * Page states, as the buddy allocator keeps them:
 *   free      the page lies inside a block on a free list. Only the block's first page (its
 *             head) says so: flags has VM_PAGE_FLAG_FREE and order is the block's order. Other
 *             pages of a free block have order VM_LIST_ORDER_MAX and refCounts 0.
 *   allocated refCounts >= 1 (each allocation hands out one reference per page), order is
 *             VM_LIST_ORDER_MAX, node is free for the owner (LOS_PhysPagesAlloc links pages
 *             into the caller's list through it).
 */
#ifndef LOS_VM_PAGE_H
#define LOS_VM_PAGE_H

#include "los_typedef.h"
#include "los_list.h"
#include "los_atomic.h"

/* page->flags. Bits 0..15 belong to the physical-memory part; 16..31 are left for users of
 * allocated pages (the VM part) and are cleared when a page is allocated. */
#define VM_PAGE_FLAG_FREE       (1U << 0)  /* heads a block on a free list            */
#define VM_PAGE_FLAG_KHEAP      (1U << 1)  /* backs a kernel-heap arena               */
#define VM_PAGE_FLAG_KBIG       (1U << 2)  /* first page of a large LOS_KernelMalloc  */
#define VM_PAGE_FLAG_PHYS_MASK  0x0000FFFFU
#define VM_PAGE_FLAG_USER_SHIFT 16U
#define VM_PAGE_FLAG_USER_MASK  0xFFFF0000U

typedef struct VmPage {
    LOS_DL_LIST node;       /* free-list link while free; the owner's list while allocated */
    PADDR_T     physAddr;   /* physical address of the frame                               */
    Atomic      refCounts;  /* references held; 0 while free                               */
    UINT32      flags;      /* VM_PAGE_FLAG_*                                              */
    UINT8       order;      /* order of the free block this page heads, else ORDER_MAX     */
    UINT8       segID;      /* index of the segment in g_vmPhysSeg                         */
    UINT16      reserved;
    UINT32      nPages;     /* pages of the large kernel-heap allocation this page heads   */
} LosVmPage;

/* The whole page array (all segments, in segment order) and its length in pages. */
extern LosVmPage *g_vmPageArray;
extern size_t g_vmPageArraySize;

/* The page struct of a physical address, searching every segment; NULL outside them. */
LosVmPage *LOS_VmPageGet(PADDR_T paddr);

#endif /* LOS_VM_PAGE_H */
