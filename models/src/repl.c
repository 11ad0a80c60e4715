/*
 * Replacement policies of one TLB (docs/mmu-contract.md section 3, "Victim choice"). The
 * lowest-invalid-way rule is the TLB's (tlb.c); this file is asked only when every way of the
 * set is valid, and keeps the state that hits and fills update.
 */
#include <stdlib.h>
#include <string.h>

#include "model_internal.h"

int vmc__repl_init(vmc_repl *r, const vmc_tlb_geom *g)
{
    memset(r, 0, sizeof *r);
    r->policy = g->policy;
    r->sets = g->sets;
    r->ways = g->ways;
    const size_t n = (size_t)g->sets * g->ways;
    switch (g->policy) {
    case VMC_POLICY_LRU:
        if (g->ways <= 8u) {
            r->ages8 = calloc(g->sets, sizeof *r->ages8);
            if (!r->ages8) {
                return -1;
            }
            for (uint32_t w = 0; w < g->ways; w++) {
                r->lanes |= (uint64_t)0x80u << (8u * w);
            }
            break;
        }
        r->prev = calloc(n, sizeof *r->prev);
        r->next = calloc(n, sizeof *r->next);
        r->head = calloc(g->sets, sizeof *r->head);
        r->tail = calloc(g->sets, sizeof *r->tail);
        if (!r->prev || !r->next || !r->head || !r->tail) {
            return -1;
        }
        break;
    case VMC_POLICY_PLRU:
        r->plru_words = (g->ways + 63u) / 64u;
        r->plru = calloc((size_t)g->sets * r->plru_words, sizeof *r->plru);
        r->path_mask = calloc(g->ways, sizeof *r->path_mask);
        r->path_val = calloc(g->ways, sizeof *r->path_val);
        if (!r->plru || !r->path_mask || !r->path_val) {
            return -1;
        }
        if (r->plru_words == 1u) {
            /* Leaves are heap nodes ways..2*ways-1; every node on a way's path points away
             * from it after a touch: 1 (victim to the right) when the path comes from the
             * left child, 0 otherwise. */
            for (uint32_t w = 0; w < g->ways; w++) {
                uint32_t child = g->ways + w;
                while (child > 1u) {
                    const uint32_t node = child >> 1;
                    r->path_mask[w] |= (uint64_t)1u << node;
                    if ((child & 1u) == 0) {
                        r->path_val[w] |= (uint64_t)1u << node;
                    }
                    child = node;
                }
            }
        }
        break;
    case VMC_POLICY_FIFO:
        r->fifo = calloc(g->sets, sizeof *r->fifo);
        if (!r->fifo) {
            return -1;
        }
        break;
    case VMC_POLICY_RANDOM:
        break;
    }
    vmc__repl_reset(r);
    return 0;
}

void vmc__repl_free(vmc_repl *r)
{
    free(r->prev);
    free(r->next);
    free(r->head);
    free(r->tail);
    free(r->ages8);
    free(r->plru);
    free(r->path_mask);
    free(r->path_val);
    free(r->fifo);
    memset(r, 0, sizeof *r);
}

/* lru reset: age[w] = w, i.e. the list runs 0, 1, ..., ways-1 from head to tail. */
static void lru_reset(vmc_repl *r)
{
    if (r->ages8 != NULL) {
        uint64_t x = 0;
        for (uint32_t w = 0; w < r->ways; w++) {
            x |= (uint64_t)w << (8u * w);
        }
        for (uint32_t s = 0; s < r->sets; s++) {
            r->ages8[s] = x;
        }
        return;
    }
    for (uint32_t s = 0; s < r->sets; s++) {
        const size_t b = (size_t)s * r->ways;
        for (uint32_t w = 0; w < r->ways; w++) {
            r->prev[b + w] = (uint16_t)(w == 0 ? 0 : w - 1u);
            r->next[b + w] = (uint16_t)(w + 1u == r->ways ? w : w + 1u);
        }
        r->head[s] = 0;
        r->tail[s] = (uint16_t)(r->ways - 1u);
    }
}

void vmc__repl_reset(vmc_repl *r)
{
    switch (r->policy) {
    case VMC_POLICY_LRU:
        lru_reset(r);
        break;
    case VMC_POLICY_PLRU:
        memset(r->plru, 0, (size_t)r->sets * r->plru_words * sizeof *r->plru);
        break;
    case VMC_POLICY_FIFO:
        memset(r->fifo, 0, r->sets * sizeof *r->fifo);
        break;
    case VMC_POLICY_RANDOM:
        r->lfsr = 0xACE1u;
        break;
    }
}

void vmc__repl_inval_all(vmc_repl *r)
{
    if (r->policy == VMC_POLICY_LRU) {
        lru_reset(r);
    }
}

/* 16-bit Galois LFSR, x^16 + x^14 + x^13 + x^11 + 1: shift right, XOR 0xB400 when the bit
 * shifted out is 1. */
static uint16_t lfsr_step(uint16_t v)
{
    const uint16_t out = v & 1u;
    v >>= 1;
    if (out) {
        v ^= 0xB400u;
    }
    return v;
}

uint32_t vmc__repl_victim(vmc_repl *r, uint32_t set)
{
    switch (r->policy) {
    case VMC_POLICY_LRU: {
        if (r->ages8 != NULL) {
            /* The byte equal to ways-1 (exactly one: the ages are a permutation). Zero-byte
             * detection on x ^ (ways-1); its lowest flag is exact. */
            const uint64_t ones = 0x0101010101010101ull;
            const uint64_t v = r->ages8[set] ^ ((uint64_t)(r->ways - 1u) * ones);
            const uint64_t z = (v - ones) & ~v & r->lanes;
            return (uint32_t)__builtin_ctzll(z) / 8u;
        }
        /* The way with age ways-1: the tail of the recency list. */
        return r->tail[set];
    }
    case VMC_POLICY_PLRU: {
        /* Follow the bits from the root: 0 left, 1 right. */
        const uint64_t *bits = r->plru + (size_t)set * r->plru_words;
        uint32_t node = 1;
        while (node < r->ways) {
            node = 2u * node + (uint32_t)((bits[node >> 6] >> (node & 63u)) & 1u);
        }
        return node - r->ways;
    }
    case VMC_POLICY_FIFO: {
        const uint32_t v = r->fifo[set];
        r->fifo[set] = (v + 1u == r->ways) ? 0u : v + 1u;
        return v;
    }
    case VMC_POLICY_RANDOM: {
        const uint32_t v = r->lfsr % r->ways;
        r->lfsr = lfsr_step(r->lfsr);
        return v;
    }
    }
    return 0;
}

void vmc__repl_state(const vmc_repl *r, uint32_t set, uint32_t *state)
{
    switch (r->policy) {
    case VMC_POLICY_LRU: {
        if (r->ages8 != NULL) {
            for (uint32_t w = 0; w < r->ways; w++) {
                state[w] = (uint32_t)((r->ages8[set] >> (8u * w)) & 0xFFu);
            }
            break;
        }
        /* age = position in the recency list */
        const size_t b = (size_t)set * r->ways;
        uint32_t w = r->head[set];
        for (uint32_t age = 0; age < r->ways; age++) {
            state[w] = age;
            w = r->next[b + w];
        }
        break;
    }
    case VMC_POLICY_PLRU: {
        const uint64_t *bits = r->plru + (size_t)set * r->plru_words;
        for (uint32_t i = 1; i < r->ways; i++) {
            state[i - 1u] = (uint32_t)((bits[i >> 6] >> (i & 63u)) & 1u);
        }
        break;
    }
    case VMC_POLICY_FIFO:
        state[0] = r->fifo[set];
        break;
    case VMC_POLICY_RANDOM:
        state[0] = r->lfsr;
        break;
    }
}

/* PLRU touch for more than 64 ways: walk the path from the leaf up. */
void vmc__plru_touch_wide(vmc_repl *r, uint32_t set, uint32_t way)
{
    uint64_t *bits = r->plru + (size_t)set * r->plru_words;
    uint32_t child = r->ways + way;
    while (child > 1u) {
        const uint32_t node = child >> 1;
        const uint64_t b = (uint64_t)1u << (node & 63u);
        if (child & 1u) {
            bits[node >> 6] &= ~b;
        } else {
            bits[node >> 6] |= b;
        }
        child = node;
    }
}
