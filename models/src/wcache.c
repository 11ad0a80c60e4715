/*
 * The walk cache (docs/mmu-contract.md section 4): a small fully associative cache of level-1
 * page-table descriptors keyed by the descriptor's physical address. It also records
 * VA[31:20] of the walk that filled each entry, which TLBIMVA/TLBIMVAA match. Victim: the
 * lowest invalid entry, otherwise a round-robin pointer.
 */
#include <stdlib.h>
#include <string.h>

#include "model_internal.h"

int vmc__wcache_init(vmc_wcache *wc, uint32_t entries)
{
    memset(wc, 0, sizeof *wc);
    wc->n = entries;
    if (entries == 0) {
        return 0;
    }
    wc->valid = calloc(entries, sizeof *wc->valid);
    wc->pa = calloc(entries, sizeof *wc->pa);
    wc->desc = calloc(entries, sizeof *wc->desc);
    wc->va_mb = calloc(entries, sizeof *wc->va_mb);
    if (!wc->valid || !wc->pa || !wc->desc || !wc->va_mb) {
        vmc__wcache_free(wc);
        return -1;
    }
    return 0;
}

void vmc__wcache_free(vmc_wcache *wc)
{
    free(wc->valid);
    free(wc->pa);
    free(wc->desc);
    free(wc->va_mb);
    memset(wc, 0, sizeof *wc);
}

void vmc__wcache_reset(vmc_wcache *wc)
{
    if (wc->n == 0) {
        return;
    }
    memset(wc->valid, 0, wc->n * sizeof *wc->valid);
    memset(wc->pa, 0, wc->n * sizeof *wc->pa);
    memset(wc->desc, 0, wc->n * sizeof *wc->desc);
    memset(wc->va_mb, 0, wc->n * sizeof *wc->va_mb);
    wc->ptr = 0;
}

int vmc__wcache_lookup(const vmc_wcache *wc, uint32_t pa)
{
    for (uint32_t i = 0; i < wc->n; i++) {
        if (wc->valid[i] && wc->pa[i] == pa) {
            return (int)i;
        }
    }
    return -1;
}

uint32_t vmc__wcache_fill(vmc_wcache *wc, uint32_t pa, uint32_t desc, uint32_t va_mb,
                          vmc_wcache_event *ev)
{
    uint32_t idx = wc->n;
    for (uint32_t i = 0; i < wc->n; i++) {
        if (!wc->valid[i]) {
            idx = i;
            break;
        }
    }
    if (idx == wc->n) {
        /* All valid: round robin; the pointer moves only when it chooses. */
        idx = wc->ptr;
        wc->ptr = (wc->ptr + 1u == wc->n) ? 0u : wc->ptr + 1u;
        ev->evicted = 1;
        ev->evicted_pa = wc->pa[idx];
    }
    wc->valid[idx] = 1;
    wc->pa[idx] = pa;
    wc->desc[idx] = desc;
    wc->va_mb[idx] = va_mb & 0xFFFu;
    return idx;
}

void vmc__wcache_inval_all(vmc_wcache *wc)
{
    if (wc->n > 0) {
        memset(wc->valid, 0, wc->n * sizeof *wc->valid);
    }
}

void vmc__wcache_inval_mb(vmc_wcache *wc, uint32_t va_mb)
{
    for (uint32_t i = 0; i < wc->n; i++) {
        if (wc->va_mb[i] == (va_mb & 0xFFFu)) {
            wc->valid[i] = 0;
        }
    }
}
