/*
 * LOS_KernelMalloc and friends: requests under KMALLOC_LARGE_SIZE with alignment up to a page
 * go to the small-object heap (los_kheap.c); the others take their own contiguous pages, whose
 * first page is marked VM_PAGE_FLAG_KBIG with the page count in nPages so that LOS_KernelFree
 * can tell the two kinds apart from the pointer alone.
 */
#include "los_kheap_pri.h"
#include "hal.h"

STATIC BOOL OsKHeapIsSmall(UINT32 size, UINT32 boundary)
{
    return (BOOL)(size < KMALLOC_LARGE_SIZE && boundary <= PAGE_SIZE);
}

STATIC VOID *OsKernelMallocUnsafe(UINT32 size, UINT32 boundary)
{
    if (size == 0U || boundary == 0U || (boundary & (boundary - 1U)) != 0U) {
        return NULL;
    }
    if (OsKHeapIsSmall(size, boundary)) {
        PADDR_T pa = OsKHeapAllocUnsafe(size, boundary);
        return (pa == 0U) ? NULL : HalPhysToHost(pa);
    }
    size_t nPages = ((size_t)size + PAGE_SIZE - 1U) >> PAGE_SHIFT;
    size_t alignPages = MAX(boundary >> PAGE_SHIFT, 1U);
    LosVmPage *page = OsVmPhysPagesGetUnsafe(nPages, alignPages);
    if (page == NULL) {
        return NULL;
    }
    page->flags |= VM_PAGE_FLAG_KBIG;
    page->nPages = (UINT32)nPages;
    g_kheapLargeAllocs++;
    g_kheapLargePages += (UINT32)nPages;
    return HalPhysToHost(page->physAddr);
}

/* The first page of the large allocation at pa, or NULL when pa is not one. */
STATIC LosVmPage *OsKernelLargePage(PADDR_T pa)
{
    LosVmPage *page = LOS_VmPageGet(pa);
    if (page == NULL || page->physAddr != pa || !(page->flags & VM_PAGE_FLAG_KBIG) ||
        LOS_AtomicRead(&page->refCounts) < 1) {
        return NULL;
    }
    return page;
}

/* Usable bytes of the allocation at pa; 0 when pa is not one. */
STATIC UINT32 OsKernelAllocSize(PADDR_T pa)
{
    LosVmPage *page = OsKernelLargePage(pa);
    if (page != NULL) {
        return page->nPages << PAGE_SHIFT;
    }
    return OsKHeapBlockSizeUnsafe(pa);
}

STATIC BOOL OsKernelFreeUnsafe(PADDR_T pa)
{
    LosVmPage *page = OsKernelLargePage(pa);
    if (page != NULL) {
        LosVmPhysSeg *seg = OsVmPhysRangeCheckFreeUnsafe("LOS_KernelFree", page, page->nPages,
                                                         VM_PAGE_FLAG_KBIG);
        if (seg != NULL) {
            g_kheapLargeAllocs--;
            g_kheapLargePages -= page->nPages;
            OsVmPhysRangeFreeUnsafe(seg, VM_PHYS_TO_PFN(pa), page->nPages);
        }
        return TRUE;
    }
    return OsKHeapFreeUnsafe(pa);
}

STATIC VOID OsKernelBadFree(const VOID *ptr)
{
    (VOID)fprintf(stderr, "kheap: bad free ignored: %p was not handed out by the kernel heap "
                  "(double free, or not its start)\n", ptr);
    g_kheapBadFrees++;
}

VOID *LOS_KernelMalloc(UINT32 size)
{
    return LOS_KernelMallocAlign(size, KMALLOC_MIN_ALIGN);
}

VOID *LOS_KernelMallocAlign(UINT32 size, UINT32 boundary)
{
    HalCostPart prev = HalCostPartSet(HAL_PART_ALLOC);
    VOID *ptr = OsKernelMallocUnsafe(size, boundary);
    (VOID)HalCostPartSet(prev);
    return ptr;
}

VOID LOS_KernelFree(VOID *ptr)
{
    if (ptr == NULL) {
        return;
    }
    HalCostPart prev = HalCostPartSet(HAL_PART_ALLOC);
    BOOL ok = FALSE;
    PADDR_T pa = HalHostToPhys(ptr, &ok);
    if (!ok || !OsKernelFreeUnsafe(pa)) {
        OsKernelBadFree(ptr);
    }
    (VOID)HalCostPartSet(prev);
}

STATIC VOID *OsKernelReallocUnsafe(VOID *ptr, UINT32 size)
{
    BOOL ok = FALSE;
    PADDR_T pa = HalHostToPhys(ptr, &ok);
    UINT32 oldSize = ok ? OsKernelAllocSize(pa) : 0U;
    if (oldSize == 0U) {
        OsKernelBadFree(ptr);
        return NULL;
    }
    BOOL wasSmall = (OsKernelLargePage(pa) == NULL);
    if (wasSmall && OsKHeapIsSmall(size, KMALLOC_MIN_ALIGN) && OsKHeapResizeUnsafe(pa, size)) {
        return ptr;
    }
    if (!wasSmall && !OsKHeapIsSmall(size, KMALLOC_MIN_ALIGN) &&
        ROUNDUP((UINT64)size, PAGE_SIZE) == (UINT64)oldSize) {
        return ptr;
    }
    VOID *fresh = OsKernelMallocUnsafe(size, KMALLOC_MIN_ALIGN);
    if (fresh == NULL) {
        return NULL;
    }
    BOOL freshOk = FALSE;
    PADDR_T freshPa = HalHostToPhys(fresh, &freshOk);
    HalPhysCopy(freshPa, pa, MIN(oldSize, size));
    (VOID)OsKernelFreeUnsafe(pa);
    return fresh;
}

VOID *LOS_KernelRealloc(VOID *ptr, UINT32 size)
{
    if (ptr == NULL) {
        return LOS_KernelMalloc(size);
    }
    if (size == 0U) {
        LOS_KernelFree(ptr);
        return NULL;
    }
    HalCostPart prev = HalCostPartSet(HAL_PART_ALLOC);
    VOID *fresh = OsKernelReallocUnsafe(ptr, size);
    (VOID)HalCostPartSet(prev);
    return fresh;
}

VOID LOS_KernelHeapInfoGet(LosKernelHeapInfo *info)
{
    if (info == NULL) {
        return;
    }
    *info = (LosKernelHeapInfo){ 0 };
    OsKHeapInfoAddUnsafe(info);
    info->largeAllocs = g_kheapLargeAllocs;
    info->largePages = g_kheapLargePages;
    info->badFrees = g_kheapBadFrees;
}
