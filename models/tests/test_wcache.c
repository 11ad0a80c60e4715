/*
 * models.wcache.*: the walk cache (contract section 4): hits skip the level-1 read, fill
 * rules (page tables only, also when level 2 faults), round-robin victims, staleness until
 * maintenance.
 */
#include "testutil.h"

#define L1 0x00004000u

static uint32_t l2t(uint32_t mib)
{
    return 0x00010000u + mib * 0x400u;
}

static void map_pages(uint32_t mib)
{
    t_map_l1(L1, mib << 20, d_pagetable(l2t(mib), 0));
    for (uint32_t p = 0; p < 4; p++) {
        t_map_l2(l2t(mib), (mib << 20) | (p << 12), d_small(0x02000000u | (mib << 16) | (p << 12), 3, 0, 0));
    }
}

static vmc_mmu_resp rd(vmc_mmu_model *m, uint32_t va)
{
    vmc_mmu_resp r;
    t_access(m, va, VMC_ACCESS_READ, 1, &r);
    return r;
}

static void test_hit_and_rr(void)
{
    vmc_mmu_model *m = t_model("1x16:lru", "1x16:lru", "none", 2);
    for (uint32_t mib = 1; mib <= 3; mib++) {
        map_pages(mib);
    }
    t_enable(m, L1, 0, 0, DACR_ALL_CLIENT, 0, 0);
    vmc_mmu_resp r = rd(m, 0x00100000u);
    CHECK_EQ(r.walk.mem_reads, 2);
    CHECK_EQ(r.wcache.looked_up, 1);
    CHECK_EQ(r.wcache.hit, 0);
    CHECK_EQ(r.wcache.filled, 1);
    CHECK_EQ(r.wcache.index, 0);
    vmc_wcache_entry e;
    vmc_mmu_model_wcache_entry(m, 0, &e);
    CHECK_EQ(e.valid, 1);
    CHECK_EQ(e.pa, 0x00004004u);
    CHECK_EQ(e.desc, d_pagetable(l2t(1), 0));
    CHECK_EQ(e.va_mb, 0x001u);
    r = rd(m, 0x00101000u);          /* same MiB, new page: walk-cache hit */
    CHECK_EQ(r.hit_level, VMC_HIT_WALK);
    CHECK_EQ(r.walk.wcache_hit, 1);
    CHECK_EQ(r.walk.mem_reads, 1);
    CHECK_EQ(r.wcache.hit, 1);
    CHECK_EQ(r.wcache.index, 0);
    CHECK_EQ(r.pa, 0x02011000u);
    r = rd(m, 0x00200000u);
    CHECK_EQ(r.wcache.index, 1);
    r = rd(m, 0x00300000u);          /* full: pointer 0 -> evicts MiB 1's entry */
    CHECK_EQ(r.wcache.index, 0);
    CHECK_EQ(r.wcache.evicted, 1);
    CHECK_EQ(r.wcache.evicted_pa, 0x00004004u);
    r = rd(m, 0x00301000u);          /* hit: the pointer does not move */
    CHECK_EQ(r.wcache.hit, 1);
    r = rd(m, 0x00102000u);          /* pointer 1 -> evicts MiB 2 */
    CHECK_EQ(r.wcache.index, 1);
    CHECK_EQ(r.wcache.evicted_pa, 0x00004008u);
    r = rd(m, 0x00202000u);          /* pointer 0 -> evicts MiB 3 */
    CHECK_EQ(r.wcache.index, 0);
    CHECK_EQ(r.wcache.evicted_pa, 0x0000400Cu);
    vmc_mmu_counters c;
    vmc_mmu_model_counters(m, &c);
    CHECK_EQ(c.wcache_hits, 2);
    CHECK_EQ(c.walks, 7);
    CHECK_EQ(c.walks_l2, 7);
    /* reset empties the walk cache and rewinds its pointer */
    vmc_mmu_model_reset(m);
    for (uint32_t i = 0; i < 2; i++) {
        vmc_mmu_model_wcache_entry(m, i, &e);
        CHECK_EQ(e.valid, 0);
    }
    t_enable(m, L1, 0, 0, DACR_ALL_CLIENT, 0, 0);
    rd(m, 0x00100000u);
    rd(m, 0x00200000u);
    r = rd(m, 0x00300000u);
    CHECK_EQ(r.wcache.index, 0);     /* pointer back at 0 */
    CHECK_EQ(r.wcache.evicted_pa, 0x00004004u);
    vmc_mmu_model_destroy(m);
}

static void test_fill_rules(void)
{
    vmc_mmu_model *m = t_model("1x16:lru", "1x16:lru", "none", 4);
    t_map_l1(L1, 0x00500000u, d_pagetable(l2t(5), 0));   /* empty L2 table */
    t_map_l1(L1, 0x00700000u, d_section(0x00700000u, 3, 0, 0, 0));
    t_enable(m, L1, 0, 0, DACR_ALL_CLIENT, 0, 0);
    vmc_mmu_resp r = rd(m, 0x00500000u);            /* L2 fault: still fills */
    CHECK_EQ(r.fault, VMC_FAULT_TRANSLATION);
    CHECK_EQ(r.wcache.filled, 1);
    r = rd(m, 0x00501000u);
    CHECK_EQ(r.walk.wcache_hit, 1);
    CHECK_EQ(r.fs, VMSA_FS_TRANSLATION_PAGE);
    r = rd(m, 0x00600000u);                          /* L1 fault: no fill */
    CHECK_EQ(r.wcache.filled, 0);
    r = rd(m, 0x00700000u);                          /* section: no fill */
    CHECK_EQ(r.wcache.filled, 0);
    vmc_wcache_entry e;
    vmc_mmu_model_wcache_entry(m, 1, &e);
    CHECK_EQ(e.valid, 0);
    CHECK_EQ(vmc_mmu_model_wcache_entry(m, 4, &e), -1);
    vmc_mmu_model_destroy(m);
}

/* The walk cache keeps a stale descriptor until maintenance of that MiB. */
static void test_stale_until_tlbi(void)
{
    vmc_mmu_model *m = t_model("1x16:lru", "1x16:lru", "none", 4);
    map_pages(3);
    t_enable(m, L1, 0, 0, DACR_ALL_CLIENT, 0, 0);
    rd(m, 0x00300000u);
    /* move MiB 3 to another L2 table that maps page 1 elsewhere */
    t_map_l1(L1, 0x00300000u, d_pagetable(0x00020000u, 0));
    t_map_l2(0x00020000u, 0x00301000u, d_small(0x03301000u, 3, 0, 0));
    vmc_mmu_resp r = rd(m, 0x00301000u);
    CHECK_EQ(r.walk.wcache_hit, 1);
    CHECK_EQ(r.pa, 0x02031000u);                      /* old table */
    vmc_mmu_model_reg_write(m, MMU_REG_TLBIMVA, 0x00301000u);
    r = rd(m, 0x00301000u);
    CHECK_EQ(r.walk.wcache_hit, 0);
    CHECK_EQ(r.pa, 0x03301000u);
    vmc_mmu_model_destroy(m);
}

int main(int argc, char **argv)
{
    static const test_case cases[] = {
        {"hit_and_rr", test_hit_and_rr},
        {"fill_rules", test_fill_rules},
        {"stale_until_tlbi", test_stale_until_tlbi},
    };
    return test_run(argc, argv, cases, sizeof cases / sizeof cases[0]);
}
