/*
 * The rest of seed 004's high-memory map in the Linux profile (64 MiB of RAM, the first 16 MiB
 * direct-mapped, the rest high memory), selected by argv[1]:
 *   vmap         given pages (high and low, scattered) contiguous in the vmalloc area, cached,
 *                kernel RW, global; references held until LOS_Vunmap; bad page lists refused
 *   ioremap      a device range, offset kept, uncached-device, XN; RAM refused; LOS_Iounmap
 *   kmap_atomic  per-CPU fixmap slots from FIXADDR_START (KM_TYPE_NR x NR_CPUS), nested like a
 *                stack, low pages by their direct address, exhaustion and wrong-order unmaps
 *                refused with nothing changed, TLBIMVAA on unmap
 * Expected addresses and descriptor bits are the seed's layout and DESIGN §2 bit positions,
 * decoded by the test's own walker.
 */
#include "vm_test.h"
#include "vm_private.h"
#include "los_vm_phys.h"
#include <string.h>

#define KRW (VM_MAP_REGION_FLAG_PERM_READ | VM_MAP_REGION_FLAG_PERM_WRITE)
#define RAM_BASE 0x80000000U
#define HIGH_PA (RAM_BASE + 0x01000000U)      /* first byte above the 16 MiB direct map */

static LOS_DL_LIST g_spare;

/* Boots, then allocates every page and keeps them on g_spare, so a test can own the pages at
 * chosen addresses (Own); Release frees the rest. */
static VOID Boot(VOID)
{
    VmTestBoot(VM_LAYOUT_LINUX, RAM_BASE, 0x04000000U, 0x01000000U, FALSE);
    LOS_ListInit(&g_spare);
    (VOID)LOS_PhysPagesAlloc(1U << 20, &g_spare);
}

static LosVmPage *Own(PADDR_T pa)
{
    LosVmPage *page = LOS_VmPageGet(pa);
    REQUIRE(page != NULL && LOS_AtomicRead(&page->refCounts) == 1, "page %#x is spare", pa);
    LOS_ListDelete(&page->node);
    return page;
}

static VOID Release(VOID)
{
    (VOID)LOS_PhysPagesFree(&g_spare);
}

static int TestVmap(VOID)
{
    Boot();
    const LosVmLayout *l = OsVmLayoutGet();
    LosVmPage *pages[3] = { Own(HIGH_PA + 0x7000U), Own(RAM_BASE + 0x100000U), Own(HIGH_PA + 0x2000U) };
    LosVmPage *freePage = Own(HIGH_PA + 0x9000U);
    LOS_PhysPageFree(freePage);
    Release();
    UINT32 freeBefore = VmTestFreePages();
    VOID *p = LOS_Vmap(pages, 3U, KRW);
    REQUIRE(p != NULL, "vmap");
    VADDR_T va = (VADDR_T)(UINTPTR)p;
    CHECK(va >= l->vmallocBase && va + 0x3000U <= l->vmallocEnd, "in the vmalloc area: %#x", va);
    for (UINT32 i = 0U; i < 3U; i++) {
        VmTestWalkResult w;
        VmTestWalkSpace(LOS_GetKVmSpace(), va + i * 0x1000U + 0x10U, &w);
        CHECK(w.mapped && w.pa == pages[i]->physAddr + 0x10U, "page %u at %#x", i, w.pa);
        CHECK(w.ap == 1U && w.tex == 1U && w.c == 1U && w.b == 1U && w.xn == 1U && w.ng == 0U,
              "page %u: kernel RW, cached, XN, global", i);
        CHECK(LOS_AtomicRead(&pages[i]->refCounts) == 2, "page %u referenced by the mapping", i);
    }
    CHECK(LOS_PaddrQuery(p) == pages[0]->physAddr, "LOS_PaddrQuery");
    HalHostLogStart();
    LOS_Vunmap(p);
    HalHostLogStop();
    CHECK(HalHostLogCountOf(HAL_LOG_REG_WRITE, MMU_REG_TLBIMVAA, HAL_LOG_ANY) == 3U, "one TLBIMVAA per page");
    for (UINT32 i = 0U; i < 3U; i++) {
        CHECK(LOS_AtomicRead(&pages[i]->refCounts) == 1, "page %u still the caller's", i);
    }
    CHECK(VmTestFreePages() == freeBefore, "tables back");
    /* refused: no pages, a NULL entry, a free page, user permission, a huge count */
    LosVmPage *bad[2] = { pages[0], NULL };
    CHECK(LOS_Vmap(NULL, 1U, KRW) == NULL && LOS_Vmap(pages, 0U, KRW) == NULL && LOS_Vmap(bad, 2U, KRW) == NULL,
          "bad lists");
    CHECK(LOS_Vmap(&freePage, 1U, KRW) == NULL, "a free page");
    CHECK(LOS_Vmap(pages, 1U, KRW | VM_MAP_REGION_FLAG_PERM_USER) == NULL, "user access");
    CHECK(LOS_Vmap(pages, 0xFFFFFFFFU, KRW) == NULL, "count beyond the area");
    CHECK(LOS_AtomicRead(&pages[0]->refCounts) == 1 && VmTestFreePages() == freeBefore, "nothing changed");
    for (UINT32 i = 0U; i < 3U; i++) {
        LOS_PhysPageFree(pages[i]);
    }
    return FwTestResult("fw.space.linux_vmap");
}

static int TestIoremap(VOID)
{
    Boot();
    Release();
    const LosVmLayout *l = OsVmLayoutGet();
    UINT32 freeBefore = VmTestFreePages();
    VOID *p = LOS_Ioremap(0x10000123U, 0x2000U);          /* spans 3 pages */
    REQUIRE(p != NULL, "ioremap");
    VADDR_T va = (VADDR_T)(UINTPTR)p;
    CHECK((va & 0xFFFU) == 0x123U && va >= l->vmallocBase && va < l->vmallocEnd, "offset kept: %#x", va);
    for (UINT32 i = 0U; i < 3U; i++) {
        VmTestWalkResult w;
        VmTestWalkSpace(LOS_GetKVmSpace(), (va & ~0xFFFU) + i * 0x1000U, &w);
        CHECK(w.mapped && w.pa == 0x10000000U + i * 0x1000U, "page %u", i);
        CHECK(w.tex == 0U && w.c == 0U && w.b == 1U && w.xn == 1U && w.ap == 1U, "page %u: device, XN, kernel RW", i);
    }
    VmTestWalkResult w;
    VmTestWalkSpace(LOS_GetKVmSpace(), (va & ~0xFFFU) + 0x3000U, &w);
    CHECK(!w.mapped, "three pages only");
    CHECK(LOS_Ioremap(RAM_BASE, 0x1000U) == NULL && LOS_Ioremap(HIGH_PA - 0x1000U, 0x2000U) == NULL, "RAM refused");
    CHECK(LOS_Ioremap(0x10000000U, 0U) == NULL && LOS_Ioremap(0xFFFFF000U, 0x2000U) == NULL &&
          LOS_Ioremap(0x10000000U, (size_t)-1) == NULL, "empty, wrapping, huge");
    LOS_Iounmap((VOID *)(UINTPTR)(va + 0x1000U));          /* not the address ioremap returned */
    VmTestWalkSpace(LOS_GetKVmSpace(), va, &w);
    CHECK(w.mapped, "an interior address is ignored");
    LOS_Iounmap(p);
    VmTestWalkSpace(LOS_GetKVmSpace(), va, &w);
    CHECK(!w.mapped && VmTestFreePages() == freeBefore, "unmapped, tables back");
    return FwTestResult("fw.space.linux_ioremap");
}

static int TestKmapAtomic(VOID)
{
    Boot();
    const UINT32 slot = 0x1000U;
    LosVmPage *high[LINUX_KM_TYPE_NR + 1U];
    for (UINT32 i = 0U; i <= LINUX_KM_TYPE_NR; i++) {
        high[i] = Own(HIGH_PA + i * 0x1000U);
    }
    LosVmPage *low = Own(RAM_BASE + 0x5000U);
    Release();
    CHECK(LOS_KmapAtomic(low, 0U) == 0xC0005000U && LOS_KmapAtomicDepth(0U) == 0U, "low page: direct address");
    VADDR_T a = LOS_KmapAtomic(high[0], 0U);
    VADDR_T b = LOS_KmapAtomic(high[1], 0U);
    VADDR_T c = LOS_KmapAtomic(high[2], 1U);
    CHECK(a == 0xFFC00000U && b == 0xFFC00000U + slot, "cpu 0 nests upwards: %#x %#x", a, b);
    CHECK(c == 0xFFC00000U + LINUX_KM_TYPE_NR * slot, "cpu 1 starts KM_TYPE_NR slots on: %#x", c);
    VmTestWalkResult w;
    VmTestWalkSpace(LOS_GetKVmSpace(), b + 4U, &w);
    CHECK(w.mapped && w.pa == high[1]->physAddr + 4U && w.ng == 0U && w.c == 1U && w.ap == 1U, "slot maps the page");
    CHECK(LOS_KunmapAtomic(a, 0U) == LOS_ERRNO_VM_INVALID_ARGS, "outer first: refused");
    VmTestWalkSpace(LOS_GetKVmSpace(), a, &w);
    CHECK(w.mapped && LOS_KmapAtomicDepth(0U) == 2U, "nothing changed");
    CHECK(LOS_KunmapAtomic(c, 0U) == LOS_ERRNO_VM_INVALID_ARGS, "another CPU's slot: refused");
    HalHostLogStart();
    CHECK(LOS_KunmapAtomic(b, 0U) == LOS_OK && LOS_KunmapAtomic(a, 0U) == LOS_OK, "inner, then outer");
    HalHostLogStop();
    CHECK(HalHostLogCountOf(HAL_LOG_REG_WRITE, MMU_REG_TLBIMVAA, a) == 1U &&
          HalHostLogCountOf(HAL_LOG_REG_WRITE, MMU_REG_TLBIMVAA, b) == 1U, "TLBIMVAA of each slot");
    CHECK(LOS_KunmapAtomic(a, 0U) == LOS_ERRNO_VM_INVALID_ARGS, "nothing left to unmap");
    CHECK(LOS_KunmapAtomic(0xC0005000U, 0U) == LOS_OK, "a low page's address: nothing to do");
    /* exhaustion: KM_TYPE_NR nested on one CPU, then refusal */
    for (UINT32 i = 0U; i < LINUX_KM_TYPE_NR; i++) {
        CHECK(LOS_KmapAtomic(high[i], 2U) == 0xFFC00000U + (2U * LINUX_KM_TYPE_NR + i) * slot, "nest %u", i);
    }
    CHECK(LOS_KmapAtomic(high[LINUX_KM_TYPE_NR], 2U) == 0U && LOS_KmapAtomicDepth(2U) == LINUX_KM_TYPE_NR,
          "KM_TYPE_NR + 1 deep: refused");
    for (UINT32 i = LINUX_KM_TYPE_NR; i > 0U; i--) {
        CHECK(LOS_KunmapAtomic(0xFFC00000U + (2U * LINUX_KM_TYPE_NR + i - 1U) * slot, 2U) == LOS_OK, "unwind %u", i);
    }
    CHECK(LOS_KmapAtomic(high[0], LINUX_NR_CPUS) == 0U && LOS_KunmapAtomic(a, LINUX_NR_CPUS) ==
          LOS_ERRNO_VM_INVALID_ARGS && LOS_KmapAtomic(NULL, 0U) == 0U, "bad CPU, NULL page");
    CHECK(LOS_KunmapAtomic(c, 1U) == LOS_OK, "cpu 1 unwinds");
    /* The LiteOS-A profile has no fixmap. */
    VmTestBoot(VM_LAYOUT_LITEOS, 0, 0, 0, FALSE);
    CHECK(LOS_KmapAtomic(LOS_VmPageGet(LOS_GetKVmSpace()->archMmu.physTtb), 0U) == 0U, "no fixmap in LiteOS-A");
    return FwTestResult("fw.space.linux_kmap_atomic");
}

int main(int argc, char **argv)
{
    static const FwTestCase cases[] = {
        { "vmap", TestVmap }, { "ioremap", TestIoremap }, { "kmap_atomic", TestKmapAtomic },
    };
    return FW_TEST_RUN_CASE(argc, argv, cases);
}
