/*
 * The LiteOS-A page allocation API over all segments. Each entry point switches the HAL cost
 * part to HAL_PART_ALLOC for its duration and restores the caller's part on the way out.
 */
#include "los_vm_phys_pri.h"
#include "hal.h"

LosVmPage *OsVmPhysPagesGetUnsafe(size_t nPages, size_t alignPages)
{
    if (nPages == 0 || alignPages == 0 || (alignPages & (alignPages - 1U)) != 0) {
        return NULL;
    }
    for (INT32 segID = 0; segID < g_vmPhysSegNum; segID++) {
        LosVmPhysSeg *seg = &g_vmPhysSeg[segID];
        if (seg->freePages < nPages) {
            continue;
        }
        LosVmPage *page = OsVmPhysContigAllocUnsafe(seg, nPages, alignPages);
        if (page != NULL) {
            return page;
        }
    }
    return NULL;
}

BOOL OsVmPhysRangeSharedUnsafe(const LosVmPage *page, size_t nPages)
{
    for (size_t i = 0; i < nPages; i++) {
        if (LOS_AtomicRead(&page[i].refCounts) > 1) {
            return TRUE;
        }
    }
    return FALSE;
}

LosVmPhysSeg *OsVmPhysRangeCheckFreeUnsafe(const CHAR *caller, LosVmPage *page, size_t nPages,
                                           UINT32 allow)
{
    if (page == NULL) {
        OsVmPhysBadFree("%s: not a page of any memory segment", caller);
        return NULL;
    }
    LosVmPhysSeg *seg = OsVmPhysSegGet(page);
    if (seg == NULL || page != OsVmPhysToPage(page->physAddr, page->segID)) {
        OsVmPhysBadFree("%s: %p is not a page struct of the page array", caller, (VOID *)page);
        return NULL;
    }
    UINT32 pfn = VM_PHYS_TO_PFN(page->physAddr);
    if (!OsVmRangeInside(pfn, nPages, OsSegStartPfn(seg), (UINT64)OsSegStartPfn(seg) + OsSegPageCount(seg))) {
        OsVmPhysBadFree("%s: %zu pages from pa 0x%08x leave the segment", caller, nPages,
                        page->physAddr);
        return NULL;
    }
    for (size_t i = 0; i < nPages; i++) {
        if (page[i].flags & (VM_PAGE_FLAG_KHEAP | VM_PAGE_FLAG_KBIG) & ~allow) {
            OsVmPhysBadFree("%s: page 0x%08x belongs to the kernel heap (use LOS_KernelFree)",
                            caller, page[i].physAddr);
            return NULL;
        }
        /* Free pages always have refCounts 0, so a referenced page needs no closer look. */
        if (LOS_AtomicRead(&page[i].refCounts) <= 0 &&
            OsVmPhysFreeBlockOfUnsafe(seg, pfn + (UINT32)i) != NULL) {
            OsVmPhysBadFree("%s: page 0x%08x is already free (double free)", caller,
                            VM_PFN_TO_PHYS(pfn + (UINT32)i));
            return NULL;
        }
        if ((LOS_AtomicRead(&page[i].refCounts) > 1) && ((allow & OS_PHYS_FREE_SHARED_OK) == 0)) {
            OsVmPhysBadFree("%s: page 0x%08x is still referenced by someone else (refCounts %d)",
                            caller, page[i].physAddr, (int)LOS_AtomicRead(&page[i].refCounts));
            return NULL;
        }
    }
    return seg;
}

LosVmPage *OsVmPhysPagesGet(size_t nPages)
{
    HalCostPart prev = HalCostPartSet(HAL_PART_ALLOC);
    LosVmPage *page = OsVmPhysPagesGetUnsafe(nPages, 1);
    (VOID)HalCostPartSet(prev);
    return page;
}

LosVmPage *OsVmPhysPagesGetAligned(size_t nPages, size_t alignPages)
{
    HalCostPart prev = HalCostPartSet(HAL_PART_ALLOC);
    LosVmPage *page = OsVmPhysPagesGetUnsafe(nPages, alignPages);
    (VOID)HalCostPartSet(prev);
    return page;
}

VOID OsVmPhysPagesFreeContiguous(LosVmPage *page, size_t nPages)
{
    if (nPages == 0) {
        return;
    }
    HalCostPart prev = HalCostPartSet(HAL_PART_ALLOC);
    LosVmPhysSeg *seg = OsVmPhysRangeCheckFreeUnsafe("OsVmPhysPagesFreeContiguous", page, nPages, 0);
    if (seg != NULL) {
        OsVmPhysRangeFreeUnsafe(seg, VM_PHYS_TO_PFN(page->physAddr), nPages);
    }
    (VOID)HalCostPartSet(prev);
}

LosVmPage *LOS_PhysPageAlloc(VOID)
{
    return OsVmPhysPagesGet(1);
}

size_t LOS_PhysPagesAlloc(size_t nPages, LOS_DL_LIST *list)
{
    if (list == NULL || nPages == 0) {
        return 0;
    }
    HalCostPart prev = HalCostPartSet(HAL_PART_ALLOC);
    size_t count = 0;
    while (count < nPages) {
        LosVmPage *page = OsVmPhysPagesGetUnsafe(1, 1);
        if (page == NULL) {
            break;
        }
        LOS_ListTailInsert(list, &page->node);
        count++;
    }
    (VOID)HalCostPartSet(prev);
    return count;
}

VOID *LOS_PhysPagesAllocContiguous(size_t nPages)
{
    LosVmPage *page = OsVmPhysPagesGet(nPages);
    return (page == NULL) ? NULL : OsVmPageToVaddr(page);
}

STATIC OsVmPhysKHeapUnsharedHook g_kheapUnsharedHook = NULL;

VOID OsVmPhysKHeapUnsharedHookSet(OsVmPhysKHeapUnsharedHook hook)
{
    g_kheapUnsharedHook = hook;
}

/* Drops one reference; the page goes back to the free lists with the last one. A reference
 * beyond the owner's (a mapping made by LOS_VaddrToPaddrMmap) may be dropped from any
 * allocated page, kernel-heap pages included; only the owner frees a heap page. */
STATIC VOID OsVmPhysPageUnrefUnsafe(const CHAR *caller, LosVmPage *page)
{
    const UINT32 heap = VM_PAGE_FLAG_KHEAP | VM_PAGE_FLAG_KBIG;
    LosVmPhysSeg *seg = OsVmPhysRangeCheckFreeUnsafe(caller, page, 1, heap | OS_PHYS_FREE_SHARED_OK);
    if (seg == NULL) {
        return;
    }
    if (LOS_AtomicRead(&page->refCounts) > 1) {
        if ((LOS_AtomicDecRet(&page->refCounts) == 1) && ((page->flags & VM_PAGE_FLAG_KHEAP) != 0U) &&
            (g_kheapUnsharedHook != NULL)) {
            g_kheapUnsharedHook(page->physAddr);
        }
        return;
    }
    if (OsVmPhysRangeCheckFreeUnsafe(caller, page, 1, 0) == NULL) {
        return;    /* the heap's own reference: LOS_KernelFree */
    }
    if (LOS_AtomicDecRet(&page->refCounts) > 0) {
        return;
    }
    OsVmPhysRangeFreeUnsafe(seg, VM_PHYS_TO_PFN(page->physAddr), 1);
}

VOID LOS_PhysPageFree(LosVmPage *page)
{
    if (page == NULL) {
        return;
    }
    HalCostPart prev = HalCostPartSet(HAL_PART_ALLOC);
    OsVmPhysPageUnrefUnsafe("LOS_PhysPageFree", page);
    (VOID)HalCostPartSet(prev);
}

size_t LOS_PhysPagesFree(LOS_DL_LIST *list)
{
    if (list == NULL) {
        return 0;
    }
    HalCostPart prev = HalCostPartSet(HAL_PART_ALLOC);
    size_t count = 0;
    LosVmPage *page = NULL;
    LosVmPage *next = NULL;
    LOS_DL_LIST_FOR_EACH_ENTRY_SAFE(page, next, list, LosVmPage, node) {
        LOS_ListDelete(&page->node);
        OsVmPhysPageUnrefUnsafe("LOS_PhysPagesFree", page);
        count++;
    }
    (VOID)HalCostPartSet(prev);
    return count;
}

VOID LOS_PhysPagesFreeContiguous(VOID *ptr, size_t nPages)
{
    if (ptr == NULL || nPages == 0) {
        return;
    }
    LosVmPage *page = OsVmVaddrToPage(ptr);
    if (page == NULL || OsVmPageToVaddr(page) != ptr) {
        HalCostPart prev = HalCostPartSet(HAL_PART_ALLOC);
        OsVmPhysBadFree("LOS_PhysPagesFreeContiguous: %p is not the start of a page in RAM", ptr);
        (VOID)HalCostPartSet(prev);
        return;
    }
    OsVmPhysPagesFreeContiguous(page, nPages);
}
