/*
 * Speed of the reference model (vmcmodel): translations per second on a mostly-hitting
 * stream and on a missing stream, for the full-detail entry point (vmc_mmu_model_translate)
 * and the functional one (vmc_mmu_model_translate_fast), with ratios against two baselines
 * measured in the same run over the same addresses: a plain loop that only reads the
 * addresses, and the bare walker vmc_walk (no TLB at all).
 *
 * Rates are per second of this thread's CPU time.
 *
 * Usage: bench_model [--smoke] [--seconds S] [--only CONFIG]
 * --smoke runs each measurement briefly and only checks that the numbers are sane.
 */
#define _POSIX_C_SOURCE 199309L  /* clock_gettime */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vmcosim/mmu_model.h"

/* ---- Memory: a flat 32 MiB image with the page tables ---------------------------------- */
#define MEM_BYTES (32u << 20)
static uint32_t *g_mem;

static uint32_t mem_read(void *ctx, uint32_t pa)
{
    (void)ctx;
    return g_mem[(pa & (MEM_BYTES - 1u)) >> 2];
}

#define L1_BASE 0x00004000u
#define L2_BASE 0x00100000u
#define REGION_VA 0x10000000u     /* 64 MiB of small pages: 16384 pages */
#define REGION_MIB 64u

static void build_tables(void)
{
    for (uint32_t mib = 0; mib < REGION_MIB; mib++) {
        const uint32_t l2 = L2_BASE + mib * 0x400u;
        const uint32_t va_mib = (REGION_VA >> 20) + mib;
        g_mem[(L1_BASE >> 2) + va_mib] = l2 | 1u;                    /* page table, domain 0 */
        for (uint32_t p = 0; p < 256; p++) {
            const uint32_t pa = 0x08000000u + ((mib * 256u + p) << 12);
            g_mem[(l2 >> 2) + p] = pa | (3u << 4) | 2u;               /* small page, RW */
        }
    }
}

/* ---- Streams ------------------------------------------------------------------------------ */
#define STREAM_LEN (1u << 16)
static uint32_t g_va[STREAM_LEN];
static uint8_t g_kind[STREAM_LEN];

static uint64_t g_rng = 0x9E3779B97F4A7C15ULL;
static uint32_t rnd(void)
{
    g_rng ^= g_rng >> 12;
    g_rng ^= g_rng << 25;
    g_rng ^= g_rng >> 27;
    return (uint32_t)((g_rng * 0x2545F4914F6CDD1DULL) >> 32);
}

/* pages: how many distinct 4 KiB pages the stream touches (spread over the region). */
static void make_stream(uint32_t pages, int with_fetch)
{
    for (uint32_t i = 0; i < STREAM_LEN; i++) {
        const uint32_t page = (rnd() % pages) * ((REGION_MIB * 256u) / pages);
        g_va[i] = REGION_VA + (page << 12) + (rnd() & 0xFFCu);
        uint32_t k = rnd() % 10;
        g_kind[i] = (uint8_t)(with_fetch && k == 0 ? VMC_ACCESS_FETCH
                              : k < 4 ? VMC_ACCESS_WRITE : VMC_ACCESS_READ);
    }
}

/* CPU time of this thread, not wall time: the machine is shared, and a translation rate
 * should not depend on what else runs. */
static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static volatile uint32_t g_sink;

typedef enum { RUN_PLAIN, RUN_WALK, RUN_FULL, RUN_FAST } run_kind;

/* Runs `what` over the stream for about `seconds`; returns translations per second. */
static double measure(run_kind what, vmc_mmu_model *m, const vmc_ctrl_regs *regs,
                      double seconds)
{
    uint64_t done = 0;
    uint32_t acc = 0;
    const double t0 = now();
    double t1 = t0;
    const uint32_t chunk = STREAM_LEN;
    do {
        switch (what) {
        case RUN_PLAIN:
            for (uint32_t i = 0; i < chunk; i++) {
                acc += g_va[i] ^ g_kind[i];
            }
            break;
        case RUN_WALK:
            for (uint32_t i = 0; i < chunk; i++) {
                vmc_walk_result w;
                vmc_walk(regs, g_va[i], mem_read, NULL, &w);
                acc += w.pa;
            }
            break;
        case RUN_FULL:
            for (uint32_t i = 0; i < chunk; i++) {
                vmc_mmu_req q = {g_va[i], (vmc_access_kind)g_kind[i], 1};
                vmc_mmu_resp r;
                vmc_mmu_model_translate(m, &q, &r);
                acc += r.pa;
            }
            break;
        case RUN_FAST:
            for (uint32_t i = 0; i < chunk; i++) {
                uint32_t pa;
                vmc_mmu_model_translate_fast(m, g_va[i], (vmc_access_kind)g_kind[i], 1, &pa);
                acc += pa;
            }
            break;
        }
        done += chunk;
        t1 = now();
    } while (t1 - t0 < seconds);
    g_sink = acc;
    return (double)done / (t1 - t0);
}

typedef struct {
    const char *name;
    const char *itlb, *dtlb, *l2;
    uint32_t wc;
} bench_cfg;

static vmc_mmu_model *make_model(const bench_cfg *c)
{
    vmc_mmu_config cfg;
    char err[160];
    memset(&cfg, 0, sizeof cfg);
    if (vmc_mmu_config_parse_tlb(c->itlb, &cfg.itlb, err, sizeof err) ||
        vmc_mmu_config_parse_tlb(c->dtlb, &cfg.dtlb, err, sizeof err) ||
        vmc_mmu_config_parse_tlb(c->l2, &cfg.l2tlb, err, sizeof err)) {
        fprintf(stderr, "bench_model: %s\n", err);
        exit(2);
    }
    cfg.walk_cache_entries = c->wc;
    vmc_mmu_model *m = vmc_mmu_model_create(&cfg, mem_read, NULL);
    if (m == NULL) {
        fprintf(stderr, "bench_model: cannot create the model\n");
        exit(2);
    }
    vmc_mmu_model_reg_write(m, MMU_REG_TTBR0, L1_BASE);
    vmc_mmu_model_reg_write(m, MMU_REG_TTBCR, 0);
    vmc_mmu_model_reg_write(m, MMU_REG_DACR, 0x55555555u);
    vmc_mmu_model_reg_write(m, MMU_REG_CONTEXTIDR, 1);
    vmc_mmu_model_reg_write(m, MMU_REG_SCTLR, 1);
    return m;
}

int main(int argc, char **argv)
{
    int smoke = 0;
    double seconds = 0.4;
    const char *only = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--smoke") == 0) {
            smoke = 1;
            seconds = 0.01;
        } else if (strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) {
            seconds = atof(argv[++i]);
        } else if (strcmp(argv[i], "--only") == 0 && i + 1 < argc) {
            only = argv[++i];
        } else {
            fprintf(stderr, "usage: bench_model [--smoke] [--seconds S] [--only CONFIG]\n");
            return 2;
        }
    }
    g_mem = calloc(MEM_BYTES / 4u, sizeof *g_mem);
    if (g_mem == NULL) {
        return 2;
    }
    build_tables();
    const vmc_ctrl_regs regs = {1, L1_BASE, 0, 0, 0x55555555u, 1};

    static const bench_cfg cfgs[] = {
        {"default", "1x32:plru", "1x32:plru", "64x4:lru", 8},
        {"setassoc", "16x4:lru", "16x4:lru", "256x4:lru", 8},
        {"fa64lru", "1x64:lru", "1x64:lru", "none", 0},
    };
    /* Streams: "hit" touches 24 pages (fits every level-1 TLB above), "miss" 16384 pages
     * spread over 64 MiB (misses the level-1 TLBs and mostly the L2TLB). */
    static const struct {
        const char *name;
        uint32_t pages;
    } streams[] = {{"hit", 24}, {"miss", 16384}};

    int failures = 0;
    printf("%-9s %-5s %12s %12s %12s %12s %8s %8s %8s\n", "config", "strm", "plain M/s",
           "walk M/s", "full M/s", "fast M/s", "full/wk", "fast/wk", "hit%");
    for (size_t s = 0; s < sizeof streams / sizeof streams[0]; s++) {
        make_stream(streams[s].pages, 1);
        const double plain = measure(RUN_PLAIN, NULL, &regs, seconds);
        const double walk = measure(RUN_WALK, NULL, &regs, seconds);
        for (size_t c = 0; c < sizeof cfgs / sizeof cfgs[0]; c++) {
            if (only != NULL && strcmp(only, cfgs[c].name) != 0) {
                continue;
            }
            vmc_mmu_model *m = make_model(&cfgs[c]);
            measure(RUN_FAST, m, &regs, seconds / 4);          /* warm the TLBs */
            vmc_mmu_model_reg_write(m, MMU_REG_CNT_CTRL, MMU_CNT_CTRL_RESET);
            const double full = measure(RUN_FULL, m, &regs, seconds);
            const double fast = measure(RUN_FAST, m, &regs, seconds);
            vmc_mmu_counters k;
            vmc_mmu_model_counters(m, &k);
            const double l1_hits = (double)k.itlb_hits + (double)k.dtlb_hits;
            const double hit_pct = 100.0 * l1_hits / (double)(k.itlb_lookups + k.dtlb_lookups);
            printf("%-9s %-5s %12.1f %12.1f %12.1f %12.1f %8.2f %8.2f %8.1f\n", cfgs[c].name,
                   streams[s].name, plain / 1e6, walk / 1e6, full / 1e6, fast / 1e6,
                   full / walk, fast / walk, hit_pct);
            /* sanity: the hit stream must hit, the miss stream must miss */
            if (s == 0 && hit_pct < 99.0) {
                fprintf(stderr, "bench_model: hit stream hit only %.1f%%\n", hit_pct);
                failures++;
            }
            if (s == 1 && hit_pct > 10.0) {
                fprintf(stderr, "bench_model: miss stream hit %.1f%%\n", hit_pct);
                failures++;
            }
            if (!(full > 0 && fast > 0)) {
                failures++;
            }
            vmc_mmu_model_destroy(m);
        }
    }
    free(g_mem);
    if (smoke) {
        printf("smoke run: %s\n", failures ? "FAILED" : "ok");
    }
    return failures ? 1 : 0;
}
