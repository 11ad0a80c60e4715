/*
 * LOS_ArchMmuMap / Unmap / ChangeProt: writing short descriptors (DDI 0406C B3.5.1) into the
 * tables of one address space, choosing the largest page size that fits, and issuing the TLB
 * maintenance of B3.10.1 through the batch in mmu_tlb.c.
 *
 * Bookkeeping: archMmu->l2Count[i] counts the valid level-2 descriptors under level-1 entry i
 * (a large page counts 16, as it occupies 16 entries). A table whose count drops to 0 is
 * unhooked from level 1 and freed after the TLB invalidation.
 *
 * Splitting: changing or unmapping part of a section or large page first rewrites it as
 * small pages with the same attributes, break-before-make (old entry cleared, invalidated,
 * then the replacement written), so a TLB never holds two sizes for one address.
 *
 * Protection changes touch only descriptors whose value changes: one that already has the new
 * permissions is not rewritten, split or invalidated (B3.10.1 asks for maintenance after a
 * descriptor changes, not otherwise), so TLB entries of unchanged pages stay.
 */
#include "mmu_private.h"
#include "los_vm_layout.h"


BOOL OsArchMmuRangeValid(const LosArchMmu *m, VADDR_T vaddr, size_t count)
{
    const LosVmLayout *layout = OsVmLayoutGet();
    UINT64 bytes = 0U;
    if ((m == NULL) || (m->physTtb == 0U) || !OsVmPagesToBytes(count, &bytes) ||
        !IS_PAGE_ALIGNED(vaddr)) {
        return FALSE;
    }
    if (m->isKernel) {
        return OsVmRangeInside(vaddr, bytes, layout->kernelBase, VM_ADDR_SPACE_END);
    }
    return OsVmRangeInside(vaddr, bytes, 0U,
                           MIN((UINT64)layout->kernelBase, (UINT64)m->l1Entries << 20));
}

/* Descriptors for m's table. B3.9.1: every translation of a process table is non-global,
 * privileged-only ones included. TTBR0 changes at a context switch without a TLB flush, and a
 * freed ASID is flushed with TLBIASID, which leaves global entries alone: a global entry made
 * from one process's table would go on translating that VA in every other process. Kernel
 * tables follow the flags (los_arch_mmu.h: nG only with PERM_USER). */
static PTE_T OsSectionDescFor(const LosArchMmu *m, PADDR_T pa, UINT32 flags)
{
    return OsArchMmuSectionDesc(pa, flags) | (m->isKernel ? 0U : VMSA_SECT_NG);
}

static PTE_T OsSmallDescFor(const LosArchMmu *m, PADDR_T pa, UINT32 flags)
{
    return OsArchMmuSmallDesc(pa, flags) | (m->isKernel ? 0U : VMSA_L2_NG);
}

static PTE_T OsLargeDescFor(const LosArchMmu *m, PADDR_T pa, UINT32 flags)
{
    return OsArchMmuLargeDesc(pa, flags) | (m->isKernel ? 0U : VMSA_L2_NG);
}

static OsArchMmuKernelL1Hook g_kernelL1Hook = NULL;

VOID OsArchMmuKernelL1HookSet(OsArchMmuKernelL1Hook hook)
{
    g_kernelL1Hook = hook;
}

VOID OsL1Write(const LosArchMmu *m, VADDR_T va, PTE_T desc)
{
    HalPhysWrite32(OsL1EntryAddr(m, va), desc);
    if (m->isKernel && (g_kernelL1Hook != NULL)) {
        g_kernelL1Hook(OsL1Index(va), desc);
    }
}

static BOOL OsL2RangeEmpty(PADDR_T entry, UINT32 n)
{
    for (UINT32 i = 0U; i < n; i++) {
        if (OsL2IsValid(HalPhysRead32(entry + (i << 2)))) {
            return FALSE;
        }
    }
    return TRUE;
}

/* Replaces the section at va's MiB by a level-2 table of 256 small pages (same PA, flags). */
static STATUS_T OsSplitSectionUnsafe(LosArchMmu *m, VADDR_T va, PTE_T sect, OsTlbBatch *b)
{
    VADDR_T base = va & VMSA_SECT_BASE_MASK;
    PADDR_T pa = sect & VMSA_SECT_BASE_MASK;
    UINT32 flags = OsArchMmuSectionFlags(sect);
    PADDR_T table = OsL2TableAlloc();
    if (table == 0U) {
        return LOS_ERRNO_VM_NO_MEMORY;
    }
    for (UINT32 i = 0U; i < VMSA_L2_ENTRIES; i++) {
        HalPhysWrite32(table + (i << 2), OsSmallDescFor(m, pa + (i << PAGE_SHIFT), flags));
    }
    OsL1Write(m, base, 0U);                       /* break */
    OsTlbBatchAddVa(b, base);
    OsTlbBatchFlush(b);
    OsL1Write(m, base, OsArchMmuPageTableDesc(table));   /* make */
    m->l2Count[OsL1Index(base)] = VMSA_L2_ENTRIES;
    m->l2Tables++;
    return LOS_OK;
}

/* Replaces the large page containing va by 16 small pages (same PA, flags). */
static VOID OsSplitLargeUnsafe(const LosArchMmu *m, PTE_T l1, VADDR_T va, OsTlbBatch *b)
{
    VADDR_T base = va & VMSA_LARGE_BASE_MASK;
    PADDR_T first = OsL2EntryAddr(l1, base);
    PTE_T d = HalPhysRead32(first);
    PADDR_T pa = d & VMSA_LARGE_BASE_MASK;
    UINT32 flags = OsArchMmuL2Flags(d);
    for (UINT32 i = 0U; i < MMU_LARGE_PAGES; i++) {
        HalPhysWrite32(first + (i << 2), 0U);      /* break */
    }
    OsTlbBatchAddVa(b, base);
    OsTlbBatchFlush(b);
    for (UINT32 i = 0U; i < MMU_LARGE_PAGES; i++) {   /* make */
        HalPhysWrite32(first + (i << 2), OsSmallDescFor(m, pa + (i << PAGE_SHIFT), flags));
    }
}

/* Unhooks and frees an empty level-2 table under va's MiB (left over by a failed map). */
static VOID OsReleaseEmptyTableUnsafe(LosArchMmu *m, VADDR_T va)
{
    PTE_T l1 = HalPhysRead32(OsL1EntryAddr(m, va));
    if (!OsL1IsPageTable(l1) || (m->l2Count[OsL1Index(va)] != 0U)) {
        return;
    }
    OsTlbBatch b;
    OsTlbBatchInit(&b, m);
    OsL1Write(m, va, 0U);
    OsTlbBatchAddVa(&b, va);          /* the walk cache may hold the level-1 descriptor */
    OsTlbBatchAddL2Free(&b, l1 & VMSA_L1_PT_BASE_MASK);
    m->l2Tables--;
    OsTlbBatchFlush(&b);
}

/* Maps up to the end of va's MiB under the table l1; returns pages mapped, *err on a clash. */
static size_t OsMapInTableUnsafe(LosArchMmu *m, PTE_T l1, VADDR_T va, PADDR_T pa, size_t n,
                                 UINT32 flags, STATUS_T *err)
{
    UINT32 idx = OsL1Index(va);
    BOOL large = OsArchMmuLargePagesGet();
    size_t k = 0U;
    while (k < n) {
        VADDR_T v = va + (VADDR_T)(k << PAGE_SHIFT);
        PADDR_T p = pa + (PADDR_T)(k << PAGE_SHIFT);
        PADDR_T e = OsL2EntryAddr(l1, v);
        if (large && IS_ALIGNED(v, VMSA_LARGE_PAGE_SIZE) && IS_ALIGNED(p, VMSA_LARGE_PAGE_SIZE) &&
            (n - k >= MMU_LARGE_PAGES) && OsL2RangeEmpty(e, MMU_LARGE_PAGES)) {
            /* B3.5.1: a large page descriptor is repeated in 16 consecutive entries. */
            PTE_T d = OsLargeDescFor(m, p, flags);
            for (UINT32 j = 0U; j < MMU_LARGE_PAGES; j++) {
                HalPhysWrite32(e + (j << 2), d);
            }
            m->l2Count[idx] += MMU_LARGE_PAGES;
            k += MMU_LARGE_PAGES;
            continue;
        }
        if (OsL2IsValid(HalPhysRead32(e))) {
            *err = LOS_ERRNO_VM_ALREADY_EXISTS;
            break;
        }
        HalPhysWrite32(e, OsSmallDescFor(m, p, flags));
        m->l2Count[idx]++;
        k++;
    }
    return k;
}

STATUS_T LOS_ArchMmuMap(LosArchMmu *archMmu, VADDR_T vaddr, PADDR_T paddr, size_t count,
                        UINT32 flags)
{
    if (!OsArchMmuRangeValid(archMmu, vaddr, count) || !IS_PAGE_ALIGNED(paddr) ||
        !OsVmRangeInside(paddr, (UINT64)count << PAGE_SHIFT, 0U, VM_ADDR_SPACE_END)) {
        return LOS_ERRNO_VM_INVALID_ARGS;
    }
    HalCostPart prev = HalCostPartSet(HAL_PART_PGTABLE);
    STATUS_T err = LOS_OK;
    size_t done = 0U;
    BOOL tableMade = FALSE;
    while ((done < count) && (err == LOS_OK)) {
        VADDR_T va = vaddr + (VADDR_T)(done << PAGE_SHIFT);
        PADDR_T pa = paddr + (PADDR_T)(done << PAGE_SHIFT);
        size_t left = count - done;
        PTE_T l1 = HalPhysRead32(OsL1EntryAddr(archMmu, va));
        if ((l1 & VMSA_L1_TYPE_MASK) == VMSA_L1_TYPE_FAULT) {
            if (IS_ALIGNED(va, VMSA_SECTION_SIZE) && IS_ALIGNED(pa, VMSA_SECTION_SIZE) &&
                (left >= MMU_SECTION_PAGES)) {
                OsL1Write(archMmu, va, OsSectionDescFor(archMmu, pa, flags));
                archMmu->mappedPages += MMU_SECTION_PAGES;
                done += MMU_SECTION_PAGES;
                continue;
            }
            PADDR_T table = OsL2TableAlloc();
            if (table == 0U) {
                err = LOS_ERRNO_VM_NO_MEMORY;
                break;
            }
            l1 = OsArchMmuPageTableDesc(table);
            OsL1Write(archMmu, va, l1);
            tableMade = TRUE;
            archMmu->l2Count[OsL1Index(va)] = 0U;
            archMmu->l2Tables++;
        } else if (!OsL1IsPageTable(l1)) {
            err = LOS_ERRNO_VM_ALREADY_EXISTS;
            break;
        }
        size_t inMiB = MIN(left, (size_t)(VMSA_L2_ENTRIES - ((va >> PAGE_SHIFT) & 0xFFU)));
        size_t k = OsMapInTableUnsafe(archMmu, l1, va, pa, inMiB, flags, &err);
        archMmu->mappedPages += (UINT32)k;
        done += k;
    }
    /* B3.10.1: the new descriptors are visible to walks after DSB, to execution after ISB.
     * A call refused at its first page (a clash) wrote nothing and needs no barrier. */
    if ((done > 0U) || tableMade) {
        HalDsb();
        HalIsb();
    }
    (VOID)HalCostPartSet(prev);
    if (err != LOS_OK) {
        if (done > 0U) {
            (VOID)LOS_ArchMmuUnmap(archMmu, vaddr, done);
        }
        prev = HalCostPartSet(HAL_PART_PGTABLE);
        OsReleaseEmptyTableUnsafe(archMmu, vaddr + (VADDR_T)(done << PAGE_SHIFT));
        (VOID)HalCostPartSet(prev);
        return err;
    }
    return (STATUS_T)count;
}

/* Unmaps (newFlags == NULL) or re-protects the pages under one table in [va, va + n). */
static size_t OsTableRangeUnsafe(LosArchMmu *m, PTE_T l1, VADDR_T va, size_t n,
                                 const UINT32 *newFlags, OsTlbBatch *b)
{
    UINT32 idx = OsL1Index(va);
    size_t changed = 0U;
    size_t k = 0U;
    while (k < n) {
        VADDR_T v = va + (VADDR_T)(k << PAGE_SHIFT);
        PADDR_T e = OsL2EntryAddr(l1, v);
        PTE_T d = HalPhysRead32(e);
        if (!OsL2IsValid(d)) {
            k++;
            continue;
        }
        if (OsL2IsLarge(d)) {
            PTE_T nd = (newFlags == NULL) ? 0U : OsLargeDescFor(m, d & VMSA_LARGE_BASE_MASK, *newFlags);
            if (nd == d) {   /* unchanged: no write, no split, no invalidation */
                k += MIN(n - k, (size_t)(MMU_LARGE_PAGES - ((v >> PAGE_SHIFT) & (MMU_LARGE_PAGES - 1U))));
                continue;
            }
            if (IS_ALIGNED(v, VMSA_LARGE_PAGE_SIZE) && (n - k >= MMU_LARGE_PAGES)) {
                for (UINT32 j = 0U; j < MMU_LARGE_PAGES; j++) {
                    HalPhysWrite32(e + (j << 2), nd);
                }
                if (newFlags == NULL) {
                    m->l2Count[idx] -= MMU_LARGE_PAGES;
                }
                OsTlbBatchAddVa(b, v);
                changed += MMU_LARGE_PAGES;
                k += MMU_LARGE_PAGES;
                continue;
            }
            OsSplitLargeUnsafe(m, l1, v, b);
            d = HalPhysRead32(e);
        }
        PTE_T nd = (newFlags == NULL) ? 0U : OsSmallDescFor(m, d & VMSA_SMALL_BASE_MASK, *newFlags);
        if (nd == d) {   /* unchanged: no write, no invalidation */
            k++;
            continue;
        }
        HalPhysWrite32(e, nd);
        if (newFlags == NULL) {
            m->l2Count[idx]--;
        }
        OsTlbBatchAddVa(b, v);
        changed++;
        k++;
    }
    return changed;
}

/* The common loop of unmap and change-protection over [vaddr, vaddr + count pages). */
static STATUS_T OsRangeUpdate(LosArchMmu *m, VADDR_T vaddr, size_t count, const UINT32 *newFlags,
                              size_t *changedOut)
{
    OsTlbBatch b;
    STATUS_T err = LOS_OK;
    size_t changed = 0U;
    size_t i = 0U;
    OsTlbBatchInit(&b, m);
    HalCostPart prev = HalCostPartSet(HAL_PART_PGTABLE);
    while (i < count) {
        VADDR_T va = vaddr + (VADDR_T)(i << PAGE_SHIFT);
        size_t left = count - i;
        size_t n = MIN(left, (size_t)(VMSA_L2_ENTRIES - ((va >> PAGE_SHIFT) & 0xFFU)));
        PTE_T l1 = HalPhysRead32(OsL1EntryAddr(m, va));
        if (OsL1IsSection(l1)) {
            if ((l1 & VMSA_SECT_SUPER) != 0U) {
                err = LOS_ERRNO_VM_INVALID_ARGS;   /* never created by this code */
                break;
            }
            PTE_T nd = (newFlags == NULL) ? 0U : OsSectionDescFor(m, l1 & VMSA_SECT_BASE_MASK, *newFlags);
            if (nd == l1) {   /* unchanged: no write, no split, no invalidation */
                i += n;
                continue;
            }
            if (IS_ALIGNED(va, VMSA_SECTION_SIZE) && (left >= MMU_SECTION_PAGES)) {
                OsL1Write(m, va, nd);
                OsTlbBatchAddVa(&b, va);
                if (newFlags == NULL) {
                    m->mappedPages -= MMU_SECTION_PAGES;
                }
                changed += MMU_SECTION_PAGES;
                i += MMU_SECTION_PAGES;
                continue;
            }
            err = OsSplitSectionUnsafe(m, va, l1, &b);
            if (err != LOS_OK) {
                break;
            }
            l1 = HalPhysRead32(OsL1EntryAddr(m, va));
        }
        if (OsL1IsPageTable(l1)) {
            size_t c = OsTableRangeUnsafe(m, l1, va, n, newFlags, &b);
            changed += c;
            if (newFlags == NULL) {
                m->mappedPages -= (UINT32)c;
                if (m->l2Count[OsL1Index(va)] == 0U) {
                    OsL1Write(m, va, 0U);
                    OsTlbBatchAddL2Free(&b, l1 & VMSA_L1_PT_BASE_MASK);
                    m->l2Tables--;
                }
            }
        }
        i += n;
    }
    OsTlbBatchFlush(&b);
    (VOID)HalCostPartSet(prev);
    *changedOut = changed;
    return err;
}

STATUS_T LOS_ArchMmuUnmap(LosArchMmu *archMmu, VADDR_T vaddr, size_t count)
{
    size_t changed = 0U;
    if (!OsArchMmuRangeValid(archMmu, vaddr, count)) {
        return LOS_ERRNO_VM_INVALID_ARGS;
    }
    STATUS_T err = OsRangeUpdate(archMmu, vaddr, count, NULL, &changed);
    return (err != LOS_OK) ? err : (STATUS_T)changed;
}

STATUS_T LOS_ArchMmuChangeProt(LosArchMmu *archMmu, VADDR_T vaddr, size_t count, UINT32 flags)
{
    size_t changed = 0U;
    if (!OsArchMmuRangeValid(archMmu, vaddr, count)) {
        return LOS_ERRNO_VM_INVALID_ARGS;
    }
    return OsRangeUpdate(archMmu, vaddr, count, &flags, &changed);
}

STATUS_T OsArchMmuSplitSection(LosArchMmu *archMmu, VADDR_T va)
{
    OsTlbBatch b;
    STATUS_T err = LOS_OK;
    OsTlbBatchInit(&b, archMmu);
    HalCostPart prev = HalCostPartSet(HAL_PART_PGTABLE);
    PTE_T l1 = HalPhysRead32(OsL1EntryAddr(archMmu, va));
    if (OsL1IsSection(l1) && ((l1 & VMSA_SECT_SUPER) == 0U)) {
        err = OsSplitSectionUnsafe(archMmu, va, l1, &b);
    }
    OsTlbBatchFlush(&b);
    (VOID)HalCostPartSet(prev);
    return err;
}

STATUS_T OsArchMmuReplacePage(LosArchMmu *archMmu, VADDR_T va, PADDR_T newPa, UINT32 flags)
{
    OsTlbBatch b;
    STATUS_T err = LOS_OK;
    va &= PAGE_MASK;
    if (!OsArchMmuRangeValid(archMmu, va, 1U) || !IS_PAGE_ALIGNED(newPa)) {
        return LOS_ERRNO_VM_INVALID_ARGS;
    }
    OsTlbBatchInit(&b, archMmu);
    HalCostPart prev = HalCostPartSet(HAL_PART_PGTABLE);
    PTE_T l1 = HalPhysRead32(OsL1EntryAddr(archMmu, va));
    if (OsL1IsSection(l1) && ((l1 & VMSA_SECT_SUPER) == 0U)) {
        err = OsSplitSectionUnsafe(archMmu, va, l1, &b);
        l1 = HalPhysRead32(OsL1EntryAddr(archMmu, va));
    }
    if ((err == LOS_OK) && !OsL1IsPageTable(l1)) {
        err = LOS_ERRNO_VM_NOT_FOUND;
    }
    if (err == LOS_OK) {
        PADDR_T e = OsL2EntryAddr(l1, va);
        PTE_T d = HalPhysRead32(e);
        if (!OsL2IsValid(d)) {
            err = LOS_ERRNO_VM_NOT_FOUND;
        } else {
            if (OsL2IsLarge(d)) {
                OsSplitLargeUnsafe(archMmu, l1, va, &b);
            }
            HalPhysWrite32(e, 0U);                 /* break */
            OsTlbBatchAddVa(&b, va);
            OsTlbBatchFlush(&b);
            HalPhysWrite32(e, OsSmallDescFor(archMmu, newPa, flags));   /* make */
            HalDsb();
            HalIsb();
        }
    }
    OsTlbBatchFlush(&b);
    (VOID)HalCostPartSet(prev);
    return err;
}
