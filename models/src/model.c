/*
 * The MMU model: the register block (docs/mmu-contract.md section 6, mmu_regs.h), the
 * counters (section 7) and the sequence of one request (sections 2 and 3): flat with
 * SCTLR.M = 0; otherwise level-1 TLB, L2TLB, walk; fills; domain and permission checks on the
 * answer; fault registers.
 */
#include <stdlib.h>
#include <string.h>

#include "model_internal.h"

struct vmc_mmu_model {
    vmc_mmu_config cfg;
    vmc_mmu_limits limits;
    vmc_read32_fn read32;
    void *ctx;
    vmc_ctrl_regs r;
    uint32_t dfsr, dfar, ifsr, ifar;
    uint32_t cnt[VMC_CNT_COUNT];
    vmc_tlb tlb[3];            /* indexed by vmc_tlb_level */
    /* The L2TLB this core uses: &tlb[VMC_TLB_L2], or core 0's in a cluster that shares it
     * (then this core's own tlb[VMC_TLB_L2] is freed and absent). */
    vmc_tlb *l2;
    vmc_wcache wc;
    uint32_t mpidr;            /* MPIDR: 0 for a lone model */
    vmc_mmu_cluster *cluster;  /* the cluster this is a core of, or NULL */
};

vmc_mmu_model *vmc_mmu_model_create(const vmc_mmu_config *cfg, vmc_read32_fn read32,
                                    void *ctx)
{
    if (vmc_mmu_config_check(cfg, NULL, NULL, 0) != 0 || read32 == NULL) {
        return NULL;
    }
    vmc_mmu_model *m = calloc(1, sizeof *m);
    if (m == NULL) {
        return NULL;
    }
    m->cfg = *cfg;
    m->read32 = read32;
    m->ctx = ctx;
    m->limits.itlb_entries = cfg->itlb.sets * cfg->itlb.ways;
    m->limits.dtlb_entries = cfg->dtlb.sets * cfg->dtlb.ways;
    m->limits.l2tlb_entries = cfg->l2tlb.sets * cfg->l2tlb.ways;
    m->limits.walk_cache_entries = cfg->walk_cache_entries;
    m->l2 = &m->tlb[VMC_TLB_L2];
    if (vmc__tlb_init(&m->tlb[VMC_TLB_ITLB], &cfg->itlb) != 0 ||
        vmc__tlb_init(&m->tlb[VMC_TLB_DTLB], &cfg->dtlb) != 0 ||
        vmc__tlb_init(&m->tlb[VMC_TLB_L2], &cfg->l2tlb) != 0 ||
        vmc__wcache_init(&m->wc, cfg->walk_cache_entries) != 0) {
        vmc_mmu_model_destroy(m);
        return NULL;
    }
    return m;
}

void vmc_mmu_model_destroy(vmc_mmu_model *m)
{
    if (m == NULL) {
        return;
    }
    for (int i = 0; i < 3; i++) {
        vmc__tlb_free(&m->tlb[i]);
    }
    vmc__wcache_free(&m->wc);
    free(m);
}

void vmc_mmu_model_reset(vmc_mmu_model *m)
{
    memset(&m->r, 0, sizeof m->r);
    m->dfsr = m->dfar = m->ifsr = m->ifar = 0;
    memset(m->cnt, 0, sizeof m->cnt);
    vmc__tlb_reset(&m->tlb[VMC_TLB_ITLB]);
    vmc__tlb_reset(&m->tlb[VMC_TLB_DTLB]);
    vmc__tlb_reset(m->l2);
    vmc__wcache_reset(&m->wc);
}

void vmc_mmu_model_set_limits(vmc_mmu_model *m, const vmc_mmu_limits *max)
{
    m->limits = *max;
}

const vmc_mmu_config *vmc_mmu_model_config(const vmc_mmu_model *m)
{
    return &m->cfg;
}

void vmc_mmu_model_ctrl_regs(const vmc_mmu_model *m, vmc_ctrl_regs *out)
{
    *out = m->r;
}

/* The TLB of a level as this core sees it (the L2TLB may be the cluster's shared one). */
static vmc_tlb *level_tlb(vmc_mmu_model *m, int level)
{
    return level == VMC_TLB_L2 ? m->l2 : &m->tlb[level];
}

/* ---- Maintenance (contract section 5) --------------------------------------------------- */

void vmc__model_maintain(vmc_mmu_model *m, uint32_t offset, uint32_t value)
{
    const uint32_t mva = value & MMU_TLBI_MVA_MASK;
    const uint32_t asid = value & MMU_TLBI_ASID_MASK;
    for (int i = 0; i < 3; i++) {
        vmc_tlb *t = level_tlb(m, i);
        switch (offset) {
        case MMU_REG_TLBIALL:
            vmc__tlb_inval_all(t);
            break;
        case MMU_REG_TLBIMVA:
            vmc__tlb_inval_mva(t, mva, asid);
            break;
        case MMU_REG_TLBIASID:
            vmc__tlb_inval_asid(t, asid);
            break;
        default:
            vmc__tlb_inval_mvaa(t, mva);
            break;
        }
    }
    /* The walk cache is keyed by address: by-ASID and all drop everything, by-MVA drops the
     * entries filled by a walk of that MiB. */
    if (offset == MMU_REG_TLBIALL || offset == MMU_REG_TLBIASID) {
        vmc__wcache_inval_all(&m->wc);
    } else {
        vmc__wcache_inval_mb(&m->wc, mva >> 20);
    }
    m->cnt[VMC_CNT_FLUSHES]++;
}

void vmc__model_join(vmc_mmu_model *m, vmc_mmu_cluster *c, uint32_t core, uint32_t cores)
{
    m->cluster = c;
    m->mpidr = (core & MMU_MPIDR_CORE_MASK) |
               (((cores - 1u) << MMU_MPIDR_CORES_SHIFT) & MMU_MPIDR_CORES_MASK);
}

int vmc__model_share_l2(vmc_mmu_model *m, vmc_mmu_model *owner)
{
    if (!owner->l2->present) {
        return -1;
    }
    if (m != owner) {
        vmc__tlb_free(&m->tlb[VMC_TLB_L2]);
        m->l2 = owner->l2;
    }
    return 0;
}

/* ---- Register block ---------------------------------------------------------------------- */

void vmc_mmu_model_reg_write(vmc_mmu_model *m, uint32_t offset, uint32_t value)
{
    switch (offset) {
    case MMU_REG_SCTLR: m->r.sctlr = value; break;
    case MMU_REG_TTBR0: m->r.ttbr0 = value; break;
    case MMU_REG_TTBR1: m->r.ttbr1 = value; break;
    case MMU_REG_TTBCR: m->r.ttbcr = value; break;
    case MMU_REG_DACR: m->r.dacr = value; break;
    case MMU_REG_CONTEXTIDR: m->r.contextidr = value; break;
    case MMU_REG_DFSR: m->dfsr = value; break;
    case MMU_REG_DFAR: m->dfar = value; break;
    case MMU_REG_IFSR: m->ifsr = value; break;
    case MMU_REG_IFAR: m->ifar = value; break;
    case MMU_REG_TLBIALL:
    case MMU_REG_TLBIMVA:
    case MMU_REG_TLBIASID:
    case MMU_REG_TLBIMVAA:
        vmc__model_maintain(m, offset, value);
        break;
    case MMU_REG_TLBIALLIS:
    case MMU_REG_TLBIMVAIS:
    case MMU_REG_TLBIASIDIS:
    case MMU_REG_TLBIMVAAIS: {
        /* The local twin, here and (in a cluster) on every other core, at once: the model
         * has no time, so BCAST_SYNC never reads busy (contract section 9). */
        const uint32_t local = offset - (MMU_REG_TLBIALLIS - MMU_REG_TLBIALL);
        if (m->cluster != NULL) {
            vmc__cluster_maintain(m->cluster, local, value);
        } else {
            vmc__model_maintain(m, local, value);
        }
        break;
    }
    case MMU_REG_CNT_CTRL:
        if (value & MMU_CNT_CTRL_RESET) {
            memset(m->cnt, 0, sizeof m->cnt);
        }
        break;
    default:
        break;  /* RO registers and unknown offsets ignore writes */
    }
}

static uint32_t log2u(uint32_t x)
{
    uint32_t l = 0;
    while ((1u << l) < x) {
        l++;
    }
    return l;
}

static uint32_t cfg_reg(const vmc_tlb_geom *g, uint32_t max_entries)
{
    if (max_entries > MMU_CFG_MAX_SATURATE) {
        max_entries = MMU_CFG_MAX_SATURATE;
    }
    uint32_t v = max_entries << MMU_CFG_MAX_SHIFT;
    if (g->sets != 0) {
        v |= g->ways & MMU_CFG_WAYS_MASK;
        v |= (log2u(g->sets) << MMU_CFG_LOG2_SETS_SHIFT) & MMU_CFG_LOG2_SETS_MASK;
        v |= ((uint32_t)g->policy << MMU_CFG_POLICY_SHIFT) & MMU_CFG_POLICY_MASK;
    }
    return v;
}

uint32_t vmc_mmu_model_reg_read(const vmc_mmu_model *m, uint32_t offset)
{
    switch (offset) {
    case MMU_REG_ID:
        return (MMU_ID_VERSION << MMU_ID_VERSION_SHIFT) |
               (m->cfg.l2tlb.sets ? MMU_ID_L2TLB : 0u) |
               (m->cfg.walk_cache_entries ? MMU_ID_WCACHE : 0u);
    case MMU_REG_SCTLR: return m->r.sctlr;
    case MMU_REG_TTBR0: return m->r.ttbr0;
    case MMU_REG_TTBR1: return m->r.ttbr1;
    case MMU_REG_TTBCR: return m->r.ttbcr;
    case MMU_REG_DACR: return m->r.dacr;
    case MMU_REG_CONTEXTIDR: return m->r.contextidr;
    case MMU_REG_DFSR: return m->dfsr;
    case MMU_REG_DFAR: return m->dfar;
    case MMU_REG_IFSR: return m->ifsr;
    case MMU_REG_IFAR: return m->ifar;
    case MMU_REG_MPIDR: return m->mpidr;
    case MMU_REG_CFG_ITLB: return cfg_reg(&m->cfg.itlb, m->limits.itlb_entries);
    case MMU_REG_CFG_DTLB: return cfg_reg(&m->cfg.dtlb, m->limits.dtlb_entries);
    case MMU_REG_CFG_L2TLB: return cfg_reg(&m->cfg.l2tlb, m->limits.l2tlb_entries);
    case MMU_REG_CFG_WCACHE: {
        uint32_t max = m->limits.walk_cache_entries;
        if (max > 0xFFFFu) {
            max = 0xFFFFu;
        }
        return (m->cfg.walk_cache_entries & MMU_CFG_WC_ENTRIES_MASK) |
               (max << MMU_CFG_WC_MAX_SHIFT);
    }
    default:
        break;
    }
    if (offset >= MMU_REG_CNT_REQUESTS && offset <= MMU_REG_CNT_LAST && (offset & 3u) == 0) {
        return m->cnt[(offset - MMU_REG_CNT_REQUESTS) >> 2];
    }
    return 0;  /* commands, CNT_CTRL and unknown offsets */
}

void vmc_mmu_model_counters(const vmc_mmu_model *m, vmc_mmu_counters *out)
{
#define COPY_COUNTER(name, field, key) out->field = m->cnt[VMC_CNT_##name];
    VMC_MMU_COUNTERS(COPY_COUNTER)
#undef COPY_COUNTER
}

/* ---- Inspection ---------------------------------------------------------------------------- */

int vmc_mmu_model_tlb_entry(const vmc_mmu_model *m, vmc_tlb_level level, uint32_t set,
                            uint32_t way, vmc_tlb_entry *out)
{
    if ((unsigned)level > VMC_TLB_L2) {
        return -1;
    }
    const vmc_tlb *t = level == VMC_TLB_L2 ? m->l2 : &m->tlb[level];
    if (!t->present || set >= t->geom.sets || way >= t->geom.ways) {
        return -1;
    }
    vmc__tlb_entry_public(&t->ent[(size_t)set * t->geom.ways + way], out);
    return 0;
}

int vmc_mmu_model_repl_state(const vmc_mmu_model *m, vmc_tlb_level level, uint32_t set,
                             uint32_t *state)
{
    if ((unsigned)level > VMC_TLB_L2) {
        return -1;
    }
    const vmc_tlb *t = level == VMC_TLB_L2 ? m->l2 : &m->tlb[level];
    if (!t->present || set >= t->geom.sets) {
        return -1;
    }
    vmc__repl_state(&t->repl, set, state);
    return 0;
}

int vmc_mmu_model_wcache_entry(const vmc_mmu_model *m, uint32_t index, vmc_wcache_entry *out)
{
    if (index >= m->wc.n) {
        return -1;
    }
    out->valid = m->wc.valid[index];
    out->pa = m->wc.pa[index];
    out->desc = m->wc.desc[index];
    out->va_mb = m->wc.va_mb[index];
    return 0;
}

/* ---- One request ------------------------------------------------------------------------- */

static const uint8_t fault_counter[5] = {
    0, VMC_CNT_FAULT_TRANS, VMC_CNT_FAULT_AFLAG, VMC_CNT_FAULT_DOMAIN, VMC_CNT_FAULT_PERM,
};

/* Counts the fault, writes DFSR/DFAR or IFSR/IFAR (B3.13.3) and returns the FSR value. */
static uint32_t raise_fault(vmc_mmu_model *m, vmc_fault_kind f, uint32_t fs, uint32_t domain,
                            uint32_t va, vmc_access_kind kind)
{
    m->cnt[fault_counter[f]]++;
    uint32_t fsr;
    if (kind == VMC_ACCESS_FETCH) {
        fsr = vmsa_fsr_encode(fs, 0, 0);
        m->ifsr = fsr;
        m->ifar = va;
    } else {
        fsr = vmsa_fsr_encode(fs, domain, kind == VMC_ACCESS_WRITE);
        m->dfsr = fsr;
        m->dfar = va;
    }
    return fsr;
}

/* The domain and permission checks of a TLB entry for this request (contract section 2,
 * steps 5-7). Returns the FS code, VMSA_FS_NONE when allowed. */
VMC_INLINE uint32_t entry_check(const vmc_mmu_model *m, const vmc_tlb_ent *e,
                                vmc_access_kind kind, int priv, vmc_fault_kind *f)
{
    const uint32_t d = (m->r.dacr >> (2u * e->attrs.domain)) & 3u;
    if (VMC_LIKELY(d == VMSA_DACR_CLIENT)) {
        const int afe = (m->r.sctlr & MMU_SCTLR_AFE) != 0;
        if (VMC_LIKELY(e->perm[afe] & VMC_PERM_BIT(priv, kind))) {
            return VMSA_FS_NONE;
        }
        *f = VMC_FAULT_PERMISSION;
        return e->page_level ? VMSA_FS_PERMISSION_PAGE : VMSA_FS_PERMISSION_SECTION;
    }
    if (d == VMSA_DACR_MANAGER) {
        return VMSA_FS_NONE;
    }
    *f = VMC_FAULT_DOMAIN;
    return e->page_level ? VMSA_FS_DOMAIN_PAGE : VMSA_FS_DOMAIN_SECTION;
}

static void event_none(vmc_tlb_event *ev)
{
    memset(ev, 0, sizeof *ev);
}

/* Everything after the level-1 miss: L2TLB, walk, fills. Returns the entry that answers, or
 * NULL on a walk fault (then *wf, *wfs and *wdom describe it). */
static const vmc_tlb_ent *miss_path(vmc_mmu_model *m, vmc_tlb *l1, uint32_t va, uint32_t asid,
                                    vmc_mmu_resp *resp, int full, vmc_fault_kind *wf,
                                    uint32_t *wfs, uint32_t *wdom)
{
    vmc_tlb_event scratch;
    vmc_tlb_event *l1ev = resp && full ? &resp->l1 : &scratch;
    vmc_tlb_event *l2ev = resp && full ? &resp->l2 : &scratch;
    vmc_tlb *l2 = m->l2;

    if (l2->present) {
        m->cnt[VMC_CNT_L2TLB_LOOKUPS]++;
        l2ev->looked_up = 1;
        const int idx = vmc__tlb_lookup(l2, va, asid);
        if (idx >= 0) {
            const uint32_t set = (va >> 12) & l2->set_mask;
            const uint32_t way = (uint32_t)idx - set * l2->geom.ways;
            m->cnt[VMC_CNT_L2TLB_HITS]++;
            vmc__repl_touch(&l2->repl, set, way);
            if (resp && full) {
                resp->l2.hit = 1;
                resp->l2.set = set;
                resp->l2.way = way;
            }
            if (resp) {
                resp->hit_level = VMC_HIT_L2TLB;
            }
            const uint32_t i1 = vmc__tlb_fill(l1, va, &l2->ent[idx], l1ev);
            return &l1->ent[i1];
        }
    }

    /* Walk (contract section 2 steps 1-4, section 4). */
    vmc_walk_result w;
    vmc_wcache_event wev;
    const int walked = vmc__walk(&m->r, va, m->read32, m->ctx, &m->wc, &w, &wev);
    if (resp && full) {
        resp->walk = w.info;
        resp->wcache = wev;
    } else if (resp) {
        resp->walk.mem_reads = w.info.mem_reads;
    }
    if (resp) {
        resp->hit_level = VMC_HIT_WALK;
    }
    if (walked) {
        m->cnt[VMC_CNT_WALKS]++;
        m->cnt[w.info.levels == 2 ? VMC_CNT_WALKS_L2 : VMC_CNT_WALKS_L1]++;
        if (w.info.wcache_hit) {
            m->cnt[VMC_CNT_WCACHE_HITS]++;
        }
    }
    if (w.fault != VMC_FAULT_NONE) {
        *wf = w.fault;
        *wfs = w.fs;
        *wdom = w.domain;
        return NULL;
    }
    vmc_tlb_ent e;
    vmc__tlb_make_entry(&e, &w, asid);
    if (l2->present) {
        vmc__tlb_fill(l2, va, &e, l2ev);
    }
    const uint32_t i1 = vmc__tlb_fill(l1, va, &e, l1ev);
    return &l1->ent[i1];
}

/* The whole request. resp may be NULL (no response); with full = 0 only the brief fields
 * (fault, fs, fsr, size, hit_level, walk.mem_reads) are written. Both are constants at every
 * call, so each entry point compiles to its own path. */
VMC_INLINE uint32_t translate(vmc_mmu_model *m, uint32_t va, vmc_access_kind kind, int priv,
                              vmc_mmu_resp *resp, int full, uint32_t *pa_out)
{
    m->cnt[VMC_CNT_REQUESTS]++;
    if (VMC_UNLIKELY((m->r.sctlr & MMU_SCTLR_M) == 0)) {
        if (resp && full) {
            memset(resp, 0, sizeof *resp);
            resp->pa = va;
            resp->attrs.s = 1;
        }
        if (resp) {
            resp->fault = VMC_FAULT_NONE;
            resp->fs = VMSA_FS_NONE;
            resp->fsr = 0;
            resp->size = VMSA_SIZE_NONE;
            resp->hit_level = VMC_HIT_FLAT;
        }
        *pa_out = va;
        return VMSA_FS_NONE;
    }

    const int fetch = kind == VMC_ACCESS_FETCH;
    vmc_tlb *l1 = &m->tlb[fetch ? VMC_TLB_ITLB : VMC_TLB_DTLB];
    const uint32_t asid = m->r.contextidr & MMU_CONTEXTIDR_ASID_MASK;
    m->cnt[fetch ? VMC_CNT_ITLB_LOOKUPS : VMC_CNT_DTLB_LOOKUPS]++;

    const vmc_tlb_ent *e;
    const uint32_t key = vmc__tlb_key(va, asid);
    int idx;
    if (VMC_LIKELY(key == l1->last_key)) {
        idx = (int)l1->last_idx;   /* the newest entry again: no replacement update */
    } else {
        idx = vmc__tlb_lookup(l1, va, asid);
        if (idx >= 0) {
            if (l1->repl.policy <= VMC_POLICY_PLRU) {
                const uint32_t set = (va >> 12) & l1->set_mask;
                vmc__repl_touch(&l1->repl, set, (uint32_t)idx - set * l1->geom.ways);
            }
            l1->last_key = key;
            l1->last_idx = (uint32_t)idx;
        }
    }
    if (VMC_LIKELY(idx >= 0)) {
        const uint32_t ways = l1->geom.ways;
        m->cnt[fetch ? VMC_CNT_ITLB_HITS : VMC_CNT_DTLB_HITS]++;
        e = &l1->ent[idx];
        if (resp && !full) {
            resp->hit_level = VMC_HIT_L1TLB;
        } else if (resp) {
            const uint32_t set = (va >> 12) & l1->set_mask;
            resp->hit_level = VMC_HIT_L1TLB;
            resp->l1.looked_up = 1;
            resp->l1.hit = 1;
            resp->l1.filled = 0;
            resp->l1.evicted = 0;
            resp->l1.set = set;
            resp->l1.way = (uint32_t)idx - set * ways;
            resp->l2.looked_up = 0;
            resp->l2.hit = 0;
            resp->l2.filled = 0;
            resp->l2.evicted = 0;
        }
    } else {
        if (resp && full) {
            event_none(&resp->l1);
            event_none(&resp->l2);
            resp->l1.looked_up = 1;
        }
        vmc_fault_kind wf = VMC_FAULT_NONE;
        uint32_t wfs = 0, wdom = 0;
        e = miss_path(m, l1, va, asid, resp, full, &wf, &wfs, &wdom);
        if (e == NULL) {
            const uint32_t fsr = raise_fault(m, wf, wfs, wdom, va, kind);
            if (resp && full) {
                resp->pa = 0;
                memset(&resp->attrs, 0, sizeof resp->attrs);
                resp->attrs.domain = (uint8_t)wdom;
            }
            if (resp) {
                resp->fault = wf;
                resp->fs = wfs;
                resp->fsr = fsr;
                resp->size = VMSA_SIZE_NONE;
            }
            *pa_out = 0;
            return wfs;
        }
    }

    vmc_fault_kind f = VMC_FAULT_NONE;
    const uint32_t fs = entry_check(m, e, kind, priv, &f);
    if (VMC_UNLIKELY(fs != VMSA_FS_NONE)) {
        const uint32_t fsr = raise_fault(m, f, fs, e->attrs.domain, va, kind);
        if (resp && full) {
            resp->pa = 0;
            memset(&resp->attrs, 0, sizeof resp->attrs);
            resp->attrs.domain = e->attrs.domain;
        }
        if (resp) {
            resp->fault = f;
            resp->fs = fs;
            resp->fsr = fsr;
            resp->size = VMSA_SIZE_NONE;
        }
        *pa_out = 0;
        return fs;
    }
    const uint32_t pa = e->pa_base | (va & e->offset_mask);
    if (resp && full) {
        resp->pa = pa;
        resp->attrs = e->attrs;
    }
    if (resp) {
        resp->fault = VMC_FAULT_NONE;
        resp->fs = VMSA_FS_NONE;
        resp->fsr = 0;
        resp->size = (vmsa_page_size)e->size;
    }
    *pa_out = pa;
    return VMSA_FS_NONE;
}

vmc_fault_kind vmc_mmu_model_translate(vmc_mmu_model *m, const vmc_mmu_req *req,
                                       vmc_mmu_resp *resp)
{
    uint32_t pa;
    translate(m, req->va, req->kind, req->priv != 0, resp, 1, &pa);
    return resp->fault;
}

vmc_fault_kind vmc_mmu_model_translate_brief(vmc_mmu_model *m, const vmc_mmu_req *req,
                                             vmc_mmu_resp *resp)
{
    uint32_t pa;
    translate(m, req->va, req->kind, req->priv != 0, resp, 0, &pa);
    return resp->fault;
}

uint32_t vmc_mmu_model_translate_fast(vmc_mmu_model *m, uint32_t va, vmc_access_kind kind,
                                      int priv, uint32_t *pa)
{
    return translate(m, va, kind, priv != 0, NULL, 0, pa);
}
