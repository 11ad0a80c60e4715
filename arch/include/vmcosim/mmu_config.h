/*
 * The MMU's configuration, shared by every part (firmware excepted): TLB geometries and
 * replacement policies, the walk-cache size, the build-time maxima, the text form
 * "SETSxWAYS:POLICY" and the checks of docs/mmu-contract.md section 1. Part of the contract
 * (arch/); the functions are in libvmcarch.
 */
#ifndef VMCOSIM_MMU_CONFIG_H
#define VMCOSIM_MMU_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Replacement policies (docs/mmu-contract.md section 3). The numeric values are the ones
 * reported in the CFG registers (mmu_regs.h, MMU_CFG_POLICY_*). */
typedef enum {
    VMC_POLICY_LRU = 0,
    VMC_POLICY_PLRU = 1,
    VMC_POLICY_FIFO = 2,
    VMC_POLICY_RANDOM = 3
} vmc_policy;

/* One TLB's geometry. sets is a power of two >= 1; sets = 0 means "absent" (L2TLB only). */
typedef struct {
    uint32_t sets;
    uint32_t ways;
    vmc_policy policy;
} vmc_tlb_geom;

typedef struct {
    vmc_tlb_geom itlb;
    vmc_tlb_geom dtlb;
    vmc_tlb_geom l2tlb;            /* l2tlb.sets == 0: no L2TLB */
    uint32_t walk_cache_entries;   /* 0: no walk cache */
} vmc_mmu_config;

/* Build-time maxima (the RTL's CMake cache variables): sets * ways of each TLB and the walk
 * cache size must not exceed them. A zero limit allows only an absent structure. */
typedef struct {
    uint32_t itlb_entries;
    uint32_t dtlb_entries;
    uint32_t l2tlb_entries;
    uint32_t walk_cache_entries;
} vmc_mmu_limits;

/* The model's own ceilings (memory only, not architecture): ways and sets of one TLB. */
#define VMC_MODEL_MAX_WAYS        1024u
#define VMC_MODEL_MAX_SETS        65536u
#define VMC_MODEL_MAX_WCACHE      4096u

/* A reasonable default: ITLB 1x32:plru, DTLB 1x32:plru, L2TLB 64x4:lru, 8 walk-cache
 * entries. */
void vmc_mmu_config_default(vmc_mmu_config *cfg);

/* Parses the text form "SETSxWAYS:POLICY" (e.g. "1x32:plru", "64x4:lru"; policy one of lru,
 * plru, fifo, random; "0" or "none" gives an absent TLB), or "ENTRIESeWAYSw:POLICY" (entries
 * and ways, e.g. "32e32w:lru" = 1x32:lru, "256e4w:lru" = 64x4:lru; entries a multiple of ways). Returns 0 on success; otherwise -1
 * with a message naming the field and the value in err (if err != NULL). The geometry is also
 * checked (power-of-two sets, ways >= 1, plru needs power-of-two ways, model ceilings). */
int vmc_mmu_config_parse_tlb(const char *text, vmc_tlb_geom *out, char *err, size_t errlen);

/* Formats a geometry in the text form ("none" when absent). Returns snprintf's result. */
int vmc_mmu_config_format_tlb(const vmc_tlb_geom *g, char *buf, size_t buflen);

/* Name of a policy ("lru", ...), or "?" for an unknown value. */
const char *vmc_policy_name(vmc_policy p);

/* Checks a whole configuration against the contract and, if max != NULL, against the
 * build-time maxima. ITLB and DTLB must be present. Returns 0 when valid; otherwise -1 with a
 * message naming the field (e.g. "dtlb.sets") and the value. Never clamps. */
int vmc_mmu_config_check(const vmc_mmu_config *cfg, const vmc_mmu_limits *max,
                         char *err, size_t errlen);

#ifdef __cplusplus
}
#endif

#endif /* VMCOSIM_MMU_CONFIG_H */
