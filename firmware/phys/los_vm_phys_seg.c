/*
 * Memory segments and the page array: building them from RAM areas, and the lookups between
 * physical addresses, page structs and kernel (host) pointers.
 */
#include <stdarg.h>
#include <string.h>
#include "los_vm_phys_pri.h"
#include "hal.h"

LosVmPhysSeg g_vmPhysSeg[VM_PHYS_SEG_MAX];
INT32 g_vmPhysSegNum = 0;
LosVmPage *g_vmPageArray = NULL;
size_t g_vmPageArraySize = 0;

STATIC UINT32 g_vmPhysBadFrees = 0;

VOID OsVmPhysBadFree(const CHAR *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    (VOID)fputs("vm_phys: bad free ignored: ", stderr);
    (VOID)vfprintf(stderr, fmt, ap);
    (VOID)fputc('\n', stderr);
    va_end(ap);
    g_vmPhysBadFrees++;
}

UINT32 OsVmPhysBadFreeCount(VOID)
{
    return g_vmPhysBadFrees;
}

/* Trims an area to whole pages inside RAM; FALSE when nothing is left or it leaves RAM. */
STATIC BOOL OsVmPhysAreaTrim(const LosVmPhysArea *area, const HalMemConfig *ram,
                             UINT64 *start, UINT64 *end)
{
    UINT64 ramStart = ram->ramBase;
    UINT64 ramEnd = ramStart + ram->ramSize;
    UINT64 s = ((UINT64)area->start + PAGE_SIZE - 1U) & ~(UINT64)(PAGE_SIZE - 1U);
    UINT64 e = ((UINT64)area->start + area->size) & ~(UINT64)(PAGE_SIZE - 1U);
    if ((UINT64)area->start < ramStart || (UINT64)area->start + area->size > ramEnd || s >= e) {
        return FALSE;
    }
    *start = s;
    *end = e;
    return TRUE;
}

BOOL OsVmPhysSegsPlan(const LosVmPhysArea *areas, UINT32 count, OsVmPhysSegPlan *plan)
{
    const HalMemConfig *ram = HalMemConfigGet();
    if (areas == NULL || count == 0 || count > VM_PHYS_SEG_MAX || ram == NULL) {
        return FALSE;
    }
    plan->count = count;
    plan->totalPages = 0;
    for (UINT32 i = 0; i < count; i++) {
        if (!OsVmPhysAreaTrim(&areas[i], ram, &plan->starts[i], &plan->ends[i])) {
            return FALSE;
        }
        for (UINT32 j = 0; j < i; j++) {
            if (plan->starts[i] < plan->ends[j] && plan->starts[j] < plan->ends[i]) {
                return FALSE;
            }
        }
        plan->totalPages += (size_t)((plan->ends[i] - plan->starts[i]) >> PAGE_SHIFT);
    }
    plan->pages = calloc(plan->totalPages, sizeof(LosVmPage));
    return plan->pages != NULL;
}

VOID OsVmPhysSegsInstall(const OsVmPhysSegPlan *plan)
{
    HalCostPart prev = HalCostPartSet(HAL_PART_ALLOC);
    free(g_vmPageArray);
    g_vmPageArray = plan->pages;
    g_vmPageArraySize = plan->totalPages;
    (VOID)memset(g_vmPhysSeg, 0, sizeof(g_vmPhysSeg));
    g_vmPhysSegNum = (INT32)plan->count;
    g_vmPhysBadFrees = 0;

    size_t base = 0;
    for (UINT32 i = 0; i < plan->count; i++) {
        LosVmPhysSeg *seg = &g_vmPhysSeg[i];
        seg->start = (PADDR_T)plan->starts[i];
        seg->size = (size_t)(plan->ends[i] - plan->starts[i]);
        seg->pageBase = &plan->pages[base];
        for (UINT32 k = 0; k < VM_LIST_ORDER_MAX; k++) {
            LOS_ListInit(&seg->freeList[k].node);
        }
        for (UINT32 n = 0; n < OsSegPageCount(seg); n++) {
            LosVmPage *page = &seg->pageBase[n];
            page->physAddr = seg->start + (n << PAGE_SHIFT);
            page->segID = (UINT8)i;
            page->order = (UINT8)VM_LIST_ORDER_MAX;
            LOS_ListInit(&page->node);
        }
        /* The frame at PA 0 is never handed out: 0 is the "none" physical address throughout
         * (a failed table or heap allocation, an unset translation table base), so RAM at PA 0
         * would make its first allocation look like a failure. It stays allocated, with one
         * reference that nobody drops. */
        UINT32 reserved = (OsSegStartPfn(seg) == 0U) ? 1U : 0U;
        OsVmPhysPagesClaimUnsafe(seg->pageBase, reserved);
        OsVmPhysRangeFreeUnsafe(seg, OsSegStartPfn(seg) + reserved, OsSegPageCount(seg) - reserved);
        base += OsSegPageCount(seg);
    }
    (VOID)HalCostPartSet(prev);
}

LosVmPhysSeg *OsVmPhysSegGet(LosVmPage *page)
{
    /* Compare addresses as integers: page may point anywhere, e.g. at a caller's own struct. */
    UINTPTR at = (UINTPTR)page;
    UINTPTR base = (UINTPTR)g_vmPageArray;
    if (page == NULL || g_vmPageArray == NULL || at < base ||
        at - base >= g_vmPageArraySize * sizeof(LosVmPage) ||
        (at - base) % sizeof(LosVmPage) != 0U || page->segID >= (UINT32)g_vmPhysSegNum) {
        return NULL;
    }
    return &g_vmPhysSeg[page->segID];
}

LosVmPage *OsVmPhysToPage(PADDR_T pa, UINT8 segID)
{
    if (segID >= (UINT32)g_vmPhysSegNum) {
        return NULL;
    }
    LosVmPhysSeg *seg = &g_vmPhysSeg[segID];
    if (pa < seg->start || (UINT64)pa >= (UINT64)seg->start + seg->size) {
        return NULL;
    }
    return &seg->pageBase[(pa - seg->start) >> PAGE_SHIFT];
}

LosVmPage *LOS_VmPageGet(PADDR_T paddr)
{
    for (INT32 i = 0; i < g_vmPhysSegNum; i++) {
        LosVmPage *page = OsVmPhysToPage(paddr, (UINT8)i);
        if (page != NULL) {
            return page;
        }
    }
    return NULL;
}

VOID *OsVmPageToVaddr(LosVmPage *page)
{
    if (OsVmPhysSegGet(page) == NULL) {
        return NULL;
    }
    return HalPhysToHost(page->physAddr);
}

VOID *LOS_PaddrToKVaddr(PADDR_T paddr)
{
    return (LOS_VmPageGet(paddr & ~(PADDR_T)(PAGE_SIZE - 1U)) == NULL) ? NULL : HalPhysToHost(paddr);
}

LosVmPage *OsVmVaddrToPage(VOID *ptr)
{
    BOOL ok = FALSE;
    PADDR_T pa = HalHostToPhys(ptr, &ok);
    return ok ? LOS_VmPageGet(pa) : NULL;
}

VOID OsVmPhysUsedInfoGet(UINT32 *usedCount, UINT32 *totalCount)
{
    UINT32 total = 0;
    UINT32 freePages = 0;
    for (INT32 i = 0; i < g_vmPhysSegNum; i++) {
        total += OsSegPageCount(&g_vmPhysSeg[i]);
        freePages += g_vmPhysSeg[i].freePages;
    }
    if (usedCount != NULL) {
        *usedCount = total - freePages;
    }
    if (totalCount != NULL) {
        *totalCount = total;
    }
}

UINT32 OsVmPhysFreePagesGet(VOID)
{
    UINT32 used = 0;
    UINT32 total = 0;
    OsVmPhysUsedInfoGet(&used, &total);
    return total - used;
}
