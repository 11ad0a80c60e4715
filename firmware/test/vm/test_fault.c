/*
 * The page-fault handler, selected by argv[1]:
 *   demand_zero  anonymous pages: zero-filled on first touch, spurious faults harmless,
 *                the abort entry decoding DFSR/DFAR and IFSR/IFAR
 *   file         file-backed pages with the documented content function, shared page cache,
 *                private copy on write
 *   cow          fork: both sides read-only, references, first write copies, last user reuses
 *   denied       permission checks (write to RO, fetch from XN, user to kernel)
 *   no_region    addresses without a region, in user and kernel space
 *   oom          out of memory for the page or for its level-2 table: error, nothing leaked
 *   mmap         mmap/munmap/mprotect with splitting, FIXED, hints, device memory
 *   linux        faults, fork and COW in the Linux layout (3 GiB user space, N = 0)
 */
#include "vm_test.h"
#include "vm_private.h"
#include "los_vm_phys.h"
#include "vmcosim/mmu_regs.h"
#include "vmcosim/armv7_vmsa.h"
#include <string.h>

#define R VM_MAP_REGION_FLAG_PERM_READ
#define W VM_MAP_REGION_FLAG_PERM_WRITE
#define X VM_MAP_REGION_FLAG_PERM_EXECUTE
#define UWF (VM_MAP_PF_FLAG_WRITE | VM_MAP_PF_FLAG_USER)
#define URF (VM_MAP_PF_FLAG_USER)

/* The content function as documented in los_vm_fault.h, written out again here. */
static UINT32 Golden(UINT32 fileId, UINT32 off)
{
    UINT32 x = fileId * 0x9E3779B1U + (off / 4U) * 0x85EBCA77U;
    x ^= x >> 16;
    x *= 0x85EBCA6BU;
    x ^= x >> 13;
    x *= 0xC2B2AE35U;
    x ^= x >> 16;
    return x;
}

static LosVmSpace *NewSpace(VOID)
{
    LosVmSpace *sp = OsCreateUserVmSpace();
    REQUIRE(sp != NULL, "space");
    OsVmSpaceSwitch(sp);
    return sp;
}

static VADDR_T Mmap(LosVmSpace *sp, VADDR_T va, size_t len, UINT32 prot, UINT32 flags, UINT8 type,
                    UINT32 fileId, UINT32 pgoff)
{
    LosVmMmapArgs a = { va, len, prot, flags, type, fileId, pgoff, 0U };
    VADDR_T out = 0;
    STATUS_T ret = OsVmMmap(sp, &a, &out);
    REQUIRE(ret == LOS_OK, "mmap: %d", ret);
    return out;
}

/* Fill every free page with garbage, so a missing zero-fill shows. */
static VOID DirtyFreeMemory(VOID)
{
    LOS_DL_LIST_HEAD(all);
    LOS_PhysPagesAlloc(1U << 20, &all);
    LosVmPage *pg;
    LOS_DL_LIST_FOR_EACH_ENTRY(pg, &all, LosVmPage, node) {
        memset(HalPhysToHost(pg->physAddr), 0xA5, 4096);
    }
    LOS_PhysPagesFree(&all);
}

static int TestDemandZero(VOID)
{
    VmTestBoot(VM_LAYOUT_LITEOS, 0, 0, 0, FALSE);
    DirtyFreeMemory();
    LosVmSpace *sp = NewSpace();
    VADDR_T va = Mmap(sp, 0, 0x10000U, R | W, VM_MAP_REGION_FLAG_PRIVATE, VM_MAP_REGION_TYPE_ANON, 0, 0);
    CHECK(LOS_ArchMmuQuery(&sp->archMmu, va, NULL, NULL) == LOS_ERRNO_VM_NOT_FOUND, "lazy");
    STATUS_T ret = OsVmPageFaultHandler(va + 0x1234U, UWF | VM_MAP_PF_FLAG_NOT_PRESENT, NULL);
    CHECK(ret == LOS_OK, "fault: %d", ret);
    PADDR_T pa = 0;
    CHECK(LOS_ArchMmuQuery(&sp->archMmu, va + 0x1000U, &pa, NULL) == LOS_OK, "mapped");
    const UINT8 *host = HalPhysToHost(pa);
    BOOL zero = TRUE;
    for (UINT32 i = 0; i < 4096U; i++) {
        zero = zero && (host[i] == 0U);
    }
    CHECK(zero, "page zero-filled");
    CHECK(LOS_AtomicRead(&LOS_VmPageGet(pa)->refCounts) == 1, "one reference");
    CHECK(VmTestCrossCheck(sp, va, 16U) == 0U, "cross-check");
    VmTestWalkResult w;
    VmTestWalkSpace(sp, va + 0x1000U, &w);
    CHECK(w.ap == 3U && w.ng == 1U && w.xn == 1U, "user RW, nG, XN");
    /* Already mapped: spurious, LOS_OK, nothing changes. */
    CHECK(OsVmPageFaultHandler(va + 0x1000U, URF, NULL) == LOS_OK, "spurious");
    LosVmFaultStats st;
    LOS_VmFaultStatsGet(&st);
    CHECK(st.faults == 2U && st.demandZero == 1U && st.spurious == 1U, "stats %u %u %u", st.faults, st.demandZero, st.spurious);
    LosVmFaultInfo last;
    LOS_VmFaultLastGet(&last);
    CHECK(last.vaddr == va + 0x1000U && last.action == VM_FAULT_ACTION_SPURIOUS && last.result == LOS_OK &&
          last.asid == sp->archMmu.asid && last.regionType == VM_MAP_REGION_TYPE_ANON, "last fault info");

    /* The abort entry: translation fault, page, write (DFSR), at DFAR. */
    HalHostRegPoke(MMU_REG_DFSR, vmsa_fsr_encode(VMSA_FS_TRANSLATION_PAGE, 0U, 1));
    HalHostRegPoke(MMU_REG_DFAR, va + 0x5008U);
    HalHostLogStart();
    CHECK(OsArchAbortHandle(FALSE, TRUE) == LOS_OK, "data abort handled");
    HalHostLogStop();
    CHECK(LOS_ArchMmuQuery(&sp->archMmu, va + 0x5000U, NULL, NULL) == LOS_OK, "mapped by the abort");
    /* cost parts: allocation (and zeroing) under ALLOC, descriptors under PGTABLE */
    BOOL sawAlloc = FALSE, sawPt = FALSE;
    for (UINT32 i = 0; i < HalHostLogCount(); i++) {
        const HalLogEntry *e = HalHostLogAt(i);
        sawAlloc |= (e->kind == HAL_LOG_PHYS_ZERO && e->part == HAL_PART_ALLOC);
        sawPt |= (e->kind == HAL_LOG_PHYS_WRITE32 && e->part == HAL_PART_PGTABLE);
    }
    CHECK(sawAlloc && sawPt, "cost parts");
    CHECK(OsVmFaultFlagsFromFsr(vmsa_fsr_encode(VMSA_FS_TRANSLATION_SECTION, 0U, 0), FALSE, TRUE) ==
          (VM_MAP_PF_FLAG_USER | VM_MAP_PF_FLAG_NOT_PRESENT), "read, translation section");
    CHECK(OsVmFaultFlagsFromFsr(vmsa_fsr_encode(VMSA_FS_PERMISSION_PAGE, 0U, 1), FALSE, FALSE) ==
          VM_MAP_PF_FLAG_WRITE, "privileged write, permission");
    CHECK(OsVmFaultFlagsFromFsr(vmsa_fsr_encode(VMSA_FS_TRANSLATION_PAGE, 0U, 0), TRUE, TRUE) ==
          (VM_MAP_PF_FLAG_USER | VM_MAP_PF_FLAG_INSTRUCTION | VM_MAP_PF_FLAG_NOT_PRESENT), "prefetch");
    /* A prefetch abort in a non-executable region is denied. */
    HalHostRegPoke(MMU_REG_IFSR, vmsa_fsr_encode(VMSA_FS_TRANSLATION_PAGE, 0U, 0));
    HalHostRegPoke(MMU_REG_IFAR, va + 0x6000U);
    CHECK(OsArchAbortHandle(TRUE, TRUE) == LOS_ERRNO_VM_ACCESS_DENIED, "fetch from XN region");
    HalHostRegPoke(MMU_REG_DFSR, vmsa_fsr_encode(VMSA_FS_DOMAIN_PAGE, 0U, 0));
    CHECK(OsArchAbortHandle(FALSE, TRUE) == LOS_ERRNO_VM_INVALID_ARGS, "domain fault not resolved");
    LOS_VmSpaceFree(sp);
    return FwTestResult("fw.fault.demand_zero");
}

static int TestFile(VOID)
{
    VmTestBoot(VM_LAYOUT_LITEOS, 0, 0, 0, FALSE);
    CHECK(LOS_VmFileWord(7U, 0x3008U) == 0xADB46C86U, "golden word (7, 0x3008)");
    CHECK(LOS_VmFileWord(1U, 0U) == 0x11FD02EBU, "golden word (1, 0)");
    CHECK(LOS_VmFileWord(0xABCDU, 0x12344U) == 0xB5C826C3U, "golden word (0xABCD, 0x12344)");
    UINT32 free0 = VmTestFreePages();
    LosVmSpace *a = NewSpace();
    VADDR_T va = Mmap(a, 0, 0x4000U, R, VM_MAP_REGION_FLAG_PRIVATE, VM_MAP_REGION_TYPE_FILE, 7U, 3U);
    CHECK(OsVmPageFaultHandler(va + 0x10U, URF | VM_MAP_PF_FLAG_NOT_PRESENT, NULL) == LOS_OK, "read fault");
    UINT32 bad = 0;
    for (UINT32 off = 0; off < 4096U; off += 4U) {
        UINT32 v = 0;
        VmTestRead32(a, va + off, &v);
        bad += (v != Golden(7U, 3U * 4096U + off));
    }
    CHECK(bad == 0U, "%u words differ from the content function", bad);
    CHECK(OsVmPageFaultHandler(va + 0x10U, UWF, NULL) == LOS_ERRNO_VM_ACCESS_DENIED, "read-only mapping");

    /* Shared mappings of the same file page, in two spaces, share one page. */
    LosVmSpace *b = OsCreateUserVmSpace();
    REQUIRE(b != NULL, "b");
    VADDR_T vs = Mmap(a, 0, 0x2000U, R | W, VM_MAP_REGION_FLAG_SHARED, VM_MAP_REGION_TYPE_FILE, 9U, 0U);
    VADDR_T vb = Mmap(b, 0x05000000U, 0x2000U, R | W, VM_MAP_REGION_FLAG_SHARED | VM_MAP_REGION_FLAG_FIXED,
                      VM_MAP_REGION_TYPE_FILE, 9U, 0U);
    CHECK(OsVmPageFaultHandler(vs, UWF | VM_MAP_PF_FLAG_NOT_PRESENT, NULL) == LOS_OK, "a writes");
    OsVmSpaceSwitch(b);
    CHECK(OsVmPageFaultHandler(vb, URF | VM_MAP_PF_FLAG_NOT_PRESENT, NULL) == LOS_OK, "b reads");
    PADDR_T pa1 = 0, pa2 = 0;
    LOS_ArchMmuQuery(&a->archMmu, vs, &pa1, NULL);
    LOS_ArchMmuQuery(&b->archMmu, vb, &pa2, NULL);
    CHECK(pa1 == pa2 && pa1 != 0U, "one page-cache page: %#x %#x", pa1, pa2);
    CHECK(LOS_AtomicRead(&LOS_VmPageGet(pa1)->refCounts) == 3, "two mappings' references and the cache's");
    VmTestWrite32(a, vs + 4U, 0x11112222U);
    UINT32 v = 0;
    VmTestRead32(b, vb + 4U, &v);
    CHECK(v == 0x11112222U, "write seen through the other shared mapping");

    /* A private writable mapping of file 9 copies on the first write. */
    VADDR_T vp = Mmap(b, 0, 0x2000U, R | W, VM_MAP_REGION_FLAG_PRIVATE, VM_MAP_REGION_TYPE_FILE, 9U, 0U);
    CHECK(OsVmPageFaultHandler(vp, URF | VM_MAP_PF_FLAG_NOT_PRESENT, NULL) == LOS_OK, "private read");
    PADDR_T pp = 0;
    UINT32 f = 0;
    LOS_ArchMmuQuery(&b->archMmu, vp, &pp, &f);
    CHECK(pp == pa1 && (f & W) == 0U, "private read maps the cache page read-only");
    CHECK(OsVmPageFaultHandler(vp + 4U, UWF, NULL) == LOS_OK, "private write");
    LOS_ArchMmuQuery(&b->archMmu, vp, &pp, &f);
    CHECK(pp != pa1 && (f & W) != 0U, "own copy, writable");
    VmTestRead32(b, vp + 4U, &v);
    CHECK(v == 0x11112222U, "copy of the current content");
    VmTestWrite32(b, vp + 4U, 0x33334444U);
    VmTestRead32(a, vs + 4U, &v);
    CHECK(v == 0x11112222U, "private write not seen by the shared mapping");
    /* Private write as the first touch (page not cached yet): content from the function. */
    CHECK(OsVmPageFaultHandler(vp + 0x1008U, UWF | VM_MAP_PF_FLAG_NOT_PRESENT, NULL) == LOS_OK, "write first");
    VmTestRead32(b, vp + 0x1008U, &v);
    CHECK(v == Golden(9U, 0x1008U), "private page filled from the file");
    CHECK(VmTestCrossCheck(b, vp, 2U) == 0U, "cross-check");

    LOS_VmSpaceFree(b);
    LOS_VmSpaceFree(a);
    CHECK(OsVmFileCachePages() == 0U, "cache empty after the last mapping");
    CHECK(VmTestFreePages() == free0, "nothing leaked");
    return FwTestResult("fw.fault.file_backed");
}

static int TestCow(VOID)
{
    VmTestBoot(VM_LAYOUT_LITEOS, 0, 0, 0, FALSE);
    UINT32 free0 = VmTestFreePages();
    LosVmSpace *p = NewSpace();
    VADDR_T va = Mmap(p, 0, 0x4000U, R | W, VM_MAP_REGION_FLAG_PRIVATE, VM_MAP_REGION_TYPE_ANON, 0, 0);
    VADDR_T sh = Mmap(p, 0, 0x1000U, R | W, VM_MAP_REGION_FLAG_SHARED, VM_MAP_REGION_TYPE_ANON, 0, 0);
    for (UINT32 i = 0; i < 4U; i++) {
        CHECK(OsVmPageFaultHandler(va + i * 4096U, UWF | VM_MAP_PF_FLAG_NOT_PRESENT, NULL) == LOS_OK, "touch");
        VmTestWrite32(p, va + i * 4096U, 0x100U + i);
    }
    CHECK(OsVmPageFaultHandler(sh, UWF | VM_MAP_PF_FLAG_NOT_PRESENT, NULL) == LOS_OK, "touch shared");
    PADDR_T pa[4];
    for (UINT32 i = 0; i < 4U; i++) {
        LOS_ArchMmuQuery(&p->archMmu, va + i * 4096U, &pa[i], NULL);
    }
    HalHostLogStartMask(HAL_LOG_MASK(HAL_LOG_REG_WRITE));
    LosVmSpace *c = OsVmSpaceFork(p);
    HalHostLogStop();
    REQUIRE(c != NULL, "fork");
    for (UINT32 i = 0; i < 4U; i++) {
        CHECK(HalHostLogCountOf(HAL_LOG_REG_WRITE, MMU_REG_TLBIMVA, (va + i * 4096U) | p->archMmu.asid) == 1U,
              "parent page %u invalidated after losing write", i);
    }
    VmTestWalkResult wp, wc;
    for (UINT32 i = 0; i < 4U; i++) {
        VmTestWalkSpace(p, va + i * 4096U, &wp);
        VmTestWalkSpace(c, va + i * 4096U, &wc);
        CHECK(wp.ap == 7U && wc.ap == 7U && wp.pa == wc.pa, "page %u read-only and shared in both", i);
        CHECK(LOS_AtomicRead(&LOS_VmPageGet(pa[i])->refCounts) == 2, "2 references");
    }
    VmTestWalkSpace(p, sh, &wp);
    VmTestWalkSpace(c, sh, &wc);
    CHECK(wp.ap == 3U && wc.ap == 3U && wp.pa == wc.pa, "shared page stays writable in both");
    CHECK(VmTestCrossCheck(c, va, 4U) == 0U && VmTestCrossCheck(p, va, 4U) == 0U, "cross-check");

    /* Child writes page 1: copy. */
    OsVmSpaceSwitch(c);
    CHECK(OsVmPageFaultHandler(va + 4096U + 8U, UWF, NULL) == LOS_OK, "child write");
    PADDR_T cpa = 0;
    LOS_ArchMmuQuery(&c->archMmu, va + 4096U, &cpa, NULL);
    CHECK(cpa != pa[1], "child got a copy");
    LosVmFaultInfo last;
    LOS_VmFaultLastGet(&last);
    CHECK(last.action == VM_FAULT_ACTION_COW_COPY && last.asid == c->archMmu.asid, "last: copy in the child");
    UINT32 v = 0;
    VmTestRead32(c, va + 4096U, &v);
    CHECK(v == 0x101U, "copy has the parent's data");
    VmTestWrite32(c, va + 4096U, 0xC0C0U);
    VmTestRead32(p, va + 4096U, &v);
    CHECK(v == 0x101U, "parent unaffected");
    CHECK(LOS_AtomicRead(&LOS_VmPageGet(pa[1])->refCounts) == 1, "old page: 1 reference left");
    /* Parent writes page 1 now: it is the only user, no copy. */
    OsVmSpaceSwitch(p);
    CHECK(OsVmPageFaultHandler(va + 4096U, UWF, NULL) == LOS_OK, "parent write");
    PADDR_T ppa = 0;
    LOS_ArchMmuQuery(&p->archMmu, va + 4096U, &ppa, NULL);
    CHECK(ppa == pa[1], "parent kept its page");
    LosVmFaultStats st;
    LOS_VmFaultStatsGet(&st);
    CHECK(st.cowCopies == 1U && st.cowReuse == 1U, "1 copy, 1 reuse: %u %u", st.cowCopies, st.cowReuse);
    /* Shared page written by the child is seen by the parent. */
    VmTestWrite32(c, sh + 8U, 0x5A5AU);
    VmTestRead32(p, sh + 8U, &v);
    CHECK(v == 0x5A5AU, "shared anonymous memory");
    /* Shared anonymous pages nobody had touched at fork time are shared too: the child faults
     * first and writes, the parent faults later and must see the write. */
    VADDR_T sh2 = Mmap(p, 0, 0x2000U, R | W, VM_MAP_REGION_FLAG_SHARED, VM_MAP_REGION_TYPE_ANON, 0, 0);
    LosVmSpace *c2 = OsVmSpaceFork(p);
    REQUIRE(c2 != NULL, "second fork");
    OsVmSpaceSwitch(c2);
    CHECK(OsVmPageFaultHandler(sh2 + 0x1000U, UWF | VM_MAP_PF_FLAG_NOT_PRESENT, NULL) == LOS_OK, "child touches");
    VmTestWrite32(c2, sh2 + 0x1000U, 0xFEEDU);
    LOS_VmSpaceFree(c2);                 /* the object outlives the child's mapping */
    OsVmSpaceSwitch(p);
    CHECK(OsVmPageFaultHandler(sh2 + 0x1000U, URF | VM_MAP_PF_FLAG_NOT_PRESENT, NULL) == LOS_OK, "parent touches");
    VmTestRead32(p, sh2 + 0x1000U, &v);
    CHECK(v == 0xFEEDU, "parent sees the child's write to a page it had not touched: %#x", v);
    CHECK(OsVmAnonObjectsLive() == 2U, "two shared objects");
    LOS_VmSpaceFree(p);
    VmTestRead32(c, va, &v);
    CHECK(v == 0x100U, "child keeps the data after the parent exits");
    LOS_VmSpaceFree(c);
    CHECK(OsVmAnonObjectsLive() == 0U && OsVmCachePages(VM_CACHE_ANON) == 0U, "shared objects freed");
    CHECK(VmTestFreePages() == free0, "nothing leaked: %u vs %u", VmTestFreePages(), free0);
    return FwTestResult("fw.fault.cow_fork");
}

static int TestDenied(VOID)
{
    VmTestBoot(VM_LAYOUT_LITEOS, 0, 0, 0, FALSE);
    LosVmSpace *sp = NewSpace();
    VADDR_T ro = Mmap(sp, 0, 0x1000U, R, VM_MAP_REGION_FLAG_PRIVATE, VM_MAP_REGION_TYPE_ANON, 0, 0);
    VADDR_T rx = Mmap(sp, 0, 0x1000U, R | X, VM_MAP_REGION_FLAG_PRIVATE, VM_MAP_REGION_TYPE_ANON, 0, 0);
    VADDR_T none = Mmap(sp, 0, 0x1000U, 0U, VM_MAP_REGION_FLAG_PRIVATE, VM_MAP_REGION_TYPE_ANON, 0, 0);
    UINT32 free0 = VmTestFreePages();
    CHECK(OsVmPageFaultHandler(ro, UWF | VM_MAP_PF_FLAG_NOT_PRESENT, NULL) == LOS_ERRNO_VM_ACCESS_DENIED, "write RO");
    CHECK(OsVmPageFaultHandler(ro, URF | VM_MAP_PF_FLAG_INSTRUCTION, NULL) == LOS_ERRNO_VM_ACCESS_DENIED, "fetch XN");
    CHECK(OsVmPageFaultHandler(none, URF, NULL) == LOS_ERRNO_VM_ACCESS_DENIED, "read PROT_NONE");
    CHECK(OsVmPageFaultHandler(rx, URF | VM_MAP_PF_FLAG_INSTRUCTION | VM_MAP_PF_FLAG_NOT_PRESENT, NULL) == LOS_OK,
          "fetch from RX");
    CHECK(OsVmPageFaultHandler(rx, UWF, NULL) == LOS_ERRNO_VM_ACCESS_DENIED, "write RX");
    /* user access to a kernel region (direct map) */
    CHECK(OsVmPageFaultHandler(KERNEL_VMM_BASE, URF, NULL) == LOS_ERRNO_VM_ACCESS_DENIED, "user to kernel");
    CHECK(VmTestFreePages() == free0 - 2U, "only the RX page and its level-2 table allocated");
    LosVmFaultStats st;
    LOS_VmFaultStatsGet(&st);
    CHECK(st.denied == 5U, "denied %u", st.denied);
    LOS_VmSpaceFree(sp);
    return FwTestResult("fw.fault.permission");
}

static int TestNoRegion(VOID)
{
    VmTestBoot(VM_LAYOUT_LITEOS, 0, 0, 0, FALSE);
    LosVmSpace *sp = NewSpace();
    VADDR_T va = Mmap(sp, 0, 0x2000U, R | W, VM_MAP_REGION_FLAG_PRIVATE, VM_MAP_REGION_TYPE_ANON, 0, 0);
    CHECK(OsVmPageFaultHandler(va + 0x2000U, URF, NULL) == LOS_ERRNO_VM_NOT_FOUND, "just past the region");
    CHECK(OsVmPageFaultHandler(va - 1U, URF, NULL) == LOS_ERRNO_VM_NOT_FOUND, "just before");
    CHECK(OsVmPageFaultHandler(0x00000010U, URF, NULL) == LOS_ERRNO_VM_NOT_FOUND, "NULL page");
    CHECK(OsVmPageFaultHandler(0xB0000000U, 0U, NULL) == LOS_ERRNO_VM_NOT_FOUND, "kernel hole");
    CHECK(OsVmPageFaultHandler(VMALLOC_START, VM_MAP_PF_FLAG_WRITE, NULL) == LOS_ERRNO_VM_NOT_FOUND, "vmalloc hole");
    OsVmSpaceSwitch(NULL);
    CHECK(OsVmPageFaultHandler(va, URF, NULL) == LOS_ERRNO_VM_NOT_FOUND, "user address in kernel context");
    LosVmFaultStats st;
    LOS_VmFaultStatsGet(&st);
    CHECK(st.noRegion == 6U, "counted %u", st.noRegion);
    LOS_VmSpaceFree(sp);
    return FwTestResult("fw.fault.no_region");
}

static int TestOom(VOID)
{
    VmTestBoot(VM_LAYOUT_LITEOS, 0, 0, 0, FALSE);
    UINT32 free0 = VmTestFreePages();
    LosVmSpace *sp = NewSpace();
    VADDR_T va = Mmap(sp, 0x02000000U, 0x200000U, R | W, VM_MAP_REGION_FLAG_PRIVATE | VM_MAP_REGION_FLAG_FIXED,
                      VM_MAP_REGION_TYPE_ANON, 0, 0);
    LOS_DL_LIST_HEAD(hog);
    LOS_PhysPagesAlloc(1U << 20, &hog);
    CHECK(VmTestFreePages() == 0U, "exhausted");
    /* No page at all. */
    CHECK(OsVmPageFaultHandler(va, UWF | VM_MAP_PF_FLAG_NOT_PRESENT, NULL) == LOS_ERRNO_VM_NO_MEMORY, "no page");
    CHECK(VmTestFreePages() == 0U && LOS_ArchMmuQuery(&sp->archMmu, va, NULL, NULL) != LOS_OK, "nothing changed");
    /* One page: the data page is allocated, the level-2 table is not: the page goes back. */
    LosVmPage *one = LOS_ListRemoveHeadType(&hog, LosVmPage, node);
    LOS_PhysPageFree(one);
    CHECK(VmTestFreePages() == 1U, "one free");
    CHECK(OsVmPageFaultHandler(va, UWF | VM_MAP_PF_FLAG_NOT_PRESENT, NULL) == LOS_ERRNO_VM_NO_MEMORY, "no table");
    CHECK(VmTestFreePages() == 1U, "the page was given back: %u", VmTestFreePages());
    LosL2PoolStats l2;
    OsArchMmuL2PoolStats(&l2);
    CHECK(l2.tables == 0U && l2.pages == 0U, "no table left behind");
    /* Two pages: it works. */
    one = LOS_ListRemoveHeadType(&hog, LosVmPage, node);
    LOS_PhysPageFree(one);
    CHECK(OsVmPageFaultHandler(va, UWF | VM_MAP_PF_FLAG_NOT_PRESENT, NULL) == LOS_OK, "two pages suffice");
    CHECK(VmTestFreePages() == 0U, "both used");
    /* Copy-on-write without memory: error, the mapping stays as it was. */
    LosVmSpace *c = OsVmSpaceFork(sp);
    CHECK(c == NULL, "fork needs a table: refused, %p", (void *)c);
    CHECK(VmTestFreePages() == 0U, "failed fork leaked nothing");
    LOS_PhysPagesFree(&hog);
    c = OsVmSpaceFork(sp);
    REQUIRE(c != NULL, "fork");
    LOS_PhysPagesAlloc(1U << 20, &hog);
    OsVmSpaceSwitch(c);
    PADDR_T before = 0;
    LOS_ArchMmuQuery(&c->archMmu, va, &before, NULL);
    CHECK(OsVmPageFaultHandler(va, UWF, NULL) == LOS_ERRNO_VM_NO_MEMORY, "no page for the copy");
    PADDR_T after = 0;
    UINT32 f = 0;
    LOS_ArchMmuQuery(&c->archMmu, va, &after, &f);
    CHECK(after == before && (f & W) == 0U, "still the shared read-only page");
    LosVmFaultStats st;
    LOS_VmFaultStatsGet(&st);
    CHECK(st.noMemory == 3U, "counted %u", st.noMemory);
    LOS_PhysPagesFree(&hog);
    LOS_VmSpaceFree(c);
    LOS_VmSpaceFree(sp);
    CHECK(VmTestFreePages() == free0, "nothing leaked: %u vs %u", VmTestFreePages(), free0);
    return FwTestResult("fw.fault.out_of_memory");
}

static int TestMmap(VOID)
{
    VmTestBoot(VM_LAYOUT_LITEOS, 0, 0, 0, FALSE);
    UINT32 free0 = VmTestFreePages();
    LosVmSpace *sp = NewSpace();
    VADDR_T va = Mmap(sp, 0, 0x8000U, R | W, VM_MAP_REGION_FLAG_PRIVATE | VM_MMAP_POPULATE,
                      VM_MAP_REGION_TYPE_ANON, 0, 0);
    CHECK(VmTestCrossCheck(sp, va, 8U) == 0U, "populated");
    for (UINT32 i = 0; i < 8U; i++) {
        CHECK(LOS_ArchMmuQuery(&sp->archMmu, va + i * 4096U, NULL, NULL) == LOS_OK, "page %u populated", i);
    }
    /* munmap the middle: the region splits in two, pages freed, TLB invalidated. */
    HalHostLogStartMask(HAL_LOG_MASK(HAL_LOG_REG_WRITE));
    CHECK(OsVmMunmap(sp, va + 0x2000U, 0x3000U) == LOS_OK, "munmap middle");
    CHECK(HalHostLogCountOf(HAL_LOG_REG_WRITE, MMU_REG_TLBIMVA, HAL_LOG_ANY) == 3U, "3 TLBIMVA");
    LosVmMapRegion *lo = LOS_RegionFind(sp, va);
    LosVmMapRegion *hi = LOS_RegionFind(sp, va + 0x5000U);
    CHECK(lo && hi && lo != hi && lo->range.size == 0x2000U && hi->range.size == 0x3000U, "split");
    CHECK(LOS_RegionFind(sp, va + 0x2000U) == NULL, "hole");
    CHECK(OsVmPageFaultHandler(va + 0x3000U, URF, NULL) == LOS_ERRNO_VM_NOT_FOUND, "hole faults");
    /* mprotect one page of the low part read-only: splits again; write is denied there. */
    CHECK(OsVmMprotect(sp, va + 0x1000U, 0x1000U, R) == LOS_OK, "mprotect");
    VmTestWalkResult w;
    VmTestWalkSpace(sp, va + 0x1000U, &w);
    CHECK(w.ap == 7U, "read-only in the table");
    CHECK(OsVmPageFaultHandler(va + 0x1000U, UWF, NULL) == LOS_ERRNO_VM_ACCESS_DENIED, "write denied");
    CHECK(OsVmMprotect(sp, va + 0x1000U, 0x1000U, R | W) == LOS_OK, "back to RW");
    CHECK(OsVmPageFaultHandler(va + 0x1000U, UWF, NULL) == LOS_OK, "write allowed again (no copy)");
    VmTestWalkSpace(sp, va + 0x1000U, &w);
    CHECK(w.ap == 3U, "writable");
    CHECK(OsVmMprotect(sp, 0x30000000U, 0x1000U, R) == LOS_ERRNO_VM_NOT_FOUND, "mprotect of nothing");
    OsRegionTreeCheck(&sp->regionTree);

    /* FIXED replaces, FIXED_NOREPLACE refuses, a plain hint falls back elsewhere. */
    LosVmMmapArgs a = { va, 0x1000U, R, VM_MAP_REGION_FLAG_PRIVATE | VM_MAP_REGION_FLAG_FIXED_NOREPLACE,
                        VM_MAP_REGION_TYPE_ANON, 0U, 0U, 0U };
    VADDR_T out = 0;
    CHECK(OsVmMmap(sp, &a, &out) == LOS_ERRNO_VM_ALREADY_EXISTS, "noreplace");
    a.flags = VM_MAP_REGION_FLAG_PRIVATE;
    CHECK(OsVmMmap(sp, &a, &out) == LOS_OK && out != va, "hint taken elsewhere: %#x", out);
    a.flags = VM_MAP_REGION_FLAG_PRIVATE | VM_MAP_REGION_FLAG_FIXED;
    CHECK(OsVmMmap(sp, &a, &out) == LOS_OK && out == va, "fixed replaces");
    CHECK(LOS_ArchMmuQuery(&sp->archMmu, va, NULL, NULL) == LOS_ERRNO_VM_NOT_FOUND, "old page unmapped");
    a.vaddr = 0x3EFFF000U;
    a.len = 0x2000U;
    a.flags = VM_MAP_REGION_FLAG_PRIVATE | VM_MAP_REGION_FLAG_FIXED;
    CHECK(OsVmMmap(sp, &a, &out) == LOS_ERRNO_VM_INVALID_ARGS, "fixed, past the end of user space");
    a.vaddr = 0U;       /* below the user space: refused like any other, not taken as "anywhere" */
    CHECK(OsVmMmap(sp, &a, &out) == LOS_ERRNO_VM_INVALID_ARGS, "fixed at address 0");
    a.vaddr = 0x3EFFF000U;
    a.flags = VM_MAP_REGION_FLAG_PRIVATE;
    CHECK(OsVmMmap(sp, &a, &out) == LOS_OK && out != 0x3EFFF000U, "hint past the end: elsewhere");
    CHECK(OsVmMunmap(sp, out, 0x2000U) == LOS_OK, "unmap it");
    a.vaddr = va;
    a.len = 0x1000U;
    a.flags = 0U;
    CHECK(OsVmMmap(sp, &a, &out) == LOS_ERRNO_VM_INVALID_ARGS, "neither shared nor private");
    a.flags = VM_MAP_REGION_FLAG_PRIVATE;
    a.type = VM_MAP_REGION_TYPE_FILE;
    CHECK(OsVmMmap(sp, &a, &out) == LOS_ERRNO_VM_INVALID_ARGS, "file without id");

    /* Device memory: uncached device, never executable, no page references. */
    LosVmMmapArgs d = { 0U, 0x2000U, R | W | X, VM_MAP_REGION_FLAG_SHARED, VM_MAP_REGION_TYPE_DEV, 0U, 0U,
                        0x1C000000U };
    VADDR_T dv = 0;
    CHECK(OsVmMmap(sp, &d, &dv) == LOS_OK, "device mmap");
    CHECK(OsVmPageFaultHandler(dv + 0x1004U, UWF | VM_MAP_PF_FLAG_NOT_PRESENT, NULL) == LOS_OK, "device fault");
    VmTestWalkSpace(sp, dv + 0x1004U, &w);
    CHECK(w.mapped && w.pa == 0x1C001004U && w.tex == 0U && w.c == 0U && w.b == 1U && w.xn == 1U, "device page");
    CHECK(OsVmPageFaultHandler(dv + 0x1008U, URF | VM_MAP_PF_FLAG_INSTRUCTION, NULL) == LOS_ERRNO_VM_ACCESS_DENIED,
          "a fetch from device memory is refused, though the region says x");
    CHECK(OsVmMunmap(sp, dv, 0x2000U) == LOS_OK, "munmap device");
    CHECK(OsVmMunmap(sp, va + 0x800U, 0x1000U) == LOS_ERRNO_VM_INVALID_ARGS, "unaligned munmap");
    CHECK(OsVmMunmap(sp, va, 0x8000U) == LOS_OK, "munmap all (holes fine)");
    CHECK(OsVmMunmap(sp, out, 0x1000U) == LOS_OK, "munmap hint region");
    LosVmMapRegion *r = OsRegionTreeFirst(&sp->regionTree);
    while (r != NULL) {
        fprintf(stderr, "left: %#x+%#x\n", r->range.base, r->range.size);
        r = OsRegionTreeNext(&sp->regionTree, r);
        g_fwTestFailures++;
    }
    LOS_VmSpaceFree(sp);
    CHECK(VmTestFreePages() == free0, "nothing leaked");
    return FwTestResult("fw.mmap.ops");
}

static int TestLinuxProfile(VOID)
{
    VmTestBoot(VM_LAYOUT_LINUX, 0, 0, 0, FALSE);
    UINT32 free0 = VmTestFreePages();
    LosVmSpace *p = NewSpace();
    /* high in the 3 GiB user space, and the mmap default base 0x40000000 */
    VADDR_T hi = Mmap(p, 0xBE000000U, 0x2000U, R | W, VM_MAP_REGION_FLAG_PRIVATE | VM_MAP_REGION_FLAG_FIXED,
                      VM_MAP_REGION_TYPE_ANON, 0, 0);
    VADDR_T any = Mmap(p, 0, 0x1000U, R | W, VM_MAP_REGION_FLAG_PRIVATE, VM_MAP_REGION_TYPE_ANON, 0, 0);
    CHECK(any == LINUX_MMAP_BASE, "mmap base %#x", any);
    CHECK(OsVmPageFaultHandler(hi + 4U, UWF | VM_MAP_PF_FLAG_NOT_PRESENT, NULL) == LOS_OK, "fault at 2.97 GiB");
    CHECK(OsVmPageFaultHandler(any, UWF | VM_MAP_PF_FLAG_NOT_PRESENT, NULL) == LOS_OK, "fault at 1 GiB");
    VmTestWalkResult w;
    VmTestWalkSpace(p, hi, &w);
    CHECK(w.mapped && w.ttbr == 0U && w.ng == 1U && w.ap == 3U, "user page through TTBR0");
    CHECK(OsVmPageFaultHandler(0xBF000000U, URF, NULL) == LOS_ERRNO_VM_NOT_FOUND, "TASK_SIZE and above");
    CHECK(OsVmPageFaultHandler(0xC0000000U, URF, NULL) == LOS_ERRNO_VM_ACCESS_DENIED, "kernel from user mode");
    VmTestWrite32(p, hi, 77U);
    LosVmSpace *c = OsVmSpaceFork(p);
    REQUIRE(c != NULL, "fork");
    OsVmSpaceSwitch(c);
    CHECK(OsVmPageFaultHandler(hi, UWF, NULL) == LOS_OK, "child COW");
    UINT32 v = 0;
    VmTestRead32(c, hi, &v);
    CHECK(v == 77U, "copied");
    CHECK(VmTestCrossCheck(c, hi, 2U) == 0U && VmTestCrossCheck(p, hi, 2U) == 0U, "cross-check");
    LOS_VmSpaceFree(c);
    LOS_VmSpaceFree(p);
    CHECK(VmTestFreePages() == free0, "nothing leaked: %u vs %u", VmTestFreePages(), free0);
    return FwTestResult("fw.fault.linux_profile");
}

int main(int argc, char **argv)
{
    static const FwTestCase tests[] = {
        { "demand_zero", TestDemandZero }, { "file", TestFile }, { "cow", TestCow },
        { "denied", TestDenied }, { "no_region", TestNoRegion }, { "oom", TestOom },
        { "mmap", TestMmap }, { "linux", TestLinuxProfile },
    };
    return FW_TEST_RUN_CASE(argc, argv, tests);
}
