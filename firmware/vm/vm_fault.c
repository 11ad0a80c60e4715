/*
 * The page-fault handler: demand paging and copy-on-write (DESIGN §6 step 3).
 *
 *   1. find the space of the address (LOS_SpaceGet) and the region in it: none -> NOT_FOUND;
 *   2. check the access against the region: a write needs PERM_WRITE, a fetch PERM_EXECUTE
 *      and memory that is not device memory, a read PERM_READ, a user access PERM_USER:
 *      otherwise ACCESS_DENIED;
 *   3. page not mapped: anonymous -> a zeroed page (shared anonymous memory: the shared
 *      object's page, zeroed when first used); file -> the page-cache page (shared
 *      mappings, and reads of private ones, mapped read-only so the first write copies) or a
 *      private copy of the file content (write to a private mapping); device -> the device
 *      page. Map it and return;
 *   4. page mapped read-only and the access is a write to a writable private region:
 *      copy-on-write. If this mapping is the page's only user (and it is not a page-cache
 *      page), make it writable in place; else copy it into a new page and switch the mapping
 *      to the copy (break-before-make), dropping the reference on the old page.
 * Out of memory at any step leaves nothing allocated and returns NO_MEMORY.
 */
#include "vm_private.h"
#include "los_vm_phys.h"

static LosVmFaultStats g_faultStats;
static LosVmFaultInfo g_faultLast;

VOID OsVmFaultStatsReset(VOID)
{
    g_faultStats = (LosVmFaultStats){ 0 };
    g_faultLast = (LosVmFaultInfo){ 0 };
}

VOID LOS_VmFaultLastGet(LosVmFaultInfo *info)
{
    *info = g_faultLast;
}

VOID LOS_VmFaultStatsGet(LosVmFaultStats *stats)
{
    *stats = g_faultStats;
}

static BOOL OsVmFaultAllowed(const LosVmMapRegion *region, UINT32 flags)
{
    UINT32 rf = region->regionFlags;
    UINT32 need = VM_MAP_REGION_FLAG_PERM_READ;
    if ((flags & VM_MAP_PF_FLAG_WRITE) != 0U) {
        need = VM_MAP_REGION_FLAG_PERM_WRITE;
    } else if ((flags & VM_MAP_PF_FLAG_INSTRUCTION) != 0U) {
        if ((rf & VM_MAP_REGION_FLAG_CACHE_MASK) == VM_MAP_REGION_FLAG_UNCACHED_DEVICE) {
            return FALSE;   /* device memory is mapped execute-never, whatever the region allows */
        }
        need = VM_MAP_REGION_FLAG_PERM_EXECUTE;
    }
    if ((flags & VM_MAP_PF_FLAG_USER) != 0U) {
        need |= VM_MAP_REGION_FLAG_PERM_USER;
    }
    return (rf & need) == need;
}

/* Maps page at va; on failure drops the caller's reference on it. */
static STATUS_T OsVmFaultMapPage(LosArchMmu *mmu, const LosVmMapRegion *region, VADDR_T va,
                                 LosVmPage *page, UINT32 mmuFlags)
{
    STATUS_T ret = LOS_ArchMmuMap(mmu, va, page->physAddr, 1U, mmuFlags);
    if (ret < 0) {
        OsVmPageRelease(region, va, page->physAddr);
        return ret;
    }
    return LOS_OK;
}

static STATUS_T OsVmFaultFile(LosArchMmu *mmu, LosVmMapRegion *region, VADDR_T va,
                              UINT32 flags, UINT32 mmuFlags)
{
    UINT32 fileId = region->unTypeData.rf.fileId;
    VM_OFFSET_T index = region->pgOff + ((va - region->range.base) >> PAGE_SHIFT);
    BOOL shared = (region->regionFlags & VM_MAP_REGION_FLAG_SHARED) != 0U;
    LosVmPage *page;

    if (fileId == VM_FILE_ID_NONE) {
        return LOS_ERRNO_VM_NOT_FOUND;           /* a file region without a file: nothing to map */
    }
    if (!shared && ((flags & VM_MAP_PF_FLAG_WRITE) != 0U)) {
        /* First touch is a write to a private mapping: copy straight away. */
        LosVmPage *cached = OsVmFileCachePeek(fileId, index);
        HalCostPart prev = HalCostPartSet(HAL_PART_ALLOC);
        page = LOS_PhysPageAlloc();
        (VOID)HalCostPartSet(prev);
        if (page == NULL) {
            return LOS_ERRNO_VM_NO_MEMORY;
        }
        prev = HalCostPartSet(HAL_PART_ALLOC);    /* producing the page's content */
        if (cached != NULL) {
            HalPhysCopy(page->physAddr, cached->physAddr, PAGE_SIZE);
        } else {
            OsVmFileFill(page->physAddr, fileId, index);
        }
        (VOID)HalCostPartSet(prev);
        g_faultStats.cowCopies++;
    } else {
        page = OsVmFileRegionHold(region) ? OsVmFileCacheGet(fileId, index) : NULL;
        if (page == NULL) {
            return LOS_ERRNO_VM_NO_MEMORY;
        }
        if (!shared) {
            mmuFlags &= ~VM_MAP_REGION_FLAG_PERM_WRITE;
        }
    }
    g_faultStats.fileRead++;
    g_faultLast.action = VM_FAULT_ACTION_FILE;
    return OsVmFaultMapPage(mmu, region, va, page, mmuFlags);
}

static STATUS_T OsVmFaultCow(LosArchMmu *mmu, const LosVmMapRegion *region, VADDR_T va, PADDR_T pa,
                             UINT32 mmuFlags)
{
    LosVmPage *old = LOS_VmPageGet(pa);
    BOOL shared = (region->regionFlags & VM_MAP_REGION_FLAG_SHARED) != 0U;
    if (LOS_IsRegionTypeDev((LosVmMapRegion *)region) || shared || (old == NULL) ||
        ((LOS_AtomicRead(&old->refCounts) == 1) && ((old->flags & VM_PAGE_FLAG_FILECACHE) == 0U))) {
        /* Nobody else can see a write: just allow it. */
        g_faultStats.cowReuse++;
        g_faultLast.action = VM_FAULT_ACTION_COW_REUSE;
        STATUS_T ret = LOS_ArchMmuChangeProt(mmu, va, 1U, mmuFlags);
        return (ret < 0) ? ret : (STATUS_T)LOS_OK;
    }
    HalCostPart prev = HalCostPartSet(HAL_PART_ALLOC);
    LosVmPage *copy = LOS_PhysPageAlloc();
    if (copy != NULL) {
        HalPhysCopy(copy->physAddr, pa, PAGE_SIZE);
    }
    (VOID)HalCostPartSet(prev);
    if (copy == NULL) {
        return LOS_ERRNO_VM_NO_MEMORY;
    }
    STATUS_T ret = OsArchMmuReplacePage(mmu, va, copy->physAddr, mmuFlags);
    if (ret != LOS_OK) {
        LOS_PhysPageFree(copy);
        return ret;
    }
    OsVmPageRelease(region, va, pa);
    g_faultStats.cowCopies++;
    g_faultLast.action = VM_FAULT_ACTION_COW_COPY;
    return LOS_OK;
}

STATUS_T OsVmFaultResolve(LosVmSpace *space, LosVmMapRegion *region, VADDR_T vaddr, UINT32 flags)
{
    LosArchMmu *mmu = OsSpaceMmu(space);
    VADDR_T va = vaddr & PAGE_MASK;
    UINT32 mmuFlags = OsVmRegionMmuFlags(region);
    PADDR_T pa = 0U;
    UINT32 cur = 0U;

    if (LOS_ArchMmuQuery(mmu, va, &pa, &cur) == LOS_OK) {
        if (((flags & VM_MAP_PF_FLAG_WRITE) != 0U) && ((cur & VM_MAP_REGION_FLAG_PERM_WRITE) == 0U)) {
            return OsVmFaultCow(mmu, region, va, pa & PAGE_MASK, mmuFlags);
        }
        g_faultStats.spurious++;
        g_faultLast.action = VM_FAULT_ACTION_SPURIOUS;
        return LOS_OK;
    }
    if (LOS_IsRegionTypeDev(region)) {
        g_faultStats.devMapped++;
        g_faultLast.action = VM_FAULT_ACTION_DEVICE;
        STATUS_T ret = LOS_ArchMmuMap(mmu, va, region->unTypeData.rd.paddr + (va - region->range.base),
                                      1U, mmuFlags);
        return (ret < 0) ? ret : (STATUS_T)LOS_OK;
    }
    if (LOS_IsRegionTypeFile(region)) {
        return OsVmFaultFile(mmu, region, va, flags, mmuFlags);
    }
    LosVmPage *page;
    if (LOS_IsRegionTypeAnon(region) && (region->unTypeData.ra.shared != NULL)) {
        /* shared anonymous memory: the object's page, created zeroed on first use */
        page = OsVmAnonObjectPage(region->unTypeData.ra.shared,
                                  region->pgOff + ((va - region->range.base) >> PAGE_SHIFT));
    } else {
        page = OsVmPageAllocZeroed();
    }
    if (page == NULL) {
        return LOS_ERRNO_VM_NO_MEMORY;
    }
    g_faultStats.demandZero++;
    g_faultLast.action = VM_FAULT_ACTION_DEMAND_ZERO;
    return OsVmFaultMapPage(mmu, region, va, page, mmuFlags);
}

STATUS_T OsVmPageFaultHandler(VADDR_T vaddr, UINT32 flags, ExcContext *frame)
{
    (VOID)frame;
    g_faultStats.faults++;
    LosVmSpace *space = LOS_SpaceGet(vaddr);
    LosVmMapRegion *region = LOS_RegionFind(space, vaddr);
    STATUS_T ret;
    g_faultLast = (LosVmFaultInfo){ vaddr, flags, LOS_OK, VM_FAULT_ACTION_NONE,
                                    (space != NULL) ? space->archMmu.asid : 0U,
                                    (region != NULL) ? region->regionType : VM_MAP_REGION_TYPE_NONE,
                                    (region != NULL) ? region->regionFlags : 0U };
    if (region == NULL) {
        g_faultStats.noRegion++;
        ret = LOS_ERRNO_VM_NOT_FOUND;
    } else if (!OsVmFaultAllowed(region, flags)) {
        g_faultStats.denied++;
        ret = LOS_ERRNO_VM_ACCESS_DENIED;
    } else {
        ret = OsVmFaultResolve(space, region, vaddr, flags);
        if (ret == LOS_ERRNO_VM_NO_MEMORY) {
            g_faultStats.noMemory++;
        }
    }
    if (ret != LOS_OK) {
        g_faultLast.action = VM_FAULT_ACTION_NONE;
    }
    g_faultLast.result = ret;
    return ret;
}

UINT32 OsVmFaultFlagsFromFsr(UINT32 fsr, BOOL isPrefetch, BOOL isUser)
{
    UINT32 fs = vmsa_fsr_fs(fsr);
    UINT32 flags = isUser ? VM_MAP_PF_FLAG_USER : 0U;
    if (isPrefetch) {
        flags |= VM_MAP_PF_FLAG_INSTRUCTION;
    } else if ((fsr & VMSA_FSR_WNR) != 0U) {
        flags |= VM_MAP_PF_FLAG_WRITE;
    }
    if ((fs == VMSA_FS_TRANSLATION_SECTION) || (fs == VMSA_FS_TRANSLATION_PAGE)) {
        flags |= VM_MAP_PF_FLAG_NOT_PRESENT;
    }
    return flags;
}

STATUS_T OsArchAbortHandle(BOOL isPrefetch, BOOL isUser)
{
    UINT32 fsr = HalRegRead(isPrefetch ? MMU_REG_IFSR : MMU_REG_DFSR);
    VADDR_T far = HalRegRead(isPrefetch ? MMU_REG_IFAR : MMU_REG_DFAR);
    switch (vmsa_fsr_fs(fsr)) {
        case VMSA_FS_TRANSLATION_SECTION:
        case VMSA_FS_TRANSLATION_PAGE:
        case VMSA_FS_PERMISSION_SECTION:
        case VMSA_FS_PERMISSION_PAGE:
            return OsVmPageFaultHandler(far, OsVmFaultFlagsFromFsr(fsr, isPrefetch, isUser), NULL);
        default:
            /* Domain faults (only domain 0, client, is used) and access-flag faults (every
             * descriptor has AP[0] = 1) mean a broken configuration, not demand paging. */
            return LOS_ERRNO_VM_INVALID_ARGS;
    }
}
