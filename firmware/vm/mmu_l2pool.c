/*
 * Level-2 table pool. A level-2 table is 1 KiB (256 entries, B3.5.1) but the buddy allocator
 * hands out 4 KiB pages, so four tables share one page. A pool page records which of its
 * four slots are in use in the VM-owned bits of its LosVmPage flags, and while it has a free
 * slot it sits on g_l2PoolPartial through page->node (free for the owner of an allocated
 * page). A page goes back to the buddy allocator when its last table is freed.
 *
 * Invariant: a free slot is all zero (fault entries), because a table is freed only when its
 * last valid descriptor has been cleared, and new pool pages are zeroed.
 */
#include "mmu_private.h"
#include "los_vm_phys.h"

#define L2_PER_PAGE          (PAGE_SIZE / VMSA_L2_TABLE_BYTES)   /* 4 */
#define VM_PAGE_FLAG_L2POOL  (1U << 16)
#define L2_USED_SHIFT        20U
#define L2_USED_MASK         (0xFU << L2_USED_SHIFT)
#define L2_ALL_USED          ((1U << L2_PER_PAGE) - 1U)

static LOS_DL_LIST g_l2PoolPartial = { &g_l2PoolPartial, &g_l2PoolPartial };
static LosL2PoolStats g_l2PoolStats;

static UINT32 OsL2UsedGet(const LosVmPage *page)
{
    return (page->flags & L2_USED_MASK) >> L2_USED_SHIFT;
}

static VOID OsL2UsedSet(LosVmPage *page, UINT32 used)
{
    page->flags = (page->flags & ~L2_USED_MASK) | (used << L2_USED_SHIFT);
}

/* The pool lives as long as the page allocator; OsSysMemInit starts both over. */
VOID OsL2PoolReset(VOID)
{
    LOS_ListInit(&g_l2PoolPartial);
    g_l2PoolStats = (LosL2PoolStats){ 0 };
}

PADDR_T OsL2TableAlloc(VOID)
{
    LosVmPage *page = LOS_ListPeekHeadType(&g_l2PoolPartial, LosVmPage, node);
    if (page == NULL) {
        HalCostPart prev = HalCostPartSet(HAL_PART_ALLOC);
        page = LOS_PhysPageAlloc();
        (VOID)HalCostPartSet(prev);
        if (page == NULL) {
            return 0U;
        }
        HalPhysZero(page->physAddr, PAGE_SIZE);
        page->flags |= VM_PAGE_FLAG_L2POOL;
        OsL2UsedSet(page, 0U);
        LOS_ListTailInsert(&g_l2PoolPartial, &page->node);
        g_l2PoolStats.pages++;
    }
    UINT32 used = OsL2UsedGet(page);
    UINT32 slot = 0U;
    while ((used & (1U << slot)) != 0U) {
        slot++;
    }
    VM_ASSERT(slot < L2_PER_PAGE, "a page on the partial list has a free slot");
    used |= 1U << slot;
    OsL2UsedSet(page, used);
    if (used == L2_ALL_USED) {
        LOS_ListDelInit(&page->node);
    }
    g_l2PoolStats.tables++;
    g_l2PoolStats.allocs++;
    return page->physAddr + slot * VMSA_L2_TABLE_BYTES;
}

VOID OsL2TableFree(PADDR_T table)
{
    LosVmPage *page = LOS_VmPageGet(table & PAGE_MASK);
    VM_ASSERT((page != NULL) && ((page->flags & VM_PAGE_FLAG_L2POOL) != 0U),
              "level-2 table comes from the pool");
    UINT32 slot = (table & (PAGE_SIZE - 1U)) / VMSA_L2_TABLE_BYTES;
    UINT32 used = OsL2UsedGet(page);
    VM_ASSERT((used & (1U << slot)) != 0U, "level-2 table freed twice");
    if (used == L2_ALL_USED) {
        /* At the head: pages that are mostly in use are filled up first, so that lightly used
         * pages can drain and go back to the allocator. */
        LOS_ListHeadInsert(&g_l2PoolPartial, &page->node);
    }
    used &= ~(1U << slot);
    OsL2UsedSet(page, used);
    g_l2PoolStats.tables--;
    g_l2PoolStats.frees++;
    if (used == 0U) {
        LOS_ListDelInit(&page->node);
        page->flags &= ~(VM_PAGE_FLAG_L2POOL | L2_USED_MASK);
        g_l2PoolStats.pages--;
        HalCostPart prev = HalCostPartSet(HAL_PART_ALLOC);
        LOS_PhysPageFree(page);
        (VOID)HalCostPartSet(prev);
    }
}

VOID OsArchMmuL2PoolStats(LosL2PoolStats *stats)
{
    *stats = g_l2PoolStats;
}
