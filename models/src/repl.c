/*
 * Replacement policies of one TLB (docs/mmu-contract.md section 3, "Victim choice"). The
 * lowest-invalid-way rule is the TLB's (tlb.c); this file is asked only when every way of the
 * set is valid, and keeps the state that hits and fills update.
 */
#include <stdlib.h>
#include <string.h>

#include "model_internal.h"

static uint32_t log2u(uint32_t x)
{
    uint32_t l = 0;
    while ((1u << l) < x) {
        l++;
    }
    return l;
}

int vmc__repl_init(vmc_repl *r, const vmc_tlb_geom *g)
{
    memset(r, 0, sizeof *r);
    r->policy = g->policy;
    r->sets = g->sets;
    r->ways = g->ways;
    r->ways_log2 = log2u(g->ways);
    const size_t n = (size_t)g->sets * g->ways;
    switch (g->policy) {
    case VMC_POLICY_LRU:
        r->stamp = calloc(n, sizeof *r->stamp);
        if (!r->stamp) {
            return -1;
        }
        break;
    case VMC_POLICY_PLRU:
        r->plru = calloc(n, sizeof *r->plru);
        if (!r->plru) {
            return -1;
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
    free(r->stamp);
    free(r->plru);
    free(r->fifo);
    memset(r, 0, sizeof *r);
}

/* lru reset: age[w] = w, i.e. way 0 the most recent. As stamps: way w gets ways-1-w and the
 * clock continues above them. */
static void lru_reset(vmc_repl *r)
{
    for (uint32_t s = 0; s < r->sets; s++) {
        for (uint32_t w = 0; w < r->ways; w++) {
            r->stamp[(size_t)s * r->ways + w] = (uint64_t)(r->ways - 1u - w);
        }
    }
    r->clock = r->ways - 1u;
}

void vmc__repl_reset(vmc_repl *r)
{
    switch (r->policy) {
    case VMC_POLICY_LRU:
        lru_reset(r);
        break;
    case VMC_POLICY_PLRU:
        memset(r->plru, 0, (size_t)r->sets * r->ways);
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
        /* The way with age ways-1 is the one with the smallest stamp. */
        const uint64_t *st = r->stamp + (size_t)set * r->ways;
        uint32_t v = 0;
        for (uint32_t w = 1; w < r->ways; w++) {
            if (st[w] < st[v]) {
                v = w;
            }
        }
        return v;
    }
    case VMC_POLICY_PLRU: {
        /* Follow the bits from the root: 0 left, 1 right. */
        const uint8_t *bits = r->plru + (size_t)set * r->ways;
        uint32_t node = 1;
        while (node < r->ways) {
            node = 2u * node + bits[node];
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
        /* age = number of ways used more recently */
        const uint64_t *st = r->stamp + (size_t)set * r->ways;
        for (uint32_t w = 0; w < r->ways; w++) {
            uint32_t age = 0;
            for (uint32_t o = 0; o < r->ways; o++) {
                age += st[o] > st[w];
            }
            state[w] = age;
        }
        break;
    }
    case VMC_POLICY_PLRU: {
        const uint8_t *bits = r->plru + (size_t)set * r->ways;
        for (uint32_t i = 1; i < r->ways; i++) {
            state[i - 1u] = bits[i];
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
