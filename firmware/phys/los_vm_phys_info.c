/*
 * Looking at the allocator from outside: fragmentation figures, the free-list dump, and the
 * full invariant check used by the tests.
 */
#include <string.h>
#include "los_vm_phys_pri.h"

/* 64 KiB = order 4, 1 MiB = order 8. Free blocks are naturally aligned and merged eagerly, so
 * a free 2^k-aligned run of 2^k pages is always inside one free block of order >= k. */
#define VM_ORDER_64K 4U
#define VM_ORDER_1M  8U

VOID LOS_PhysFragInfoGet(LosVmPhysFragInfo *info)
{
    if (info == NULL) {
        return;
    }
    (VOID)memset(info, 0, sizeof(*info));
    info->largestFreeOrder = VM_LIST_ORDER_MAX;
    for (INT32 s = 0; s < g_vmPhysSegNum; s++) {
        LosVmPhysSeg *seg = &g_vmPhysSeg[s];
        info->totalPages += OsSegPageCount(seg);
        info->freePages += seg->freePages;
        for (UINT32 k = 0; k < VM_LIST_ORDER_MAX; k++) {
            UINT32 blocks = seg->freeList[k].listCnt;
            info->freeBlocks[k] += blocks;
            info->freePagesInOrder[k] += blocks << k;
            if (k >= VM_ORDER_64K) {
                info->free64KBlocks += blocks << (k - VM_ORDER_64K);
            }
            if (k >= VM_ORDER_1M) {
                info->free1MBlocks += blocks << (k - VM_ORDER_1M);
            }
        }
        /* Longest run: walk the segment block by block in address order. */
        UINT32 run = 0;
        UINT32 n = 0;
        while (n < OsSegPageCount(seg)) {
            LosVmPage *page = &seg->pageBase[n];
            if (page->flags & VM_PAGE_FLAG_FREE) {
                run += VM_ORDER_TO_PAGES(page->order);
                n += VM_ORDER_TO_PAGES(page->order);
            } else {
                run = 0;
                n++;
            }
            info->largestFreeRunPages = MAX(info->largestFreeRunPages, run);
        }
    }
    for (UINT32 k = 0; k < VM_LIST_ORDER_MAX; k++) {
        if (info->freeBlocks[k] != 0) {
            info->largestFreeOrder = k;
            info->largestFreeBlockPages = VM_ORDER_TO_PAGES(k);
        }
    }
    UINT32 usable = 0;
    for (INT32 k = (INT32)VM_LIST_ORDER_MAX - 1; k >= 0; k--) {
        usable += info->freePagesInOrder[k];
        info->unusableIndexPermille[k] = (info->freePages == 0) ? 1000U :
            (UINT32)(((UINT64)(info->freePages - usable) * 1000U) / info->freePages);
    }
}

VOID OsVmPhysDumpTo(FILE *out)
{
    for (INT32 s = 0; s < g_vmPhysSegNum; s++) {
        LosVmPhysSeg *seg = &g_vmPhysSeg[s];
        (VOID)fprintf(out, "segment %d: pa 0x%08x..0x%08llx, %u pages, %u free\n", (int)s,
                      seg->start, (unsigned long long)seg->start + seg->size,
                      OsSegPageCount(seg), seg->freePages);
        for (UINT32 k = 0; k < VM_LIST_ORDER_MAX; k++) {
            LosVmFreeList *list = &seg->freeList[k];
            (VOID)fprintf(out, "  order %u (%3u pages): %5u blocks", k, VM_ORDER_TO_PAGES(k),
                          list->listCnt);
            LosVmPage *page = NULL;
            UINT32 shown = 0;
            LOS_DL_LIST_FOR_EACH_ENTRY(page, &list->node, LosVmPage, node) {
                if (shown++ == 8U) {
                    (VOID)fputs(" ...", out);
                    break;
                }
                (VOID)fprintf(out, " 0x%08x", page->physAddr);
            }
            (VOID)fputc('\n', out);
        }
    }
}

VOID OsVmPhysDump(VOID)
{
    OsVmPhysDumpTo(stdout);
}

STATIC VOID OsVmPhysSegCheck(LosVmPhysSeg *seg, UINT8 *covered)
{
    UINT32 pages = OsSegPageCount(seg);
    UINT32 freePages = 0;
    (VOID)memset(covered, 0, pages);
    for (UINT32 k = 0; k < VM_LIST_ORDER_MAX; k++) {
        UINT32 count = 0;
        LOS_DL_LIST *prev = &seg->freeList[k].node;
        LOS_DL_LIST *it = NULL;
        LOS_DL_LIST_FOR_EACH(it, &seg->freeList[k].node) {
            VM_ASSERT(it->pstPrev == prev, "free list %u is broken at node %p", k, (VOID *)it);
            prev = it;
            LosVmPage *head = LOS_DL_LIST_ENTRY(it, LosVmPage, node);
            VM_ASSERT(head >= seg->pageBase && head < seg->pageBase + pages,
                      "free list %u holds a page struct outside its segment", k);
            UINT32 pfn = OsPagePfn(head);
            VM_ASSERT((head->flags & VM_PAGE_FLAG_FREE) && head->order == k,
                      "block 0x%08x on list %u is marked order %u flags 0x%x",
                      head->physAddr, k, head->order, head->flags);
            VM_ASSERT((pfn & (VM_ORDER_TO_PAGES(k) - 1U)) == 0U,
                      "block 0x%08x on list %u is not 2^%u aligned", head->physAddr, k, k);
            VM_ASSERT(OsSegHoldsBlock(seg, pfn, k),
                      "block 0x%08x order %u leaves its segment", head->physAddr, k);
            for (UINT32 i = 0; i < VM_ORDER_TO_PAGES(k); i++) {
                UINT32 idx = pfn - OsSegStartPfn(seg) + i;
                VM_ASSERT(!covered[idx], "page 0x%08x is in two free blocks",
                          VM_PFN_TO_PHYS(pfn + i));
                covered[idx] = 1;
            }
            if (k + 1U < VM_LIST_ORDER_MAX) {
                UINT32 buddy = pfn ^ VM_ORDER_TO_PAGES(k);
                if (OsSegHoldsBlock(seg, buddy, k)) {
                    LosVmPage *bp = OsSegPfnToPage(seg, buddy);
                    VM_ASSERT(!((bp->flags & VM_PAGE_FLAG_FREE) && bp->order == k),
                              "free block 0x%08x order %u and its buddy 0x%08x are not merged",
                              head->physAddr, k, bp->physAddr);
                }
            }
            count++;
            freePages += VM_ORDER_TO_PAGES(k);
        }
        VM_ASSERT(count == seg->freeList[k].listCnt, "list %u holds %u blocks, counted %u",
                  k, count, seg->freeList[k].listCnt);
    }
    VM_ASSERT(freePages == seg->freePages, "free lists hold %u pages, segment counts %u",
              freePages, seg->freePages);
    for (UINT32 n = 0; n < pages; n++) {
        LosVmPage *page = &seg->pageBase[n];
        BOOL head = (page->flags & VM_PAGE_FLAG_FREE) != 0;
        VM_ASSERT(page->physAddr == seg->start + (n << PAGE_SHIFT),
                  "page struct %u of segment at 0x%08x says pa 0x%08x", n, seg->start,
                  page->physAddr);
        VM_ASSERT(head || page->order == VM_LIST_ORDER_MAX,
                  "page 0x%08x has order %u but heads no free block", page->physAddr,
                  page->order);
        if (covered[n]) {
            VM_ASSERT(LOS_AtomicRead(&page->refCounts) == 0,
                      "free page 0x%08x has refCounts %d", page->physAddr,
                      (int)LOS_AtomicRead(&page->refCounts));
        } else {
            VM_ASSERT(!head, "page 0x%08x is marked free but on no free list",
                      page->physAddr);
            VM_ASSERT(LOS_AtomicRead(&page->refCounts) >= 1,
                      "allocated page 0x%08x has refCounts %d", page->physAddr,
                      (int)LOS_AtomicRead(&page->refCounts));
        }
    }
}

VOID OsVmPhysInvariantsCheck(VOID)
{
    for (INT32 s = 0; s < g_vmPhysSegNum; s++) {
        LosVmPhysSeg *seg = &g_vmPhysSeg[s];
        UINT8 *covered = malloc(OsSegPageCount(seg));
        VM_ASSERT(covered != NULL, "no host memory for the check");
        OsVmPhysSegCheck(seg, covered);
        free(covered);
    }
}
