/*
 * models.diff.*: vmc_mmu_resp_diff compares what the contract defines and nothing else.
 */
#include <string.h>

#include "testutil.h"

static vmc_mmu_resp base(void)
{
    vmc_mmu_resp r;
    memset(&r, 0, sizeof r);
    r.pa = 0x80001234u;
    r.size = VMSA_SIZE_SMALL;
    r.hit_level = VMC_HIT_L1TLB;
    r.attrs.ap = 3;
    r.l1.looked_up = 1;
    r.l1.hit = 1;
    r.l1.set = 2;
    r.l1.way = 1;
    return r;
}

static void test_fields(void)
{
    char msg[256];
    vmc_mmu_resp a = base(), b = base();
    CHECK_EQ(vmc_mmu_resp_diff(&a, &b, VMC_DIFF_ALL, msg, sizeof msg), 0);
    CHECK_EQ(msg[0], '\0');
    b.pa = 0x80002234u;
    CHECK_EQ(vmc_mmu_resp_diff(&a, &b, VMC_DIFF_ALL, msg, sizeof msg), 1);
    CHECK(strstr(msg, "pa 0x80001234 != 0x80002234") != NULL);
    CHECK_EQ(vmc_mmu_resp_diff(&a, &b, VMC_DIFF_TLB, NULL, 0), 0);   /* group not asked */
    b = base();
    b.l1.way = 3;
    CHECK_EQ(vmc_mmu_resp_diff(&a, &b, VMC_DIFF_ALL, msg, sizeof msg), 1);
    CHECK(strstr(msg, "l1.way") != NULL);
    /* victim fields only matter when both evicted; walk detail only on walks */
    b = base();
    b.l1.evicted_va = 0x1000u;
    b.walk.l1_addr = 0x4000u;
    b.l2.set = 5;                   /* l2 not looked up */
    CHECK_EQ(vmc_mmu_resp_diff(&a, &b, VMC_DIFF_ALL, msg, sizeof msg), 0);
    /* an evicted global entry's ASID is not compared, an nG one's is */
    a.l1.filled = b.l1.filled = 1;
    a.l1.evicted = b.l1.evicted = 1;
    a.l1.evicted_va = b.l1.evicted_va = 0x1000u;
    b.l1.evicted_asid = 7;
    CHECK_EQ(vmc_mmu_resp_diff(&a, &b, VMC_DIFF_ALL, msg, sizeof msg), 0);
    a.l1.evicted_ng = b.l1.evicted_ng = 1;
    CHECK_EQ(vmc_mmu_resp_diff(&a, &b, VMC_DIFF_ALL, msg, sizeof msg), 1);
    CHECK(strstr(msg, "l1.evicted_asid") != NULL);
    a = base();
    b = base();
    b.walk.l1_addr = 0x4000u;
    a.hit_level = b.hit_level = VMC_HIT_WALK;
    a.walk.levels = b.walk.levels = 1;
    CHECK_EQ(vmc_mmu_resp_diff(&a, &b, VMC_DIFF_ALL, msg, sizeof msg), 1);
    CHECK(strstr(msg, "walk.l1_addr") != NULL);
    /* several differences are all counted; a short buffer is not overrun */
    b.fs = 5;
    b.fsr = 0x805u;
    char tiny[8];
    CHECK_EQ(vmc_mmu_resp_diff(&a, &b, VMC_DIFF_ALL, tiny, sizeof tiny), 3);
    CHECK(strlen(tiny) < sizeof tiny);
}

/* VMC_DIFF_FILLS: what the RTL's fill ports say, nothing of lookups, hits or victims' tags. */
static void test_fills(void)
{
    char msg[256];
    vmc_mmu_resp a = base(), b = base();
    b.l1.hit = 0;                   /* lookups and hits are not reported by the RTL */
    b.l1.set = 7;
    CHECK_EQ(vmc_mmu_resp_diff(&a, &b, VMC_DIFF_FILLS, msg, sizeof msg), 0);
    b.l2.filled = 1;                /* a fill only one side made */
    CHECK_EQ(vmc_mmu_resp_diff(&a, &b, VMC_DIFF_FILLS, msg, sizeof msg), 1);
    CHECK(strstr(msg, "l2.filled 0x0 != 0x1") != NULL);
    a.l2.filled = 1;                /* both filled: set, way and eviction count ... */
    a.l2.set = 3;
    b.l2.way = 2;
    b.l2.evicted = 1;
    b.l2.evicted_va = 0x5000u;      /* ... the victim's tag does not */
    CHECK_EQ(vmc_mmu_resp_diff(&a, &b, VMC_DIFF_FILLS, msg, sizeof msg), 3);
    CHECK(strstr(msg, "l2.set 0x3 != 0x0") != NULL);
    CHECK(strstr(msg, "l2.way 0x0 != 0x2") != NULL);
    CHECK(strstr(msg, "l2.evicted 0x0 != 0x1") != NULL);
    /* with VMC_DIFF_TLB, which includes it, every field is reported once */
    CHECK_EQ(vmc_mmu_resp_diff(&a, &b, VMC_DIFF_TLB | VMC_DIFF_FILLS, NULL, 0),
             vmc_mmu_resp_diff(&a, &b, VMC_DIFF_TLB, NULL, 0));
}

int main(int argc, char **argv)
{
    static const test_case cases[] = {{"fields", test_fields}, {"fills", test_fills}};
    return test_run(argc, argv, cases, sizeof cases / sizeof cases[0]);
}
