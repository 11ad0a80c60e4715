/*
 * One translation as every part sees it: the request, the response (address, fault, attributes,
 * where the answer came from, what the TLBs, the walker and the walk cache did) and the
 * field-by-field comparison of two responses used by lockstep checking. Part of the contract
 * (arch/, docs/mmu-contract.md); vmc_mmu_resp_diff is in libvmcarch.
 */
#ifndef VMCOSIM_MMU_XLAT_H
#define VMCOSIM_MMU_XLAT_H

#include <stddef.h>
#include <stdint.h>

#include "vmcosim/armv7_vmsa.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    VMC_ACCESS_READ = 0,
    VMC_ACCESS_WRITE = 1,
    VMC_ACCESS_FETCH = 2
} vmc_access_kind;

typedef struct {
    uint32_t va;
    vmc_access_kind kind;
    int priv;                      /* 1 privileged, 0 user */
} vmc_mmu_req;

/* Fault kinds; the exact code (section or page) is in resp.fs. */
typedef enum {
    VMC_FAULT_NONE = 0,
    VMC_FAULT_TRANSLATION = 1,
    VMC_FAULT_ACCESS_FLAG = 2,
    VMC_FAULT_DOMAIN = 3,
    VMC_FAULT_PERMISSION = 4
} vmc_fault_kind;

/* Where the answer came from. A TTBCR.PDx fault is VMC_HIT_WALK with walk.levels == 0. */
typedef enum {
    VMC_HIT_FLAT = 0,              /* SCTLR.M = 0: PA = VA, no TLB consulted */
    VMC_HIT_L1TLB = 1,             /* the ITLB (fetch) or the DTLB (read, write) */
    VMC_HIT_L2TLB = 2,
    VMC_HIT_WALK = 3
} vmc_hit_level;

/* Translation attributes, each field right-aligned (masks and shifts, no bitfields). */
typedef struct {
    uint8_t tex;                   /* TEX[2:0] */
    uint8_t c, b, s, ng, xn;       /* 0 or 1 */
    uint8_t ap;                    /* AP[2:0] = AP[2]<<2 | AP[1:0] */
    uint8_t domain;                /* 0..15; 0 for supersections */
} vmc_attrs;

/* What a walk read. Valid when resp.hit_level == VMC_HIT_WALK. */
typedef struct {
    uint8_t levels;                /* descriptors used: 0 (PDx fault), 1 or 2 */
    uint8_t mem_reads;             /* memory reads done: levels minus a walk-cache hit */
    uint8_t wcache_hit;            /* the L1 descriptor came from the walk cache */
    uint8_t ttbr;                  /* TTBR used: 0 or 1 */
    uint32_t l1_addr, l1_desc;     /* valid when levels >= 1 */
    uint32_t l2_addr, l2_desc;     /* valid when levels == 2 */
} vmc_walk_info;

/* What happened in one TLB level during a request. */
typedef struct {
    uint8_t looked_up;             /* this level was searched */
    uint8_t hit;                   /* ... and matched: set/way is the matching way */
    uint8_t filled;                /* an entry was written: set/way is the filled way */
    uint8_t evicted;               /* the fill replaced a valid entry, described below */
    uint32_t set, way;
    uint32_t evicted_va;           /* page base VA of the replaced entry */
    uint8_t evicted_asid;          /* 0 when the replaced entry is global */
    uint8_t evicted_ng;
    uint8_t evicted_size;          /* vmsa_page_size */
    uint8_t reserved_;
} vmc_tlb_event;

/* What happened in the walk cache. Valid when resp.hit_level == VMC_HIT_WALK. */
typedef struct {
    uint8_t looked_up;
    uint8_t hit;
    uint8_t filled;
    uint8_t evicted;               /* the fill replaced a valid entry */
    uint32_t index;                /* entry that hit or was filled */
    uint32_t evicted_pa;           /* descriptor PA of the replaced entry */
} vmc_wcache_event;

typedef struct {
    uint32_t pa;                   /* 0 on a fault */
    vmc_fault_kind fault;
    uint32_t fs;                   /* FS[4:0], VMSA_FS_* (VMSA_FS_NONE when no fault) */
    uint32_t fsr;                  /* the DFSR/IFSR value written on a fault, else 0 */
    vmc_attrs attrs;               /* on a fault only attrs.domain (the domain reported) */
    vmsa_page_size size;           /* VMSA_SIZE_NONE on a fault and with SCTLR.M = 0 */
    vmc_hit_level hit_level;
    vmc_tlb_event l1;              /* the ITLB or DTLB, whichever the kind selects */
    vmc_tlb_event l2;              /* looked_up = 0 unless the L2TLB was searched */
    vmc_walk_info walk;            /* valid when hit_level == VMC_HIT_WALK */
    vmc_wcache_event wcache;       /* valid when hit_level == VMC_HIT_WALK */
} vmc_mmu_resp;


/* Field groups compared by vmc_mmu_resp_diff. */
#define VMC_DIFF_ARCH   0x1u   /* fault, fs, fsr, pa, size, attrs: the architectural answer */
#define VMC_DIFF_LEVEL  0x2u   /* hit_level */
#define VMC_DIFF_TLB    0x4u   /* l1 and l2 events: hit/fill, set, way, eviction, victim */
#define VMC_DIFF_WALK   0x8u   /* walk detail and walk-cache hit (when hit_level is WALK) */
#define VMC_DIFF_ALL    0xFu
/* The part of VMC_DIFF_TLB a cycle-level MMU reports (the RTL's fill ports): l1 and l2 filled,
 * and set, way and evicted when both filled. Not with VMC_DIFF_TLB, which includes it. */
#define VMC_DIFF_FILLS  0x10u

/* Compares two responses for one request (e.g. the model's and one built from the RTL's
 * outputs) over the field groups in `groups`, only where the contract defines the fields
 * (set/way when hit or filled, victim when evicted, walk detail on walks). Returns the number
 * of differing fields and describes the first ones in buf ("pa 0x1000 != 0x2000; ..."), which
 * may be NULL. */
int vmc_mmu_resp_diff(const vmc_mmu_resp *a, const vmc_mmu_resp *b, unsigned groups,
                      char *buf, size_t buflen);

#ifdef __cplusplus
}
#endif

#endif /* VMCOSIM_MMU_XLAT_H */
