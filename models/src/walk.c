/*
 * The short-descriptor translation table walk (DDI 0406C B3.5) and the domain and
 * permission checks (B3.6, B3.7), as pure functions over a read callback.
 * docs/mmu-contract.md section 2 is the normative text.
 */
#include <string.h>

#include "model_internal.h"

/* Access permissions as allowed accesses for a client domain.
 * AFE = 0 (B3.6.1, table B3-8): AP[2:0]
 *   000 none, 001 priv RW, 010 priv RW / user RO, 011 RW, 100 reserved (none here),
 *   101 priv RO, 110 and 111 RO.
 * AFE = 1 (B3.6.1 simplified model, table B3-9): AP[2:1]
 *   00 priv RW, 01 RW, 10 priv RO, 11 RO.
 * A fetch needs read permission and XN = 0 (B3.7.2). */
#define PR VMC_PERM_BIT(1, VMC_ACCESS_READ)
#define PW VMC_PERM_BIT(1, VMC_ACCESS_WRITE)
#define UR VMC_PERM_BIT(0, VMC_ACCESS_READ)
#define UW VMC_PERM_BIT(0, VMC_ACCESS_WRITE)

static const uint8_t perm_afe0[8] = {
    0, PR | PW, PR | PW | UR, PR | PW | UR | UW, 0, PR, PR | UR, PR | UR,
};
static const uint8_t perm_afe1[4] = {
    PR | PW, PR | PW | UR | UW, PR, PR | UR,
};

uint8_t vmc__perm_mask(uint32_t ap, uint32_t xn, int afe)
{
    uint32_t m = afe ? perm_afe1[(ap >> 1) & 3u] : perm_afe0[ap & 7u];
    if (!xn) {
        if (m & UR) {
            m |= VMC_PERM_BIT(0, VMC_ACCESS_FETCH);
        }
        if (m & PR) {
            m |= VMC_PERM_BIT(1, VMC_ACCESS_FETCH);
        }
    }
    return (uint8_t)m;
}

vmc_fault_kind vmc_access_check(const vmc_ctrl_regs *regs, const vmc_attrs *attrs,
                                vmc_access_kind kind, int priv)
{
    /* B3.7.3: DACR field 00 and the reserved 10 fault; 11 (manager) skips the AP and XN
     * checks; 01 (client) checks them. */
    uint32_t d = (regs->dacr >> (2u * (attrs->domain & 15u))) & 3u;
    if (d == VMSA_DACR_MANAGER) {
        return VMC_FAULT_NONE;
    }
    if (d != VMSA_DACR_CLIENT) {
        return VMC_FAULT_DOMAIN;
    }
    int afe = (regs->sctlr & MMU_SCTLR_AFE) != 0;
    uint8_t m = vmc__perm_mask(attrs->ap, attrs->xn, afe);
    return (m & VMC_PERM_BIT(priv, kind)) ? VMC_FAULT_NONE : VMC_FAULT_PERMISSION;
}

static void walk_fault(vmc_walk_result *out, vmc_fault_kind kind, uint32_t fs, uint32_t domain)
{
    out->fault = kind;
    out->fs = fs;
    out->domain = domain;
    out->size = VMSA_SIZE_NONE;
    out->pa = 0;
    out->va_base = 0;
    out->pa_base = 0;
    memset(&out->attrs, 0, sizeof out->attrs);
    out->attrs.domain = (uint8_t)domain;
}

/* B3.5.4: TTBCR.N selects TTBR1 when VA[31:32-N] != 0; TTBR1's table is always 16 KiB
 * indexed by VA[31:20], TTBR0's is 16 KiB >> N indexed by VA[31-N:20]. Returns the address of
 * the level-1 descriptor; *disabled is TTBCR.PDx of the TTBR chosen. */
static uint32_t l1_descriptor_addr(const vmc_ctrl_regs *r, uint32_t va, vmc_walk_info *info,
                                   int *disabled)
{
    const uint32_t n = r->ttbcr & MMU_TTBCR_N_MASK;
    if (n > 0 && (va >> (32u - n)) != 0) {
        info->ttbr = 1;
        *disabled = (r->ttbcr & MMU_TTBCR_PD1) != 0;
        return vmsa_l1_desc_addr(r->ttbr1, va, 0);
    }
    info->ttbr = 0;
    *disabled = (r->ttbcr & MMU_TTBCR_PD0) != 0;
    return vmsa_l1_desc_addr(r->ttbr0, va, n);
}

/* Reads the level-1 descriptor, from the walk cache when it holds it (contract section 4). */
static uint32_t read_l1(uint32_t l1_addr, vmc_read32_fn read32, void *ctx, vmc_wcache *wc,
                        vmc_walk_info *info, vmc_wcache_event *wev)
{
    if (wc != NULL && wc->n > 0) {
        wev->looked_up = 1;
        int idx = vmc__wcache_lookup(wc, l1_addr);
        if (idx >= 0) {
            wev->hit = 1;
            wev->index = (uint32_t)idx;
            info->wcache_hit = 1;
            return wc->desc[idx];
        }
    }
    info->mem_reads++;
    return read32(ctx, l1_addr);
}

/* B3.5.1: a section (bit 18 = 0) or supersection (bit 18 = 1, domain 0) descriptor. */
static void decode_section(uint32_t l1, uint32_t va, int afe, vmc_walk_result *out)
{
    const int super = (l1 & VMSA_SECT_SUPER) != 0;
    const uint32_t domain = super ? 0u : vmsa_l1_domain(l1);
    if (afe && (l1 & (1u << VMSA_SECT_AP10_SHIFT)) == 0) {
        /* B3.6.2: AP[0] is the access flag when SCTLR.AFE = 1. */
        walk_fault(out, VMC_FAULT_ACCESS_FLAG, VMSA_FS_ACCESS_FLAG_SECTION, domain);
        return;
    }
    out->fault = VMC_FAULT_NONE;
    out->fs = VMSA_FS_NONE;
    out->domain = domain;
    const uint32_t base_mask = super ? VMSA_SUPERSECT_BASE_MASK : VMSA_SECT_BASE_MASK;
    out->size = super ? VMSA_SIZE_SUPERSECTION : VMSA_SIZE_SECTION;
    out->va_base = va & base_mask;
    out->pa_base = l1 & base_mask;
    out->pa = out->pa_base | (va - out->va_base);
    vmc_attrs *a = &out->attrs;
    a->tex = (uint8_t)((l1 & VMSA_SECT_TEX_MASK) >> VMSA_SECT_TEX_SHIFT);
    a->c = (l1 & VMSA_SECT_C) != 0;
    a->b = (l1 & VMSA_SECT_B) != 0;
    a->s = (l1 & VMSA_SECT_S) != 0;
    a->ng = (l1 & VMSA_SECT_NG) != 0;
    a->xn = (l1 & VMSA_SECT_XN) != 0;
    a->ap = (uint8_t)(((l1 & VMSA_SECT_AP2) ? 4u : 0u) |
                      ((l1 & VMSA_SECT_AP10_MASK) >> VMSA_SECT_AP10_SHIFT));
    a->domain = (uint8_t)domain;
}

/* B3.5.1: a level-2 descriptor (fault, large or small page) under a page table of domain. */
static void decode_page(uint32_t l2, uint32_t domain, uint32_t va, int afe,
                        vmc_walk_result *out)
{
    if ((l2 & VMSA_L2_TYPE_MASK) == VMSA_L2_TYPE_FAULT) {
        walk_fault(out, VMC_FAULT_TRANSLATION, VMSA_FS_TRANSLATION_PAGE, domain);
        return;
    }
    if (afe && (l2 & (1u << VMSA_L2_AP10_SHIFT)) == 0) {
        walk_fault(out, VMC_FAULT_ACCESS_FLAG, VMSA_FS_ACCESS_FLAG_PAGE, domain);
        return;
    }
    out->fault = VMC_FAULT_NONE;
    out->fs = VMSA_FS_NONE;
    out->domain = domain;
    vmc_attrs *a = &out->attrs;
    if (l2 & VMSA_L2_SMALL_BIT) {
        out->size = VMSA_SIZE_SMALL;
        out->va_base = va & VMSA_SMALL_BASE_MASK;
        out->pa_base = l2 & VMSA_SMALL_BASE_MASK;
        a->tex = (uint8_t)((l2 & VMSA_SMALL_TEX_MASK) >> VMSA_SMALL_TEX_SHIFT);
        a->xn = (l2 & VMSA_SMALL_XN) != 0;
    } else {
        out->size = VMSA_SIZE_LARGE;
        out->va_base = va & VMSA_LARGE_BASE_MASK;
        out->pa_base = l2 & VMSA_LARGE_BASE_MASK;
        a->tex = (uint8_t)((l2 & VMSA_LARGE_TEX_MASK) >> VMSA_LARGE_TEX_SHIFT);
        a->xn = (l2 & VMSA_LARGE_XN) != 0;
    }
    out->pa = out->pa_base | (va - out->va_base);
    a->c = (l2 & VMSA_L2_C) != 0;
    a->b = (l2 & VMSA_L2_B) != 0;
    a->s = (l2 & VMSA_L2_S) != 0;
    a->ng = (l2 & VMSA_L2_NG) != 0;
    a->ap = (uint8_t)(((l2 & VMSA_L2_AP2) ? 4u : 0u) |
                      ((l2 & VMSA_L2_AP10_MASK) >> VMSA_L2_AP10_SHIFT));
    a->domain = (uint8_t)domain;
}

int vmc__walk(const vmc_ctrl_regs *r, uint32_t va, vmc_read32_fn read32, void *ctx,
              vmc_wcache *wc, vmc_walk_result *out, vmc_wcache_event *wev)
{
    memset(out, 0, sizeof *out);
    if (wev != NULL) {
        memset(wev, 0, sizeof *wev);
    }
    const int afe = (r->sctlr & MMU_SCTLR_AFE) != 0;
    int disabled;
    const uint32_t l1_addr = l1_descriptor_addr(r, va, &out->info, &disabled);
    if (disabled) {
        /* TTBCR.PDx: translation fault, level 1, without a memory access. */
        walk_fault(out, VMC_FAULT_TRANSLATION, VMSA_FS_TRANSLATION_SECTION, 0);
        return 0;
    }

    const uint32_t l1 = read_l1(l1_addr, read32, ctx, wc, &out->info, wev);
    out->info.levels = 1;
    out->info.l1_addr = l1_addr;
    out->info.l1_desc = l1;
    switch (l1 & VMSA_L1_TYPE_MASK) {
    case VMSA_L1_TYPE_SECTION:
        decode_section(l1, va, afe, out);
        return 1;
    case VMSA_L1_TYPE_PAGE_TABLE:
        break;
    default:
        /* 00 fault, 11 reserved: translation fault, level 1, domain reported 0. */
        walk_fault(out, VMC_FAULT_TRANSLATION, VMSA_FS_TRANSLATION_SECTION, 0);
        return 1;
    }

    /* Page table: level 2 with the L1 descriptor's domain; the walk cache keeps the L1. */
    if (wc != NULL && wc->n > 0 && !out->info.wcache_hit) {
        uint32_t idx = vmc__wcache_fill(wc, l1_addr, l1, va >> VMSA_VA_L1_INDEX_SHIFT, wev);
        wev->filled = 1;
        wev->index = idx;
    }
    const uint32_t l2_addr = vmsa_l2_desc_addr(l1, va);
    const uint32_t l2 = read32(ctx, l2_addr);
    out->info.mem_reads++;
    out->info.levels = 2;
    out->info.l2_addr = l2_addr;
    out->info.l2_desc = l2;
    decode_page(l2, vmsa_l1_domain(l1), va, afe, out);
    return 1;
}

void vmc_walk(const vmc_ctrl_regs *regs, uint32_t va, vmc_read32_fn read32, void *ctx,
              vmc_walk_result *out)
{
    (void)vmc__walk(regs, va, read32, ctx, NULL, out, NULL);
}

static int is_page_size(vmsa_page_size s)
{
    return s == VMSA_SIZE_SMALL || s == VMSA_SIZE_LARGE;
}

void vmc_translate_notlb(const vmc_ctrl_regs *regs, const vmc_mmu_req *req,
                         vmc_read32_fn read32, void *ctx, vmc_mmu_resp *resp)
{
    memset(resp, 0, sizeof *resp);
    if ((regs->sctlr & MMU_SCTLR_M) == 0) {
        /* Contract section 2: flat, strongly ordered (TEX 000, C 0, B 0, S 1). */
        resp->pa = req->va;
        resp->attrs.s = 1;
        resp->hit_level = VMC_HIT_FLAT;
        return;
    }
    vmc_walk_result w;
    vmc__walk(regs, req->va, read32, ctx, NULL, &w, NULL);
    resp->hit_level = VMC_HIT_WALK;
    resp->walk = w.info;
    vmc_fault_kind f = w.fault;
    uint32_t fs = w.fs;
    if (f == VMC_FAULT_NONE) {
        f = vmc_access_check(regs, &w.attrs, req->kind, req->priv);
        const int page = is_page_size(w.size);
        if (f == VMC_FAULT_DOMAIN) {
            fs = page ? VMSA_FS_DOMAIN_PAGE : VMSA_FS_DOMAIN_SECTION;
        } else if (f == VMC_FAULT_PERMISSION) {
            fs = page ? VMSA_FS_PERMISSION_PAGE : VMSA_FS_PERMISSION_SECTION;
        }
    }
    if (f != VMC_FAULT_NONE) {
        resp->fault = f;
        resp->fs = fs;
        resp->fsr = req->kind == VMC_ACCESS_FETCH
                        ? vmsa_fsr_encode(fs, 0, 0)
                        : vmsa_fsr_encode(fs, w.domain, req->kind == VMC_ACCESS_WRITE);
        resp->attrs.domain = (uint8_t)w.domain;
        resp->size = VMSA_SIZE_NONE;
        return;
    }
    resp->pa = w.pa;
    resp->attrs = w.attrs;
    resp->size = w.size;
}
