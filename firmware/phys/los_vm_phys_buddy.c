/*
 * The buddy allocator of one memory segment.
 *
 * Free memory is kept as blocks of 2^k contiguous page frames, k = 0..8 ("order k"), one free
 * list per order. Blocks are naturally aligned in absolute frame numbers (pfn = PA >> 12): a
 * block of order k starts at a pfn that is a multiple of 2^k. Two identities follow and the
 * whole algorithm rests on them:
 *
 *   buddy(p, k)  = p ^ (1 << k)      the other half of the order-(k+1) block that contains
 *                                    the order-k block at p (flip bit k of the frame number);
 *   parent(p, k) = p & ~(1 << k)     that order-(k+1) block's first frame (the lower buddy).
 *
 * Allocating 2^k pages takes the first block of the smallest non-empty list j >= k and splits
 * it in halves j-1, j-2, ..., k: each upper half p + 2^(i) goes onto list i (its buddy, the
 * lower half, is being used, so it cannot merge) and the lower half is split further.
 *
 * Freeing the block (p, k) merges upward: while buddy(p, k) is itself a free block of exactly
 * order k inside the segment, that buddy leaves its list, p becomes parent(p, k) and k grows by
 * one. The result goes onto list k. Merging stops at order 8 (1 MiB), the largest order.
 *
 * Contiguous requests for n pages that are not a power of two take exactly n pages, as
 * LiteOS-A does: allocate the block of order ceil(log2 n), keep its first n pages and free the
 * tail [p + n, p + 2^k) back. Freeing any range [p, p + n) cuts it into the largest aligned
 * blocks, front to back (at each step order = min(trailing zeros of p, floor(log2 of what is
 * left), 8)), and frees each block with merging. With the seed's example: 3 pages from an
 * 8-page block at p leave [p+4, p+8) on list 2 (split) and [p+3] on list 0 (tail; its buddy p+2
 * is in use); freeing [p, p+3) again frees (p, order 1) then (p+2, order 0), which merges with
 * p+3, then with p, then with p+4, and the 8-page block is whole again.
 *
 * Requests over 256 pages take consecutive free order-8 blocks (there is no larger order) and
 * free the tail of the last one.
 *
 * State kept per page (see los_vm_page.h): only the head of a free block is marked (flag
 * VM_PAGE_FLAG_FREE, order = k); every other page has order = VM_LIST_ORDER_MAX. So "is frame q
 * free?" is answered by looking at the at most nine candidate heads q & ~(2^k - 1).
 *
 * Invariants (checked by OsVmPhysInvariantsCheck, asserted where cheap):
 *   - every block on list k is marked free with order k, is 2^k aligned and lies in its segment;
 *   - free blocks never overlap, and the pages they cover add up to seg->freePages;
 *   - no free block of order k < 8 has its buddy free with the same order (merging is eager);
 *   - every page not covered by a free block is allocated (refCounts >= 1).
 */
#include "los_vm_phys_pri.h"
#include "hal.h"

STATIC VOID OsFreeListAddUnsafe(LosVmPhysSeg *seg, LosVmPage *head, UINT32 order)
{
    VM_ASSERT((OsPagePfn(head) & (VM_ORDER_TO_PAGES(order) - 1U)) == 0U,
              "free block at pa 0x%08x is not aligned to its order %u", head->physAddr, order);
    VM_ASSERT(OsSegHoldsBlock(seg, OsPagePfn(head), order),
              "free block at pa 0x%08x order %u leaves its segment", head->physAddr, order);
    head->order = (UINT8)order;
    head->flags = VM_PAGE_FLAG_FREE;
    head->nPages = 0;
    LOS_AtomicSet(&head->refCounts, 0);
    LOS_ListTailInsert(&seg->freeList[order].node, &head->node);
    seg->freeList[order].listCnt++;
    seg->freePages += VM_ORDER_TO_PAGES(order);
}

STATIC VOID OsFreeListDelUnsafe(LosVmPhysSeg *seg, LosVmPage *head)
{
    UINT32 order = head->order;
    VM_ASSERT((head->flags & VM_PAGE_FLAG_FREE) && order < VM_LIST_ORDER_MAX,
              "page 0x%08x taken off a free list is not a free block head", head->physAddr);
    VM_ASSERT(seg->freeList[order].listCnt > 0U, "free list %u count underflow", order);
    LOS_ListDelete(&head->node);
    seg->freeList[order].listCnt--;
    seg->freePages -= VM_ORDER_TO_PAGES(order);
    head->order = (UINT8)VM_LIST_ORDER_MAX;
    head->flags = 0;
}

LosVmPage *OsVmPhysFreeBlockOfUnsafe(LosVmPhysSeg *seg, UINT32 pfn)
{
    for (UINT32 k = 0; k < VM_LIST_ORDER_MAX; k++) {
        UINT32 head = pfn & ~(VM_ORDER_TO_PAGES(k) - 1U);
        if (!OsSegHoldsBlock(seg, head, 0)) {
            break;  /* candidate heads only move down; once outside, all further ones are */
        }
        LosVmPage *page = OsSegPfnToPage(seg, head);
        if ((page->flags & VM_PAGE_FLAG_FREE) && page->order == k) {
            return page;
        }
    }
    return NULL;
}

/* Frees the block (pfn, order) and merges it with free buddies as far as it goes. */
STATIC VOID OsVmPhysBlockFreeUnsafe(LosVmPhysSeg *seg, UINT32 pfn, UINT32 order)
{
    while (order + 1U < VM_LIST_ORDER_MAX) {
        UINT32 buddy = pfn ^ VM_ORDER_TO_PAGES(order);
        if (!OsSegHoldsBlock(seg, buddy, order)) {
            break;
        }
        LosVmPage *buddyPage = OsSegPfnToPage(seg, buddy);
        if (!(buddyPage->flags & VM_PAGE_FLAG_FREE) || buddyPage->order != order) {
            break;
        }
        OsFreeListDelUnsafe(seg, buddyPage);
        pfn &= ~VM_ORDER_TO_PAGES(order);
        order++;
    }
    OsFreeListAddUnsafe(seg, OsSegPfnToPage(seg, pfn), order);
}

VOID OsVmPhysRangeFreeUnsafe(LosVmPhysSeg *seg, UINT32 pfn, size_t nPages)
{
    while (nPages > 0) {
        UINT32 order = 0;
        while (order + 1U < VM_LIST_ORDER_MAX &&
               (pfn & (VM_ORDER_TO_PAGES(order + 1U) - 1U)) == 0U &&
               VM_ORDER_TO_PAGES(order + 1U) <= nPages) {
            order++;
        }
        for (UINT32 i = 0; i < VM_ORDER_TO_PAGES(order); i++) {
            LosVmPage *page = OsSegPfnToPage(seg, pfn + i);
            LOS_AtomicSet(&page->refCounts, 0);
            page->flags = 0;
            page->nPages = 0;
            page->order = (UINT8)VM_LIST_ORDER_MAX;
        }
        OsVmPhysBlockFreeUnsafe(seg, pfn, order);
        pfn += VM_ORDER_TO_PAGES(order);
        nPages -= VM_ORDER_TO_PAGES(order);
    }
}

/* Takes the first block of the smallest non-empty list >= order and splits it down to order. */
STATIC LosVmPage *OsVmPhysBlockAllocUnsafe(LosVmPhysSeg *seg, UINT32 order)
{
    UINT32 j = order;
    while (j < VM_LIST_ORDER_MAX && LOS_ListEmpty(&seg->freeList[j].node)) {
        j++;
    }
    if (j == VM_LIST_ORDER_MAX) {
        return NULL;
    }
    LosVmPage *head = LOS_DL_LIST_ENTRY(seg->freeList[j].node.pstNext, LosVmPage, node);
    OsFreeListDelUnsafe(seg, head);
    UINT32 pfn = OsPagePfn(head);
    while (j > order) {
        j--;
        OsFreeListAddUnsafe(seg, OsSegPfnToPage(seg, pfn + VM_ORDER_TO_PAGES(j)), j);
    }
    return head;
}

/* Takes count consecutive free order-8 blocks, the first one's pfn a multiple of alignPages. */
STATIC LosVmPage *OsVmPhysLargeAllocUnsafe(LosVmPhysSeg *seg, UINT32 count, size_t alignPages)
{
    const UINT32 top = VM_LIST_ORDER_MAX - 1U;
    const UINT32 step = VM_ORDER_TO_PAGES(top);
    LosVmPage *head = NULL;
    LOS_DL_LIST_FOR_EACH_ENTRY(head, &seg->freeList[top].node, LosVmPage, node) {
        UINT32 pfn = OsPagePfn(head);
        if ((pfn & (alignPages - 1U)) != 0U) {
            continue;
        }
        UINT32 i = 1;
        while (i < count) {
            UINT32 next = pfn + i * step;
            if (!OsSegHoldsBlock(seg, next, top)) {
                break;
            }
            LosVmPage *p = OsSegPfnToPage(seg, next);
            if (!(p->flags & VM_PAGE_FLAG_FREE) || p->order != top) {
                break;
            }
            i++;
        }
        if (i == count) {
            for (i = 0; i < count; i++) {
                OsFreeListDelUnsafe(seg, OsSegPfnToPage(seg, pfn + i * step));
            }
            return head;
        }
    }
    return NULL;
}

VOID OsVmPhysPagesClaimUnsafe(LosVmPage *page, size_t nPages)
{
    for (size_t i = 0; i < nPages; i++) {
        LosVmPage *p = page + i;
        VM_ASSERT(!(p->flags & VM_PAGE_FLAG_FREE) && p->order == VM_LIST_ORDER_MAX,
                  "page 0x%08x handed out while still marked free", p->physAddr);
        LOS_AtomicSet(&p->refCounts, 1);
        p->flags = 0;
        p->nPages = 0;
        LOS_ListInit(&p->node);
    }
}

LosVmPage *OsVmPhysContigAllocUnsafe(LosVmPhysSeg *seg, size_t nPages, size_t alignPages)
{
    const size_t maxBlock = VM_ORDER_TO_PAGES(VM_LIST_ORDER_MAX - 1U);
    LosVmPage *head = NULL;
    size_t taken;
    if (nPages <= maxBlock && alignPages <= maxBlock) {
        /* A block of order k is 2^k aligned: ask for an order that covers the alignment. */
        UINT32 order = OsOrderForPages(MAX(nPages, alignPages));
        head = OsVmPhysBlockAllocUnsafe(seg, order);
        taken = VM_ORDER_TO_PAGES(order);
    } else {
        UINT32 count = (UINT32)((nPages + maxBlock - 1U) / maxBlock);
        head = OsVmPhysLargeAllocUnsafe(seg, count, alignPages);
        taken = (size_t)count * maxBlock;
    }
    if (head == NULL) {
        return NULL;
    }
    OsVmPhysPagesClaimUnsafe(head, taken);
    if (taken > nPages) {
        OsVmPhysRangeFreeUnsafe(seg, OsPagePfn(head) + (UINT32)nPages, taken - nPages);
    }
    return head;
}
