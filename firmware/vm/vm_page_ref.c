/*
 * Page references held by mappings. Every mapping of a RAM page in an anonymous or file region
 * holds one reference (LosVmPage.refCounts); fork adds one per shared page. Dropping the last
 * one frees the page. Device regions and non-RAM addresses hold none.
 */
#include "vm_private.h"
#include "los_vm_phys.h"
#include <stdlib.h>

LosVmPage *OsVmPageAllocZeroed(VOID)
{
    HalCostPart prev = HalCostPartSet(HAL_PART_ALLOC);
    LosVmPage *page = LOS_PhysPageAlloc();
    if (page != NULL) {
        HalPhysZero(page->physAddr, PAGE_SIZE);
    }
    (VOID)HalCostPartSet(prev);
    return page;
}

VOID OsVmPageRelease(const LosVmMapRegion *region, VADDR_T va, PADDR_T pa)
{
    if (LOS_IsRegionTypeDev((LosVmMapRegion *)region)) {
        return;
    }
    LosVmPage *page = LOS_VmPageGet(pa & PAGE_MASK);
    if (page == NULL) {
        return;
    }
    VM_ASSERT(LOS_AtomicRead(&page->refCounts) > 0, "a mapped page is referenced");
    VM_ASSERT(((page->flags & VM_PAGE_FLAG_FILECACHE) == 0U) || (LOS_AtomicRead(&page->refCounts) > 1),
              "a mapped cache page is also referenced by the cache");
    (VOID)va;
    HalCostPart prev = HalCostPartSet(HAL_PART_ALLOC);
    LOS_PhysPageFree(page);
    (VOID)HalCostPartSet(prev);
}

static BOOL OsVmPageVecPush(OsVmPageVec *v, VADDR_T va, PADDR_T pa, const LosVmMapRegion *region)
{
    if (v->n == v->cap) {
        size_t cap = (v->cap == 0U) ? 64U : v->cap * 2U;
        OsVmPageRef *e = realloc(v->e, cap * sizeof(OsVmPageRef));
        if (e == NULL) {
            return FALSE;
        }
        v->e = e;
        v->cap = cap;
    }
    v->e[v->n].va = va;
    v->e[v->n].pa = pa;
    v->e[v->n].region = region;
    v->n++;
    return TRUE;
}

typedef struct {
    OsVmPageVec *vec;
    const LosVmMapRegion *region;
    BOOL ok;
} OsCollectCtx;

static BOOL OsCollectOne(VOID *ctx, VADDR_T va, PADDR_T pa, UINT32 flags)
{
    OsCollectCtx *c = ctx;
    (VOID)flags;
    c->ok = OsVmPageVecPush(c->vec, va, pa, c->region);
    return c->ok;
}

BOOL OsVmPageVecCollect(OsVmPageVec *v, const LosArchMmu *archMmu, const LosVmMapRegion *region)
{
    OsCollectCtx c = { v, region, TRUE };
    OsArchMmuWalk(archMmu, region->range.base, region->range.size >> PAGE_SHIFT, OsCollectOne, &c);
    return c.ok;
}

VOID OsVmPageVecRelease(OsVmPageVec *v)
{
    for (size_t i = 0U; i < v->n; i++) {
        OsVmPageRelease(v->e[i].region, v->e[i].va, v->e[i].pa);
    }
    v->n = 0U;
}

VOID OsVmPageVecFree(OsVmPageVec *v)
{
    free(v->e);
    v->e = NULL;
    v->n = 0U;
    v->cap = 0U;
}
