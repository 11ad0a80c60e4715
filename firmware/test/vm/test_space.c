/*
 * Address spaces and layouts, selected by argv[1]:
 *   liteos   LiteOS-A layout: address checks at every boundary, getters, direct map and its
 *            uncached alias, LOS_PaddrQuery for host pointers and simulated VAs
 *   linux    Linux layout: 3 GiB / 1 GiB, TTBCR.N = 0, 16 KiB process tables sharing the
 *            kernel's entries (also entries added later), __pa/__va
 *   highmem  1 GiB of RAM with the default 896 MiB lowmem limit: high memory only through
 *            LOS_Kmap windows
 *   vmalloc  LOS_VMalloc/LOS_VFree: page granular, physically scattered, nothing leaked
 *   destroy  create, populate (anon, file, device), fork and destroy: nothing leaked
 */
#include "vm_test.h"
#include "vm_private.h"
#include "los_vm_phys.h"
#include "los_memory.h"
#include "vmcosim/mmu_regs.h"
#include <string.h>

#define URW (VM_MAP_REGION_FLAG_PERM_READ | VM_MAP_REGION_FLAG_PERM_WRITE | VM_MAP_REGION_FLAG_PERM_USER)

static int TestLiteos(VOID)
{
    VmTestBoot(VM_LAYOUT_LITEOS, 0, 0, 0, FALSE);
    PADDR_T ram = HalMemConfigGet()->ramBase;
    UINT32 ramSize = HalMemConfigGet()->ramSize;
    CHECK(HalHostRegPeek(MMU_REG_TTBCR) == 2U, "TTBCR.N = 2");
    /* user space 0x01000000 .. 0x3F000000 */
    CHECK(!LOS_IsUserAddress(0x00FFFFFFU) && LOS_IsUserAddress(0x01000000U), "user low bound");
    CHECK(LOS_IsUserAddress(0x3EFFFFFFU) && !LOS_IsUserAddress(0x3F000000U), "user high bound");
    CHECK(LOS_IsUserAddressRange(0x3EFFF000U, 0x1000U) && !LOS_IsUserAddressRange(0x3EFFF000U, 0x1001U), "range top");
    CHECK(!LOS_IsUserAddressRange(0x01000000U, 0U), "empty range");
    CHECK(!LOS_IsUserAddressRange(0x00FFF000U, 0x2000U), "starting below");
    /* kernel space 0x40000000 .. 0xFFFFFFFF */
    CHECK(!LOS_IsKernelAddress(0x3FFFFFFFU) && LOS_IsKernelAddress(0x40000000U) && LOS_IsKernelAddress(0xFFFFFFFFU), "kernel");
    CHECK(LOS_IsKernelAddressRange(0xFFFFF000U, 0x1000U) && !LOS_IsKernelAddressRange(0xFFFFF000U, 0x1001U), "wrap");
    CHECK(!LOS_IsKernelAddressRange(0x3FFFF000U, 0x2000U), "starting in user space");
    CHECK(!LOS_IsVmallocAddress(VMALLOC_START - 1U) && LOS_IsVmallocAddress(VMALLOC_START) &&
          LOS_IsVmallocAddress(VMALLOC_START + VMALLOC_SIZE - 1U) && !LOS_IsVmallocAddress(VMALLOC_START + VMALLOC_SIZE),
          "vmalloc bounds");
    /* getters */
    LosVmSpace *k = LOS_GetKVmSpace();
    LosVmSpace *v = LOS_GetVmallocSpace();
    CHECK(k->base == KERNEL_ASPACE_BASE && k->size == KERNEL_ASPACE_SIZE, "kernel space");
    CHECK(v->base == VMALLOC_START && v->size == VMALLOC_SIZE, "vmalloc space");
    CHECK(LOS_CurrSpaceGet() == k, "kernel current at boot");
    CHECK(LOS_SpaceGet(0x40000000U) == k && LOS_SpaceGet(VMALLOC_START) == v && LOS_SpaceGet(0x01000000U) == NULL &&
          LOS_SpaceGet(0x00001000U) == NULL, "LOS_SpaceGet");
    LosVmSpace *u = OsCreateUserVmSpace();
    REQUIRE(u != NULL, "user space");
    CHECK(u->base == USER_ASPACE_BASE && u->size == USER_ASPACE_SIZE, "user space range");
    OsVmSpaceSwitch(u);
    CHECK(LOS_CurrSpaceGet() == u && LOS_SpaceGet(0x01000000U) == u, "user current");
    UINT32 listed = 0;
    LosVmSpace *s;
    BOOL sawK = FALSE, sawV = FALSE, sawU = FALSE;
    LOS_DL_LIST_FOR_EACH_ENTRY(s, LOS_GetVmSpaceList(), LosVmSpace, node) {
        listed++;
        sawK |= (s == k);
        sawV |= (s == v);
        sawU |= (s == u);
    }
    CHECK(listed == 3U && sawK && sawV && sawU, "space list");
    /* direct map: cached, executable; alias: uncached, XN */
    CHECK(LOS_VmDirectVa(ram) == KERNEL_VMM_BASE && LOS_VmDirectPa(KERNEL_VMM_BASE + 0x1234U) == ram + 0x1234U, "__va/__pa");
    CHECK(LOS_VmDirectVa(ram + ramSize) == 0U && LOS_VmDirectPa(KERNEL_VMM_BASE + ramSize) == 0U, "outside RAM");
    VmTestWalkResult w;
    VmTestWalkSpace(u, KERNEL_VMM_BASE + 0x345678U, &w);
    CHECK(w.mapped && w.ttbr == 1U && w.pa == ram + 0x345678U && w.tex == 1U && w.c == 1U && w.b == 1U &&
          w.xn == 0U && w.ng == 0U && w.ap == 1U && w.pageSize == 0x100000U, "direct map through TTBR1");
    VmTestWalkSpace(u, UNCACHED_VMM_BASE + 0x345678U, &w);
    CHECK(w.mapped && w.pa == ram + 0x345678U && w.tex == 1U && w.c == 0U && w.b == 0U && w.xn == 1U,
          "uncached alias");
    CHECK(LOS_VmUncachedVa(ram + 0x10U) == UNCACHED_VMM_BASE + 0x10U, "alias address");
    VmTestWalkSpace(u, UNCACHED_VMM_BASE + ramSize, &w);
    CHECK(!w.mapped, "alias ends with RAM");
    CHECK(VmTestCrossCheck(k, KERNEL_VMM_BASE + ramSize - 0x2000U, 4U) == 0U, "cross-check direct map end");
    /* LOS_PaddrQuery: host pointers and simulated VAs */
    VOID *heap = LOS_KernelMalloc(100U);
    BOOL ok = FALSE;
    CHECK(heap != NULL && LOS_PaddrQuery(heap) == HalHostToPhys(heap, &ok) && ok, "heap pointer");
    CHECK(LOS_PaddrQuery((VOID *)(UINTPTR)(KERNEL_VMM_BASE + 0x5000U)) == ram + 0x5000U, "direct-map VA");
    CHECK(LOS_PaddrQuery((VOID *)(UINTPTR)0xB0000000U) == 0U, "unmapped kernel VA");
    LOS_KernelFree(heap);
    OsVmSpaceSwitch(NULL);
    CHECK(LOS_CurrSpaceGet() == k, "back to the kernel");
    LOS_VmSpaceFree(u);
    return FwTestResult("fw.space.liteos_layout");
}

static int TestLinux(VOID)
{
    VmTestBoot(VM_LAYOUT_LINUX, 0, 0, 0, FALSE);
    PADDR_T ram = HalMemConfigGet()->ramBase;
    UINT32 ramSize = HalMemConfigGet()->ramSize;
    const LosVmLayout *l = OsVmLayoutGet();
    CHECK(HalHostRegPeek(MMU_REG_TTBCR) == 0U, "TTBCR.N = 0");
    CHECK(!LOS_IsUserAddress(0x0000FFFFU) && LOS_IsUserAddress(0x00010000U) && LOS_IsUserAddress(0xBEFFFFFFU) &&
          !LOS_IsUserAddress(0xBF000000U), "user 0x10000..0xBF000000");
    CHECK(!LOS_IsKernelAddress(0xBFFFFFFFU) && LOS_IsKernelAddress(0xC0000000U), "kernel from PAGE_OFFSET");
    /* high_memory = PAGE_OFFSET + RAM (64 MiB < 896 MiB), vmalloc 8 MiB above it */
    CHECK(l->directSize == ramSize, "all RAM is lowmem");
    CHECK(l->vmallocBase == 0xC0000000U + ramSize + 0x00800000U, "VMALLOC_START %#x", l->vmallocBase);
    CHECK(LOS_IsVmallocAddress(l->vmallocBase) && !LOS_IsVmallocAddress(l->vmallocBase - 1U) &&
          LOS_IsVmallocAddress(0xFEFFFFFFU) && !LOS_IsVmallocAddress(0xFF000000U), "vmalloc bounds");
    CHECK(LOS_VmDirectVa(ram + 0x1000U) == 0xC0001000U && LOS_VmDirectPa(0xC0001000U) == ram + 0x1000U, "__va/__pa");
    CHECK(LOS_VmUncachedVa(ram) == 0U, "no uncached alias in this profile");

    LosVmSpace *u = OsCreateUserVmSpace();
    REQUIRE(u != NULL, "user space");
    CHECK(u->archMmu.l1Entries == 4096U && (u->archMmu.physTtb & 0x3FFFU) == 0U, "16 KiB aligned process table");
    CHECK(u->base == 0x00010000U && u->size == 0xBF000000U - 0x00010000U, "user range");
    VmTestWalkResult w;
    VmTestWalkSpace(u, 0xC0123456U, &w);
    CHECK(w.mapped && w.ttbr == 0U && w.pa == ram + 0x123456U && w.ng == 0U, "kernel entries in the process table");
    /* A kernel entry added later (vmalloc needs a new level-2 table) reaches the process
     * table too, and leaves it when unmapped. */
    VOID *p = LOS_VMalloc(0x3000U);
    REQUIRE(p != NULL, "vmalloc");
    VADDR_T va = (VADDR_T)(UINTPTR)p;
    VmTestWalkSpace(u, va + 0x2000U, &w);
    CHECK(w.mapped && w.pa == LOS_PaddrQuery((VOID *)(UINTPTR)(va + 0x2000U)), "vmalloc visible in the process");
    CHECK(VmTestCrossCheck(LOS_GetVmallocSpace(), va, 3U) == 0U, "cross-check vmalloc");
    /* user mappings go below TASK_SIZE, above 3 GiB is refused for the process table */
    CHECK(LOS_ArchMmuMap(&u->archMmu, 0xC8000000U, ram, 1U, URW) == LOS_ERRNO_VM_INVALID_ARGS, "no user map in kernel half");
    CHECK(LOS_ArchMmuMap(&u->archMmu, 0xA0000000U, ram, 1U, URW) == 1, "user map at 2.5 GiB");
    OsVmSpaceSwitch(u);
    CHECK(HalHostRegPeek(MMU_REG_TTBR0) == u->archMmu.physTtb, "TTBR0 is the process table");
    CHECK(LOS_SpaceGet(0xA0000000U) == u, "LOS_SpaceGet user");
    CHECK(VmTestCrossCheck(u, 0xA0000000U, 2U) == 0U, "cross-check user");
    LOS_VFree(p);
    VmTestWalkSpace(u, va, &w);
    CHECK(!w.mapped, "vmalloc gone from the process table");
    PTE_T l1 = 0;
    memcpy(&l1, HalPhysToHost(u->archMmu.physTtb + ((va >> 20) << 2)), 4);
    CHECK(l1 == 0U, "level-1 copy cleared too: %#x", l1);
    LOS_ArchMmuUnmap(&u->archMmu, 0xA0000000U, 1U);
    LOS_VmSpaceFree(u);
    return FwTestResult("fw.space.linux_layout");
}

static int TestHighmem(VOID)
{
    /* 1 GiB of RAM at 0x80000000 (mmap'd lazily), default lowmem limit 896 MiB. */
    VmTestBoot(VM_LAYOUT_LINUX, 0x80000000U, 0x40000000U, 0, FALSE);
    const LosVmLayout *l = OsVmLayoutGet();
    CHECK(l->directSize == 0x38000000U, "896 MiB direct map");
    CHECK(l->vmallocBase == 0xF8800000U, "vmalloc at high_memory + 8 MiB: %#x", l->vmallocBase);
    PADDR_T lowPa = 0x80000000U + 0x37FFF000U;
    PADDR_T highPa = 0x80000000U + 0x38000000U;
    CHECK(!LOS_IsHighMem(lowPa) && LOS_IsHighMem(highPa), "boundary");
    CHECK(LOS_VmDirectVa(highPa) == 0U && LOS_VmDirectVa(lowPa) == 0xF7FFF000U, "no __va for high memory");
    VmTestWalkResult w;
    VmTestWalkSpace(LOS_GetKVmSpace(), 0xF8000000U, &w);
    CHECK(!w.mapped, "nothing direct-mapped above high_memory");

    LosVmPage *low = LOS_VmPageGet(lowPa);
    LosVmPage *high = LOS_VmPageGet(highPa + 0x5000U);
    LosVmPage *high2 = LOS_VmPageGet(highPa + 0x9000U);
    REQUIRE(low && high && high2, "page structs");
    CHECK(LOS_Kmap(low) == 0xF7FFF000U && LOS_KmapSlotsInUse() == 0U, "low page: direct address");
    VADDR_T k1 = LOS_Kmap(high);
    CHECK(k1 >= LINUX_PKMAP_BASE && k1 < LINUX_PKMAP_BASE + LINUX_PKMAP_PAGES * 4096U, "kmap window %#x", k1);
    VmTestWalkSpace(LOS_GetKVmSpace(), k1, &w);
    CHECK(w.mapped && w.pa == high->physAddr && w.ng == 0U, "kmap maps the page");
    CHECK(LOS_Kmap(high) == k1 && LOS_KmapSlotsInUse() == 1U, "same page, same slot");
    VADDR_T k2 = LOS_Kmap(high2);
    CHECK(k2 != k1 && LOS_KmapSlotsInUse() == 2U, "second slot");
    /* write through the window, read back at the physical address */
    CHECK(VmTestWrite32(LOS_GetKVmSpace(), k1 + 8U, 0xCAFEF00DU), "write via kmap");
    UINT32 v = HalPhysRead32(high->physAddr + 8U);
    CHECK(v == 0xCAFEF00DU, "read %#x", v);
    LOS_Kunmap(high);
    VmTestWalkSpace(LOS_GetKVmSpace(), k1, &w);
    CHECK(w.mapped, "still mapped with one user left");
    HalHostLogStartMask(HAL_LOG_MASK(HAL_LOG_REG_WRITE));
    LOS_Kunmap(high);
    CHECK(HalHostLogCountOf(HAL_LOG_REG_WRITE, MMU_REG_TLBIMVAA, k1) == 1U, "TLBIMVAA on the last kunmap");
    VmTestWalkSpace(LOS_GetKVmSpace(), k1, &w);
    CHECK(!w.mapped && LOS_KmapSlotsInUse() == 1U, "unmapped");
    LOS_Kunmap(high2);
    CHECK(LOS_KmapSlotsInUse() == 0U, "all slots free");

    /* A smaller lowmem limit, in the LiteOS-A profile: RAM above it is high memory too. */
    VmTestBoot(VM_LAYOUT_LITEOS, 0x80000000U, 0x08000000U, 0x02000000U, FALSE);
    CHECK(LOS_IsHighMem(0x82000000U) && !LOS_IsHighMem(0x81FFF000U), "32 MiB lowmem");
    LosVmPage *h = LOS_VmPageGet(0x83000000U);
    VADDR_T kv = LOS_Kmap(h);
    CHECK(kv == KMAP_BASE, "first kmap slot %#x", kv);
    CHECK(LOS_PaddrQuery((VOID *)(UINTPTR)(kv + 4U)) == 0x83000004U, "PaddrQuery on a kmap address");
    LOS_Kunmap(h);
    return FwTestResult("fw.space.highmem_kmap");
}

static int TestVmalloc(VOID)
{
    VmTestBoot(VM_LAYOUT_LITEOS, 0, 0, 0, FALSE);
    UINT32 free0 = VmTestFreePages();
    /* Fragment memory so that the pages vmalloc gets cannot all be contiguous. */
    static LosVmPage *pages[64];
    for (UINT32 i = 0; i < 64U; i++) {
        pages[i] = LOS_PhysPageAlloc();
    }
    for (UINT32 i = 0; i < 64U; i += 2U) {
        LOS_PhysPageFree(pages[i]);
    }
    UINT32 free1 = VmTestFreePages();
    VOID *p = LOS_VMalloc(3U * 4096U + 1U);
    REQUIRE(p != NULL, "vmalloc");
    VADDR_T va = (VADDR_T)(UINTPTR)p;
    CHECK(LOS_IsVmallocAddress(va) && (va & 0xFFFU) == 0U, "page aligned in the vmalloc area: %#x", va);
    LosVmMapRegion *r = LOS_RegionFind(LOS_GetVmallocSpace(), va);
    CHECK(r != NULL && r->range.size == 4U * 4096U && LOS_IsRegionTypeAnon(r), "4-page region");
    PADDR_T pa[4];
    BOOL contiguous = TRUE;
    for (UINT32 i = 0; i < 4U; i++) {
        pa[i] = LOS_PaddrQuery((VOID *)(UINTPTR)(va + i * 4096U + 12U)) - 12U;
        CHECK(pa[i] != (PADDR_T)-12 && LOS_VmPageGet(pa[i]) != NULL, "page %u is RAM", i);
        if (i > 0U && pa[i] != pa[i - 1U] + 4096U) {
            contiguous = FALSE;
        }
    }
    CHECK(!contiguous, "physically scattered pages");
    CHECK(VmTestCrossCheck(LOS_GetVmallocSpace(), va - 4096U, 6U) == 0U, "cross-check");
    VmTestWalkResult w;
    VmTestWalkSpace(LOS_GetVmallocSpace(), va, &w);
    CHECK(w.ap == 1U && w.xn == 1U && w.ng == 0U && w.tex == 1U && w.c == 1U && w.b == 1U,
          "kernel RW, XN, global, cached");
    CHECK(VmTestWrite32(LOS_GetVmallocSpace(), va + 3U * 4096U + 16U, 0x12345678U), "write last page");
    CHECK(HalPhysRead32(pa[3] + 16U) == 0x12345678U, "seen at its PA");
    VOID *q = LOS_VMalloc(4096U);
    CHECK(q != NULL && (VADDR_T)(UINTPTR)q == va + 4U * 4096U, "next allocation follows");
    CHECK(LOS_VMalloc(0U) == NULL && LOS_VMalloc(0x7FFFFFFFU) == NULL, "0 and too big");
    LOS_VFree(q);
    LOS_VFree((VOID *)(UINTPTR)(va + 4096U));   /* not the start: ignored */
    CHECK(LOS_RegionFind(LOS_GetVmallocSpace(), va) != NULL, "still there");
    HalHostLogStartMask(HAL_LOG_MASK(HAL_LOG_REG_WRITE));
    LOS_VFree(p);
    CHECK(HalHostLogCountOf(HAL_LOG_REG_WRITE, MMU_REG_TLBIMVAA, HAL_LOG_ANY) == 4U, "4 TLBIMVAA");
    CHECK(LOS_RegionFind(LOS_GetVmallocSpace(), va) == NULL, "region gone");
    CHECK(VmTestFreePages() == free1, "vmalloc leaked nothing: %u vs %u", VmTestFreePages(), free1);
    /* Out of memory: nothing leaked, NULL. */
    LOS_DL_LIST_HEAD(hog);
    size_t got = LOS_PhysPagesAlloc(VmTestFreePages() - 2U, &hog);
    (VOID)got;
    CHECK(LOS_VMalloc(8U * 4096U) == NULL, "no memory");
    CHECK(VmTestFreePages() == 2U, "still 2 free: %u", VmTestFreePages());
    LOS_PhysPagesFree(&hog);
    for (UINT32 i = 1; i < 64U; i += 2U) {
        LOS_PhysPageFree(pages[i]);
    }
    CHECK(VmTestFreePages() == free0, "all back");
    return FwTestResult("fw.vmalloc.basic");
}

static int TestDestroy(VOID)
{
    VmTestBoot(VM_LAYOUT_LITEOS, 0, 0, 0, TRUE);
    UINT32 free0 = VmTestFreePages();
    LosVmSpace *sp = OsCreateUserVmSpace();
    REQUIRE(sp != NULL, "space");
    VADDR_T a, f, d;
    LosVmMmapArgs anon = { 0U, 0x40000U, URW, VM_MAP_REGION_FLAG_PRIVATE | VM_MMAP_POPULATE,
                           VM_MAP_REGION_TYPE_ANON, 0U, 0U, 0U };
    LosVmMmapArgs file = { 0U, 0x8000U, VM_MAP_REGION_FLAG_PERM_READ, VM_MAP_REGION_FLAG_SHARED | VM_MMAP_POPULATE,
                           VM_MAP_REGION_TYPE_FILE, 5U, 2U, 0U };
    LosVmMmapArgs shm = { 0U, 0x3000U, URW, VM_MAP_REGION_FLAG_SHARED | VM_MMAP_POPULATE,
                          VM_MAP_REGION_TYPE_ANON, 0U, 0U, 0U };
    VADDR_T s;
    CHECK(OsVmMmap(sp, &shm, &s) == LOS_OK, "shared anon");
    LosVmMmapArgs dev = { 0U, 0x2000U, URW, VM_MAP_REGION_FLAG_SHARED | VM_MMAP_POPULATE,
                          VM_MAP_REGION_TYPE_DEV, 0U, 0U, 0x10000000U };
    CHECK(OsVmMmap(sp, &anon, &a) == LOS_OK, "anon");
    CHECK(OsVmMmap(sp, &file, &f) == LOS_OK, "file");
    CHECK(OsVmMmap(sp, &dev, &d) == LOS_OK, "dev");
    LosVmSpace *child = OsVmSpaceFork(sp);
    REQUIRE(child != NULL, "fork");
    CHECK(free0 - VmTestFreePages() >= 64U + 8U, "pages in use: %u", free0 - VmTestFreePages());
    CHECK(OsVmFileCachePages() == 8U, "8 file pages cached");
    UINT32 asidA = sp->archMmu.asid, asidB = child->archMmu.asid;
    HalHostLogStartMask(HAL_LOG_MASK(HAL_LOG_REG_WRITE));
    CHECK(LOS_VmSpaceFree(child) == LOS_OK, "free child");
    CHECK(LOS_VmSpaceFree(sp) == LOS_OK, "free parent");
    CHECK(HalHostLogCountOf(HAL_LOG_REG_WRITE, MMU_REG_TLBIASID, asidA) == 1U &&
          HalHostLogCountOf(HAL_LOG_REG_WRITE, MMU_REG_TLBIASID, asidB) == 1U, "TLBIASID for both");
    CHECK(HalHostLogCountOf(HAL_LOG_REG_WRITE, MMU_REG_TLBIMVA, HAL_LOG_ANY) == 0U,
          "no per-page maintenance when a whole space goes");
    LosL2PoolStats st;
    OsArchMmuL2PoolStats(&st);
    CHECK(VmTestFreePages() == free0, "free pages restored: %u vs %u", VmTestFreePages(), free0);
    CHECK(st.tables == 0U && st.pages == 0U, "no level-2 tables left");
    CHECK(OsArchMmuAsidsInUse() == 0U, "no ASIDs left");
    CHECK(OsVmFileCachePages() == 0U, "file cache empty");
    CHECK(OsVmAnonObjectsLive() == 0U, "no shared anonymous objects left");
    CHECK(OsVmPhysBadFreeCount() == 0U, "no bad frees");
    OsVmPhysInvariantsCheck();
    return FwTestResult("fw.space.create_destroy");
}

int main(int argc, char **argv)
{
    static const FwTestCase tests[] = {
        { "liteos", TestLiteos }, { "linux", TestLinux }, { "highmem", TestHighmem },
        { "vmalloc", TestVmalloc }, { "destroy", TestDestroy },
    };
    return FW_TEST_RUN_CASE(argc, argv, tests);
}
