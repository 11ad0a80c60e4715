/*
 * mmap / munmap / mprotect on a space, as the trace player's OS events need them. Regions are
 * split at the range boundaries first, so a call affects exactly the pages asked for.
 */
#include "vm_private.h"

#define PROT_BITS (VM_MAP_REGION_FLAG_PERM_READ | VM_MAP_REGION_FLAG_PERM_WRITE | \
                   VM_MAP_REGION_FLAG_PERM_EXECUTE)

static UINT32 OsProtToRegionFlags(const LosVmSpace *space, UINT32 prot)
{
    UINT32 f = prot & PROT_BITS;
    if ((f & (VM_MAP_REGION_FLAG_PERM_WRITE | VM_MAP_REGION_FLAG_PERM_EXECUTE)) != 0U) {
        f |= VM_MAP_REGION_FLAG_PERM_READ;        /* ARM cannot map write- or execute-only */
    }
    if (!space->archMmu.isKernel) {
        f |= VM_MAP_REGION_FLAG_PERM_USER;
    }
    return f;
}

#define FIXED_FLAGS (VM_MAP_REGION_FLAG_FIXED | VM_MAP_REGION_FLAG_FIXED_NOREPLACE)

/* A plain hint, as LiteOS-A takes it: rounded up to a page, dropped (0: anywhere) when the
 * range would not lie in the space. */
static VADDR_T OsMmapHint(const LosVmSpace *space, VADDR_T vaddr, UINT64 len)
{
    UINT64 hint = ((UINT64)vaddr + PAGE_SIZE - 1U) & ~(UINT64)(PAGE_SIZE - 1U);
    return ((hint != 0U) && (hint < VM_ADDR_SPACE_END) && LOS_IsRangeInSpace(space, (VADDR_T)hint, len)) ?
           (VADDR_T)hint : 0U;
}

static LosVmMapRegion *OsMmapRegion(LosVmSpace *space, const LosVmMmapArgs *a, size_t len,
                                    UINT32 flags)
{
    if ((a->flags & FIXED_FLAGS) != 0U) {
        return LOS_RegionAlloc(space, a->vaddr, len, flags, a->pgoff);
    }
    VADDR_T hint = OsMmapHint(space, a->vaddr, len);
    LosVmMapRegion *r = (hint != 0U) ? LOS_RegionAlloc(space, hint, len, flags, a->pgoff) : NULL;
    return (r != NULL) ? r : LOS_RegionAlloc(space, 0U, len, flags, a->pgoff);
}

STATUS_T OsVmMmap(LosVmSpace *space, const LosVmMmapArgs *args, VADDR_T *out)
{
    UINT32 share = (args != NULL) ? (args->flags & VM_MAP_REGION_FLAG_FLAG_MASK) : 0U;
    UINT64 len = 0U;
    if ((space == NULL) || (args == NULL) || (out == NULL) || !OsVmLenToPages(args->len, &len) ||
        (len > space->size) ||
        (((args->flags & FIXED_FLAGS) != 0U) && !IS_PAGE_ALIGNED(args->vaddr)) || space->archMmu.isKernel ||
        ((share != VM_MAP_REGION_FLAG_SHARED) && (share != VM_MAP_REGION_FLAG_PRIVATE)) ||
        ((args->type != VM_MAP_REGION_TYPE_ANON) && (args->type != VM_MAP_REGION_TYPE_FILE) &&
         (args->type != VM_MAP_REGION_TYPE_DEV)) ||
        ((args->type == VM_MAP_REGION_TYPE_FILE) && (args->fileId == VM_FILE_ID_NONE)) ||
        ((args->type == VM_MAP_REGION_TYPE_FILE) && (args->pgoff + (len >> PAGE_SHIFT) < args->pgoff)) ||
        ((args->type == VM_MAP_REGION_TYPE_DEV) &&
         (!IS_PAGE_ALIGNED(args->devPaddr) || !OsVmRangeInside(args->devPaddr, len, 0U, VM_ADDR_SPACE_END)))) {
        return LOS_ERRNO_VM_INVALID_ARGS;      /* also: a file offset or device range that wraps */
    }
    if (((args->flags & FIXED_FLAGS) != 0U) && !LOS_IsRangeInSpace(space, args->vaddr, len)) {
        return LOS_ERRNO_VM_INVALID_ARGS;          /* a fixed address outside the space, 0 too */
    }
    UINT32 flags = OsProtToRegionFlags(space, args->prot) | share | VM_MAP_REGION_FLAG_MMAP |
                   (args->flags & FIXED_FLAGS);
    if (args->type == VM_MAP_REGION_TYPE_DEV) {
        flags |= VM_MAP_REGION_FLAG_UNCACHED_DEVICE;
    }
    LosVmMapRegion *region = OsMmapRegion(space, args, len, flags);
    if (region == NULL) {
        return (((args->flags & FIXED_FLAGS) != 0U) && (args->vaddr != 0U)) ? LOS_ERRNO_VM_ALREADY_EXISTS :
                                                                              LOS_ERRNO_VM_NO_MEMORY;
    }
    region->regionType = args->type;
    if ((args->type == VM_MAP_REGION_TYPE_ANON) && (share == VM_MAP_REGION_FLAG_SHARED)) {
        region->unTypeData.ra.shared = OsVmAnonObjectCreate();
        if (region->unTypeData.ra.shared == NULL) {
            (VOID)LOS_RegionFree(space, region);
            return LOS_ERRNO_VM_NO_MEMORY;
        }
    } else if (args->type == VM_MAP_REGION_TYPE_FILE) {
        region->unTypeData.rf.fileId = args->fileId;
        if (!OsVmFileRegionHold(region)) {       /* from now on, the file's pages stay cached */
            (VOID)LOS_RegionFree(space, region);
            return LOS_ERRNO_VM_NO_MEMORY;
        }
    } else if (args->type == VM_MAP_REGION_TYPE_DEV) {
        region->unTypeData.rd.paddr = args->devPaddr;
    }
    if ((args->flags & VM_MMAP_POPULATE) != 0U) {
        for (VADDR_T va = region->range.base; va <= LOS_RegionEndAddr(region); va += PAGE_SIZE) {
            STATUS_T ret = OsVmFaultResolve(space, region, va, VM_MAP_PF_FLAG_NOT_PRESENT);
            if (ret != LOS_OK) {
                (VOID)LOS_RegionFree(space, region);
                return ret;
            }
        }
    }
    *out = region->range.base;
    return LOS_OK;
}

/* A page-aligned range of the space; *rounded is len rounded up to pages. */
static BOOL OsRangeArgsValid(const LosVmSpace *space, VADDR_T addr, size_t len, UINT64 *rounded)
{
    return (space != NULL) && !space->archMmu.isKernel && IS_PAGE_ALIGNED(addr) && OsVmLenToPages(len, rounded) &&
           LOS_IsRangeInSpace(space, addr, *rounded);
}

STATUS_T OsVmMunmap(LosVmSpace *space, VADDR_T addr, size_t size)
{
    UINT64 len = 0U;
    if (!OsRangeArgsValid(space, addr, size, &len)) {
        return LOS_ERRNO_VM_INVALID_ARGS;
    }
    STATUS_T ret = OsVmRegionsIsolate(space, addr, len);
    if (ret == LOS_OK) {
        OsVmRegionsRemove(space, addr, len);
    }
    return ret;
}

STATUS_T OsVmMprotect(LosVmSpace *space, VADDR_T addr, size_t size, UINT32 prot)
{
    UINT64 len = 0U;
    if (!OsRangeArgsValid(space, addr, size, &len)) {
        return LOS_ERRNO_VM_INVALID_ARGS;
    }
    /* Every page must lie in a region (LiteOS-A refuses a range that starts outside a region or
     * runs past its end); checked before anything is split or changed. */
    UINT64 covered = addr;
    for (LosVmMapRegion *r = LOS_RegionFind(space, addr);
         (r != NULL) && (r->range.base <= covered) && (covered < (UINT64)addr + len);
         r = OsRegionTreeNext(&space->regionTree, r)) {
        covered = (UINT64)r->range.base + r->range.size;
    }
    if (covered < (UINT64)addr + len) {
        return LOS_ERRNO_VM_NOT_FOUND;
    }
    STATUS_T ret = OsVmRegionsIsolate(space, addr, len);
    if (ret != LOS_OK) {
        return ret;
    }
    UINT32 newProt = OsProtToRegionFlags(space, prot);
    UINT64 end = (UINT64)addr + len;
    LosVmMapRegion *r = OsRegionTreeLowerBound(&space->regionTree, addr);
    while ((r != NULL) && ((UINT64)r->range.base < end)) {
        r->regionFlags = (r->regionFlags & ~VM_MAP_REGION_FLAG_PROT_MASK) | newProt;
        UINT32 mmuFlags = OsVmRegionMmuFlags(r);
        if (!LOS_IsRegionTypeDev(r) && ((r->regionFlags & VM_MAP_REGION_FLAG_SHARED) == 0U)) {
            /* Private pages may be shared copy-on-write: grant write on the next write fault,
             * which copies when needed. */
            mmuFlags &= ~VM_MAP_REGION_FLAG_PERM_WRITE;
        }
        ret = LOS_ArchMmuChangeProt(OsSpaceMmu(space), r->range.base, r->range.size >> PAGE_SHIFT,
                                    mmuFlags);
        if (ret < 0) {
            return ret;
        }
        r = OsRegionTreeNext(&space->regionTree, r);
    }
    return LOS_OK;
}
