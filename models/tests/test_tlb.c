/*
 * models.tlb.*: TLB behaviour (contract section 3): set index and copies of large pages,
 * ASID/global matching, the L2TLB, caching of permission-faulting translations, duplicate
 * matches, and the victim order of every policy on sequences worked out by hand.
 */
#include <string.h>

#include "testutil.h"

#define L1 0x00004000u

/* Sections at MiB 0x100 + i, i = 0..15, PA MiB 0x800 + i, all global RW. */
static uint32_t sva(int i)
{
    return (0x100u + (uint32_t)i) << 20;
}

static void map_sections(void)
{
    for (int i = 0; i < 16; i++) {
        t_map_l1(L1, sva(i), d_section((0x800u + (uint32_t)i) << 20, 3, 0, 0, 0));
    }
}

/* Accesses section i (read) and returns the response. */
static vmc_mmu_resp acc(vmc_mmu_model *m, int i)
{
    vmc_mmu_resp r;
    t_access(m, sva(i), VMC_ACCESS_READ, 1, &r);
    return r;
}

/* A miss that must fill `way` and evict section `victim` (-1: no eviction). */
static void expect_fill(vmc_mmu_model *m, int i, uint32_t way, int victim)
{
    vmc_mmu_resp r = acc(m, i);
    CHECK_EQ(r.hit_level, VMC_HIT_WALK);
    CHECK_EQ(r.l1.filled, 1);
    CHECK_EQ(r.l1.way, way);
    if (victim < 0) {
        CHECK_EQ(r.l1.evicted, 0);
    } else {
        CHECK_EQ(r.l1.evicted, 1);
        CHECK_EQ(r.l1.evicted_va, sva(victim));
    }
}

static void expect_hit(vmc_mmu_model *m, int i, uint32_t way)
{
    vmc_mmu_resp r = acc(m, i);
    CHECK_EQ(r.hit_level, VMC_HIT_L1TLB);
    CHECK_EQ(r.l1.way, way);
}

/* Sections A..H = 0..7. */
enum { A, B, C, D, E, F, G, H, I };

static void test_plru_order(void)
{
    vmc_mmu_model *m = t_model("1x4:plru", "1x4:plru", "none", 0);
    map_sections();
    t_enable(m, L1, 0, 0, DACR_ALL_CLIENT, 0, 0);
    uint32_t st[4];
    /* Fills into invalid ways 0..3. Bits (node1,node2,node3): w0 -> (1,1,0), w1 -> (1,0,0),
     * w2 -> (0,0,1), w3 -> (0,0,0). */
    expect_fill(m, A, 0, -1);
    vmc_mmu_model_repl_state(m, VMC_TLB_DTLB, 0, st);
    CHECK_EQ(st[0], 1);
    CHECK_EQ(st[1], 1);
    CHECK_EQ(st[2], 0);
    expect_fill(m, B, 1, -1);
    expect_fill(m, C, 2, -1);
    expect_fill(m, D, 3, -1);
    vmc_mmu_model_repl_state(m, VMC_TLB_DTLB, 0, st);
    CHECK_EQ(st[0] | st[1] | st[2], 0);
    expect_hit(m, A, 0);             /* (1,1,0) */
    expect_fill(m, E, 2, C);         /* root 1 -> node 3, 0 -> way 2; then (0,1,1) */
    expect_fill(m, F, 1, B);         /* root 0 -> node 2, 1 -> way 1; then (1,0,1) */
    expect_fill(m, G, 3, D);         /* root 1 -> node 3, 1 -> way 3; then (0,0,0) */
    expect_fill(m, H, 0, A);         /* root 0 -> node 2, 0 -> way 0; then (1,1,0) */
    vmc_mmu_model_repl_state(m, VMC_TLB_DTLB, 0, st);
    CHECK_EQ(st[0], 1);
    CHECK_EQ(st[1], 1);
    CHECK_EQ(st[2], 0);
    vmc_mmu_model_destroy(m);

    /* 8 ways: filling ways 0..7 in order leaves every bit 0 (node4 last written by w1,
     * node5 by w3, node6 by w5, node7 by w7, node2 by w3, node3 by w7, node1 by w7, each
     * from the right). So the next victim is way 0; filling it sets node1, node2 and node4
     * to 1, and the following victim is node1=1 -> node3=0 -> node6=0 -> way 4. */
    m = t_model("1x8:plru", "1x8:plru", "none", 0);
    map_sections();
    t_enable(m, L1, 0, 0, DACR_ALL_CLIENT, 0, 0);
    for (int i = 0; i < 8; i++) {
        expect_fill(m, i, (uint32_t)i, -1);
    }
    expect_fill(m, 8, 0, 0);          /* fills way 0: node1=1,node2=1,node4=1 */
    expect_fill(m, 9, 4, 4);
    vmc_mmu_model_destroy(m);
}

/* 128 ways (wider than one 64-bit word of tree bits). Filling ways 0..127 in order leaves
 * every node 0 (each node was last written from its right subtree), so the victims are:
 * way 0; then (root 1 -> node 3 = 0 -> leftmost of the right half) way 64; then (root 0 ->
 * node 2 = 1 -> node 5 = 0 -> leftmost) way 32; then (root 1 -> node 3 = 1 -> node 7 = 0)
 * way 96. */
static void test_plru_wide(void)
{
    vmc_mmu_model *m = t_model("1x128:plru", "1x128:plru", "none", 0);
    for (uint32_t i = 0; i < 132; i++) {
        t_map_l1(L1, (0x200u + i) << 20, d_section((0x400u + i) << 20, 3, 0, 0, 0));
    }
    t_enable(m, L1, 0, 0, DACR_ALL_CLIENT, 0, 0);
    vmc_mmu_resp r;
    for (uint32_t i = 0; i < 128; i++) {
        t_access(m, (0x200u + i) << 20, VMC_ACCESS_READ, 1, &r);
        CHECK_EQ(r.l1.way, i);
        CHECK_EQ(r.l1.evicted, 0);
    }
    static const uint32_t victims[4] = {0, 64, 32, 96};
    for (uint32_t k = 0; k < 4; k++) {
        t_access(m, (0x280u + k) << 20, VMC_ACCESS_READ, 1, &r);
        CHECK_EQ(r.l1.way, victims[k]);
        CHECK_EQ(r.l1.evicted_va, (0x200u + victims[k]) << 20);
    }
    uint32_t st[128];
    vmc_mmu_model_repl_state(m, VMC_TLB_DTLB, 0, st);
    /* way 96's path (leaf 224): nodes 1 and 3 from their right child -> 0, node 7 from its
     * left child -> 1; way 32's path (leaf 160): node 2 from the right -> 0, node 5 from the
     * left -> 1. state[i-1] is node i. */
    CHECK_EQ(st[0], 0);
    CHECK_EQ(st[2], 0);
    CHECK_EQ(st[6], 1);
    CHECK_EQ(st[1], 0);
    CHECK_EQ(st[4], 1);
    vmc_mmu_model_destroy(m);
}

/* Hits on the newest entry again (the model's repeat-hit shortcut) change no replacement
 * state, and a fill or invalidation ends the shortcut: lru and plru pick the same victims as
 * with one hit each, and an invalidated entry misses. */
static void test_repeat_hits(void)
{
    static const char *const geoms[] = {"1x4:lru", "1x4:plru"};
    for (int g = 0; g < 2; g++) {
        vmc_mmu_model *m = t_model(geoms[g], geoms[g], "none", 0);
        map_sections();
        t_enable(m, L1, 0, 0, DACR_ALL_CLIENT, 0, 0);
        expect_fill(m, A, 0, -1);
        expect_fill(m, B, 1, -1);
        expect_fill(m, C, 2, -1);
        expect_fill(m, D, 3, -1);
        expect_hit(m, B, 1);
        expect_hit(m, A, 0);
        expect_hit(m, A, 0);
        expect_hit(m, A, 0);
        expect_fill(m, E, 2, C);     /* C is the oldest (lru) and the tree points at it (plru) */
        expect_hit(m, E, 2);
        expect_hit(m, E, 2);
        vmc_mmu_model_reg_write(m, MMU_REG_TLBIMVAA, sva(E));
        expect_fill(m, E, 2, -1);    /* a miss into the way the invalidation freed */
        expect_hit(m, E, 2);
        vmc_mmu_model_destroy(m);
    }
}

static void test_lru_order(void)
{
    vmc_mmu_model *m = t_model("1x4:lru", "1x4:lru", "none", 0);
    map_sections();
    t_enable(m, L1, 0, 0, DACR_ALL_CLIENT, 0, 0);
    uint32_t st[4];
    vmc_mmu_model_repl_state(m, VMC_TLB_DTLB, 0, st);   /* reset: age[w] = w */
    CHECK_EQ(st[0], 0);
    CHECK_EQ(st[1], 1);
    CHECK_EQ(st[2], 2);
    CHECK_EQ(st[3], 3);
    expect_fill(m, A, 0, -1);        /* [0,1,2,3] */
    expect_fill(m, B, 1, -1);        /* [1,0,2,3] */
    expect_fill(m, C, 2, -1);        /* [2,1,0,3] */
    expect_fill(m, D, 3, -1);        /* [3,2,1,0] */
    expect_hit(m, A, 0);             /* [0,3,2,1] */
    expect_hit(m, C, 2);             /* [1,3,0,2] */
    expect_fill(m, E, 1, B);         /* [2,0,1,3] */
    expect_fill(m, F, 3, D);         /* [3,1,2,0] */
    expect_fill(m, G, 0, A);         /* [0,2,3,1] */
    expect_fill(m, H, 2, C);         /* [1,3,0,2] */
    vmc_mmu_model_repl_state(m, VMC_TLB_DTLB, 0, st);
    CHECK_EQ(st[0], 1);
    CHECK_EQ(st[1], 3);
    CHECK_EQ(st[2], 0);
    CHECK_EQ(st[3], 2);
    /* TLBIMVAA of H (way 2) leaves the ages; the next fill takes the invalid way 2 */
    vmc_mmu_model_reg_write(m, MMU_REG_TLBIMVAA, sva(H));
    vmc_mmu_model_repl_state(m, VMC_TLB_DTLB, 0, st);
    CHECK_EQ(st[1], 3);
    expect_fill(m, I, 2, -1);        /* [1,3,0,2] unchanged order: age[2] was 0 */
    expect_fill(m, A, 1, E);         /* age 3 was way 1 (E) */
    /* TLBIALL resets the ages to age[w] = w (checked below), then 12 ways (wider than the
     * packed form): fill ways 0..11 with sections 0..11 (way 11 newest, way 0 oldest), hit
     * way 0; the next misses evict ways 1, 2, 3 in that order. Ages then: way 3 is 0, way 2
     * is 1, way 1 is 2, way 0 is 3, way 11 is 4, ..., way 4 is 11 (the next victim). */
    vmc_mmu_model_reg_write(m, MMU_REG_TLBIALL, 0);
    vmc_mmu_model_repl_state(m, VMC_TLB_DTLB, 0, st);
    CHECK_EQ(st[0], 0);
    CHECK_EQ(st[1], 1);
    CHECK_EQ(st[2], 2);
    CHECK_EQ(st[3], 3);
    vmc_mmu_model_destroy(m);

    m = t_model("1x12:lru", "1x12:lru", "none", 0);
    map_sections();
    t_enable(m, L1, 0, 0, DACR_ALL_CLIENT, 0, 0);
    uint32_t st12[12];
    vmc_mmu_model_repl_state(m, VMC_TLB_DTLB, 0, st12);
    for (uint32_t w = 0; w < 12; w++) {
        CHECK_EQ(st12[w], w);
    }
    for (int i = 0; i < 12; i++) {
        expect_fill(m, i, (uint32_t)i, -1);
    }
    expect_hit(m, 0, 0);
    expect_fill(m, 12, 1, 1);
    expect_fill(m, 13, 2, 2);
    expect_fill(m, 14, 3, 3);
    vmc_mmu_model_repl_state(m, VMC_TLB_DTLB, 0, st12);
    CHECK_EQ(st12[3], 0);            /* newest */
    CHECK_EQ(st12[0], 3);            /* hit before the three fills */
    CHECK_EQ(st12[4], 11);           /* oldest: the next victim */
    vmc_mmu_model_destroy(m);
}

static void test_fifo_order(void)
{
    vmc_mmu_model *m = t_model("1x4:fifo", "1x4:fifo", "none", 0);
    map_sections();
    t_enable(m, L1, 0, 0, DACR_ALL_CLIENT, 0, 0);
    uint32_t st[4];
    expect_fill(m, A, 0, -1);
    expect_fill(m, B, 1, -1);
    expect_fill(m, C, 2, -1);
    expect_fill(m, D, 3, -1);
    expect_hit(m, D, 3);
    vmc_mmu_model_repl_state(m, VMC_TLB_DTLB, 0, st);
    CHECK_EQ(st[0], 0);              /* invalid-way fills and hits do not move it */
    expect_fill(m, E, 0, A);         /* pointer 0 -> 1 */
    vmc_mmu_model_reg_write(m, MMU_REG_TLBIMVAA, sva(C));
    expect_fill(m, F, 2, -1);        /* invalid way 2; pointer stays 1 */
    expect_fill(m, G, 1, B);         /* pointer 1 -> 2 */
    expect_fill(m, H, 2, F);         /* 2 -> 3 */
    expect_fill(m, I, 3, D);         /* 3 -> 0 */
    vmc_mmu_model_repl_state(m, VMC_TLB_DTLB, 0, st);
    CHECK_EQ(st[0], 0);
    vmc_mmu_model_destroy(m);
}

/* LFSR from 0xACE1, shift right, XOR 0xB400 when the bit out is 1; by hand:
 *   0xACE1 -> 0xE270 -> 0x7138 -> 0x389C -> 0x1C4E -> 0x0E27 -> 0xB313
 * mod 4: 1, 0, 0, 0, 2, 3, 3;  mod 3: 1, 2, 1, 2, 1, 2. */
static void test_random_order(void)
{
    vmc_mmu_model *m = t_model("1x4:random", "1x4:random", "none", 0);
    map_sections();
    t_enable(m, L1, 0, 0, DACR_ALL_CLIENT, 0, 0);
    uint32_t st[4];
    for (int i = 0; i < 4; i++) {
        expect_fill(m, i, (uint32_t)i, -1);
    }
    expect_hit(m, 2, 2);
    vmc_mmu_model_repl_state(m, VMC_TLB_DTLB, 0, st);
    CHECK_EQ(st[0], 0xACE1u);        /* fills into invalid ways and hits do not step */
    static const uint32_t exp4[7] = {1, 0, 0, 0, 2, 3, 3};
    for (int k = 0; k < 7; k++) {
        vmc_mmu_resp r = acc(m, 4 + k);
        CHECK_EQ(r.l1.way, exp4[k]);
        CHECK_EQ(r.l1.evicted, 1);
    }
    vmc_mmu_model_repl_state(m, VMC_TLB_DTLB, 0, st);
    CHECK_EQ(st[0], 0xED89u);        /* 0xB313 stepped: (0xB313 >> 1) ^ 0xB400 */
    vmc_mmu_model_destroy(m);

    m = t_model("1x3:random", "1x3:random", "none", 0);
    map_sections();
    t_enable(m, L1, 0, 0, DACR_ALL_CLIENT, 0, 0);
    for (int i = 0; i < 3; i++) {
        expect_fill(m, i, (uint32_t)i, -1);
    }
    static const uint32_t exp3[6] = {1, 2, 1, 2, 1, 2};
    for (int k = 0; k < 6; k++) {
        vmc_mmu_resp r = acc(m, 3 + k);
        CHECK_EQ(r.l1.way, exp3[k]);
    }
    vmc_mmu_model_destroy(m);
}

/* Set index VA[12+log2(sets)-1:12] for every page size, and copies of a section. */
static void test_set_index(void)
{
    vmc_mmu_model *m = t_model("4x2:lru", "4x2:lru", "none", 0);
    map_sections();
    t_enable(m, L1, 0, 0, DACR_ALL_CLIENT, 0, 0);
    vmc_mmu_resp r;
    t_access(m, sva(0) + 0x0000u, VMC_ACCESS_READ, 1, &r);
    CHECK_EQ(r.hit_level, VMC_HIT_WALK);
    CHECK_EQ(r.l1.set, 0);
    t_access(m, sva(0) + 0x1000u, VMC_ACCESS_READ, 1, &r);   /* set 1: another copy */
    CHECK_EQ(r.hit_level, VMC_HIT_WALK);
    CHECK_EQ(r.l1.set, 1);
    t_access(m, sva(0) + 0x7000u, VMC_ACCESS_READ, 1, &r);   /* set 3 */
    CHECK_EQ(r.hit_level, VMC_HIT_WALK);
    CHECK_EQ(r.l1.set, 3);
    t_access(m, sva(0) + 0x4ABCu, VMC_ACCESS_READ, 1, &r);   /* set 0: hit */
    CHECK_EQ(r.hit_level, VMC_HIT_L1TLB);
    CHECK_EQ(r.l1.set, 0);
    CHECK_EQ(r.pa, 0x80004ABCu);
    vmc_tlb_entry e;
    CHECK_EQ(vmc_mmu_model_tlb_entry(m, VMC_TLB_DTLB, 3, 0, &e), 0);
    CHECK_EQ(e.valid, 1);
    CHECK_EQ(e.va, sva(0));
    CHECK_EQ(e.pa, 0x80000000u);
    CHECK_EQ(e.size, VMSA_SIZE_SECTION);
    CHECK_EQ(vmc_mmu_model_tlb_entry(m, VMC_TLB_DTLB, 4, 0, &e), -1);
    CHECK_EQ(vmc_mmu_model_tlb_entry(m, VMC_TLB_L2, 0, 0, &e), -1);
    /* TLBIMVA anywhere in the section removes every copy */
    vmc_mmu_model_reg_write(m, MMU_REG_TLBIMVA, sva(0) + 0x55000u);
    for (uint32_t s = 0; s < 4; s++) {
        for (uint32_t w = 0; w < 2; w++) {
            vmc_mmu_model_tlb_entry(m, VMC_TLB_DTLB, s, w, &e);
            CHECK_EQ(e.valid, 0);
        }
    }
    vmc_mmu_model_destroy(m);
}

static void test_asid_global(void)
{
    vmc_mmu_model *m = t_model("1x8:lru", "1x8:lru", "none", 0);
    t_map_l1(L1, 0x00100000u, d_section(0x00A00000u, 3, 0, 0, 1));   /* nG */
    t_map_l1(L1, 0x00200000u, d_section(0x00B00000u, 3, 0, 0, 0));   /* global */
    t_enable(m, L1, 0, 0, DACR_ALL_CLIENT, 5, 0);
    vmc_mmu_resp r;
    t_access(m, 0x00100000u, VMC_ACCESS_READ, 1, &r);
    CHECK_EQ(r.l1.way, 0);
    t_access(m, 0x00200000u, VMC_ACCESS_READ, 1, &r);
    CHECK_EQ(r.l1.way, 1);
    vmc_tlb_entry e;
    vmc_mmu_model_tlb_entry(m, VMC_TLB_DTLB, 0, 0, &e);
    CHECK_EQ(e.ng, 1);
    CHECK_EQ(e.asid, 5);
    /* ASID 6 (PROCID bits above must not matter) */
    vmc_mmu_model_reg_write(m, MMU_REG_CONTEXTIDR, 0x12345606u);
    t_access(m, 0x00100000u, VMC_ACCESS_READ, 1, &r);
    CHECK_EQ(r.hit_level, VMC_HIT_WALK);
    CHECK_EQ(r.l1.way, 2);
    t_access(m, 0x00200000u, VMC_ACCESS_READ, 1, &r);
    CHECK_EQ(r.hit_level, VMC_HIT_L1TLB);
    CHECK_EQ(r.l1.way, 1);
    vmc_mmu_model_tlb_entry(m, VMC_TLB_DTLB, 0, 2, &e);
    CHECK_EQ(e.asid, 6);
    vmc_mmu_model_reg_write(m, MMU_REG_CONTEXTIDR, 5);
    t_access(m, 0x00100000u, VMC_ACCESS_READ, 1, &r);
    CHECK_EQ(r.hit_level, VMC_HIT_L1TLB);
    CHECK_EQ(r.l1.way, 0);
    vmc_mmu_model_destroy(m);
}

static void test_l2tlb(void)
{
    vmc_mmu_model *m = t_model("1x2:fifo", "1x2:fifo", "4x2:lru", 0);
    map_sections();
    t_enable(m, L1, 0, 0, DACR_ALL_CLIENT, 0, 0);
    vmc_mmu_resp r;
    /* read A: walk, fills L2 (set of VA: 0) and DTLB */
    t_access(m, sva(A) + 0x3000u, VMC_ACCESS_READ, 1, &r);
    CHECK_EQ(r.hit_level, VMC_HIT_WALK);
    CHECK_EQ(r.l1.looked_up, 1);
    CHECK_EQ(r.l2.looked_up, 1);
    CHECK_EQ(r.l2.filled, 1);
    CHECK_EQ(r.l2.set, 3);
    CHECK_EQ(r.l1.filled, 1);
    /* fetch A (same 4 KiB): ITLB miss, L2 hit, fills the ITLB */
    t_access(m, sva(A) + 0x3004u, VMC_ACCESS_FETCH, 1, &r);
    CHECK_EQ(r.hit_level, VMC_HIT_L2TLB);
    CHECK_EQ(r.l2.hit, 1);
    CHECK_EQ(r.l2.set, 3);
    CHECK_EQ(r.l2.way, 0);
    CHECK_EQ(r.l1.filled, 1);
    CHECK_EQ(r.pa, 0x80003004u);
    /* same section, another 4 KiB: the fully associative DTLB hits */
    t_access(m, sva(A) + 0x1000u, VMC_ACCESS_WRITE, 1, &r);
    CHECK_EQ(r.hit_level, VMC_HIT_L1TLB);
    /* evict A from the 2-entry DTLB with B and C, then A comes back from the L2TLB */
    t_access(m, sva(B), VMC_ACCESS_READ, 1, &r);
    t_access(m, sva(C), VMC_ACCESS_READ, 1, &r);
    CHECK_EQ(r.l1.evicted, 1);
    CHECK_EQ(r.l1.evicted_va, sva(A));
    t_access(m, sva(A) + 0x3008u, VMC_ACCESS_READ, 1, &r);
    CHECK_EQ(r.hit_level, VMC_HIT_L2TLB);
    vmc_mmu_counters c;
    vmc_mmu_model_counters(m, &c);
    CHECK_EQ(c.requests, 6);
    CHECK_EQ(c.dtlb_lookups, 5);
    CHECK_EQ(c.dtlb_hits, 1);
    CHECK_EQ(c.itlb_lookups, 1);
    CHECK_EQ(c.itlb_hits, 0);
    CHECK_EQ(c.l2tlb_lookups, 5);
    CHECK_EQ(c.l2tlb_hits, 2);
    CHECK_EQ(c.walks, 3);
    vmc_mmu_model_destroy(m);
}

/* A successful walk whose permission check fails is cached (contract section 3). */
static void test_perm_fault_cached(void)
{
    vmc_mmu_model *m = t_model("1x4:lru", "1x4:lru", "none", 0);
    t_map_l1(L1, 0x00100000u, d_section(0x00A00000u, 5, 0, 0, 0));   /* priv RO */
    t_enable(m, L1, 0, 0, DACR_ALL_CLIENT, 0, 0);
    vmc_mmu_resp r;
    CHECK_EQ(t_access(m, 0x00100000u, VMC_ACCESS_READ, 0, &r), VMC_FAULT_PERMISSION);
    CHECK_EQ(r.hit_level, VMC_HIT_WALK);
    CHECK_EQ(r.l1.filled, 1);
    CHECK_EQ(t_access(m, 0x00100000u, VMC_ACCESS_READ, 0, &r), VMC_FAULT_PERMISSION);
    CHECK_EQ(r.hit_level, VMC_HIT_L1TLB);
    CHECK_EQ(t_access(m, 0x00100000u, VMC_ACCESS_READ, 1, &r), VMC_FAULT_NONE);
    CHECK_EQ(r.hit_level, VMC_HIT_L1TLB);
    vmc_mmu_counters c;
    vmc_mmu_model_counters(m, &c);
    CHECK_EQ(c.dtlb_hits, 2);
    CHECK_EQ(c.fault_perm, 2);
    vmc_mmu_model_destroy(m);
}

/* Two matching ways (tables changed without maintenance): the lowest way answers. */
static void test_duplicate_lowest_way(void)
{
    vmc_mmu_model *m = t_model("1x4:lru", "1x4:lru", "none", 0);
    const uint32_t L2T = 0x00010000u;
    t_map_l1(L1, 0x00300000u, d_pagetable(L2T, 0));
    t_map_l2(L2T, 0x00305000u, d_small(0x00AAA000u, 3, 0, 1));   /* nG */
    t_enable(m, L1, 0, 0, DACR_ALL_CLIENT, 1, 0);
    vmc_mmu_resp r;
    t_access(m, 0x00305000u, VMC_ACCESS_READ, 1, &r);
    CHECK_EQ(r.l1.way, 0);
    /* remap the MiB as a global section, no maintenance; ASID 2 misses and fills way 1 */
    t_map_l1(L1, 0x00300000u, d_section(0x00B00000u, 3, 0, 0, 0));
    vmc_mmu_model_reg_write(m, MMU_REG_CONTEXTIDR, 2);
    t_access(m, 0x00305000u, VMC_ACCESS_READ, 1, &r);
    CHECK_EQ(r.hit_level, VMC_HIT_WALK);
    CHECK_EQ(r.l1.way, 1);
    CHECK_EQ(r.pa, 0x00B05000u);
    /* back to ASID 1: ways 0 and 1 both match; way 0 answers and becomes most recent */
    vmc_mmu_model_reg_write(m, MMU_REG_CONTEXTIDR, 1);
    t_access(m, 0x00305004u, VMC_ACCESS_READ, 1, &r);
    CHECK_EQ(r.hit_level, VMC_HIT_L1TLB);
    CHECK_EQ(r.l1.way, 0);
    CHECK_EQ(r.pa, 0x00AAA004u);
    uint32_t st[4];
    vmc_mmu_model_repl_state(m, VMC_TLB_DTLB, 0, st);
    CHECK_EQ(st[0], 0);
    CHECK_EQ(st[1], 1);
    vmc_mmu_model_destroy(m);
}

/* A 64 KiB large page in a 4-set TLB: one copy per set it is used in; TLBIMVAA of any address
 * of the page removes every copy, in the L2TLB too. */
static void test_large_copies(void)
{
    vmc_mmu_model *m = t_model("4x2:lru", "4x2:fifo", "2x2:lru", 0);
    const uint32_t L2T = 0x00010000u;
    t_map_l1(L1, 0x00400000u, d_pagetable(L2T, 0));
    for (uint32_t i = 0; i < 16; i++) {
        t_map_l2(L2T, 0x00410000u + (i << 12), d_large(0x05430000u, 3, 0, 0));
    }
    t_enable(m, L1, 0, 0, DACR_ALL_CLIENT, 0, 0);
    vmc_mmu_resp r;
    static const struct {
        uint32_t off, set;
        vmc_hit_level level;
    } seq[] = {
        {0x0000u, 0, VMC_HIT_WALK},   /* DTLB set 0, L2TLB set 0 */
        {0x1000u, 1, VMC_HIT_WALK},   /* DTLB set 1, L2TLB set 1 */
        {0x3000u, 3, VMC_HIT_L2TLB},  /* DTLB set 3 misses; L2TLB set 1 has the copy */
        {0x4000u, 0, VMC_HIT_L1TLB},  /* DTLB set 0 copy */
        {0x6000u, 2, VMC_HIT_L2TLB},  /* DTLB set 2 misses; L2TLB set 0 */
    };
    for (size_t i = 0; i < sizeof seq / sizeof seq[0]; i++) {
        t_access(m, 0x00410000u + seq[i].off + 0x24u, VMC_ACCESS_READ, 1, &r);
        CHECK_EQ(r.hit_level, seq[i].level);
        CHECK_EQ(r.l1.set, seq[i].set);
        CHECK_EQ(r.pa, 0x05430024u + seq[i].off);
        CHECK_EQ(r.size, VMSA_SIZE_LARGE);
    }
    vmc_tlb_entry e;
    int copies = 0;
    for (uint32_t s = 0; s < 4; s++) {
        vmc_mmu_model_tlb_entry(m, VMC_TLB_DTLB, s, 0, &e);
        copies += e.valid && e.va == 0x00410000u && e.size == VMSA_SIZE_LARGE;
    }
    CHECK_EQ(copies, 4);
    vmc_mmu_model_reg_write(m, MMU_REG_TLBIMVAA, 0x0041F000u);
    for (uint32_t s = 0; s < 4; s++) {
        for (uint32_t w = 0; w < 2; w++) {
            vmc_mmu_model_tlb_entry(m, VMC_TLB_DTLB, s, w, &e);
            CHECK_EQ(e.valid, 0);
        }
    }
    for (uint32_t s = 0; s < 2; s++) {
        for (uint32_t w = 0; w < 2; w++) {
            vmc_mmu_model_tlb_entry(m, VMC_TLB_L2, s, w, &e);
            CHECK_EQ(e.valid, 0);
        }
    }
    vmc_mmu_model_destroy(m);
}

int main(int argc, char **argv)
{
    static const test_case cases[] = {
        {"plru_order", test_plru_order},
        {"plru_wide", test_plru_wide},
        {"lru_order", test_lru_order},
        {"repeat_hits", test_repeat_hits},
        {"fifo_order", test_fifo_order},
        {"random_order", test_random_order},
        {"set_index", test_set_index},
        {"large_copies", test_large_copies},
        {"asid_global", test_asid_global},
        {"l2tlb", test_l2tlb},
        {"perm_fault_cached", test_perm_fault_cached},
        {"duplicate_lowest_way", test_duplicate_lowest_way},
    };
    return test_run(argc, argv, cases, sizeof cases / sizeof cases[0]);
}
