/*
 * Hostile arguments to the public API (issue 18's reproducers), selected by argv[1]; each case
 * failed (crashed, hung, corrupted or answered wrongly) before its fix:
 *   d1      a region's type changed Dev -> Anon keeps no stale type data; a mapped region keeps
 *           its type; a shared object is released with its type
 *   d2      the kernel space is the direct-map window: no kernel region over vmalloc memory
 *   d3      LOS_VaddrToPaddrMmap refuses free RAM pages
 *   d4      range predicates with lengths that wrap 64-bit sums
 *   d5      LOS_ArchMmuMap/Unmap/ChangeProt/Move with page counts whose byte size overflows
 *   d6      LOS_VaddrToPaddrMmap of kernel-heap memory, then LOS_RegionFree
 *   d7      LOS_UserSpaceVmAlloc: a hint address, and ptr == NULL
 *   offset  file offsets 2^44 bytes apart are different pages; offsets that wrap are refused
 */
#include "vm_test.h"
#include "vm_private.h"
#include "los_vm_phys.h"
#include <stdint.h>
#include <string.h>

#define URW (VM_MAP_REGION_FLAG_PERM_READ | VM_MAP_REGION_FLAG_PERM_WRITE | VM_MAP_REGION_FLAG_PERM_USER)
#define KRW (VM_MAP_REGION_FLAG_PERM_READ | VM_MAP_REGION_FLAG_PERM_WRITE)

static LosVmSpace *UserSpace(VOID)
{
    LosVmSpace *sp = OsCreateUserVmSpace();
    REQUIRE(sp != NULL, "space");
    OsVmSpaceSwitch(sp);
    return sp;
}

static int TestD1(VOID)
{
    VmTestBoot(VM_LAYOUT_LITEOS, 0, 0, 0, FALSE);
    LosVmSpace *sp = UserSpace();
    UINT32 freeAtStart = VmTestFreePages();

    /* Dev data left behind must not be read as the anonymous object. */
    LosVmMapRegion *r = LOS_RegionAlloc(sp, 0x01000000U, 0x1000U, URW, 0U);
    REQUIRE(r != NULL, "region");
    LOS_SetRegionTypeDev(r);
    r->unTypeData.rd.paddr = 0x10000000U;
    LOS_SetRegionTypeAnon(r);
    CHECK(LOS_IsRegionTypeAnon(r) && r->unTypeData.ra.shared == NULL, "anon with no stale object");
    CHECK(LOS_RegionFree(sp, r) == LOS_OK, "free");

    /* A shared anonymous object goes with its type. */
    LosVmMmapArgs a = { 0U, 0x2000U, URW, VM_MAP_REGION_FLAG_SHARED, VM_MAP_REGION_TYPE_ANON, 0U, 0U, 0U };
    VADDR_T va = 0U;
    UINT32 live = OsVmAnonObjectsLive();
    REQUIRE(OsVmMmap(sp, &a, &va) == LOS_OK, "mmap shared");
    CHECK(OsVmAnonObjectsLive() == live + 1U, "object made");
    r = LOS_RegionFind(sp, va);
    LOS_SetRegionTypeFile(r);
    CHECK(LOS_IsRegionTypeFile(r) && OsVmAnonObjectsLive() == live, "object released with the type");
    CHECK(LOS_RegionFree(sp, r) == LOS_OK, "free file-typed");

    /* A region with pages mapped keeps its type (its pages' references follow it). */
    a.flags = VM_MAP_REGION_FLAG_PRIVATE | VM_MMAP_POPULATE;
    REQUIRE(OsVmMmap(sp, &a, &va) == LOS_OK, "mmap populated");
    r = LOS_RegionFind(sp, va);
    LOS_SetRegionTypeDev(r);
    CHECK(LOS_IsRegionTypeAnon(r), "mapped region keeps its type");
    CHECK(LOS_RegionFree(sp, r) == LOS_OK, "free populated");
    LOS_SetRegionTypeDev(NULL);                               /* ignored */
    CHECK(VmTestFreePages() == freeAtStart, "nothing leaked: %u vs %u", VmTestFreePages(), freeAtStart);
    OsVmPhysInvariantsCheck();
    return FwTestResult("fw.hostile.d1");
}

static VOID D2Profile(LosVmLayoutProfile profile)
{
    VmTestBoot(profile, 0, 0, 0, FALSE);
    const LosVmLayout *l = OsVmLayoutGet();
    LosVmSpace *k = LOS_GetKVmSpace();
    LosVmSpace *v = LOS_GetVmallocSpace();
    CHECK(k->base == l->directBase && (UINT64)k->base + k->size <= l->vmallocBase, "kernel space below vmalloc");
    CHECK((UINT64)k->base + k->size <= v->base || (UINT64)v->base + v->size <= k->base, "spaces disjoint");
    VOID *p = LOS_VMalloc(0x1000U);
    REQUIRE(p != NULL, "vmalloc");
    VADDR_T va = (VADDR_T)(UINTPTR)p;
    PADDR_T pa = LOS_PaddrQuery(p);
    CHECK(LOS_RegionAlloc(k, va, 0x1000U, KRW, 0U) == NULL, "no kernel region over a vmalloc block");
    CHECK(LOS_RegionAlloc(k, va, 0x1000U, KRW | VM_MAP_REGION_FLAG_FIXED, 0U) == NULL, "not even FIXED");
    CHECK(LOS_VaddrToPaddrMmap(k, va, pa, 0x1000U, KRW) == LOS_ERRNO_VM_INVALID_ARGS, "nor by VaddrToPaddrMmap");
    CHECK(LOS_PaddrQuery(p) == pa && LOS_SpaceGet(va) == v, "vmalloc block intact");
    LosVmMapRegion *any = LOS_RegionAlloc(k, 0U, 0x1000U, KRW, 0U);
    CHECK(any == NULL || LOS_IsRangeInSpace(k, any->range.base, 0x1000U), "anywhere stays in the window");
    /* The kmap window and the uncached alias belong to no space: a fault there finds nothing. */
    CHECK(LOS_SpaceGet(l->kmapBase) == NULL, "kmap window in no space");
    CHECK(OsVmPageFaultHandler(l->kmapBase, VM_MAP_PF_FLAG_NOT_PRESENT, NULL) == LOS_ERRNO_VM_NOT_FOUND,
          "fault in the kmap window: no region");
    LOS_VFree(p);
    OsVmPhysInvariantsCheck();
}

static int TestD2(VOID)
{
    D2Profile(VM_LAYOUT_LITEOS);
    D2Profile(VM_LAYOUT_LINUX);
    return FwTestResult("fw.hostile.d2");
}

static int TestD3(VOID)
{
    VmTestBoot(VM_LAYOUT_LITEOS, 0, 0, 0, FALSE);
    LosVmSpace *sp = UserSpace();
    LosVmPage *page = LOS_PhysPageAlloc();
    REQUIRE(page != NULL, "page");
    PADDR_T freePa = page->physAddr;
    LOS_PhysPageFree(page);                                    /* freePa is free now */
    UINT32 freeBefore = VmTestFreePages();
    CHECK(LOS_VaddrToPaddrMmap(sp, 0x01000000U, freePa, 0x1000U, URW) == LOS_ERRNO_VM_INVALID_ARGS,
          "free RAM refused");
    CHECK(LOS_RegionFind(sp, 0x01000000U) == NULL && VmTestFreePages() == freeBefore, "nothing changed");
    /* An owned page: one more reference while mapped. */
    page = LOS_PhysPageAlloc();
    REQUIRE(page != NULL, "page");
    CHECK(LOS_VaddrToPaddrMmap(sp, 0x01000000U, page->physAddr, 0x1000U, URW) == LOS_OK, "owned page");
    CHECK(LOS_AtomicRead(&page->refCounts) == 2, "mapping's reference");
    CHECK(LOS_VaddrToPaddrMmap(sp, 0x01000000U, page->physAddr, 0x1000U, URW) == LOS_ERRNO_VM_BUSY,
          "taken");
    CHECK(LOS_VaddrToPaddrMmap(sp, 0x01000800U, page->physAddr, 0x1000U, URW) == LOS_ERRNO_VM_NOT_VALID,
          "unaligned");
    CHECK(LOS_RegionFree(sp, LOS_RegionFind(sp, 0x01000000U)) == LOS_OK, "free region");
    CHECK(LOS_AtomicRead(&page->refCounts) == 1, "back to the owner's");
    LOS_PhysPageFree(page);
    CHECK(OsVmPhysBadFreeCount() == 0U, "no bad free");
    OsVmPhysInvariantsCheck();
    return FwTestResult("fw.hostile.d3");
}

static int TestD4(VOID)
{
    VmTestBoot(VM_LAYOUT_LITEOS, 0, 0, 0, FALSE);
    LosVmSpace *sp = UserSpace();
    const size_t huge = SIZE_MAX - 0xFFFU;                     /* vaddr + huge wraps a 64-bit sum */
    CHECK(!LOS_IsRangeInSpace(sp, 0x01000000U, huge), "IsRangeInSpace");
    CHECK(!LOS_IsUserAddressRange(0x01000000U, huge), "IsUserAddressRange");
    CHECK(!LOS_IsKernelAddressRange(0x40000000U, huge), "IsKernelAddressRange");
    CHECK(!LOS_IsRangeInSpace(sp, 0x01000000U, SIZE_MAX), "SIZE_MAX");
    CHECK(LOS_RegionRangeFind(sp, 0x01000000U, huge) == NULL, "nothing there");
    LosVmMapRegion *r = LOS_RegionAlloc(sp, 0x02000000U, 0x1000U, URW, 0U);
    REQUIRE(r != NULL, "region");
    CHECK(LOS_RegionRangeFind(sp, 0x01000000U, SIZE_MAX) == r, "a huge range finds it");
    CHECK(LOS_RegionAlloc(sp, 0U, huge, URW, 0U) == NULL && LOS_RegionAlloc(sp, 0x03000000U, huge, URW, 0U) == NULL,
          "huge regions refused");
    /* A length of 4 GiB + 1 page used to round to one page. */
    CHECK(LOS_RegionAlloc(sp, 0x03000000U, (size_t)0x100001000ULL, URW, 0U) == NULL, "4 GiB + 1 page");
    CHECK(OsVmMunmap(sp, 0x02000000U, (size_t)0x100001000ULL) == LOS_ERRNO_VM_INVALID_ARGS &&
          LOS_RegionFind(sp, 0x02000000U) == r, "munmap of 4 GiB + 1 page refused, nothing removed");
    CHECK(LOS_VMalloc(huge) == NULL && LOS_VMalloc((size_t)0x100001000ULL) == NULL, "vmalloc");
    OsRegionTreeCheck(&sp->regionTree);
    return FwTestResult("fw.hostile.d4");
}

static int TestD5(VOID)
{
    VmTestBoot(VM_LAYOUT_LITEOS, 0, 0, 0, FALSE);
    LosVmSpace *a = UserSpace();
    LosVmSpace *b = OsCreateUserVmSpace();
    REQUIRE(b != NULL, "second space");
    LosVmPage *page = LOS_PhysPageAlloc();
    REQUIRE(page != NULL, "page");
    PADDR_T pa = page->physAddr;
    REQUIRE(LOS_ArchMmuMap(&b->archMmu, 0x01000000U, pa, 1U, URW) == 1, "b maps a page");
    UINT32 freeBefore = VmTestFreePages();
    const size_t counts[] = { SIZE_MAX, (size_t)1 << 52, ((size_t)1 << 52) + 1U, ((size_t)1 << 20) + 1U };
    for (size_t i = 0U; i < sizeof(counts) / sizeof(counts[0]); i++) {
        size_t n = counts[i];
        CHECK(LOS_ArchMmuMap(&a->archMmu, 0x01000000U, pa, n, URW) == LOS_ERRNO_VM_INVALID_ARGS, "map %zu", n);
        CHECK(LOS_ArchMmuUnmap(&a->archMmu, 0x01000000U, n) == LOS_ERRNO_VM_INVALID_ARGS, "unmap %zu", n);
        CHECK(LOS_ArchMmuChangeProt(&a->archMmu, 0x01000000U, n, URW) == LOS_ERRNO_VM_INVALID_ARGS, "prot %zu", n);
        CHECK(LOS_ArchMmuMove(&a->archMmu, 0x01000000U, 0x02000000U, n, URW) == LOS_ERRNO_VM_INVALID_ARGS,
              "move %zu", n);
    }
    CHECK(VmTestFreePages() == freeBefore, "no page taken");
    CHECK(LOS_ArchMmuQuery(&a->archMmu, 0x01000000U, NULL, NULL) == LOS_ERRNO_VM_NOT_FOUND, "a unchanged");
    PADDR_T got = 0U;
    CHECK(LOS_ArchMmuQuery(&b->archMmu, 0x01000000U, &got, NULL) == LOS_OK && got == pa, "b unchanged");
    CHECK(VmTestCrossCheck(b, 0x01000000U, 16U) == 0U, "b's table consistent");
    /* The largest count that fits is judged by the range, not refused for its size. */
    CHECK(LOS_ArchMmuUnmap(&a->archMmu, 0x01000000U, 0x3F000U) >= 0, "up to the end of the table unmaps");
    CHECK(LOS_ArchMmuUnmap(&a->archMmu, 0x01000000U, 0x3F001U) == LOS_ERRNO_VM_INVALID_ARGS, "one page past");

    /* Linux profile: a process table's kernel quarter holds copies of the kernel's entries; a
     * move from there (found by the fuzzer) split the direct map's section in the copy and
     * mapped kernel RAM at a user address. */
    VmTestBoot(VM_LAYOUT_LINUX, 0, 0, 0, FALSE);
    LosVmSpace *p = OsCreateUserVmSpace();
    REQUIRE(p != NULL, "Linux process");
    freeBefore = VmTestFreePages();
    CHECK(LOS_ArchMmuMove(&p->archMmu, 0xC000A000U, 0x00008000U, 12U, URW) == LOS_ERRNO_VM_INVALID_ARGS,
          "move out of the kernel quarter");
    CHECK(LOS_ArchMmuMove(&p->archMmu, 0x00008000U, 0xC0100000U, 12U, URW) == LOS_ERRNO_VM_INVALID_ARGS,
          "move into the kernel quarter");
    CHECK(LOS_ArchMmuQuery(&p->archMmu, 0x00008000U, NULL, NULL) == LOS_ERRNO_VM_NOT_FOUND, "nothing at 0x8000");
    CHECK(VmTestFreePages() == freeBefore, "no table taken");
    VmTestWalkResult w;
    VmTestWalkSpace(p, 0xC000A000U, &w);
    CHECK(w.mapped && w.pageSize == 0x100000U, "the direct map's section is whole in the copy");
    return FwTestResult("fw.hostile.d5");
}

static int TestD6(VOID)
{
    VmTestBoot(VM_LAYOUT_LITEOS, 0, 0, 0, FALSE);
    LosVmSpace *sp = UserSpace();
    UINT32 freeAtStart = VmTestFreePages();
    UINT32 sizes[] = { 0x10000U, 0x100U };                    /* own pages; a heap arena's page */
    for (UINT32 i = 0U; i < 2U; i++) {
        VOID *p = LOS_KernelMallocAlign(sizes[i], PAGE_SIZE);
        REQUIRE(p != NULL, "kernel malloc");
        BOOL ok = FALSE;
        PADDR_T pa = HalHostToPhys(p, &ok);
        REQUIRE(ok, "in RAM");
        UINT32 len = ROUNDUP(sizes[i], PAGE_SIZE);
        LosVmPage *first = LOS_VmPageGet(pa);
        INT32 refs = LOS_AtomicRead(&first->refCounts);
        CHECK(LOS_VaddrToPaddrMmap(sp, 0x01000000U, pa, len, URW) == LOS_OK, "map heap memory");
        CHECK(LOS_AtomicRead(&first->refCounts) == refs + 1, "one more reference");
        CHECK(LOS_RegionFree(sp, LOS_RegionFind(sp, 0x01000000U)) == LOS_OK, "free the region");
        CHECK(LOS_AtomicRead(&first->refCounts) == refs, "reference dropped: %d", LOS_AtomicRead(&first->refCounts));
        CHECK(OsVmPhysBadFreeCount() == 0U, "no spurious bad free");
        LOS_KernelFree(p);
    }
    /* Without the mapping's reference, a heap page is still refused by LOS_PhysPageFree. */
    VOID *p = LOS_KernelMalloc(0x10000U);
    BOOL ok = FALSE;
    PADDR_T pa = HalHostToPhys(p, &ok);
    LOS_PhysPageFree(LOS_VmPageGet(pa));
    CHECK(OsVmPhysBadFreeCount() == 1U, "the heap's own reference is the heap's");
    /* Freed by its owner while still mapped: a large block is refused (kept), a small block's
     * arena stays until the mapping goes; nothing is handed out while mapped. */
    CHECK(LOS_VaddrToPaddrMmap(sp, 0x01000000U, pa, 0x10000U, URW) == LOS_OK, "map the large block");
    LOS_KernelFree(p);
    CHECK(OsVmPhysBadFreeCount() == 2U && LOS_AtomicRead(&LOS_VmPageGet(pa)->refCounts) == 2, "refused while mapped");
    CHECK(LOS_RegionFree(sp, LOS_RegionFind(sp, 0x01000000U)) == LOS_OK, "unmap");
    LOS_KernelFree(p);
    CHECK(OsVmPhysBadFreeCount() == 2U, "then freed");
    VOID *small = LOS_KernelMallocAlign(0x100U, PAGE_SIZE);
    REQUIRE(small != NULL, "small block");
    pa = HalHostToPhys(small, &ok);
    CHECK(LOS_VaddrToPaddrMmap(sp, 0x01000000U, pa, 0x1000U, URW) == LOS_OK, "map the small block's page");
    LOS_KernelFree(small);
    OsKHeapInvariantsCheck();
    CHECK(LOS_AtomicRead(&LOS_VmPageGet(pa)->refCounts) == 2, "arena kept while mapped");
    CHECK(LOS_RegionFree(sp, LOS_RegionFind(sp, 0x01000000U)) == LOS_OK, "unmap");
    CHECK(LOS_AtomicRead(&LOS_VmPageGet(pa)->refCounts) == 0, "arena released with the mapping");
    /* Contiguous pages still mapped are not freed either. */
    VOID *c = LOS_PhysPagesAllocContiguous(2U);
    REQUIRE(c != NULL, "contiguous");
    pa = HalHostToPhys(c, &ok);
    CHECK(LOS_VaddrToPaddrMmap(sp, 0x01000000U, pa, 0x2000U, URW) == LOS_OK, "map contiguous pages");
    LOS_PhysPagesFreeContiguous(c, 2U);
    CHECK(OsVmPhysBadFreeCount() == 3U && LOS_AtomicRead(&LOS_VmPageGet(pa)->refCounts) == 2, "refused while mapped");
    CHECK(LOS_RegionFree(sp, LOS_RegionFind(sp, 0x01000000U)) == LOS_OK, "unmap");
    LOS_PhysPagesFreeContiguous(c, 2U);
    OsKHeapInvariantsCheck();
    OsVmPhysInvariantsCheck();
    CHECK(VmTestFreePages() == freeAtStart, "nothing leaked");
    return FwTestResult("fw.hostile.d6");
}

static int TestD7(VOID)
{
    VmTestBoot(VM_LAYOUT_LITEOS, 0, 0, 0, FALSE);
    LosVmSpace *sp = UserSpace();
    VOID *ptr = (VOID *)(UINTPTR)0x02000000U;
    CHECK(LOS_UserSpaceVmAlloc(sp, 0x2000U, &ptr, 0U, URW) == LOS_OK && ptr == (VOID *)(UINTPTR)0x02000000U,
          "hint taken: %p", ptr);
    VOID *again = (VOID *)(UINTPTR)0x02000000U;
    CHECK(LOS_UserSpaceVmAlloc(sp, 0x1000U, &again, 0U, URW) == LOS_OK && again != NULL &&
          again != (VOID *)(UINTPTR)0x02000000U, "busy hint: somewhere else");
    CHECK(LOS_UserSpaceVmAlloc(sp, 0x1000U, NULL, 0U, URW) == LOS_OK, "ptr NULL: anywhere");
    VOID *fixed = (VOID *)(UINTPTR)0x02000000U;
    CHECK(LOS_UserSpaceVmAlloc(sp, 0x1000U, &fixed, 0U, URW | VM_MAP_REGION_FLAG_FIXED) == LOS_OK &&
          fixed == (VOID *)(UINTPTR)0x02000000U, "FIXED replaces");
    CHECK(LOS_UserSpaceVmAlloc(sp, 0x1000U, NULL, 0U, URW | VM_MAP_REGION_FLAG_FIXED) == LOS_ERRNO_VM_INVALID_ARGS,
          "FIXED needs an address");
    VOID *odd = (VOID *)(UINTPTR)0x02100800U;
    CHECK(LOS_UserSpaceVmAlloc(sp, 0x1000U, &odd, 0U, URW) == LOS_OK && IS_PAGE_ALIGNED((UINTPTR)odd),
          "unaligned hint: anywhere");
    OsRegionTreeCheck(&sp->regionTree);
    CHECK(LOS_VmSpaceFree(sp) == LOS_OK, "space freed");
    OsVmPhysInvariantsCheck();
    return FwTestResult("fw.hostile.d7");
}

static int TestOffset(VOID)
{
    VmTestBoot(VM_LAYOUT_LITEOS, 0, 0, 0, FALSE);
    LosVmSpace *sp = UserSpace();
    const VM_OFFSET_T far = (VM_OFFSET_T)1 << 32;             /* byte offset 2^44 */
    LosVmMmapArgs a = { 0U, 0x1000U, URW, VM_MAP_REGION_FLAG_SHARED, VM_MAP_REGION_TYPE_FILE, 7U, 0U, 0U };
    VADDR_T lo = 0U;
    VADDR_T hi = 0U;
    REQUIRE(OsVmMmap(sp, &a, &lo) == LOS_OK, "offset 0");
    a.pgoff = far;
    REQUIRE(OsVmMmap(sp, &a, &hi) == LOS_OK, "offset 2^44");
    const UINT32 fl = VM_MAP_PF_FLAG_WRITE | VM_MAP_PF_FLAG_USER | VM_MAP_PF_FLAG_NOT_PRESENT;
    REQUIRE(OsVmPageFaultHandler(lo, fl, NULL) == LOS_OK && OsVmPageFaultHandler(hi, fl, NULL) == LOS_OK, "faults");
    PADDR_T paLo = 0U;
    PADDR_T paHi = 0U;
    REQUIRE(LOS_ArchMmuQuery(&sp->archMmu, lo, &paLo, NULL) == LOS_OK &&
            LOS_ArchMmuQuery(&sp->archMmu, hi, &paHi, NULL) == LOS_OK, "mapped");
    CHECK(paLo != paHi, "offsets 2^44 apart are different pages");
    CHECK(VmTestWrite32(sp, lo, 0x12345678U), "write low");
    UINT32 v = 0U;
    CHECK(VmTestRead32(sp, hi, &v) && v != 0x12345678U, "not seen at 2^44");
    /* An offset whose end wraps is refused (LiteOS-A: EINVAL). */
    a.pgoff = UINT64_MAX;
    VADDR_T out = 0U;
    CHECK(OsVmMmap(sp, &a, &out) == LOS_ERRNO_VM_INVALID_ARGS, "wrapping offset refused");
    a.pgoff = UINT64_MAX - 1U;
    CHECK(OsVmMmap(sp, &a, &out) == LOS_OK, "the last page of a file's offsets");
    CHECK(LOS_VmSpaceFree(sp) == LOS_OK, "space freed");
    CHECK(OsVmFileCachePages() == 0U, "cache empty");
    OsVmPhysInvariantsCheck();
    return FwTestResult("fw.hostile.offset");
}

int main(int argc, char **argv)
{
    static const FwTestCase cases[] = {
        { "d1", TestD1 }, { "d2", TestD2 }, { "d3", TestD3 }, { "d4", TestD4 }, { "d5", TestD5 },
        { "d6", TestD6 }, { "d7", TestD7 }, { "offset", TestOffset },
    };
    return FW_TEST_RUN_CASE(argc, argv, cases);
}
