/*
 * The mmap family against the behaviour LiteOS-A's own memory tests expect (its user-program
 * tests of mmap, mprotect, munmap and fork, replayed here at the firmware level with our own
 * scenarios), selected by argv[1]:
 *   hint         a non-fixed hint is rounded up to a page; one outside the space or busy means
 *                anywhere
 *   length       a length beyond the user space is refused with INVALID_ARGS, not NO_MEMORY
 *   offset       a file offset whose end wraps is refused; the very last offsets are not
 *   mprotect     a range that starts outside a region or runs past its end is refused and
 *                changes nothing
 *   shared_file  a write through a shared file mapping is seen by another live shared mapping
 *                of the file after the first is unmapped, or after the forked child that
 *                touched the page first has exited
 */
#include "vm_test.h"
#include "vm_private.h"
#include "los_vm_phys.h"
#include <stdint.h>
#include <string.h>

#define R VM_MAP_REGION_FLAG_PERM_READ
#define W VM_MAP_REGION_FLAG_PERM_WRITE
#define UWF (VM_MAP_PF_FLAG_USER | VM_MAP_PF_FLAG_WRITE | VM_MAP_PF_FLAG_NOT_PRESENT)
#define URF (VM_MAP_PF_FLAG_USER | VM_MAP_PF_FLAG_NOT_PRESENT)

static UINT32 g_freeAtBoot;

static LosVmSpace *Process(VOID)
{
    VmTestBoot(VM_LAYOUT_LITEOS, 0, 0, 0, FALSE);
    g_freeAtBoot = VmTestFreePages();
    LosVmSpace *sp = OsCreateUserVmSpace();
    REQUIRE(sp != NULL, "space");
    OsVmSpaceSwitch(sp);
    return sp;
}

static STATUS_T Mmap(LosVmSpace *sp, VADDR_T va, size_t len, UINT32 flags, UINT8 type, VM_OFFSET_T pgoff,
                     VADDR_T *out)
{
    LosVmMmapArgs a = { va, len, R | W, flags, type, 5U, pgoff, 0U };
    *out = 0U;
    return OsVmMmap(sp, &a, out);
}

static int TestHint(VOID)
{
    LosVmSpace *sp = Process();
    VADDR_T out = 0U;
    CHECK(Mmap(sp, 0x02000800U, 0x1000U, VM_MAP_REGION_FLAG_PRIVATE, VM_MAP_REGION_TYPE_ANON, 0U, &out) == LOS_OK &&
          out == 0x02001000U, "unaligned hint rounded up: %#x", out);
    CHECK(Mmap(sp, 0x02001000U, 0x1000U, VM_MAP_REGION_FLAG_PRIVATE, VM_MAP_REGION_TYPE_ANON, 0U, &out) == LOS_OK &&
          out != 0x02001000U && out >= USER_MAP_BASE, "busy hint: anywhere (%#x)", out);
    CHECK(Mmap(sp, 0x50000000U, 0x1000U, VM_MAP_REGION_FLAG_PRIVATE, VM_MAP_REGION_TYPE_ANON, 0U, &out) == LOS_OK &&
          LOS_IsUserAddress(out), "hint outside user space dropped (%#x)", out);
    CHECK(Mmap(sp, 0xFFFFF001U, 0x1000U, VM_MAP_REGION_FLAG_PRIVATE, VM_MAP_REGION_TYPE_ANON, 0U, &out) == LOS_OK &&
          LOS_IsUserAddress(out), "a hint that rounds past 4 GiB is dropped (%#x)", out);
    CHECK(Mmap(sp, 0x02000800U, 0x1000U, VM_MAP_REGION_FLAG_PRIVATE | VM_MAP_REGION_FLAG_FIXED,
               VM_MAP_REGION_TYPE_ANON, 0U, &out) == LOS_ERRNO_VM_INVALID_ARGS, "an unaligned FIXED address is refused");
    return FwTestResult("fw.mmap.liteos_hint");
}

static int TestLength(VOID)
{
    LosVmSpace *sp = Process();
    VADDR_T out = 0U;
    UINT32 regions = sp->regionTree.nodes;
    CHECK(Mmap(sp, 0U, USER_ASPACE_SIZE + 0x1000U, VM_MAP_REGION_FLAG_PRIVATE, VM_MAP_REGION_TYPE_ANON, 0U, &out) ==
          LOS_ERRNO_VM_INVALID_ARGS, "longer than the user space");
    CHECK(Mmap(sp, 0U, SIZE_MAX, VM_MAP_REGION_FLAG_PRIVATE, VM_MAP_REGION_TYPE_ANON, 0U, &out) ==
          LOS_ERRNO_VM_INVALID_ARGS, "SIZE_MAX");
    CHECK(Mmap(sp, 0U, 0U, VM_MAP_REGION_FLAG_PRIVATE, VM_MAP_REGION_TYPE_ANON, 0U, &out) ==
          LOS_ERRNO_VM_INVALID_ARGS, "zero");
    CHECK(sp->regionTree.nodes == regions && out == 0U, "nothing mapped");
    return FwTestResult("fw.mmap.liteos_length");
}

static int TestOffset(VOID)
{
    LosVmSpace *sp = Process();
    VADDR_T out = 0U;
    CHECK(Mmap(sp, 0U, 0x2000U, VM_MAP_REGION_FLAG_SHARED, VM_MAP_REGION_TYPE_FILE, UINT64_MAX - 1U, &out) ==
          LOS_ERRNO_VM_INVALID_ARGS, "offset + 2 pages wraps");
    CHECK(Mmap(sp, 0U, 0x1000U, VM_MAP_REGION_FLAG_SHARED, VM_MAP_REGION_TYPE_FILE, UINT64_MAX - 1U, &out) ==
          LOS_OK, "offset + 1 page ends at the last offset");
    CHECK(Mmap(sp, 0U, 0x1000U, VM_MAP_REGION_FLAG_SHARED, VM_MAP_REGION_TYPE_FILE, UINT64_MAX, &out) ==
          LOS_ERRNO_VM_INVALID_ARGS, "offset + 1 page wraps");
    /* The old 32-bit page index read offset 0 for a wrapped offset: the page at the last offset
     * has the content function's value there, not offset 0's. */
    VADDR_T last = 0U;
    REQUIRE(Mmap(sp, 0U, 0x1000U, VM_MAP_REGION_FLAG_SHARED, VM_MAP_REGION_TYPE_FILE, (VM_OFFSET_T)1 << 32, &last) ==
            LOS_OK, "offset 2^44");
    REQUIRE(OsVmPageFaultHandler(last, URF, NULL) == LOS_OK, "fault");
    UINT32 v = 0U;
    CHECK(VmTestRead32(sp, last, &v) && v == LOS_VmFileWord(5U, 0U), "content repeats every 4 GiB");
    VADDR_T first = 0U;
    REQUIRE(Mmap(sp, 0U, 0x1000U, VM_MAP_REGION_FLAG_SHARED, VM_MAP_REGION_TYPE_FILE, 0U, &first) == LOS_OK, "offset 0");
    REQUIRE(OsVmPageFaultHandler(first, URF, NULL) == LOS_OK, "fault");
    PADDR_T a = 0U;
    PADDR_T b = 0U;
    CHECK(LOS_ArchMmuQuery(&sp->archMmu, first, &a, NULL) == LOS_OK &&
          LOS_ArchMmuQuery(&sp->archMmu, last, &b, NULL) == LOS_OK && a != b, "but the pages differ");
    return FwTestResult("fw.mmap.liteos_offset");
}

static int TestMprotect(VOID)
{
    LosVmSpace *sp = Process();
    VADDR_T va = 0U;
    REQUIRE(Mmap(sp, 0x02000000U, 0x2000U, VM_MAP_REGION_FLAG_PRIVATE | VM_MAP_REGION_FLAG_FIXED,
                 VM_MAP_REGION_TYPE_ANON, 0U, &va) == LOS_OK, "mmap");
    REQUIRE(OsVmPageFaultHandler(va, UWF, NULL) == LOS_OK, "touch");
    UINT32 before = 0U;
    REQUIRE(LOS_ArchMmuQuery(&sp->archMmu, va, NULL, &before) == LOS_OK, "mapped");
    UINT32 regions = sp->regionTree.nodes;
    CHECK(OsVmMprotect(sp, va - 0x1000U, 0x2000U, R) == LOS_ERRNO_VM_NOT_FOUND, "starts outside the region");
    CHECK(OsVmMprotect(sp, va + 0x1000U, 0x2000U, R) == LOS_ERRNO_VM_NOT_FOUND, "runs past its end");
    CHECK(OsVmMprotect(sp, va + 0x3000U, 0x1000U, R) == LOS_ERRNO_VM_NOT_FOUND, "nothing there");
    UINT32 after = 0U;
    CHECK(LOS_ArchMmuQuery(&sp->archMmu, va, NULL, &after) == LOS_OK && after == before, "page unchanged");
    LosVmMapRegion *r = LOS_RegionFind(sp, va);
    CHECK(sp->regionTree.nodes == regions && r != NULL && r->range.size == 0x2000U &&
          (r->regionFlags & W) != 0U, "region neither split nor changed");
    CHECK(OsVmMprotect(sp, va, 0x2000U, R) == LOS_OK, "the whole region");
    CHECK(LOS_ArchMmuQuery(&sp->archMmu, va, NULL, &after) == LOS_OK && (after & W) == 0U, "now read-only");
    return FwTestResult("fw.mmap.liteos_mprotect");
}

static VOID WriteThrough(LosVmSpace *sp, VADDR_T va, UINT32 value)
{
    OsVmSpaceSwitch(sp);
    REQUIRE(OsVmPageFaultHandler(va, UWF, NULL) == LOS_OK, "write fault");
    REQUIRE(VmTestWrite32(sp, va, value), "write");
}

static UINT32 ReadThrough(LosVmSpace *sp, VADDR_T va)
{
    UINT32 v = 0U;
    OsVmSpaceSwitch(sp);
    REQUIRE(OsVmPageFaultHandler(va, URF, NULL) == LOS_OK, "read fault");
    REQUIRE(VmTestRead32(sp, va, &v), "read");
    return v;
}

static int TestSharedFile(VOID)
{
    LosVmSpace *sp = Process();
    VADDR_T a = 0U;
    VADDR_T b = 0U;
    REQUIRE(Mmap(sp, 0U, 0x1000U, VM_MAP_REGION_FLAG_SHARED, VM_MAP_REGION_TYPE_FILE, 3U, &a) == LOS_OK, "a");
    REQUIRE(Mmap(sp, 0U, 0x1000U, VM_MAP_REGION_FLAG_SHARED, VM_MAP_REGION_TYPE_FILE, 3U, &b) == LOS_OK, "b");
    WriteThrough(sp, a, 0xA11CE5U);
    CHECK(OsVmMunmap(sp, a, 0x1000U) == LOS_OK, "unmap a");
    CHECK(ReadThrough(sp, b) == 0xA11CE5U, "b sees the write made through a");

    /* A forked child touches the page first, writes, exits; the parent's mapping sees it. */
    VADDR_T c = 0U;
    REQUIRE(Mmap(sp, 0U, 0x1000U, VM_MAP_REGION_FLAG_SHARED, VM_MAP_REGION_TYPE_FILE, 4U, &c) == LOS_OK, "c");
    LosVmSpace *child = OsVmSpaceFork(sp);
    REQUIRE(child != NULL, "fork");
    WriteThrough(child, c, 0xC41DU);
    OsVmSpaceSwitch(NULL);
    CHECK(LOS_VmSpaceFree(child) == LOS_OK, "child exits");
    CHECK(ReadThrough(sp, c) == 0xC41DU, "the parent sees the child's write");

    /* When no mapping of a file is left, its pages go (there is no write-back). */
    OsVmSpaceSwitch(NULL);
    CHECK(LOS_VmSpaceFree(sp) == LOS_OK, "exit");
    CHECK(OsVmFileCachePages() == 0U, "cache empty: %u", OsVmFileCachePages());
    CHECK(VmTestFreePages() == g_freeAtBoot, "every page back: %u of %u", VmTestFreePages(), g_freeAtBoot);
    OsVmPhysInvariantsCheck();
    return FwTestResult("fw.mmap.liteos_shared_file");
}

int main(int argc, char **argv)
{
    static const FwTestCase cases[] = {
        { "hint", TestHint }, { "length", TestLength }, { "offset", TestOffset },
        { "mprotect", TestMprotect }, { "shared_file", TestSharedFile },
    };
    return FW_TEST_RUN_CASE(argc, argv, cases);
}
