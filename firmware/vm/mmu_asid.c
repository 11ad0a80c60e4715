/*
 * ASID allocation: a 256-bit bitmap (CONTEXTIDR.ASID is 8 bits, B4.1.36). ASID 0 is reserved:
 * the kernel context runs with it, and the context switch parks CONTEXTIDR on it while TTBR0
 * changes (B3.10.4); no nG entry is ever made with it because the kernel maps only global
 * pages. Policy when all 255 process ASIDs are in use: refuse (creating the address space
 * fails with LOS_ERRNO_VM_NO_RESOURCES). There is no rollover, so an ASID is never shared and
 * never needs a TLBIALL; freeing an ASID invalidates its entries with TLBIASID
 * (OsArchMmuDestroy) before it can be handed out again.
 */
#include "mmu_private.h"

#define ASID_COUNT  256U
#define ASID_WORDS  (ASID_COUNT / 32U)

static UINT32 g_asidBitmap[ASID_WORDS] = { 1U };   /* bit 0: ASID 0 reserved */
static UINT32 g_asidsInUse;

UINT32 OsAsidAlloc(VOID)
{
    for (UINT32 w = 0U; w < ASID_WORDS; w++) {
        if (g_asidBitmap[w] == 0xFFFFFFFFU) {
            continue;
        }
        for (UINT32 bit = 0U; bit < 32U; bit++) {
            if ((g_asidBitmap[w] & (1U << bit)) == 0U) {
                g_asidBitmap[w] |= 1U << bit;
                g_asidsInUse++;
                return w * 32U + bit;
            }
        }
    }
    return 0U;
}

VOID OsAsidFree(UINT32 asid)
{
    VM_ASSERT((asid != 0U) && (asid < ASID_COUNT), "ASID 0 is reserved, ASIDs are 8 bits");
    VM_ASSERT((g_asidBitmap[asid / 32U] & (1U << (asid % 32U))) != 0U, "ASID freed twice");
    g_asidBitmap[asid / 32U] &= ~(1U << (asid % 32U));
    g_asidsInUse--;
}

UINT32 OsArchMmuAsidsInUse(VOID)
{
    return g_asidsInUse;
}

VOID OsAsidReset(VOID)
{
    for (UINT32 w = 0U; w < ASID_WORDS; w++) {
        g_asidBitmap[w] = 0U;
    }
    g_asidBitmap[0] = 1U;
    g_asidsInUse = 0U;
}
