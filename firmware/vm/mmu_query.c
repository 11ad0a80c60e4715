/*
 * Reading the tables back: LOS_ArchMmuQuery (one address), OsArchMmuWalk (every mapped page
 * of a range, skipping empty MiBs with one level-1 read), and LOS_ArchMmuMove built on them.
 */
#include "mmu_private.h"

/* The one decoder of a mapping: the PA and flags of va under its level-1 entry l1 (reading the
 * level-2 entry when l1 points to a table). FALSE when va is not mapped. */
static BOOL OsArchMmuDecode(PTE_T l1, VADDR_T va, PADDR_T *pa, UINT32 *flags)
{
    if (OsL1IsSection(l1)) {
        if ((l1 & VMSA_SECT_SUPER) != 0U) {
            *pa = (l1 & VMSA_SUPERSECT_BASE_MASK) | (va & (VMSA_SUPERSECTION_SIZE - 1U));
        } else {
            *pa = (l1 & VMSA_SECT_BASE_MASK) | (va & (VMSA_SECTION_SIZE - 1U));
        }
        *flags = OsArchMmuSectionFlags(l1);
        return TRUE;
    }
    if (!OsL1IsPageTable(l1)) {
        return FALSE;
    }
    PTE_T l2 = HalPhysRead32(OsL2EntryAddr(l1, va));
    if (!OsL2IsValid(l2)) {
        return FALSE;
    }
    if (OsL2IsLarge(l2)) {
        *pa = (l2 & VMSA_LARGE_BASE_MASK) | (va & (VMSA_LARGE_PAGE_SIZE - 1U));
    } else {
        *pa = (l2 & VMSA_SMALL_BASE_MASK) | (va & (VMSA_SMALL_PAGE_SIZE - 1U));
    }
    *flags = OsArchMmuL2Flags(l2);
    return TRUE;
}

STATUS_T LOS_ArchMmuQuery(const LosArchMmu *archMmu, VADDR_T vaddr, PADDR_T *paddr,
                          UINT32 *flags)
{
    if ((archMmu == NULL) || (archMmu->physTtb == 0U) ||
        (OsL1Index(vaddr) >= archMmu->l1Entries)) {
        return LOS_ERRNO_VM_INVALID_ARGS;
    }
    HalCostPart prev = HalCostPartSet(HAL_PART_PGTABLE);
    PTE_T l1 = HalPhysRead32(OsL1EntryAddr(archMmu, vaddr));
    PADDR_T pa = 0U;
    UINT32 f = 0U;
    BOOL mapped = OsArchMmuDecode(l1, vaddr, &pa, &f);
    (VOID)HalCostPartSet(prev);
    if (!mapped) {
        return LOS_ERRNO_VM_NOT_FOUND;
    }
    if (paddr != NULL) {
        *paddr = pa;
    }
    if (flags != NULL) {
        *flags = f;
    }
    return LOS_OK;
}

VOID OsArchMmuWalk(const LosArchMmu *archMmu, VADDR_T vaddr, size_t count, OsArchMmuWalkFn fn,
                   VOID *ctx)
{
    size_t i = 0U;
    HalCostPart prev = HalCostPartSet(HAL_PART_PGTABLE);
    while (i < count) {
        VADDR_T va = vaddr + (VADDR_T)(i << PAGE_SHIFT);
        size_t n = MIN(count - i, (size_t)(VMSA_L2_ENTRIES -
                                      ((va & VMSA_VA_L2_INDEX_MASK) >> VMSA_VA_L2_INDEX_SHIFT)));
        if (OsL1Index(va) >= archMmu->l1Entries) {
            break;
        }
        PTE_T l1 = HalPhysRead32(OsL1EntryAddr(archMmu, va));
        for (size_t k = 0U; (k < n) && ((OsL1IsSection(l1)) || OsL1IsPageTable(l1)); k++) {
            VADDR_T v = va + (VADDR_T)(k << PAGE_SHIFT);
            PADDR_T pa;
            UINT32 flags;
            if (!OsArchMmuDecode(l1, v, &pa, &flags)) {
                continue;
            }
            if (!fn(ctx, v, pa, flags)) {
                (VOID)HalCostPartSet(prev);
                return;
            }
        }
        i += n;
    }
    (VOID)HalCostPartSet(prev);
}

/* The next run of pages of [oldVaddr, + count pages) from page *i on that are mapped to
 * contiguous PAs: its length (0: none left), with *i moved to its first page and *pa its PA. */
static size_t OsMoveNextRun(const LosArchMmu *archMmu, VADDR_T oldVaddr, size_t count, size_t *i,
                            PADDR_T *pa)
{
    while ((*i < count) &&
           (LOS_ArchMmuQuery(archMmu, oldVaddr + (VADDR_T)(*i << PAGE_SHIFT), pa, NULL) != LOS_OK)) {
        (*i)++;
    }
    size_t n = 0U;
    PADDR_T next;
    while ((*i + n < count) &&
           (LOS_ArchMmuQuery(archMmu, oldVaddr + (VADDR_T)((*i + n) << PAGE_SHIFT), &next, NULL) == LOS_OK) &&
           (next == *pa + (PADDR_T)(n << PAGE_SHIFT))) {
        n++;
    }
    return n;
}

/* If va is mapped by a section that [lo, hi) covers only in part, splits it into pages (with
 * its own flags): the one step of unmapping a range that takes memory. */
static STATUS_T OsMoveSplitEdge(LosArchMmu *archMmu, VADDR_T va, UINT64 lo, UINT64 hi)
{
    if (LOS_ArchMmuQuery(archMmu, va, NULL, NULL) != LOS_OK) {
        return LOS_OK;
    }
    HalCostPart prev = HalCostPartSet(HAL_PART_PGTABLE);
    PTE_T l1 = HalPhysRead32(OsL1EntryAddr(archMmu, va));
    (VOID)HalCostPartSet(prev);
    UINT64 base = va & VMSA_SECT_BASE_MASK;
    if (!OsL1IsSection(l1) || ((base >= lo) && (base + VMSA_SECTION_SIZE <= hi))) {
        return LOS_OK;
    }
    return OsArchMmuSplitSection(archMmu, va);
}

/* All or nothing: the new range is mapped run by run (a run of contiguous PAs moves as one,
 * so that Map can use sections and large pages again), and only then is the old range
 * unmapped. If a map fails (no memory for a level-2 table, or the new range was not free), the
 * runs mapped so far are unmapped again, which takes no memory, and the old range stays as it
 * was; the only other step that takes memory, splitting a section at an end of the old range,
 * comes first. */
STATUS_T LOS_ArchMmuMove(LosArchMmu *archMmu, VADDR_T oldVaddr, VADDR_T newVaddr, size_t count,
                         UINT32 flags)
{
    UINT64 bytes = 0U;
    /* Both ranges inside the table's half: a process table's kernel quarter (Linux profile)
     * holds copies of the kernel's entries, which a move must never split or carry off. */
    if (!OsArchMmuRangeValid(archMmu, oldVaddr, count) || !OsArchMmuRangeValid(archMmu, newVaddr, count) ||
        !OsVmPagesToBytes(count, &bytes) ||
        (((UINT64)oldVaddr < (UINT64)newVaddr + bytes) && ((UINT64)newVaddr < (UINT64)oldVaddr + bytes))) {
        return LOS_ERRNO_VM_INVALID_ARGS;   /* the two ranges must not overlap */
    }
    UINT64 oldEnd = (UINT64)oldVaddr + bytes;
    STATUS_T ret = OsMoveSplitEdge(archMmu, oldVaddr, oldVaddr, oldEnd);
    if (ret == LOS_OK) {
        ret = OsMoveSplitEdge(archMmu, (VADDR_T)(oldEnd - PAGE_SIZE), oldVaddr, oldEnd);
    }
    if (ret != LOS_OK) {
        return ret;
    }
    size_t i = 0U;
    size_t n;
    PADDR_T pa;
    while ((n = OsMoveNextRun(archMmu, oldVaddr, count, &i, &pa)) != 0U) {
        ret = LOS_ArchMmuMap(archMmu, newVaddr + (VADDR_T)(i << PAGE_SHIFT), pa, n, flags);
        if (ret < 0) {
            size_t done = i;
            for (i = 0U; (i < done) && ((n = OsMoveNextRun(archMmu, oldVaddr, done, &i, &pa)) != 0U); i += n) {
                (VOID)LOS_ArchMmuUnmap(archMmu, newVaddr + (VADDR_T)(i << PAGE_SHIFT), n);
            }
            return ret;
        }
        i += n;
    }
    ret = LOS_ArchMmuUnmap(archMmu, oldVaddr, count);
    if (ret < 0) {
        return ret;
    }
    return LOS_OK;
}
