/*
 * The MMU's performance counters, listed once. Every other list is generated from
 * VMC_MMU_COUNTERS: the enum below (register-map order: counter i is read at
 * MMU_REG_CNT_REQUESTS + 4 i), the fields of vmc_mmu_counters, the model's counter array, the
 * harness's statistics keys, and the RTL's cnt_events_t (arch/tools/gen_sv_consts.py). Part
 * of the contract (arch/); behaviour in docs/mmu-contract.md section 7, offsets in mmu_regs.h.
 */
#ifndef VMCOSIM_MMU_COUNTERS_H
#define VMCOSIM_MMU_COUNTERS_H

#include <stdint.h>

#include "vmcosim/mmu_regs.h"

#ifdef __cplusplus
extern "C" {
#endif

/* X(NAME, field, key): NAME is the suffix of MMU_REG_CNT_NAME and VMC_CNT_NAME, field the
 * member of vmc_mmu_counters, key the name in the statistics JSON ("mmuCounters"). */
#define VMC_MMU_COUNTERS(X)                                   \
    X(REQUESTS, requests, "requests")                         \
    X(ITLB_LOOKUPS, itlb_lookups, "itlbLookups")              \
    X(ITLB_HITS, itlb_hits, "itlbHits")                       \
    X(DTLB_LOOKUPS, dtlb_lookups, "dtlbLookups")              \
    X(DTLB_HITS, dtlb_hits, "dtlbHits")                       \
    X(L2TLB_LOOKUPS, l2tlb_lookups, "l2tlbLookups")           \
    X(L2TLB_HITS, l2tlb_hits, "l2tlbHits")                    \
    X(WALKS, walks, "walks")                                  \
    X(WALK_CYCLES, walk_cycles, "walkCycles")                 \
    X(WALKS_L1, walks_l1, "walksL1")                          \
    X(WALKS_L2, walks_l2, "walksL2")                          \
    X(WCACHE_HITS, wcache_hits, "wcacheHits")                 \
    X(FAULT_TRANS, fault_trans, "faultTrans")                 \
    X(FAULT_DOMAIN, fault_domain, "faultDomain")              \
    X(FAULT_PERM, fault_perm, "faultPerm")                    \
    X(FAULT_AFLAG, fault_aflag, "faultAflag")                 \
    X(FLUSHES, flushes, "flushes")

/* Counter indices in register-map order; VMC_CNT_COUNT is how many there are. */
typedef enum {
#define VMC_CNT_ENUM_(name, field, key) VMC_CNT_##name,
    VMC_MMU_COUNTERS(VMC_CNT_ENUM_)
#undef VMC_CNT_ENUM_
    VMC_CNT_COUNT
} vmc_counter;

/* Register offset of counter i. */
#define VMC_CNT_OFFSET(i) (MMU_REG_CNT_REQUESTS + 4u * (uint32_t)(i))

/* The register map and the list agree: each counter sits at its place in the list. */
#define VMC_CNT_AT_ITS_OFFSET_(name, field, key) \
    _Static_assert(MMU_REG_CNT_##name == VMC_CNT_OFFSET(VMC_CNT_##name), "MMU_REG_CNT_" #name);
#ifndef __cplusplus
VMC_MMU_COUNTERS(VMC_CNT_AT_ITS_OFFSET_)
_Static_assert(MMU_REG_CNT_LAST == VMC_CNT_OFFSET(VMC_CNT_COUNT - 1), "MMU_REG_CNT_LAST");
#endif
#undef VMC_CNT_AT_ITS_OFFSET_

/* All counters, one field each, in register-map order. walk_cycles is always 0 in the model:
 * timing is the RTL's. */
typedef struct {
#define VMC_CNT_FIELD_(name, field, key) uint32_t field;
    VMC_MMU_COUNTERS(VMC_CNT_FIELD_)
#undef VMC_CNT_FIELD_
} vmc_mmu_counters;

#ifdef __cplusplus
}
#endif

#endif /* VMCOSIM_MMU_COUNTERS_H */
