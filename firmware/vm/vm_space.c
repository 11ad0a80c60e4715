/*
 * Address spaces: start-up of the kernel and vmalloc spaces (with the kernel direct map and its
 * uncached alias), process spaces (create, free, switch), the space getters and the Linux
 * profile's sharing of kernel level-1 entries.
 *
 * Bookkeeping memory: spaces, regions and counter tables are host allocations (OsVmMetaAlloc),
 * not simulated RAM, so the physical page counts seen by the simulator are page tables and
 * data pages only, exactly as the walker and the statistics see them.
 */
#include "vm_private.h"
#include "los_vm_phys.h"
#include <stdlib.h>

LosVmSpace g_kVmSpace;
LosVmSpace g_vMallocSpace;
static LosVmMapRegion *g_kDirectMapRegion;
static LOS_DL_LIST g_vmSpaceList = { &g_vmSpaceList, &g_vmSpaceList };
/* Per core: the space whose table that core's TTBR0 holds (LiteOS-A SMP keeps it per CPU too). */
static LosVmSpace *g_currSpace[OS_VM_CPUS_MAX] = { &g_kVmSpace, &g_kVmSpace, &g_kVmSpace, &g_kVmSpace,
                                                   &g_kVmSpace, &g_kVmSpace, &g_kVmSpace, &g_kVmSpace };
static BOOL g_vmInited;


VOID *OsVmMetaAlloc(size_t size)
{
    return calloc(1U, size);
}

VOID OsVmMetaFree(VOID *p)
{
    free(p);
}

VOID OsVmSpaceInitCommon(LosVmSpace *space, VADDR_T base, UINT32 size, VADDR_T mapBase,
                         UINT32 mapSize)
{
    space->regionTree.root = NULL;
    space->regionTree.nodes = 0U;
    space->base = base;
    space->size = size;
    space->mapBase = mapBase;
    space->mapSize = mapSize;
    space->heapBase = 0U;
    space->heapNow = 0U;
    space->heap = NULL;
    LOS_ListTailInsert(&g_vmSpaceList, &space->node);
}

/* Frees the host bookkeeping of every space (simulated memory has been reset already). */
static VOID OsVmForgetAll(VOID)
{
    LosVmSpace *space = NULL;
    LosVmSpace *next = NULL;
    OsVmCacheReset();            /* first: shared objects must not free pages that are gone */
    OsVmFileUsesReset();
    LOS_DL_LIST_FOR_EACH_ENTRY_SAFE(space, next, &g_vmSpaceList, LosVmSpace, node) {
        LosVmMapRegion *r;
        while ((r = OsRegionTreeFirst(&space->regionTree)) != NULL) {
            OsRegionTreeRemove(&space->regionTree, r);
            OsVmRegionDestroy(r);
        }
        LOS_ListDelete(&space->node);
        if ((space != &g_kVmSpace) && (space != &g_vMallocSpace)) {
            free(space->archMmu.l2Count);
            OsVmMetaFree(space);
        }
    }
    free(g_kVmSpace.archMmu.l2Count);
    g_kVmSpace.archMmu.l2Count = NULL;
    LOS_ListInit(&g_vmSpaceList);
}

/* The kernel space is the direct-map window only, as in LiteOS-A (KERNEL_ASPACE_* =
 * KERNEL_VMM_*): up to the uncached alias (LiteOS-A profile) or up to the vmalloc hole after
 * high_memory (Linux profile). The vmalloc area is the vmalloc space's; the uncached alias and
 * the kmap window belong to no space (kernel page-table mappings only), so no region of any
 * space can cover memory another one owns. */
static UINT32 OsKernelSpaceSize(const LosVmLayout *layout)
{
    if (layout->profile == VM_LAYOUT_LINUX) {
        return layout->vmallocBase - LINUX_VMALLOC_OFFSET - layout->directBase;
    }
    return KERNEL_VMM_SIZE;
}

/* The direct map (a region of the kernel space owning no pages) or the uncached alias (no
 * region), mapped with sections. */
static STATUS_T OsKernelLinearMap(VADDR_T base, UINT32 size, PADDR_T pa, UINT32 flags, BOOL region)
{
    if (region) {
        LosVmMapRegion *r = LOS_RegionAlloc(&g_kVmSpace, base, size, flags, 0U);
        if (r == NULL) {
            return LOS_ERRNO_VM_NO_MEMORY;
        }
        LOS_SetRegionTypeDev(r);
        r->unTypeData.rd.paddr = pa;
        g_kDirectMapRegion = r;
    }
    STATUS_T ret = LOS_ArchMmuMap(&g_kVmSpace.archMmu, base, pa, size >> PAGE_SHIFT, flags);
    return (ret < 0) ? ret : (STATUS_T)LOS_OK;
}

/* The page-table layer's kernel level-1 hook: a kernel entry changed. */
static VOID OsVmKernelL1Changed(UINT32 index, PTE_T desc)
{
    LosVmSpace *space = NULL;
    if (OsVmLayoutGet()->profile != VM_LAYOUT_LINUX) {
        return;   /* LiteOS-A: the kernel table is only under TTBR1, nothing to copy */
    }
    LOS_DL_LIST_FOR_EACH_ENTRY(space, &g_vmSpaceList, LosVmSpace, node) {
        if (!space->archMmu.isKernel && (space->archMmu.physTtb != 0U)) {
            HalPhysWrite32(space->archMmu.physTtb + (index << 2), desc);
        }
    }
}

STATUS_T OsVmInit(const LosVmConfig *cfg)
{
    const HalMemConfig *mem = HalMemConfigGet();
    LosVmLayout layout;
    if (OsVmLayoutCompute(cfg, mem->ramBase, mem->ramSize, &layout) != LOS_OK) {
        return LOS_ERRNO_VM_INVALID_ARGS;
    }
    if (g_vmInited) {
        OsVmForgetAll();
    }
    g_kDirectMapRegion = NULL;
    OsVmLayoutSet(&layout);
    OsL2PoolReset();
    OsAsidReset();
    OsVmKmapReset();
    OsVmKmapAtomicReset();
    OsVmFaultStatsReset();
    OsArchMmuKernelL1HookSet(OsVmKernelL1Changed);
    (VOID)LOS_ArchMmuLargePagesSet(layout.largePages);
    for (UINT32 c = 0U; c < OS_VM_CPUS_MAX; c++) {
        g_currSpace[c] = &g_kVmSpace;
    }
    g_vmInited = TRUE;

    STATUS_T ret = OsArchMmuInit(&g_kVmSpace.archMmu, TRUE);
    if (ret != LOS_OK) {
        return ret;
    }
    UINT32 kspace = OsKernelSpaceSize(&layout);
    OsVmSpaceInitCommon(&g_kVmSpace, layout.directBase, kspace, layout.directBase, kspace);
    const UINT32 rw = VM_MAP_REGION_FLAG_PERM_READ | VM_MAP_REGION_FLAG_PERM_WRITE;
    UINT32 direct = ROUNDDOWN(layout.directSize, PAGE_SIZE);
    ret = OsKernelLinearMap(layout.directBase, direct, layout.ramBase,
                            rw | VM_MAP_REGION_FLAG_PERM_EXECUTE | VM_MAP_REGION_FLAG_CACHED, TRUE);
    if ((ret == LOS_OK) && (layout.uncachedBase != 0U)) {
        ret = OsKernelLinearMap(layout.uncachedBase, direct, layout.ramBase,
                                rw | VM_MAP_REGION_FLAG_UNCACHED, FALSE);
    }
    if (ret != LOS_OK) {
        return ret;
    }
    g_vMallocSpace.archMmu = g_kVmSpace.archMmu;    /* same tables; OsSpaceMmu uses the kernel's */
    OsVmSpaceInitCommon(&g_vMallocSpace, layout.vmallocBase, layout.vmallocEnd - layout.vmallocBase,
                        layout.vmallocBase, layout.vmallocEnd - layout.vmallocBase);
    OsArchMmuEnable(&g_kVmSpace.archMmu, layout.ttbcrN);
    return LOS_OK;
}

BOOL OsVmRegionIsPermanent(const LosVmMapRegion *region)
{
    return (region != NULL) && (region == g_kDirectMapRegion);
}

STATUS_T OsVmSecondaryCpuInit(VOID)
{
    UINT32 cpu = HalCpuId();
    if (!g_vmInited || (cpu == 0U) || (cpu >= OS_VM_CPUS_MAX)) {
        return LOS_ERRNO_VM_INVALID_ARGS;
    }
    g_currSpace[cpu] = &g_kVmSpace;
    OsArchMmuEnable(&g_kVmSpace.archMmu, OsVmLayoutGet()->ttbcrN);
    return LOS_OK;
}

static LosVmSpace **OsCurrSpaceSlot(VOID)
{
    UINT32 cpu = HalCpuId();
    VM_ASSERT(cpu < OS_VM_CPUS_MAX, "core %u beyond the %u the firmware supports", cpu,
              OS_VM_CPUS_MAX);
    return &g_currSpace[cpu];
}

LosVmSpace *LOS_CurrSpaceGet(VOID)
{
    return *OsCurrSpaceSlot();
}

LosVmSpace *LOS_GetKVmSpace(VOID)
{
    return &g_kVmSpace;
}

LosVmSpace *LOS_GetVmallocSpace(VOID)
{
    return &g_vMallocSpace;
}

LOS_DL_LIST *LOS_GetVmSpaceList(VOID)
{
    return &g_vmSpaceList;
}

LosVmSpace *LOS_SpaceGet(VADDR_T vaddr)
{
    if (LOS_IsRangeInSpace(&g_kVmSpace, vaddr, 1U)) {
        return &g_kVmSpace;
    }
    if (LOS_IsVmallocAddress(vaddr)) {
        return &g_vMallocSpace;
    }
    LosVmSpace *curr = LOS_CurrSpaceGet();
    if (LOS_IsUserAddress(vaddr) && !curr->archMmu.isKernel) {
        return curr;
    }
    return NULL;
}

BOOL LOS_IsRangeInSpace(const LosVmSpace *space, VADDR_T vaddr, size_t size)
{
    return (space != NULL) &&
           OsVmRangeInside(vaddr, size, space->base, (UINT64)space->base + space->size);
}

PADDR_T LOS_PaddrQuery(VOID *vaddr)
{
    BOOL ok = FALSE;
    PADDR_T pa = HalHostToPhys(vaddr, &ok);
    if (ok) {
        return pa;
    }
    if ((UINTPTR)vaddr > 0xFFFFFFFFU) {
        return 0U;
    }
    VADDR_T va = (VADDR_T)(UINTPTR)vaddr;
    /* Every kernel-half address (direct map, alias, vmalloc, kmap) is in the kernel's tables. */
    LosVmSpace *space = LOS_IsKernelAddress(va) ? &g_kVmSpace : LOS_SpaceGet(va);
    if ((space == NULL) || (LOS_ArchMmuQuery(OsSpaceMmu(space), va, &pa, NULL) != LOS_OK)) {
        return 0U;
    }
    return pa;
}

LosVmSpace *OsCreateUserVmSpace(VOID)
{
    const LosVmLayout *layout = OsVmLayoutGet();
    LosVmSpace *space = OsVmMetaAlloc(sizeof(LosVmSpace));
    if (space == NULL) {
        return NULL;
    }
    if (OsArchMmuInit(&space->archMmu, FALSE) != LOS_OK) {
        OsVmMetaFree(space);
        return NULL;
    }
    OsVmSpaceInitCommon(space, layout->userBase, layout->userEnd - layout->userBase,
                        layout->userMapBase, layout->userStackBase - layout->userMapBase);
    return space;
}

VOID OsVmSpaceSwitch(LosVmSpace *space)
{
    LosVmSpace **slot = OsCurrSpaceSlot();
    if ((space == NULL) || space->archMmu.isKernel) {
        *slot = &g_kVmSpace;
        OsArchMmuContextSwitch(NULL);
    } else {
        *slot = space;
        OsArchMmuContextSwitch(&space->archMmu);
    }
}

STATUS_T LOS_VmSpaceFree(LosVmSpace *space)
{
    OsVmPageVec pages = { NULL, 0U, 0U };
    LosVmMapRegion *r;
    if (space == NULL) {
        return LOS_ERRNO_VM_INVALID_ARGS;
    }
    if (space->archMmu.isKernel) {
        return LOS_OK;              /* the kernel and vmalloc spaces are never freed (LiteOS-A: LOS_OK) */
    }
    for (UINT32 c = 0U; c < HalCpuCount(); c++) {
        if ((c != HalCpuId()) && (g_currSpace[c] == space)) {
            return LOS_ERRNO_VM_BUSY;     /* live on another core: that core must switch away */
        }
    }
    if (LOS_CurrSpaceGet() == space) {
        OsVmSpaceSwitch(NULL);
    }
    /* Collect every mapped page first; the ASID-wide invalidation in OsArchMmuDestroy then
     * replaces per-page maintenance, and the pages are released only after it. */
    BOOL collected = TRUE;
    for (r = OsRegionTreeFirst(&space->regionTree); r != NULL;
         r = OsRegionTreeNext(&space->regionTree, r)) {
        collected = collected && OsVmPageVecCollect(&pages, &space->archMmu, r);
    }
    if (!collected) {
        /* Out of host memory for the list: fall back to freeing region by region. */
        OsVmPageVecFree(&pages);
        while ((r = OsRegionTreeFirst(&space->regionTree)) != NULL) {
            (VOID)LOS_RegionFree(space, r);
        }
    }
    OsArchMmuDestroy(&space->archMmu);
    OsVmPageVecRelease(&pages);
    OsVmPageVecFree(&pages);
    while ((r = OsRegionTreeFirst(&space->regionTree)) != NULL) {
        OsRegionTreeRemove(&space->regionTree, r);
        OsVmRegionDestroy(r);
    }
    LOS_ListDelete(&space->node);
    OsVmMetaFree(space);
    return LOS_OK;
}
