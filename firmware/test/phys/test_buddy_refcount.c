/*
 * fw.buddy.refcount: each allocated page starts with one reference; LOS_PhysPageFree and
 * LOS_PhysPagesFree drop one and free the page with the last.
 */
#include "fw_test.h"
#include "hal_host.h"
#include "los_vm_boot.h"
#include "los_vm_phys.h"

int main(void)
{
    REQUIRE(HalHostInit(0x80000000U, 64U * PAGE_SIZE) == LOS_OK, "HalHostInit");
    REQUIRE(OsSysMemInit() == LOS_OK, "OsSysMemInit");
    UINT32 total = OsVmPhysFreePagesGet();
    CHECK(total == 64, "total %u", total);

    LosVmPage *page = LOS_PhysPageAlloc();
    REQUIRE(page != NULL, "page");
    CHECK(LOS_AtomicRead(&page->refCounts) == 1, "new page refs %d", (int)page->refCounts);
    LOS_AtomicInc(&page->refCounts);              /* shared, e.g. mapped twice */
    LOS_AtomicInc(&page->refCounts);
    LOS_PhysPageFree(page);
    LOS_PhysPageFree(page);
    CHECK(LOS_AtomicRead(&page->refCounts) == 1, "refs after two drops %d", (int)page->refCounts);
    CHECK(OsVmPhysFreePagesGet() == total - 1U, "page freed while referenced");
    LOS_PhysPageFree(page);
    CHECK(LOS_AtomicRead(&page->refCounts) == 0, "refs after the last drop %d", (int)page->refCounts);
    CHECK(OsVmPhysFreePagesGet() == total, "page not freed with its last reference");

    /* A list where one page holds an extra reference: all three leave the list, two are freed. */
    LOS_DL_LIST_HEAD(list);
    REQUIRE(LOS_PhysPagesAlloc(3, &list) == 3, "three pages");
    LosVmPage *p = NULL;
    LOS_DL_LIST_FOR_EACH_ENTRY(p, &list, LosVmPage, node) {
        CHECK(LOS_AtomicRead(&p->refCounts) == 1, "listed page refs %d", (int)p->refCounts);
    }
    LosVmPage *shared = LOS_DL_LIST_ENTRY(list.pstNext->pstNext, LosVmPage, node);
    LOS_AtomicInc(&shared->refCounts);
    CHECK(LOS_PhysPagesFree(&list) == 3 && LOS_ListEmpty(&list), "list free");
    CHECK(OsVmPhysFreePagesGet() == total - 1U, "free %u", OsVmPhysFreePagesGet());
    CHECK(LOS_AtomicRead(&shared->refCounts) == 1, "shared refs %d", (int)shared->refCounts);
    OsVmPhysInvariantsCheck();
    LOS_PhysPageFree(shared);

    /* Every page of a contiguous allocation holds one reference. */
    VOID *run = LOS_PhysPagesAllocContiguous(5);
    REQUIRE(run != NULL, "run");
    LosVmPage *first = OsVmVaddrToPage(run);
    for (UINT32 i = 0; i < 5; i++) {
        CHECK(LOS_AtomicRead(&first[i].refCounts) == 1, "page %u of a run refs %d", i,
              (int)first[i].refCounts);
    }
    LOS_PhysPagesFreeContiguous(run, 5);
    for (UINT32 i = 0; i < 5; i++) {
        CHECK(LOS_AtomicRead(&first[i].refCounts) == 0, "freed page %u refs", i);
    }
    CHECK(OsVmPhysFreePagesGet() == total, "free %u", OsVmPhysFreePagesGet());
    OsVmPhysInvariantsCheck();

    /* Page lookups agree with each other. */
    LosVmPage *q = LOS_PhysPageAlloc();
    REQUIRE(q != NULL, "q");
    CHECK(OsVmVaddrToPage(OsVmPageToVaddr(q)) == q, "vaddr round trip");
    CHECK(LOS_VmPageGet(VM_PAGE_TO_PHYS(q)) == q, "LOS_VmPageGet");
    CHECK(OsVmPhysToPage(VM_PAGE_TO_PHYS(q) + 123U, q->segID) == q, "OsVmPhysToPage");
    CHECK(OsVmPhysSegGet(q) == &g_vmPhysSeg[0], "OsVmPhysSegGet");
    CHECK(LOS_VmPageGet(0x80000000U + 64U * PAGE_SIZE) == NULL, "page past RAM");
    CHECK(OsVmVaddrToPage(&total) == NULL, "page of a host pointer");
    UINT32 used = 0;
    UINT32 all = 0;
    OsVmPhysUsedInfoGet(&used, &all);
    CHECK(used == 1 && all == 64, "used %u of %u", used, all);
    LOS_PhysPageFree(q);
    return FwTestResult("fw.buddy.refcount");
}
