#include "testutil.h"

#include <stdlib.h>
#include <string.h>

int g_test_failures;
unsigned long g_tmem_reads;
static uint32_t *g_mem;

int test_run(int argc, char **argv, const test_case *cases, size_t n)
{
    int ran = 0;
    for (size_t i = 0; i < n; i++) {
        if (argc > 1 && strcmp(argv[1], cases[i].name) != 0) {
            continue;
        }
        int before = g_test_failures;
        tmem_clear();
        cases[i].fn();
        ran++;
        printf("%s: %s\n", cases[i].name, g_test_failures == before ? "ok" : "FAILED");
    }
    if (ran == 0) {
        fprintf(stderr, "no test case named '%s'\n", argc > 1 ? argv[1] : "");
        return 2;
    }
    return g_test_failures == 0 ? 0 : 1;
}

void tmem_clear(void)
{
    if (g_mem == NULL) {
        g_mem = calloc(TMEM_BYTES / 4u, sizeof *g_mem);
        if (g_mem == NULL) {
            abort();
        }
    } else {
        memset(g_mem, 0, TMEM_BYTES);
    }
    g_tmem_reads = 0;
}

void tmem_w32(uint32_t pa, uint32_t value)
{
    if (pa < TMEM_BYTES) {
        g_mem[pa >> 2] = value;
    }
}

uint32_t tmem_r32(void *ctx, uint32_t pa)
{
    (void)ctx;
    g_tmem_reads++;
    return pa < TMEM_BYTES ? g_mem[pa >> 2] : 0u;
}

static uint32_t sect_common(uint32_t ap, uint32_t domain, int xn, int ng)
{
    return ((uint32_t)(ng != 0) << 17) | (((ap >> 2) & 1u) << 15) | ((ap & 3u) << 10) |
           ((domain & 15u) << 5) | ((uint32_t)(xn != 0) << 4) | 2u;
}

uint32_t d_section(uint32_t pa, uint32_t ap, uint32_t domain, int xn, int ng)
{
    return (pa & 0xFFF00000u) | sect_common(ap, domain, xn, ng);
}

uint32_t d_section_attr(uint32_t pa, uint32_t ap, uint32_t domain, int xn, int ng,
                        uint32_t tex, int c, int b, int s)
{
    return d_section(pa, ap, domain, xn, ng) | ((tex & 7u) << 12) | ((uint32_t)(c != 0) << 3) |
           ((uint32_t)(b != 0) << 2) | ((uint32_t)(s != 0) << 16);
}

uint32_t d_supersection(uint32_t pa, uint32_t ap, int xn, int ng)
{
    /* bit 18 = 1; bits [8:5] are extended base address bits, not a domain */
    return (pa & 0xFF000000u) | (1u << 18) | sect_common(ap, 0, xn, ng);
}

uint32_t d_pagetable(uint32_t l2_base, uint32_t domain)
{
    return (l2_base & 0xFFFFFC00u) | ((domain & 15u) << 5) | 1u;
}

uint32_t d_small(uint32_t pa, uint32_t ap, int xn, int ng)
{
    return (pa & 0xFFFFF000u) | ((uint32_t)(ng != 0) << 11) | (((ap >> 2) & 1u) << 9) |
           ((ap & 3u) << 4) | 2u | (uint32_t)(xn != 0);
}

uint32_t d_small_attr(uint32_t pa, uint32_t ap, int xn, int ng, uint32_t tex, int c, int b,
                      int s)
{
    return d_small(pa, ap, xn, ng) | ((tex & 7u) << 6) | ((uint32_t)(c != 0) << 3) |
           ((uint32_t)(b != 0) << 2) | ((uint32_t)(s != 0) << 10);
}

uint32_t d_large(uint32_t pa, uint32_t ap, int xn, int ng)
{
    return (pa & 0xFFFF0000u) | ((uint32_t)(xn != 0) << 15) | ((uint32_t)(ng != 0) << 11) |
           (((ap >> 2) & 1u) << 9) | ((ap & 3u) << 4) | 1u;
}

void t_map_l1(uint32_t l1_base, uint32_t va, uint32_t desc)
{
    tmem_w32(l1_base + ((va >> 20) << 2), desc);
}

void t_map_l2(uint32_t l2_base, uint32_t va, uint32_t desc)
{
    tmem_w32(l2_base + (((va >> 12) & 0xFFu) << 2), desc);
}

vmc_mmu_model *t_model(const char *itlb, const char *dtlb, const char *l2tlb, uint32_t wcache)
{
    vmc_mmu_config cfg;
    char err[160];
    memset(&cfg, 0, sizeof cfg);
    if (vmc_mmu_config_parse_tlb(itlb, &cfg.itlb, err, sizeof err) != 0 ||
        vmc_mmu_config_parse_tlb(dtlb, &cfg.dtlb, err, sizeof err) != 0 ||
        vmc_mmu_config_parse_tlb(l2tlb, &cfg.l2tlb, err, sizeof err) != 0) {
        fprintf(stderr, "bad test geometry: %s\n", err);
        abort();
    }
    cfg.walk_cache_entries = wcache;
    vmc_mmu_model *m = vmc_mmu_model_create(&cfg, tmem_r32, NULL);
    if (m == NULL) {
        fprintf(stderr, "model creation failed\n");
        abort();
    }
    return m;
}

void t_enable(vmc_mmu_model *m, uint32_t ttbr0, uint32_t ttbr1, uint32_t ttbcr, uint32_t dacr,
              uint32_t asid, int afe)
{
    vmc_mmu_model_reg_write(m, MMU_REG_TTBR0, ttbr0);
    vmc_mmu_model_reg_write(m, MMU_REG_TTBR1, ttbr1);
    vmc_mmu_model_reg_write(m, MMU_REG_TTBCR, ttbcr);
    vmc_mmu_model_reg_write(m, MMU_REG_DACR, dacr);
    vmc_mmu_model_reg_write(m, MMU_REG_CONTEXTIDR, asid);
    vmc_mmu_model_reg_write(m, MMU_REG_SCTLR, 1u | (afe ? (1u << 29) : 0u));
}

vmc_fault_kind t_access(vmc_mmu_model *m, uint32_t va, vmc_access_kind kind, int priv,
                        vmc_mmu_resp *resp)
{
    vmc_mmu_resp local;
    vmc_mmu_req req = {va, kind, priv};
    return vmc_mmu_model_translate(m, &req, resp ? resp : &local);
}
