/*
 * fw.buddy.contiguous_large: contiguous requests above 256 pages take consecutive free
 * order-8 blocks and give back the tail; alignment requests; a single page in use in every
 * 1 MiB block blocks large requests. RAM: 8 MiB = order-8 blocks at offsets 0, 256, ..., 1792.
 */
#include <string.h>
#include "fw_test.h"
#include "phys_state.h"
#include "hal_host.h"
#include "los_vm_boot.h"

#define STATE_IS(want) \
    CHECK(strcmp(PhysFreeListsString(), (want)) == 0, "free lists are \"%s\", expected \"%s\"", \
          PhysFreeListsString(), (want))

int main(void)
{
    REQUIRE(HalHostInit(0x80000000U, 2048U * PAGE_SIZE) == LOS_OK, "HalHostInit");
    REQUIRE(OsSysMemInit() == LOS_OK, "OsSysMemInit");
    STATE_IS("8:[0,256,512,768,1024,1280,1536,1792]");

    /* 257 pages: blocks 0 and 256; the tail 257..511 (255 pages) is cut into the largest
     * aligned blocks: 257 (1), 258 (2), 260 (4), 264 (8), 272 (16), 288 (32), 320 (64), 384 (128). */
    VOID *a = LOS_PhysPagesAllocContiguous(257);
    CHECK(PhysOffsetOf(a) == 0, "257 pages at %u", PhysOffsetOf(a));
    STATE_IS("0:[257] 1:[258] 2:[260] 3:[264] 4:[272] 5:[288] 6:[320] 7:[384] "
             "8:[512,768,1024,1280,1536,1792]");
    OsVmPhysInvariantsCheck();

    /* 1025 pages: five consecutive blocks 512..1791; tail 1537..1791. */
    VOID *b = LOS_PhysPagesAllocContiguous(1025);
    CHECK(PhysOffsetOf(b) == 512, "1025 pages at %u", PhysOffsetOf(b));
    STATE_IS("0:[257,1537] 1:[258,1538] 2:[260,1540] 3:[264,1544] 4:[272,1552] 5:[288,1568] "
             "6:[320,1600] 7:[384,1664] 8:[1792]");
    /* 512 pages would need two consecutive free 1 MiB blocks: only 1792 is left. */
    CHECK(LOS_PhysPagesAllocContiguous(512) == NULL, "512 pages without two free 1 MiB blocks");
    OsVmPhysInvariantsCheck();

    /* Free the 257: 0..255 as one order-8 block, then 256 merges with 257, 258, ... up to 8. */
    LOS_PhysPagesFreeContiguous(a, 257);
    STATE_IS("0:[1537] 1:[1538] 2:[1540] 3:[1544] 4:[1552] 5:[1568] 6:[1600] 7:[1664] "
             "8:[1792,0,256]");
    VOID *c = LOS_PhysPagesAllocContiguous(512);   /* 0 and 256 are consecutive */
    CHECK(PhysOffsetOf(c) == 0, "512 pages at %u", PhysOffsetOf(c));
    STATE_IS("0:[1537] 1:[1538] 2:[1540] 3:[1544] 4:[1552] 5:[1568] 6:[1600] 7:[1664] 8:[1792]");
    LOS_PhysPagesFreeContiguous(c, 512);
    LOS_PhysPagesFreeContiguous(b, 1025);
    STATE_IS("8:[1792,0,256,512,768,1024,1280,1536]");
    OsVmPhysInvariantsCheck();

    /* Aligned requests. 2 MiB alignment (512 pages): the first order-8 block whose frame is a
     * multiple of 512 pages is 0 (RAM starts at 0x80000000, pfn 0x80000). */
    LosVmPage *al = OsVmPhysPagesGetAligned(1, 512);
    REQUIRE(al != NULL, "2 MiB-aligned page");
    CHECK((al->physAddr & 0x1FFFFFU) == 0 && PhysOffsetOf(OsVmPageToVaddr(al)) == 0,
          "2 MiB-aligned page at 0x%08x", al->physAddr);
    /* 16 KiB alignment for one page takes an order-2 block. */
    LosVmPage *l1 = OsVmPhysPagesGetAligned(4, 4);
    REQUIRE(l1 != NULL, "16 KiB-aligned 16 KiB");
    CHECK((l1->physAddr & 0x3FFFU) == 0, "16 KiB-aligned block at 0x%08x", l1->physAddr);
    CHECK(OsVmPhysPagesGetAligned(1, 3) == NULL, "alignment that is not a power of two");
    CHECK(OsVmPhysPagesGetAligned(0, 1) == NULL, "zero pages");
    CHECK(LOS_PhysPagesAllocContiguous(0) == NULL, "zero contiguous pages");
    OsVmPhysPagesFreeContiguous(l1, 4);
    OsVmPhysPagesFreeContiguous(al, 1);
    OsVmPhysInvariantsCheck();

    /* One page in use in each 1 MiB block: nothing above 256 pages fits, 128 still does. */
    LosVmPage *pins[8];
    VOID *all = LOS_PhysPagesAllocContiguous(2048);
    REQUIRE(all != NULL, "all of RAM");
    for (UINT32 i = 0; i < 8; i++) {
        LOS_PhysPagesFreeContiguous(PhysPtrAt(i * 256U), 100);
        LOS_PhysPagesFreeContiguous(PhysPtrAt(i * 256U + 101U), 155);
        pins[i] = &g_vmPhysSeg[0].pageBase[i * 256U + 100U];
    }
    CHECK(LOS_PhysPagesAllocContiguous(257) == NULL, "257 pages around pinned pages");
    CHECK(LOS_PhysPagesAllocContiguous(256) == NULL, "256 pages around pinned pages");
    VOID *d = LOS_PhysPagesAllocContiguous(128);
    CHECK(d != NULL && PhysOffsetOf(d) == 128U, "128 pages at %u (first block 101..255 holds 128..255)", PhysOffsetOf(d));
    LOS_PhysPagesFreeContiguous(d, 128);
    for (UINT32 i = 0; i < 8; i++) {
        LOS_PhysPageFree(pins[i]);
    }
    CHECK(OsVmPhysFreePagesGet() == 2048, "free %u", OsVmPhysFreePagesGet());
    OsVmPhysInvariantsCheck();
    return FwTestResult("fw.buddy.contiguous_large");
}
