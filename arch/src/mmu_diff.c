/*
 * Field-by-field comparison of two responses, for lockstep checking (the co-simulation runs
 * the model next to the RTL) and for tests. Only fields that the contract defines for the
 * request are compared, so that "don't care" values cannot cause false alarms.
 */
#include <stdio.h>

#include "vmcosim/mmu_xlat.h"

typedef struct {
    char *buf;
    size_t len, used;
    int count;
} diff_out;

static void note(diff_out *d, const char *name, uint32_t a, uint32_t b)
{
    if (a == b) {
        return;
    }
    d->count++;
    if (d->buf == NULL || d->len == 0 || d->used >= d->len) {
        return;
    }
    int n = snprintf(d->buf + d->used, d->len - d->used, "%s%s 0x%x != 0x%x",
                     d->used ? "; " : "", name, (unsigned)a, (unsigned)b);
    if (n > 0) {
        d->used += (size_t)n;
    }
}

static void diff_event(diff_out *d, const char *lv, const vmc_tlb_event *a,
                       const vmc_tlb_event *b)
{
    char name[32];
#define EV(field)                                                     \
    do {                                                              \
        snprintf(name, sizeof name, "%s.%s", lv, #field);             \
        note(d, name, a->field, b->field);                            \
    } while (0)
    EV(looked_up);
    if (!a->looked_up || !b->looked_up) {
        return;
    }
    EV(hit);
    EV(filled);
    if ((a->hit || a->filled) && (b->hit || b->filled)) {
        EV(set);
        EV(way);
    }
    if (a->filled && b->filled) {
        EV(evicted);
        if (a->evicted && b->evicted) {
            EV(evicted_va);
            EV(evicted_ng);
            if (a->evicted_ng && b->evicted_ng) {
                EV(evicted_asid);   /* a global entry's ASID field is a don't-care */
            }
            EV(evicted_size);
        }
    }
#undef EV
}

/* What a cycle-level MMU reports of a level: whether it filled, where, and whether it evicted. */
static void diff_fill(diff_out *d, const char *lv, const vmc_tlb_event *a, const vmc_tlb_event *b)
{
    char name[32];
    snprintf(name, sizeof name, "%s.filled", lv);
    note(d, name, a->filled, b->filled);
    if (!a->filled || !b->filled) {
        return;
    }
    snprintf(name, sizeof name, "%s.set", lv);
    note(d, name, a->set, b->set);
    snprintf(name, sizeof name, "%s.way", lv);
    note(d, name, a->way, b->way);
    snprintf(name, sizeof name, "%s.evicted", lv);
    note(d, name, a->evicted, b->evicted);
}

int vmc_mmu_resp_diff(const vmc_mmu_resp *a, const vmc_mmu_resp *b, unsigned groups,
                      char *buf, size_t buflen)
{
    diff_out d = {buf, buflen, 0, 0};
    if (buf != NULL && buflen > 0) {
        buf[0] = '\0';
    }
    if (groups & VMC_DIFF_ARCH) {
        note(&d, "fault", (uint32_t)a->fault, (uint32_t)b->fault);
        note(&d, "fs", a->fs, b->fs);
        note(&d, "fsr", a->fsr, b->fsr);
        note(&d, "pa", a->pa, b->pa);
        note(&d, "size", (uint32_t)a->size, (uint32_t)b->size);
        note(&d, "tex", a->attrs.tex, b->attrs.tex);
        note(&d, "c", a->attrs.c, b->attrs.c);
        note(&d, "b", a->attrs.b, b->attrs.b);
        note(&d, "s", a->attrs.s, b->attrs.s);
        note(&d, "ng", a->attrs.ng, b->attrs.ng);
        note(&d, "xn", a->attrs.xn, b->attrs.xn);
        note(&d, "ap", a->attrs.ap, b->attrs.ap);
        note(&d, "domain", a->attrs.domain, b->attrs.domain);
    }
    if (groups & VMC_DIFF_LEVEL) {
        note(&d, "hit_level", (uint32_t)a->hit_level, (uint32_t)b->hit_level);
    }
    const int flat = a->hit_level == VMC_HIT_FLAT || b->hit_level == VMC_HIT_FLAT;
    if ((groups & VMC_DIFF_TLB) && !flat) {
        diff_event(&d, "l1", &a->l1, &b->l1);
        diff_event(&d, "l2", &a->l2, &b->l2);
    }
    if ((groups & VMC_DIFF_FILLS) && !(groups & VMC_DIFF_TLB)) {
        diff_fill(&d, "l1", &a->l1, &b->l1);
        diff_fill(&d, "l2", &a->l2, &b->l2);
    }
    if ((groups & VMC_DIFF_WALK) && a->hit_level == VMC_HIT_WALK &&
        b->hit_level == VMC_HIT_WALK) {
        note(&d, "walk.levels", a->walk.levels, b->walk.levels);
        note(&d, "walk.mem_reads", a->walk.mem_reads, b->walk.mem_reads);
        note(&d, "walk.wcache_hit", a->walk.wcache_hit, b->walk.wcache_hit);
        if (a->walk.levels == b->walk.levels && a->walk.levels >= 1) {
            note(&d, "walk.ttbr", a->walk.ttbr, b->walk.ttbr);
            note(&d, "walk.l1_addr", a->walk.l1_addr, b->walk.l1_addr);
            note(&d, "walk.l1_desc", a->walk.l1_desc, b->walk.l1_desc);
        }
        if (a->walk.levels == 2 && b->walk.levels == 2) {
            note(&d, "walk.l2_addr", a->walk.l2_addr, b->walk.l2_addr);
            note(&d, "walk.l2_desc", a->walk.l2_desc, b->walk.l2_desc);
        }
    }
    return d.count;
}
