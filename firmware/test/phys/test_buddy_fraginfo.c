/*
 * fw.buddy.fraginfo: fragmentation figures and the free-list dump on a hand-worked layout.
 * RAM: 512 pages (2 MiB) at 0x80000000, all allocated, then these ranges freed:
 *   0..255   -> block 0 order 8          256..259 -> 256 order 2     260..261 -> 260 order 1
 *   272..287 -> 272 order 4              296      -> 296 order 0
 *   320..327 -> 320 order 3              328..329 -> 328 order 1
 * (no two of them are free buddies of the same order, so nothing merges).
 * Free pages 289; blocks per order 1,2,1,1,1,0,0,0,1; pages per order 1,4,4,8,16,0,0,0,256.
 * Largest block 256 pages (order 8); longest free run 0..261 = 262 pages.
 * Unusable index (thousandths, rounded down) = 1000 * (pages in blocks below order k) / 289:
 *   k=0: 0   k=1: 1 -> 3   k=2: 5 -> 17   k=3: 9 -> 31   k=4: 17 -> 58   k>=5: 33 -> 114.
 * Free 64 KiB-aligned 64 KiB blocks: 16 in 0..255 + 1 (272..287) = 17; free 1 MiB blocks: 1.
 */
#include <string.h>
#include "fw_test.h"
#include "phys_state.h"
#include "hal_host.h"
#include "los_vm_boot.h"

static void CheckArray(const char *what, const UINT32 *got, const UINT32 *want)
{
    for (UINT32 k = 0; k < VM_LIST_ORDER_MAX; k++) {
        CHECK(got[k] == want[k], "%s[%u] = %u, expected %u", what, k, got[k], want[k]);
    }
}

int main(void)
{
    REQUIRE(HalHostInit(0x80000000U, 512U * PAGE_SIZE) == LOS_OK, "HalHostInit");
    REQUIRE(OsSysMemInit() == LOS_OK, "OsSysMemInit");
    LosVmPhysFragInfo fi;

    /* Everything free: two 1 MiB blocks, nothing unusable. */
    LOS_PhysFragInfoGet(&fi);
    CHECK(fi.totalPages == 512 && fi.freePages == 512, "total %u free %u", fi.totalPages, fi.freePages);
    CHECK(fi.free1MBlocks == 2 && fi.free64KBlocks == 32, "1M %u 64K %u", fi.free1MBlocks,
          fi.free64KBlocks);
    CHECK(fi.largestFreeRunPages == 512, "run %u", fi.largestFreeRunPages);
    CHECK(fi.unusableIndexPermille[8] == 0, "unusable[8] %u", fi.unusableIndexPermille[8]);

    /* Nothing free. */
    VOID *all = LOS_PhysPagesAllocContiguous(512);
    REQUIRE(all != NULL, "all");
    LOS_PhysFragInfoGet(&fi);
    CHECK(fi.freePages == 0 && fi.largestFreeOrder == VM_LIST_ORDER_MAX &&
          fi.largestFreeBlockPages == 0 && fi.largestFreeRunPages == 0, "empty figures");
    CHECK(fi.unusableIndexPermille[0] == 1000, "unusable with nothing free %u",
          fi.unusableIndexPermille[0]);

    static const UINT32 ranges[][2] = {
        { 0, 256 }, { 256, 6 }, { 272, 16 }, { 296, 1 }, { 320, 10 },
    };
    for (UINT32 i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++) {
        LOS_PhysPagesFreeContiguous(PhysPtrAt(ranges[i][0]), ranges[i][1]);
    }
    CHECK(strcmp(PhysFreeListsString(), "0:[296] 1:[260,328] 2:[256] 3:[320] 4:[272] 8:[0]") == 0,
          "layout %s", PhysFreeListsString());
    OsVmPhysInvariantsCheck();

    LOS_PhysFragInfoGet(&fi);
    static const UINT32 blocks[VM_LIST_ORDER_MAX] = { 1, 2, 1, 1, 1, 0, 0, 0, 1 };
    static const UINT32 pages[VM_LIST_ORDER_MAX] = { 1, 4, 4, 8, 16, 0, 0, 0, 256 };
    static const UINT32 unusable[VM_LIST_ORDER_MAX] = { 0, 3, 17, 31, 58, 114, 114, 114, 114 };
    CHECK(fi.totalPages == 512 && fi.freePages == 289, "total %u free %u", fi.totalPages,
          fi.freePages);
    CheckArray("freeBlocks", fi.freeBlocks, blocks);
    CheckArray("freePagesInOrder", fi.freePagesInOrder, pages);
    CheckArray("unusableIndexPermille", fi.unusableIndexPermille, unusable);
    CHECK(fi.largestFreeOrder == 8 && fi.largestFreeBlockPages == 256, "largest %u/%u",
          fi.largestFreeOrder, fi.largestFreeBlockPages);
    CHECK(fi.largestFreeRunPages == 262, "run %u", fi.largestFreeRunPages);
    CHECK(fi.free64KBlocks == 17 && fi.free1MBlocks == 1, "64K %u 1M %u", fi.free64KBlocks,
          fi.free1MBlocks);

    /* The dump names every block of the layout (0x80000000 + offset * 4 KiB). */
    FILE *f = tmpfile();
    REQUIRE(f != NULL, "tmpfile");
    OsVmPhysDumpTo(f);
    rewind(f);
    static char text[8192];
    size_t n = fread(text, 1, sizeof(text) - 1, f);
    text[n] = '\0';
    fclose(f);
    static const char *const lines[] = {
        "segment 0: pa 0x80000000..0x80200000, 512 pages, 289 free",
        "order 0 (  1 pages):     1 blocks 0x80128000",
        "order 1 (  2 pages):     2 blocks 0x80104000 0x80148000",
        "order 2 (  4 pages):     1 blocks 0x80100000",
        "order 3 (  8 pages):     1 blocks 0x80140000",
        "order 4 ( 16 pages):     1 blocks 0x80110000",
        "order 5 ( 32 pages):     0 blocks\n",
        "order 8 (256 pages):     1 blocks 0x80000000",
    };
    for (UINT32 i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
        CHECK(strstr(text, lines[i]) != NULL, "dump lacks \"%s\":\n%s", lines[i], text);
    }
    return FwTestResult("fw.buddy.fraginfo");
}
