/*
 * Speed of the buddy page allocator: allocations + frees per second, for
 *   single   one page at a time: alloc/free pairs, and batches of 512 allocs then 512 frees;
 *   mixed    contiguous blocks of random order 0..8 (1 to 256 pages) with random frees, up
 *            to 256 blocks live;
 * each against a baseline measured in the same run on the same pattern: glibc malloc/free of
 * the same byte sizes (4 KiB << order), with one byte written per block so the baseline cannot
 * be optimised into nothing. A ratio above 1 means the allocator is faster than the baseline.
 * glibc is told not to trim its heap and not to mmap large blocks (mallopt), so the baseline
 * measures allocator work rather than the host kernel's page faults; both sides then work on
 * memory that stays mapped.
 *
 * Usage: bench_phys_alloc [operations per pattern]   (default 2000000)
 * RAM: the host backend's default, 64 MiB at 0x80000000.
 */
#define _POSIX_C_SOURCE 199309L
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "hal.h"
#include "vmcutil/number.h"
#include "los_vm_boot.h"
#include "los_vm_phys.h"

#define BATCH    512U
#define LIVE_MAX 256U

static double Now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static UINT32 Rand(UINT64 *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return (UINT32)*s;
}

static volatile UINT32 g_sink;

/* ---- single pages --------------------------------------------------------------------------- */
static UINT64 PhysPairs(UINT64 ops)
{
    for (UINT64 i = 0; i < ops; i++) {
        LosVmPage *p = LOS_PhysPageAlloc();
        g_sink += p->physAddr;
        LOS_PhysPageFree(p);
    }
    return ops * 2U;
}

static UINT64 MallocPairs(UINT64 ops)
{
    for (UINT64 i = 0; i < ops; i++) {
        char *p = malloc(PAGE_SIZE);
        p[0] = (char)i;
        g_sink += (UINT32)p[0];
        free(p);
    }
    return ops * 2U;
}

static UINT64 PhysBatches(UINT64 ops)
{
    static LosVmPage *pages[BATCH];
    UINT64 done = 0;
    while (done < ops) {
        for (UINT32 i = 0; i < BATCH; i++) {
            pages[i] = LOS_PhysPageAlloc();
        }
        for (UINT32 i = 0; i < BATCH; i++) {
            LOS_PhysPageFree(pages[i]);
        }
        done += BATCH;
    }
    return done * 2U;
}

static UINT64 MallocBatches(UINT64 ops)
{
    static char *blocks[BATCH];
    UINT64 done = 0;
    while (done < ops) {
        for (UINT32 i = 0; i < BATCH; i++) {
            blocks[i] = malloc(PAGE_SIZE);
            blocks[i][0] = (char)i;
        }
        for (UINT32 i = 0; i < BATCH; i++) {
            g_sink += (UINT32)blocks[i][0];
            free(blocks[i]);
        }
        done += BATCH;
    }
    return done * 2U;
}

/* ---- mixed orders --------------------------------------------------------------------------- */
/* The same random sequence drives both: a slot table of live blocks, 55% allocate. */
typedef struct {
    VOID  *ptr;
    UINT32 pages;
} Slot;

static UINT64 Mixed(UINT64 ops, BOOL phys)
{
    static Slot live[LIVE_MAX];
    UINT32 n = 0;
    UINT64 rng = 0x2545F4914F6CDD1DULL;
    UINT64 done = 0;
    for (UINT64 i = 0; i < ops; i++) {
        UINT32 r = Rand(&rng);
        if (n == 0 || (n < LIVE_MAX && r % 100U < 55U)) {
            UINT32 pages = 1U << ((r >> 8) % 9U);
            VOID *p;
            if (phys) {
                p = LOS_PhysPagesAllocContiguous(pages);
            } else {
                p = malloc((size_t)pages * PAGE_SIZE);
                if (p != NULL) {
                    ((char *)p)[0] = 1;
                }
            }
            if (p != NULL) {
                live[n].ptr = p;
                live[n].pages = pages;
                n++;
                done++;
            }
        } else {
            UINT32 k = (r >> 8) % n;
            if (phys) {
                LOS_PhysPagesFreeContiguous(live[k].ptr, live[k].pages);
            } else {
                g_sink += (UINT32)((char *)live[k].ptr)[0];
                free(live[k].ptr);
            }
            live[k] = live[--n];
            done++;
        }
    }
    while (n > 0) {
        n--;
        if (phys) {
            LOS_PhysPagesFreeContiguous(live[n].ptr, live[n].pages);
        } else {
            free(live[n].ptr);
        }
        done++;
    }
    return done;
}

static UINT64 PhysMixed(UINT64 ops)   { return Mixed(ops, TRUE); }
static UINT64 MallocMixed(UINT64 ops) { return Mixed(ops, FALSE); }

/* Runs fn, returns operations per second. */
static double Rate(UINT64 (*fn)(UINT64), UINT64 ops)
{
    double t0 = Now();
    UINT64 done = fn(ops);
    double dt = Now() - t0;
    return (double)done / (dt > 1e-9 ? dt : 1e-9);
}

int main(int argc, char **argv)
{
    uint64_t ops = 2000000ULL;
    if (argc > 1 && vmc_parse_u64(argv[1], VMC_NUM_SUFFIX_DECIMAL, UINT64_MAX, &ops) != VMC_NUM_OK) {
        ops = 0;
    }
    (void)mallopt(M_TRIM_THRESHOLD, 512 * 1024 * 1024);
    (void)mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    if (ops == 0 || OsSysMemInit() != LOS_OK) {
        fprintf(stderr, "usage: bench_phys_alloc [operations]\n");
        return 1;
    }
    static const struct {
        const char *name;
        UINT64 (*phys)(UINT64);
        UINT64 (*base)(UINT64);
    } cases[] = {
        { "single page alloc+free pairs", PhysPairs, MallocPairs },
        { "single pages, batches of 512", PhysBatches, MallocBatches },
        { "mixed orders 0..8, random frees", PhysMixed, MallocMixed },
    };
    printf("%-34s %16s %16s %8s\n", "pattern (ops = allocs + frees)", "buddy ops/s", "malloc ops/s",
           "ratio");
    for (UINT32 i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        double phys = Rate(cases[i].phys, ops);
        double base = Rate(cases[i].base, ops);
        printf("%-34s %16.0f %16.0f %8.2f\n", cases[i].name, phys, base, phys / base);
    }
    OsVmPhysInvariantsCheck();
    if (OsVmPhysFreePagesGet() != HalMemConfigGet()->ramSize / PAGE_SIZE) {
        fprintf(stderr, "pages leaked: %u free\n", OsVmPhysFreePagesGet());
        return 1;
    }
    return 0;
}
