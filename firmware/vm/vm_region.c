/*
 * Regions of a space: lookup, allocation of address ranges, splitting and removal, and the
 * seed's region-level calls (LOS_VmSpaceReserve, LOS_VaddrToPaddrMmap, LOS_UserSpaceVmAlloc).
 */
#include "vm_private.h"
#include "los_vm_phys.h"
#include <string.h>

LosVmMapRegion *LOS_RegionFind(LosVmSpace *vmSpace, VADDR_T addr)
{
    return (vmSpace == NULL) ? NULL : OsRegionTreeFind(&vmSpace->regionTree, addr);
}

LosVmMapRegion *LOS_RegionRangeFind(LosVmSpace *vmSpace, VADDR_T addr, size_t len)
{
    if ((vmSpace == NULL) || (len == 0U)) {
        return NULL;
    }
    LosVmMapRegion *r = OsRegionTreeLowerBound(&vmSpace->regionTree, addr);
    /* r ends after addr; it overlaps when it starts before addr + len (no sum: len is any size) */
    return ((r != NULL) && ((r->range.base < addr) || ((UINT64)(r->range.base - addr) < (UINT64)len))) ? r : NULL;
}

BOOL LOS_IsRegionFileValid(LosVmMapRegion *region)
{
    return (region != NULL) && LOS_IsRegionTypeFile(region) &&
           (region->unTypeData.rf.fileId != VM_FILE_ID_NONE);
}

UINT32 OsVmRegionMmuFlags(const LosVmMapRegion *region)
{
    return region->regionFlags & (VM_MAP_REGION_FLAG_PROT_MASK | VM_MAP_REGION_FLAG_CACHE_MASK);
}

/* First free, align-aligned range of len bytes inside [lo, hi), or 0. */
static VADDR_T OsFindGap(const LosVmSpace *space, UINT64 lo, UINT64 hi, UINT64 len, UINT64 align)
{
    UINT64 cur = (lo + align - 1U) & ~(align - 1U);
    while (cur + len <= hi) {
        LosVmMapRegion *r = OsRegionTreeLowerBound(&space->regionTree, cur);
        if ((r == NULL) || ((UINT64)r->range.base >= cur + len)) {
            return (VADDR_T)cur;
        }
        UINT64 end = (UINT64)r->range.base + r->range.size;
        cur = (end + align - 1U) & ~(align - 1U);
    }
    return 0U;
}

/* A free range for len bytes: the mmap area first, then anywhere in the space. */
static VADDR_T OsAllocRange(const LosVmSpace *space, size_t len, UINT32 align)
{
    VADDR_T va = OsFindGap(space, space->mapBase, (UINT64)space->mapBase + space->mapSize, len, align);
    if (va == 0U) {
        va = OsFindGap(space, space->base, (UINT64)space->base + space->size, len, align);
    }
    return va;
}

static LosVmMapRegion *OsRegionCreate(LosVmSpace *space, VADDR_T va, size_t len, UINT32 flags,
                                      VM_OFFSET_T pgoff)
{
    LosVmMapRegion *r = OsVmMetaAlloc(sizeof(LosVmMapRegion));
    if (r == NULL) {
        return NULL;
    }
    r->space = space;
    r->range.base = va;
    r->range.size = (UINT32)len;
    r->pgOff = pgoff;
    r->regionFlags = flags;
    r->regionType = VM_MAP_REGION_TYPE_NONE;
    if (!OsRegionTreeInsert(&space->regionTree, r)) {
        OsVmMetaFree(r);
        return NULL;
    }
    return r;
}

/* How OsRegionAllocAligned treats a non-zero address. */
typedef enum {
    OS_REGION_AT_EXACT,     /* exactly there (FIXED in the flags: replacing what is there)  */
    OS_REGION_AT_HINT,      /* there if aligned, inside the space and free; else anywhere     */
} OsRegionAt;

/* A hint that cannot be used as it is becomes "anywhere". */
static VADDR_T OsRegionHintUse(LosVmSpace *space, VADDR_T vaddr, UINT64 len, UINT32 align)
{
    if ((vaddr == 0U) || !IS_ALIGNED(vaddr, align) || !LOS_IsRangeInSpace(space, vaddr, len) ||
        (LOS_RegionRangeFind(space, vaddr, len) != NULL)) {
        return 0U;
    }
    return vaddr;
}

static LosVmMapRegion *OsRegionAllocAligned(LosVmSpace *vmSpace, VADDR_T vaddr, size_t size,
                                            UINT32 regionFlags, VM_OFFSET_T pgoff, UINT32 align,
                                            OsRegionAt at)
{
    UINT64 len = 0U;
    if ((vmSpace == NULL) || !OsVmLenToPages(size, &len) || (len > vmSpace->size)) {
        return NULL;
    }
    if (at == OS_REGION_AT_HINT) {
        vaddr = OsRegionHintUse(vmSpace, vaddr, len, align);
    }
    if (vaddr == 0U) {
        vaddr = OsAllocRange(vmSpace, len, align);
        if (vaddr == 0U) {
            return NULL;
        }
    } else {
        if (!IS_PAGE_ALIGNED(vaddr) || !LOS_IsRangeInSpace(vmSpace, vaddr, len)) {
            return NULL;
        }
        if (LOS_RegionRangeFind(vmSpace, vaddr, len) != NULL) {
            if (((regionFlags & VM_MAP_REGION_FLAG_FIXED) == 0U) || !OsVmRangeRemovable(vmSpace, vaddr, len)) {
                return NULL;                      /* overlapping requests are refused */
            }
            if (OsVmRegionsIsolate(vmSpace, vaddr, len) != LOS_OK) {
                return NULL;
            }
            OsVmRegionsRemove(vmSpace, vaddr, len);
        }
    }
    return OsRegionCreate(vmSpace, vaddr, len,
                          regionFlags & ~(VM_MAP_REGION_FLAG_FIXED | VM_MAP_REGION_FLAG_FIXED_NOREPLACE),
                          pgoff);
}

LosVmMapRegion *LOS_RegionAlloc(LosVmSpace *vmSpace, VADDR_T vaddr, size_t len, UINT32 regionFlags,
                                VM_OFFSET_T pgoff)
{
    return OsRegionAllocAligned(vmSpace, vaddr, len, regionFlags, pgoff, PAGE_SIZE, OS_REGION_AT_EXACT);
}

/* Unmaps every page of region and drops the references the mappings held. */
static VOID OsRegionUnmapPages(LosVmSpace *space, LosVmMapRegion *region)
{
    OsVmPageVec pages = { NULL, 0U, 0U };
    LosArchMmu *mmu = OsSpaceMmu(space);
    size_t count = region->range.size >> PAGE_SHIFT;
    BOOL collected = OsVmPageVecCollect(&pages, mmu, region);
    (VOID)LOS_ArchMmuUnmap(mmu, region->range.base, count);
    if (collected) {
        OsVmPageVecRelease(&pages);    /* after the TLB invalidation done by Unmap */
    }
    OsVmPageVecFree(&pages);
}

BOOL OsVmRangeRemovable(LosVmSpace *space, VADDR_T addr, size_t len)
{
    UINT64 end = (UINT64)addr + len;
    for (LosVmMapRegion *r = OsRegionTreeLowerBound(&space->regionTree, addr);
         (r != NULL) && ((UINT64)r->range.base < end); r = OsRegionTreeNext(&space->regionTree, r)) {
        if (OsVmRegionIsPermanent(r)) {
            return FALSE;
        }
    }
    return TRUE;
}

STATUS_T LOS_RegionFree(LosVmSpace *space, LosVmMapRegion *region)
{
    if ((space == NULL) || (region == NULL) || (region->space != space) || OsVmRegionIsPermanent(region) ||
        (OsRegionTreeFind(&space->regionTree, region->range.base) != region)) {
        return LOS_ERRNO_VM_INVALID_ARGS;
    }
    OsRegionUnmapPages(space, region);
    if (space->heap == region) {
        space->heap = NULL;
    }
    OsRegionTreeRemove(&space->regionTree, region);
    OsVmRegionDestroy(region);
    return LOS_OK;
}

VOID OsVmRegionDestroy(LosVmMapRegion *region)
{
    OsVmFileRegionRelease(region);
    if (LOS_IsRegionTypeAnon(region) && (region->unTypeData.ra.shared != NULL)) {
        OsVmAnonObjectPut(region->unTypeData.ra.shared);
    }
    OsVmMetaFree(region);
}

LosVmMapRegion *OsVmRegionSplit(LosVmSpace *space, LosVmMapRegion *region, VADDR_T addr)
{
    VM_ASSERT((addr > region->range.base) && (addr <= LOS_RegionEndAddr(region)) &&
              IS_PAGE_ALIGNED(addr), "split point strictly inside the region");
    LosVmMapRegion *tail = OsVmMetaAlloc(sizeof(LosVmMapRegion));
    if (tail == NULL) {
        return NULL;
    }
    UINT32 head = addr - region->range.base;
    *tail = *region;
    tail->range.base = addr;
    tail->range.size = region->range.size - head;
    if (LOS_IsRegionTypeDev(region)) {
        tail->unTypeData.rd.paddr += head;
    } else {
        tail->pgOff += head >> PAGE_SHIFT;          /* file or shared-object offset */
    }
    if (LOS_IsRegionTypeAnon(region) && (region->unTypeData.ra.shared != NULL)) {
        OsVmAnonObjectGet(region->unTypeData.ra.shared);
    }
    (VOID)OsVmFileRegionCopied(tail);
    region->range.size = head;
    BOOL ok = OsRegionTreeInsert(&space->regionTree, tail);
    VM_ASSERT(ok, "the tail of a split region fits where the region was");
    return tail;
}

STATUS_T OsVmRegionsIsolate(LosVmSpace *space, VADDR_T addr, size_t len)
{
    UINT64 end = (UINT64)addr + len;
    LosVmMapRegion *r = LOS_RegionFind(space, addr);
    if ((r != NULL) && (r->range.base < addr) && (OsVmRegionSplit(space, r, addr) == NULL)) {
        return LOS_ERRNO_VM_NO_MEMORY;
    }
    if (end < 0x100000000ULL) {
        r = LOS_RegionFind(space, (VADDR_T)end);
        if ((r != NULL) && (r->range.base < end) && (OsVmRegionSplit(space, r, (VADDR_T)end) == NULL)) {
            return LOS_ERRNO_VM_NO_MEMORY;
        }
    }
    return LOS_OK;
}

VOID OsVmRegionsRemove(LosVmSpace *space, VADDR_T addr, size_t len)
{
    UINT64 end = (UINT64)addr + len;
    LosVmMapRegion *r = OsRegionTreeLowerBound(&space->regionTree, addr);
    while ((r != NULL) && ((UINT64)r->range.base < end)) {
        UINT64 next = (UINT64)r->range.base + r->range.size;
        (VOID)LOS_RegionFree(space, r);
        r = OsRegionTreeLowerBound(&space->regionTree, next);
    }
}

STATUS_T LOS_VmSpaceReserve(LosVmSpace *space, size_t size, VADDR_T vaddr)
{
    UINT32 flags = 0U;
    if ((space == NULL) || (size == 0U) || !IS_PAGE_ALIGNED(vaddr) || !IS_PAGE_ALIGNED(size) ||
        !LOS_IsRangeInSpace(space, vaddr, size)) {
        return LOS_ERRNO_VM_INVALID_ARGS;
    }
    if (LOS_RegionRangeFind(space, vaddr, size) != NULL) {
        return LOS_ERRNO_VM_ALREADY_EXISTS;
    }
    if (LOS_ArchMmuQuery(OsSpaceMmu(space), vaddr, NULL, &flags) != LOS_OK) {
        flags = VM_MAP_REGION_FLAG_PERM_READ | VM_MAP_REGION_FLAG_PERM_WRITE |
                (space->archMmu.isKernel ? 0U : VM_MAP_REGION_FLAG_PERM_USER);
    }
    return (LOS_RegionAlloc(space, vaddr, size, flags, 0U) != NULL) ? (STATUS_T)LOS_OK : LOS_ERRNO_VM_NO_MEMORY;
}

/* Whether [paddr, paddr + count pages) is all RAM pages that someone holds (refCounts >= 1),
 * or all outside RAM; anything else (a free page, a mix) is refused. */
static STATUS_T OsVaddrToPaddrKind(PADDR_T paddr, size_t count, BOOL *ram)
{
    *ram = LOS_VmPageGet(paddr) != NULL;
    for (size_t i = 0U; i < count; i++) {
        LosVmPage *page = LOS_VmPageGet(paddr + (PADDR_T)(i << PAGE_SHIFT));
        if ((page != NULL) != *ram) {
            return LOS_ERRNO_VM_INVALID_ARGS;    /* part RAM, part not */
        }
        if ((page != NULL) && (LOS_AtomicRead(&page->refCounts) <= 0)) {
            return LOS_ERRNO_VM_INVALID_ARGS;    /* free: the caller must own the memory */
        }
    }
    return LOS_OK;
}

STATUS_T LOS_VaddrToPaddrMmap(LosVmSpace *space, VADDR_T vaddr, PADDR_T paddr, size_t len,
                              UINT32 flags)
{
    BOOL ram = FALSE;
    if (!IS_PAGE_ALIGNED(vaddr) || !IS_PAGE_ALIGNED(paddr) || !IS_PAGE_ALIGNED(len)) {
        return LOS_ERRNO_VM_NOT_VALID;          /* as LiteOS-A */
    }
    if ((space == NULL) || (vaddr == 0U) || !LOS_IsRangeInSpace(space, vaddr, len) ||
        !OsVmRangeInside(paddr, len, 0U, VM_ADDR_SPACE_END) ||
        ((flags & (VM_MAP_REGION_FLAG_FIXED | VM_MAP_REGION_FLAG_FIXED_NOREPLACE)) != 0U)) {
        return LOS_ERRNO_VM_INVALID_ARGS;
    }
    size_t count = len >> PAGE_SHIFT;
    STATUS_T ret = OsVaddrToPaddrKind(paddr, count, &ram);
    if (ret != LOS_OK) {
        return ret;
    }
    if (LOS_RegionRangeFind(space, vaddr, len) != NULL) {
        return LOS_ERRNO_VM_BUSY;               /* as LiteOS-A */
    }
    LosVmMapRegion *region = LOS_RegionAlloc(space, vaddr, len, flags, 0U);
    if (region == NULL) {
        return LOS_ERRNO_VM_NO_MEMORY;
    }
    if (ram) {
        LOS_SetRegionTypeAnon(region);
    } else {
        LOS_SetRegionTypeDev(region);
        region->unTypeData.rd.paddr = paddr;
    }
    ret = LOS_ArchMmuMap(OsSpaceMmu(space), vaddr, paddr, count, OsVmRegionMmuFlags(region));
    if (ret < 0) {
        (VOID)LOS_RegionFree(space, region);
        return ret;
    }
    for (size_t i = 0U; ram && (i < count); i++) {
        LOS_AtomicInc(&LOS_VmPageGet(paddr + (PADDR_T)(i << PAGE_SHIFT))->refCounts);
    }
    return LOS_OK;
}

STATUS_T LOS_UserSpaceVmAlloc(LosVmSpace *space, size_t size, VOID **ptr, UINT8 align_log2,
                              UINT32 regionFlags)
{
    if ((space == NULL) || (size == 0U) || (align_log2 >= 32U) ||
        (((regionFlags & VM_MAP_REGION_FLAG_FIXED) != 0U) && ((ptr == NULL) || (*ptr == NULL)))) {
        return LOS_ERRNO_VM_INVALID_ARGS;
    }
    /* No ptr or *ptr == NULL: anywhere; *ptr with FIXED: exactly there; else a hint. */
    UINTPTR want = (ptr != NULL) ? (UINTPTR)*ptr : 0U;
    if (want > 0xFFFFFFFFU) {
        return LOS_ERRNO_VM_INVALID_ARGS;
    }
    OsRegionAt at = ((regionFlags & VM_MAP_REGION_FLAG_FIXED) != 0U) ? OS_REGION_AT_EXACT : OS_REGION_AT_HINT;
    UINT32 align = MAX(PAGE_SIZE, 1U << align_log2);
    LosVmMapRegion *region = OsRegionAllocAligned(space, (VADDR_T)want, size, regionFlags, 0U, align, at);
    if (region == NULL) {
        return (at == OS_REGION_AT_EXACT) ? LOS_ERRNO_VM_INVALID_ARGS : LOS_ERRNO_VM_NO_MEMORY;
    }
    LOS_SetRegionTypeAnon(region);
    for (VADDR_T va = region->range.base; va <= LOS_RegionEndAddr(region); va += PAGE_SIZE) {
        LosVmPage *page = OsVmPageAllocZeroed();
        STATUS_T ret = (page == NULL) ? LOS_ERRNO_VM_NO_MEMORY :
                       LOS_ArchMmuMap(OsSpaceMmu(space), va, page->physAddr, 1U, OsVmRegionMmuFlags(region));
        if (ret < 0) {
            if (page != NULL) {
                LOS_PhysPageFree(page);
            }
            (VOID)LOS_RegionFree(space, region);
            return ret;
        }
    }
    if (ptr != NULL) {
        *ptr = (VOID *)(UINTPTR)region->range.base;
    }
    return LOS_OK;
}

static BOOL OsAnyMapped(VOID *ctx, VADDR_T va, PADDR_T pa, UINT32 flags)
{
    (VOID)va;
    (VOID)pa;
    (VOID)flags;
    *(BOOL *)ctx = TRUE;
    return FALSE;                      /* one is enough: stop the walk */
}

VOID OsRegionTypeSet(LosVmMapRegion *region, UINT8 type)
{
    BOOL mapped = FALSE;
    if ((region == NULL) || (region->regionType == type)) {
        return;
    }
    if (region->space != NULL) {
        OsArchMmuWalk(OsSpaceMmu(region->space), region->range.base, region->range.size >> PAGE_SHIFT,
                      OsAnyMapped, &mapped);
    }
    if (mapped) {
        return;    /* its pages' references follow the type: changing it would leak or over-free */
    }
    if (LOS_IsRegionTypeAnon(region) && (region->unTypeData.ra.shared != NULL)) {
        OsVmAnonObjectPut(region->unTypeData.ra.shared);
    }
    OsVmFileRegionRelease(region);
    (VOID)memset(&region->unTypeData, 0, sizeof(region->unTypeData));
    region->regionType = type;
}
