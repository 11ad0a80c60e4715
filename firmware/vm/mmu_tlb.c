/*
 * TLB maintenance after page-table changes (DDI 0406C B3.10.1, B3.10.4, B4.2.2).
 *
 * The architecture lets a walk read a descriptor at any time and a TLB hold a translation until
 * it is invalidated, so after changing or clearing a valid descriptor the firmware must:
 *   1. DSB: the descriptor write is complete and visible to the walker;
 *   2. invalidate every TLB entry that may hold the old translation: TLBIMVA (MVA | ASID) for
 *      process (nG) mappings, TLBIMVAA for global kernel mappings; one command per page, large
 *      page or section, since an entry covers the whole page it was filled from;
 *   3. DSB: the invalidation is complete;
 *   4. ISB: later instructions see the new translation.
 * A level-2 table is freed only after step 3: until then a walk may still be reading it (and
 * the walk cache may still hold the level-1 descriptor that points at it; TLBIMVA/TLBIMVAA of
 * any address in that MiB also drop that walk-cache entry, docs/mmu-contract.md section 5).
 * New descriptors over fault entries need no invalidation: faulting translations are never
 * cached (B3.4.1), only DSB + ISB.
 *
 * Several cores (ARMv7 multiprocessing extensions, B4.2.2): each core has its own TLBs. When a
 * table's cpuMask says another core may hold its entries, step 2 uses the broadcast (inner
 * shareable) forms TLBIMVAIS / TLBIMVAAIS / TLBIASIDIS, and step 3's barrier also waits until
 * every core has done them: a write of BCAST_SYNC, then polling it until it reads 0, which is
 * what a DSB does on a multiprocessor. When only this core can hold them, the local forms and
 * the plain DSB, exactly as on one core (so one-core runs issue the same commands as before).
 */
#include "mmu_private.h"

VOID OsTlbBatchInit(OsTlbBatch *b, const LosArchMmu *mmu)
{
    b->mmu = mmu;
    b->nVa = 0U;
    b->nL2 = 0U;
}

BOOL OsTlbNeedsBroadcast(const LosArchMmu *mmu)
{
    return (BOOL)((mmu->cpuMask & ~(1U << HalCpuId())) != 0U);
}

VOID OsTlbBroadcastSync(VOID)
{
    HalRegWrite(MMU_REG_BCAST_SYNC, 0U);
    for (UINT32 polls = 1U; HalRegRead(MMU_REG_BCAST_SYNC) != 0U; polls++) {
        VM_ASSERT(polls < OS_TLB_SYNC_POLLS_MAX, "broadcast TLB maintenance not done after %u polls",
                  polls);
    }
}

VOID OsTlbInvalidateVaUnsafe(const LosArchMmu *mmu, VADDR_T va)
{
    BOOL bcast = OsTlbNeedsBroadcast(mmu);
    if (mmu->isKernel) {
        HalRegWrite(bcast ? MMU_REG_TLBIMVAAIS : MMU_REG_TLBIMVAA, va & PAGE_MASK);
    } else {
        HalRegWrite(bcast ? MMU_REG_TLBIMVAIS : MMU_REG_TLBIMVA,
                    (va & PAGE_MASK) | (mmu->asid & MMU_CONTEXTIDR_ASID_MASK));
    }
}

VOID OsTlbBatchFlush(OsTlbBatch *b)
{
    if ((b->nVa == 0U) && (b->nL2 == 0U)) {
        return;
    }
    HalCostPart prev = HalCostPartSet(HAL_PART_TLB);
    HalDsb();
    for (UINT32 i = 0U; i < b->nVa; i++) {
        OsTlbInvalidateVaUnsafe(b->mmu, b->va[i]);
    }
    if ((b->nVa != 0U) && OsTlbNeedsBroadcast(b->mmu)) {
        OsTlbBroadcastSync();
    }
    HalDsb();
    HalIsb();
    (VOID)HalCostPartSet(HAL_PART_PGTABLE);
    for (UINT32 i = 0U; i < b->nL2; i++) {
        OsL2TableFree(b->l2[i]);
    }
    (VOID)HalCostPartSet(prev);
    b->nVa = 0U;
    b->nL2 = 0U;
}

VOID OsTlbBatchAddVa(OsTlbBatch *b, VADDR_T va)
{
    if (b->nVa == OS_TLB_BATCH_VA) {
        OsTlbBatchFlush(b);
    }
    b->va[b->nVa++] = va;
}

VOID OsTlbBatchAddL2Free(OsTlbBatch *b, PADDR_T table)
{
    if (b->nL2 == OS_TLB_BATCH_L2) {
        OsTlbBatchFlush(b);
    }
    b->l2[b->nL2++] = table;
}
