/*
 * models.maint.*: each maintenance operation (contract section 5, B4.2.2) removes exactly
 * the entries it names, in every TLB level and in the walk cache, and nothing else; the IS
 * operations (section 9) do the same on every core of a cluster, and on a lone model act as
 * their local twins.
 */
#include <string.h>

#include "testutil.h"

#define L1 0x00004000u
#define L2T 0x00010000u

/* The entries of the fixture:
 *   E1 global small page 0x00400000      E2 nG small 0x00401000, ASID 1
 *   E3 nG small 0x00401000, ASID 2       E4 global section 0x00800000
 *   E5 nG section 0x00900000, ASID 1
 * E1 also in the ITLB (fetched). The walk cache holds MiB 4's page-table descriptor. */
static void fill_fixture(vmc_mmu_model *m)
{
    t_map_l1(L1, 0x00400000u, d_pagetable(L2T, 0));
    t_map_l2(L2T, 0x00400000u, d_small(0x01400000u, 3, 0, 0));
    t_map_l2(L2T, 0x00401000u, d_small(0x01401000u, 3, 0, 1));
    t_map_l1(L1, 0x00800000u, d_section(0x01800000u, 3, 0, 0, 0));
    t_map_l1(L1, 0x00900000u, d_section(0x01900000u, 3, 0, 0, 1));
    t_enable(m, L1, 0, 0, DACR_ALL_CLIENT, 1, 0);
    t_access(m, 0x00400000u, VMC_ACCESS_READ, 1, NULL);
    t_access(m, 0x00401000u, VMC_ACCESS_READ, 1, NULL);
    t_access(m, 0x00800000u, VMC_ACCESS_READ, 1, NULL);
    t_access(m, 0x00900000u, VMC_ACCESS_READ, 1, NULL);
    t_access(m, 0x00400000u, VMC_ACCESS_FETCH, 1, NULL);
    vmc_mmu_model_reg_write(m, MMU_REG_CONTEXTIDR, 2);
    t_access(m, 0x00401000u, VMC_ACCESS_READ, 1, NULL);
}

static vmc_mmu_model *fixture(void)
{
    vmc_mmu_model *m = t_model("1x8:lru", "1x8:lru", "4x4:lru", 4);
    fill_fixture(m);
    return m;
}

/* Number of valid entries in a level with page base va and (for nG entries) asid. */
static int count(vmc_mmu_model *m, vmc_tlb_level lv, uint32_t va, int ng, uint32_t asid)
{
    const vmc_mmu_config *cfg = vmc_mmu_model_config(m);
    const vmc_tlb_geom *g = lv == VMC_TLB_ITLB ? &cfg->itlb
                            : lv == VMC_TLB_DTLB ? &cfg->dtlb : &cfg->l2tlb;
    int n = 0;
    for (uint32_t s = 0; s < g->sets; s++) {
        for (uint32_t w = 0; w < g->ways; w++) {
            vmc_tlb_entry e;
            vmc_mmu_model_tlb_entry(m, lv, s, w, &e);
            if (e.valid && e.va == va && e.ng == ng && (!ng || e.asid == asid)) {
                n++;
            }
        }
    }
    return n;
}

static int wc_valid(vmc_mmu_model *m)
{
    int n = 0;
    for (uint32_t i = 0; i < 4; i++) {
        vmc_wcache_entry e;
        vmc_mmu_model_wcache_entry(m, i, &e);
        n += e.valid;
    }
    return n;
}

/* Expected presence of E1..E5 (E1 in DTLB, ITLB, L2; the others in DTLB and L2). */
static void expect(vmc_mmu_model *m, int e1, int e2, int e3, int e4, int e5, int wc)
{
    CHECK_EQ(count(m, VMC_TLB_DTLB, 0x00400000u, 0, 0), e1);
    CHECK_EQ(count(m, VMC_TLB_ITLB, 0x00400000u, 0, 0), e1);
    CHECK_EQ(count(m, VMC_TLB_L2, 0x00400000u, 0, 0), e1);
    CHECK_EQ(count(m, VMC_TLB_DTLB, 0x00401000u, 1, 1), e2);
    CHECK_EQ(count(m, VMC_TLB_L2, 0x00401000u, 1, 1), e2);
    CHECK_EQ(count(m, VMC_TLB_DTLB, 0x00401000u, 1, 2), e3);
    CHECK_EQ(count(m, VMC_TLB_L2, 0x00401000u, 1, 2), e3);
    CHECK_EQ(count(m, VMC_TLB_DTLB, 0x00800000u, 0, 0), e4);
    CHECK_EQ(count(m, VMC_TLB_L2, 0x00800000u, 0, 0), e4);
    CHECK_EQ(count(m, VMC_TLB_DTLB, 0x00900000u, 1, 1), e5);
    CHECK_EQ(count(m, VMC_TLB_L2, 0x00900000u, 1, 1), e5);
    CHECK_EQ(wc_valid(m), wc);
}

static void check_flushes(vmc_mmu_model *m, uint32_t n)
{
    CHECK_EQ(vmc_mmu_model_reg_read(m, MMU_REG_CNT_FLUSHES), n);
}

static void test_fixture(void)
{
    vmc_mmu_model *m = fixture();
    expect(m, 1, 1, 1, 1, 1, 1);
    check_flushes(m, 0);
    vmc_mmu_model_destroy(m);
}

static void test_tlbiall(void)
{
    vmc_mmu_model *m = fixture();
    vmc_mmu_model_reg_write(m, MMU_REG_TLBIALL, 0x12345678u);
    expect(m, 0, 0, 0, 0, 0, 0);
    check_flushes(m, 1);
    vmc_mmu_model_destroy(m);
}

static void test_tlbimva(void)
{
    vmc_mmu_model *m = fixture();
    /* nG page of ASID 1 only; the walk cache entry of MiB 4 goes too */
    vmc_mmu_model_reg_write(m, MMU_REG_TLBIMVA, 0x00401000u | 1u);
    expect(m, 1, 0, 1, 1, 1, 0);
    vmc_mmu_model_destroy(m);

    /* a global entry goes whatever the ASID operand */
    m = fixture();
    vmc_mmu_model_reg_write(m, MMU_REG_TLBIMVA, 0x00400000u | 7u);
    expect(m, 0, 1, 1, 1, 1, 0);
    vmc_mmu_model_destroy(m);

    /* any MVA inside a section; another MiB: the walk cache stays */
    m = fixture();
    vmc_mmu_model_reg_write(m, MMU_REG_TLBIMVA, 0x00845000u | 9u);
    expect(m, 1, 1, 1, 0, 1, 1);
    /* nG section with the wrong ASID: stays */
    vmc_mmu_model_reg_write(m, MMU_REG_TLBIMVA, 0x00900000u | 2u);
    expect(m, 1, 1, 1, 0, 1, 1);
    vmc_mmu_model_reg_write(m, MMU_REG_TLBIMVA, 0x009FF000u | 1u);
    expect(m, 1, 1, 1, 0, 0, 1);
    check_flushes(m, 3);
    vmc_mmu_model_destroy(m);
}

static void test_tlbiasid(void)
{
    vmc_mmu_model *m = fixture();
    vmc_mmu_model_reg_write(m, MMU_REG_TLBIASID, 1u);
    expect(m, 1, 0, 1, 1, 0, 0);   /* the walk cache is emptied */
    vmc_mmu_model_reg_write(m, MMU_REG_TLBIASID, 0x302u);   /* only ASID[7:0] = 2 counts */
    expect(m, 1, 0, 0, 1, 0, 0);
    check_flushes(m, 2);
    vmc_mmu_model_destroy(m);
}

static void test_tlbimvaa(void)
{
    vmc_mmu_model *m = fixture();
    vmc_mmu_model_reg_write(m, MMU_REG_TLBIMVAA, 0x00401FFFu);   /* [11:0] ignored */
    expect(m, 1, 0, 0, 1, 1, 0);
    vmc_mmu_model_reg_write(m, MMU_REG_TLBIMVAA, 0x00900000u);
    expect(m, 1, 0, 0, 1, 0, 0);
    vmc_mmu_model_destroy(m);
}

/* Maintenance of entries that are not there changes nothing, including replacement state. */
static void test_nothing_else(void)
{
    vmc_mmu_model *m = fixture();
    uint32_t before[8], after[8];
    vmc_mmu_model_repl_state(m, VMC_TLB_DTLB, 0, before);
    vmc_mmu_model_reg_write(m, MMU_REG_TLBIMVA, 0x00500000u | 1u);
    vmc_mmu_model_reg_write(m, MMU_REG_TLBIMVAA, 0x00A00000u);
    vmc_mmu_model_reg_write(m, MMU_REG_TLBIASID, 3u);
    expect(m, 1, 1, 1, 1, 1, 0);   /* TLBIASID empties the walk cache */
    vmc_mmu_model_repl_state(m, VMC_TLB_DTLB, 0, after);
    CHECK(memcmp(before, after, sizeof before) == 0);
    check_flushes(m, 3);
    vmc_mmu_model_destroy(m);
}

/* ---- IS operations (contract section 9) --------------------------------------------- */

/* Each IS command, its operand and the fixture entries E1..E5 and walk-cache entries left
 * after it (worked from section 5's table like the local cases above). */
typedef struct {
    uint32_t offset, operand;
    int e[5], wc;
} is_case;

static const is_case k_is_cases[] = {
    {MMU_REG_TLBIALLIS, 0, {0, 0, 0, 0, 0}, 0},
    {MMU_REG_TLBIMVAIS, 0x00401000u | 1u, {1, 0, 1, 1, 1}, 0},   /* nG page of ASID 1 */
    {MMU_REG_TLBIMVAIS, 0x00400000u | 7u, {0, 1, 1, 1, 1}, 0},   /* a global page, any ASID */
    {MMU_REG_TLBIASIDIS, 0x301u, {1, 0, 1, 1, 0}, 0},            /* ASID 1: E2, E5 */
    {MMU_REG_TLBIMVAAIS, 0x00401FFFu, {1, 0, 0, 1, 1}, 0},       /* both ASIDs of the page */
    {MMU_REG_TLBIMVAAIS, 0x00845000u, {1, 1, 1, 0, 1}, 1},       /* a section; MiB 8 */
};

static void expect_case(vmc_mmu_model *m, const is_case *c)
{
    expect(m, c->e[0], c->e[1], c->e[2], c->e[3], c->e[4], c->wc);
}

static vmc_mmu_cluster *cluster_fixture(uint32_t cores)
{
    vmc_mmu_model *one = t_model("1x8:lru", "1x8:lru", "4x4:lru", 4);
    vmc_mmu_cluster *c = vmc_mmu_cluster_create(vmc_mmu_model_config(one), cores, tmem_r32,
                                                NULL);
    vmc_mmu_model_destroy(one);
    CHECK(c != NULL);
    for (uint32_t k = 0; k < cores; k++) {
        fill_fixture(vmc_mmu_cluster_core(c, k));
    }
    return c;
}

/* A lone model is a cluster of one core: an IS command is its local twin; MPIDR and
 * BCAST_SYNC read 0 and ignore writes. */
static void test_is_lone(void)
{
    for (size_t i = 0; i < sizeof k_is_cases / sizeof k_is_cases[0]; i++) {
        vmc_mmu_model *m = fixture();
        vmc_mmu_model_reg_write(m, k_is_cases[i].offset, k_is_cases[i].operand);
        expect_case(m, &k_is_cases[i]);
        check_flushes(m, 1);
        CHECK_EQ(vmc_mmu_model_reg_read(m, MMU_REG_BCAST_SYNC), 0);
        CHECK_EQ(vmc_mmu_model_reg_read(m, k_is_cases[i].offset), 0);   /* WO */
        vmc_mmu_model_destroy(m);
    }
    vmc_mmu_model *m = fixture();
    vmc_mmu_model_reg_write(m, MMU_REG_MPIDR, 0x305u);
    vmc_mmu_model_reg_write(m, MMU_REG_BCAST_SYNC, 1u);
    CHECK_EQ(vmc_mmu_model_reg_read(m, MMU_REG_MPIDR), 0);
    CHECK_EQ(vmc_mmu_model_reg_read(m, MMU_REG_BCAST_SYNC), 0);
    expect(m, 1, 1, 1, 1, 1, 1);
    check_flushes(m, 0);
    vmc_mmu_model_destroy(m);
}

/* Written on one core of four, each IS command acts on all four, counted by each. */
static void test_is_cluster(void)
{
    for (size_t i = 0; i < sizeof k_is_cases / sizeof k_is_cases[0]; i++) {
        vmc_mmu_cluster *c = cluster_fixture(4);
        const uint32_t issuer = (uint32_t)i % 4u;
        vmc_mmu_model_reg_write(vmc_mmu_cluster_core(c, issuer), k_is_cases[i].offset,
                                k_is_cases[i].operand);
        for (uint32_t k = 0; k < 4; k++) {
            vmc_mmu_model *m = vmc_mmu_cluster_core(c, k);
            expect_case(m, &k_is_cases[i]);
            check_flushes(m, 1);
            CHECK_EQ(vmc_mmu_model_reg_read(m, MMU_REG_BCAST_SYNC), 0);
        }
        vmc_mmu_cluster_destroy(c);
    }
}

/* The negative control: a local command on core 0 leaves core 1's entries (so the IS case
 * above could fail). */
static void test_local_stays_local(void)
{
    vmc_mmu_cluster *c = cluster_fixture(2);
    vmc_mmu_model_reg_write(vmc_mmu_cluster_core(c, 0), MMU_REG_TLBIMVA, 0x00401000u | 1u);
    expect(vmc_mmu_cluster_core(c, 0), 1, 0, 1, 1, 1, 0);
    expect(vmc_mmu_cluster_core(c, 1), 1, 1, 1, 1, 1, 1);
    check_flushes(vmc_mmu_cluster_core(c, 1), 0);
    /* core 1 still translates 0x00401000 for ASID 1 from its TLB */
    vmc_mmu_model *m1 = vmc_mmu_cluster_core(c, 1);
    vmc_mmu_model_reg_write(m1, MMU_REG_CONTEXTIDR, 1);
    vmc_mmu_resp r;
    t_access(m1, 0x00401000u, VMC_ACCESS_READ, 1, &r);
    CHECK_EQ(r.hit_level, VMC_HIT_L1TLB);
    vmc_mmu_cluster_destroy(c);
}

/* MPIDR: core index and cores - 1; bad core counts are refused; core k out of range is NULL;
 * each core's registers are its own. */
static void test_cluster_regs(void)
{
    vmc_mmu_cluster *c = cluster_fixture(3);
    CHECK_EQ(vmc_mmu_cluster_cores(c), 3);
    for (uint32_t k = 0; k < 3; k++) {
        CHECK_EQ(vmc_mmu_model_reg_read(vmc_mmu_cluster_core(c, k), MMU_REG_MPIDR),
                 k | 0x200u);
    }
    CHECK(vmc_mmu_cluster_core(c, 3) == NULL);
    vmc_mmu_model *m0 = vmc_mmu_cluster_core(c, 0), *m2 = vmc_mmu_cluster_core(c, 2);
    vmc_mmu_model_reg_write(m2, MMU_REG_TTBR0, 0x00008000u);
    vmc_mmu_model_reg_write(m2, MMU_REG_DACR, 0x3u);
    vmc_mmu_model_reg_write(m2, MMU_REG_CONTEXTIDR, 0x105u);
    CHECK_EQ(vmc_mmu_model_reg_read(m0, MMU_REG_TTBR0), L1);
    CHECK_EQ(vmc_mmu_model_reg_read(m0, MMU_REG_DACR), DACR_ALL_CLIENT);
    CHECK_EQ(vmc_mmu_model_reg_read(m0, MMU_REG_CONTEXTIDR), 2);
    /* a fault on core 0 (unmapped MiB 0x300) sets core 0's DFAR only */
    CHECK_EQ(t_access(m0, 0x30000000u, VMC_ACCESS_WRITE, 1, NULL), VMC_FAULT_TRANSLATION);
    CHECK_EQ(vmc_mmu_model_reg_read(m0, MMU_REG_DFAR), 0x30000000u);
    CHECK_EQ(vmc_mmu_model_reg_read(vmc_mmu_cluster_core(c, 1), MMU_REG_DFAR), 0);
    CHECK_EQ(vmc_mmu_model_reg_read(m2, MMU_REG_DFAR), 0);
    /* reset keeps MPIDR */
    vmc_mmu_cluster_reset(c);
    CHECK_EQ(vmc_mmu_model_reg_read(m2, MMU_REG_MPIDR), 0x202u);
    CHECK_EQ(vmc_mmu_model_reg_read(m2, MMU_REG_TTBR0), 0);
    vmc_mmu_cluster_destroy(c);

    const vmc_mmu_config *cfg = NULL;
    vmc_mmu_model *one = t_model("1x8:lru", "1x8:lru", "none", 0);
    cfg = vmc_mmu_model_config(one);
    CHECK(vmc_mmu_cluster_create(cfg, 0, tmem_r32, NULL) == NULL);
    CHECK(vmc_mmu_cluster_create(cfg, MMU_MAX_CORES + 1, tmem_r32, NULL) == NULL);
    vmc_mmu_cluster *eight = vmc_mmu_cluster_create(cfg, MMU_MAX_CORES, tmem_r32, NULL);
    CHECK(eight != NULL);
    CHECK_EQ(vmc_mmu_model_reg_read(vmc_mmu_cluster_core(eight, 7), MMU_REG_MPIDR), 0x707u);
    vmc_mmu_cluster_destroy(eight);
    vmc_mmu_cluster *single = vmc_mmu_cluster_create(cfg, 1, tmem_r32, NULL);
    CHECK_EQ(vmc_mmu_model_reg_read(vmc_mmu_cluster_core(single, 0), MMU_REG_MPIDR), 0);
    vmc_mmu_cluster_destroy(single);
    vmc_mmu_model_destroy(one);
}

int main(int argc, char **argv)
{
    static const test_case cases[] = {
        {"fixture", test_fixture},   {"tlbiall", test_tlbiall},   {"tlbimva", test_tlbimva},
        {"tlbiasid", test_tlbiasid}, {"tlbimvaa", test_tlbimvaa}, {"nothing_else", test_nothing_else},
        {"is_lone", test_is_lone},   {"is_cluster", test_is_cluster},
        {"local_stays_local", test_local_stays_local}, {"cluster_regs", test_cluster_regs},
    };
    return test_run(argc, argv, cases, sizeof cases / sizeof cases[0]);
}
