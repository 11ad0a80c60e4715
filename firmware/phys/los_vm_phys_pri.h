/*
 * Internals shared by the physical-memory sources (not installed). Unsafe helpers assume the
 * caller is inside the allocator: arguments checked, cost part set to HAL_PART_ALLOC.
 */
#ifndef LOS_VM_PHYS_PRI_H
#define LOS_VM_PHYS_PRI_H

#include <stdlib.h>
#include "los_vm_phys.h"
#include "los_vm_assert_pri.h"

/* A free of something that is not allocated: reported on stderr and counted, never acted on. */
#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
VOID OsVmPhysBadFree(const CHAR *fmt, ...);

/* ---- Geometry ---------------------------------------------------------------------------- */
static inline UINT32 OsSegStartPfn(const LosVmPhysSeg *seg)
{
    return VM_PHYS_TO_PFN(seg->start);
}

static inline UINT32 OsSegPageCount(const LosVmPhysSeg *seg)
{
    return (UINT32)(seg->size >> PAGE_SHIFT);
}

static inline LosVmPage *OsSegPfnToPage(LosVmPhysSeg *seg, UINT32 pfn)
{
    return seg->pageBase + (pfn - OsSegStartPfn(seg));
}

static inline UINT32 OsPagePfn(const LosVmPage *page)
{
    return VM_PHYS_TO_PFN(page->physAddr);
}

/* TRUE when the 2^order pages from pfn all lie in seg. */
static inline BOOL OsSegHoldsBlock(const LosVmPhysSeg *seg, UINT32 pfn, UINT32 order)
{
    UINT64 first = OsSegStartPfn(seg);
    UINT64 end = first + OsSegPageCount(seg);
    return (BOOL)((UINT64)pfn >= first && (UINT64)pfn + VM_ORDER_TO_PAGES(order) <= end);
}

/* Smallest k with 2^k >= n (n >= 1). */
static inline UINT32 OsOrderForPages(size_t n)
{
    UINT32 k = 0;
    while (((size_t)1 << k) < n) {
        k++;
    }
    return k;
}

/* ---- Buddy core (los_vm_phys_buddy.c) ----------------------------------------------------- */
/* The free block containing pfn (its head page), or NULL when pfn is not free. */
LosVmPage *OsVmPhysFreeBlockOfUnsafe(LosVmPhysSeg *seg, UINT32 pfn);
/* Takes nPages contiguous pages (first frame a multiple of alignPages) from seg; NULL if none. */
LosVmPage *OsVmPhysContigAllocUnsafe(LosVmPhysSeg *seg, size_t nPages, size_t alignPages);
/* Returns the nPages pages from pfn (all in seg, all allocated) to the free lists. */
VOID OsVmPhysRangeFreeUnsafe(LosVmPhysSeg *seg, UINT32 pfn, size_t nPages);
/* Marks nPages pages from page as freshly allocated (one reference each, flags cleared). */
VOID OsVmPhysPagesClaimUnsafe(LosVmPage *page, size_t nPages);

/* ---- Across segments (los_vm_phys_alloc.c) ------------------------------------------------ */
LosVmPage *OsVmPhysPagesGetUnsafe(size_t nPages, size_t alignPages);
/* Checks that nPages from page are in one segment, all allocated, none owned by the kernel
 * heap (VM_PAGE_FLAG_KHEAP / KBIG) unless that flag is in `allow`, and none still referenced by
 * someone else (refCounts > 1, e.g. mapped by LOS_VaddrToPaddrMmap) unless `allow` has
 * OS_PHYS_FREE_SHARED_OK; reports a bad free naming caller otherwise. Returns the segment, or
 * NULL when the free is refused (freeing a referenced page would hand out memory still in use). */
#define OS_PHYS_FREE_SHARED_OK (1U << 31)
LosVmPhysSeg *OsVmPhysRangeCheckFreeUnsafe(const CHAR *caller, LosVmPage *page, size_t nPages,
                                           UINT32 allow);
/* TRUE when some page of [page, page + nPages) has references beyond its owner's. */
BOOL OsVmPhysRangeSharedUnsafe(const LosVmPage *page, size_t nPages);

/* ---- Segments (los_vm_phys_seg.c) ---------------------------------------------------------
 * OsVmPhysInitAreas (los_vm_boot.c) in two steps, so that the kernel heap, which lives in the
 * pages being replaced, is reset between them and only when the areas are valid. */
typedef struct {
    UINT32 count;
    UINT64 starts[VM_PHYS_SEG_MAX];
    UINT64 ends[VM_PHYS_SEG_MAX];
    size_t totalPages;
    LosVmPage *pages;            /* the new page array, zeroed */
} OsVmPhysSegPlan;
/* Checks the areas (trimmed to whole pages inside RAM, not overlapping, at most
 * VM_PHYS_SEG_MAX) and allocates their page array; changes no allocator state. */
BOOL OsVmPhysSegsPlan(const LosVmPhysArea *areas, UINT32 count, OsVmPhysSegPlan *plan);
/* Replaces the segments and the page array by the planned ones, every page free. */
VOID OsVmPhysSegsInstall(const OsVmPhysSegPlan *plan);

/* Called when a page flagged VM_PAGE_FLAG_KHEAP is left with only its owner's reference
 * (los_vm_phys_alloc.c); the kernel heap sets it when it takes its first arena (no page has the
 * flag before), so the buddy allocator never calls the heap by name. */
typedef VOID (*OsVmPhysKHeapUnsharedHook)(PADDR_T pa);
VOID OsVmPhysKHeapUnsharedHookSet(OsVmPhysKHeapUnsharedHook hook);

/* ---- Kernel heap (firmware/phys/los_kheap*.c) --------------------------------------------- */
/* Forgets every heap block and arena (the pages are about to be reset by OsVmPhysInitAreas). */
VOID OsKHeapReset(VOID);

#endif /* LOS_VM_PHYS_PRI_H */
