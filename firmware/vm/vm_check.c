/*
 * OsVmInvariantsCheck: the address-space invariants, checked from scratch (the fuzzer runs it
 * after every call; tests may too). A violation is a firmware bug, never bad input: it aborts
 * naming the invariant.
 *
 *   spaces     the kernel space, the vmalloc space and every process space lie in their parts
 *              of the layout and never overlap (process spaces only with each other: each has
 *              its own table)
 *   regions    every region's tree is valid (order, no overlap, balance), every region lies in
 *              its space, points back at it, has a known type, and only an anonymous one has a
 *              shared object
 *   mappings   every page mapped in a process table lies in a region of its space (the pages
 *              found in its regions add up to the table's count of mapped pages), and so does
 *              every page mapped in the vmalloc area (a process space without regions, used
 *              only through LOS_ArchMmu*, is the caller's own business)
 *   references every RAM page mapped in a region that holds references (anonymous or file) is
 *              allocated, and holds at least as many references as such mappings of it exist
 */
#include "vm_private.h"
#include "los_vm_phys.h"
#include <stdlib.h>

typedef struct {
    LosVmSpace *space;
    UINT32 *mapCount;                /* per page of g_vmPageArray                    */
    UINT64 inRegions;                /* pages found mapped inside the space's regions */
} OsCheckCtx;

static BOOL OsCheckInRegion(VOID *ctx, VADDR_T va, PADDR_T pa, UINT32 flags)
{
    OsCheckCtx *c = ctx;
    (VOID)pa;
    (VOID)flags;
    VM_ASSERT(LOS_RegionFind(c->space, va) != NULL, "every mapped page lies in a region of its space");
    return TRUE;
}

static BOOL OsCheckMapped(VOID *ctx, VADDR_T va, PADDR_T pa, UINT32 flags)
{
    OsCheckCtx *c = ctx;
    (VOID)va;
    (VOID)pa;
    (VOID)flags;
    c->inRegions++;
    return TRUE;
}

static BOOL OsCheckCountRef(VOID *ctx, VADDR_T va, PADDR_T pa, UINT32 flags)
{
    OsCheckCtx *c = ctx;
    (VOID)va;
    (VOID)flags;
    c->inRegions++;
    LosVmPage *page = LOS_VmPageGet(pa & PAGE_MASK);
    if (page != NULL) {
        VM_ASSERT(LOS_AtomicRead(&page->refCounts) >= 1, "a page mapped by a region is allocated");
        c->mapCount[page - g_vmPageArray]++;
    }
    return TRUE;
}

/* Checks the regions of space and counts what they map; returns the pages found mapped. */
static UINT64 OsCheckRegions(LosVmSpace *space, UINT32 *mapCount)
{
    OsRegionTreeCheck(&space->regionTree);
    OsCheckCtx c = { space, mapCount, 0U };
    for (LosVmMapRegion *r = OsRegionTreeFirst(&space->regionTree); r != NULL;
         r = OsRegionTreeNext(&space->regionTree, r)) {
        VM_ASSERT(r->space == space, "a region points at its space");
        VM_ASSERT(LOS_IsRangeInSpace(space, r->range.base, r->range.size) &&
                  IS_PAGE_ALIGNED(r->range.base) && IS_PAGE_ALIGNED(r->range.size),
                  "a region is whole pages inside its space");
        VM_ASSERT((r->regionType == VM_MAP_REGION_TYPE_NONE) || (r->regionType == VM_MAP_REGION_TYPE_ANON) ||
                  (r->regionType == VM_MAP_REGION_TYPE_FILE) || (r->regionType == VM_MAP_REGION_TYPE_DEV),
                  "a region has a known type");
        VM_ASSERT(LOS_IsRegionTypeAnon(r) || (r->unTypeData.ra.shared == NULL) || LOS_IsRegionTypeFile(r) ||
                  LOS_IsRegionTypeDev(r), "only an anonymous region has a shared object");
        BOOL owning = LOS_IsRegionTypeAnon(r) || LOS_IsRegionTypeFile(r);
        if (owning || !space->archMmu.isKernel) {        /* (the direct map is not walked) */
            OsArchMmuWalk(OsSpaceMmu(space), r->range.base, r->range.size >> PAGE_SHIFT,
                          owning ? OsCheckCountRef : OsCheckMapped, &c);
        }
    }
    return c.inRegions;
}

static BOOL OsRangesDisjoint(UINT64 a, UINT64 aLen, UINT64 b, UINT64 bLen)
{
    return (a + aLen <= b) || (b + bLen <= a);
}

VOID OsVmInvariantsCheck(VOID)
{
    const LosVmLayout *l = OsVmLayoutGet();
    UINT32 *mapCount = calloc(g_vmPageArraySize + 1U, sizeof(UINT32));
    VM_ASSERT(mapCount != NULL, "host memory for the check");
    VM_ASSERT(OsRangesDisjoint(g_kVmSpace.base, g_kVmSpace.size, g_vMallocSpace.base, g_vMallocSpace.size),
              "the kernel and vmalloc spaces do not overlap");
    VM_ASSERT(g_kVmSpace.base >= l->kernelBase && g_vMallocSpace.base >= l->kernelBase,
              "kernel spaces lie in the kernel half");
    LosVmSpace *space = NULL;
    LOS_DL_LIST_FOR_EACH_ENTRY(space, LOS_GetVmSpaceList(), LosVmSpace, node) {
        UINT64 inRegions = OsCheckRegions(space, mapCount);
        if (space == &g_vMallocSpace) {
            OsCheckCtx c = { space, mapCount, 0U };
            OsArchMmuWalk(OsSpaceMmu(space), space->base, space->size >> PAGE_SHIFT, OsCheckInRegion, &c);
        } else if (!space->archMmu.isKernel) {
            VM_ASSERT((UINT64)space->base + space->size <= l->kernelBase, "a process space lies in the user half");
            VM_ASSERT((space->regionTree.nodes == 0U) || (inRegions == space->archMmu.mappedPages),
                      "every page mapped in a process table lies in a region of its space");
        }
    }
    for (size_t i = 0U; i < g_vmPageArraySize; i++) {
        VM_ASSERT((INT32)mapCount[i] <= LOS_AtomicRead(&g_vmPageArray[i].refCounts),
                  "a page holds a reference for every mapping that owns one");
    }
    free(mapCount);
}
