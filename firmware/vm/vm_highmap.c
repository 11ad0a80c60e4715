/*
 * The rest of the high-memory map (seed 004): vmap (given pages, high or low, mapped
 * contiguously in the vmalloc area), ioremap (a device's physical range, uncached, in the
 * vmalloc area) and kmap_atomic (per-CPU fixmap slots from FIXADDR_START, nested like a stack,
 * no sleeping), beside LOS_Kmap's permanent window (vm_kmap.c).
 *
 * A vmap area is an anonymous region of the vmalloc space holding one reference on each of its
 * pages (so LOS_Vunmap, like LOS_VFree, drops exactly what the mapping took and the caller's
 * pages stay the caller's); an ioremap area is a device region, which holds none.
 */
#include "vm_private.h"
#include "los_vm_phys.h"

#define KMAP_ATOMIC_FLAGS (VM_MAP_REGION_FLAG_PERM_READ | VM_MAP_REGION_FLAG_PERM_WRITE | \
                           VM_MAP_REGION_FLAG_CACHED)
#define IOREMAP_FLAGS (VM_MAP_REGION_FLAG_PERM_READ | VM_MAP_REGION_FLAG_PERM_WRITE | \
                       VM_MAP_REGION_FLAG_UNCACHED_DEVICE)

/* ---- vmap / vunmap -------------------------------------------------------------------------- */
VOID *LOS_Vmap(struct VmPage **pages, UINT32 count, UINT32 flags)
{
    UINT64 len = 0U;
    if ((pages == NULL) || !OsVmPagesToBytes(count, &len) || (len > g_vMallocSpace.size) ||
        ((flags & ~(VM_MAP_REGION_FLAG_PROT_MASK | VM_MAP_REGION_FLAG_CACHE_MASK)) != 0U) ||
        ((flags & VM_MAP_REGION_FLAG_PERM_USER) != 0U)) {
        return NULL;
    }
    for (UINT32 i = 0U; i < count; i++) {
        if ((pages[i] == NULL) || (LOS_VmPageGet(pages[i]->physAddr) != pages[i]) ||
            (LOS_AtomicRead(&pages[i]->refCounts) <= 0)) {
            return NULL;                          /* not an allocated page of the page array */
        }
    }
    LosVmMapRegion *region = LOS_RegionAlloc(&g_vMallocSpace, 0U, (size_t)len, flags, 0U);
    if (region == NULL) {
        return NULL;
    }
    LOS_SetRegionTypeAnon(region);
    for (UINT32 i = 0U; i < count; i++) {
        VADDR_T va = region->range.base + (i << PAGE_SHIFT);
        if (LOS_ArchMmuMap(&g_kVmSpace.archMmu, va, pages[i]->physAddr, 1U, flags) < 0) {
            (VOID)LOS_RegionFree(&g_vMallocSpace, region);    /* drops the references taken */
            return NULL;
        }
        LOS_AtomicInc(&pages[i]->refCounts);
    }
    return (VOID *)(UINTPTR)region->range.base;
}

VOID LOS_Vunmap(const VOID *addr)
{
    LOS_VFree(addr);         /* the same: the region's mappings and the references they hold */
}

/* ---- ioremap / iounmap ---------------------------------------------------------------------- */
VOID *LOS_Ioremap(PADDR_T paddr, size_t size)
{
    UINT64 len = 0U;
    PADDR_T base = paddr & PAGE_MASK;
    UINT32 offset = paddr - base;
    if ((size == 0U) || !OsVmLenToPages((UINT64)offset + size, &len) || (len > g_vMallocSpace.size) ||
        !OsVmRangeInside(base, len, 0U, VM_ADDR_SPACE_END)) {
        return NULL;
    }
    for (UINT64 off = 0U; off < len; off += PAGE_SIZE) {
        if (LOS_VmPageGet(base + (PADDR_T)off) != NULL) {
            return NULL;                          /* RAM is not I/O memory */
        }
    }
    LosVmMapRegion *region = LOS_RegionAlloc(&g_vMallocSpace, 0U, (size_t)len, IOREMAP_FLAGS, 0U);
    if (region == NULL) {
        return NULL;
    }
    LOS_SetRegionTypeDev(region);
    region->unTypeData.rd.paddr = base;
    if (LOS_ArchMmuMap(&g_kVmSpace.archMmu, region->range.base, base, (size_t)(len >> PAGE_SHIFT),
                       IOREMAP_FLAGS) < 0) {
        (VOID)LOS_RegionFree(&g_vMallocSpace, region);
        return NULL;
    }
    return (VOID *)(UINTPTR)(region->range.base + offset);
}

VOID LOS_Iounmap(const VOID *addr)
{
    VADDR_T va = (VADDR_T)(UINTPTR)addr;
    LosVmMapRegion *region = LOS_RegionFind(&g_vMallocSpace, va);
    if ((region != NULL) && LOS_IsRegionTypeDev(region) && (region->range.base == (va & PAGE_MASK))) {
        (VOID)LOS_RegionFree(&g_vMallocSpace, region);
    }
}

/* ---- kmap_atomic / kunmap_atomic ------------------------------------------------------------ */
static UINT32 g_atomicDepth[KMAP_ATOMIC_CPUS];   /* nesting per CPU: slots 0..depth-1 in use */

VOID OsVmKmapAtomicReset(VOID)
{
    for (UINT32 c = 0U; c < KMAP_ATOMIC_CPUS; c++) {
        g_atomicDepth[c] = 0U;
    }
}

static VADDR_T OsAtomicSlotVa(UINT32 cpu, UINT32 idx)
{
    return OsVmLayoutGet()->fixmapBase + ((cpu * KMAP_ATOMIC_TYPES + idx) << PAGE_SHIFT);
}

VADDR_T LOS_KmapAtomic(struct VmPage *page, UINT32 cpu)
{
    if ((page == NULL) || (cpu >= KMAP_ATOMIC_CPUS) || (OsVmLayoutGet()->fixmapBase == 0U) ||
        (LOS_VmPageGet(page->physAddr) != page)) {
        return 0U;
    }
    if (!LOS_IsHighMem(page->physAddr)) {
        return LOS_VmDirectVa(page->physAddr);   /* low memory has a permanent address */
    }
    UINT32 idx = g_atomicDepth[cpu];
    if (idx >= KMAP_ATOMIC_TYPES) {
        return 0U;                                /* nested deeper than KM_TYPE_NR */
    }
    VADDR_T va = OsAtomicSlotVa(cpu, idx);
    if (LOS_ArchMmuMap(&g_kVmSpace.archMmu, va, page->physAddr, 1U, KMAP_ATOMIC_FLAGS) < 0) {
        return 0U;
    }
    g_atomicDepth[cpu] = idx + 1U;
    return va;
}

STATUS_T LOS_KunmapAtomic(VADDR_T va, UINT32 cpu)
{
    const LosVmLayout *l = OsVmLayoutGet();
    if ((cpu >= KMAP_ATOMIC_CPUS) || (l->fixmapBase == 0U)) {
        return LOS_ERRNO_VM_INVALID_ARGS;
    }
    if ((va >= l->directBase) && (va - l->directBase < l->directSize)) {
        return LOS_OK;                            /* a low-memory page: nothing was mapped */
    }
    UINT32 idx = g_atomicDepth[cpu];
    if ((idx == 0U) || ((va & PAGE_MASK) != OsAtomicSlotVa(cpu, idx - 1U))) {
        return LOS_ERRNO_VM_INVALID_ARGS;         /* not this CPU's innermost atomic mapping */
    }
    (VOID)LOS_ArchMmuUnmap(&g_kVmSpace.archMmu, va & PAGE_MASK, 1U);   /* TLBIMVAA */
    g_atomicDepth[cpu] = idx - 1U;
    return LOS_OK;
}

UINT32 LOS_KmapAtomicDepth(UINT32 cpu)
{
    return (cpu < KMAP_ATOMIC_CPUS) ? g_atomicDepth[cpu] : 0U;
}
