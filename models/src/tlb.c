/*
 * One TLB (ITLB, DTLB or L2TLB) as docs/mmu-contract.md section 3 describes it: sets indexed
 * by the 4 KiB VPN's low bits for every page size, one entry per (page, set) the page was
 * used in, victim = lowest invalid way then the policy, and maintenance that searches every
 * set (B3.10, B4.2.2) because large pages can have copies in several sets.
 */
#include <stdlib.h>
#include <string.h>

#include "model_internal.h"

/* Invalidates entry i: mask 0 and tag 1 never match ((x & 0) != 1). */
static void ent_invalidate(vmc_tlb *t, uint32_t i)
{
    vmc_tlb_ent *e = &t->ent[i];
    memset(e, 0, sizeof *e);
    e->match_mask = 0;
    e->match_tag = 1;
    t->mmask[i] = 0;
    t->mtag[i] = 1;
}

int vmc__tlb_init(vmc_tlb *t, const vmc_tlb_geom *g)
{
    memset(t, 0, sizeof *t);
    t->geom = *g;
    if (g->sets == 0) {
        return 0;
    }
    t->present = 1;
    t->set_mask = g->sets - 1u;
    t->nent = g->sets * g->ways;
    t->ent = calloc(t->nent, sizeof *t->ent);
    t->mmask = calloc(t->nent, sizeof *t->mmask);
    t->mtag = calloc(t->nent, sizeof *t->mtag);
    t->nvalid = calloc(g->sets, sizeof *t->nvalid);
    t->gen = calloc(g->sets, sizeof *t->gen);
    t->memo = calloc(VMC_MEMO_SIZE, sizeof *t->memo);
    if (!t->ent || !t->mmask || !t->mtag || !t->nvalid || !t->gen || !t->memo ||
        vmc__repl_init(&t->repl, g) != 0) {
        vmc__tlb_free(t);
        return -1;
    }
    vmc__tlb_reset(t);
    return 0;
}

void vmc__tlb_free(vmc_tlb *t)
{
    free(t->ent);
    free(t->mmask);
    free(t->mtag);
    free(t->nvalid);
    free(t->gen);
    free(t->memo);
    vmc__repl_free(&t->repl);
    memset(t, 0, sizeof *t);
}

static void memo_clear(vmc_tlb *t)
{
    for (uint32_t i = 0; i < VMC_MEMO_SIZE; i++) {
        t->memo[i].key = VMC_MEMO_EMPTY;
        t->memo[i].gen = 0;
        t->memo[i].idx = 0;
    }
}

void vmc__tlb_reset(vmc_tlb *t)
{
    if (!t->present) {
        return;
    }
    for (uint32_t i = 0; i < t->nent; i++) {
        ent_invalidate(t, i);
    }
    memset(t->nvalid, 0, t->geom.sets * sizeof *t->nvalid);
    memset(t->gen, 0, t->geom.sets * sizeof *t->gen);
    memo_clear(t);
    t->last_key = VMC_MEMO_EMPTY;
    vmc__repl_reset(&t->repl);
}

void vmc__tlb_make_entry(vmc_tlb_ent *e, const vmc_walk_result *w, uint32_t asid)
{
    uint32_t page_mask;
    switch (w->size) {
    case VMSA_SIZE_SUPERSECTION:
        page_mask = VMSA_SUPERSECT_BASE_MASK;
        break;
    case VMSA_SIZE_SECTION:
        page_mask = VMSA_SECT_BASE_MASK;
        break;
    case VMSA_SIZE_LARGE:
        page_mask = VMSA_LARGE_BASE_MASK;
        break;
    default:
        page_mask = VMSA_SMALL_BASE_MASK;
        break;
    }
    memset(e, 0, sizeof *e);
    e->valid = 1;
    e->size = (uint8_t)w->size;
    e->attrs = w->attrs;
    e->asid = w->attrs.ng ? (uint8_t)asid : 0u;
    e->match_mask = page_mask;
    e->match_tag = w->va_base & page_mask;
    if (w->attrs.ng) {
        e->match_mask |= (uint64_t)0xFFu << 32;
        e->match_tag |= (uint64_t)(asid & 0xFFu) << 32;
    }
    e->pa_base = w->pa_base & page_mask;
    e->offset_mask = ~page_mask;
    e->perm[0] = vmc__perm_mask(w->attrs.ap, w->attrs.xn, 0);
    e->perm[1] = vmc__perm_mask(w->attrs.ap, w->attrs.xn, 1);
    e->page_level = (w->size == VMSA_SIZE_SMALL || w->size == VMSA_SIZE_LARGE);
}

static void bump_set(vmc_tlb *t, uint32_t set)
{
    t->gen[set]++;
    t->last_key = VMC_MEMO_EMPTY;
}

uint32_t vmc__tlb_fill(vmc_tlb *t, uint32_t va, const vmc_tlb_ent *src, vmc_tlb_event *ev)
{
    const uint32_t ways = t->geom.ways;
    const uint32_t set = (va >> 12) & t->set_mask;
    vmc_tlb_ent *row = t->ent + (size_t)set * ways;
    uint32_t way = ways;
    if (t->nvalid[set] < ways) {
        for (uint32_t w = 0; w < ways; w++) {
            if (!row[w].valid) {
                way = w;
                break;
            }
        }
        t->nvalid[set]++;
    }
    ev->filled = 1;
    ev->set = set;
    if (way == ways) {
        way = vmc__repl_victim(&t->repl, set);
        const vmc_tlb_ent *old = &row[way];
        ev->evicted = 1;
        ev->evicted_va = (uint32_t)old->match_tag;
        ev->evicted_asid = old->asid;
        ev->evicted_ng = old->attrs.ng;
        ev->evicted_size = old->size;
    } else {
        ev->evicted = 0;
        ev->evicted_va = 0;
        ev->evicted_asid = 0;
        ev->evicted_ng = 0;
        ev->evicted_size = 0;
    }
    ev->way = way;
    row[way] = *src;
    t->mmask[(size_t)set * ways + way] = src->match_mask;
    t->mtag[(size_t)set * ways + way] = src->match_tag;
    vmc__repl_touch(&t->repl, set, way);
    bump_set(t, set);
    return set * ways + way;
}

void vmc__tlb_inval_all(vmc_tlb *t)
{
    if (!t->present) {
        return;
    }
    for (uint32_t i = 0; i < t->nent; i++) {
        ent_invalidate(t, i);
    }
    for (uint32_t s = 0; s < t->geom.sets; s++) {
        t->nvalid[s] = 0;
        bump_set(t, s);
    }
    vmc__repl_inval_all(&t->repl);
}

/* Invalidates every valid entry for which cond holds; bumps the sets it changed. */
#define TLB_INVAL_WHERE(t, cond)                                        \
    do {                                                                \
        for (uint32_t i_ = 0; i_ < (t)->nent; i_++) {                   \
            const vmc_tlb_ent *e = &(t)->ent[i_];                       \
            if (e->valid && (cond)) {                                   \
                const uint32_t set_ = i_ / (t)->geom.ways;              \
                ent_invalidate((t), i_);                                \
                (t)->nvalid[set_]--;                                    \
                bump_set((t), set_);                                    \
            }                                                           \
        }                                                               \
    } while (0)

/* The entry's page contains mva. */
static int page_contains(const vmc_tlb_ent *e, uint32_t mva)
{
    return (mva & (uint32_t)e->match_mask) == (uint32_t)e->match_tag;
}

void vmc__tlb_inval_mva(vmc_tlb *t, uint32_t mva, uint32_t asid)
{
    if (!t->present) {
        return;
    }
    /* B4.2.2 TLBIMVA: global entries for the MVA go whatever the ASID. */
    TLB_INVAL_WHERE(t, page_contains(e, mva) && (!e->attrs.ng || e->asid == (asid & 0xFFu)));
}

void vmc__tlb_inval_asid(vmc_tlb *t, uint32_t asid)
{
    if (!t->present) {
        return;
    }
    TLB_INVAL_WHERE(t, e->attrs.ng && e->asid == (asid & 0xFFu));
}

void vmc__tlb_inval_mvaa(vmc_tlb *t, uint32_t mva)
{
    if (!t->present) {
        return;
    }
    TLB_INVAL_WHERE(t, page_contains(e, mva));
}

void vmc__tlb_entry_public(const vmc_tlb_ent *e, vmc_tlb_entry *out)
{
    memset(out, 0, sizeof *out);
    if (!e->valid) {
        return;
    }
    out->valid = 1;
    out->size = e->size;
    out->ng = e->attrs.ng;
    out->asid = e->asid;
    out->va = (uint32_t)e->match_tag;
    out->pa = e->pa_base;
    out->attrs = e->attrs;
}
