/*
 * Mapping flags <-> short-format descriptor bits (DDI 0406C B3.5.1 formats, B3.6.1 access
 * permissions, B3.7.2 execute-never, B3.8.2 memory region attributes with TEX remap off).
 * Pure functions: the table code writes what these return.
 */
#include "los_arch_mmu.h"
#include "vmcosim/armv7_vmsa.h"

/* AP[2:0] for the permission flags (see los_arch_mmu.h). */
static UINT32 OsApFromFlags(UINT32 flags)
{
    BOOL user = (flags & VM_MAP_REGION_FLAG_PERM_USER) != 0U;
    BOOL write = (flags & VM_MAP_REGION_FLAG_PERM_WRITE) != 0U;
    if ((flags & VM_MAP_REGION_FLAG_PERM_READ) == 0U) {
        return VMSA_AP(0U, 0U);                         /* 000: no access */
    }
    if (user) {
        return write ? VMSA_AP(0U, 3U) : VMSA_AP(1U, 3U);  /* 011 RW/RW, 111 RO/RO */
    }
    return write ? VMSA_AP(0U, 1U) : VMSA_AP(1U, 1U);      /* 001 RW/--, 101 RO/-- */
}

static UINT32 OsFlagsFromAp(UINT32 ap)
{
    switch (ap) {
        case 1U: return VM_MAP_REGION_FLAG_PERM_READ | VM_MAP_REGION_FLAG_PERM_WRITE;
        case 2U: /* privileged RW, user RO: reported as the user's view */
        case 6U:
        case 7U: return VM_MAP_REGION_FLAG_PERM_USER | VM_MAP_REGION_FLAG_PERM_READ;
        case 3U: return VM_MAP_REGION_FLAG_PERM_USER | VM_MAP_REGION_FLAG_PERM_READ |
                        VM_MAP_REGION_FLAG_PERM_WRITE;
        case 5U: return VM_MAP_REGION_FLAG_PERM_READ;
        default: return 0U;                             /* 000 and reserved 100 */
    }
}

/* Memory type as TEX[2:0] << 2 | C << 1 | B (B3.8.2 table B3-10), and whether it is device or
 * strongly-ordered memory (which must never be executable, B3.7.2). */
static UINT32 OsTexCbFromFlags(UINT32 flags, BOOL *device)
{
    *device = FALSE;
    switch (flags & VM_MAP_REGION_FLAG_CACHE_MASK) {
        case VM_MAP_REGION_FLAG_UNCACHED:
            return (1U << 2);                           /* TEX 001 C0 B0: normal non-cacheable */
        case VM_MAP_REGION_FLAG_UNCACHED_DEVICE:
            *device = TRUE;
            return 1U;                                  /* TEX 000 C0 B1: shareable device */
        case VM_MAP_REGION_FLAG_STRONGLY_ORDERED:
            *device = TRUE;
            return 0U;                                  /* TEX 000 C0 B0: strongly ordered */
        default:
            return (1U << 2) | 3U;                      /* TEX 001 C1 B1: write-back, allocate */
    }
}

static UINT32 OsFlagsFromTexCb(UINT32 tex, UINT32 c, UINT32 b)
{
    UINT32 texcb = (tex << 2) | (c << 1) | b;
    switch (texcb) {
        case 0x0U: return VM_MAP_REGION_FLAG_STRONGLY_ORDERED;
        case 0x1U:
        case 0x8U: return VM_MAP_REGION_FLAG_UNCACHED_DEVICE;  /* shareable / non-shareable */
        case 0x4U: return VM_MAP_REGION_FLAG_UNCACHED;
        default:   return VM_MAP_REGION_FLAG_CACHED;            /* any cacheable type */
    }
}

static BOOL OsIsExecutable(UINT32 flags, BOOL device)
{
    return !device && ((flags & VM_MAP_REGION_FLAG_PERM_EXECUTE) != 0U) &&
           ((flags & VM_MAP_REGION_FLAG_PERM_READ) != 0U);
}

/* Where one descriptor format keeps each field (B3.5.1, figures B3-4 and B3-5): the three
 * formats hold the same fields, at different bits. */
typedef struct {
    UINT32 baseMask;
    UINT32 type;            /* bits [1:0] */
    UINT32 texShift;
    UINT32 texMask;
    UINT32 c, b, s, ap2;
    UINT32 ap10Shift;
    UINT32 ap10Mask;
    UINT32 xn, ng;
} OsDescFormat;

static const OsDescFormat g_sectionFormat = {
    VMSA_SECT_BASE_MASK, VMSA_L1_TYPE_SECTION, VMSA_SECT_TEX_SHIFT, VMSA_SECT_TEX_MASK,
    VMSA_SECT_C, VMSA_SECT_B, VMSA_SECT_S, VMSA_SECT_AP2, VMSA_SECT_AP10_SHIFT, VMSA_SECT_AP10_MASK,
    VMSA_SECT_XN, VMSA_SECT_NG,
};
static const OsDescFormat g_smallFormat = {
    VMSA_SMALL_BASE_MASK, VMSA_L2_SMALL_BIT, VMSA_SMALL_TEX_SHIFT, VMSA_SMALL_TEX_MASK,
    VMSA_L2_C, VMSA_L2_B, VMSA_L2_S, VMSA_L2_AP2, VMSA_L2_AP10_SHIFT, VMSA_L2_AP10_MASK,
    VMSA_SMALL_XN, VMSA_L2_NG,
};
static const OsDescFormat g_largeFormat = {
    VMSA_LARGE_BASE_MASK, VMSA_L2_TYPE_LARGE, VMSA_LARGE_TEX_SHIFT, VMSA_LARGE_TEX_MASK,
    VMSA_L2_C, VMSA_L2_B, VMSA_L2_S, VMSA_L2_AP2, VMSA_L2_AP10_SHIFT, VMSA_L2_AP10_MASK,
    VMSA_LARGE_XN, VMSA_L2_NG,
};

static PTE_T OsDescEncode(const OsDescFormat *f, PADDR_T paddr, UINT32 flags)
{
    BOOL device = FALSE;
    UINT32 texcb = OsTexCbFromFlags(flags, &device);
    UINT32 ap = OsApFromFlags(flags);
    PTE_T d = (paddr & f->baseMask) | f->type;

    d |= ((texcb >> 2) << f->texShift) & f->texMask;
    d |= (texcb & 2U) ? f->c : 0U;
    d |= (texcb & 1U) ? f->b : 0U;
    d |= device ? 0U : f->s;
    d |= (ap & 4U) ? f->ap2 : 0U;
    d |= (ap & 3U) << f->ap10Shift;
    d |= OsIsExecutable(flags, device) ? 0U : f->xn;
    d |= (flags & VM_MAP_REGION_FLAG_PERM_USER) ? f->ng : 0U;
    return d;                                           /* domain 0 */
}

static UINT32 OsDescFlags(const OsDescFormat *f, PTE_T d)
{
    UINT32 ap = ((d & f->ap2) ? 4U : 0U) | ((d & f->ap10Mask) >> f->ap10Shift);
    UINT32 flags = OsFlagsFromAp(ap);
    flags |= OsFlagsFromTexCb((d & f->texMask) >> f->texShift, (d & f->c) ? 1U : 0U,
                              (d & f->b) ? 1U : 0U);
    if (((d & f->xn) == 0U) && ((flags & VM_MAP_REGION_FLAG_PERM_READ) != 0U)) {
        flags |= VM_MAP_REGION_FLAG_PERM_EXECUTE;
    }
    return flags;
}

PTE_T OsArchMmuSectionDesc(PADDR_T paddr, UINT32 flags)
{
    return OsDescEncode(&g_sectionFormat, paddr, flags);
}

PTE_T OsArchMmuSmallDesc(PADDR_T paddr, UINT32 flags)
{
    return OsDescEncode(&g_smallFormat, paddr, flags);
}

PTE_T OsArchMmuLargeDesc(PADDR_T paddr, UINT32 flags)
{
    return OsDescEncode(&g_largeFormat, paddr, flags);
}

PTE_T OsArchMmuPageTableDesc(PADDR_T l2Table)
{
    return (l2Table & VMSA_L1_PT_BASE_MASK) | VMSA_L1_TYPE_PAGE_TABLE;   /* domain 0 */
}

/* Supersections keep these fields where sections do. */
UINT32 OsArchMmuSectionFlags(PTE_T d)
{
    return OsDescFlags(&g_sectionFormat, d);
}

UINT32 OsArchMmuL2Flags(PTE_T d)
{
    BOOL large = (d & VMSA_L2_TYPE_MASK) == VMSA_L2_TYPE_LARGE;
    return OsDescFlags(large ? &g_largeFormat : &g_smallFormat, d);
}
