/*
 * fw.buddy.segments: building segments from RAM areas (trimming, validation, the initial
 * block decomposition), allocation across segments, and re-initialisation.
 * RAM: 2 MiB at 0x80000000 (frames 0x80000..0x801FF).
 */
#include <string.h>
#include "fw_test.h"
#include "phys_state.h"
#include "hal_host.h"
#include "los_vm_boot.h"

#define BASE 0x80000000U

int main(void)
{
    REQUIRE(HalHostInit(BASE, 512U * PAGE_SIZE) == LOS_OK, "HalHostInit");
    /* Segment 0: frames 3..102 (100 pages; the area starts mid-page and is trimmed inwards).
     * Its first blocks, cut at natural alignment in absolute frame numbers:
     * 3 (1) 4 (4) 8 (8) 16 (16) 32 (32) 64 (32) 96 (4) 100 (2) 102 (1); as offsets from 3:
     * 0, 1, 5, 13, 29, 61, 93, 97, 99.  Segment 1: frames 256..511, one order-8 block. */
    LosVmPhysArea areas[2] = {
        { BASE + 3U * PAGE_SIZE - 100U, 100U * PAGE_SIZE + 100U + 50U },
        { BASE + 256U * PAGE_SIZE, 256U * PAGE_SIZE },
    };
    REQUIRE(OsVmPhysInitAreas(areas, 2) == LOS_OK, "two areas");
    CHECK(g_vmPhysSegNum == 2, "segments %d", (int)g_vmPhysSegNum);
    CHECK(g_vmPhysSeg[0].start == BASE + 3U * PAGE_SIZE && g_vmPhysSeg[0].size == 100U * PAGE_SIZE,
          "segment 0 at 0x%08x size %zu", g_vmPhysSeg[0].start, g_vmPhysSeg[0].size);
    CHECK(strcmp(PhysFreeListsString(), "0:[0,99] 1:[97] 2:[1,93] 3:[5] 4:[13] 5:[29,61]") == 0,
          "segment 0 lists %s", PhysFreeListsString());
    CHECK(g_vmPageArraySize == 356, "page array %zu", g_vmPageArraySize);
    OsVmPhysInvariantsCheck();

    /* Pages outside the segments have no page struct. */
    CHECK(LOS_VmPageGet(BASE) == NULL && LOS_VmPageGet(BASE + 200U * PAGE_SIZE) == NULL,
          "hole pages");
    CHECK(OsVmPhysToPage(BASE + 300U * PAGE_SIZE, 0) == NULL, "page of segment 1 in segment 0");
    LosVmPage *p300 = OsVmPhysToPage(BASE + 300U * PAGE_SIZE, 1);
    CHECK(p300 != NULL && p300->segID == 1 && p300->physAddr == BASE + 300U * PAGE_SIZE, "p300");

    /* 64 contiguous pages: segment 0 has no block of order 6, segment 1 serves them. */
    LosVmPage *big = OsVmPhysPagesGet(64);
    CHECK(big != NULL && big->physAddr == BASE + 256U * PAGE_SIZE && big->segID == 1,
          "64 pages from segment 1");
    /* 32 pages: segment 0 first (offset 29 = frame 32). */
    LosVmPage *mid = OsVmPhysPagesGet(32);
    CHECK(mid != NULL && mid->physAddr == BASE + 32U * PAGE_SIZE, "32 pages from segment 0");
    /* 200 pages: neither segment has a free 256-page block any more. */
    CHECK(OsVmPhysPagesGet(200) == NULL, "200 pages");
    /* Merging never crosses a segment edge: frames 102 (segment 0's last) and 103 are buddies
     * by number, but 103 is not in the segment. Free everything and check the blocks again. */
    OsVmPhysPagesFreeContiguous(big, 64);
    OsVmPhysPagesFreeContiguous(mid, 32);
    OsVmPhysInvariantsCheck();
    CHECK(OsVmPhysFreePagesGet() == 356, "free %u", OsVmPhysFreePagesGet());
    CHECK(strcmp(PhysFreeListsString(), "0:[0,99] 1:[97] 2:[1,93] 3:[5] 4:[13] 5:[61,29]") == 0,
          "segment 0 lists after frees %s", PhysFreeListsString());

    /* Bad area sets are refused and leave the current state alone. */
    LosVmPhysArea outside = { BASE + 500U * PAGE_SIZE, 20U * PAGE_SIZE };
    LosVmPhysArea below = { BASE - PAGE_SIZE, 2U * PAGE_SIZE };
    LosVmPhysArea tiny = { BASE + 10U, 100U };
    LosVmPhysArea overlap[2] = { { BASE, 10U * PAGE_SIZE }, { BASE + 9U * PAGE_SIZE, PAGE_SIZE } };
    CHECK(OsVmPhysInitAreas(&outside, 1) == LOS_NOK, "area past RAM");
    CHECK(OsVmPhysInitAreas(&below, 1) == LOS_NOK, "area below RAM");
    CHECK(OsVmPhysInitAreas(&tiny, 1) == LOS_NOK, "area without a whole page");
    CHECK(OsVmPhysInitAreas(overlap, 2) == LOS_NOK, "overlapping areas");
    CHECK(OsVmPhysInitAreas(areas, 0) == LOS_NOK && OsVmPhysInitAreas(NULL, 1) == LOS_NOK, "none");
    LosVmPhysArea many[VM_PHYS_SEG_MAX + 1U];
    for (UINT32 i = 0; i <= VM_PHYS_SEG_MAX; i++) {
        many[i].start = BASE + i * 2U * PAGE_SIZE;
        many[i].size = PAGE_SIZE;
    }
    CHECK(OsVmPhysInitAreas(many, VM_PHYS_SEG_MAX + 1U) == LOS_NOK, "too many areas");
    CHECK(g_vmPhysSegNum == 2 && OsVmPhysFreePagesGet() == 356, "state kept after refusals");
    CHECK(OsVmPhysInitAreas(many, VM_PHYS_SEG_MAX) == LOS_OK, "32 one-page segments");
    CHECK(OsVmPhysFreePagesGet() == VM_PHYS_SEG_MAX, "free %u", OsVmPhysFreePagesGet());
    CHECK(OsVmPhysPagesGet(2) == NULL, "2 pages from one-page segments");
    OsVmPhysInvariantsCheck();

    /* OsSysMemInit starts over with all of RAM. */
    REQUIRE(OsSysMemInit() == LOS_OK, "re-init");
    CHECK(g_vmPhysSegNum == 1 && OsVmPhysFreePagesGet() == 512, "whole RAM again");
    CHECK(strcmp(PhysFreeListsString(), "8:[0,256]") == 0, "lists %s", PhysFreeListsString());
    return FwTestResult("fw.buddy.segments");
}
