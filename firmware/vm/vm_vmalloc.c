/*
 * vmalloc: virtually contiguous, physically scattered kernel memory in the vmalloc area
 * (the seed's "high mem zone"). Each allocation is an anonymous region of the vmalloc space
 * backed by pages from LOS_PhysPagesAlloc, mapped kernel read/write, cached, not executable.
 * Runs of physically contiguous pages are mapped with one LOS_ArchMmuMap call.
 */
#include "vm_private.h"
#include "los_vm_phys.h"

#define VMALLOC_FLAGS (VM_MAP_REGION_FLAG_PERM_READ | VM_MAP_REGION_FLAG_PERM_WRITE | \
                       VM_MAP_REGION_FLAG_CACHED)

VOID *LOS_VMalloc(size_t size)
{
    LOS_DL_LIST_HEAD(pages);
    UINT64 len = 0U;
    if (!OsVmLenToPages(size, &len) || (len > g_vMallocSpace.size)) {
        return NULL;
    }
    size_t count = (size_t)(len >> PAGE_SHIFT);
    LosVmMapRegion *region = LOS_RegionAlloc(&g_vMallocSpace, 0U, count << PAGE_SHIFT, VMALLOC_FLAGS, 0U);
    if (region == NULL) {
        return NULL;
    }
    LOS_SetRegionTypeAnon(region);
    HalCostPart prev = HalCostPartSet(HAL_PART_ALLOC);
    size_t got = LOS_PhysPagesAlloc(count, &pages);
    (VOID)HalCostPartSet(prev);
    if (got < count) {
        (VOID)LOS_PhysPagesFree(&pages);
        (VOID)LOS_RegionFree(&g_vMallocSpace, region);
        return NULL;
    }
    VADDR_T va = region->range.base;
    STATUS_T ret = LOS_OK;
    LosVmPage *page = LOS_ListRemoveHeadType(&pages, LosVmPage, node);
    while (page != NULL) {
        PADDR_T runPa = page->physAddr;
        size_t run = 1U;
        while (((page = LOS_ListRemoveHeadType(&pages, LosVmPage, node)) != NULL) &&
               (page->physAddr == runPa + (PADDR_T)(run << PAGE_SHIFT))) {
            run++;
        }
        if (ret >= 0) {
            ret = LOS_ArchMmuMap(&g_kVmSpace.archMmu, va, runPa, run, VMALLOC_FLAGS);
        }
        if (ret < 0) {
            /* Not mapped: these pages are not reachable through the region, free them here. */
            OsVmPhysPagesFreeContiguous(LOS_VmPageGet(runPa), run);
        }
        va += (VADDR_T)(run << PAGE_SHIFT);
    }
    if (ret < 0) {
        (VOID)LOS_RegionFree(&g_vMallocSpace, region);   /* frees the pages that were mapped */
        return NULL;
    }
    return (VOID *)(UINTPTR)region->range.base;
}

VOID LOS_VFree(const VOID *addr)
{
    VADDR_T va = (VADDR_T)(UINTPTR)addr;
    LosVmMapRegion *region = LOS_RegionFind(&g_vMallocSpace, va);
    if ((region == NULL) || (region->range.base != va)) {
        return;
    }
    (VOID)LOS_RegionFree(&g_vMallocSpace, region);
}
