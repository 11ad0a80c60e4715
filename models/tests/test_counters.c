/*
 * models.counters.* and models.regs.*: counters on a hand-worked sequence (contract
 * section 7), counter reset, register read-back and the ID/CFG registers (section 6,
 * mmu_regs.h).
 */
#include "testutil.h"

#define L1 0x00004000u
#define L2T 0x00010000u

static void test_sequence(void)
{
    vmc_mmu_model *m = t_model("1x2:lru", "1x2:lru", "2x2:fifo", 2);
    t_map_l1(L1, 0x00100000u, d_section(0x00A00000u, 3, 0, 0, 0));    /* S1 */
    t_map_l1(L1, 0x00200000u, d_pagetable(L2T, 0));
    t_map_l2(L2T, 0x00200000u, d_small(0x00B00000u, 3, 0, 0));        /* P0 */
    t_map_l2(L2T, 0x00201000u, d_small(0x00B01000u, 5, 0, 0));        /* P1 priv RO */
    t_map_l1(L1, 0x00400000u, d_section(0x00C00000u, 3, 1, 0, 0));    /* S2, domain 1 */
    vmc_mmu_resp r;
    /* 0: M = 0 counts a request only */
    t_access(m, 0x1234u, VMC_ACCESS_READ, 1, &r);
    t_enable(m, L1, 0, 0, 0x00000001u, 0, 0);   /* domain 0 client, domain 1 no access */
    t_access(m, 0x00100000u, VMC_ACCESS_READ, 1, &r);  /* 1: DTLB miss, L2 miss, walk L1 */
    t_access(m, 0x00100004u, VMC_ACCESS_READ, 1, &r);  /* 2: DTLB hit */
    t_access(m, 0x00100008u, VMC_ACCESS_FETCH, 1, &r); /* 3: ITLB miss, L2 hit */
    CHECK_EQ(r.hit_level, VMC_HIT_L2TLB);
    t_access(m, 0x00200000u, VMC_ACCESS_WRITE, 1, &r); /* 4: walk L2, walk-cache fill */
    t_access(m, 0x00201000u, VMC_ACCESS_READ, 0, &r);  /* 5: walk L2, wc hit, perm fault */
    CHECK_EQ(r.fault, VMC_FAULT_PERMISSION);
    t_access(m, 0x00202000u, VMC_ACCESS_READ, 1, &r);  /* 6: walk L2, wc hit, trans fault */
    t_access(m, 0x00300000u, VMC_ACCESS_READ, 1, &r);  /* 7: walk L1, trans fault */
    t_access(m, 0x00400000u, VMC_ACCESS_READ, 1, &r);  /* 8: walk L1, domain fault */
    vmc_mmu_model_reg_write(m, MMU_REG_TLBIALL, 0);    /* 9 */
    vmc_mmu_model_reg_write(m, MMU_REG_TTBCR, 1u << 4);
    t_access(m, 0x00100000u, VMC_ACCESS_READ, 1, &r);  /* 10: misses, PD0 fault, no walk */

    static const struct {
        uint32_t off, value;
    } expect[] = {
        {0x084, 10}, /* REQUESTS */
        {0x088, 1},  /* ITLB_LOOKUPS */
        {0x08C, 0},  /* ITLB_HITS */
        {0x090, 8},  /* DTLB_LOOKUPS */
        {0x094, 1},  /* DTLB_HITS */
        {0x098, 8},  /* L2TLB_LOOKUPS */
        {0x09C, 1},  /* L2TLB_HITS */
        {0x0A0, 6},  /* WALKS */
        {0x0A4, 0},  /* WALK_CYCLES: not modelled */
        {0x0A8, 3},  /* WALKS_L1 */
        {0x0AC, 3},  /* WALKS_L2 */
        {0x0B0, 2},  /* WCACHE_HITS */
        {0x0B4, 3},  /* FAULT_TRANS */
        {0x0B8, 1},  /* FAULT_DOMAIN */
        {0x0BC, 1},  /* FAULT_PERM */
        {0x0C0, 0},  /* FAULT_AFLAG */
        {0x0C4, 1},  /* FLUSHES */
    };
    for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++) {
        const uint32_t got = vmc_mmu_model_reg_read(m, expect[i].off);
        if (got != expect[i].value) {
            fprintf(stderr, "counter at 0x%03x: %u, expected %u\n", (unsigned)expect[i].off,
                    (unsigned)got, (unsigned)expect[i].value);
            g_test_failures++;
        }
    }
    vmc_mmu_counters c;
    vmc_mmu_model_counters(m, &c);
    CHECK_EQ(c.l2tlb_lookups, 8);
    CHECK_EQ(c.walks_l2, 3);
    /* counters are read-only */
    vmc_mmu_model_reg_write(m, MMU_REG_CNT_WALKS, 1234);
    CHECK_EQ(vmc_mmu_model_reg_read(m, MMU_REG_CNT_WALKS), 6);
    /* CNT_CTRL: writing 0 does nothing, bit 0 zeroes everything */
    vmc_mmu_model_reg_write(m, MMU_REG_CNT_CTRL, 0);
    CHECK_EQ(vmc_mmu_model_reg_read(m, MMU_REG_CNT_REQUESTS), 10);
    vmc_mmu_model_reg_write(m, MMU_REG_CNT_CTRL, 1);
    for (uint32_t off = 0x084; off <= 0x0C4; off += 4) {
        CHECK_EQ(vmc_mmu_model_reg_read(m, off), 0);
    }
    CHECK_EQ(vmc_mmu_model_reg_read(m, MMU_REG_CNT_CTRL), 0);
    t_access(m, 0x00100000u, VMC_ACCESS_READ, 1, &r);
    CHECK_EQ(vmc_mmu_model_reg_read(m, MMU_REG_CNT_REQUESTS), 1);
    vmc_mmu_model_destroy(m);
}

/* Counters are 32 bits wide: count past 2^16 through the functional entry point. */
static void test_wide(void)
{
    vmc_mmu_model *m = t_model("1x2:lru", "1x2:lru", "none", 0);
    uint32_t pa;
    for (uint32_t i = 0; i < 70000u; i++) {
        vmc_mmu_model_translate_fast(m, i << 12, VMC_ACCESS_READ, 1, &pa);
    }
    CHECK_EQ(pa, (69999u << 12));
    CHECK_EQ(vmc_mmu_model_reg_read(m, MMU_REG_CNT_REQUESTS), 70000u);
    vmc_mmu_model_destroy(m);
}

static void test_readback(void)
{
    vmc_mmu_model *m = t_model("1x2:lru", "1x2:lru", "none", 0);
    static const uint32_t rw[] = {MMU_REG_SCTLR, MMU_REG_TTBR0, MMU_REG_TTBR1, MMU_REG_TTBCR,
                                  MMU_REG_DACR,  MMU_REG_CONTEXTIDR, MMU_REG_DFSR,
                                  MMU_REG_DFAR,  MMU_REG_IFSR, MMU_REG_IFAR};
    for (size_t i = 0; i < sizeof rw / sizeof rw[0]; i++) {
        vmc_mmu_model_reg_write(m, rw[i], 0xA5000000u | (uint32_t)(0x1111u * (i + 1)));
    }
    for (size_t i = 0; i < sizeof rw / sizeof rw[0]; i++) {
        CHECK_EQ(vmc_mmu_model_reg_read(m, rw[i]), 0xA5000000u | (uint32_t)(0x1111u * (i + 1)));
    }
    vmc_ctrl_regs cr;
    vmc_mmu_model_ctrl_regs(m, &cr);
    CHECK_EQ(cr.ttbr1, 0xA5003333u);
    CHECK_EQ(cr.contextidr, 0xA5006666u);
    /* commands read 0; unknown offsets read 0 and ignore writes; ID ignores writes */
    CHECK_EQ(vmc_mmu_model_reg_read(m, MMU_REG_TLBIALL), 0);
    CHECK_EQ(vmc_mmu_model_reg_read(m, MMU_REG_TLBIMVA), 0);
    CHECK_EQ(vmc_mmu_model_reg_read(m, MMU_REG_TLBIASID), 0);
    CHECK_EQ(vmc_mmu_model_reg_read(m, MMU_REG_TLBIMVAA), 0);
    vmc_mmu_model_reg_write(m, 0x01C, 0xFFFFFFFFu);
    CHECK_EQ(vmc_mmu_model_reg_read(m, 0x01C), 0);
    CHECK_EQ(vmc_mmu_model_reg_read(m, 0x100), 0);
    CHECK_EQ(vmc_mmu_model_reg_read(m, 0x0C8), 0);
    const uint32_t id = vmc_mmu_model_reg_read(m, MMU_REG_ID);
    vmc_mmu_model_reg_write(m, MMU_REG_ID, 0);
    CHECK_EQ(vmc_mmu_model_reg_read(m, MMU_REG_ID), id);
    /* reset clears the registers */
    vmc_mmu_model_reset(m);
    CHECK_EQ(vmc_mmu_model_reg_read(m, MMU_REG_TTBR0), 0);
    CHECK_EQ(vmc_mmu_model_reg_read(m, MMU_REG_DFAR), 0);
    vmc_mmu_model_destroy(m);
}

/* ID and CFG values worked out from the field layout in mmu_regs.h. */
static void test_id_cfg(void)
{
    vmc_mmu_model *m = t_model("1x2:lru", "1x2:lru", "2x2:fifo", 2);
    CHECK_EQ(vmc_mmu_model_reg_read(m, MMU_REG_ID), 0x02000003u);
    /* ways 2, log2 sets 0, lru, max = the configuration itself (2) */
    CHECK_EQ(vmc_mmu_model_reg_read(m, MMU_REG_CFG_ITLB), 0x00080002u);
    /* ways 2 | log2 sets 1 << 11 | fifo 2 << 16 | max 4 << 18 */
    CHECK_EQ(vmc_mmu_model_reg_read(m, MMU_REG_CFG_L2TLB), 0x00120802u);
    CHECK_EQ(vmc_mmu_model_reg_read(m, MMU_REG_CFG_WCACHE), 0x00020002u);
    vmc_mmu_limits lim = {64, 64, 1024, 16};
    vmc_mmu_model_set_limits(m, &lim);
    CHECK_EQ(vmc_mmu_model_reg_read(m, MMU_REG_CFG_ITLB), 0x01000002u);
    CHECK_EQ(vmc_mmu_model_reg_read(m, MMU_REG_CFG_L2TLB), 0x10020802u);
    CHECK_EQ(vmc_mmu_model_reg_read(m, MMU_REG_CFG_WCACHE), 0x00100002u);
    /* maxima beyond the fields saturate: 16383 << 18 and 65535 << 16 */
    vmc_mmu_limits big = {20000, 64, 1024, 70000};
    vmc_mmu_model_set_limits(m, &big);
    CHECK_EQ(vmc_mmu_model_reg_read(m, MMU_REG_CFG_ITLB), 0xFFFC0002u);
    CHECK_EQ(vmc_mmu_model_reg_read(m, MMU_REG_CFG_WCACHE), 0xFFFF0002u);
    vmc_mmu_model_destroy(m);

    m = t_model("1x32:plru", "64x4:random", "none", 0);
    CHECK_EQ(vmc_mmu_model_reg_read(m, MMU_REG_ID), 0x02000000u);
    CHECK_EQ(vmc_mmu_model_reg_read(m, MMU_REG_CFG_L2TLB), 0);
    CHECK_EQ(vmc_mmu_model_reg_read(m, MMU_REG_CFG_WCACHE), 0);
    /* ways 32 | plru 1 << 16 | max 32 << 18 */
    CHECK_EQ(vmc_mmu_model_reg_read(m, MMU_REG_CFG_ITLB), 0x00810020u);
    /* ways 4 | log2 sets 6 << 11 | random 3 << 16 | max 256 << 18 */
    CHECK_EQ(vmc_mmu_model_reg_read(m, MMU_REG_CFG_DTLB), 0x04033004u);
    vmc_mmu_model_destroy(m);
}

int main(int argc, char **argv)
{
    static const test_case cases[] = {
        {"sequence", test_sequence},
        {"wide", test_wide},
        {"readback", test_readback},
        {"id_cfg", test_id_cfg},
    };
    return test_run(argc, argv, cases, sizeof cases / sizeof cases[0]);
}
