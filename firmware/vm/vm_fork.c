/*
 * Fork: LOS_VmSpaceClone copies the regions of a process into a new, empty space and shares
 * the pages. Private writable pages become copy-on-write: both parent and child map them
 * read-only (the parent's entries are re-protected with the required TLB maintenance), and
 * each page gains one reference for the child; the first write in either process copies
 * (vm_fault.c). Shared and device pages are mapped with the same permissions in both.
 */
#include "vm_private.h"
#include "los_vm_phys.h"

static STATUS_T OsCloneRegion(LosVmSpace *oldSpace, LosVmSpace *newSpace, const LosVmMapRegion *r)
{
    LosVmMapRegion *nr = OsVmMetaAlloc(sizeof(LosVmMapRegion));
    OsVmPageVec pages = { NULL, 0U, 0U };
    if (nr == NULL) {
        return LOS_ERRNO_VM_NO_MEMORY;
    }
    *nr = *r;
    nr->space = newSpace;
    if (!OsRegionTreeInsert(&newSpace->regionTree, nr)) {
        OsVmMetaFree(nr);
        return LOS_ERRNO_VM_INVALID_ARGS;     /* the new space was not empty */
    }
    if (LOS_IsRegionTypeAnon(nr) && (nr->unTypeData.ra.shared != NULL)) {
        OsVmAnonObjectGet(nr->unTypeData.ra.shared);
    }
    (VOID)OsVmFileRegionCopied(nr);
    if (oldSpace->heap == r) {
        newSpace->heap = nr;
    }
    if (!OsVmPageVecCollect(&pages, &oldSpace->archMmu, r)) {
        OsVmPageVecFree(&pages);
        return LOS_ERRNO_VM_NO_MEMORY;
    }
    BOOL dev = LOS_IsRegionTypeDev(nr);
    BOOL cow = !dev && ((r->regionFlags & VM_MAP_REGION_FLAG_SHARED) == 0U) &&
               ((r->regionFlags & VM_MAP_REGION_FLAG_PERM_WRITE) != 0U);
    UINT32 flags = OsVmRegionMmuFlags(r);
    UINT32 childFlags = cow ? (flags & ~VM_MAP_REGION_FLAG_PERM_WRITE) : flags;
    STATUS_T ret = LOS_OK;
    for (size_t i = 0U; i < pages.n; i++) {
        PADDR_T pa = pages.e[i].pa & PAGE_MASK;
        UINT32 f = childFlags;
        LosVmPage *page = dev ? NULL : LOS_VmPageGet(pa);
        if ((page != NULL) && ((page->flags & VM_PAGE_FLAG_FILECACHE) != 0U) &&
            ((r->regionFlags & VM_MAP_REGION_FLAG_SHARED) == 0U)) {
            f &= ~VM_MAP_REGION_FLAG_PERM_WRITE;  /* page-cache page of a private mapping */
        }
        ret = LOS_ArchMmuMap(&newSpace->archMmu, pages.e[i].va, pa, 1U, f);
        if (ret < 0) {
            break;                                 /* the caller frees the new space */
        }
        if (page != NULL) {
            LOS_AtomicInc(&page->refCounts);
        }
    }
    if ((ret >= 0) && cow && (pages.n > 0U)) {
        ret = LOS_ArchMmuChangeProt(&oldSpace->archMmu, r->range.base, r->range.size >> PAGE_SHIFT,
                                    childFlags);
    }
    OsVmPageVecFree(&pages);
    return (ret < 0) ? ret : (STATUS_T)LOS_OK;
}

STATUS_T LOS_VmSpaceClone(LosVmSpace *oldVmSpace, LosVmSpace *newVmSpace)
{
    if ((oldVmSpace == NULL) || (newVmSpace == NULL) || oldVmSpace->archMmu.isKernel ||
        newVmSpace->archMmu.isKernel || (oldVmSpace == newVmSpace)) {
        return LOS_ERRNO_VM_INVALID_ARGS;
    }
    newVmSpace->heapBase = oldVmSpace->heapBase;
    newVmSpace->heapNow = oldVmSpace->heapNow;
    for (LosVmMapRegion *r = OsRegionTreeFirst(&oldVmSpace->regionTree); r != NULL;
         r = OsRegionTreeNext(&oldVmSpace->regionTree, r)) {
        STATUS_T ret = OsCloneRegion(oldVmSpace, newVmSpace, r);
        if (ret != LOS_OK) {
            return ret;
        }
    }
    return LOS_OK;
}

LosVmSpace *OsVmSpaceFork(LosVmSpace *parent)
{
    LosVmSpace *child = OsCreateUserVmSpace();
    if (child == NULL) {
        return NULL;
    }
    if (LOS_VmSpaceClone(parent, child) != LOS_OK) {
        (VOID)LOS_VmSpaceFree(child);
        return NULL;
    }
    return child;
}
