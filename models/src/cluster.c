/*
 * A cluster of model MMUs (docs/mmu-contract.md section 9): one model per core, joined so that
 * an IS command written to any of them is performed on all. The model has no time, so the
 * broadcast completes inside the write. Optionally the cores share core 0's L2TLB.
 */
#include <stdlib.h>

#include "model_internal.h"

struct vmc_mmu_cluster {
    uint32_t cores;
    vmc_mmu_model *core[MMU_MAX_CORES];
};

vmc_mmu_cluster *vmc_mmu_cluster_create(const vmc_mmu_config *cfg, uint32_t cores,
                                        vmc_read32_fn read32, void *ctx)
{
    if (cores < 1 || cores > MMU_MAX_CORES) {
        return NULL;
    }
    vmc_mmu_cluster *c = calloc(1, sizeof *c);
    if (c == NULL) {
        return NULL;
    }
    c->cores = cores;
    for (uint32_t k = 0; k < cores; k++) {
        c->core[k] = vmc_mmu_model_create(cfg, read32, ctx);
        if (c->core[k] == NULL) {
            vmc_mmu_cluster_destroy(c);
            return NULL;
        }
        vmc__model_join(c->core[k], c, k, cores);
    }
    return c;
}

void vmc_mmu_cluster_destroy(vmc_mmu_cluster *c)
{
    if (c == NULL) {
        return;
    }
    for (uint32_t k = 0; k < c->cores; k++) {
        vmc_mmu_model_destroy(c->core[k]);
    }
    free(c);
}

void vmc_mmu_cluster_reset(vmc_mmu_cluster *c)
{
    for (uint32_t k = 0; k < c->cores; k++) {
        vmc_mmu_model_reset(c->core[k]);
    }
}

uint32_t vmc_mmu_cluster_cores(const vmc_mmu_cluster *c)
{
    return c->cores;
}

vmc_mmu_model *vmc_mmu_cluster_core(vmc_mmu_cluster *c, uint32_t k)
{
    return k < c->cores ? c->core[k] : NULL;
}

void vmc_mmu_cluster_set_limits(vmc_mmu_cluster *c, const vmc_mmu_limits *max)
{
    for (uint32_t k = 0; k < c->cores; k++) {
        vmc_mmu_model_set_limits(c->core[k], max);
    }
}

int vmc_mmu_cluster_share_l2tlb(vmc_mmu_cluster *c)
{
    /* Core 0's L2TLB becomes the shared one; the check comes first so that a refusal changes
     * nothing. */
    if (vmc__model_share_l2(c->core[0], c->core[0]) != 0) {
        return -1;
    }
    for (uint32_t k = 1; k < c->cores; k++) {
        vmc__model_share_l2(c->core[k], c->core[0]);
    }
    return 0;
}

void vmc__cluster_maintain(vmc_mmu_cluster *c, uint32_t offset, uint32_t value)
{
    for (uint32_t k = 0; k < c->cores; k++) {
        vmc__model_maintain(c->core[k], offset, value);
    }
}
