/*
 * Physical memory: memory segments, the buddy allocator of 4 KiB page frames, and the
 * LiteOS-A page allocation API. See firmware/phys/los_vm_phys_buddy.c for the algorithm and
 * docs/firmware.md ("Physical memory") for the design.
 *
 * Call OsSysMemInit() (los_vm_boot.h) once before any of these; it takes the RAM that the HAL
 * backend provides (64 MiB at 0x80000000 on the host backend unless HalHostInit chose
 * otherwise) and turns it into one segment.
 *
 * Kernel pointers: OsVmPageToVaddr and LOS_PhysPagesAllocContiguous return host pointers into
 * the simulated RAM (HalPhysToHost), so callers can dereference them directly.
 */
#ifndef LOS_VM_PHYS_H
#define LOS_VM_PHYS_H

#include "los_typedef.h"
#include "los_vm_common.h"
#include "los_list.h"
#include "los_vm_page.h"

/* Free lists: order k holds blocks of 2^k pages, k = 0..8 (1 to 256 pages, 4 KiB to 1 MiB). */
#define VM_LIST_ORDER_MAX        9U
#define VM_PHYS_SEG_MAX          32U

#define VM_ORDER_TO_PAGES(order) (1U << (order))
#define VM_ORDER_TO_PHYS(order)  (1U << (PAGE_SHIFT + (order)))
#define VM_PAGE_TO_PHYS(page)    ((page)->physAddr)

/* Physical address to page frame number and back (absolute, not segment-relative). */
#define VM_PHYS_TO_PFN(pa)       ((UINT32)(pa) >> PAGE_SHIFT)
#define VM_PFN_TO_PHYS(pfn)      ((PADDR_T)((UINT32)(pfn) << PAGE_SHIFT))

typedef struct VmFreeList {
    LOS_DL_LIST node;      /* heads of the free blocks of this order (LosVmPage.node)   */
    UINT32      listCnt;   /* number of blocks on the list                               */
} LosVmFreeList;

typedef struct VmPhysSeg {
    PADDR_T       start;     /* physical address of the first page (page aligned)      */
    size_t        size;      /* bytes (a multiple of PAGE_SIZE)                        */
    LosVmPage    *pageBase;  /* page struct of the first page, inside g_vmPageArray    */
    UINT32        freePages; /* pages on this segment's free lists                     */
    LosVmFreeList freeList[VM_LIST_ORDER_MAX];
} LosVmPhysSeg;

/* A range of RAM to manage as one segment. */
typedef struct VmPhysArea {
    PADDR_T start;
    size_t  size;
} LosVmPhysArea;

extern LosVmPhysSeg g_vmPhysSeg[VM_PHYS_SEG_MAX];
extern INT32 g_vmPhysSegNum;

/* ---- Set-up ----------------------------------------------------------------------------- */
/* Builds the segments (one per area, in the order given, each inside the HAL's RAM and not
 * overlapping) and the page array, puts every page on the free lists, and resets the kernel
 * heap. Areas are trimmed to whole pages. Returns LOS_OK, or LOS_NOK when an area is outside
 * RAM, overlaps another, or there are too many. OsSysMemInit() uses one area: all of RAM. */
UINT32 OsVmPhysInitAreas(const LosVmPhysArea *areas, UINT32 count);

/* ---- LiteOS-A allocation API --------------------------------------------------------------
 * Every allocated page starts with refCounts 1. Freeing drops one reference and returns the
 * page to the free lists when none is left. Freeing a page that is already free is reported
 * on stderr and counted (OsVmPhysBadFreeCount), and changes nothing. */

/* One page, or NULL when memory is exhausted. */
LosVmPage *LOS_PhysPageAlloc(VOID);

/* nPages pages, not necessarily contiguous, appended to list through page->node. Returns the
 * number allocated: less than nPages when memory runs out (those pages are on the list; free
 * them with LOS_PhysPagesFree). */
size_t LOS_PhysPagesAlloc(size_t nPages, LOS_DL_LIST *list);

/* nPages physically contiguous pages; returns the kernel (host) pointer to the first, or NULL.
 * Exactly nPages are taken: the rest of the buddy block goes back to the free lists. A request
 * of 2^k pages (k <= 8) is aligned to 2^k pages; larger requests take consecutive 1 MiB blocks
 * and are 1 MiB aligned. */
VOID *LOS_PhysPagesAllocContiguous(size_t nPages);

VOID LOS_PhysPageFree(LosVmPage *page);

/* Removes every page from list and drops one reference on each; returns how many were on it. */
size_t LOS_PhysPagesFree(LOS_DL_LIST *list);

/* Frees nPages contiguous pages starting at the kernel pointer ptr (as returned by
 * LOS_PhysPagesAllocContiguous; any page-aligned sub-range of it works too). */
VOID LOS_PhysPagesFreeContiguous(VOID *ptr, size_t nPages);

/* ---- Internal (Os) page-level API --------------------------------------------------------- */
/* Contiguous allocation returning the first page struct, or NULL. */
LosVmPage *OsVmPhysPagesGet(size_t nPages);
/* The same, with the first page's frame number a multiple of alignPages (a power of two; e.g.
 * 4 for a 16 KiB aligned level-1 table). */
LosVmPage *OsVmPhysPagesGetAligned(size_t nPages, size_t alignPages);
/* Frees nPages contiguous allocated pages starting at page (every reference dropped). */
VOID OsVmPhysPagesFreeContiguous(LosVmPage *page, size_t nPages);

/* Kernel (host) pointer of a page and back; NULL for pages/pointers outside the segments. */
VOID *OsVmPageToVaddr(LosVmPage *page);
LosVmPage *OsVmVaddrToPage(VOID *ptr);
/* LiteOS-A's physical-to-kernel conversion: the kernel (host) pointer of the RAM byte at
 * paddr, NULL outside the segments. The simulated kernel VA of the same byte is
 * LOS_VmDirectVa(paddr) (los_vm_layout.h); the way back from a pointer is LOS_PaddrQuery. */
VOID *LOS_PaddrToKVaddr(PADDR_T paddr);
/* Page struct of pa in segment segID, or NULL when pa is not in that segment. */
LosVmPage *OsVmPhysToPage(PADDR_T pa, UINT8 segID);
LosVmPhysSeg *OsVmPhysSegGet(LosVmPage *page);

/* Pages in use and pages managed, over all segments. */
VOID OsVmPhysUsedInfoGet(UINT32 *usedCount, UINT32 *totalCount);
UINT32 OsVmPhysFreePagesGet(VOID);
/* Frees of pages that were already free (or not allocator pages) since the last init. */
UINT32 OsVmPhysBadFreeCount(VOID);

/* ---- Inspection ---------------------------------------------------------------------------- */
/* Fragmentation figures over all segments. */
typedef struct {
    UINT32 totalPages;                          /* pages managed                         */
    UINT32 freePages;                           /* pages on the free lists               */
    UINT32 freeBlocks[VM_LIST_ORDER_MAX];       /* free blocks per order                 */
    UINT32 freePagesInOrder[VM_LIST_ORDER_MAX]; /* pages in those blocks (blocks << k)   */
    UINT32 largestFreeOrder;                    /* order of the largest free block, or
                                                   VM_LIST_ORDER_MAX when nothing is free */
    UINT32 largestFreeBlockPages;               /* pages in the largest free buddy block */
    UINT32 largestFreeRunPages;                 /* longest run of contiguous free pages  */
    /* Unusable-free-space index of order k, in thousandths: the share of free pages that lie
     * in blocks smaller than 2^k pages, so cannot serve a 2^k-page request
     * (1000 * (freePages - sum_{i>=k} freePagesInOrder[i]) / freePages, rounded down;
     * 1000 when nothing is free). */
    UINT32 unusableIndexPermille[VM_LIST_ORDER_MAX];
    UINT32 free64KBlocks;                       /* free 64 KiB-aligned 64 KiB blocks     */
    UINT32 free1MBlocks;                        /* free 1 MiB-aligned 1 MiB blocks       */
} LosVmPhysFragInfo;

VOID LOS_PhysFragInfoGet(LosVmPhysFragInfo *info);

/* Prints every segment's free lists, one line per order: block count and block addresses. */
VOID OsVmPhysDump(VOID);
VOID OsVmPhysDumpTo(FILE *out);

/* Checks every allocator invariant (free-list links and counts, block alignment, no overlap,
 * buddies merged, every page either free or referenced); aborts with a message naming the
 * broken invariant and the page. For tests and debugging: cost is linear in RAM size. */
VOID OsVmPhysInvariantsCheck(VOID);

#endif /* LOS_VM_PHYS_H */
