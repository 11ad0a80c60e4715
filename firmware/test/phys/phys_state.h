/*
 * Describes the free lists of segment 0 as a string such as "0:[1,11] 2:[12]": for each
 * non-empty order, the blocks in list order as page offsets from the segment start. Tests
 * compare it with hand-worked expectations.
 */
#ifndef PHYS_STATE_H
#define PHYS_STATE_H

#include <string.h>
#include "los_vm_phys.h"

static inline const char *PhysFreeListsString(void)
{
    static char buf[4096];
    size_t len = 0;
    buf[0] = '\0';
    LosVmPhysSeg *seg = &g_vmPhysSeg[0];
    for (UINT32 k = 0; k < VM_LIST_ORDER_MAX; k++) {
        if (LOS_ListEmpty(&seg->freeList[k].node)) {
            continue;
        }
        len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%u:[", len ? " " : "", k);
        LosVmPage *page = NULL;
        int first = 1;
        LOS_DL_LIST_FOR_EACH_ENTRY(page, &seg->freeList[k].node, LosVmPage, node) {
            len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%u", first ? "" : ",",
                                    (page->physAddr - seg->start) >> PAGE_SHIFT);
            first = 0;
        }
        len += (size_t)snprintf(buf + len, sizeof(buf) - len, "]");
    }
    return buf;
}

/* Page offset (from segment 0's start) of a kernel pointer. */
static inline UINT32 PhysOffsetOf(VOID *ptr)
{
    LosVmPage *page = OsVmVaddrToPage(ptr);
    return (page == NULL) ? 0xFFFFFFFFU : (page->physAddr - g_vmPhysSeg[0].start) >> PAGE_SHIFT;
}

static inline VOID *PhysPtrAt(UINT32 offset)
{
    return OsVmPageToVaddr(&g_vmPhysSeg[0].pageBase[offset]);
}

#endif /* PHYS_STATE_H */
