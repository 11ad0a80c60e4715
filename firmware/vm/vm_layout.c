/*
 * The two layout profiles (los_vm_zone.h) turned into numbers for the configured RAM, and the
 * address predicates that read them.
 */
#include "los_vm_layout.h"
#include "los_vm_common.h"
#include "vm_private.h"

#define MIB 0x00100000U

static LosVmLayout g_vmLayout;

const LosVmLayout *OsVmLayoutGet(VOID)
{
    return &g_vmLayout;
}

VOID OsVmLayoutSet(const LosVmLayout *layout)
{
    g_vmLayout = *layout;
}

static UINT32 OsLayoutLiteos(const LosVmConfig *cfg, LosVmLayout *l)
{
    UINT32 limit = (cfg->lowmemLimit != 0U) ? cfg->lowmemLimit : KERNEL_VMM_SIZE;
    if (limit > KERNEL_VMM_SIZE) {
        return LOS_NOK;
    }
    l->ttbcrN = 2U;
    l->userL1Entries = 1024U;
    l->userBase = USER_ASPACE_BASE;
    l->userEnd = USER_ASPACE_TOP_MAX;
    l->userMapBase = USER_MAP_BASE;
    l->userStackBase = USER_STACK_BASE;
    l->kernelBase = KERNEL_ASPACE_BASE;
    l->directBase = KERNEL_VMM_BASE;
    l->directSize = MIN(l->ramSize, limit);
    l->uncachedBase = UNCACHED_VMM_BASE;
    l->vmallocBase = VMALLOC_START;
    l->vmallocEnd = VMALLOC_START + VMALLOC_SIZE;
    l->kmapBase = KMAP_BASE;
    l->kmapPages = KMAP_PAGES;
    return LOS_OK;
}

static UINT32 OsLayoutLinux(const LosVmConfig *cfg, LosVmLayout *l)
{
    UINT32 limit = (cfg->lowmemLimit != 0U) ? cfg->lowmemLimit : LINUX_LOWMEM_DEFAULT;
    if (limit > LINUX_LOWMEM_MAX) {
        return LOS_NOK;
    }
    l->ttbcrN = 0U;
    l->userL1Entries = 4096U;
    l->userBase = LINUX_USER_BASE;
    l->userEnd = LINUX_TASK_SIZE;
    l->userMapBase = LINUX_MMAP_BASE;
    l->userStackBase = LINUX_TASK_SIZE - LINUX_STACK_SIZE;
    l->kernelBase = LINUX_PAGE_OFFSET;
    l->directBase = LINUX_PAGE_OFFSET;
    l->directSize = MIN(l->ramSize, limit);
    l->uncachedBase = 0U;
    /* high_memory rounded up to 8 MiB, then the 8 MiB VMALLOC_OFFSET hole. */
    l->vmallocBase = ROUNDUP(LINUX_PAGE_OFFSET + l->directSize, LINUX_VMALLOC_OFFSET) +
                     LINUX_VMALLOC_OFFSET;
    l->vmallocEnd = LINUX_VMALLOC_END;
    l->kmapBase = LINUX_PKMAP_BASE;
    l->kmapPages = LINUX_PKMAP_PAGES;
    l->fixmapBase = LINUX_FIXADDR_START;
    l->fixmapPages = LINUX_KM_TYPE_NR * LINUX_NR_CPUS;
    return LOS_OK;
}

UINT32 OsVmLayoutCompute(const LosVmConfig *cfg, PADDR_T ramBase, UINT32 ramSize,
                         LosVmLayout *out)
{
    LosVmConfig def = { VM_LAYOUT_LITEOS, 0U, FALSE };
    if (cfg == NULL) {
        cfg = &def;
    }
    if ((cfg->lowmemLimit % MIB) != 0U || !IS_PAGE_ALIGNED(ramBase) || !IS_PAGE_ALIGNED(ramSize)) {
        return LOS_NOK;
    }
    *out = (LosVmLayout){ 0 };
    out->profile = cfg->profile;
    out->ramBase = ramBase;
    out->ramSize = ramSize;
    out->largePages = cfg->largePages;
    if (cfg->profile == VM_LAYOUT_LITEOS) {
        return OsLayoutLiteos(cfg, out);
    }
    if (cfg->profile == VM_LAYOUT_LINUX) {
        return OsLayoutLinux(cfg, out);
    }
    return LOS_NOK;
}

BOOL LOS_IsUserAddress(VADDR_T vaddr)
{
    return (vaddr >= g_vmLayout.userBase) && (vaddr < g_vmLayout.userEnd);
}

BOOL LOS_IsUserAddressRange(VADDR_T vaddr, size_t len)
{
    return OsVmRangeInside(vaddr, len, g_vmLayout.userBase, g_vmLayout.userEnd);
}

BOOL LOS_IsKernelAddress(VADDR_T vaddr)
{
    return vaddr >= g_vmLayout.kernelBase;
}

BOOL LOS_IsKernelAddressRange(VADDR_T vaddr, size_t len)
{
    return OsVmRangeInside(vaddr, len, g_vmLayout.kernelBase, VM_ADDR_SPACE_END);
}

BOOL LOS_IsVmallocAddress(VADDR_T vaddr)
{
    return (vaddr >= g_vmLayout.vmallocBase) && (vaddr < g_vmLayout.vmallocEnd);
}

PADDR_T LOS_VmDirectPa(VADDR_T kva)
{
    if ((kva < g_vmLayout.directBase) || (kva - g_vmLayout.directBase >= g_vmLayout.directSize)) {
        return 0U;
    }
    return g_vmLayout.ramBase + (kva - g_vmLayout.directBase);
}

VADDR_T LOS_VmDirectVa(PADDR_T pa)
{
    if ((pa < g_vmLayout.ramBase) || (pa - g_vmLayout.ramBase >= g_vmLayout.directSize)) {
        return 0U;
    }
    return g_vmLayout.directBase + (pa - g_vmLayout.ramBase);
}

VADDR_T LOS_VmUncachedVa(PADDR_T pa)
{
    if ((g_vmLayout.uncachedBase == 0U) || (LOS_VmDirectVa(pa) == 0U)) {
        return 0U;
    }
    return g_vmLayout.uncachedBase + (pa - g_vmLayout.ramBase);
}

BOOL LOS_IsHighMem(PADDR_T pa)
{
    return (pa >= g_vmLayout.ramBase) && (pa - g_vmLayout.ramBase < g_vmLayout.ramSize) &&
           (pa - g_vmLayout.ramBase >= g_vmLayout.directSize);
}
