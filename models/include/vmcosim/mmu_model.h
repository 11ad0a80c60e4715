/*
 * vmcmodel: the C reference model of the vmcosim MMU.
 *
 * An ARMv7-A short-descriptor translation table walker (DDI 0406C, chapter B3) over a
 * physical memory reached through a read callback, and a TLB model with the same hierarchy
 * (ITLB, DTLB, optional unified L2TLB, walk cache), geometry and replacement policies as the
 * RTL. For the same configuration, register writes and requests it predicts every answer,
 * hit, miss, victim and counter of the RTL (all counters except WALK_CYCLES), exactly as
 * docs/mmu-contract.md specifies. Used as the oracle of the RTL tests, as the lockstep checker
 * of the co-simulation and as a fast functional MMU. See docs/model.md.
 *
 * The types it shares with every other part (configuration, request and response, counters)
 * and the register and descriptor layouts are the contract's, in arch/include/vmcosim/:
 * mmu_config.h, mmu_xlat.h, mmu_counters.h, mmu_regs.h, armv7_vmsa.h. All structures are
 * plain data; the model never allocates after vmc_mmu_model_create(). The header only grows:
 * fields and functions are added, never changed.
 */
#ifndef VMCOSIM_MMU_MODEL_H
#define VMCOSIM_MMU_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "vmcosim/armv7_vmsa.h"
#include "vmcosim/mmu_regs.h"
#include "vmcosim/mmu_config.h"
#include "vmcosim/mmu_xlat.h"
#include "vmcosim/mmu_counters.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Physical memory: returns the 32-bit little-endian word at the 4-byte-aligned address pa.
 * The model calls it only for descriptor reads. */
typedef uint32_t (*vmc_read32_fn)(void *ctx, uint32_t pa);

/* ---- The walker alone (no TLB, no walk cache, no counters) ------------------------------ */

/* The registers a translation depends on (values as written to the register block). */
typedef struct {
    uint32_t sctlr, ttbr0, ttbr1, ttbcr, dacr, contextidr;
} vmc_ctrl_regs;

typedef struct {
    vmc_fault_kind fault;          /* NONE, TRANSLATION or ACCESS_FLAG */
    uint32_t fs;                   /* FS[4:0] */
    uint32_t domain;               /* domain of the translation, or reported with the fault */
    vmsa_page_size size;           /* VMSA_SIZE_NONE on a fault */
    uint32_t pa;                   /* PA of the walked VA */
    uint32_t va_base, pa_base;     /* the page's base addresses */
    vmc_attrs attrs;
    vmc_walk_info info;            /* wcache_hit is always 0 here */
} vmc_walk_result;

/* Walks the tables for va (B3.5, B3.6 access flag) with regs, ignoring SCTLR.M (it always
 * walks; TTBCR.N/PDx, TTBRs and SCTLR.AFE apply). Domain and permission are not checked. */
void vmc_walk(const vmc_ctrl_regs *regs, uint32_t va, vmc_read32_fn read32, void *ctx,
              vmc_walk_result *out);

/* Domain (B3.7.3) and permission (B3.6.1, B3.7.2 XN) check of one access to a translation
 * with these attributes, under regs' DACR and SCTLR.AFE. Returns VMC_FAULT_NONE,
 * VMC_FAULT_DOMAIN or VMC_FAULT_PERMISSION. */
vmc_fault_kind vmc_access_check(const vmc_ctrl_regs *regs, const vmc_attrs *attrs,
                                vmc_access_kind kind, int priv);

/* The full verdict of one request without any TLB: flat with SCTLR.M = 0, otherwise walk
 * plus checks. Fills resp as the model would on a walk (no TLB or walk-cache events, l1 and
 * l2 not looked up) and computes resp.fsr, but writes no register. */
void vmc_translate_notlb(const vmc_ctrl_regs *regs, const vmc_mmu_req *req,
                         vmc_read32_fn read32, void *ctx, vmc_mmu_resp *resp);

/* ---- The model -------------------------------------------------------------------------- */

typedef struct vmc_mmu_model vmc_mmu_model;

/* Creates a model in its reset state (all registers 0, TLBs empty, counters 0, replacement
 * state as at reset). Returns NULL if cfg fails vmc_mmu_config_check(cfg, NULL) or memory
 * runs out. */
vmc_mmu_model *vmc_mmu_model_create(const vmc_mmu_config *cfg, vmc_read32_fn read32,
                                    void *ctx);
void vmc_mmu_model_destroy(vmc_mmu_model *m);

/* Reset: registers, TLBs, walk cache, replacement state and counters as after create. */
void vmc_mmu_model_reset(vmc_mmu_model *m);

/* The maxima reported in the CFG registers (default: the configuration itself). */
void vmc_mmu_model_set_limits(vmc_mmu_model *m, const vmc_mmu_limits *max);

const vmc_mmu_config *vmc_mmu_model_config(const vmc_mmu_model *m);

/* Register access at a byte offset of the register block (mmu_regs.h), with the effects of
 * the hardware: command registers run maintenance, CNT_CTRL bit 0 zeroes the counters,
 * read-only registers ignore writes. Unknown offsets read 0 and ignore writes. */
void vmc_mmu_model_reg_write(vmc_mmu_model *m, uint32_t offset, uint32_t value);
uint32_t vmc_mmu_model_reg_read(const vmc_mmu_model *m, uint32_t offset);

/* The current translation registers. */
void vmc_mmu_model_ctrl_regs(const vmc_mmu_model *m, vmc_ctrl_regs *out);

/* Translates one request, updating TLBs, walk cache, replacement state, counters and, on a
 * fault, DFSR/DFAR or IFSR/IFAR. Returns resp->fault. */
vmc_fault_kind vmc_mmu_model_translate(vmc_mmu_model *m, const vmc_mmu_req *req,
                                       vmc_mmu_resp *resp);

/* Same effects as vmc_mmu_model_translate, filling only what a trace-driven harness counts:
 * resp->fault, fs, fsr, size, hit_level and, on a walk, walk.mem_reads (the rest of resp is
 * left as it was). Faster on the hit path. Returns resp->fault. */
vmc_fault_kind vmc_mmu_model_translate_brief(vmc_mmu_model *m, const vmc_mmu_req *req,
                                             vmc_mmu_resp *resp);

/* Same effects as vmc_mmu_model_translate, for functional mode: returns the PA in *pa and the
 * FS[4:0] code (VMSA_FS_NONE on success) without filling a response. */
uint32_t vmc_mmu_model_translate_fast(vmc_mmu_model *m, uint32_t va, vmc_access_kind kind,
                                      int priv, uint32_t *pa);

/* The counters (mmu_counters.h) as the register block holds them. A model in a cluster counts
 * in FLUSHES every command it performs, its own and the IS commands of the other cores. */
void vmc_mmu_model_counters(const vmc_mmu_model *m, vmc_mmu_counters *out);

/* ---- A cluster of cores (docs/mmu-contract.md section 9) -------------------------------- */

/* `cores` models (1..MMU_MAX_CORES) with the same configuration over the same memory, each with
 * its own registers, TLBs, walk cache and counters. An IS command written to any core's
 * register block (vmc_mmu_model_reg_write) is performed at once on every core; BCAST_SYNC
 * therefore always reads 0 (the RTL decides how long the broadcast takes). MPIDR of core k
 * reads k | (cores - 1) << 8. Returns NULL on a bad configuration, a core count out of range
 * or no memory. A lone model (vmc_mmu_model_create) is a cluster of one core with MPIDR 0. */
typedef struct vmc_mmu_cluster vmc_mmu_cluster;

vmc_mmu_cluster *vmc_mmu_cluster_create(const vmc_mmu_config *cfg, uint32_t cores,
                                        vmc_read32_fn read32, void *ctx);
void vmc_mmu_cluster_destroy(vmc_mmu_cluster *c);
/* Resets every core (registers, TLBs, counters); MPIDR stays. */
void vmc_mmu_cluster_reset(vmc_mmu_cluster *c);
uint32_t vmc_mmu_cluster_cores(const vmc_mmu_cluster *c);
/* Core k (k < cores), owned by the cluster; translate and access its registers with the
 * vmc_mmu_model_* functions. NULL if k is out of range. */
vmc_mmu_model *vmc_mmu_cluster_core(vmc_mmu_cluster *c, uint32_t k);
/* The maxima reported in every core's CFG registers. */
void vmc_mmu_cluster_set_limits(vmc_mmu_cluster *c, const vmc_mmu_limits *max);
/* One L2TLB for every core from now on (docs/mmu-contract.md section 9, the shared L2TLB of
 * mmu_cluster's l2tlb_shared_i): core 0's, with the configured geometry. Call once after
 * vmc_mmu_cluster_create, before any translation. Each core still counts its own L2TLB lookups
 * and hits and reports the fills its requests cause; every maintenance command any core
 * performs (local or IS) also acts on the shared L2TLB; entries carry no core (ASIDs are
 * system-wide). Resetting any core (or the cluster) empties the shared L2TLB; inspection of
 * level VMC_TLB_L2 on any core reads it. Returns 0, or -1 (and changes nothing) when the
 * configuration has no L2TLB. */
int vmc_mmu_cluster_share_l2tlb(vmc_mmu_cluster *c);

/* ---- Inspection (tests, debugging, lockstep reports) ------------------------------------ */

typedef enum {
    VMC_TLB_ITLB = 0,
    VMC_TLB_DTLB = 1,
    VMC_TLB_L2 = 2
} vmc_tlb_level;

typedef struct {
    uint8_t valid;
    uint8_t size;                  /* vmsa_page_size */
    uint8_t ng;
    uint8_t asid;                  /* ASID of the filling context; 0 for a global entry */
    uint32_t va;                   /* page base VA */
    uint32_t pa;                   /* page base PA */
    vmc_attrs attrs;
} vmc_tlb_entry;

/* Reads one TLB entry. Returns 0, or -1 if the level is absent or set/way out of range. */
int vmc_mmu_model_tlb_entry(const vmc_mmu_model *m, vmc_tlb_level level, uint32_t set,
                            uint32_t way, vmc_tlb_entry *out);

/* Replacement state of one set, in the contract's terms: for lru the age of each way
 * (0 = most recent), for plru the tree bits (state[i-1] = node i, i = 1..ways-1), for fifo
 * the pointer in state[0], for random the TLB's LFSR in state[0]. state must hold `ways`
 * values. Returns 0, or -1 if the level is absent or set out of range. */
int vmc_mmu_model_repl_state(const vmc_mmu_model *m, vmc_tlb_level level, uint32_t set,
                             uint32_t *state);

typedef struct {
    uint8_t valid;
    uint32_t pa;                   /* descriptor physical address (the key) */
    uint32_t desc;                 /* the level-1 page-table descriptor */
    uint32_t va_mb;                /* VA[31:20] of the walk that filled it */
} vmc_wcache_entry;

/* Reads one walk-cache entry. Returns 0, or -1 if index is out of range. */
int vmc_mmu_model_wcache_entry(const vmc_mmu_model *m, uint32_t index, vmc_wcache_entry *out);

#ifdef __cplusplus
}
#endif

#endif /* VMCOSIM_MMU_MODEL_H */
