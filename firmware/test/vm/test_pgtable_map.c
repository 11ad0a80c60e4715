/*
 * Page-table map/unmap with the exact HAL sequence (DDI 0406C B3.10.1):
 *   fw.pgtable.map_section  1 MiB sections in the kernel table, unmapped with TLBIMVAA
 *   fw.pgtable.map_pages    small pages in a process table: level-2 table on demand,
 *                           TLBIMVA with the ASID per page, table freed after the invalidation
 *   fw.pgtable.mixed        an unaligned range: pages, then sections, then pages
 * Selected by argv[1].
 */
#include "vm_test.h"
#include "vmcosim/mmu_regs.h"
#include <string.h>

#define SEQ_MASK (HAL_LOG_MASK(HAL_LOG_PHYS_WRITE32) | HAL_LOG_MASK(HAL_LOG_REG_WRITE) | \
                  HAL_LOG_MASK(HAL_LOG_DSB) | HAL_LOG_MASK(HAL_LOG_ISB))
#define KRW (VM_MAP_REGION_FLAG_PERM_READ | VM_MAP_REGION_FLAG_PERM_WRITE)
#define URW (KRW | VM_MAP_REGION_FLAG_PERM_USER)

static VOID ExpectLog(const char *what, const HalLogPattern *p, UINT32 n)
{
    if (!HalHostLogMatches(p, n)) {
        fprintf(stderr, "%s: HAL log differs from the expected %u entries:\n", what, n);
        HalHostLogDump(stderr);
        g_fwTestFailures++;
    }
}

static int TestSection(VOID)
{
    VmTestBoot(VM_LAYOUT_LITEOS, 0, 0, 0, FALSE);
    LosArchMmu *k = &LOS_GetKVmSpace()->archMmu;
    PADDR_T ram = HalMemConfigGet()->ramBase;
    VADDR_T va = 0xB0000000U;                      /* free kernel VA, 1 MiB aligned */
    PADDR_T pa = ram + 0x00200000U;
    PADDR_T l1 = k->physTtb + ((va >> 20) << 2);
    UINT32 flags = KRW | VM_MAP_REGION_FLAG_CACHED;
    /* section: pa | S | TEX=001 | AP=01 | XN | C | B | 10 */
    PTE_T s0 = pa | 0x00011000U | 0x400U | 0x10U | 0xCU | 0x2U;

    HalHostLogStartMask(SEQ_MASK);
    STATUS_T ret = LOS_ArchMmuMap(k, va, pa, 512U, flags);
    CHECK(ret == 512, "map returned %d", ret);
    const HalLogPattern mapSeq[] = {
        { HAL_LOG_PHYS_WRITE32, l1, s0 },
        { HAL_LOG_PHYS_WRITE32, l1 + 4U, s0 + 0x00100000U },
        { HAL_LOG_DSB, HAL_LOG_ANY, HAL_LOG_ANY },
        { HAL_LOG_ISB, HAL_LOG_ANY, HAL_LOG_ANY },
    };
    ExpectLog("map 2 sections", mapSeq, 4);

    PADDR_T q = 0;
    UINT32 qf = 0;
    CHECK(LOS_ArchMmuQuery(k, va + 0x12345U, &q, &qf) == LOS_OK && q == pa + 0x12345U, "query %#x", q);
    CHECK((qf & (VM_MAP_REGION_FLAG_PROT_MASK | VM_MAP_REGION_FLAG_CACHE_MASK)) == flags, "flags %#x", qf);
    CHECK(VmTestCrossCheck(LOS_GetKVmSpace(), va - 0x1000U, 514U) == 0U, "cross-check after map");

    HalHostLogStartMask(SEQ_MASK);
    ret = LOS_ArchMmuUnmap(k, va, 512U);
    CHECK(ret == 512, "unmap returned %d", ret);
    const HalLogPattern unmapSeq[] = {
        { HAL_LOG_PHYS_WRITE32, l1, 0U },
        { HAL_LOG_PHYS_WRITE32, l1 + 4U, 0U },
        { HAL_LOG_DSB, HAL_LOG_ANY, HAL_LOG_ANY },
        { HAL_LOG_REG_WRITE, MMU_REG_TLBIMVAA, va },
        { HAL_LOG_REG_WRITE, MMU_REG_TLBIMVAA, va + 0x00100000U },
        { HAL_LOG_DSB, HAL_LOG_ANY, HAL_LOG_ANY },
        { HAL_LOG_ISB, HAL_LOG_ANY, HAL_LOG_ANY },
    };
    ExpectLog("unmap 2 sections", unmapSeq, 7);
    CHECK(LOS_ArchMmuQuery(k, va, &q, NULL) == LOS_ERRNO_VM_NOT_FOUND, "unmapped");
    CHECK(VmTestCrossCheck(LOS_GetKVmSpace(), va, 512U) == 0U, "cross-check after unmap");
    return FwTestResult("fw.pgtable.map_section");
}

static int TestPages(VOID)
{
    VmTestBoot(VM_LAYOUT_LITEOS, 0, 0, 0, FALSE);
    UINT32 free0 = VmTestFreePages();
    LosVmSpace *sp = OsCreateUserVmSpace();
    REQUIRE(sp != NULL, "create space");
    LosArchMmu *m = &sp->archMmu;
    UINT32 asid = m->asid;
    CHECK(asid >= 1U && asid <= 255U, "asid %u", asid);
    PADDR_T ram = HalMemConfigGet()->ramBase;
    VADDR_T va = 0x01000000U;
    PADDR_T pa = ram + 0x00345000U;
    PADDR_T l1 = m->physTtb + ((va >> 20) << 2);

    HalHostLogStartMask(SEQ_MASK);
    CHECK(LOS_ArchMmuMap(m, va, pa, 3U, URW | VM_MAP_REGION_FLAG_CACHED) == 3, "map 3");
    PTE_T l1d = 0;
    memcpy(&l1d, HalPhysToHost(l1), 4);
    CHECK((l1d & 3U) == 1U, "level-1 entry is a page table: %#x", l1d);
    PADDR_T l2 = l1d & 0xFFFFFC00U;
    /* small: pa | nG | S | TEX=001 | AP=11 | C | B | 1x | XN */
    PTE_T p0 = pa | 0x800U | 0x400U | 0x40U | 0x30U | 0xCU | 0x2U | 0x1U;
    const HalLogPattern mapSeq[] = {
        { HAL_LOG_PHYS_WRITE32, l1, l2 | 1U },
        { HAL_LOG_PHYS_WRITE32, l2, p0 },
        { HAL_LOG_PHYS_WRITE32, l2 + 4U, p0 + 0x1000U },
        { HAL_LOG_PHYS_WRITE32, l2 + 8U, p0 + 0x2000U },
        { HAL_LOG_DSB, HAL_LOG_ANY, HAL_LOG_ANY },
        { HAL_LOG_ISB, HAL_LOG_ANY, HAL_LOG_ANY },
    };
    ExpectLog("map 3 pages", mapSeq, 6);
    CHECK(m->l2Tables == 1U, "one level-2 table");
    CHECK(VmTestCrossCheck(sp, va, 4U) == 0U, "cross-check");

    HalHostLogStartMask(SEQ_MASK);
    CHECK(LOS_ArchMmuUnmap(m, va + 0x1000U, 1U) == 1, "unmap middle");
    const HalLogPattern unmap1[] = {
        { HAL_LOG_PHYS_WRITE32, l2 + 4U, 0U },
        { HAL_LOG_DSB, HAL_LOG_ANY, HAL_LOG_ANY },
        { HAL_LOG_REG_WRITE, MMU_REG_TLBIMVA, (va + 0x1000U) | asid },
        { HAL_LOG_DSB, HAL_LOG_ANY, HAL_LOG_ANY },
        { HAL_LOG_ISB, HAL_LOG_ANY, HAL_LOG_ANY },
    };
    ExpectLog("unmap one page", unmap1, 5);

    LosL2PoolStats st;
    HalHostLogStart();
    CHECK(LOS_ArchMmuUnmap(m, va, 3U) == 2, "unmap the rest (2 mapped)");
    HalHostLogStop();
    /* The table is freed only after the second DSB (its page back to the allocator). */
    const HalLogPattern unmap2[] = {
        { HAL_LOG_PHYS_WRITE32, l2, 0U },
        { HAL_LOG_PHYS_WRITE32, l2 + 8U, 0U },
        { HAL_LOG_PHYS_WRITE32, l1, 0U },
        { HAL_LOG_DSB, HAL_LOG_ANY, HAL_LOG_ANY },
        { HAL_LOG_REG_WRITE, MMU_REG_TLBIMVA, va | asid },
        { HAL_LOG_REG_WRITE, MMU_REG_TLBIMVA, (va + 0x2000U) | asid },
        { HAL_LOG_DSB, HAL_LOG_ANY, HAL_LOG_ANY },
        { HAL_LOG_ISB, HAL_LOG_ANY, HAL_LOG_ANY },
    };
    INT32 at = HalHostLogFindSeq(unmap2, 8);
    CHECK(at >= 0, "unmap sequence not found");
    UINT32 writes = HalHostLogCountOf(HAL_LOG_PHYS_WRITE32, HAL_LOG_ANY, HAL_LOG_ANY);
    CHECK(writes == 3U, "3 descriptor writes, got %u", writes);
    CHECK(HalHostLogCountOf(HAL_LOG_REG_WRITE, MMU_REG_TLBIMVA, HAL_LOG_ANY) == 2U, "2 TLBIMVA");
    /* TLB maintenance runs under the TLB cost part, table writes under PGTABLE. */
    for (UINT32 i = 0; i < HalHostLogCount(); i++) {
        const HalLogEntry *e = HalHostLogAt(i);
        if (e->kind == HAL_LOG_REG_WRITE && e->addr == MMU_REG_TLBIMVA) {
            CHECK(e->part == HAL_PART_TLB, "TLBIMVA under part %d", e->part);
        }
        if (e->kind == HAL_LOG_PHYS_WRITE32) {
            CHECK(e->part == HAL_PART_PGTABLE, "descriptor write under part %d", e->part);
        }
    }
    OsArchMmuL2PoolStats(&st);
    CHECK(m->l2Tables == 0U && st.tables == 0U && st.pages == 0U, "table freed: %u %u", st.tables, st.pages);
    CHECK(VmTestCrossCheck(sp, va, 4U) == 0U, "cross-check");
    CHECK(LOS_VmSpaceFree(sp) == LOS_OK, "free space");
    CHECK(VmTestFreePages() == free0, "free pages %u, expected %u", VmTestFreePages(), free0);
    return FwTestResult("fw.pgtable.map_pages");
}

static int TestMixed(VOID)
{
    VmTestBoot(VM_LAYOUT_LITEOS, 0, 0, 0, FALSE);
    LosArchMmu *k = &LOS_GetKVmSpace()->archMmu;
    PADDR_T ram = HalMemConfigGet()->ramBase;
    /* VA and PA share their offset in the MiB: pages up to the boundary, then sections. */
    VADDR_T va = 0xB00FE000U;
    PADDR_T pa = ram + 0x002FE000U;
    size_t count = 2U + 512U + 3U;
    CHECK(LOS_ArchMmuMap(k, va, pa, count, KRW) == (STATUS_T)count, "map");
    VmTestWalkResult w;
    VmTestWalkSpace(LOS_GetKVmSpace(), va, &w);
    CHECK(w.pageSize == 4096U, "first page small: %u", w.pageSize);
    VmTestWalkSpace(LOS_GetKVmSpace(), 0xB0100000U, &w);
    CHECK(w.pageSize == 0x100000U && w.pa == ram + 0x300000U, "section: %u %#x", w.pageSize, w.pa);
    VmTestWalkSpace(LOS_GetKVmSpace(), 0xB0300000U, &w);
    CHECK(w.pageSize == 4096U, "tail small: %u", w.pageSize);
    CHECK(VmTestCrossCheck(LOS_GetKVmSpace(), va - 0x1000U, count + 2U) == 0U, "cross-check");
    /* PA not aligned like the VA: no section possible, all small pages. */
    CHECK(LOS_ArchMmuMap(k, 0xB1000000U, ram + 0x1000U, 256U, KRW) == 256, "map unaligned PA");
    VmTestWalkSpace(LOS_GetKVmSpace(), 0xB1000000U, &w);
    CHECK(w.pageSize == 4096U, "small pages only");
    CHECK(LOS_ArchMmuUnmap(k, va, count) == (STATUS_T)count, "unmap");
    CHECK(LOS_ArchMmuUnmap(k, 0xB1000000U, 256U) == 256, "unmap 2");
    LosL2PoolStats st;
    OsArchMmuL2PoolStats(&st);
    CHECK(st.tables == 0U, "all tables freed: %u", st.tables);
    CHECK(VmTestCrossCheck(LOS_GetKVmSpace(), va, count) == 0U, "cross-check after");
    return FwTestResult("fw.pgtable.mixed");
}

int main(int argc, char **argv)
{
    const char *which = (argc > 1) ? argv[1] : "";
    if (strcmp(which, "section") == 0) {
        return TestSection();
    }
    if (strcmp(which, "pages") == 0) {
        return TestPages();
    }
    if (strcmp(which, "mixed") == 0) {
        return TestMixed();
    }
    fprintf(stderr, "usage: %s section|pages|mixed\n", argv[0]);
    return 2;
}
