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
 * Conventions: register offsets and fields come from mmu_regs.h, descriptor fields and fault
 * status codes from armv7_vmsa.h. All structures are plain data; the model never allocates
 * after vmc_mmu_model_create(). The header only grows: fields and functions are added, never
 * changed.
 */
#ifndef VMCOSIM_MMU_MODEL_H
#define VMCOSIM_MMU_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "vmcosim/armv7_vmsa.h"
#include "vmcosim/mmu_regs.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Configuration ---------------------------------------------------------------------- */

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

/* ---- Requests and responses ------------------------------------------------------------- */

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

/* Same effects as vmc_mmu_model_translate, for functional mode: returns the PA in *pa and the
 * FS[4:0] code (VMSA_FS_NONE on success) without filling a response. */
uint32_t vmc_mmu_model_translate_fast(vmc_mmu_model *m, uint32_t va, vmc_access_kind kind,
                                      int priv, uint32_t *pa);

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

void vmc_mmu_model_counters(const vmc_mmu_model *m, vmc_mmu_counters *out);

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

/* ---- Lockstep comparison ----------------------------------------------------------------- */

/* Field groups compared by vmc_mmu_resp_diff. */
#define VMC_DIFF_ARCH   0x1u   /* fault, fs, fsr, pa, size, attrs: the architectural answer */
#define VMC_DIFF_LEVEL  0x2u   /* hit_level */
#define VMC_DIFF_TLB    0x4u   /* l1 and l2 events: hit/fill, set, way, eviction, victim */
#define VMC_DIFF_WALK   0x8u   /* walk detail and walk-cache hit (when hit_level is WALK) */
#define VMC_DIFF_ALL    0xFu

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

#endif /* VMCOSIM_MMU_MODEL_H */
