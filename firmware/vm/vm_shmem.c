/*
 * Shared anonymous memory (MAP_SHARED | MAP_ANONYMOUS, also after fork): an object with an id
 * and a count of the regions that use it. Its pages live in the page cache under
 * (VM_CACHE_ANON, id, page index) and hold one reference for the object, so a page stays as
 * long as the object does, whether or not some process has it mapped at the moment; every
 * mapping adds its own reference. When the last region goes, the object's references are
 * dropped (pages still mapped somewhere cannot exist then: every mapping belongs to a region).
 */
#include "vm_private.h"
#include "los_vm_phys.h"

struct VmAnonObject {
    UINT32 id;
    UINT32 regions;
};

static UINT32 g_anonNextId = 1U;
static UINT32 g_anonLive;

struct VmAnonObject *OsVmAnonObjectCreate(VOID)
{
    struct VmAnonObject *obj = OsVmMetaAlloc(sizeof(struct VmAnonObject));
    if (obj == NULL) {
        return NULL;
    }
    obj->id = g_anonNextId++;
    obj->regions = 1U;
    g_anonLive++;
    return obj;
}

VOID OsVmAnonObjectGet(struct VmAnonObject *obj)
{
    obj->regions++;
}

static VOID OsAnonPageDrop(LosVmPage *page)
{
    page->flags &= ~VM_PAGE_FLAG_SHMEM;
    HalCostPart prev = HalCostPartSet(HAL_PART_ALLOC);
    LOS_PhysPageFree(page);
    (VOID)HalCostPartSet(prev);
}

VOID OsVmAnonObjectPut(struct VmAnonObject *obj)
{
    VM_ASSERT(obj->regions > 0U, "anonymous object put more often than got");
    if (--obj->regions != 0U) {
        return;
    }
    OsVmCacheDropId(VM_CACHE_ANON, obj->id, OsAnonPageDrop);
    g_anonLive--;
    OsVmMetaFree(obj);
}

LosVmPage *OsVmAnonObjectPage(struct VmAnonObject *obj, VM_OFFSET_T index)
{
    LosVmPage *page = OsVmCacheFind(VM_CACHE_ANON, obj->id, index);
    if (page == NULL) {
        page = OsVmPageAllocZeroed();
        if (page == NULL) {
            return NULL;
        }
        if (!OsVmCacheInsert(VM_CACHE_ANON, obj->id, index, page)) {
            LOS_PhysPageFree(page);
            return NULL;
        }
        page->flags |= VM_PAGE_FLAG_SHMEM;      /* the object's reference is the allocation's */
    }
    LOS_AtomicInc(&page->refCounts);            /* the caller's (mapping's) reference */
    return page;
}

UINT32 OsVmAnonObjectsLive(VOID)
{
    return g_anonLive;
}
