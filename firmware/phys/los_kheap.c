/*
 * The small-object kernel heap: arenas of OS_KHEAP_ARENA_PAGES contiguous pages taken from the
 * buddy allocator, carved into blocks that tile each arena with no gaps.
 *
 * Bookkeeping lives in host memory (the firmware never writes simulated RAM except through the
 * HAL, and heap users own every byte of their blocks): each block is an OsKHeapBlock with its
 * arena neighbours (prevPhys/nextPhys, address order), and
 *   - free blocks sit on segregated lists by size class: class c holds sizes of
 *     [2^c, 2^(c+1)) units of 16 bytes; allocation is first fit from the request's class up;
 *   - allocated blocks sit in a hash table keyed by physical address, for free and realloc.
 * Coalescing is immediate: a freed block merges with a free neighbour on either side, so no two
 * free blocks are ever adjacent. An arena whose blocks are all free goes back to the buddy
 * allocator at once, so a heap with nothing allocated holds no pages.
 */
#include <string.h>
#include "los_kheap_pri.h"
#include "hal.h"

#define OS_KHEAP_UNIT        KMALLOC_MIN_ALIGN
#define OS_KHEAP_ARENA_SIZE  (OS_KHEAP_ARENA_PAGES * PAGE_SIZE)
#define OS_KHEAP_CLASSES     14U   /* log2(arena size / unit) + 1 */

typedef struct OsKHeapArena {
    LOS_DL_LIST node;          /* in g_kheapArenas                    */
    LosVmPage  *firstPage;
    PADDR_T     base;
    struct OsKHeapBlock *first;
} OsKHeapArena;

typedef struct OsKHeapBlock {
    struct OsKHeapBlock *prevPhys;   /* neighbours inside the arena, NULL at its ends */
    struct OsKHeapBlock *nextPhys;
    struct OsKHeapBlock *hashNext;   /* hash chain while allocated; spare-list link   */
    LOS_DL_LIST freeNode;            /* size-class list while free                    */
    OsKHeapArena *arena;
    PADDR_T pa;
    UINT32  size;                    /* bytes, a multiple of OS_KHEAP_UNIT            */
    BOOL    isFree;
} OsKHeapBlock;

STATIC LOS_DL_LIST g_kheapArenas = { &g_kheapArenas, &g_kheapArenas };
STATIC LOS_DL_LIST g_kheapFree[OS_KHEAP_CLASSES];
STATIC BOOL g_kheapListsReady = FALSE;
STATIC OsKHeapBlock **g_kheapHash = NULL;
STATIC UINT32 g_kheapHashBuckets = 0;   /* a power of two */
STATIC UINT32 g_kheapHashCount = 0;
STATIC OsKHeapBlock *g_kheapSpare = NULL;
UINT32 g_kheapBadFrees = 0;
UINT32 g_kheapLargeAllocs = 0;
UINT32 g_kheapLargePages = 0;

/* ---- Size classes ------------------------------------------------------------------------ */
STATIC UINT32 OsKHeapClass(UINT32 size)
{
    UINT32 units = size / OS_KHEAP_UNIT;
    UINT32 c = 0;
    while (c + 1U < OS_KHEAP_CLASSES && (units >> (c + 1U)) != 0U) {
        c++;
    }
    return c;
}

STATIC VOID OsKHeapListsEnsure(VOID)
{
    if (!g_kheapListsReady) {
        for (UINT32 c = 0; c < OS_KHEAP_CLASSES; c++) {
            LOS_ListInit(&g_kheapFree[c]);
        }
        g_kheapListsReady = TRUE;
    }
}

STATIC VOID OsKHeapFreeListAdd(OsKHeapBlock *b)
{
    b->isFree = TRUE;
    LOS_ListTailInsert(&g_kheapFree[OsKHeapClass(b->size)], &b->freeNode);
}

STATIC VOID OsKHeapFreeListDel(OsKHeapBlock *b)
{
    LOS_ListDelete(&b->freeNode);
    b->isFree = FALSE;
}

/* ---- Block structs ----------------------------------------------------------------------- */
/* Makes sure n spare structs exist, so an operation never fails half way. */
STATIC BOOL OsKHeapSpareEnsure(UINT32 n)
{
    UINT32 have = 0;
    for (OsKHeapBlock *b = g_kheapSpare; b != NULL && have < n; b = b->hashNext) {
        have++;
    }
    while (have < n) {
        OsKHeapBlock *b = malloc(sizeof(*b));
        if (b == NULL) {
            return FALSE;
        }
        b->hashNext = g_kheapSpare;
        g_kheapSpare = b;
        have++;
    }
    return TRUE;
}

STATIC OsKHeapBlock *OsKHeapBlockNew(OsKHeapArena *arena, PADDR_T pa, UINT32 size)
{
    OsKHeapBlock *b = g_kheapSpare;
    VM_ASSERT(b != NULL, "kernel heap ran out of reserved block structs");
    g_kheapSpare = b->hashNext;
    (VOID)memset(b, 0, sizeof(*b));
    b->arena = arena;
    b->pa = pa;
    b->size = size;
    return b;
}

STATIC VOID OsKHeapBlockDelete(OsKHeapBlock *b)
{
    b->hashNext = g_kheapSpare;
    g_kheapSpare = b;
}

/* ---- Hash of allocated blocks ------------------------------------------------------------- */
STATIC UINT32 OsKHeapHashIndex(PADDR_T pa, UINT32 buckets)
{
    return (UINT32)(((pa / OS_KHEAP_UNIT) * 2654435761U) & (buckets - 1U));
}

STATIC BOOL OsKHeapHashGrow(VOID)
{
    UINT32 buckets = (g_kheapHashBuckets == 0U) ? 256U : g_kheapHashBuckets * 2U;
    OsKHeapBlock **table = calloc(buckets, sizeof(*table));
    if (table == NULL) {
        return FALSE;
    }
    for (UINT32 i = 0; i < g_kheapHashBuckets; i++) {
        OsKHeapBlock *b = g_kheapHash[i];
        while (b != NULL) {
            OsKHeapBlock *next = b->hashNext;
            UINT32 h = OsKHeapHashIndex(b->pa, buckets);
            b->hashNext = table[h];
            table[h] = b;
            b = next;
        }
    }
    free(g_kheapHash);
    g_kheapHash = table;
    g_kheapHashBuckets = buckets;
    return TRUE;
}

STATIC VOID OsKHeapHashInsert(OsKHeapBlock *b)
{
    UINT32 h = OsKHeapHashIndex(b->pa, g_kheapHashBuckets);
    b->hashNext = g_kheapHash[h];
    g_kheapHash[h] = b;
    g_kheapHashCount++;
}

/* Unlinks and returns the allocated block at pa, or NULL. */
STATIC OsKHeapBlock *OsKHeapHashTake(PADDR_T pa)
{
    if (g_kheapHashBuckets == 0U) {
        return NULL;
    }
    OsKHeapBlock **link = &g_kheapHash[OsKHeapHashIndex(pa, g_kheapHashBuckets)];
    while (*link != NULL && (*link)->pa != pa) {
        link = &(*link)->hashNext;
    }
    OsKHeapBlock *b = *link;
    if (b != NULL) {
        *link = b->hashNext;
        b->hashNext = NULL;
        g_kheapHashCount--;
    }
    return b;
}

STATIC OsKHeapBlock *OsKHeapHashFind(PADDR_T pa)
{
    if (g_kheapHashBuckets == 0U) {
        return NULL;
    }
    OsKHeapBlock *b = g_kheapHash[OsKHeapHashIndex(pa, g_kheapHashBuckets)];
    while (b != NULL && b->pa != pa) {
        b = b->hashNext;
    }
    return b;
}

/* ---- Arenas ------------------------------------------------------------------------------- */
STATIC VOID OsKHeapPageUnshared(PADDR_T pa);

STATIC OsKHeapArena *OsKHeapArenaNew(VOID)
{
    OsKHeapArena *arena = malloc(sizeof(*arena));
    if (arena == NULL) {
        return NULL;
    }
    LosVmPage *page = OsVmPhysPagesGetUnsafe(OS_KHEAP_ARENA_PAGES, 1);
    if (page == NULL) {
        free(arena);
        return NULL;
    }
    OsVmPhysKHeapUnsharedHookSet(OsKHeapPageUnshared);
    for (UINT32 i = 0; i < OS_KHEAP_ARENA_PAGES; i++) {
        page[i].flags |= VM_PAGE_FLAG_KHEAP;
    }
    arena->firstPage = page;
    arena->base = page->physAddr;
    arena->first = OsKHeapBlockNew(arena, arena->base, OS_KHEAP_ARENA_SIZE);
    LOS_ListTailInsert(&g_kheapArenas, &arena->node);
    OsKHeapFreeListAdd(arena->first);
    return arena;
}

STATIC VOID OsKHeapArenaRelease(OsKHeapArena *arena)
{
    OsKHeapBlock *b = arena->first;
    VM_ASSERT(b->isFree && b->size == OS_KHEAP_ARENA_SIZE,
              "arena 0x%08x released while in use", arena->base);
    OsKHeapFreeListDel(b);
    OsKHeapBlockDelete(b);
    LOS_ListDelete(&arena->node);
    LosVmPhysSeg *seg = OsVmPhysSegGet(arena->firstPage);
    OsVmPhysRangeFreeUnsafe(seg, VM_PHYS_TO_PFN(arena->base), OS_KHEAP_ARENA_PAGES);
    free(arena);
}

/* The buddy allocator's hook: a reference beyond the heap's own was dropped from the heap page
 * at pa; an arena kept only because it was still mapped somewhere goes back now. */
STATIC VOID OsKHeapPageUnshared(PADDR_T pa)
{
    OsKHeapArena *arena = NULL;
    LOS_DL_LIST_FOR_EACH_ENTRY(arena, &g_kheapArenas, OsKHeapArena, node) {
        if ((pa - arena->base) < OS_KHEAP_ARENA_SIZE) {
            if (arena->first->isFree && (arena->first->size == OS_KHEAP_ARENA_SIZE) &&
                !OsVmPhysRangeSharedUnsafe(arena->firstPage, OS_KHEAP_ARENA_PAGES)) {
                OsKHeapArenaRelease(arena);
            }
            return;
        }
    }
}

VOID OsKHeapReset(VOID)
{
    OsKHeapListsEnsure();
    while (!LOS_ListEmpty(&g_kheapArenas)) {
        OsKHeapArena *arena = LOS_DL_LIST_ENTRY(g_kheapArenas.pstNext, OsKHeapArena, node);
        OsKHeapBlock *b = arena->first;
        while (b != NULL) {
            OsKHeapBlock *next = b->nextPhys;
            free(b);
            b = next;
        }
        LOS_ListDelete(&arena->node);
        free(arena);
    }
    while (g_kheapSpare != NULL) {
        OsKHeapBlock *next = g_kheapSpare->hashNext;
        free(g_kheapSpare);
        g_kheapSpare = next;
    }
    for (UINT32 c = 0; c < OS_KHEAP_CLASSES; c++) {
        LOS_ListInit(&g_kheapFree[c]);
    }
    free(g_kheapHash);
    g_kheapHash = NULL;
    g_kheapHashBuckets = 0;
    g_kheapHashCount = 0;
    g_kheapBadFrees = 0;
    g_kheapLargeAllocs = 0;
    g_kheapLargePages = 0;
}

/* ---- Allocation --------------------------------------------------------------------------- */
/* Where an aligned size-byte piece starts inside free block b, or 0 when it does not fit. */
STATIC PADDR_T OsKHeapFit(const OsKHeapBlock *b, UINT32 size, UINT32 align)
{
    UINT64 start = ((UINT64)b->pa + align - 1U) & ~(UINT64)(align - 1U);
    return (start + size <= (UINT64)b->pa + b->size) ? (PADDR_T)start : 0U;
}

STATIC OsKHeapBlock *OsKHeapFindFree(UINT32 size, UINT32 align, PADDR_T *at)
{
    for (UINT32 c = OsKHeapClass(size); c < OS_KHEAP_CLASSES; c++) {
        OsKHeapBlock *b = NULL;
        LOS_DL_LIST_FOR_EACH_ENTRY(b, &g_kheapFree[c], OsKHeapBlock, freeNode) {
            PADDR_T start = OsKHeapFit(b, size, align);
            if (start != 0U) {
                *at = start;
                return b;
            }
        }
    }
    return NULL;
}

/* Splits the first size bytes off b; the rest becomes a new block right after it. */
STATIC OsKHeapBlock *OsKHeapSplit(OsKHeapBlock *b, UINT32 size)
{
    OsKHeapBlock *rest = OsKHeapBlockNew(b->arena, b->pa + size, b->size - size);
    rest->prevPhys = b;
    rest->nextPhys = b->nextPhys;
    if (b->nextPhys != NULL) {
        b->nextPhys->prevPhys = rest;
    }
    b->nextPhys = rest;
    b->size = size;
    return rest;
}

/* Absorbs b's next neighbour into b. */
STATIC VOID OsKHeapAbsorbNext(OsKHeapBlock *b)
{
    OsKHeapBlock *next = b->nextPhys;
    b->size += next->size;
    b->nextPhys = next->nextPhys;
    if (next->nextPhys != NULL) {
        next->nextPhys->prevPhys = b;
    }
    OsKHeapBlockDelete(next);
}

PADDR_T OsKHeapAllocUnsafe(UINT32 size, UINT32 align)
{
    OsKHeapListsEnsure();
    size = ROUNDUP(MAX(size, 1U), OS_KHEAP_UNIT);
    align = MAX(align, OS_KHEAP_UNIT);
    if (size > OS_KHEAP_ARENA_SIZE || align > PAGE_SIZE) {
        return 0;
    }
    if (g_kheapHashCount >= g_kheapHashBuckets && !OsKHeapHashGrow()) {
        return 0;
    }
    if (!OsKHeapSpareEnsure(3)) {
        return 0;
    }
    PADDR_T at = 0;
    OsKHeapBlock *b = OsKHeapFindFree(size, align, &at);
    if (b == NULL) {
        if (OsKHeapArenaNew() == NULL) {
            return 0;
        }
        b = OsKHeapFindFree(size, align, &at);
        VM_ASSERT(b != NULL, "a fresh arena cannot hold %u bytes", size);
    }
    OsKHeapFreeListDel(b);
    if (at != b->pa) {
        /* The alignment gap stays free; its left neighbour is not free (no two free blocks
         * are adjacent), so it needs no merging. */
        OsKHeapBlock *gap = b;
        b = OsKHeapSplit(gap, at - gap->pa);
        OsKHeapFreeListAdd(gap);
    }
    if (b->size - size >= OS_KHEAP_UNIT) {
        OsKHeapFreeListAdd(OsKHeapSplit(b, size));
    }
    OsKHeapHashInsert(b);
    return b->pa;
}

/* Puts the free block b on its list after merging it with free neighbours; releases the arena
 * when b then covers it all. */
STATIC VOID OsKHeapCoalesce(OsKHeapBlock *b)
{
    if (b->nextPhys != NULL && b->nextPhys->isFree) {
        OsKHeapFreeListDel(b->nextPhys);
        OsKHeapAbsorbNext(b);
    }
    if (b->prevPhys != NULL && b->prevPhys->isFree) {
        OsKHeapBlock *prev = b->prevPhys;
        OsKHeapFreeListDel(prev);
        OsKHeapAbsorbNext(prev);
        b = prev;
    }
    OsKHeapFreeListAdd(b);
    /* An empty arena goes back to the buddy allocator, unless a page of it is still mapped by
     * someone (LOS_VaddrToPaddrMmap): then it stays until a later free finds it unreferenced. */
    if ((b->size == OS_KHEAP_ARENA_SIZE) && !OsVmPhysRangeSharedUnsafe(b->arena->firstPage, OS_KHEAP_ARENA_PAGES)) {
        OsKHeapArenaRelease(b->arena);
    }
}

BOOL OsKHeapFreeUnsafe(PADDR_T pa)
{
    OsKHeapBlock *b = OsKHeapHashTake(pa);
    if (b == NULL) {
        return FALSE;
    }
    OsKHeapCoalesce(b);
    return TRUE;
}

UINT32 OsKHeapBlockSizeUnsafe(PADDR_T pa)
{
    OsKHeapBlock *b = OsKHeapHashFind(pa);
    return (b == NULL) ? 0U : b->size;
}

BOOL OsKHeapResizeUnsafe(PADDR_T pa, UINT32 size)
{
    OsKHeapBlock *b = OsKHeapHashFind(pa);
    if (b == NULL || size == 0U || size > OS_KHEAP_ARENA_SIZE) {
        return FALSE;
    }
    size = ROUNDUP(size, OS_KHEAP_UNIT);
    if (size > b->size) {
        OsKHeapBlock *next = b->nextPhys;
        if (next == NULL || !next->isFree || b->size + next->size < size) {
            return FALSE;
        }
        OsKHeapFreeListDel(next);
        OsKHeapAbsorbNext(b);
    }
    if (b->size - size >= OS_KHEAP_UNIT) {
        if (!OsKHeapSpareEnsure(1)) {
            return TRUE;  /* keeping the larger block is still correct */
        }
        OsKHeapCoalesce(OsKHeapSplit(b, size));
    }
    return TRUE;
}

/* ---- Inspection --------------------------------------------------------------------------- */
VOID OsKHeapInfoAddUnsafe(LosKernelHeapInfo *info)
{
    OsKHeapArena *arena = NULL;
    LOS_DL_LIST_FOR_EACH_ENTRY(arena, &g_kheapArenas, OsKHeapArena, node) {
        info->arenas++;
        info->arenaPages += OS_KHEAP_ARENA_PAGES;
        for (OsKHeapBlock *b = arena->first; b != NULL; b = b->nextPhys) {
            if (b->isFree) {
                info->freeBytes += b->size;
                info->freeBlocks++;
                info->largestFree = MAX(info->largestFree, b->size);
            } else {
                info->usedBytes += b->size;
                info->usedBlocks++;
            }
        }
    }
}

VOID OsKHeapInvariantsCheck(VOID)
{
    OsKHeapListsEnsure();
    UINT32 freeCount = 0;
    UINT32 usedCount = 0;
    OsKHeapArena *arena = NULL;
    LOS_DL_LIST_FOR_EACH_ENTRY(arena, &g_kheapArenas, OsKHeapArena, node) {
        VM_ASSERT(arena->firstPage->physAddr == arena->base, "arena 0x%08x page mismatch",
                  arena->base);
        for (UINT32 i = 0; i < OS_KHEAP_ARENA_PAGES; i++) {
            LosVmPage *page = &arena->firstPage[i];
            VM_ASSERT((page->flags & VM_PAGE_FLAG_KHEAP) && LOS_AtomicRead(&page->refCounts) >= 1,
                      "arena page 0x%08x is not an allocated heap page", page->physAddr);
        }
        PADDR_T expect = arena->base;
        OsKHeapBlock *prev = NULL;
        for (OsKHeapBlock *b = arena->first; b != NULL; b = b->nextPhys) {
            VM_ASSERT(b->arena == arena && b->prevPhys == prev,
                      "heap block 0x%08x has broken neighbour links", b->pa);
            VM_ASSERT(b->pa == expect, "heap block at 0x%08x, expected 0x%08x", b->pa, expect);
            VM_ASSERT(b->size >= OS_KHEAP_UNIT && b->size % OS_KHEAP_UNIT == 0U,
                      "heap block 0x%08x has size %u", b->pa, b->size);
            VM_ASSERT(!(b->isFree && prev != NULL && prev->isFree),
                      "free heap blocks 0x%08x and 0x%08x are adjacent", prev ? prev->pa : 0U, b->pa);
            if (b->isFree) {
                freeCount++;
                VM_ASSERT(OsKHeapHashFind(b->pa) != b, "free heap block 0x%08x is hashed", b->pa);
            } else {
                usedCount++;
                VM_ASSERT(OsKHeapHashFind(b->pa) == b, "heap block 0x%08x is not hashed", b->pa);
            }
            expect += b->size;
            prev = b;
        }
        VM_ASSERT(expect == arena->base + OS_KHEAP_ARENA_SIZE,
                  "blocks of arena 0x%08x end at 0x%08x", arena->base, expect);
        VM_ASSERT(!(arena->first->isFree && arena->first->size == OS_KHEAP_ARENA_SIZE) ||
                  OsVmPhysRangeSharedUnsafe(arena->firstPage, OS_KHEAP_ARENA_PAGES),
                  "empty arena 0x%08x was not released", arena->base);
    }
    UINT32 listed = 0;
    for (UINT32 c = 0; c < OS_KHEAP_CLASSES; c++) {
        OsKHeapBlock *b = NULL;
        LOS_DL_LIST_FOR_EACH_ENTRY(b, &g_kheapFree[c], OsKHeapBlock, freeNode) {
            VM_ASSERT(b->isFree && OsKHeapClass(b->size) == c,
                      "heap block 0x%08x (size %u) on class list %u", b->pa, b->size, c);
            listed++;
        }
    }
    VM_ASSERT(listed == freeCount, "%u free heap blocks, %u on lists", freeCount, listed);
    VM_ASSERT(usedCount == g_kheapHashCount, "%u used heap blocks, %u hashed", usedCount,
              g_kheapHashCount);
}
