/*
 * fw.buddy.split_merge: the worked examples of the LiteOS-A "Physical Memory Management"
 * document, step by step, on a 16-page RAM. After every step the free lists must be exactly
 * the hand-worked state (page offsets from the start of RAM, list order = insertion order).
 *
 * Start: one free 16-page block, "4:[0]".
 *   alloc 1 page     takes 0; split halves 8 (order 3), 4 (2), 2 (1), 1 (0) go on the lists
 *   alloc 2 pages    takes 2..3 (list 1)
 *   alloc 4 pages    takes 4..7 (list 2)                   -> "0:[1] 3:[8]"
 * Seed example, requesting memory: 3 pages, only the 8-page block fits. Its upper half 12..15
 * goes on list 2; of the lower half 8..11 the caller keeps 8..10 and the tail page 11 goes on
 * list 0. Its buddy (10) is in use, and the page already on list 0 (1) is not contiguous with
 * it, so both stay on list 0 (the document's "not contiguous" case).  -> "0:[1,11] 2:[12]"
 * (The document says the merged pair would go to "list 2"; a 2-page block is order 1.)
 * Seed example, releasing memory: free 8..10 = 2 pages (8, order 1) + 1 page (10, order 0).
 * 8 has no free buddy (10..11 is not a free order-1 block yet): list 1. 10 merges with 11
 * (list 0) into 10..11, that with 8..9 (list 1) into 8..11, that with 12..15 into 8..15; its
 * buddy 0..7 is in use.                                    -> "0:[1] 3:[8]"
 * Then everything merges back to one block as the rest is freed.
 */
#include "fw_test.h"
#include "phys_state.h"
#include "hal_host.h"
#include "los_vm_boot.h"

#define STATE_IS(want) \
    CHECK(strcmp(PhysFreeListsString(), (want)) == 0, "free lists are \"%s\", expected \"%s\"", \
          PhysFreeListsString(), (want))

int main(void)
{
    REQUIRE(HalHostInit(0x80000000U, 16U * PAGE_SIZE) == LOS_OK, "HalHostInit");
    REQUIRE(OsSysMemInit() == LOS_OK, "OsSysMemInit");
    STATE_IS("4:[0]");

    LosVmPage *one = LOS_PhysPageAlloc();
    REQUIRE(one != NULL, "first page");
    CHECK(PhysOffsetOf(OsVmPageToVaddr(one)) == 0, "one page at offset %u",
          PhysOffsetOf(OsVmPageToVaddr(one)));
    STATE_IS("0:[1] 1:[2] 2:[4] 3:[8]");

    VOID *two = LOS_PhysPagesAllocContiguous(2);
    CHECK(PhysOffsetOf(two) == 2, "two pages at offset %u", PhysOffsetOf(two));
    STATE_IS("0:[1] 2:[4] 3:[8]");

    VOID *four = LOS_PhysPagesAllocContiguous(4);
    CHECK(PhysOffsetOf(four) == 4, "four pages at offset %u", PhysOffsetOf(four));
    STATE_IS("0:[1] 3:[8]");

    /* Requesting memory: 3 pages from the 8-page block give back 4 + 1. */
    VOID *three = LOS_PhysPagesAllocContiguous(3);
    CHECK(PhysOffsetOf(three) == 8, "three pages at offset %u", PhysOffsetOf(three));
    STATE_IS("0:[1,11] 2:[12]");
    for (UINT32 i = 8; i < 11; i++) {
        CHECK(LOS_AtomicRead(&g_vmPhysSeg[0].pageBase[i].refCounts) == 1, "page %u refs", i);
    }
    CHECK(OsVmPhysFreePagesGet() == 6, "free pages %u", OsVmPhysFreePagesGet());
    OsVmPhysInvariantsCheck();

    /* Releasing memory: 3 pages = 2 + 1, merging with free buddies up to 8 pages. */
    LOS_PhysPagesFreeContiguous(three, 3);
    STATE_IS("0:[1] 3:[8]");
    OsVmPhysInvariantsCheck();

    LOS_PhysPageFree(one);         /* 0 merges with 1; 0..1's buddy 2..3 is in use */
    STATE_IS("1:[0] 3:[8]");
    LOS_PhysPagesFreeContiguous(two, 2);   /* 2..3 + 0..1 = 0..3; buddy 4..7 in use */
    STATE_IS("2:[0] 3:[8]");
    LOS_PhysPagesFreeContiguous(four, 4);  /* 4..7 + 0..3 = 0..7, + 8..15 = 0..15 */
    STATE_IS("4:[0]");
    OsVmPhysInvariantsCheck();

    /* Freeing a range in pieces, out of order: 3 pages at 5..7 of a 16-page block split as
     * 0..4 + 5..7 + 8..15. Free 5..7 -> 5 (order 0; buddy 4 in use), 6..7 (order 1; buddy 4..5
     * not a free order-1 block).                                                          */
    VOID *all = LOS_PhysPagesAllocContiguous(16);
    CHECK(PhysOffsetOf(all) == 0, "all pages at offset %u", PhysOffsetOf(all));
    STATE_IS("");
    LOS_PhysPagesFreeContiguous(PhysPtrAt(5), 3);
    STATE_IS("0:[5] 1:[6]");
    LOS_PhysPagesFreeContiguous(PhysPtrAt(8), 8);
    STATE_IS("0:[5] 1:[6] 3:[8]");
    LOS_PhysPagesFreeContiguous(PhysPtrAt(0), 5);  /* 0..3 (order 2), 4 (order 0) */
    /* 0..3 goes to list 2 (buddy 4..7 not free as a block); 4 merges with 5 -> 4..5, with
     * 6..7 -> 4..7, with 0..3 -> 0..7, with 8..15 -> 0..15. */
    STATE_IS("4:[0]");
    OsVmPhysInvariantsCheck();
    CHECK(OsVmPhysBadFreeCount() == 0, "bad frees %u", OsVmPhysBadFreeCount());
    return FwTestResult("fw.buddy.split_merge");
}
