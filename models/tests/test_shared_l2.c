/*
 * models.shared_l2.*: a cluster whose cores share one L2TLB (vmc_mmu_cluster_share_l2tlb,
 * docs/mmu-contract.md section 9). Expected hit levels, counters, sets, ways and victims are
 * worked by hand from the contract (sets indexed by VA[12 + log2(sets) - 1 : 12], lowest
 * invalid way first, then the policy's victim); every sharing case has a private-L2TLB
 * negative control, so it can fail.
 */
#include <string.h>

#include "testutil.h"

#define L1 0x00004000u
#define L2T 0x00010000u

/* Pages of the tests: nG small pages of MiB 4 (their L2TLB set with 4 sets = VA[13:12]). */
#define PA_ 0x00400000u   /* set 0 */
#define PB_ 0x00401000u   /* set 1 */
#define PC_ 0x00404000u   /* set 0 */
#define PD_ 0x00408000u   /* set 0 */

static void map_pages(void)
{
    tmem_clear();
    t_map_l1(L1, 0x00400000u, d_pagetable(L2T, 0));
    t_map_l2(L2T, PA_, d_small(0x01400000u, 3, 0, 1));
    t_map_l2(L2T, PB_, d_small(0x01401000u, 3, 0, 1));
    t_map_l2(L2T, PC_, d_small(0x01404000u, 3, 0, 1));
    t_map_l2(L2T, PD_, d_small(0x01408000u, 3, 0, 1));
}

/* A cluster of `cores` cores, DTLB of one entry (so a core's L1 forgets quickly), the given
 * L2TLB, shared or not, every core enabled with ASID 1. */
static vmc_mmu_cluster *cluster(uint32_t cores, const char *l2tlb, int shared)
{
    map_pages();
    vmc_mmu_model *one = t_model("1x1:lru", "1x1:lru", l2tlb, 0);
    vmc_mmu_cluster *c = vmc_mmu_cluster_create(vmc_mmu_model_config(one), cores, tmem_r32,
                                                NULL);
    vmc_mmu_model_destroy(one);
    CHECK(c != NULL);
    if (shared) {
        CHECK_EQ(vmc_mmu_cluster_share_l2tlb(c), 0);
    }
    for (uint32_t k = 0; k < cores; k++) {
        t_enable(vmc_mmu_cluster_core(c, k), L1, 0, 0, DACR_ALL_CLIENT, 1, 0);
    }
    return c;
}

static vmc_mmu_resp rd(vmc_mmu_cluster *c, uint32_t k, uint32_t va)
{
    vmc_mmu_resp r;
    memset(&r, 0, sizeof r);
    t_access(vmc_mmu_cluster_core(c, k), va, VMC_ACCESS_READ, 1, &r);
    return r;
}

static uint32_t cnt(vmc_mmu_cluster *c, uint32_t k, uint32_t offset)
{
    return vmc_mmu_model_reg_read(vmc_mmu_cluster_core(c, k), offset);
}

/* Core 1 hits in the L2TLB on the page core 0 walked (and, with private L2TLBs, walks). Each
 * core counts its own lookups and hits; the fill is reported on the core that walked. */
static void test_hit_across_cores(void)
{
    for (int shared = 0; shared <= 1; shared++) {
        vmc_mmu_cluster *c = cluster(2, "4x2:lru", shared);
        vmc_mmu_resp r = rd(c, 0, PB_ + 0x10u);
        CHECK_EQ(r.hit_level, VMC_HIT_WALK);
        CHECK_EQ(r.l2.filled, 1);
        CHECK_EQ(r.l2.set, 1);
        CHECK_EQ(r.l2.way, 0);
        r = rd(c, 1, PB_ + 0x24u);
        CHECK_EQ(r.hit_level, shared ? VMC_HIT_L2TLB : VMC_HIT_WALK);
        CHECK_EQ(r.pa, 0x01401024u);
        CHECK_EQ(r.l2.looked_up, 1);
        CHECK_EQ(r.l2.hit, shared);
        CHECK_EQ(r.l2.filled, !shared);
        CHECK_EQ(r.l1.filled, 1);
        /* core 0: one lookup, no hit, one walk; core 1: one lookup, a hit when shared */
        CHECK_EQ(cnt(c, 0, MMU_REG_CNT_L2TLB_LOOKUPS), 1);
        CHECK_EQ(cnt(c, 0, MMU_REG_CNT_L2TLB_HITS), 0);
        CHECK_EQ(cnt(c, 0, MMU_REG_CNT_WALKS), 1);
        CHECK_EQ(cnt(c, 1, MMU_REG_CNT_L2TLB_LOOKUPS), 1);
        CHECK_EQ(cnt(c, 1, MMU_REG_CNT_L2TLB_HITS), (uint32_t)shared);
        CHECK_EQ(cnt(c, 1, MMU_REG_CNT_WALKS), (uint32_t)!shared);
        /* Another ASID on core 1 does not hit the nG entry: it walks and fills way 1 of set 1
         * of the shared L2TLB (way 0 holds ASID 1's copy); privately, way 0 is taken too. */
        vmc_mmu_model_reg_write(vmc_mmu_cluster_core(c, 1), MMU_REG_CONTEXTIDR, 2);
        r = rd(c, 1, PB_);
        CHECK_EQ(r.hit_level, VMC_HIT_WALK);
        CHECK_EQ(r.l2.filled, 1);
        CHECK_EQ(r.l2.way, 1);
        /* Both copies are visible through core 0 when shared, through core 1 only if not. */
        vmc_tlb_entry e;
        CHECK_EQ(vmc_mmu_model_tlb_entry(vmc_mmu_cluster_core(c, 0), VMC_TLB_L2, 1, 1, &e), 0);
        CHECK_EQ(e.valid, shared);
        if (shared) {
            CHECK_EQ(e.asid, 2);
            CHECK_EQ(e.va, PB_);
        }
        /* The functional entry point uses the shared L2TLB too. */
        vmc_mmu_model_reg_write(vmc_mmu_cluster_core(c, 0), MMU_REG_CONTEXTIDR, 2);
        rd(c, 0, PA_);   /* core 0's one-entry DTLB now holds PA_ */
        uint32_t pa = 0;
        CHECK_EQ(vmc_mmu_model_translate_fast(vmc_mmu_cluster_core(c, 0), PB_ + 4u,
                                              VMC_ACCESS_READ, 1, &pa), VMSA_FS_NONE);
        CHECK_EQ(pa, 0x01401004u);
        CHECK_EQ(cnt(c, 0, MMU_REG_CNT_L2TLB_HITS), (uint32_t)shared);
        vmc_mmu_cluster_destroy(c);
    }
}

/* The capacity is shared: with one set of two ways (lru), the third page filled by any core
 * evicts the least recently used entry, whoever filled it. */
static void test_shared_capacity(void)
{
    for (int shared = 0; shared <= 1; shared++) {
        vmc_mmu_cluster *c = cluster(2, "1x2:lru", shared);
        CHECK_EQ(rd(c, 0, PA_).l2.way, 0);           /* L2: A in way 0 */
        CHECK_EQ(rd(c, 1, PB_).l2.way, shared ? 1u : 0u);   /* B: way 1 if shared */
        vmc_mmu_resp r = rd(c, 0, PC_);              /* full when shared: A (oldest) goes */
        CHECK_EQ(r.l2.evicted, shared);
        CHECK_EQ(r.l2.way, shared ? 0u : 1u);
        if (shared) {
            CHECK_EQ(r.l2.evicted_va, PA_);
        }
        r = rd(c, 1, PC_);                           /* core 1 hits what core 0 filled */
        CHECK_EQ(r.hit_level, shared ? VMC_HIT_L2TLB : VMC_HIT_WALK);
        r = rd(c, 1, PA_);                           /* shared: evicted by core 0's fill */
        CHECK_EQ(r.hit_level, VMC_HIT_WALK);
        CHECK_EQ(r.l2.evicted, 1);                   /* both full now: B older than C */
        CHECK_EQ(r.l2.evicted_va, PB_);
        vmc_mmu_cluster_destroy(c);
    }
}

/* Maintenance: a local TLBIMVA on core 0 removes the page from the shared L2TLB for core 1 as
 * well (but not from core 1's DTLB: that takes an IS command); privately core 1 keeps it. */
static void test_local_maintenance(void)
{
    for (int shared = 0; shared <= 1; shared++) {
        vmc_mmu_cluster *c = cluster(2, "4x2:lru", shared);
        rd(c, 0, PB_);                 /* walks; L2 set 1 */
        rd(c, 1, PB_);                 /* shared: L2 hit; private: walk; both fill core 1's L2 */
        rd(c, 1, PA_);                 /* core 1's DTLB now holds A, not B */
        vmc_mmu_model_reg_write(vmc_mmu_cluster_core(c, 0), MMU_REG_TLBIMVA, PB_ | 1u);
        vmc_tlb_entry e;
        vmc_mmu_model_tlb_entry(vmc_mmu_cluster_core(c, 1), VMC_TLB_L2, 1, 0, &e);
        CHECK_EQ(e.valid, !shared);
        CHECK_EQ(rd(c, 1, PB_).hit_level, shared ? VMC_HIT_WALK : VMC_HIT_L2TLB);
        CHECK_EQ(cnt(c, 0, MMU_REG_CNT_FLUSHES), 1);
        CHECK_EQ(cnt(c, 1, MMU_REG_CNT_FLUSHES), 0);
        /* core 1's DTLB holds B now; core 0's local command leaves it there */
        vmc_mmu_model_reg_write(vmc_mmu_cluster_core(c, 0), MMU_REG_TLBIALL, 0);
        CHECK_EQ(rd(c, 1, PB_).hit_level, VMC_HIT_L1TLB);
        rd(c, 1, PA_);
        CHECK_EQ(rd(c, 1, PB_).hit_level, shared ? VMC_HIT_WALK : VMC_HIT_L2TLB);
        /* an IS command from core 1 empties everything everywhere; each core counts it */
        vmc_mmu_model_reg_write(vmc_mmu_cluster_core(c, 1), MMU_REG_TLBIASIDIS, 1);
        CHECK_EQ(rd(c, 0, PB_).hit_level, VMC_HIT_WALK);
        CHECK_EQ(cnt(c, 0, MMU_REG_CNT_FLUSHES), 3);
        CHECK_EQ(cnt(c, 1, MMU_REG_CNT_FLUSHES), 1);
        vmc_mmu_cluster_destroy(c);
    }
}

/* No L2TLB: -1 and nothing changes (each core still walks on its own). A one-core cluster
 * that shares answers like a lone model. Resetting the cluster empties the shared L2TLB. */
static void test_refused_and_one_core(void)
{
    map_pages();
    vmc_mmu_model *one = t_model("1x1:lru", "1x1:lru", "none", 0);
    vmc_mmu_cluster *c = vmc_mmu_cluster_create(vmc_mmu_model_config(one), 2, tmem_r32, NULL);
    CHECK_EQ(vmc_mmu_cluster_share_l2tlb(c), -1);
    for (uint32_t k = 0; k < 2; k++) {
        t_enable(vmc_mmu_cluster_core(c, k), L1, 0, 0, DACR_ALL_CLIENT, 1, 0);
    }
    CHECK_EQ(rd(c, 0, PB_).hit_level, VMC_HIT_WALK);
    vmc_mmu_resp r = rd(c, 1, PB_);
    CHECK_EQ(r.hit_level, VMC_HIT_WALK);
    CHECK_EQ(r.l2.looked_up, 0);
    CHECK_EQ(cnt(c, 1, MMU_REG_CNT_L2TLB_LOOKUPS), 0);
    vmc_mmu_cluster_destroy(c);
    vmc_mmu_model_destroy(one);

    c = cluster(1, "4x2:lru", 1);
    rd(c, 0, PB_);
    rd(c, 0, PA_);
    CHECK_EQ(rd(c, 0, PB_).hit_level, VMC_HIT_L2TLB);
    vmc_mmu_cluster_reset(c);
    t_enable(vmc_mmu_cluster_core(c, 0), L1, 0, 0, DACR_ALL_CLIENT, 1, 0);
    CHECK_EQ(rd(c, 0, PB_).hit_level, VMC_HIT_WALK);
    vmc_mmu_cluster_destroy(c);

    c = cluster(3, "4x2:lru", 1);
    rd(c, 2, PD_);
    vmc_mmu_cluster_reset(c);
    t_enable(vmc_mmu_cluster_core(c, 1), L1, 0, 0, DACR_ALL_CLIENT, 1, 0);
    CHECK_EQ(rd(c, 1, PD_).hit_level, VMC_HIT_WALK);
    vmc_mmu_cluster_destroy(c);
}

int main(int argc, char **argv)
{
    static const test_case cases[] = {
        {"hit_across_cores", test_hit_across_cores},
        {"shared_capacity", test_shared_capacity},
        {"local_maintenance", test_local_maintenance},
        {"refused_and_one_core", test_refused_and_one_core},
    };
    return test_run(argc, argv, cases, sizeof cases / sizeof cases[0]);
}
