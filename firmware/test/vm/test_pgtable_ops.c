/*
 * Page-table operations beyond plain map/unmap, selected by argv[1]:
 *   large    64 KiB large pages (16 repeated entries), split by a partial unmap
 *   split    a section split into pages by a partial unmap, break-before-make
 *   protect  LOS_ArchMmuChangeProt: new descriptors, TLBIMVA per page
 *   move     LOS_ArchMmuMove: old range invalidated, new range mapped, sections kept
 *   move_oom LOS_ArchMmuMove out of memory (a destination table, a section split): nothing
 *            changes, nothing leaks
 *   l2share  four level-2 tables per 4 KiB pool page; pages freed when empty
 *   asid     255 process ASIDs, refusal at exhaustion, reuse after free with TLBIASID
 *   switch   OsArchMmuContextSwitch's register sequence (B3.10.4) and MMU enable
 *   errors   bad arguments, mapping over a mapping, out of memory with rollback
 */
#include "vm_test.h"
#include "vmcosim/mmu_regs.h"
#include "los_vm_phys.h"
#include <string.h>

#define SEQ_MASK (HAL_LOG_MASK(HAL_LOG_PHYS_WRITE32) | HAL_LOG_MASK(HAL_LOG_REG_WRITE) | \
                  HAL_LOG_MASK(HAL_LOG_DSB) | HAL_LOG_MASK(HAL_LOG_ISB))
#define KRW (VM_MAP_REGION_FLAG_PERM_READ | VM_MAP_REGION_FLAG_PERM_WRITE)
#define URW (KRW | VM_MAP_REGION_FLAG_PERM_USER)
#define URO (VM_MAP_REGION_FLAG_PERM_READ | VM_MAP_REGION_FLAG_PERM_USER)

static PTE_T Peek(PADDR_T pa)
{
    PTE_T v = 0;
    memcpy(&v, HalPhysToHost(pa), 4);
    return v;
}

static PADDR_T L2Of(const LosArchMmu *m, VADDR_T va)
{
    return Peek(m->physTtb + ((va >> 20) << 2)) & 0xFFFFFC00U;
}

static int TestLarge(VOID)
{
    VmTestBoot(VM_LAYOUT_LITEOS, 0, 0, 0, TRUE);
    LosVmSpace *sp = OsCreateUserVmSpace();
    REQUIRE(sp != NULL, "space");
    LosArchMmu *m = &sp->archMmu;
    PADDR_T pa = HalMemConfigGet()->ramBase + 0x00410000U;
    VADDR_T va = 0x01230000U;
    CHECK(LOS_ArchMmuMap(m, va, pa, 17U, URW) == 17, "map 17 pages");
    PADDR_T l2 = L2Of(m, va);
    PADDR_T e0 = l2 + (((va >> 12) & 0xFFU) << 2);
    /* large: pa | XN | TEX=001 | nG | S | AP=11 | C | B | 01 */
    PTE_T large = pa | 0x8000U | 0x1000U | 0x800U | 0x400U | 0x30U | 0xCU | 0x1U;
    for (UINT32 i = 0; i < 16U; i++) {
        CHECK(Peek(e0 + 4U * i) == large, "entry %u = %#x, expected %#x", i, Peek(e0 + 4U * i), large);
    }
    CHECK((Peek(e0 + 64U) & 3U) >= 2U, "17th page small: %#x", Peek(e0 + 64U));
    CHECK(m->l2Count[va >> 20] == 17U, "count %u", m->l2Count[va >> 20]);
    CHECK(VmTestCrossCheck(sp, va, 17U) == 0U, "cross-check large");
    VmTestWalkResult w;
    VmTestWalkSpace(sp, va + 0x5000U, &w);
    CHECK(w.pageSize == 0x10000U && w.pa == pa + 0x5000U, "walk large");

    /* Unmap one page inside: break (16 zero writes), TLBIMVA of the large page, make (16
     * small writes), then the page's own unmap. */
    HalHostLogStartMask(SEQ_MASK);
    CHECK(LOS_ArchMmuUnmap(m, va + 0x3000U, 1U) == 1, "unmap inside large");
    HalHostLogStop();
    HalLogPattern seq[48];
    UINT32 n = 0;
    for (UINT32 i = 0; i < 16U; i++) {
        seq[n++] = (HalLogPattern){ HAL_LOG_PHYS_WRITE32, e0 + 4U * i, 0U };
    }
    seq[n++] = (HalLogPattern){ HAL_LOG_DSB, HAL_LOG_ANY, HAL_LOG_ANY };
    seq[n++] = (HalLogPattern){ HAL_LOG_REG_WRITE, MMU_REG_TLBIMVA, va | m->asid };
    seq[n++] = (HalLogPattern){ HAL_LOG_DSB, HAL_LOG_ANY, HAL_LOG_ANY };
    seq[n++] = (HalLogPattern){ HAL_LOG_ISB, HAL_LOG_ANY, HAL_LOG_ANY };
    PTE_T small = pa | 0x800U | 0x400U | 0x40U | 0x30U | 0xCU | 0x2U | 0x1U;
    for (UINT32 i = 0; i < 16U; i++) {
        seq[n++] = (HalLogPattern){ HAL_LOG_PHYS_WRITE32, e0 + 4U * i, small + 0x1000U * i };
    }
    seq[n++] = (HalLogPattern){ HAL_LOG_PHYS_WRITE32, e0 + 12U, 0U };
    seq[n++] = (HalLogPattern){ HAL_LOG_DSB, HAL_LOG_ANY, HAL_LOG_ANY };
    seq[n++] = (HalLogPattern){ HAL_LOG_REG_WRITE, MMU_REG_TLBIMVA, (va + 0x3000U) | m->asid };
    seq[n++] = (HalLogPattern){ HAL_LOG_DSB, HAL_LOG_ANY, HAL_LOG_ANY };
    seq[n++] = (HalLogPattern){ HAL_LOG_ISB, HAL_LOG_ANY, HAL_LOG_ANY };
    if (!HalHostLogMatches(seq, n)) {
        HalHostLogDump(stderr);
        CHECK(0, "split sequence");
    }
    CHECK(m->l2Count[va >> 20] == 16U, "count after %u", m->l2Count[va >> 20]);
    CHECK(VmTestCrossCheck(sp, va, 17U) == 0U, "cross-check after split");

    /* Unmapping a whole aligned large page clears 16 entries with one TLBIMVA. */
    LOS_ArchMmuUnmap(m, va, 17U);
    CHECK(LOS_ArchMmuMap(m, va, pa, 16U, URW) == 16, "map again");
    HalHostLogStartMask(SEQ_MASK);
    CHECK(LOS_ArchMmuUnmap(m, va, 16U) == 16, "unmap large");
    CHECK(HalHostLogCountOf(HAL_LOG_REG_WRITE, MMU_REG_TLBIMVA, HAL_LOG_ANY) == 1U, "one TLBIMVA");
    /* Large pages off: the same request maps 16 small pages. */
    LOS_ArchMmuLargePagesSet(FALSE);
    CHECK(LOS_ArchMmuMap(m, va, pa, 16U, URW) == 16, "map small");
    VmTestWalkSpace(sp, va, &w);
    CHECK(w.pageSize == 4096U, "small when disabled");
    CHECK(LOS_VmSpaceFree(sp) == LOS_OK, "free");
    return FwTestResult("fw.pgtable.large_pages");
}

static int TestSplit(VOID)
{
    VmTestBoot(VM_LAYOUT_LITEOS, 0, 0, 0, FALSE);
    LosArchMmu *k = &LOS_GetKVmSpace()->archMmu;
    PADDR_T pa = HalMemConfigGet()->ramBase + 0x00500000U;
    VADDR_T va = 0xB0500000U;
    PADDR_T l1 = k->physTtb + ((va >> 20) << 2);
    CHECK(LOS_ArchMmuMap(k, va, pa, 256U, KRW) == 256, "map section");
    HalHostLogStartMask(SEQ_MASK);
    CHECK(LOS_ArchMmuUnmap(k, va + 0x80000U, 2U) == 2, "unmap 2 pages inside");
    HalHostLogStop();
    /* break: L1 cleared, invalidated; make: L1 -> new table; then the 2 pages. */
    INT32 brk = HalHostLogFind(HAL_LOG_PHYS_WRITE32, l1, 0U);
    INT32 inv = HalHostLogFindFrom((UINT32)(brk < 0 ? 0 : brk), HAL_LOG_REG_WRITE, MMU_REG_TLBIMVAA, va);
    INT32 dsb = HalHostLogFindFrom((UINT32)(inv < 0 ? 0 : inv), HAL_LOG_DSB, HAL_LOG_ANY, HAL_LOG_ANY);
    PTE_T l1now = Peek(l1);
    INT32 make = HalHostLogFindFrom((UINT32)(dsb < 0 ? 0 : dsb), HAL_LOG_PHYS_WRITE32, l1, l1now);
    CHECK(brk >= 0 && inv > brk && dsb > inv && make > dsb, "break-before-make %d %d %d %d", brk, inv, dsb, make);
    CHECK((l1now & 3U) == 1U, "now a page table");
    CHECK(HalHostLogCountOf(HAL_LOG_REG_WRITE, MMU_REG_TLBIMVAA, va + 0x80000U) == 1U, "page 1 invalidated");
    CHECK(HalHostLogCountOf(HAL_LOG_REG_WRITE, MMU_REG_TLBIMVAA, va + 0x81000U) == 1U, "page 2 invalidated");
    CHECK(k->l2Count[va >> 20] == 254U, "254 pages left: %u", k->l2Count[va >> 20]);
    CHECK(VmTestCrossCheck(LOS_GetKVmSpace(), va, 256U) == 0U, "cross-check");
    PADDR_T q = 0;
    CHECK(LOS_ArchMmuQuery(k, va + 0x7F000U, &q, NULL) == LOS_OK && q == pa + 0x7F000U, "neighbour kept");
    CHECK(LOS_ArchMmuUnmap(k, va, 256U) == 254, "unmap rest");
    LosL2PoolStats st;
    OsArchMmuL2PoolStats(&st);
    CHECK(st.tables == 0U, "table freed");
    return FwTestResult("fw.pgtable.section_split");
}

static int TestProtect(VOID)
{
    VmTestBoot(VM_LAYOUT_LITEOS, 0, 0, 0, FALSE);
    LosVmSpace *sp = OsCreateUserVmSpace();
    REQUIRE(sp != NULL, "space");
    LosArchMmu *m = &sp->archMmu;
    PADDR_T pa = HalMemConfigGet()->ramBase + 0x00600000U;
    VADDR_T va = 0x02000000U;
    CHECK(LOS_ArchMmuMap(m, va, pa, 2U, URW) == 2, "map");
    CHECK(LOS_ArchMmuMap(m, va + 0x3000U, pa + 0x3000U, 1U, URW) == 1, "map third (hole at +2)");
    PADDR_T l2 = L2Of(m, va);
    PADDR_T e0 = l2 + (((va >> 12) & 0xFFU) << 2);
    /* user RO, executable: pa | nG | S | TEX=001 | AP2 | AP=11 | C | B | 1x, XN=0 */
    PTE_T ro = pa | 0x800U | 0x400U | 0x200U | 0x40U | 0x30U | 0xCU | 0x2U;
    HalHostLogStartMask(SEQ_MASK);
    CHECK(LOS_ArchMmuChangeProt(m, va, 4U, URO | VM_MAP_REGION_FLAG_PERM_EXECUTE) == LOS_OK, "protect");
    const HalLogPattern seq[] = {
        { HAL_LOG_PHYS_WRITE32, e0, ro },
        { HAL_LOG_PHYS_WRITE32, e0 + 4U, ro + 0x1000U },
        { HAL_LOG_PHYS_WRITE32, e0 + 12U, ro + 0x3000U },
        { HAL_LOG_DSB, HAL_LOG_ANY, HAL_LOG_ANY },
        { HAL_LOG_REG_WRITE, MMU_REG_TLBIMVA, va | m->asid },
        { HAL_LOG_REG_WRITE, MMU_REG_TLBIMVA, (va + 0x1000U) | m->asid },
        { HAL_LOG_REG_WRITE, MMU_REG_TLBIMVA, (va + 0x3000U) | m->asid },
        { HAL_LOG_DSB, HAL_LOG_ANY, HAL_LOG_ANY },
        { HAL_LOG_ISB, HAL_LOG_ANY, HAL_LOG_ANY },
    };
    if (!HalHostLogMatches(seq, 9)) {
        HalHostLogDump(stderr);
        CHECK(0, "protect sequence");
    }
    UINT32 f = 0;
    CHECK(LOS_ArchMmuQuery(m, va, NULL, &f) == LOS_OK &&
          (f & VM_MAP_REGION_FLAG_PROT_MASK) == (URO | VM_MAP_REGION_FLAG_PERM_EXECUTE), "flags %#x", f);
    CHECK(LOS_ArchMmuQuery(m, va + 0x2000U, NULL, NULL) == LOS_ERRNO_VM_NOT_FOUND, "hole stays a hole");
    CHECK(VmTestCrossCheck(sp, va, 4U) == 0U, "cross-check");
    /* Only descriptors that change are written and invalidated: the same protection again
     * touches nothing; back to read-write over pages 0-1 and then over 0-3 rewrites and
     * invalidates 2 pages, then only page 3. */
    HalHostLogStartMask(SEQ_MASK);
    CHECK(LOS_ArchMmuChangeProt(m, va, 4U, URO | VM_MAP_REGION_FLAG_PERM_EXECUTE) == LOS_OK, "same again");
    CHECK(HalHostLogCountOf(HAL_LOG_PHYS_WRITE32, HAL_LOG_ANY, HAL_LOG_ANY) == 0U, "no descriptor written");
    CHECK(HalHostLogCountOf(HAL_LOG_REG_WRITE, MMU_REG_TLBIMVA, HAL_LOG_ANY) == 0U, "no TLBIMVA");
    HalHostLogStartMask(SEQ_MASK);
    CHECK(LOS_ArchMmuChangeProt(m, va, 2U, URW) == LOS_OK, "pages 0-1 read-write");
    CHECK(HalHostLogCountOf(HAL_LOG_REG_WRITE, MMU_REG_TLBIMVA, HAL_LOG_ANY) == 2U, "2 TLBIMVA");
    HalHostLogStartMask(SEQ_MASK);
    CHECK(LOS_ArchMmuChangeProt(m, va, 4U, URW) == LOS_OK, "pages 0-3 read-write");
    CHECK(HalHostLogCountOf(HAL_LOG_PHYS_WRITE32, HAL_LOG_ANY, HAL_LOG_ANY) == 1U, "one descriptor written");
    CHECK(HalHostLogCountOf(HAL_LOG_REG_WRITE, MMU_REG_TLBIMVA, HAL_LOG_ANY) == 1U, "one TLBIMVA");
    CHECK(HalHostLogCountOf(HAL_LOG_REG_WRITE, MMU_REG_TLBIMVA, (va + 0x3000U) | m->asid) == 1U, "of page 3");
    HalHostLogStop();
    CHECK(VmTestCrossCheck(sp, va, 4U) == 0U, "cross-check after the partial changes");
    /* A large page or a section already at the new protection is neither split nor invalidated. */
    LOS_ArchMmuLargePagesSet(TRUE);
    CHECK(LOS_ArchMmuMap(m, 0x02100000U, pa + 0x00100000U, 16U, URW) == 16, "large page");
    LOS_ArchMmuLargePagesSet(FALSE);
    HalHostLogStartMask(SEQ_MASK);
    CHECK(LOS_ArchMmuChangeProt(m, 0x02103000U, 2U, URW) == LOS_OK, "part of the large page, same");
    CHECK(HalHostLogCount() == 0U, "large page: nothing written, split or invalidated");
    HalHostLogStop();
    VmTestWalkResult wl;
    VmTestWalkSpace(sp, 0x02103000U, &wl);
    CHECK(wl.pageSize == 0x10000U, "still a large page: %u", wl.pageSize);
    /* Protecting part of a section splits it. */
    LosArchMmu *k = &LOS_GetKVmSpace()->archMmu;
    CHECK(LOS_ArchMmuMap(k, 0xB0000000U, HalMemConfigGet()->ramBase, 256U, KRW) == 256, "section");
    HalHostLogStartMask(SEQ_MASK);
    CHECK(LOS_ArchMmuChangeProt(k, 0xB0001000U, 1U, KRW) == LOS_OK, "one page of the section, same");
    CHECK(HalHostLogCount() == 0U, "section: nothing written, split or invalidated");
    HalHostLogStop();
    CHECK(LOS_ArchMmuChangeProt(k, 0xB0001000U, 1U, VM_MAP_REGION_FLAG_PERM_READ) == LOS_OK, "protect one");
    VmTestWalkResult w;
    VmTestWalkSpace(LOS_GetKVmSpace(), 0xB0001000U, &w);
    CHECK(w.pageSize == 4096U && w.ap == 5U, "kernel RO page: size %u ap %u", w.pageSize, w.ap);
    VmTestWalkSpace(LOS_GetKVmSpace(), 0xB0002000U, &w);
    CHECK(w.ap == 1U, "neighbour still RW: %u", w.ap);
    CHECK(VmTestCrossCheck(LOS_GetKVmSpace(), 0xB0000000U, 256U) == 0U, "cross-check kernel");
    LOS_VmSpaceFree(sp);
    return FwTestResult("fw.pgtable.protect");
}

static int TestMove(VOID)
{
    VmTestBoot(VM_LAYOUT_LITEOS, 0, 0, 0, FALSE);
    LosArchMmu *k = &LOS_GetKVmSpace()->archMmu;
    PADDR_T pa = HalMemConfigGet()->ramBase + 0x00700000U;
    CHECK(LOS_ArchMmuMap(k, 0xB0100000U, pa, 258U, KRW) == 258, "map section + 2 pages");
    HalHostLogStartMask(SEQ_MASK);
    CHECK(LOS_ArchMmuMove(k, 0xB0100000U, 0xB0400000U, 258U, KRW) == LOS_OK, "move");
    HalHostLogStop();
    CHECK(HalHostLogCountOf(HAL_LOG_REG_WRITE, MMU_REG_TLBIMVAA, 0xB0100000U) == 1U, "old section invalidated");
    CHECK(HalHostLogCountOf(HAL_LOG_REG_WRITE, MMU_REG_TLBIMVAA, 0xB0201000U) == 1U, "old page invalidated");
    CHECK(LOS_ArchMmuQuery(k, 0xB0100000U, NULL, NULL) == LOS_ERRNO_VM_NOT_FOUND, "old gone");
    PADDR_T q = 0;
    CHECK(LOS_ArchMmuQuery(k, 0xB0501000U, &q, NULL) == LOS_OK && q == pa + 0x101000U, "new %#x", q);
    VmTestWalkResult w;
    VmTestWalkSpace(LOS_GetKVmSpace(), 0xB0400000U, &w);
    CHECK(w.pageSize == 0x100000U, "section kept at the destination");
    CHECK(VmTestCrossCheck(LOS_GetKVmSpace(), 0xB0100000U, 0x600U) == 0U, "cross-check");
    CHECK(LOS_ArchMmuMove(k, 0xB0400000U, 0xB0480000U, 258U, KRW) == LOS_ERRNO_VM_INVALID_ARGS,
          "overlapping move refused");
    return FwTestResult("fw.pgtable.move");
}

/* Uses up memory: every free page into hog, then every free slot of the level-2 table pool by
 * mapping one page in each of as many fresh MiBs of m from scratchVa on. */
static VOID Exhaust(LosArchMmu *m, VADDR_T scratchVa, PADDR_T pa, LOS_DL_LIST *hog)
{
    (VOID)LOS_PhysPagesAlloc(1U << 20, hog);
    LosL2PoolStats st;
    OsArchMmuL2PoolStats(&st);
    for (UINT32 k = st.tables; k < 4U * st.pages; k++) {
        (VOID)LOS_ArchMmuMap(m, scratchVa + (k << 20), pa, 1U, URW);
    }
}

static BOOL MappedAt(const LosArchMmu *m, VADDR_T va, PADDR_T want)
{
    PADDR_T q = 0;
    return (LOS_ArchMmuQuery(m, va, &q, NULL) == LOS_OK) && (q == want);
}

static int TestMoveOom(VOID)
{
    VmTestBoot(VM_LAYOUT_LITEOS, 0, 0, 0, FALSE);
    LosVmSpace *sp = OsCreateUserVmSpace();
    REQUIRE(sp != NULL, "space");
    LosArchMmu *m = &sp->archMmu;
    LosArchMmu *k = &LOS_GetKVmSpace()->archMmu;
    PADDR_T pa = HalMemConfigGet()->ramBase + 0x00800000U;
    PADDR_T sectPa = HalMemConfigGet()->ramBase + 0x00A00000U;   /* MiB-aligned */
    /* Source: two runs in two MiBs (pages FE-FF of MiB 0x010, page 0 of MiB 0x011 with another
     * PA), and a page outside the move in each MiB that keeps its table (so that no table is
     * freed on the way). Destination 0x020FE000: MiB 0x020 has a table (one page mapped at its
     * start), MiB 0x021 has none. */
    CHECK(LOS_ArchMmuMap(m, 0x010FE000U, pa, 2U, URW) == 2, "run 1");
    CHECK(LOS_ArchMmuMap(m, 0x01100000U, pa + 0x10000U, 1U, URW) == 1, "run 2");
    CHECK(LOS_ArchMmuMap(m, 0x01000000U, pa + 0x20000U, 1U, URW) == 1, "bystander 1");
    CHECK(LOS_ArchMmuMap(m, 0x01180000U, pa + 0x28000U, 1U, URW) == 1, "bystander 2");
    CHECK(LOS_ArchMmuMap(m, 0x02000000U, pa + 0x30000U, 1U, URW) == 1, "destination table");
    /* A kernel section of which a move takes 16 pages from the middle: splitting it needs a table. */
    CHECK(LOS_ArchMmuMap(k, 0xB0100000U, sectPa, 256U, KRW) == 256, "section");
    CHECK(LOS_ArchMmuMap(k, 0xB0400000U, pa, 1U, KRW) == 1, "kernel destination table");

    LOS_DL_LIST_HEAD(hog);
    Exhaust(m, 0x08000000U, pa, &hog);
    CHECK(VmTestFreePages() == 0U, "memory exhausted");
    LosL2PoolStats before, after;
    OsArchMmuL2PoolStats(&before);
    UINT32 mapped = m->mappedPages;

    /* Run 1 moves into MiB 0x020; run 2 finds no table for MiB 0x021: run 1 comes back. */
    STATUS_T ret = LOS_ArchMmuMove(m, 0x010FE000U, 0x020FE000U, 3U, URW);
    CHECK(ret == LOS_ERRNO_VM_NO_MEMORY, "move without a table: %d", ret);
    CHECK(MappedAt(m, 0x010FE000U, pa) && MappedAt(m, 0x010FF000U, pa + 0x1000U) &&
          MappedAt(m, 0x01100000U, pa + 0x10000U), "source as it was");
    CHECK(LOS_ArchMmuQuery(m, 0x020FE000U, NULL, NULL) == LOS_ERRNO_VM_NOT_FOUND &&
          LOS_ArchMmuQuery(m, 0x020FF000U, NULL, NULL) == LOS_ERRNO_VM_NOT_FOUND, "destination empty again");
    CHECK(MappedAt(m, 0x02000000U, pa + 0x30000U), "the destination's other page kept");
    CHECK(m->mappedPages == mapped, "mapped pages %u, were %u", m->mappedPages, mapped);

    /* The section cannot be split: nothing moves, the section stays whole. */
    ret = LOS_ArchMmuMove(k, 0xB0180000U, 0xB0480000U, 16U, KRW);
    CHECK(ret == LOS_ERRNO_VM_NO_MEMORY, "move out of a section: %d", ret);
    VmTestWalkResult w;
    VmTestWalkSpace(LOS_GetKVmSpace(), 0xB0180000U, &w);
    CHECK(w.pageSize == 0x100000U, "section whole: page size %#x", w.pageSize);
    CHECK(LOS_ArchMmuQuery(k, 0xB0480000U, NULL, NULL) == LOS_ERRNO_VM_NOT_FOUND, "nothing at the destination");

    OsArchMmuL2PoolStats(&after);
    CHECK(VmTestFreePages() == 0U && after.tables == before.tables && after.pages == before.pages,
          "nothing leaked: %u free pages, %u/%u tables", VmTestFreePages(), after.tables, before.tables);

    /* With memory back, both moves go through. */
    (VOID)LOS_PhysPagesFree(&hog);
    CHECK(LOS_ArchMmuMove(m, 0x010FE000U, 0x020FE000U, 3U, URW) == LOS_OK, "move");
    CHECK(MappedAt(m, 0x020FE000U, pa) && MappedAt(m, 0x020FF000U, pa + 0x1000U) &&
          MappedAt(m, 0x02100000U, pa + 0x10000U), "moved");
    CHECK(LOS_ArchMmuQuery(m, 0x010FE000U, NULL, NULL) == LOS_ERRNO_VM_NOT_FOUND, "source gone");
    CHECK(LOS_ArchMmuMove(k, 0xB0180000U, 0xB0480000U, 16U, KRW) == LOS_OK, "move out of the section");
    CHECK(MappedAt(k, 0xB0480000U, sectPa + 0x80000U), "moved kernel pages");
    CHECK(LOS_ArchMmuQuery(k, 0xB0180000U, NULL, NULL) == LOS_ERRNO_VM_NOT_FOUND, "hole in the section");
    CHECK(MappedAt(k, 0xB0190000U, sectPa + 0x90000U), "rest of the section kept");
    CHECK(VmTestCrossCheck(sp, 0x01000000U, 0x1200U) == 0U, "cross-check user");
    CHECK(VmTestCrossCheck(LOS_GetKVmSpace(), 0xB0100000U, 0x400U) == 0U, "cross-check kernel");
    LOS_VmSpaceFree(sp);
    return FwTestResult("fw.pgtable.move_oom");
}

static int TestL2Share(VOID)
{
    VmTestBoot(VM_LAYOUT_LITEOS, 0, 0, 0, FALSE);
    UINT32 free0 = VmTestFreePages();
    LosVmSpace *sp = OsCreateUserVmSpace();
    REQUIRE(sp != NULL, "space");
    LosArchMmu *m = &sp->archMmu;
    UINT32 freeSpace = VmTestFreePages();
    PADDR_T pa = HalMemConfigGet()->ramBase + 0x00800000U;
    PADDR_T tables[5];
    for (UINT32 i = 0; i < 5U; i++) {
        VADDR_T va = 0x01000000U + (i << 20);
        CHECK(LOS_ArchMmuMap(m, va, pa, 1U, URW) == 1, "map MiB %u", i);
        tables[i] = L2Of(m, va);
    }
    LosL2PoolStats st;
    OsArchMmuL2PoolStats(&st);
    CHECK(st.tables == 5U && st.pages == 2U, "5 tables in 2 pages: %u %u", st.tables, st.pages);
    for (UINT32 i = 1; i < 4U; i++) {
        CHECK((tables[i] & ~0xFFFU) == (tables[0] & ~0xFFFU), "table %u shares the page", i);
    }
    CHECK((tables[4] & ~0xFFFU) != (tables[0] & ~0xFFFU), "fifth in a new page");
    CHECK(((tables[0] | tables[1] | tables[2] | tables[3]) & 0xC00U) == 0xC00U, "all four slots used");
    CHECK(freeSpace - VmTestFreePages() == 2U, "two pages taken");
    /* Free two tables of the first page: the page stays; its slots are reused next. */
    LOS_ArchMmuUnmap(m, 0x01000000U, 1U);
    LOS_ArchMmuUnmap(m, 0x01100000U, 1U);
    OsArchMmuL2PoolStats(&st);
    CHECK(st.tables == 3U && st.pages == 2U, "after 2 frees: %u %u", st.tables, st.pages);
    CHECK(LOS_ArchMmuMap(m, 0x01800000U, pa, 1U, URW) == 1, "map again");
    CHECK((L2Of(m, 0x01800000U) & ~0xFFFU) == (tables[0] & ~0xFFFU), "freed slot reused");
    for (UINT32 i = 0; i < 9U; i++) {
        LOS_ArchMmuUnmap(m, 0x01000000U + (i << 20), 1U);
    }
    OsArchMmuL2PoolStats(&st);
    CHECK(st.tables == 0U && st.pages == 0U, "all freed: %u %u", st.tables, st.pages);
    CHECK(VmTestFreePages() == freeSpace, "pages back: %u vs %u", VmTestFreePages(), freeSpace);
    CHECK(st.allocs == st.frees && st.allocs == 6U, "allocs %u frees %u", st.allocs, st.frees);
    LOS_VmSpaceFree(sp);
    CHECK(VmTestFreePages() == free0, "space freed");
    return FwTestResult("fw.pgtable.l2_sharing");
}

static int TestAsid(VOID)
{
    VmTestBoot(VM_LAYOUT_LITEOS, 0, 0, 0, FALSE);
    static LosVmSpace *spaces[256];
    UINT8 seen[256] = { 0 };
    UINT32 n = 0;
    for (; n < 256U; n++) {
        spaces[n] = OsCreateUserVmSpace();
        if (spaces[n] == NULL) {
            break;
        }
        UINT32 a = spaces[n]->archMmu.asid;
        CHECK(a >= 1U && a <= 255U && !seen[a], "asid %u unique and not 0", a);
        seen[a] = 1;
    }
    CHECK(n == 255U, "255 spaces before exhaustion, got %u", n);
    CHECK(OsArchMmuAsidsInUse() == 255U, "in use");
    LosArchMmu tmp;
    CHECK(OsArchMmuInit(&tmp, FALSE) == LOS_ERRNO_VM_NO_RESOURCES, "refused when exhausted");
    UINT32 freed = spaces[100]->archMmu.asid;
    HalHostLogStartMask(SEQ_MASK);
    CHECK(LOS_VmSpaceFree(spaces[100]) == LOS_OK, "free one");
    const HalLogPattern inv[] = {
        { HAL_LOG_DSB, HAL_LOG_ANY, HAL_LOG_ANY },
        { HAL_LOG_REG_WRITE, MMU_REG_TLBIASID, freed },
        { HAL_LOG_DSB, HAL_LOG_ANY, HAL_LOG_ANY },
        { HAL_LOG_ISB, HAL_LOG_ANY, HAL_LOG_ANY },
    };
    CHECK(HalHostLogFindSeq(inv, 4) >= 0, "TLBIASID %u on free", freed);
    spaces[100] = OsCreateUserVmSpace();
    CHECK(spaces[100] != NULL && spaces[100]->archMmu.asid == freed, "ASID reused after free");
    for (UINT32 i = 0; i < n; i++) {
        LOS_VmSpaceFree(spaces[i]);
    }
    CHECK(OsArchMmuAsidsInUse() == 0U, "none left");
    return FwTestResult("fw.pgtable.asid");
}

static int TestSwitch(VOID)
{
    HalHostLogStartMask(HAL_LOG_MASK(HAL_LOG_REG_WRITE) | HAL_LOG_MASK(HAL_LOG_DSB) |
                        HAL_LOG_MASK(HAL_LOG_ISB) | HAL_LOG_MASK(HAL_LOG_REG_READ));
    VmTestBoot(VM_LAYOUT_LITEOS, 0, 0, 0, FALSE);
    HalHostLogStop();
    PADDR_T kttb = LOS_GetKVmSpace()->archMmu.physTtb;
    CHECK((kttb & 0x3FFFU) == 0U, "kernel table 16 KiB aligned: %#x", kttb);
    const HalLogPattern boot[] = {
        { HAL_LOG_REG_WRITE, MMU_REG_TTBCR, 2U },
        { HAL_LOG_REG_WRITE, MMU_REG_DACR, 1U },
        { HAL_LOG_REG_WRITE, MMU_REG_TTBR1, kttb },
        { HAL_LOG_REG_WRITE, MMU_REG_TTBR0, kttb },
        { HAL_LOG_REG_WRITE, MMU_REG_CONTEXTIDR, 0U },
        { HAL_LOG_REG_WRITE, MMU_REG_TLBIALL, HAL_LOG_ANY },
        { HAL_LOG_DSB, HAL_LOG_ANY, HAL_LOG_ANY },
        { HAL_LOG_ISB, HAL_LOG_ANY, HAL_LOG_ANY },
        { HAL_LOG_REG_READ, MMU_REG_SCTLR, HAL_LOG_ANY },
        { HAL_LOG_REG_WRITE, MMU_REG_SCTLR, HAL_LOG_ANY },
        { HAL_LOG_ISB, HAL_LOG_ANY, HAL_LOG_ANY },
    };
    CHECK(HalHostLogFindSeq(boot, 11) >= 0, "boot sequence");
    CHECK((HalHostRegPeek(MMU_REG_SCTLR) & MMU_SCTLR_M) != 0U, "MMU on");

    LosVmSpace *a = OsCreateUserVmSpace();
    LosVmSpace *b = OsCreateUserVmSpace();
    REQUIRE(a != NULL && b != NULL, "spaces");
    CHECK((a->archMmu.physTtb & 0xFFFU) == 0U, "process table 4 KiB aligned (N=2)");
    HalHostLogStart();
    OsVmSpaceSwitch(a);
    const HalLogPattern sw[] = {
        { HAL_LOG_REG_WRITE, MMU_REG_CONTEXTIDR, 0U },
        { HAL_LOG_ISB, HAL_LOG_ANY, HAL_LOG_ANY },
        { HAL_LOG_REG_WRITE, MMU_REG_TTBR0, a->archMmu.physTtb },
        { HAL_LOG_ISB, HAL_LOG_ANY, HAL_LOG_ANY },
        { HAL_LOG_REG_WRITE, MMU_REG_CONTEXTIDR, a->archMmu.asid },
        { HAL_LOG_ISB, HAL_LOG_ANY, HAL_LOG_ANY },
    };
    if (!HalHostLogMatches(sw, 6)) {
        HalHostLogDump(stderr);
        CHECK(0, "switch sequence");
    }
    CHECK(LOS_CurrSpaceGet() == a, "current is a");
    CHECK(HalHostRegPeek(MMU_REG_TTBR0) == a->archMmu.physTtb, "TTBR0");
    CHECK(HalHostRegPeek(MMU_REG_CONTEXTIDR) == a->archMmu.asid, "CONTEXTIDR");
    OsVmSpaceSwitch(b);
    CHECK(HalHostRegPeek(MMU_REG_CONTEXTIDR) == b->archMmu.asid, "CONTEXTIDR b");
    /* Freeing the current space switches to the kernel context first. */
    CHECK(LOS_VmSpaceFree(b) == LOS_OK, "free b");
    CHECK(LOS_CurrSpaceGet() == LOS_GetKVmSpace(), "kernel current");
    CHECK(HalHostRegPeek(MMU_REG_TTBR0) == kttb && HalHostRegPeek(MMU_REG_CONTEXTIDR) == 0U, "kernel context");
    LOS_VmSpaceFree(a);
    return FwTestResult("fw.pgtable.context_switch");
}

static int TestErrors(VOID)
{
    VmTestBoot(VM_LAYOUT_LITEOS, 0, 0, 0, FALSE);
    LosVmSpace *sp = OsCreateUserVmSpace();
    REQUIRE(sp != NULL, "space");
    LosArchMmu *m = &sp->archMmu;
    PADDR_T pa = HalMemConfigGet()->ramBase + 0x00900000U;
    CHECK(LOS_ArchMmuMap(m, 0x01000800U, pa, 1U, URW) == LOS_ERRNO_VM_INVALID_ARGS, "unaligned va");
    CHECK(LOS_ArchMmuMap(m, 0x01000000U, pa + 4U, 1U, URW) == LOS_ERRNO_VM_INVALID_ARGS, "unaligned pa");
    CHECK(LOS_ArchMmuMap(m, 0x01000000U, pa, 0U, URW) == LOS_ERRNO_VM_INVALID_ARGS, "zero count");
    CHECK(LOS_ArchMmuMap(m, 0x40000000U, pa, 1U, URW) == LOS_ERRNO_VM_INVALID_ARGS, "kernel VA in a process table");
    CHECK(LOS_ArchMmuMap(m, 0x3FFFF000U, pa, 2U, URW) == LOS_ERRNO_VM_INVALID_ARGS, "crosses the top");
    CHECK(LOS_ArchMmuMap(&LOS_GetKVmSpace()->archMmu, 0x01000000U, pa, 1U, KRW) == LOS_ERRNO_VM_INVALID_ARGS,
          "user VA in the kernel table");
    CHECK(LOS_ArchMmuQuery(m, 0x01000000U, NULL, NULL) == LOS_ERRNO_VM_NOT_FOUND, "nothing mapped");

    /* Mapping over a mapping is refused and leaves nothing of the new request. */
    CHECK(LOS_ArchMmuMap(m, 0x01003000U, pa, 1U, URW) == 1, "map one");
    CHECK(LOS_ArchMmuMap(m, 0x01000000U, pa + 0x10000U, 8U, URW) == LOS_ERRNO_VM_ALREADY_EXISTS, "clash");
    CHECK(LOS_ArchMmuQuery(m, 0x01000000U, NULL, NULL) == LOS_ERRNO_VM_NOT_FOUND, "rolled back");
    PADDR_T q = 0;
    CHECK(LOS_ArchMmuQuery(m, 0x01003000U, &q, NULL) == LOS_OK && q == pa, "old mapping kept");
    CHECK(m->l2Count[0x010] == 1U, "count %u", m->l2Count[0x010]);

    /* Out of memory for a level-2 table: error, nothing leaked. */
    LOS_DL_LIST_HEAD(hog);
    (VOID)LOS_PhysPagesAlloc(1U << 20, &hog);
    UINT32 freeNow = VmTestFreePages();
    CHECK(freeNow == 0U, "memory exhausted: %u", freeNow);
    LosL2PoolStats st;
    OsArchMmuL2PoolStats(&st);
    /* the pool page has 3 free slots: use them up first */
    CHECK(LOS_ArchMmuMap(m, 0x02000000U, pa, 1U, URW) == 1, "slot 2");
    CHECK(LOS_ArchMmuMap(m, 0x02100000U, pa, 1U, URW) == 1, "slot 3");
    CHECK(LOS_ArchMmuMap(m, 0x02200000U, pa, 1U, URW) == 1, "slot 4");
    STATUS_T ret = LOS_ArchMmuMap(m, 0x02300000U, pa, 1U, URW);
    CHECK(ret == LOS_ERRNO_VM_NO_MEMORY, "no table: %d", ret);
    /* A request spanning two MiBs fails in the second: the first MiB's pages are rolled back. */
    ret = LOS_ArchMmuMap(m, 0x022FF000U, pa, 2U, URW);
    CHECK(ret == LOS_ERRNO_VM_NO_MEMORY, "no table for the second MiB: %d", ret);
    CHECK(LOS_ArchMmuQuery(m, 0x022FF000U, NULL, NULL) == LOS_ERRNO_VM_NOT_FOUND, "first page rolled back");
    CHECK(VmTestFreePages() == 0U, "still nothing free, nothing leaked into the pool");
    (VOID)LOS_PhysPagesFree(&hog);
    CHECK(VmTestCrossCheck(sp, 0x01000000U, 0x1400U) == 0U, "cross-check");
    LOS_VmSpaceFree(sp);
    return FwTestResult("fw.pgtable.errors");
}

int main(int argc, char **argv)
{
    static const FwTestCase tests[] = {
        { "large", TestLarge }, { "split", TestSplit }, { "protect", TestProtect },
        { "move", TestMove }, { "move_oom", TestMoveOom }, { "l2share", TestL2Share }, { "asid", TestAsid },
        { "switch", TestSwitch }, { "errors", TestErrors },
    };
    return FW_TEST_RUN_CASE(argc, argv, tests);
}
