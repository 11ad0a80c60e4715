/*
 * Level-1 table lifetime, MMU start-up and the context switch.
 *
 * Table sizes (B3.5.4): the kernel's table is always the full 16 KiB (4096 entries, 16 KiB
 * aligned) and sits in TTBR1 (LiteOS-A profile) or in TTBR0 when no process runs. A process
 * table covers VA[31-N:20] under TTBR0: with N = 2 (LiteOS-A) that is 1024 entries in one
 * 4 KiB page; with N = 0 (Linux) the full 16 KiB, whose kernel quarter is a copy of the
 * kernel's entries (kept in step by OsVmKernelL1Changed).
 */
#include "mmu_private.h"
#include "los_vm_layout.h"
#include "los_vm_phys.h"
#include <stdlib.h>

static PADDR_T g_kernelTtb;
static BOOL g_largePages;

PADDR_T OsArchMmuKernelTtb(VOID)
{
    return g_kernelTtb;
}

BOOL LOS_ArchMmuLargePagesSet(BOOL enable)
{
    BOOL old = g_largePages;
    g_largePages = enable;
    return old;
}

BOOL OsArchMmuLargePagesGet(VOID)
{
    return g_largePages;
}

STATUS_T OsArchMmuInit(LosArchMmu *archMmu, BOOL isKernel)
{
    const LosVmLayout *layout = OsVmLayoutGet();
    UINT32 entries = isKernel ? VMSA_L1_ENTRIES : layout->userL1Entries;
    UINT32 pages = (entries * sizeof(PTE_T)) >> PAGE_SHIFT;
    LosVmPage *page;

    *archMmu = (LosArchMmu){ 0 };
    HalCostPart prev = HalCostPartSet(HAL_PART_ALLOC);
    page = (pages == 1U) ? LOS_PhysPageAlloc() : OsVmPhysPagesGetAligned(pages, pages);
    (VOID)HalCostPartSet(prev);
    if (page == NULL) {
        return LOS_ERRNO_VM_NO_MEMORY;
    }
    archMmu->l2Count = calloc(entries, sizeof(UINT16));
    if (archMmu->l2Count == NULL) {
        OsVmPhysPagesFreeContiguous(page, pages);
        return LOS_ERRNO_VM_NO_MEMORY;
    }
    if (!isKernel) {
        archMmu->asid = OsAsidAlloc();
        if (archMmu->asid == 0U) {
            free(archMmu->l2Count);
            archMmu->l2Count = NULL;
            OsVmPhysPagesFreeContiguous(page, pages);
            return LOS_ERRNO_VM_NO_RESOURCES;
        }
    }
    archMmu->physTtb = page->physAddr;
    archMmu->l1Entries = entries;
    archMmu->isKernel = isKernel;

    prev = HalCostPartSet(HAL_PART_PGTABLE);
    HalPhysZero(archMmu->physTtb, entries * sizeof(PTE_T));
    if (isKernel) {
        g_kernelTtb = archMmu->physTtb;
    } else if (entries == VMSA_L1_ENTRIES) {
        /* Linux profile: the kernel quarter of every process table is the kernel's. */
        UINT32 k = OsL1Index(layout->kernelBase);
        HalPhysCopy(archMmu->physTtb + (k << 2), g_kernelTtb + (k << 2),
                    (VMSA_L1_ENTRIES - k) * sizeof(PTE_T));
    }
    HalDsb();
    (VOID)HalCostPartSet(prev);
    return LOS_OK;
}

VOID OsArchMmuDestroy(LosArchMmu *archMmu)
{
    if ((archMmu == NULL) || (archMmu->physTtb == 0U) || archMmu->isKernel) {
        return;
    }
    const LosVmLayout *layout = OsVmLayoutGet();
    UINT32 limit = MIN(archMmu->l1Entries, OsL1Index(layout->kernelBase));

    /* B3.10.1: invalidate the ASID's entries (and, per the contract, the walk cache) before
     * any of its tables can be reused. The caller has switched TTBR0 away from it. */
    HalCostPart prev = HalCostPartSet(HAL_PART_TLB);
    HalDsb();
    if (OsTlbNeedsBroadcast(archMmu)) {
        /* It ran on another core: its ASID may be cached there too, and the next space to get
         * this ASID may run anywhere. */
        HalRegWrite(MMU_REG_TLBIASIDIS, archMmu->asid & MMU_CONTEXTIDR_ASID_MASK);
        OsTlbBroadcastSync();
    } else {
        HalRegWrite(MMU_REG_TLBIASID, archMmu->asid & MMU_CONTEXTIDR_ASID_MASK);
    }
    HalDsb();
    HalIsb();
    (VOID)HalCostPartSet(HAL_PART_PGTABLE);
    for (UINT32 i = 0U; i < limit; i++) {
        if (archMmu->l2Count[i] == 0U) {
            continue;
        }
        /* Tables still holding entries (the caller did not unmap everything): zero them so
         * the pool's free slots stay all-fault. */
        PTE_T l1 = HalPhysRead32(archMmu->physTtb + (i << 2));
        PADDR_T table = l1 & VMSA_L1_PT_BASE_MASK;
        HalPhysZero(table, VMSA_L2_TABLE_BYTES);
        OsL2TableFree(table);
    }
    (VOID)HalCostPartSet(HAL_PART_ALLOC);
    UINT32 pages = (archMmu->l1Entries * sizeof(PTE_T)) >> PAGE_SHIFT;
    OsVmPhysPagesFreeContiguous(LOS_VmPageGet(archMmu->physTtb), pages);
    (VOID)HalCostPartSet(prev);
    OsAsidFree(archMmu->asid);
    free(archMmu->l2Count);
    *archMmu = (LosArchMmu){ 0 };
}

VOID OsArchMmuEnable(LosArchMmu *kernelMmu, UINT32 ttbcrN)
{
    kernelMmu->cpuMask |= 1U << HalCpuId();
    HalRegWrite(MMU_REG_TTBCR, ttbcrN & MMU_TTBCR_N_MASK);
    HalRegWrite(MMU_REG_DACR, VMSA_DACR_CLIENT);          /* domain 0: client, others none */
    HalRegWrite(MMU_REG_TTBR1, kernelMmu->physTtb);
    HalRegWrite(MMU_REG_TTBR0, kernelMmu->physTtb);
    HalRegWrite(MMU_REG_CONTEXTIDR, 0U);
    HalRegWrite(MMU_REG_TLBIALL, 0U);
    HalDsb();
    HalIsb();
    HalRegWrite(MMU_REG_SCTLR, HalRegRead(MMU_REG_SCTLR) | MMU_SCTLR_M);
    HalIsb();
}

VOID OsArchMmuContextSwitch(LosArchMmu *archMmu)
{
    PADDR_T ttb = (archMmu != NULL) ? archMmu->physTtb : g_kernelTtb;
    UINT32 asid = (archMmu != NULL) ? (archMmu->asid & MMU_CONTEXTIDR_ASID_MASK) : 0U;

    if (archMmu != NULL) {
        archMmu->cpuMask |= 1U << HalCpuId();   /* before any walk can fill this core's TLB */
    }
    /* B3.10.4: TTBR0 and the ASID change in two writes, and a walk between them must not
     * combine the old ASID with the new table or the other way round. Parking the ASID on the
     * reserved value 0 first means the only mismatch possible is "new table, ASID 0"; the code
     * between the writes touches only global kernel mappings, and ASID 0 is never a process's
     * ASID, so no process can hit a wrongly tagged entry. */
    HalRegWrite(MMU_REG_CONTEXTIDR, 0U);
    HalIsb();
    HalRegWrite(MMU_REG_TTBR0, ttb);
    HalIsb();
    HalRegWrite(MMU_REG_CONTEXTIDR, asid);
    HalIsb();
}
