/*
 * models.random.lockstep: a seeded random test that runs the model against a second,
 * deliberately simple implementation written here from docs/mmu-contract.md: TLBs as plain
 * arrays searched linearly with range compares, LRU as literal age counters, PLRU as a
 * top-down tree walk, the walker and permission check written again from the ARM ARM
 * pseudocode. Random page tables, accesses, register changes, descriptor rewrites without
 * maintenance (which create stale and duplicate entries) and maintenance operations; every
 * response field, the fault registers and the counters must agree.
 *
 * Usage: test_model_random [SEED] [TRANSLATIONS]
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"
#include "vmcutil/number.h"

/* ---- A small PRNG (xorshift64*) for the test itself ---------------------------------- */
static uint64_t g_rng;
static uint32_t rnd(void)
{
    g_rng ^= g_rng >> 12;
    g_rng ^= g_rng << 25;
    g_rng ^= g_rng >> 27;
    return (uint32_t)((g_rng * 0x2545F4914F6CDD1DULL) >> 32);
}
static uint32_t rndn(uint32_t n)
{
    return rnd() % n;
}
static int chance(uint32_t percent_x10)
{
    return rndn(1000) < percent_x10;
}

/* ---- The reference --------------------------------------------------------------------- */
#define REF_MAX_ENT 512
#define REF_MAX_WC 16

typedef struct {
    int valid;
    uint32_t va_base, bytes, pa_base;
    int ng;
    uint32_t asid;
    uint32_t ap, xn, domain, tex, c, b, s;
    int size;                     /* vmsa_page_size */
} ref_ent;

typedef struct {
    uint32_t sets, ways;
    vmc_policy policy;
    ref_ent e[REF_MAX_ENT];       /* [set * ways + way] */
    uint32_t age[REF_MAX_ENT];
    uint8_t bit[REF_MAX_ENT];     /* plru node bits, [set * ways + node] */
    uint32_t ptr[REF_MAX_ENT];
    uint32_t lfsr;
} ref_tlb;

typedef struct {
    uint32_t sctlr, ttbr0, ttbr1, ttbcr, dacr, ctx;
    uint32_t dfsr, dfar, ifsr, ifar;
    ref_tlb tlb[3];
    int has_l2;
    uint32_t wc_n, wc_ptr;
    int wc_valid[REF_MAX_WC];
    uint32_t wc_pa[REF_MAX_WC], wc_desc[REF_MAX_WC], wc_mb[REF_MAX_WC];
    uint32_t cnt[17];
} ref_mmu;

enum { R_REQ, R_IL, R_IH, R_DL, R_DH, R_L2L, R_L2H, R_WALK, R_WCYC, R_WL1, R_WL2, R_WCH,
       R_FT, R_FD, R_FP, R_FA, R_FLUSH };

static void ref_tlb_reset_ages(ref_tlb *t)
{
    for (uint32_t s = 0; s < t->sets; s++) {
        for (uint32_t w = 0; w < t->ways; w++) {
            t->age[s * t->ways + w] = w;
        }
    }
}

static void ref_tlb_init(ref_tlb *t, const vmc_tlb_geom *g)
{
    memset(t, 0, sizeof *t);
    t->sets = g->sets;
    t->ways = g->ways;
    t->policy = g->policy;
    t->lfsr = 0xACE1u;
    ref_tlb_reset_ages(t);
}

static int ref_match(const ref_ent *e, uint32_t va, uint32_t asid)
{
    return e->valid && va >= e->va_base && va - e->va_base < e->bytes &&
           (!e->ng || e->asid == asid);
}

static uint32_t ref_set(const ref_tlb *t, uint32_t va)
{
    return (va / 4096u) % t->sets;
}

static int ref_find(const ref_tlb *t, uint32_t va, uint32_t asid)
{
    uint32_t s = ref_set(t, va);
    for (uint32_t w = 0; w < t->ways; w++) {
        if (ref_match(&t->e[s * t->ways + w], va, asid)) {
            return (int)w;
        }
    }
    return -1;
}

/* A hit or fill of way w of set s. */
static void ref_use(ref_tlb *t, uint32_t s, uint32_t w)
{
    if (t->policy == VMC_POLICY_LRU) {
        uint32_t *age = &t->age[s * t->ways];
        for (uint32_t o = 0; o < t->ways; o++) {
            if (age[o] < age[w]) {
                age[o]++;
            }
        }
        age[w] = 0;
    } else if (t->policy == VMC_POLICY_PLRU) {
        /* top-down: at each node, point to the half that does not hold w */
        uint8_t *bit = &t->bit[s * t->ways];
        uint32_t node = 1, lo = 0, hi = t->ways;
        while (hi - lo > 1) {
            uint32_t mid = (lo + hi) / 2;
            if (w < mid) {
                bit[node] = 1;
                node = 2 * node;
                hi = mid;
            } else {
                bit[node] = 0;
                node = 2 * node + 1;
                lo = mid;
            }
        }
    }
}

static uint32_t ref_policy_victim(ref_tlb *t, uint32_t s)
{
    switch (t->policy) {
    case VMC_POLICY_LRU:
        for (uint32_t w = 0; w < t->ways; w++) {
            if (t->age[s * t->ways + w] == t->ways - 1) {
                return w;
            }
        }
        abort();
    case VMC_POLICY_PLRU: {
        uint32_t lo = 0, hi = t->ways, node = 1;
        while (hi - lo > 1) {
            uint32_t mid = (lo + hi) / 2;
            if (t->bit[s * t->ways + node]) {
                lo = mid;
                node = 2 * node + 1;
            } else {
                hi = mid;
                node = 2 * node;
            }
        }
        return lo;
    }
    case VMC_POLICY_FIFO: {
        uint32_t v = t->ptr[s];
        t->ptr[s] = (v + 1) % t->ways;
        return v;
    }
    case VMC_POLICY_RANDOM: {
        uint32_t v = t->lfsr % t->ways;
        uint32_t out = t->lfsr & 1u;
        t->lfsr >>= 1;
        if (out) {
            t->lfsr ^= 0xB400u;
        }
        return v;
    }
    }
    abort();
}

static void ref_insert(ref_tlb *t, uint32_t va, const ref_ent *src, vmc_tlb_event *ev)
{
    uint32_t s = ref_set(t, va);
    uint32_t way = t->ways;
    for (uint32_t w = 0; w < t->ways; w++) {
        if (!t->e[s * t->ways + w].valid) {
            way = w;
            break;
        }
    }
    memset(ev, 0, sizeof *ev);
    ev->filled = 1;
    ev->set = s;
    if (way == t->ways) {
        way = ref_policy_victim(t, s);
        const ref_ent *old = &t->e[s * t->ways + way];
        ev->evicted = 1;
        ev->evicted_va = old->va_base;
        ev->evicted_asid = (uint8_t)old->asid;
        ev->evicted_ng = (uint8_t)old->ng;
        ev->evicted_size = (uint8_t)old->size;
    }
    ev->way = way;
    t->e[s * t->ways + way] = *src;
    ref_use(t, s, way);
}

static int bit(uint32_t v, int n)
{
    return (int)((v >> n) & 1u);
}

/* Walk from the ARM ARM pseudocode. Returns 0 ok, else the fault FS with *dom. */
typedef struct {
    int walked;                   /* read memory */
    int levels;
    int wc_hit;
    uint32_t l1_addr, l1, l2_addr, l2;
} ref_walkinfo;

static uint32_t ref_walk(ref_mmu *r, uint32_t va, ref_ent *out, uint32_t *dom, ref_walkinfo *wi)
{
    memset(wi, 0, sizeof *wi);
    uint32_t n = r->ttbcr & 7u;
    uint32_t addr;
    int pd;
    if (n != 0 && (va >> (32 - n)) != 0) {
        addr = (r->ttbr1 & 0xFFFFC000u) + (va >> 20) * 4u;
        pd = bit(r->ttbcr, 5);
    } else {
        uint32_t table_bytes = 16384u >> n;
        uint32_t entries = 4096u >> n;
        addr = (r->ttbr0 & ~(table_bytes - 1u)) + ((va >> 20) % entries) * 4u;
        pd = bit(r->ttbcr, 4);
    }
    *dom = 0;
    if (pd) {
        return 0x05;
    }
    wi->walked = 1;
    wi->levels = 1;
    wi->l1_addr = addr;
    uint32_t l1 = 0;
    int hit = 0;
    for (uint32_t i = 0; i < r->wc_n; i++) {
        if (r->wc_valid[i] && r->wc_pa[i] == addr) {
            l1 = r->wc_desc[i];
            hit = 1;
            break;
        }
    }
    if (!hit) {
        l1 = tmem_r32(NULL, addr);
    }
    wi->wc_hit = hit;
    wi->l1 = l1;
    int afe = bit(r->sctlr, 29);
    memset(out, 0, sizeof *out);
    out->valid = 1;
    switch (l1 & 3u) {
    case 0:
    case 3:
        return 0x05;
    case 2: {
        int super = bit(l1, 18);
        *dom = super ? 0 : (l1 >> 5) & 15u;
        if (afe && !bit(l1, 10)) {
            return 0x03;
        }
        out->domain = *dom;
        out->ng = bit(l1, 17);
        out->s = (uint32_t)bit(l1, 16);
        out->ap = (uint32_t)(bit(l1, 15) * 4 + bit(l1, 11) * 2 + bit(l1, 10));
        out->tex = (l1 >> 12) & 7u;
        out->xn = (uint32_t)bit(l1, 4);
        out->c = (uint32_t)bit(l1, 3);
        out->b = (uint32_t)bit(l1, 2);
        if (super) {
            out->bytes = 16u << 20;
            out->size = VMSA_SIZE_SUPERSECTION;
            out->pa_base = l1 & 0xFF000000u;
        } else {
            out->bytes = 1u << 20;
            out->size = VMSA_SIZE_SECTION;
            out->pa_base = l1 & 0xFFF00000u;
        }
        out->va_base = va - va % out->bytes;
        out->asid = out->ng ? (r->ctx & 0xFFu) : 0u;   /* global entries report ASID 0 */
        return 0;
    }
    default:
        break;
    }
    *dom = (l1 >> 5) & 15u;
    if (!hit && r->wc_n > 0) {
        uint32_t slot = r->wc_n;
        for (uint32_t i = 0; i < r->wc_n; i++) {
            if (!r->wc_valid[i]) {
                slot = i;
                break;
            }
        }
        if (slot == r->wc_n) {
            slot = r->wc_ptr;
            r->wc_ptr = (r->wc_ptr + 1) % r->wc_n;
        }
        r->wc_valid[slot] = 1;
        r->wc_pa[slot] = addr;
        r->wc_desc[slot] = l1;
        r->wc_mb[slot] = va >> 20;
    }
    uint32_t a2 = (l1 & 0xFFFFFC00u) + ((va >> 12) & 0xFFu) * 4u;
    uint32_t l2 = tmem_r32(NULL, a2);
    wi->levels = 2;
    wi->l2_addr = a2;
    wi->l2 = l2;
    if ((l2 & 3u) == 0) {
        return 0x07;
    }
    if (afe && !bit(l2, 4)) {
        return 0x06;
    }
    out->domain = *dom;
    out->ng = bit(l2, 11);
    out->s = (uint32_t)bit(l2, 10);
    out->ap = (uint32_t)(bit(l2, 9) * 4 + bit(l2, 5) * 2 + bit(l2, 4));
    out->c = (uint32_t)bit(l2, 3);
    out->b = (uint32_t)bit(l2, 2);
    if (l2 & 2u) {
        out->bytes = 4096u;
        out->size = VMSA_SIZE_SMALL;
        out->pa_base = l2 & 0xFFFFF000u;
        out->tex = (l2 >> 6) & 7u;
        out->xn = (uint32_t)bit(l2, 0);
    } else {
        out->bytes = 65536u;
        out->size = VMSA_SIZE_LARGE;
        out->pa_base = l2 & 0xFFFF0000u;
        out->tex = (l2 >> 12) & 7u;
        out->xn = (uint32_t)bit(l2, 15);
    }
    out->va_base = va - va % out->bytes;
    out->asid = out->ng ? (r->ctx & 0xFFu) : 0u;
    return 0;
}

/* CheckDomain / CheckPermission, returning the FS (0 = allowed). */
static uint32_t ref_check(const ref_mmu *r, const ref_ent *e, vmc_access_kind kind, int priv)
{
    int page = e->size == VMSA_SIZE_SMALL || e->size == VMSA_SIZE_LARGE;
    uint32_t d = (r->dacr >> (2 * e->domain)) & 3u;
    if (d == 0 || d == 2) {
        return page ? 0x0B : 0x09;
    }
    if (d == 3) {
        return 0;
    }
    int write = kind == VMC_ACCESS_WRITE;
    int abort_ = 0;
    if (bit(r->sctlr, 29)) {
        switch (e->ap >> 1) {
        case 0: abort_ = !priv; break;
        case 1: abort_ = 0; break;
        case 2: abort_ = !priv || write; break;
        default: abort_ = write; break;
        }
    } else {
        switch (e->ap) {
        case 0: abort_ = 1; break;
        case 1: abort_ = !priv; break;
        case 2: abort_ = !priv && write; break;
        case 3: abort_ = 0; break;
        case 4: abort_ = 1; break;
        case 5: abort_ = !priv || write; break;
        default: abort_ = write; break;
        }
    }
    if (kind == VMC_ACCESS_FETCH && e->xn) {
        abort_ = 1;
    }
    return abort_ ? (page ? 0x0F : 0x0D) : 0;
}

static vmc_fault_kind kind_of(uint32_t fs)
{
    switch (fs) {
    case 0x05: case 0x07: return VMC_FAULT_TRANSLATION;
    case 0x03: case 0x06: return VMC_FAULT_ACCESS_FLAG;
    case 0x09: case 0x0B: return VMC_FAULT_DOMAIN;
    case 0x0D: case 0x0F: return VMC_FAULT_PERMISSION;
    default: return VMC_FAULT_NONE;
    }
}

static void ref_translate(ref_mmu *r, uint32_t va, vmc_access_kind kind, int priv,
                          vmc_mmu_resp *o, ref_walkinfo *wi)
{
    memset(o, 0, sizeof *o);
    memset(wi, 0, sizeof *wi);
    r->cnt[R_REQ]++;
    if (!bit(r->sctlr, 0)) {
        o->pa = va;
        o->attrs.s = 1;
        o->hit_level = VMC_HIT_FLAT;
        return;
    }
    uint32_t asid = r->ctx & 0xFFu;
    int fetch = kind == VMC_ACCESS_FETCH;
    ref_tlb *t1 = &r->tlb[fetch ? 0 : 1];
    ref_tlb *t2 = &r->tlb[2];
    r->cnt[fetch ? R_IL : R_DL]++;
    o->l1.looked_up = 1;
    ref_ent e;
    uint32_t fs = 0, dom = 0;
    int w = ref_find(t1, va, asid);
    if (w >= 0) {
        uint32_t s = ref_set(t1, va);
        r->cnt[fetch ? R_IH : R_DH]++;
        ref_use(t1, s, (uint32_t)w);
        e = t1->e[s * t1->ways + (uint32_t)w];
        o->hit_level = VMC_HIT_L1TLB;
        o->l1.hit = 1;
        o->l1.set = s;
        o->l1.way = (uint32_t)w;
    } else {
        int w2 = -1;
        if (r->has_l2) {
            r->cnt[R_L2L]++;
            o->l2.looked_up = 1;
            w2 = ref_find(t2, va, asid);
        }
        if (w2 >= 0) {
            uint32_t s = ref_set(t2, va);
            r->cnt[R_L2H]++;
            ref_use(t2, s, (uint32_t)w2);
            e = t2->e[s * t2->ways + (uint32_t)w2];
            o->hit_level = VMC_HIT_L2TLB;
            o->l2.hit = 1;
            o->l2.set = s;
            o->l2.way = (uint32_t)w2;
            ref_insert(t1, va, &e, &o->l1);
            o->l1.looked_up = 1;
        } else {
            o->hit_level = VMC_HIT_WALK;
            fs = ref_walk(r, va, &e, &dom, wi);
            if (wi->walked) {
                r->cnt[R_WALK]++;
                r->cnt[wi->levels == 2 ? R_WL2 : R_WL1]++;
                r->cnt[R_WCH] += (uint32_t)wi->wc_hit;
            }
            if (fs == 0) {
                if (r->has_l2) {
                    ref_insert(t2, va, &e, &o->l2);
                    o->l2.looked_up = 1;
                }
                ref_insert(t1, va, &e, &o->l1);
                o->l1.looked_up = 1;
            }
        }
    }
    if (fs == 0) {
        fs = ref_check(r, &e, kind, priv);
        dom = e.domain;
    }
    if (fs != 0) {
        vmc_fault_kind f = kind_of(fs);
        r->cnt[f == VMC_FAULT_TRANSLATION ? R_FT
               : f == VMC_FAULT_ACCESS_FLAG ? R_FA
               : f == VMC_FAULT_DOMAIN ? R_FD : R_FP]++;
        o->fault = f;
        o->fs = fs;
        uint32_t low = (fs & 0xFu) | ((fs >> 4) << 10);
        if (fetch) {
            o->fsr = low;
            r->ifsr = low;
            r->ifar = va;
        } else {
            o->fsr = low | (dom << 4) | ((uint32_t)(kind == VMC_ACCESS_WRITE) << 11);
            r->dfsr = o->fsr;
            r->dfar = va;
        }
        o->attrs.domain = (uint8_t)dom;
        return;
    }
    o->pa = e.pa_base + (va - e.va_base);
    o->size = (vmsa_page_size)e.size;
    o->attrs.tex = (uint8_t)e.tex;
    o->attrs.c = (uint8_t)e.c;
    o->attrs.b = (uint8_t)e.b;
    o->attrs.s = (uint8_t)e.s;
    o->attrs.ng = (uint8_t)e.ng;
    o->attrs.xn = (uint8_t)e.xn;
    o->attrs.ap = (uint8_t)e.ap;
    o->attrs.domain = (uint8_t)e.domain;
}

static void ref_maint(ref_mmu *r, int op, uint32_t value)
{
    uint32_t mva = value & 0xFFFFF000u, asid = value & 0xFFu;
    r->cnt[R_FLUSH]++;
    for (int l = 0; l < 3; l++) {
        ref_tlb *t = &r->tlb[l];
        for (uint32_t i = 0; i < t->sets * t->ways; i++) {
            ref_ent *e = &t->e[i];
            int in_page = e->valid && mva >= e->va_base && mva - e->va_base < e->bytes;
            int kill = 0;
            switch (op) {
            case 0: kill = 1; break;
            case 1: kill = in_page && (!e->ng || e->asid == asid); break;
            case 2: kill = e->valid && e->ng && e->asid == asid; break;
            default: kill = in_page; break;
            }
            if (kill) {
                e->valid = 0;
            }
        }
        if (op == 0 && t->policy == VMC_POLICY_LRU) {
            ref_tlb_reset_ages(t);
        }
    }
    for (uint32_t i = 0; i < r->wc_n; i++) {
        if (op == 0 || op == 2 || r->wc_mb[i] == (mva >> 20)) {
            r->wc_valid[i] = 0;
        }
    }
}

/* ---- Random tables ----------------------------------------------------------------------- */
#define T1_BASE 0x00100000u      /* TTBR1 table, 16 KiB */
#define T0_BASE 0x00110000u      /* TTBR0 tables, one per ASID 0..3, 16 KiB each */
#define L2_POOL 0x00200000u      /* L2 tables, 1 KiB each */
#define L2_COUNT 512u

/* The MiBs accesses go to: a few user and kernel regions on both sides of any split. */
static const uint32_t g_mibs[] = {0x000, 0x001, 0x002, 0x010, 0x011, 0x0FF, 0x100, 0x1FF,
                                  0x200, 0x3FF, 0x400, 0x7FF, 0x800, 0xC00, 0xC01, 0xFFF};
#define NMIBS (sizeof g_mibs / sizeof g_mibs[0])

static uint32_t rand_ap_bits_section(void)
{
    uint32_t ap = rndn(8);
    if (chance(700)) {
        ap = 3;      /* mostly RW so that hits dominate */
    }
    return ((ap >> 2) << 15) | ((ap & 3u) << 10);
}

static uint32_t rand_ap_bits_page(void)
{
    uint32_t ap = rndn(8);
    if (chance(700)) {
        ap = 3;
    }
    return ((ap >> 2) << 9) | ((ap & 3u) << 4);
}

static uint32_t rand_l2_desc(void)
{
    uint32_t k = rndn(100);
    uint32_t pa = rnd();
    if (k < 10) {
        return rnd() & ~3u;            /* fault, other bits random */
    }
    uint32_t common = rand_ap_bits_page() | (rndn(4) == 0 ? (1u << 11) : 0u) |
                      (rnd() & ((1u << 10) | (1u << 3) | (1u << 2)));
    if (k < 25) {                      /* large */
        return (pa & 0xFFFF0000u) | (rnd() & (0xFu << 12)) | (rndn(8) == 0 ? 1u << 15 : 0u) |
               common | 1u;
    }
    return (pa & 0xFFFFF000u) | (rnd() & (7u << 6)) | (rndn(8) == 0 ? 1u : 0u) | common | 2u;
}

static void write_l2_table(uint32_t base)
{
    for (uint32_t i = 0; i < 256; i++) {
        tmem_w32(base + 4 * i, 0);
    }
    /* entries used by accesses: pages 0..31 of the MiB; large pages repeated 16 times */
    for (uint32_t i = 0; i < 32; i++) {
        uint32_t d = rand_l2_desc();
        if ((d & 3u) == 1u) {
            uint32_t first = i & ~15u;
            for (uint32_t j = 0; j < 16; j++) {
                tmem_w32(base + 4 * (first + j), d);
            }
            i = first + 15;
        } else {
            tmem_w32(base + 4 * i, d);
        }
    }
}

static uint32_t g_next_l2;

static uint32_t rand_l1_desc(void)
{
    uint32_t k = rndn(100);
    uint32_t dom = rndn(16) < 12 ? rndn(4) : rndn(16);
    if (k < 8) {
        return rnd() & ~3u;
    }
    if (k < 11) {
        return rnd() | 3u;             /* reserved */
    }
    uint32_t ng = rndn(3) == 0 ? (1u << 17) : 0u;
    uint32_t attrs = rand_ap_bits_section() | ng | (rnd() & ((1u << 16) | (7u << 12) | (1u << 3) |
                                                             (1u << 2))) |
                     (rndn(8) == 0 ? (1u << 4) : 0u);
    if (k < 30) {
        return (rnd() & 0xFFF00000u) | attrs | (dom << 5) | 2u;
    }
    if (k < 35) {
        return (rnd() & 0xFF000000u) | (1u << 18) | attrs | (rnd() & (0xFu << 5)) | 2u;
    }
    uint32_t l2 = L2_POOL + (g_next_l2++ % L2_COUNT) * 0x400u;
    write_l2_table(l2);
    return l2 | (dom << 5) | 1u;
}

/* Writes a descriptor for MiB `mib` of the table at base (supersections repeated 16x). */
static void write_l1(uint32_t base, uint32_t mib, uint32_t d)
{
    if ((d & 3u) == 2u && (d & (1u << 18))) {
        for (uint32_t j = 0; j < 16; j++) {
            tmem_w32(base + 4 * ((mib & ~15u) + j), d);
        }
    } else {
        tmem_w32(base + 4 * mib, d);
    }
}

static void build_tables(void)
{
    for (uint32_t t = 0; t < 5; t++) {
        uint32_t base = t == 0 ? T1_BASE : T0_BASE + (t - 1) * 0x4000u;
        for (size_t i = 0; i < NMIBS; i++) {
            write_l1(base, g_mibs[i], rand_l1_desc());
        }
    }
}

/* A hot set of pages gives the stream its locality (and the TLBs their hits). */
#define NHOT 24
static uint32_t g_hot[NHOT];

static uint32_t rand_va_cold(void)
{
    uint32_t mib = g_mibs[rndn(NMIBS)];
    uint32_t page = rndn(8) == 0 ? rndn(256) : rndn(32);
    return (mib << 20) | (page << 12) | (rnd() & 0xFFCu);
}

static uint32_t rand_va(void)
{
    if (chance(20)) {
        g_hot[rndn(NHOT)] = rand_va_cold() & 0xFFFFF000u;
    }
    if (chance(850)) {
        return g_hot[rndn(NHOT)] | (rnd() & 0xFFCu);
    }
    return rand_va_cold();
}

static uint32_t rand_dacr(void)
{
    static const uint32_t f[8] = {1, 1, 1, 1, 1, 3, 0, 2};
    uint32_t v = 0;
    for (int d = 0; d < 16; d++) {
        v |= f[rndn(8)] << (2 * d);
    }
    return v;
}

/* ---- Comparison ------------------------------------------------------------------------- */
static unsigned long g_mismatches;

#define SAME(field)                                                                      \
    do {                                                                                 \
        if ((uint64_t)(a->field) != (uint64_t)(b->field)) {                              \
            if (g_mismatches++ < 10) {                                                   \
                fprintf(stderr, "step %lu va 0x%08x kind %d priv %d: %s model 0x%llx ref 0x%llx\n", \
                        step, (unsigned)va, (int)kind, priv, #field,                    \
                        (unsigned long long)(a->field), (unsigned long long)(b->field)); \
            }                                                                            \
            bad = 1;                                                                     \
        }                                                                                \
    } while (0)

static int compare(unsigned long step, uint32_t va, vmc_access_kind kind, int priv,
                   const vmc_mmu_resp *a, const vmc_mmu_resp *b, const ref_walkinfo *wi)
{
    int bad = 0;
    SAME(fault);
    SAME(fs);
    SAME(fsr);
    SAME(pa);
    SAME(size);
    SAME(hit_level);
    SAME(attrs.tex);
    SAME(attrs.c);
    SAME(attrs.b);
    SAME(attrs.s);
    SAME(attrs.ng);
    SAME(attrs.xn);
    SAME(attrs.ap);
    SAME(attrs.domain);
    if (a->hit_level == VMC_HIT_FLAT) {
        return bad;
    }
    SAME(l1.looked_up);
    SAME(l1.hit);
    SAME(l1.filled);
    if (a->l1.hit || a->l1.filled) {
        SAME(l1.set);
        SAME(l1.way);
    }
    if (a->l1.filled) {
        SAME(l1.evicted);
        if (a->l1.evicted) {
            SAME(l1.evicted_va);
            SAME(l1.evicted_asid);
            SAME(l1.evicted_ng);
            SAME(l1.evicted_size);
        }
    }
    SAME(l2.looked_up);
    if (a->l2.looked_up) {
        SAME(l2.hit);
        SAME(l2.filled);
        if (a->l2.hit || a->l2.filled) {
            SAME(l2.set);
            SAME(l2.way);
        }
        if (a->l2.filled) {
            SAME(l2.evicted);
            if (a->l2.evicted) {
                SAME(l2.evicted_va);
                SAME(l2.evicted_asid);
            }
        }
    }
    if (a->hit_level == VMC_HIT_WALK) {
        const vmc_walk_info *x = &a->walk;
        if (x->levels != wi->levels || x->wcache_hit != wi->wc_hit ||
            (x->levels >= 1 && (x->l1_addr != wi->l1_addr || x->l1_desc != wi->l1)) ||
            (x->levels == 2 && (x->l2_addr != wi->l2_addr || x->l2_desc != wi->l2))) {
            if (g_mismatches++ < 10) {
                fprintf(stderr, "step %lu va 0x%08x: walk detail differs (levels %d/%d)\n",
                        step, (unsigned)va, x->levels, wi->levels);
            }
            bad = 1;
        }
    }
    return bad;
}

/* ---- The run ------------------------------------------------------------------------------ */
static void run_config(const char *itlb, const char *dtlb, const char *l2, uint32_t wc,
                       uint64_t seed, unsigned long steps)
{
    g_rng = seed * 0x9E3779B97F4A7C15ULL + 1;
    tmem_clear();
    g_next_l2 = 0;
    build_tables();
    for (int i = 0; i < NHOT; i++) {
        g_hot[i] = rand_va_cold() & 0xFFFFF000u;
    }
    vmc_mmu_model *m = t_model(itlb, dtlb, l2, wc);
    static ref_mmu r;
    memset(&r, 0, sizeof r);
    const vmc_mmu_config *cfg = vmc_mmu_model_config(m);
    ref_tlb_init(&r.tlb[0], &cfg->itlb);
    ref_tlb_init(&r.tlb[1], &cfg->dtlb);
    r.has_l2 = cfg->l2tlb.sets != 0;
    if (r.has_l2) {
        ref_tlb_init(&r.tlb[2], &cfg->l2tlb);
    }
    r.wc_n = wc;

#define BOTH_WRITE(off, field, v)                                                  \
    do {                                                                           \
        uint32_t v_ = (v);                                                         \
        vmc_mmu_model_reg_write(m, (off), v_);                                     \
        r.field = v_;                                                              \
    } while (0)

    BOTH_WRITE(MMU_REG_TTBR1, ttbr1, T1_BASE);
    BOTH_WRITE(MMU_REG_TTBR0, ttbr0, T0_BASE);
    BOTH_WRITE(MMU_REG_TTBCR, ttbcr, 2);
    BOTH_WRITE(MMU_REG_DACR, dacr, DACR_ALL_CLIENT);
    BOTH_WRITE(MMU_REG_CONTEXTIDR, ctx, 0);
    BOTH_WRITE(MMU_REG_SCTLR, sctlr, 1);

    unsigned long hits = 0, bad_steps = 0, notlb_checked = 0;
    for (unsigned long step = 0; step < steps; step++) {
        if (chance(15)) {
            uint32_t k = rndn(100);
            if (k < 30) {              /* context switch */
                uint32_t asid = rndn(4);
                BOTH_WRITE(MMU_REG_CONTEXTIDR, ctx, asid | (rnd() & 0xFFFFFF00u));
                BOTH_WRITE(MMU_REG_TTBR0, ttbr0, T0_BASE + asid * 0x4000u);
            } else if (k < 45) {
                BOTH_WRITE(MMU_REG_DACR, dacr, rand_dacr());
            } else if (k < 50) {
                uint32_t ttbcr = rndn(4) == 0 ? rndn(8) : 2;
                if (rndn(10) == 0) {
                    ttbcr |= 1u << (4 + rndn(2));
                }
                BOTH_WRITE(MMU_REG_TTBCR, ttbcr, ttbcr);
            } else if (k < 54) {
                uint32_t s = 1u | (rndn(4) == 0 ? (1u << 29) : 0u);
                if (rndn(10) == 0) {
                    s &= ~1u;
                }
                BOTH_WRITE(MMU_REG_SCTLR, sctlr, s);
            } else if (k < 75) {       /* rewrite a descriptor, without maintenance */
                uint32_t t = rndn(5);
                uint32_t base = t == 0 ? T1_BASE : T0_BASE + (t - 1) * 0x4000u;
                write_l1(base, g_mibs[rndn(NMIBS)], rand_l1_desc());
            } else {                   /* maintenance */
                static const uint32_t ops[4] = {MMU_REG_TLBIALL, MMU_REG_TLBIMVA,
                                                MMU_REG_TLBIASID, MMU_REG_TLBIMVAA};
                int op = (int)rndn(4);
                uint32_t v = op == 2 ? rndn(4) : (rand_va() & 0xFFFFF000u) | rndn(4);
                vmc_mmu_model_reg_write(m, ops[op], v);
                ref_maint(&r, op, v);
            }
        }
        uint32_t va = rand_va();
        vmc_access_kind kind = (vmc_access_kind)rndn(3);
        int priv = (int)rndn(2);
        vmc_mmu_resp a, b;
        ref_walkinfo wi;
        if (step % 4 == 3) {
            /* the functional entry point must have the same effects */
            uint32_t pa;
            uint32_t fs = vmc_mmu_model_translate_fast(m, va, kind, priv, &pa);
            ref_translate(&r, va, kind, priv, &b, &wi);
            if (fs != b.fs || pa != b.pa) {
                if (g_mismatches++ < 10) {
                    fprintf(stderr, "step %lu va 0x%08x: fast fs %u pa 0x%08x, ref %u 0x%08x\n",
                            step, (unsigned)va, (unsigned)fs, (unsigned)pa, (unsigned)b.fs,
                            (unsigned)b.pa);
                }
                bad_steps++;
            }
        } else if (step % 4 == 2) {
            /* the brief entry point: the same effects, and the fields it fills */
            vmc_mmu_req q = {va, kind, priv};
            memset(&a, 0xA5, sizeof a);
            vmc_mmu_model_translate_brief(m, &q, &a);
            ref_translate(&r, va, kind, priv, &b, &wi);
            const unsigned reads = (unsigned)(wi.levels - wi.wc_hit);
            if (a.fault != b.fault || a.fs != b.fs || a.fsr != b.fsr || a.size != b.size ||
                a.hit_level != b.hit_level ||
                (a.hit_level == VMC_HIT_WALK && a.walk.mem_reads != reads)) {
                if (g_mismatches++ < 10) {
                    fprintf(stderr, "step %lu va 0x%08x: brief fault %d fs %u level %d size %d "
                            "reads %u, ref %d %u %d %d %u\n", step, (unsigned)va, a.fault,
                            (unsigned)a.fs, a.hit_level, a.size, (unsigned)a.walk.mem_reads,
                            b.fault, (unsigned)b.fs, b.hit_level, b.size, reads);
                }
                bad_steps++;
            }
        } else {
            vmc_mmu_req q = {va, kind, priv};
            vmc_mmu_model_translate(m, &q, &a);
            ref_translate(&r, va, kind, priv, &b, &wi);
            bad_steps += (unsigned long)compare(step, va, kind, priv, &a, &b, &wi);
            /* a walk that did not use the walk cache is what the TLB-less verdict gives */
            if (a.hit_level == VMC_HIT_WALK && !a.walk.wcache_hit) {
                vmc_ctrl_regs cr;
                vmc_mmu_resp c;
                vmc_mmu_model_ctrl_regs(m, &cr);
                vmc_translate_notlb(&cr, &q, tmem_r32, NULL, &c);
                char why2[160];
                if (vmc_mmu_resp_diff(&a, &c, VMC_DIFF_ARCH | VMC_DIFF_LEVEL | VMC_DIFF_WALK,
                                      why2, sizeof why2) != 0) {
                    if (g_mismatches++ < 10) {
                        fprintf(stderr, "step %lu: vmc_translate_notlb: %s\n", step, why2);
                    }
                    bad_steps++;
                }
                notlb_checked++;
            }
            /* the library's own comparison must agree that nothing differs */
            char why[160];
            if (vmc_mmu_resp_diff(&a, &b, VMC_DIFF_ARCH | VMC_DIFF_LEVEL | VMC_DIFF_TLB, why,
                                  sizeof why) != 0) {
                if (g_mismatches++ < 10) {
                    fprintf(stderr, "step %lu: vmc_mmu_resp_diff: %s\n", step, why);
                }
                bad_steps++;
            }
        }
        hits += b.hit_level == VMC_HIT_L1TLB;
        if (step % 1024 == 0 || step + 1 == steps) {
            uint32_t regs[4] = {MMU_REG_DFSR, MMU_REG_DFAR, MMU_REG_IFSR, MMU_REG_IFAR};
            uint32_t refv[4] = {r.dfsr, r.dfar, r.ifsr, r.ifar};
            for (int i = 0; i < 4; i++) {
                if (vmc_mmu_model_reg_read(m, regs[i]) != refv[i]) {
                    if (g_mismatches++ < 10) {
                        fprintf(stderr, "step %lu: fault register 0x%03x differs\n", step,
                                (unsigned)regs[i]);
                    }
                    bad_steps++;
                }
            }
            for (uint32_t i = 0; i < 17; i++) {
                if (vmc_mmu_model_reg_read(m, MMU_REG_CNT_REQUESTS + 4 * i) != r.cnt[i]) {
                    if (g_mismatches++ < 10) {
                        fprintf(stderr, "step %lu: counter %u model %u ref %u\n", step,
                                (unsigned)i,
                                (unsigned)vmc_mmu_model_reg_read(m, MMU_REG_CNT_REQUESTS + 4 * i),
                                (unsigned)r.cnt[i]);
                    }
                    bad_steps++;
                }
            }
        }
    }
    printf("  %s / %s / %s / wc %u: %lu steps, %lu L1 hits, %lu bad\n", itlb, dtlb, l2,
           (unsigned)wc, steps, hits, bad_steps);
    CHECK_EQ(bad_steps, 0);
    /* the stream must exercise hits, misses and faults */
    CHECK(hits > steps / 8);
    CHECK(r.cnt[R_WALK] > steps / 100);
    CHECK(r.cnt[R_FT] > 0 && r.cnt[R_FD] > 0 && r.cnt[R_FP] > 0 && r.cnt[R_FA] > 0);
    CHECK(r.cnt[R_WCH] > 0 || wc == 0);
    CHECK(notlb_checked > steps / 20);
    vmc_mmu_model_destroy(m);
}

static uint64_t g_seed = 1;
static unsigned long g_steps = 1000000;

static void test_lockstep(void)
{
    static const struct {
        const char *itlb, *dtlb, *l2;
        uint32_t wc;
    } cfgs[] = {
        {"1x8:plru", "4x4:lru", "16x4:fifo", 4},
        {"1x16:lru", "2x8:random", "none", 0},
        {"8x2:fifo", "1x32:plru", "8x3:random", 2},
        {"2x4:random", "16x1:lru", "4x8:plru", 8},
        {"1x4:lru", "1x2:fifo", "32x2:lru", 1},
        {"1x128:plru", "4x16:lru", "1x256:fifo", 3},
    };
    const size_t n = sizeof cfgs / sizeof cfgs[0];
    for (size_t i = 0; i < n; i++) {
        run_config(cfgs[i].itlb, cfgs[i].dtlb, cfgs[i].l2, cfgs[i].wc, g_seed + i,
                   (g_steps + n - 1) / n);
    }
}

int main(int argc, char **argv)
{
    uint64_t steps = g_steps;
    if ((argc > 1 && vmc_parse_u64(argv[1], VMC_NUM_NO_SUFFIX, UINT64_MAX, &g_seed) != VMC_NUM_OK) ||
        (argc > 2 && vmc_parse_u64(argv[2], VMC_NUM_SUFFIX_DECIMAL, ULONG_MAX, &steps) != VMC_NUM_OK)) {
        fprintf(stderr, "usage: test_random [SEED [STEPS]] (decimal, or hex with 0x)\n");
        return 2;
    }
    g_steps = (unsigned long)steps;
    printf("seed %llu, %lu translations\n", (unsigned long long)g_seed, g_steps);
    static const test_case cases[] = {{"lockstep", test_lockstep}};
    char *args[2] = {argv[0], (char *)"lockstep"};
    return test_run(2, args, cases, 1);
}
