/*
 * fw.buddy.random_model: random allocate/free sequences checked after every step against an
 * independent model (a bitmap of used pages, one per frame of RAM) and the allocator's own
 * invariants. Runs on two layouts: all of a 4 MiB RAM as one segment, and two segments with
 * unaligned edges and a hole between them.
 *
 * What the model decides on its own:
 *   - a contiguous result must be free pages of one segment, aligned as promised;
 *   - a contiguous request for n <= 256 pages may fail only if no 2^ceil(log2 n)-aligned window
 *     of that size is entirely free in a segment (free memory is merged eagerly, so such a
 *     window would be inside one free block); n > 256 may fail only if no run of
 *     ceil(n/256) consecutive free 1 MiB-aligned windows exists;
 *   - LOS_PhysPagesAlloc(n) must return min(n, free pages);
 *   - the pages the free lists cover are exactly the pages the model says are free.
 * Every allocated page also carries a signature word in simulated RAM, checked when freed, so
 * an overlap between two allocations would show as a corrupted signature.
 */
#include <string.h>
#include "fw_test.h"
#include "hal_host.h"
#include "los_vm_boot.h"
#include "los_vm_phys.h"

#define RAM_BASE   0x80000000U
#define RAM_PAGES  1024U
#define MAX_LIVE   256U
#define STEPS      6000U

typedef struct {
    UINT32 pfn;       /* first frame */
    UINT32 nPages;
    BOOL   listed;    /* from LOS_PhysPagesAlloc (single pages on a list) */
    LOS_DL_LIST *list; /* heap-allocated so it survives moves of the Alloc record */
} Alloc;

static UINT8 g_used[RAM_PAGES];       /* model: 1 = allocated */
static UINT8 g_inSeg[RAM_PAGES];      /* which frames belong to a segment */
static Alloc g_live[MAX_LIVE];
static UINT32 g_liveCount;
static UINT32 g_stats[4];             /* contiguous ok, contiguous refused, listed, frees */

static UINT32 Idx(UINT32 pfn)
{
    return pfn - (RAM_BASE >> PAGE_SHIFT);
}

static UINT32 Sig(UINT32 pfn)
{
    return pfn * 2654435761U ^ 0x5A5A1234U;
}

static void Claim(UINT32 pfn, UINT32 n)
{
    for (UINT32 i = 0; i < n; i++) {
        UINT32 x = Idx(pfn + i);
        CHECK(g_inSeg[x], "allocated frame 0x%x is outside the segments", pfn + i);
        CHECK(!g_used[x], "frame 0x%x handed out twice", pfn + i);
        g_used[x] = 1;
        HalPhysWrite32(VM_PFN_TO_PHYS(pfn + i), Sig(pfn + i));
    }
}

static void Release(UINT32 pfn, UINT32 n)
{
    for (UINT32 i = 0; i < n; i++) {
        UINT32 x = Idx(pfn + i);
        CHECK(g_used[x], "frame 0x%x freed but the model has it free", pfn + i);
        CHECK(HalPhysRead32(VM_PFN_TO_PHYS(pfn + i)) == Sig(pfn + i),
              "signature of frame 0x%x overwritten", pfn + i);
        g_used[x] = 0;
    }
}

/* Does the model have a free, 2^order-aligned window of 2^order frames in one segment? */
static BOOL ModelHasWindow(UINT32 order, UINT32 windows)
{
    UINT32 size = 1U << order;
    UINT32 need = size * windows;
    for (UINT32 start = 0; start + need <= RAM_PAGES; start += size) {
        if (((RAM_BASE >> PAGE_SHIFT) + start) % size != 0U) {
            continue;
        }
        BOOL ok = TRUE;
        for (UINT32 i = 0; i < need && ok; i++) {
            ok = g_inSeg[start + i] && !g_used[start + i];
        }
        if (ok) {
            return TRUE;
        }
    }
    return FALSE;
}

static UINT32 ModelFree(void)
{
    UINT32 n = 0;
    for (UINT32 i = 0; i < RAM_PAGES; i++) {
        n += (g_inSeg[i] && !g_used[i]) ? 1U : 0U;
    }
    return n;
}

/* The frames the free lists cover must be exactly the model's free frames. */
static void CompareWithModel(void)
{
    static UINT8 covered[RAM_PAGES];
    memset(covered, 0, sizeof(covered));
    for (INT32 s = 0; s < g_vmPhysSegNum; s++) {
        for (UINT32 k = 0; k < VM_LIST_ORDER_MAX; k++) {
            LosVmPage *page = NULL;
            LOS_DL_LIST_FOR_EACH_ENTRY(page, &g_vmPhysSeg[s].freeList[k].node, LosVmPage, node) {
                for (UINT32 i = 0; i < (1U << k); i++) {
                    covered[Idx(VM_PHYS_TO_PFN(page->physAddr)) + i] = 1;
                }
            }
        }
    }
    for (UINT32 i = 0; i < RAM_PAGES; i++) {
        BOOL modelFree = g_inSeg[i] && !g_used[i];
        if (covered[i] != modelFree) {
            CHECK(0, "frame 0x%x: free lists say %s, model says %s", (RAM_BASE >> PAGE_SHIFT) + i,
                  covered[i] ? "free" : "used", modelFree ? "free" : "used");
            exit(1);
        }
    }
    CHECK(OsVmPhysFreePagesGet() == ModelFree(), "free pages %u, model %u", OsVmPhysFreePagesGet(),
          ModelFree());
}

static UINT32 RandomPages(UINT64 *rng)
{
    UINT32 r = FwTestRand(rng) % 100U;
    if (r < 50U) {
        return 1U + FwTestRand(rng) % 4U;
    }
    if (r < 85U) {
        return 1U + FwTestRand(rng) % 40U;
    }
    if (r < 97U) {
        return 1U + FwTestRand(rng) % 256U;
    }
    return 257U + FwTestRand(rng) % 300U;
}

static void DoAlloc(UINT64 *rng)
{
    Alloc *a = &g_live[g_liveCount];
    UINT32 kind = FwTestRand(rng) % 10U;
    memset(a, 0, sizeof(*a));
    if (kind < 2U) {  /* non-contiguous pages on a list */
        UINT32 n = 1U + FwTestRand(rng) % 24U;
        UINT32 expect = MIN(n, ModelFree());
        a->list = malloc(sizeof(*a->list));
        REQUIRE(a->list != NULL, "host memory");
        LOS_ListInit(a->list);
        size_t got = LOS_PhysPagesAlloc(n, a->list);
        CHECK(got == expect, "LOS_PhysPagesAlloc(%u) gave %zu, model expects %u", n, got, expect);
        CHECK(LOS_ListLength(a->list) == got, "list holds %u pages, returned %zu",
              LOS_ListLength(a->list), got);
        if (got == 0) {
            free(a->list);
            return;
        }
        LosVmPage *page = NULL;
        LOS_DL_LIST_FOR_EACH_ENTRY(page, a->list, LosVmPage, node) {
            Claim(VM_PHYS_TO_PFN(page->physAddr), 1);
        }
        a->listed = TRUE;
        g_stats[2]++;
        a->nPages = (UINT32)got;
        g_liveCount++;
        return;
    }
    UINT32 n = RandomPages(rng);
    UINT32 align = (kind == 2U) ? (1U << (FwTestRand(rng) % 7U)) : 1U;
    UINT32 order = 0;
    while ((1U << order) < MAX(n, align) && order < 8U) {
        order++;
    }
    BOOL possible = (n <= 256U && align <= 256U) ? ModelHasWindow(order, 1) :
                    ModelHasWindow(8, (n + 255U) / 256U);
    LosVmPage *page = OsVmPhysPagesGetAligned(n, align);
    if (page == NULL) {
        CHECK(!possible, "request of %u pages (align %u) failed though the model has room", n, align);
        g_stats[1]++;
        return;
    }
    UINT32 pfn = VM_PHYS_TO_PFN(page->physAddr);
    CHECK(pfn % align == 0U, "pfn 0x%x not aligned to %u", pfn, align);
    if (n <= 256U && (n & (n - 1U)) == 0U) {
        CHECK(pfn % n == 0U, "%u-page block at pfn 0x%x is not naturally aligned", n, pfn);
    }
    CHECK(possible, "request of %u pages succeeded though the model has no room", n);
    Claim(pfn, n);
    g_stats[0]++;
    a->pfn = pfn;
    a->nPages = n;
    g_liveCount++;
}

static void DoFree(UINT64 *rng)
{
    UINT32 i = FwTestRand(rng) % g_liveCount;
    g_stats[3]++;
    Alloc *a = &g_live[i];
    if (a->listed) {
        LosVmPage *page = NULL;
        LOS_DL_LIST_FOR_EACH_ENTRY(page, a->list, LosVmPage, node) {
            Release(VM_PHYS_TO_PFN(page->physAddr), 1);
        }
        size_t freed = LOS_PhysPagesFree(a->list);
        CHECK(freed == a->nPages, "LOS_PhysPagesFree freed %zu of %u", freed, a->nPages);
        CHECK(LOS_ListEmpty(a->list), "list not empty after LOS_PhysPagesFree");
        free(a->list);
        g_live[i] = g_live[--g_liveCount];
        return;
    }
    /* Free a random piece (head, tail or all) of a contiguous allocation. */
    UINT32 cut = (a->nPages > 1U && FwTestRand(rng) % 3U == 0U) ? 1U + FwTestRand(rng) % (a->nPages - 1U) : a->nPages;
    BOOL tail = (cut < a->nPages) && (FwTestRand(rng) & 1U);
    UINT32 pfn = tail ? a->pfn + (a->nPages - cut) : a->pfn;
    Release(pfn, cut);
    if (FwTestRand(rng) & 1U) {
        LOS_PhysPagesFreeContiguous(HalPhysToHost(VM_PFN_TO_PHYS(pfn)), cut);
    } else {
        OsVmPhysPagesFreeContiguous(LOS_VmPageGet(VM_PFN_TO_PHYS(pfn)), cut);
    }
    a->nPages -= cut;
    if (!tail) {
        a->pfn += cut;
    }
    if (a->nPages == 0U) {
        g_live[i] = g_live[--g_liveCount];
    }
}

static void FreeAll(void)
{
    while (g_liveCount > 0) {
        Alloc *a = &g_live[--g_liveCount];
        if (a->listed) {
            LosVmPage *page = NULL;
            LOS_DL_LIST_FOR_EACH_ENTRY(page, a->list, LosVmPage, node) {
                Release(VM_PHYS_TO_PFN(page->physAddr), 1);
            }
            (VOID)LOS_PhysPagesFree(a->list);
            free(a->list);
        } else {
            Release(a->pfn, a->nPages);
            OsVmPhysPagesFreeContiguous(LOS_VmPageGet(VM_PFN_TO_PHYS(a->pfn)), a->nPages);
        }
    }
}

static void Run(const char *layout, const LosVmPhysArea *areas, UINT32 count, UINT64 seed)
{
    REQUIRE(OsVmPhysInitAreas(areas, count) == LOS_OK, "init %s", layout);
    memset(g_used, 0, sizeof(g_used));
    memset(g_inSeg, 0, sizeof(g_inSeg));
    for (UINT32 a = 0; a < count; a++) {
        for (UINT32 i = 0; i < areas[a].size >> PAGE_SHIFT; i++) {
            g_inSeg[Idx(VM_PHYS_TO_PFN(areas[a].start) + i)] = 1;
        }
    }
    g_liveCount = 0;
    memset(g_stats, 0, sizeof(g_stats));
    UINT64 rng = seed;
    CompareWithModel();
    for (UINT32 step = 0; step < STEPS; step++) {
        BOOL alloc = g_liveCount == 0 || (g_liveCount < MAX_LIVE && FwTestRand(&rng) % 100U < 55U);
        if (alloc) {
            DoAlloc(&rng);
        } else {
            DoFree(&rng);
        }
        OsVmPhysInvariantsCheck();
        CompareWithModel();
        if (g_fwTestFailures != 0) {
            fprintf(stderr, "%s: first failure at step %u\n", layout, step);
            exit(1);
        }
    }
    FreeAll();
    OsVmPhysInvariantsCheck();
    CompareWithModel();
    CHECK(OsVmPhysBadFreeCount() == 0, "%s: %u bad frees", layout, OsVmPhysBadFreeCount());
    printf("%s: %u steps: %u contiguous allocations, %u refused (no room), %u page lists, %u frees\n",
           layout, STEPS, g_stats[0], g_stats[1], g_stats[2], g_stats[3]);
}

int main(void)
{
    REQUIRE(HalHostInit(RAM_BASE, RAM_PAGES * PAGE_SIZE) == LOS_OK, "HalHostInit");
    LosVmPhysArea whole = { RAM_BASE, RAM_PAGES * PAGE_SIZE };
    Run("one segment", &whole, 1, 0x1234567ULL);
    /* Two segments: frames 3..402 and 517..1020 (unaligned ends, a hole in between). */
    LosVmPhysArea two[2] = {
        { RAM_BASE + 3U * PAGE_SIZE, 400U * PAGE_SIZE },
        { RAM_BASE + 517U * PAGE_SIZE, 504U * PAGE_SIZE },
    };
    Run("two segments", two, 2, 0x9E3779B97F4A7C15ULL);
    return FwTestResult("fw.buddy.random_model");
}
