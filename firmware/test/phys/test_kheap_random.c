/*
 * fw.kheap.random: random malloc / aligned malloc / realloc / free sequences. Every live block
 * is filled with a pattern of its own; after every step the patterns of the blocks touched
 * must be intact, live blocks must not overlap, alignments must hold, the heap's and the buddy
 * allocator's invariants must hold, and the pages the buddy allocator counts as used must be
 * exactly the heap's arenas plus its large blocks. At the end everything is freed and every
 * page must be back.
 */
#include <string.h>
#include "fw_test.h"
#include "hal_host.h"
#include "los_vm_boot.h"
#include "los_vm_phys.h"
#include "los_memory.h"

#define LIVE_MAX 300U
#define STEPS    6000U

typedef struct {
    UINT8 *p;
    UINT32 size;
    UINT8  seed;
} Block;

static Block g_blk[LIVE_MAX];
static UINT32 g_n;

static void Fill(const Block *b)
{
    for (UINT32 i = 0; i < b->size; i++) {
        b->p[i] = (UINT8)(b->seed ^ (i * 13U) ^ (i >> 8));
    }
}

static BOOL Intact(const Block *b, UINT32 upto)
{
    for (UINT32 i = 0; i < upto; i++) {
        if (b->p[i] != (UINT8)(b->seed ^ (i * 13U) ^ (i >> 8))) {
            return FALSE;
        }
    }
    return TRUE;
}

static void CheckNoOverlap(const Block *b)
{
    for (UINT32 i = 0; i < g_n; i++) {
        const Block *o = &g_blk[i];
        if (o == b) {
            continue;
        }
        BOOL apart = (b->p + b->size <= o->p) || (o->p + o->size <= b->p);
        CHECK(apart, "block %p+%u overlaps %p+%u", (VOID *)b->p, b->size, (VOID *)o->p, o->size);
    }
}

static UINT32 RandomSize(UINT64 *rng)
{
    UINT32 r = FwTestRand(rng) % 100U;
    if (r < 60U) {
        return 1U + FwTestRand(rng) % 256U;
    }
    if (r < 90U) {
        return 1U + FwTestRand(rng) % 4096U;
    }
    if (r < 97U) {
        return 1U + FwTestRand(rng) % KMALLOC_LARGE_SIZE;
    }
    return KMALLOC_LARGE_SIZE + FwTestRand(rng) % 60000U;
}

int main(void)
{
    REQUIRE(HalHostInit(0x80000000U, 4096U * PAGE_SIZE) == LOS_OK, "HalHostInit");
    REQUIRE(OsSysMemInit() == LOS_OK, "OsSysMemInit");
    const UINT32 total = OsVmPhysFreePagesGet();
    UINT64 rng = 0xC0FFEE1234ULL;
    UINT32 seed = 1;
    UINT32 counts[4] = { 0 };
    for (UINT32 step = 0; step < STEPS; step++) {
        UINT32 op = FwTestRand(&rng) % 100U;
        if (g_n == 0U || (g_n < LIVE_MAX && op < 45U)) {
            Block b;
            b.size = RandomSize(&rng);
            UINT32 align = (FwTestRand(&rng) % 4U == 0U) ? (1U << (FwTestRand(&rng) % 15U)) : 0U;
            b.p = (align != 0U) ? LOS_KernelMallocAlign(b.size, align) : LOS_KernelMalloc(b.size);
            REQUIRE(b.p != NULL, "step %u: allocation of %u bytes (align %u) failed", step, b.size,
                    align);
            BOOL ok = FALSE;
            PADDR_T pa = HalHostToPhys(b.p, &ok);
            CHECK(ok && pa % MAX(align, KMALLOC_MIN_ALIGN) == 0U, "step %u: 0x%08x not aligned to %u",
                  step, pa, align);
            b.seed = (UINT8)seed++;
            Fill(&b);
            g_blk[g_n++] = b;
            CheckNoOverlap(&g_blk[g_n - 1U]);
            counts[0]++;
        } else if (op < 75U) {
            UINT32 i = FwTestRand(&rng) % g_n;
            CHECK(Intact(&g_blk[i], g_blk[i].size), "step %u: block %p corrupted", step,
                  (VOID *)g_blk[i].p);
            LOS_KernelFree(g_blk[i].p);
            g_blk[i] = g_blk[--g_n];
            counts[1]++;
        } else {
            UINT32 i = FwTestRand(&rng) % g_n;
            Block *b = &g_blk[i];
            UINT32 size = RandomSize(&rng);
            UINT8 *p = LOS_KernelRealloc(b->p, size);
            REQUIRE(p != NULL, "step %u: realloc to %u failed", step, size);
            b->p = p;
            CHECK(Intact(b, MIN(b->size, size)), "step %u: realloc lost contents", step);
            b->size = size;
            Fill(b);
            CheckNoOverlap(b);
            counts[2]++;
        }
        OsKHeapInvariantsCheck();
        if (step % 8U == 0U) {
            OsVmPhysInvariantsCheck();
        }
        LosKernelHeapInfo hi;
        LOS_KernelHeapInfoGet(&hi);
        UINT32 used = 0;
        OsVmPhysUsedInfoGet(&used, NULL);
        CHECK(used == hi.arenaPages + hi.largePages, "step %u: %u pages used, heap holds %u + %u",
              step, used, hi.arenaPages, hi.largePages);
        counts[3] = MAX(counts[3], hi.arenas);
        if (g_fwTestFailures != 0) {
            return FwTestResult("fw.kheap.random");
        }
    }
    while (g_n > 0U) {
        CHECK(Intact(&g_blk[g_n - 1U], g_blk[g_n - 1U].size), "final block corrupted");
        LOS_KernelFree(g_blk[--g_n].p);
    }
    LosKernelHeapInfo hi;
    LOS_KernelHeapInfoGet(&hi);
    CHECK(hi.arenas == 0 && hi.largeAllocs == 0 && hi.badFrees == 0, "heap not empty");
    CHECK(OsVmPhysFreePagesGet() == total, "pages leaked");
    OsVmPhysInvariantsCheck();
    printf("%u mallocs, %u frees, %u reallocs, at most %u arenas\n", counts[0], counts[1],
           counts[2], counts[3]);
    return FwTestResult("fw.kheap.random");
}
