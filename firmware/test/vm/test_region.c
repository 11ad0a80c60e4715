/*
 * Regions and the region-level API, selected by argv[1]:
 *   api     LOS_RegionAlloc/Find/RangeFind/Free, overlaps refused, FIXED replaces, boundaries,
 *           the LOS_Is... and LOS_Set... predicates, LOS_RegionEndAddr/LOS_RegionSize
 *   tree    random inserts and removals against a brute-force list, AVL invariants checked
 *   misc    LOS_VmSpaceReserve, LOS_VaddrToPaddrMmap, LOS_UserSpaceVmAlloc
 */
#include "vm_test.h"
#include "vm_private.h"
#include "los_vm_phys.h"
#include <string.h>

#define URW (VM_MAP_REGION_FLAG_PERM_READ | VM_MAP_REGION_FLAG_PERM_WRITE | VM_MAP_REGION_FLAG_PERM_USER)

static UINT64 g_rng = 0x9E3779B97F4A7C15ULL;
static UINT32 Rand(VOID)
{
    return FwTestRand(&g_rng);
}

static int TestApi(VOID)
{
    VmTestBoot(VM_LAYOUT_LITEOS, 0, 0, 0, FALSE);
    LosVmSpace *sp = OsCreateUserVmSpace();
    REQUIRE(sp != NULL, "space");
    LosVmMapRegion *a = LOS_RegionAlloc(sp, 0x01000000U, 0x3000U, URW, 0U);
    REQUIRE(a != NULL, "alloc at the bottom of user space");
    CHECK(a->range.base == 0x01000000U && a->range.size == 0x3000U, "range");
    CHECK(LOS_RegionEndAddr(a) == 0x01002FFFU, "end %#x", LOS_RegionEndAddr(a));
    CHECK(LOS_RegionSize(0x01000000U, 0x01002FFFU) == 0x3000U, "size");
    CHECK(LOS_RegionFind(sp, 0x00FFFFFFU) == NULL, "below");
    CHECK(LOS_RegionFind(sp, 0x01000000U) == a, "first byte");
    CHECK(LOS_RegionFind(sp, 0x01002FFFU) == a, "last byte");
    CHECK(LOS_RegionFind(sp, 0x01003000U) == NULL, "one past");
    CHECK(LOS_RegionRangeFind(sp, 0x00FFF000U, 0x1000U) == NULL, "range below");
    CHECK(LOS_RegionRangeFind(sp, 0x00FFF000U, 0x1001U) == a, "range touching one byte");
    CHECK(LOS_RegionRangeFind(sp, 0x01003000U, 0x1000U) == NULL, "range after");
    CHECK(LOS_RegionRangeFind(sp, 0x01001000U, 0U) == NULL, "empty range");

    /* Overlaps refused, adjacency fine; rounding of len up to pages. */
    CHECK(LOS_RegionAlloc(sp, 0x01002000U, 0x1000U, URW, 0U) == NULL, "overlap at the end refused");
    CHECK(LOS_RegionAlloc(sp, 0x00FFF000U, 0x2000U, URW, 0U) == NULL, "overlap at the start refused");
    CHECK(LOS_RegionAlloc(sp, 0x00FFF000U, 0x1000U, URW, 0U) == NULL, "outside the space refused");
    CHECK(LOS_RegionAlloc(sp, 0x01000800U, 0x1000U, URW, 0U) == NULL, "unaligned refused");
    CHECK(LOS_RegionAlloc(sp, 0x3EFFF000U, 0x2000U, URW, 0U) == NULL, "past the top refused");
    LosVmMapRegion *b = LOS_RegionAlloc(sp, 0x01003000U, 1U, URW, 0U);
    CHECK(b != NULL && b->range.size == 0x1000U, "adjacent, rounded to a page");
    LosVmMapRegion *top = LOS_RegionAlloc(sp, 0x3EFFF000U, 0x1000U, URW, 0U);
    CHECK(top != NULL, "last page of user space");
    CHECK(LOS_RegionAlloc(sp, 0U, 0U, URW, 0U) == NULL, "zero length");

    /* Anywhere: first fit from the mmap base. */
    LosVmMapRegion *c = LOS_RegionAlloc(sp, 0U, 0x5000U, URW, 0U);
    CHECK(c != NULL && c->range.base == USER_MAP_BASE, "first fit at mapBase: %#x", c ? c->range.base : 0);
    LosVmMapRegion *d = LOS_RegionAlloc(sp, 0U, 0x1000U, URW, 0U);
    CHECK(d != NULL && d->range.base == USER_MAP_BASE + 0x5000U, "next after c");

    /* FIXED replaces what is there (splitting regions at the edges). */
    LosVmMapRegion *e = LOS_RegionAlloc(sp, 0x01001000U, 0x3000U, URW | VM_MAP_REGION_FLAG_FIXED, 0U);
    CHECK(e != NULL, "fixed replaces");
    CHECK(LOS_RegionFind(sp, 0x01000000U) == a && a->range.size == 0x1000U, "a cut to one page");
    CHECK(LOS_RegionFind(sp, 0x01003000U) == e, "b replaced");
    CHECK((e->regionFlags & VM_MAP_REGION_FLAG_FIXED) == 0U, "FIXED not kept in the region");
    OsRegionTreeCheck(&sp->regionTree);

    /* Predicates and setters. */
    CHECK(LOS_IsRegionTypeAnon(e) == FALSE && e->regionType == VM_MAP_REGION_TYPE_NONE, "type none at first");
    LOS_SetRegionTypeAnon(e);
    CHECK(LOS_IsRegionTypeAnon(e) && !LOS_IsRegionTypeFile(e) && !LOS_IsRegionTypeDev(e), "anon");
    LOS_SetRegionTypeFile(e);
    CHECK(LOS_IsRegionTypeFile(e) && !LOS_IsRegionTypeAnon(e), "file");
    CHECK(!LOS_IsRegionFileValid(e), "file without a file id is not valid");
    e->unTypeData.rf.fileId = 9U;
    CHECK(LOS_IsRegionFileValid(e), "file valid");
    LOS_SetRegionTypeDev(e);
    CHECK(LOS_IsRegionTypeDev(e) && !LOS_IsRegionFileValid(e), "dev");
    e->regionFlags = VM_MAP_REGION_FLAG_PERM_USER | VM_MAP_REGION_FLAG_PERM_READ | VM_MAP_REGION_FLAG_PRIVATE;
    CHECK(LOS_IsRegionPermUserReadOnly(e) && LOS_IsRegionFlagPrivateOnly(e), "user RO private");
    e->regionFlags |= VM_MAP_REGION_FLAG_PERM_WRITE | VM_MAP_REGION_FLAG_SHARED;
    CHECK(!LOS_IsRegionPermUserReadOnly(e) && !LOS_IsRegionFlagPrivateOnly(e), "RW, shared");

    CHECK(LOS_RegionFree(sp, c) == LOS_OK, "free c");
    CHECK(LOS_RegionFind(sp, USER_MAP_BASE) == NULL, "c gone");
    CHECK(LOS_RegionFree(sp, NULL) == LOS_ERRNO_VM_INVALID_ARGS, "free NULL");
    LosVmMapRegion *f = LOS_RegionAlloc(sp, 0U, 0x4000U, URW, 0U);
    CHECK(f != NULL && f->range.base == USER_MAP_BASE, "gap reused");
    CHECK(LOS_RegionAlloc(sp, 0U, 0x2000U, URW, 0U)->range.base == USER_MAP_BASE + 0x6000U,
          "a 2-page request skips the 1-page hole");
    CHECK(LOS_IsRangeInSpace(sp, 0x01000000U, USER_ASPACE_SIZE), "whole user space");
    CHECK(!LOS_IsRangeInSpace(sp, 0x01000000U, USER_ASPACE_SIZE + 1U), "one byte more");
    CHECK(!LOS_IsRangeInSpace(sp, 0x00FFFFFFU, 2U), "starts below");
    CHECK(!LOS_IsRangeInSpace(sp, 0x01000000U, 0U), "empty");
    OsRegionTreeCheck(&sp->regionTree);
    CHECK(LOS_VmSpaceFree(sp) == LOS_OK, "free space");
    return FwTestResult("fw.region.api");
}

#define NREG 400U
static int TestTree(VOID)
{
    VmTestBoot(VM_LAYOUT_LITEOS, 0, 0, 0, FALSE);
    LosVmSpace *sp = OsCreateUserVmSpace();
    REQUIRE(sp != NULL, "space");
    static VADDR_T base[NREG];
    static UINT32 size[NREG];
    static LosVmMapRegion *reg[NREG];
    UINT32 n = 0;
    for (UINT32 step = 0; step < 6000U; step++) {
        BOOL add = (n == 0U) || ((Rand() % 3U) != 0U && n < NREG);
        if (add) {
            VADDR_T va = 0x01000000U + ((Rand() % 0x3D000U) << 12);
            UINT32 sz = (1U + Rand() % 64U) << 12;
            BOOL overlap = FALSE;
            for (UINT32 i = 0; i < n; i++) {
                if ((UINT64)va < (UINT64)base[i] + size[i] && (UINT64)base[i] < (UINT64)va + sz) {
                    overlap = TRUE;
                }
            }
            LosVmMapRegion *r = LOS_RegionAlloc(sp, va, sz, URW, 0U);
            CHECK((r == NULL) == overlap, "alloc %#x+%#x: overlap %d, got %p", va, sz, overlap, (void *)r);
            if (r != NULL) {
                base[n] = va;
                size[n] = sz;
                reg[n] = r;
                n++;
            }
        } else {
            UINT32 i = Rand() % n;
            CHECK(LOS_RegionFree(sp, reg[i]) == LOS_OK, "free");
            n--;
            base[i] = base[n];
            size[i] = size[n];
            reg[i] = reg[n];
        }
        if ((step % 500U) == 0U) {
            OsRegionTreeCheck(&sp->regionTree);
        }
        /* lookups of random addresses against the brute-force list */
        VADDR_T probe = 0x01000000U + (Rand() % 0x3E000000U);
        LosVmMapRegion *expect = NULL;
        for (UINT32 i = 0; i < n; i++) {
            if (probe >= base[i] && probe - base[i] < size[i]) {
                expect = reg[i];
            }
        }
        CHECK(LOS_RegionFind(sp, probe) == expect, "find %#x", probe);
    }
    OsRegionTreeCheck(&sp->regionTree);
    CHECK(sp->regionTree.nodes == n, "count %u vs %u", sp->regionTree.nodes, n);
    /* The tree stays shallow: height <= 1.44 log2(n + 2). */
    INT32 h = (sp->regionTree.root != NULL) ? sp->regionTree.root->height : 0;
    CHECK(h <= 13, "height %d for %u nodes", h, n);
    LOS_VmSpaceFree(sp);
    return FwTestResult("fw.region.tree");
}

static int TestMisc(VOID)
{
    VmTestBoot(VM_LAYOUT_LITEOS, 0, 0, 0, FALSE);
    UINT32 free0 = VmTestFreePages();
    LosVmSpace *sp = OsCreateUserVmSpace();
    REQUIRE(sp != NULL, "space");

    /* LOS_VmSpaceReserve */
    CHECK(LOS_VmSpaceReserve(sp, 0x2000U, 0x05000000U) == LOS_OK, "reserve");
    CHECK(LOS_RegionFind(sp, 0x05001FFFU) != NULL, "reserved region");
    CHECK(LOS_VmSpaceReserve(sp, 0x1000U, 0x05001000U) == LOS_ERRNO_VM_ALREADY_EXISTS, "twice");
    CHECK(LOS_VmSpaceReserve(sp, 0U, 0x06000000U) == LOS_ERRNO_VM_INVALID_ARGS, "zero size");
    CHECK(LOS_VmSpaceReserve(sp, 0x1000U, 0x40000000U) == LOS_ERRNO_VM_INVALID_ARGS, "outside");

    /* LOS_VaddrToPaddrMmap with RAM pages: one more reference each, dropped with the region. */
    LosVmPage *pg = OsVmPhysPagesGet(2U);
    REQUIRE(pg != NULL, "2 pages");
    PADDR_T pa = pg->physAddr;
    CHECK(LOS_VaddrToPaddrMmap(sp, 0x06000000U, pa, 0x2000U, URW) == LOS_OK, "map RAM");
    CHECK(LOS_AtomicRead(&pg->refCounts) == 2, "ref %d", LOS_AtomicRead(&pg->refCounts));
    CHECK(LOS_PaddrQuery((VOID *)(UINTPTR)0x06001004U) == 0U, "user VA while the kernel is current");
    OsVmSpaceSwitch(sp);
    CHECK(LOS_PaddrQuery((VOID *)(UINTPTR)0x06001004U) == pa + 0x1004U, "PaddrQuery user VA");
    CHECK(LOS_VaddrToPaddrMmap(sp, 0x06001000U, pa, 0x1000U, URW) == LOS_ERRNO_VM_BUSY, "overlap");
    CHECK(VmTestCrossCheck(sp, 0x06000000U, 2U) == 0U, "cross-check");
    CHECK(LOS_RegionFree(sp, LOS_RegionFind(sp, 0x06000000U)) == LOS_OK, "free region");
    CHECK(LOS_AtomicRead(&pg->refCounts) == 1, "ref back to 1");
    OsVmPhysPagesFreeContiguous(pg, 2U);
    /* ... with a device address (outside RAM): a device region, pages untouched. */
    CHECK(LOS_VaddrToPaddrMmap(sp, 0x07000000U, 0x10000000U, 0x1000U,
                               URW | VM_MAP_REGION_FLAG_UNCACHED_DEVICE) == LOS_OK, "map device");
    CHECK(LOS_IsRegionTypeDev(LOS_RegionFind(sp, 0x07000000U)), "device region");
    VmTestWalkResult w;
    VmTestWalkSpace(sp, 0x07000000U, &w);
    CHECK(w.mapped && w.pa == 0x10000000U && w.tex == 0U && w.c == 0U && w.b == 1U && w.xn == 1U,
          "device attributes");

    /* LOS_UserSpaceVmAlloc: anywhere, aligned; and fixed. */
    VOID *p = NULL;
    CHECK(LOS_UserSpaceVmAlloc(sp, 0x3000U, &p, 16U, URW) == LOS_OK, "alloc anywhere");
    VADDR_T va = (VADDR_T)(UINTPTR)p;
    CHECK(va != 0U && (va & 0xFFFFU) == 0U, "64 KiB aligned: %#x", va);
    for (UINT32 i = 0; i < 3U; i++) {
        UINT32 v = 1;
        CHECK(VmTestRead32(sp, va + i * 0x1000U + 8U, &v) && v == 0U, "mapped, zeroed page %u", i);
    }
    p = (VOID *)(UINTPTR)0x08000000U;
    CHECK(LOS_UserSpaceVmAlloc(sp, 0x1000U, &p, 0U, URW | VM_MAP_REGION_FLAG_FIXED) == LOS_OK, "fixed");
    CHECK((VADDR_T)(UINTPTR)p == 0x08000000U && LOS_ArchMmuQuery(&sp->archMmu, 0x08000000U, NULL, NULL) == LOS_OK,
          "at the fixed address");
    CHECK(LOS_UserSpaceVmAlloc(sp, 0U, &p, 0U, URW) == LOS_ERRNO_VM_INVALID_ARGS, "size 0");
    CHECK(LOS_VmSpaceFree(sp) == LOS_OK, "free space");
    CHECK(VmTestFreePages() == free0, "nothing leaked: %u vs %u", VmTestFreePages(), free0);
    return FwTestResult("fw.region.misc_api");
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "api") == 0) {
        return TestApi();
    }
    if (argc > 1 && strcmp(argv[1], "tree") == 0) {
        return TestTree();
    }
    if (argc > 1 && strcmp(argv[1], "misc") == 0) {
        return TestMisc();
    }
    fprintf(stderr, "usage: %s api|tree|misc\n", argv[0]);
    return 2;
}
