/*
 * models.config.*: the SETSxWAYS:POLICY text form and the configuration checks (contract
 * section 1). Every refusal must name the field and the value.
 */
#include <string.h>

#include "testutil.h"

static void parse_ok(const char *text, uint32_t sets, uint32_t ways, vmc_policy p)
{
    vmc_tlb_geom g;
    char err[200] = "";
    CHECK_EQ(vmc_mmu_config_parse_tlb(text, &g, err, sizeof err), 0);
    CHECK_EQ(g.sets, sets);
    CHECK_EQ(g.ways, ways);
    CHECK_EQ(g.policy, p);
    char back[64];
    vmc_mmu_config_format_tlb(&g, back, sizeof back);
    if (sets != 0) {
        CHECK(strcmp(back, text) == 0);
    } else {
        CHECK(strcmp(back, "none") == 0);
    }
}

/* The parse fails and the message holds both words. */
static void parse_bad(const char *text, const char *field, const char *value)
{
    vmc_tlb_geom g = {7, 7, VMC_POLICY_FIFO};
    char err[200] = "";
    CHECK_EQ(vmc_mmu_config_parse_tlb(text, &g, err, sizeof err), -1);
    if (strstr(err, field) == NULL || strstr(err, value) == NULL) {
        fprintf(stderr, "parse '%s': message '%s' should name '%s' and '%s'\n", text, err,
                field, value);
        g_test_failures++;
    }
    CHECK_EQ(g.sets, 7);   /* untouched on failure */
}

/* The entries-and-ways form gives the same geometry as its SETSxWAYS form. */
static void parse_entries_ok(const char *text, const char *sets_form)
{
    vmc_tlb_geom g, want;
    char err[200] = "";
    CHECK_EQ(vmc_mmu_config_parse_tlb(text, &g, err, sizeof err), 0);
    CHECK_EQ(vmc_mmu_config_parse_tlb(sets_form, &want, err, sizeof err), 0);
    CHECK(memcmp(&g, &want, sizeof g) == 0);
}

static void test_parse(void)
{
    parse_entries_ok("32e32w:lru", "1x32:lru");
    parse_entries_ok("256e4w:lru", "64x4:lru");
    parse_entries_ok("48e3w:fifo", "16x3:fifo");
    parse_entries_ok("16e1w:plru", "16x1:plru");
    parse_bad("64e3w:lru", "entries", "64");        /* not a multiple of the ways */
    parse_bad("96e4w:lru", "sets", "24");           /* 24 sets: not a power of two */
    parse_bad("64e0w:lru", "ways", "0");
    parse_bad("e4w:lru", "entries", "''");
    parse_bad("64e4:lru", "geometry", "64e4:lru");  /* no w: neither form */
    parse_bad("64e4wx:lru", "sets", "64e4w");      /* an x: read as SETSxWAYS */
    parse_ok("1x32:plru", 1, 32, VMC_POLICY_PLRU);
    parse_ok("64x4:lru", 64, 4, VMC_POLICY_LRU);
    parse_ok("16x3:fifo", 16, 3, VMC_POLICY_FIFO);
    parse_ok("8x5:random", 8, 5, VMC_POLICY_RANDOM);
    parse_ok("none", 0, 0, VMC_POLICY_LRU);
    parse_bad("3x4:lru", "sets", "3");
    parse_bad("12x4:lru", "sets", "12");
    parse_bad("4x0:lru", "ways", "0");
    parse_bad("1x3:plru", "plru", "3");
    parse_bad("2x6:plru", "ways", "6");
    parse_bad("4x4:mru", "policy", "mru");
    parse_bad("4x4", "geometry", "4x4");
    parse_bad("4-4:lru", "geometry", "4-4:lru");
    parse_bad("x4:lru", "sets", "''");
    parse_bad("4x:lru", "ways", "''");
    parse_bad("0x4:lru", "sets", "0");
    parse_bad("4xz:lru", "ways", "z");
    parse_bad("1x5000:lru", "ways", "5000");
    parse_bad("99999999999x1:lru", "sets", "99999999999");
}

static void check_bad(const vmc_mmu_config *c, const vmc_mmu_limits *lim, const char *field,
                      const char *value)
{
    char err[200] = "";
    CHECK_EQ(vmc_mmu_config_check(c, lim, err, sizeof err), -1);
    if (strstr(err, field) == NULL || strstr(err, value) == NULL) {
        fprintf(stderr, "check: message '%s' should name '%s' and '%s'\n", err, field, value);
        g_test_failures++;
    }
}

static void test_check(void)
{
    vmc_mmu_config c;
    vmc_mmu_config_default(&c);
    char err[200];
    CHECK_EQ(vmc_mmu_config_check(&c, NULL, err, sizeof err), 0);
    vmc_mmu_limits lim = {32, 32, 256, 8};
    CHECK_EQ(vmc_mmu_config_check(&c, &lim, err, sizeof err), 0);

    vmc_mmu_config b = c;
    b.itlb.sets = 0;
    check_bad(&b, NULL, "itlb.sets", "0");
    b = c;
    b.dtlb.sets = 6;
    check_bad(&b, NULL, "dtlb.sets", "6");
    b = c;
    b.l2tlb = (vmc_tlb_geom){16, 3, VMC_POLICY_PLRU};
    check_bad(&b, NULL, "l2tlb.ways", "3");
    b = c;
    b.dtlb.ways = 0;
    check_bad(&b, NULL, "dtlb.ways", "0");
    b = c;
    b.itlb = (vmc_tlb_geom){1, 64, VMC_POLICY_LRU};
    check_bad(&b, &lim, "itlb.entries", "64");
    check_bad(&b, &lim, "itlb", "32");
    b = c;
    b.l2tlb = (vmc_tlb_geom){128, 4, VMC_POLICY_LRU};
    check_bad(&b, &lim, "l2tlb.entries", "512");
    b = c;
    b.walk_cache_entries = 9;
    check_bad(&b, &lim, "walk_cache_entries", "9");
    b = c;
    b.dtlb.policy = (vmc_policy)7;
    check_bad(&b, NULL, "dtlb.policy", "7");
    /* an absent L2TLB is fine, also with a zero maximum */
    b = c;
    b.l2tlb = (vmc_tlb_geom){0, 0, VMC_POLICY_LRU};
    lim.l2tlb_entries = 0;
    CHECK_EQ(vmc_mmu_config_check(&b, &lim, err, sizeof err), 0);
    /* but present with a zero maximum is refused */
    check_bad(&c, &lim, "l2tlb.entries", "256");
    /* create refuses what check refuses */
    b = c;
    b.dtlb.sets = 6;
    CHECK(vmc_mmu_model_create(&b, tmem_r32, NULL) == NULL);
    CHECK(vmc_mmu_model_create(&c, NULL, NULL) == NULL);
    vmc_mmu_model *m = vmc_mmu_model_create(&c, tmem_r32, NULL);
    CHECK(m != NULL);
    vmc_mmu_model_destroy(m);
    CHECK(strcmp(vmc_policy_name(VMC_POLICY_RANDOM), "random") == 0);
    CHECK(strcmp(vmc_policy_name((vmc_policy)9), "?") == 0);
}

int main(int argc, char **argv)
{
    static const test_case cases[] = {
        {"parse", test_parse},
        {"check", test_check},
    };
    return test_run(argc, argv, cases, sizeof cases / sizeof cases[0]);
}
