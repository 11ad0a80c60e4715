/*
 * fw.buddy.exhaustion: running out of memory in every allocator returns NULL/0, leaves the
 * allocator consistent, leaks nothing, and everything works again once memory is freed.
 * RAM: 256 pages (1 MiB) = one order-8 block.
 */
#include <string.h>
#include "fw_test.h"
#include "phys_state.h"
#include "hal_host.h"
#include "los_vm_boot.h"
#include "los_memory.h"

#define PAGES 256U

int main(void)
{
    static LosVmPage *pages[PAGES];
    REQUIRE(HalHostInit(0x80000000U, PAGES * PAGE_SIZE) == LOS_OK, "HalHostInit");
    REQUIRE(OsSysMemInit() == LOS_OK, "OsSysMemInit");
    CHECK(strcmp(PhysFreeListsString(), "8:[0]") == 0, "start %s", PhysFreeListsString());

    /* Single pages until exhaustion: exactly 256, then NULL from every entry point. */
    UINT32 n = 0;
    while (n < PAGES && (pages[n] = LOS_PhysPageAlloc()) != NULL) {
        n++;
    }
    CHECK(n == PAGES, "got %u pages", n);
    CHECK(LOS_PhysPageAlloc() == NULL, "page from empty memory");
    CHECK(LOS_PhysPagesAllocContiguous(1) == NULL, "contiguous page from empty memory");
    CHECK(OsVmPhysPagesGetAligned(1, 1) == NULL, "aligned page from empty memory");
    LOS_DL_LIST_HEAD(list);
    CHECK(LOS_PhysPagesAlloc(3, &list) == 0 && LOS_ListEmpty(&list), "pages from empty memory");
    CHECK(LOS_KernelMalloc(64) == NULL, "heap block from empty memory");
    CHECK(LOS_KernelMalloc(64 * 1024) == NULL, "large block from empty memory");
    CHECK(LOS_KernelMallocAlign(64, 256) == NULL, "aligned block from empty memory");
    CHECK(OsVmPhysFreePagesGet() == 0, "free pages %u", OsVmPhysFreePagesGet());
    OsVmPhysInvariantsCheck();
    OsKHeapInvariantsCheck();

    /* Free every other page: 128 free single pages, no two adjacent -> no 2-page block. */
    for (UINT32 i = 0; i < PAGES; i += 2) {
        LOS_PhysPageFree(pages[i]);
    }
    CHECK(OsVmPhysFreePagesGet() == 128, "free pages %u", OsVmPhysFreePagesGet());
    CHECK(LOS_PhysPagesAllocContiguous(2) == NULL, "2 contiguous pages from a checkerboard");
    CHECK(LOS_KernelMalloc(100) == NULL, "heap arena (16 pages) from a checkerboard");
    CHECK(OsVmPhysFreePagesGet() == 128, "a failed request changed the free count");
    OsVmPhysInvariantsCheck();
    /* Non-contiguous requests still succeed, a partial one returns what it got. */
    CHECK(LOS_PhysPagesAlloc(200, &list) == 128, "partial LOS_PhysPagesAlloc");
    CHECK(LOS_ListLength(&list) == 128, "list length %u", LOS_ListLength(&list));
    CHECK(OsVmPhysFreePagesGet() == 0, "free pages %u", OsVmPhysFreePagesGet());
    CHECK(LOS_PhysPagesFree(&list) == 128 && LOS_ListEmpty(&list), "free the list");
    for (UINT32 i = 1; i < PAGES; i += 2) {
        LOS_PhysPageFree(pages[i]);
    }
    /* Recovery: everything merged back into the one 1 MiB block. */
    CHECK(strcmp(PhysFreeListsString(), "8:[0]") == 0, "after recovery %s", PhysFreeListsString());
    OsVmPhysInvariantsCheck();

    /* Heap exhaustion: small blocks until NULL, then a realloc that cannot move keeps its
     * block, and freeing everything returns every page. */
    static VOID *blocks[8192];
    UINT32 nb = 0;
    while (nb < 8192U && (blocks[nb] = LOS_KernelMalloc(1000)) != NULL) {
        memset(blocks[nb], (int)(nb & 0xFFU), 1000);
        nb++;
    }
    /* 16 arenas of 64 KiB; each holds 65 blocks of 1008 bytes (65 * 1008 = 65520). */
    CHECK(nb == 16U * 65U, "heap gave %u blocks of 1000 bytes", nb);
    LosKernelHeapInfo info;
    LOS_KernelHeapInfoGet(&info);
    CHECK(info.arenas == 16 && info.arenaPages == PAGES, "arenas %u pages %u", info.arenas,
          info.arenaPages);
    VOID *same = LOS_KernelRealloc(blocks[0], 8000);
    CHECK(same == NULL, "realloc grew with no memory");
    const UINT8 *b0 = blocks[0];
    CHECK(b0[0] == 0 && b0[999] == 0, "failed realloc changed the block");
    OsKHeapInvariantsCheck();
    OsVmPhysInvariantsCheck();
    for (UINT32 i = 0; i < nb; i++) {
        const UINT8 *b = blocks[i];
        CHECK(b[0] == (UINT8)(i & 0xFFU) && b[999] == (UINT8)(i & 0xFFU), "block %u content", i);
        LOS_KernelFree(blocks[i]);
    }
    LOS_KernelHeapInfoGet(&info);
    CHECK(info.arenas == 0 && info.usedBlocks == 0, "heap keeps %u arenas", info.arenas);
    CHECK(strcmp(PhysFreeListsString(), "8:[0]") == 0, "after heap %s", PhysFreeListsString());

    /* A request larger than RAM fails cleanly. */
    CHECK(LOS_PhysPagesAllocContiguous(PAGES + 1U) == NULL, "more pages than RAM");
    CHECK(LOS_KernelMalloc(PAGES * PAGE_SIZE + 1U) == NULL, "larger than RAM");
    CHECK(OsVmPhysBadFreeCount() == 0 && info.badFrees == 0, "bad frees");
    OsVmPhysInvariantsCheck();
    return FwTestResult("fw.buddy.exhaustion");
}
