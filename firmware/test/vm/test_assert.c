/*
 * fw.assert.message: the one invariant assertion (VM_ASSERT, los_vm_assert_pri.h) stops the
 * firmware in every layer with the same report: place, printf-formatted message, condition,
 * then SIGABRT. Broken on purpose in a child process: an ASID freed twice (page-table layer)
 * and a free-page count that disagrees with the free lists (physical-memory layer).
 */
#include <stdio.h>
#include "fw_test.h"
#include "hal_host.h"
#include "los_vm_boot.h"
#include "los_vm_phys.h"
#include "mmu_private.h"

static void AsidFreedTwice(void)
{
    OsAsidReset();
    OsAsidFree(7U);   /* never allocated */
}

static UINT32 g_freeBefore;

static void FreeCountDisagrees(void)
{
    g_vmPhysSeg[0].freePages++;
    OsVmPhysInvariantsCheck();
}

int main(void)
{
    FwTestExpectAbort("ASID freed twice", AsidFreedTwice,
                      "VM invariant broken: ASID freed twice "
                      "((g_asidBitmap[asid / 32U] & (1U << (asid % 32U))) != 0U)\n");

    REQUIRE(HalHostInit(0x80000000U, 64U * PAGE_SIZE) == LOS_OK, "HalHostInit");
    REQUIRE(OsSysMemInit() == LOS_OK, "OsSysMemInit");
    REQUIRE(g_vmPhysSegNum == 1, "one segment");
    g_freeBefore = g_vmPhysSeg[0].freePages;
    char want[160];
    (void)snprintf(want, sizeof(want),
                   ": VM invariant broken: free lists hold %u pages, segment counts %u "
                   "(freePages == seg->freePages)\n", g_freeBefore, g_freeBefore + 1U);
    FwTestExpectAbort("free count disagrees", FreeCountDisagrees, want);
    /* The parent's state is untouched: the check passes here. */
    OsVmPhysInvariantsCheck();
    return FwTestResult("fw.assert.message");
}
