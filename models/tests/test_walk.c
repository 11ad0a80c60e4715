/*
 * models.walk.*: directed cases for the walker and the checks (contract section 2): every
 * descriptor type, TTBCR.N split and PDx, AP tables, XN, domains, access flag, fault
 * priority and fault registers. Expected values are worked out by hand from DDI 0406C.
 */
#include <string.h>

#include "testutil.h"

#define L1 0x00004000u   /* TTBR0 table, 16 KiB aligned */
#define L2A 0x00010400u  /* an L2 table, 1 KiB aligned */

static void test_section(void)
{
    vmc_mmu_model *m = t_model("1x8:lru", "1x8:lru", "none", 0);
    /* VA 0x12345678: L1 index 0x123, descriptor at 0x4000 + 0x48C */
    uint32_t d = d_section_attr(0x7A900000u, 3, 3, 0, 0, 5, 1, 0, 1);
    t_map_l1(L1, 0x12345678u, d);
    t_enable(m, L1, 0, 0, DACR_ALL_CLIENT, 0, 0);
    vmc_mmu_resp r;
    CHECK_EQ(t_access(m, 0x12345678u, VMC_ACCESS_READ, 1, &r), VMC_FAULT_NONE);
    CHECK_EQ(r.pa, 0x7A945678u);
    CHECK_EQ(r.size, VMSA_SIZE_SECTION);
    CHECK_EQ(r.hit_level, VMC_HIT_WALK);
    CHECK_EQ(r.walk.levels, 1);
    CHECK_EQ(r.walk.mem_reads, 1);
    CHECK_EQ(r.walk.ttbr, 0);
    CHECK_EQ(r.walk.l1_addr, 0x0000448Cu);
    CHECK_EQ(r.walk.l1_desc, d);
    CHECK_EQ(r.attrs.tex, 5);
    CHECK_EQ(r.attrs.c, 1);
    CHECK_EQ(r.attrs.b, 0);
    CHECK_EQ(r.attrs.s, 1);
    CHECK_EQ(r.attrs.ng, 0);
    CHECK_EQ(r.attrs.xn, 0);
    CHECK_EQ(r.attrs.ap, 3);
    CHECK_EQ(r.attrs.domain, 3);
    CHECK_EQ(g_tmem_reads, 1);
    /* Same MiB, other offset: a hit, no memory read */
    CHECK_EQ(t_access(m, 0x123FFFFCu, VMC_ACCESS_WRITE, 0, &r), VMC_FAULT_NONE);
    CHECK_EQ(r.pa, 0x7A9FFFFCu);
    CHECK_EQ(r.hit_level, VMC_HIT_L1TLB);
    CHECK_EQ(g_tmem_reads, 1);
    vmc_mmu_model_destroy(m);
}

static void test_supersection(void)
{
    vmc_mmu_model *m = t_model("1x8:lru", "1x8:lru", "none", 0);
    /* Bits [8:5] of a supersection are extended base address bits, not a domain: set them
     * to 0xA and let only domain 0 be a client. The domain must be 0. */
    uint32_t d = d_supersection(0x9A000000u, 3, 0, 1) | (0xAu << 5);
    t_map_l1(L1, 0x45678ABCu, d);
    t_enable(m, L1, 0, 0, 0x00000001u, 0, 0);
    vmc_mmu_resp r;
    CHECK_EQ(t_access(m, 0x45678ABCu, VMC_ACCESS_READ, 0, &r), VMC_FAULT_NONE);
    CHECK_EQ(r.pa, 0x9A678ABCu);
    CHECK_EQ(r.size, VMSA_SIZE_SUPERSECTION);
    CHECK_EQ(r.attrs.domain, 0);
    CHECK_EQ(r.attrs.ng, 1);
    CHECK_EQ(r.walk.l1_addr, L1 + 0x456u * 4u);
    /* Another MiB of the same supersection, same set (1 set): a hit */
    CHECK_EQ(t_access(m, 0x45F00004u, VMC_ACCESS_READ, 0, &r), VMC_FAULT_NONE);
    CHECK_EQ(r.hit_level, VMC_HIT_L1TLB);
    CHECK_EQ(r.pa, 0x9AF00004u);
    vmc_mmu_model_destroy(m);
}

static void test_small(void)
{
    vmc_mmu_model *m = t_model("1x8:lru", "1x8:lru", "none", 0);
    t_map_l1(L1, 0x00403ABCu, d_pagetable(L2A, 5));
    uint32_t d2 = d_small_attr(0x0ABCD000u, 2, 1, 1, 3, 1, 1, 0);
    t_map_l2(L2A, 0x00403ABCu, d2);
    t_enable(m, L1, 0, 0, DACR_ALL_CLIENT, 0x42, 0);
    vmc_mmu_resp r;
    CHECK_EQ(t_access(m, 0x00403ABCu, VMC_ACCESS_READ, 1, &r), VMC_FAULT_NONE);
    CHECK_EQ(r.pa, 0x0ABCDABCu);
    CHECK_EQ(r.size, VMSA_SIZE_SMALL);
    CHECK_EQ(r.walk.levels, 2);
    CHECK_EQ(r.walk.mem_reads, 2);
    CHECK_EQ(r.walk.l1_addr, 0x00004010u);
    CHECK_EQ(r.walk.l2_addr, 0x0001040Cu);
    CHECK_EQ(r.walk.l2_desc, d2);
    CHECK_EQ(r.attrs.tex, 3);
    CHECK_EQ(r.attrs.c, 1);
    CHECK_EQ(r.attrs.b, 1);
    CHECK_EQ(r.attrs.s, 0);
    CHECK_EQ(r.attrs.ng, 1);
    CHECK_EQ(r.attrs.xn, 1);
    CHECK_EQ(r.attrs.ap, 2);
    CHECK_EQ(r.attrs.domain, 5);
    /* the neighbouring 4 KiB page has no descriptor: page translation fault */
    CHECK_EQ(t_access(m, 0x00404000u, VMC_ACCESS_READ, 1, &r), VMC_FAULT_TRANSLATION);
    CHECK_EQ(r.fs, VMSA_FS_TRANSLATION_PAGE);
    vmc_mmu_model_destroy(m);
}

static void test_large(void)
{
    vmc_mmu_model *m = t_model("1x8:lru", "1x8:lru", "none", 0);
    t_map_l1(L1, 0x00435678u, d_pagetable(L2A, 1));
    /* Large page: the descriptor is repeated in 16 entries; writing only entry 0x35 shows
     * the walker reads the entry indexed by VA[19:12]. */
    uint32_t d2 = d_large(0x12340000u, 3, 1, 0) | (6u << 12);
    t_map_l2(L2A, 0x00435678u, d2);
    t_enable(m, L1, 0, 0, DACR_ALL_CLIENT, 0, 0);
    vmc_mmu_resp r;
    CHECK_EQ(t_access(m, 0x00435678u, VMC_ACCESS_WRITE, 0, &r), VMC_FAULT_NONE);
    CHECK_EQ(r.pa, 0x12345678u);
    CHECK_EQ(r.size, VMSA_SIZE_LARGE);
    CHECK_EQ(r.attrs.xn, 1);
    CHECK_EQ(r.attrs.tex, 6);
    CHECK_EQ(r.walk.l2_addr, L2A + 0x35u * 4u);
    /* Another 4 KiB of the same large page: a hit in the fully associative DTLB */
    CHECK_EQ(t_access(m, 0x0043F000u, VMC_ACCESS_READ, 0, &r), VMC_FAULT_NONE);
    CHECK_EQ(r.hit_level, VMC_HIT_L1TLB);
    CHECK_EQ(r.pa, 0x1234F000u);
    /* XN on a large page: a fetch is a page permission fault, IFSR = 0x00F */
    CHECK_EQ(t_access(m, 0x00435678u, VMC_ACCESS_FETCH, 1, &r), VMC_FAULT_PERMISSION);
    CHECK_EQ(r.fs, VMSA_FS_PERMISSION_PAGE);
    CHECK_EQ(vmc_mmu_model_reg_read(m, MMU_REG_IFSR), 0x00Fu);
    vmc_mmu_model_destroy(m);
}

static void test_l1_fault(void)
{
    vmc_mmu_model *m = t_model("1x8:lru", "1x8:lru", "none", 0);
    t_map_l1(L1, 0x30000000u, 0xFFFFFFFFu);    /* type 11: reserved, faults */
    t_enable(m, L1, 0, 0, 0, 0, 0);             /* DACR all no-access: still translation */
    vmc_mmu_resp r;
    CHECK_EQ(t_access(m, 0x20000010u, VMC_ACCESS_READ, 1, &r), VMC_FAULT_TRANSLATION);
    CHECK_EQ(r.fs, 0x05);
    CHECK_EQ(r.fsr, 0x005u);
    CHECK_EQ(r.walk.levels, 1);
    CHECK_EQ(vmc_mmu_model_reg_read(m, MMU_REG_DFSR), 0x005u);
    CHECK_EQ(vmc_mmu_model_reg_read(m, MMU_REG_DFAR), 0x20000010u);
    CHECK_EQ(t_access(m, 0x30000020u, VMC_ACCESS_WRITE, 0, &r), VMC_FAULT_TRANSLATION);
    CHECK_EQ(r.fsr, 0x805u);    /* WnR */
    CHECK_EQ(vmc_mmu_model_reg_read(m, MMU_REG_DFAR), 0x30000020u);
    CHECK_EQ(t_access(m, 0x30000040u, VMC_ACCESS_FETCH, 0, &r), VMC_FAULT_TRANSLATION);
    CHECK_EQ(vmc_mmu_model_reg_read(m, MMU_REG_IFSR), 0x005u);
    CHECK_EQ(vmc_mmu_model_reg_read(m, MMU_REG_IFAR), 0x30000040u);
    CHECK_EQ(vmc_mmu_model_reg_read(m, MMU_REG_DFSR), 0x805u);  /* untouched by the fetch */
    /* never cached: the same access walks again */
    CHECK_EQ(t_access(m, 0x30000020u, VMC_ACCESS_WRITE, 0, &r), VMC_FAULT_TRANSLATION);
    CHECK_EQ(r.hit_level, VMC_HIT_WALK);
    vmc_mmu_model_destroy(m);
}

static void test_l2_fault(void)
{
    vmc_mmu_model *m = t_model("1x8:lru", "1x8:lru", "none", 0);
    t_map_l1(L1, 0x00500000u, d_pagetable(L2A, 7));
    t_enable(m, L1, 0, 0, 0, 0, 0);   /* domain 7 no access: the translation fault wins */
    vmc_mmu_resp r;
    CHECK_EQ(t_access(m, 0x00512345u, VMC_ACCESS_READ, 1, &r), VMC_FAULT_TRANSLATION);
    CHECK_EQ(r.fs, 0x07);
    CHECK_EQ(r.fsr, 0x077u);    /* FS 0111, domain 7 */
    CHECK_EQ(r.walk.levels, 2);
    CHECK_EQ(r.walk.l2_addr, L2A + 0x12u * 4u);
    CHECK_EQ(t_access(m, 0x00512345u, VMC_ACCESS_WRITE, 1, &r), VMC_FAULT_TRANSLATION);
    CHECK_EQ(r.fsr, 0x877u);
    CHECK_EQ(t_access(m, 0x00512345u, VMC_ACCESS_FETCH, 1, &r), VMC_FAULT_TRANSLATION);
    CHECK_EQ(r.fsr, 0x007u);    /* IFSR: no domain, no WnR */
    vmc_mmu_model_destroy(m);
}

/* TTBCR.N = 0..7 (B3.5.4). T0/T1 are the TTBR0/TTBR1 tables; the low TTBR bits 0x5B are
 * attribute bits that the base must ignore. Expected descriptor addresses by hand. */
static void test_ttbcr_split(void)
{
    const uint32_t T0 = 0x00100000u, T1 = 0x00200000u;
    static const struct {
        uint32_t n;
        uint32_t va_lo, addr_lo;     /* last MiB of the TTBR0 half */
        uint32_t va_hi, addr_hi;     /* first MiB of the TTBR1 half (n > 0) */
    } rows[] = {
        {0, 0xFFF00000u, 0x00103FFCu, 0, 0},
        {1, 0x7FF00000u, 0x00101FFCu, 0x80000000u, 0x00202000u},
        {2, 0x3FF00000u, 0x00100FFCu, 0x40000000u, 0x00201000u},
        {3, 0x1FF00000u, 0x001007FCu, 0x20000000u, 0x00200800u},
        {4, 0x0FF00000u, 0x001003FCu, 0x10000000u, 0x00200400u},
        {5, 0x07F00000u, 0x001001FCu, 0x08000000u, 0x00200200u},
        {6, 0x03F00000u, 0x001000FCu, 0x04000000u, 0x00200100u},
        {7, 0x01F00000u, 0x0010007Cu, 0x02000000u, 0x00200080u},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        tmem_clear();
        vmc_ctrl_regs regs = {0};
        regs.sctlr = 1;
        regs.ttbr0 = T0 | 0x5Bu;
        regs.ttbr1 = T1 | 0x5Bu;
        regs.ttbcr = rows[i].n;
        regs.dacr = DACR_ALL_CLIENT;
        tmem_w32(rows[i].addr_lo, d_section(0x0A000000u, 3, 0, 0, 0));
        vmc_walk_result w;
        vmc_walk(&regs, rows[i].va_lo + 0x1234u, tmem_r32, NULL, &w);
        CHECK_EQ(w.fault, VMC_FAULT_NONE);
        CHECK_EQ(w.info.ttbr, 0);
        CHECK_EQ(w.info.l1_addr, rows[i].addr_lo);
        CHECK_EQ(w.pa, 0x0A001234u);
        if (rows[i].n > 0) {
            tmem_w32(rows[i].addr_hi, d_section(0x0B000000u, 3, 0, 0, 0));
            tmem_w32(0x00203FFCu, d_section(0x0C000000u, 3, 0, 0, 0));
            vmc_walk(&regs, rows[i].va_hi + 0x10u, tmem_r32, NULL, &w);
            CHECK_EQ(w.info.ttbr, 1);
            CHECK_EQ(w.info.l1_addr, rows[i].addr_hi);
            CHECK_EQ(w.pa, 0x0B000010u);
            vmc_walk(&regs, 0xFFF00020u, tmem_r32, NULL, &w);
            CHECK_EQ(w.info.ttbr, 1);
            CHECK_EQ(w.info.l1_addr, 0x00203FFCu);
            CHECK_EQ(w.pa, 0x0C000020u);
        }
    }
    /* LiteOS-A profile: N = 2 with a 4 KiB TTBR0 table at a 4 KiB (not 16 KiB) boundary. */
    tmem_clear();
    vmc_mmu_model *m = t_model("1x8:lru", "1x8:lru", "none", 0);
    tmem_w32(0x00305FFCu, d_section(0x0D000000u, 3, 0, 0, 0));
    t_enable(m, 0x00305000u, T1, 2, DACR_ALL_CLIENT, 0, 0);
    vmc_mmu_resp r;
    CHECK_EQ(t_access(m, 0x3FF00040u, VMC_ACCESS_READ, 0, &r), VMC_FAULT_NONE);
    CHECK_EQ(r.walk.l1_addr, 0x00305FFCu);
    CHECK_EQ(r.pa, 0x0D000040u);
    vmc_mmu_model_destroy(m);
}

static void test_pd0_pd1(void)
{
    const uint32_t T0 = 0x00100000u, T1 = 0x00200000u;
    vmc_mmu_model *m = t_model("1x8:lru", "1x8:lru", "none", 0);
    tmem_w32(T0 + 0x001u * 4u, d_section(0x0A000000u, 3, 0, 0, 0));   /* VA 0x00100000 */
    tmem_w32(T1 + 0xC00u * 4u, d_section(0x0B000000u, 3, 0, 0, 0));   /* VA 0xC0000000 */
    tmem_w32(T0 + 0xC00u * 4u, d_section(0x0E000000u, 3, 0, 0, 0));   /* for N = 0 */
    t_enable(m, T0, T1, 2u | (1u << 4), DACR_ALL_CLIENT, 0, 0);       /* N=2, PD0 */
    vmc_mmu_resp r;
    unsigned long reads = g_tmem_reads;
    CHECK_EQ(t_access(m, 0x00100000u, VMC_ACCESS_WRITE, 1, &r), VMC_FAULT_TRANSLATION);
    CHECK_EQ(r.fs, 0x05);
    CHECK_EQ(r.fsr, 0x805u);       /* domain 0 */
    CHECK_EQ(r.hit_level, VMC_HIT_WALK);
    CHECK_EQ(r.walk.levels, 0);
    CHECK_EQ(g_tmem_reads, reads);  /* no memory access */
    vmc_mmu_counters c;
    vmc_mmu_model_counters(m, &c);
    CHECK_EQ(c.walks, 0);
    CHECK_EQ(c.dtlb_lookups, 1);
    CHECK_EQ(c.fault_trans, 1);
    CHECK_EQ(t_access(m, 0xC0000000u, VMC_ACCESS_READ, 1, &r), VMC_FAULT_NONE);
    CHECK_EQ(r.pa, 0x0B000000u);
    /* PD1 instead: the TTBR1 half faults, the TTBR0 half walks */
    vmc_mmu_model_reg_write(m, MMU_REG_TTBCR, 2u | (1u << 5));
    CHECK_EQ(t_access(m, 0x00100000u, VMC_ACCESS_READ, 1, &r), VMC_FAULT_NONE);
    CHECK_EQ(r.pa, 0x0A000000u);
    CHECK_EQ(t_access(m, 0xC0100000u, VMC_ACCESS_READ, 1, &r), VMC_FAULT_TRANSLATION);
    CHECK_EQ(r.walk.levels, 0);
    /* a TLB hit does not look at PDx: 0xC0000000 was cached before */
    CHECK_EQ(t_access(m, 0xC0000004u, VMC_ACCESS_READ, 1, &r), VMC_FAULT_NONE);
    CHECK_EQ(r.hit_level, VMC_HIT_L1TLB);
    /* N = 0: PD1 is irrelevant, everything walks TTBR0 */
    vmc_mmu_model_reg_write(m, MMU_REG_TTBCR, 1u << 5);
    CHECK_EQ(t_access(m, 0xC0000008u, VMC_ACCESS_FETCH, 1, &r), VMC_FAULT_NONE);
    CHECK_EQ(r.pa, 0x0E000008u);
    vmc_mmu_model_destroy(m);
}

/* Expected verdicts, typed from DDI 0406C B3.6.1 tables B3-8 (AFE=0) and B3-9 (AFE=1):
 * "rwx" for privileged then user; '-' means a permission fault. A fetch needs read. */
static const char *const ap_afe0[8][2] = {
    {"---", "---"}, /* 000 no access */
    {"rwx", "---"}, /* 001 privileged RW */
    {"rwx", "r-x"}, /* 010 privileged RW, user RO */
    {"rwx", "rwx"}, /* 011 full access */
    {"---", "---"}, /* 100 reserved */
    {"r-x", "---"}, /* 101 privileged RO */
    {"r-x", "r-x"}, /* 110 RO */
    {"r-x", "r-x"}, /* 111 RO */
};
static const char *const ap_afe1[4][2] = {
    {"rwx", "---"}, /* AP[2:1] 00 privileged RW */
    {"rwx", "rwx"}, /* 01 full */
    {"r-x", "---"}, /* 10 privileged RO */
    {"r-x", "r-x"}, /* 11 RO */
};

static void check_ap(vmc_mmu_model *m, uint32_t va, const char *const exp[2], uint32_t perm_fs)
{
    static const vmc_access_kind kinds[3] = {VMC_ACCESS_READ, VMC_ACCESS_WRITE,
                                             VMC_ACCESS_FETCH};
    for (int priv = 1; priv >= 0; priv--) {
        for (int k = 0; k < 3; k++) {
            vmc_mmu_resp r;
            const int allowed = exp[priv ? 0 : 1][k] != '-';
            vmc_fault_kind f = t_access(m, va, kinds[k], priv, &r);
            if (allowed) {
                CHECK_EQ(f, VMC_FAULT_NONE);
            } else {
                CHECK_EQ(f, VMC_FAULT_PERMISSION);
                CHECK_EQ(r.fs, perm_fs);
            }
            if ((f == VMC_FAULT_NONE) != allowed) {
                fprintf(stderr, "  va 0x%08x %s kind %d\n", (unsigned)va,
                        priv ? "priv" : "user", k);
            }
        }
    }
}

static void test_ap_table(void)
{
    vmc_mmu_model *m = t_model("1x16:lru", "1x16:lru", "none", 0);
    /* sections at MiB 0x100+ap, small pages in MiB 0x200 page ap */
    for (uint32_t ap = 0; ap < 8; ap++) {
        t_map_l1(L1, (0x100u + ap) << 20, d_section((0x300u + ap) << 20, ap, 2, 0, 0));
        t_map_l2(L2A, 0x20000000u + (ap << 12), d_small(0x01000000u + (ap << 12), ap, 0, 0));
    }
    t_map_l1(L1, 0x20000000u, d_pagetable(L2A, 2));
    t_enable(m, L1, 0, 0, DACR_ALL_CLIENT, 0, 0);
    for (uint32_t ap = 0; ap < 8; ap++) {
        check_ap(m, (0x100u + ap) << 20, ap_afe0[ap], 0x0D);
        check_ap(m, 0x20000000u + (ap << 12), ap_afe0[ap], 0x0F);
    }
    /* AFE = 1: AP[0] is the access flag; with it set, AP[2:1] decide. */
    vmc_mmu_model_reg_write(m, MMU_REG_SCTLR, 1u | (1u << 29));
    for (uint32_t ap21 = 0; ap21 < 4; ap21++) {
        const uint32_t ap = (ap21 << 1) | 1u;
        check_ap(m, (0x100u + ap) << 20, ap_afe1[ap21], 0x0D);
        check_ap(m, 0x20000000u + (ap << 12), ap_afe1[ap21], 0x0F);
    }
    /* the pure check agrees on one case: user write to AP=010 under AFE=0 */
    vmc_ctrl_regs regs = {1, L1, 0, 0, DACR_ALL_CLIENT, 0};
    vmc_attrs a = {0};
    a.ap = 2;
    CHECK_EQ(vmc_access_check(&regs, &a, VMC_ACCESS_WRITE, 0), VMC_FAULT_PERMISSION);
    CHECK_EQ(vmc_access_check(&regs, &a, VMC_ACCESS_READ, 0), VMC_FAULT_NONE);
    vmc_mmu_model_destroy(m);
}

static void test_xn(void)
{
    vmc_mmu_model *m = t_model("1x8:lru", "1x8:lru", "none", 0);
    t_map_l1(L1, 0x00100000u, d_section(0x00A00000u, 3, 1, 1, 0));
    t_map_l1(L1, 0x00200000u, d_pagetable(L2A, 1));
    t_map_l2(L2A, 0x00201000u, d_small(0x00B01000u, 3, 1, 0));
    t_map_l2(L2A, 0x00202000u, d_small(0x00B02000u, 3, 0, 0));
    t_enable(m, L1, 0, 0, DACR_ALL_CLIENT, 0, 0);
    vmc_mmu_resp r;
    CHECK_EQ(t_access(m, 0x00100000u, VMC_ACCESS_READ, 0, &r), VMC_FAULT_NONE);
    CHECK_EQ(t_access(m, 0x00100000u, VMC_ACCESS_WRITE, 0, &r), VMC_FAULT_NONE);
    CHECK_EQ(t_access(m, 0x00100100u, VMC_ACCESS_FETCH, 1, &r), VMC_FAULT_PERMISSION);
    CHECK_EQ(r.fs, 0x0D);
    CHECK_EQ(vmc_mmu_model_reg_read(m, MMU_REG_IFSR), 0x00Du);
    CHECK_EQ(vmc_mmu_model_reg_read(m, MMU_REG_IFAR), 0x00100100u);
    CHECK_EQ(t_access(m, 0x00201000u, VMC_ACCESS_FETCH, 0, &r), VMC_FAULT_PERMISSION);
    CHECK_EQ(r.fs, 0x0F);
    CHECK_EQ(t_access(m, 0x00202000u, VMC_ACCESS_FETCH, 0, &r), VMC_FAULT_NONE);
    /* manager domain: XN is not checked (B3.7.2: only client domains) */
    vmc_mmu_model_reg_write(m, MMU_REG_DACR, DACR_ALL_MANAGER);
    CHECK_EQ(t_access(m, 0x00100100u, VMC_ACCESS_FETCH, 0, &r), VMC_FAULT_NONE);
    CHECK_EQ(r.pa, 0x00A00100u);
    vmc_mmu_model_destroy(m);
}

static void test_domains(void)
{
    vmc_mmu_model *m = t_model("1x8:lru", "1x8:lru", "none", 0);
    t_map_l1(L1, 0x00600000u, d_section(0x00A00000u, 0, 6, 0, 0));    /* AP 000 */
    t_map_l1(L1, 0x00700000u, d_pagetable(L2A, 6));
    t_map_l2(L2A, 0x00700000u, d_small(0x00B00000u, 0, 0, 0));
    vmc_mmu_resp r;
    /* field 6 = 00: no access */
    t_enable(m, L1, 0, 0, 0x55554555u, 0, 0);
    CHECK_EQ(t_access(m, 0x00600000u, VMC_ACCESS_READ, 1, &r), VMC_FAULT_DOMAIN);
    CHECK_EQ(r.fs, 0x09);
    CHECK_EQ(r.fsr, 0x069u);
    CHECK_EQ(r.hit_level, VMC_HIT_WALK);
    CHECK_EQ(t_access(m, 0x00700000u, VMC_ACCESS_WRITE, 1, &r), VMC_FAULT_DOMAIN);
    CHECK_EQ(r.fs, 0x0B);
    CHECK_EQ(r.fsr, 0x86Bu);
    /* 10: reserved, behaves as no access; the entries are cached and hit */
    vmc_mmu_model_reg_write(m, MMU_REG_DACR, 0x55556555u);
    CHECK_EQ(t_access(m, 0x00600000u, VMC_ACCESS_READ, 1, &r), VMC_FAULT_DOMAIN);
    CHECK_EQ(r.hit_level, VMC_HIT_L1TLB);
    /* 01: client, AP 000 gives a permission fault */
    vmc_mmu_model_reg_write(m, MMU_REG_DACR, 0x55555555u);
    CHECK_EQ(t_access(m, 0x00600000u, VMC_ACCESS_READ, 1, &r), VMC_FAULT_PERMISSION);
    CHECK_EQ(r.fsr, 0x06Du);
    CHECK_EQ(t_access(m, 0x00700000u, VMC_ACCESS_READ, 0, &r), VMC_FAULT_PERMISSION);
    CHECK_EQ(r.fsr, 0x06Fu);
    /* 11: manager, no permission check, user write allowed; takes effect on a hit */
    vmc_mmu_model_reg_write(m, MMU_REG_DACR, 0x55557555u);
    CHECK_EQ(t_access(m, 0x00600000u, VMC_ACCESS_WRITE, 0, &r), VMC_FAULT_NONE);
    CHECK_EQ(r.hit_level, VMC_HIT_L1TLB);
    CHECK_EQ(t_access(m, 0x00700000u, VMC_ACCESS_FETCH, 0, &r), VMC_FAULT_NONE);
    /* other domains unaffected: domain 0 (field 0) no access for a domain-0 section */
    t_map_l1(L1, 0x00800000u, d_section(0x00C00000u, 3, 0, 0, 0));
    vmc_mmu_model_reg_write(m, MMU_REG_DACR, 0x00003000u);
    CHECK_EQ(t_access(m, 0x00800000u, VMC_ACCESS_READ, 1, &r), VMC_FAULT_DOMAIN);
    CHECK_EQ(r.fsr, 0x009u);
    vmc_mmu_model_destroy(m);
}

static void test_access_flag(void)
{
    vmc_mmu_model *m = t_model("1x8:lru", "1x8:lru", "none", 0);
    /* AP = 010: AP[0] = 0, the access flag is clear */
    t_map_l1(L1, 0x00100000u, d_section(0x00A00000u, 2, 4, 0, 0));
    t_map_l1(L1, 0x00200000u, d_pagetable(L2A, 4));
    t_map_l2(L2A, 0x00200000u, d_small(0x00B00000u, 2, 0, 0));
    t_enable(m, L1, 0, 0, 0, 0, 1);   /* AFE = 1, every domain no access */
    vmc_mmu_resp r;
    /* the access flag fault is found by the walk, before the domain check */
    CHECK_EQ(t_access(m, 0x00100000u, VMC_ACCESS_READ, 1, &r), VMC_FAULT_ACCESS_FLAG);
    CHECK_EQ(r.fs, 0x03);
    CHECK_EQ(r.fsr, 0x043u);
    CHECK_EQ(t_access(m, 0x00200000u, VMC_ACCESS_WRITE, 1, &r), VMC_FAULT_ACCESS_FLAG);
    CHECK_EQ(r.fs, 0x06);
    CHECK_EQ(r.fsr, 0x846u);
    /* not cached: walks again */
    CHECK_EQ(t_access(m, 0x00100000u, VMC_ACCESS_READ, 1, &r), VMC_FAULT_ACCESS_FLAG);
    CHECK_EQ(r.hit_level, VMC_HIT_WALK);
    vmc_mmu_counters c;
    vmc_mmu_model_counters(m, &c);
    CHECK_EQ(c.fault_aflag, 3);
    CHECK_EQ(c.fault_domain, 0);
    /* AFE = 0: no access flag; the domain (no access) decides */
    vmc_mmu_model_reg_write(m, MMU_REG_SCTLR, 1u);
    CHECK_EQ(t_access(m, 0x00100000u, VMC_ACCESS_READ, 1, &r), VMC_FAULT_DOMAIN);
    CHECK_EQ(r.fs, 0x09);
    /* That walk cached the section (AP = 010). Setting AFE without maintenance: the hit gives
     * no access-flag fault, and AP[2:1] = 01 (AFE = 1 model) allows a user write. */
    vmc_mmu_model_reg_write(m, MMU_REG_DACR, DACR_ALL_CLIENT);
    vmc_mmu_model_reg_write(m, MMU_REG_SCTLR, 1u | (1u << 29));
    CHECK_EQ(t_access(m, 0x00100000u, VMC_ACCESS_WRITE, 0, &r), VMC_FAULT_NONE);
    CHECK_EQ(r.hit_level, VMC_HIT_L1TLB);
    vmc_mmu_model_destroy(m);
}

static void test_flat(void)
{
    vmc_mmu_model *m = t_model("1x8:lru", "1x8:lru", "none", 0);
    t_map_l1(L1, 0x12300000u, d_section(0x00A00000u, 3, 0, 0, 0));
    vmc_mmu_model_reg_write(m, MMU_REG_TTBR0, L1);
    vmc_mmu_resp r;
    CHECK_EQ(t_access(m, 0x12345678u, VMC_ACCESS_FETCH, 0, &r), VMC_FAULT_NONE);
    CHECK_EQ(r.pa, 0x12345678u);
    CHECK_EQ(r.hit_level, VMC_HIT_FLAT);
    CHECK_EQ(r.attrs.s, 1);
    CHECK_EQ(r.attrs.tex, 0);
    CHECK_EQ(r.attrs.c, 0);
    CHECK_EQ(r.attrs.b, 0);
    CHECK_EQ(r.size, VMSA_SIZE_NONE);
    CHECK_EQ(g_tmem_reads, 0);
    vmc_mmu_counters c;
    vmc_mmu_model_counters(m, &c);
    CHECK_EQ(c.requests, 1);
    CHECK_EQ(c.itlb_lookups, 0);
    /* the pure function agrees */
    vmc_ctrl_regs regs = {0, L1, 0, 0, 0, 0};
    vmc_mmu_req q = {0xCAFEF00Du, VMC_ACCESS_WRITE, 0};
    vmc_translate_notlb(&regs, &q, tmem_r32, NULL, &r);
    CHECK_EQ(r.pa, 0xCAFEF00Du);
    CHECK_EQ(r.hit_level, VMC_HIT_FLAT);
    /* and with M = 1 it walks */
    regs.sctlr = 1;
    regs.dacr = DACR_ALL_CLIENT;
    q.va = 0x12345678u;
    vmc_translate_notlb(&regs, &q, tmem_r32, NULL, &r);
    CHECK_EQ(r.fault, VMC_FAULT_NONE);
    CHECK_EQ(r.pa, 0x00A45678u);
    CHECK_EQ(r.hit_level, VMC_HIT_WALK);
    vmc_mmu_model_destroy(m);
}

int main(int argc, char **argv)
{
    static const test_case cases[] = {
        {"section", test_section},         {"supersection", test_supersection},
        {"small", test_small},             {"large", test_large},
        {"l1_fault", test_l1_fault},       {"l2_fault", test_l2_fault},
        {"ttbcr_split", test_ttbcr_split}, {"pd0_pd1", test_pd0_pd1},
        {"ap_table", test_ap_table},       {"xn", test_xn},
        {"domains", test_domains},         {"access_flag", test_access_flag},
        {"flat", test_flat},
    };
    return test_run(argc, argv, cases, sizeof cases / sizeof cases[0]);
}
