/*
 * fw.buddy.double_free: frees of memory that is not allocated are reported and counted, and
 * change nothing (free lists byte-for-byte the same description, invariants hold).
 */
#include <string.h>
#include "fw_test.h"
#include "phys_state.h"
#include "hal_host.h"
#include "los_vm_boot.h"
#include "los_memory.h"

static char g_before[4096];

static void Snapshot(void)
{
    snprintf(g_before, sizeof(g_before), "%s", PhysFreeListsString());
}

#define UNCHANGED(what) \
    CHECK(strcmp(PhysFreeListsString(), g_before) == 0, "%s changed the free lists: %s -> %s", \
          what, g_before, PhysFreeListsString())

int main(void)
{
    REQUIRE(HalHostInit(0x80000000U, 64U * PAGE_SIZE) == LOS_OK, "HalHostInit");
    REQUIRE(OsSysMemInit() == LOS_OK, "OsSysMemInit");

    LosVmPage *page = LOS_PhysPageAlloc();
    LosVmPage *other = LOS_PhysPageAlloc();
    REQUIRE(page != NULL && other != NULL, "pages");
    LOS_PhysPageFree(page);
    Snapshot();
    LOS_PhysPageFree(page);                       /* double free of a single page */
    UNCHANGED("double LOS_PhysPageFree");
    CHECK(OsVmPhysBadFreeCount() == 1, "bad frees %u", OsVmPhysBadFreeCount());

    /* A page inside a larger free block (not its head) is caught too. */
    LOS_PhysPageFree(&g_vmPhysSeg[0].pageBase[40]);
    UNCHANGED("free of a page inside a free block");
    CHECK(OsVmPhysBadFreeCount() == 2, "bad frees %u", OsVmPhysBadFreeCount());

    /* A contiguous range that is partly free is refused as a whole. */
    VOID *four = LOS_PhysPagesAllocContiguous(4);
    REQUIRE(four != NULL, "four pages");
    Snapshot();
    LOS_PhysPagesFreeContiguous(four, 8);         /* the last 4 are free */
    UNCHANGED("over-long contiguous free");
    CHECK(OsVmPhysBadFreeCount() == 3, "bad frees %u", OsVmPhysBadFreeCount());
    LOS_PhysPagesFreeContiguous(four, 4);
    Snapshot();
    LOS_PhysPagesFreeContiguous(four, 4);         /* double free of the range */
    UNCHANGED("double contiguous free");
    CHECK(OsVmPhysBadFreeCount() == 4, "bad frees %u", OsVmPhysBadFreeCount());

    /* Things that are not pages at all. */
    LosVmPage fake;
    memset(&fake, 0, sizeof(fake));
    LOS_PhysPageFree(&fake);
    int local = 0;
    LOS_PhysPagesFreeContiguous(&local, 1);
    LOS_PhysPageFree((LosVmPage *)(VOID *)((UINT8 *)other + 4));    /* inside a page struct */
    UNCHANGED("frees of non-pages");
    CHECK(OsVmPhysBadFreeCount() == 7, "bad frees %u", OsVmPhysBadFreeCount());
    LOS_PhysPageFree(NULL);                       /* NULL is ignored, as in LiteOS-A */
    LOS_PhysPagesFreeContiguous(NULL, 1);
    LOS_PhysPagesFreeContiguous(OsVmPageToVaddr(other), 0);   /* nothing to free */
    CHECK(OsVmPhysBadFreeCount() == 7, "NULL or 0 pages counted as a bad free");
    CHECK(LOS_AtomicRead(&other->refCounts) == 1, "other still allocated");

    /* A page that came on a list and went back with LOS_PhysPagesFree, freed again. (Putting
     * a free page on a list again would reuse page->node, which the free lists own: that is
     * corruption by the caller, which no allocator can detect after the fact.) */
    LOS_DL_LIST_HEAD(list);
    REQUIRE(LOS_PhysPagesAlloc(2, &list) == 2, "two pages");
    LosVmPage *first = LOS_DL_LIST_ENTRY(list.pstNext, LosVmPage, node);
    CHECK(LOS_PhysPagesFree(&list) == 2, "free list");
    Snapshot();
    LOS_PhysPageFree(first);
    UNCHANGED("double free after a list free");
    CHECK(OsVmPhysBadFreeCount() == 8, "bad frees %u", OsVmPhysBadFreeCount());
    OsVmPhysInvariantsCheck();

    /* Kernel heap: double free, interior pointer, foreign pointer, for small and large. */
    VOID *small = LOS_KernelMalloc(100);
    VOID *large = LOS_KernelMalloc(20000);
    REQUIRE(small != NULL && large != NULL, "heap blocks");
    VOID *keep = LOS_KernelMalloc(100);           /* keeps the arena alive */
    LOS_KernelFree(small);
    /* The heap's pages are the heap's: freeing them as pages is refused. */
    UINT32 badPages = OsVmPhysBadFreeCount();
    LOS_PhysPagesFreeContiguous(OsVmPageToVaddr(OsVmVaddrToPage(keep)), 1);
    LOS_PhysPageFree(OsVmVaddrToPage(keep));
    LOS_PhysPagesFreeContiguous(large, 5);        /* a large heap block's own pages */
    CHECK(OsVmPhysBadFreeCount() == badPages + 3U, "heap pages freed as pages");
    LosKernelHeapInfo before;
    LosKernelHeapInfo after;
    LOS_KernelHeapInfoGet(&before);
    LOS_KernelFree(small);
    LOS_KernelFree((UINT8 *)keep + 16);
    LOS_KernelFree(&local);
    LOS_KernelFree(large);
    LOS_KernelFree(large);
    LOS_KernelHeapInfoGet(&after);
    CHECK(after.badFrees == 4, "heap bad frees %u", after.badFrees);
    CHECK(after.usedBlocks == before.usedBlocks && after.freeBytes == before.freeBytes,
          "bad heap frees changed the heap");
    CHECK(after.largeAllocs == 0 && before.largeAllocs == 1, "large alloc count");
    OsKHeapInvariantsCheck();
    LOS_KernelFree(keep);
    LOS_PhysPageFree(other);
    OsVmPhysInvariantsCheck();
    CHECK(strcmp(PhysFreeListsString(), "6:[0]") == 0, "end %s", PhysFreeListsString());
    return FwTestResult("fw.buddy.double_free");
}
