/*
 * Internal structures of vmcmodel shared by its source files (not installed).
 * One file per job: config.c (geometry text and checks), walk.c (descriptor walk and
 * access check), repl.c (replacement policies), tlb.c (one TLB: lookup, fill, maintenance),
 * wcache.c (walk cache), model.c (registers, counters, the translate sequence).
 */
#ifndef VMCMODEL_MODEL_INTERNAL_H
#define VMCMODEL_MODEL_INTERNAL_H

#include <stdint.h>

#include "vmcosim/mmu_model.h"

#if defined(__GNUC__)
#define VMC_LIKELY(x)   __builtin_expect(!!(x), 1)
#define VMC_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define VMC_INLINE      static inline __attribute__((always_inline))
#else
#define VMC_LIKELY(x)   (x)
#define VMC_UNLIKELY(x) (x)
#define VMC_INLINE      static inline
#endif

/* ---- Permission bits precomputed per translation -------------------------------------------
 * Bit (priv ? 3 : 0) + kind says that the access is allowed for a client domain. Kind is
 * vmc_access_kind (read 0, write 1, fetch 2). One mask for SCTLR.AFE = 0, one for AFE = 1. */
#define VMC_PERM_BIT(priv, kind) (1u << (((priv) ? 3u : 0u) + (uint32_t)(kind)))

uint8_t vmc__perm_mask(uint32_t ap, uint32_t xn, int afe);

/* ---- Walker (walk.c) ------------------------------------------------------------------ */
struct vmc_wcache;

/* Walks va; with wc != NULL the level-1 descriptor goes through the walk cache and wev says
 * what happened there. Returns 0 for a PDx fault (no memory access), 1 otherwise. */
int vmc__walk(const vmc_ctrl_regs *r, uint32_t va, vmc_read32_fn read32, void *ctx,
              struct vmc_wcache *wc, vmc_walk_result *out, vmc_wcache_event *wev);

/* ---- Walk cache (wcache.c) ------------------------------------------------------------ */
typedef struct vmc_wcache {
    uint32_t n;                /* entries; 0 = absent */
    uint32_t ptr;              /* round-robin pointer */
    uint8_t *valid;
    uint32_t *pa;
    uint32_t *desc;
    uint32_t *va_mb;
} vmc_wcache;

int vmc__wcache_init(vmc_wcache *wc, uint32_t entries);
void vmc__wcache_free(vmc_wcache *wc);
void vmc__wcache_reset(vmc_wcache *wc);
/* Returns the index that holds pa, or -1. */
int vmc__wcache_lookup(const vmc_wcache *wc, uint32_t pa);
/* Fills pa/desc/va_mb; returns the index used and reports an eviction in ev. */
uint32_t vmc__wcache_fill(vmc_wcache *wc, uint32_t pa, uint32_t desc, uint32_t va_mb,
                          vmc_wcache_event *ev);
void vmc__wcache_inval_all(vmc_wcache *wc);
void vmc__wcache_inval_mb(vmc_wcache *wc, uint32_t va_mb);

/* ---- Replacement (repl.c) ------------------------------------------------------------- */
typedef struct {
    vmc_policy policy;
    uint32_t sets, ways;
    /* lru: per set, the ways in recency order as a doubly linked list (head = age 0, tail
     * = age ways-1). Moving a used way to the head is the contract's age update (every
     * younger way ages by one), and the victim is the tail, both in O(1). */
    uint16_t *prev, *next;     /* [set * ways + way] */
    uint16_t *head, *tail;     /* [set] */
    /* lru with ways <= 8: the ages themselves, byte w of ages8[set] = age of way w, updated
     * with word-parallel compares (no dependent loads); lanes = 0x80 in each used byte. */
    uint64_t *ages8;
    uint64_t lanes;
    /* plru: tree bits per set, heap order, bit i = node i (1..ways-1, bit 0 unused), in
     * plru_words 64-bit words per set. With ways <= 64 a touch is one masked store using the
     * precomputed path of each way (path_mask: the nodes on the way's path; path_val: their
     * values after the touch). */
    uint64_t *plru;
    uint32_t plru_words;
    uint64_t *path_mask, *path_val;
    /* fifo: pointer per set. */
    uint32_t *fifo;
    /* random: the TLB's LFSR. */
    uint16_t lfsr;
} vmc_repl;

int vmc__repl_init(vmc_repl *r, const vmc_tlb_geom *g);
void vmc__repl_free(vmc_repl *r);
void vmc__repl_reset(vmc_repl *r);          /* reset state */
void vmc__repl_inval_all(vmc_repl *r);      /* what TLBIALL does: lru ages only */
uint32_t vmc__repl_victim(vmc_repl *r, uint32_t set);   /* the policy's choice (steps) */
void vmc__repl_state(const vmc_repl *r, uint32_t set, uint32_t *state);
void vmc__plru_touch_wide(vmc_repl *r, uint32_t set, uint32_t way);

/* A hit or fill of (set, way): only lru and plru keep state for it. */
VMC_INLINE void vmc__repl_touch(vmc_repl *r, uint32_t set, uint32_t way)
{
    if (r->policy == VMC_POLICY_LRU) {
        if (r->ages8 != NULL) {
            /* Every age below age[way] grows by one, age[way] becomes 0. Per byte,
             * (x | 0x80) - a keeps bit 7 iff x >= a (no borrow crosses bytes: x | 0x80 > a). */
            const uint64_t ones = 0x0101010101010101ull;
            uint64_t x = r->ages8[set];
            const uint64_t a = (x >> (8u * way)) & 0xFFu;
            const uint64_t lt = ~((x | (ones << 7)) - a * ones) & r->lanes;
            x += lt >> 7;
            x &= ~((uint64_t)0xFFu << (8u * way));
            r->ages8[set] = x;
        } else if (r->head[set] != way) {
            const size_t b = (size_t)set * r->ways;
            const uint16_t p = r->prev[b + way], n = r->next[b + way];
            /* unlink (way is not the head, so p is valid) */
            r->next[b + p] = n;
            if (r->tail[set] == way) {
                r->tail[set] = p;
            } else {
                r->prev[b + n] = p;
            }
            /* push at the head */
            r->next[b + way] = r->head[set];
            r->prev[b + r->head[set]] = (uint16_t)way;
            r->head[set] = (uint16_t)way;
        }
    } else if (r->policy == VMC_POLICY_PLRU) {
        if (VMC_LIKELY(r->plru_words == 1u)) {
            uint64_t *bits = &r->plru[set];
            *bits = (*bits & ~r->path_mask[way]) | r->path_val[way];
        } else {
            vmc__plru_touch_wide(r, set, way);
        }
    }
}

/* ---- One TLB (tlb.c) ------------------------------------------------------------------ */

/* An entry, laid out for a fast match: (va | asid << 32) & match_mask == match_tag. An
 * invalid entry has mask 0 and tag 1, so it never matches. */
typedef struct {
    uint64_t match_mask;       /* page mask in [31:0]; 0xFF << 32 when nG */
    uint64_t match_tag;        /* page base VA in [31:0]; ASID << 32 when nG */
    uint32_t pa_base;
    uint32_t offset_mask;      /* ~page mask */
    vmc_attrs attrs;
    uint8_t valid;
    uint8_t size;              /* vmsa_page_size */
    uint8_t asid;
    uint8_t perm[2];           /* permission masks for AFE = 0 / AFE = 1 */
    uint8_t page_level;        /* 1 for small and large pages (page fault codes) */
    uint8_t pad_[2];
} vmc_tlb_ent;

/* A small direct-mapped memo of recent hits: (4 KiB VPN, ASID) -> entry index. It is valid
 * while the set's generation is unchanged, and every fill or invalidation in a set bumps its
 * generation, so a memo hit is exactly what a full search of the set would find. */
#define VMC_MEMO_BITS 10u
#define VMC_MEMO_SIZE (1u << VMC_MEMO_BITS)
typedef struct {
    uint64_t gen;              /* 64-bit: never wraps within a run */
    uint32_t key;              /* VPN | ASID << 20; VMC_MEMO_EMPTY when unused */
    uint32_t idx;              /* set * ways + way */
} vmc_memo;
#define VMC_MEMO_EMPTY 0xFFFFFFFFu

typedef struct {
    vmc_tlb_geom geom;
    uint32_t present;
    uint32_t set_mask;         /* sets - 1 */
    uint32_t nent;             /* sets * ways */
    vmc_tlb_ent *ent;          /* [set * ways + way] */
    uint64_t *mmask, *mtag;    /* copies of ent[].match_mask/match_tag, searched densely */
    uint32_t *nvalid;          /* valid entries per set */
    uint64_t *gen;             /* per set */
    vmc_memo *memo;
    /* The last level-1 hit: (VPN, ASID) key and entry index, VMC_MEMO_EMPTY after any fill or
     * invalidation. That entry is the most recently used one, so a repeat hit on it changes no
     * replacement state (a touch of the newest way is a no-op for lru and plru). */
    uint32_t last_key, last_idx;
    vmc_repl repl;
} vmc_tlb;

int vmc__tlb_init(vmc_tlb *t, const vmc_tlb_geom *g);
void vmc__tlb_free(vmc_tlb *t);
void vmc__tlb_reset(vmc_tlb *t);

/* Full search of va's set: the lowest-numbered matching way, or -1. */
VMC_INLINE int vmc__tlb_search(const vmc_tlb *t, uint32_t va, uint32_t asid, uint32_t set)
{
    const uint64_t key = (uint64_t)va | ((uint64_t)asid << 32);
    const size_t base = (size_t)set * t->geom.ways;
    const uint64_t *mm = t->mmask + base;
    const uint64_t *mt = t->mtag + base;
    for (uint32_t w = 0; w < t->geom.ways; w++) {
        if ((key & mm[w]) == mt[w]) {
            return (int)w;
        }
    }
    return -1;
}

VMC_INLINE uint32_t vmc__tlb_key(uint32_t va, uint32_t asid)
{
    return (va >> 12) | (asid << 20);
}

/* Fibonacci hashing: strided page numbers spread over the slots. */
VMC_INLINE uint32_t vmc__memo_slot(uint32_t key)
{
    return (key * 0x9E3779B1u) >> (32u - VMC_MEMO_BITS);
}

/* Lookup: returns the entry index (set * ways + way) of the lowest matching way, or -1.
 * Does not touch replacement state. */
VMC_INLINE int vmc__tlb_lookup(vmc_tlb *t, uint32_t va, uint32_t asid)
{
    const uint32_t set = (va >> 12) & t->set_mask;
    const uint32_t key = vmc__tlb_key(va, asid);
    vmc_memo *mo = &t->memo[vmc__memo_slot(key)];
    if (VMC_LIKELY(mo->key == key && mo->gen == t->gen[set])) {
        return (int)mo->idx;
    }
    int w = vmc__tlb_search(t, va, asid, set);
    if (w < 0) {
        return -1;
    }
    mo->key = key;
    mo->gen = t->gen[set];
    mo->idx = set * t->geom.ways + (uint32_t)w;
    return (int)mo->idx;
}

/* Builds an entry from a successful walk result for the context asid. */
void vmc__tlb_make_entry(vmc_tlb_ent *e, const vmc_walk_result *w, uint32_t asid);

/* Fills a copy of src into va's set; reports set, way and eviction in ev. Returns the index. */
uint32_t vmc__tlb_fill(vmc_tlb *t, uint32_t va, const vmc_tlb_ent *src, vmc_tlb_event *ev);

/* Maintenance over every set. */
void vmc__tlb_inval_all(vmc_tlb *t);
void vmc__tlb_inval_mva(vmc_tlb *t, uint32_t mva, uint32_t asid);
void vmc__tlb_inval_asid(vmc_tlb *t, uint32_t asid);
void vmc__tlb_inval_mvaa(vmc_tlb *t, uint32_t mva);

void vmc__tlb_entry_public(const vmc_tlb_ent *e, vmc_tlb_entry *out);

/* ---- Model and cluster (model.c, cluster.c) ---------------------------------------------- */

/* One local maintenance command (TLBIALL, TLBIMVA, TLBIASID or TLBIMVAA offset) on m. */
void vmc__model_maintain(vmc_mmu_model *m, uint32_t offset, uint32_t value);
/* Makes m core `core` of c (of `cores` active cores): its MPIDR, and IS commands reach c. */
void vmc__model_join(vmc_mmu_model *m, vmc_mmu_cluster *c, uint32_t core, uint32_t cores);
/* Makes m use owner's L2TLB instead of its own (freed). Returns -1 and changes nothing when
 * owner has no L2TLB. */
int vmc__model_share_l2(vmc_mmu_model *m, vmc_mmu_model *owner);
/* One local maintenance command on every active core of c. */
void vmc__cluster_maintain(vmc_mmu_cluster *c, uint32_t offset, uint32_t value);

#endif /* VMCMODEL_MODEL_INTERNAL_H */
