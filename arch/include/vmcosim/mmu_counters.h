/*
 * The MMU's performance counters as one structure, in register-map order (mmu_regs.h), as the
 * model reports them and the harness records them. Part of the contract (arch/).
 */
#ifndef VMCOSIM_MMU_COUNTERS_H
#define VMCOSIM_MMU_COUNTERS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Counters in register-map order (MMU_REG_CNT_REQUESTS .. MMU_REG_CNT_FLUSHES). */
typedef struct {
    uint32_t requests;
    uint32_t itlb_lookups, itlb_hits;
    uint32_t dtlb_lookups, dtlb_hits;
    uint32_t l2tlb_lookups, l2tlb_hits;
    uint32_t walks;
    uint32_t walk_cycles;          /* always 0 in the model: timing is the RTL's */
    uint32_t walks_l1, walks_l2;
    uint32_t wcache_hits;
    uint32_t fault_trans, fault_domain, fault_perm, fault_aflag;
    uint32_t flushes;
} vmc_mmu_counters;

#ifdef __cplusplus
}
#endif

#endif /* VMCOSIM_MMU_COUNTERS_H */
