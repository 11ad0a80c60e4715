/*
 * ARMv7-A VMSA short-descriptor translation format (no LPAE): descriptor fields, access
 * permissions and fault status codes. The RTL's constants are generated from this header
 * (arch/tools/gen_sv_consts.py); the lint test arch.layout_agrees checks that the generated
 * file and docs/register-map.md agree with it.
 *
 * Reference: ARM Architecture Reference Manual ARMv7-A/R (DDI 0406C), chapter B3:
 *   B3.5.1 short-descriptor translation table format descriptors,
 *   B3.6.1 access permissions (AP[2:0], SCTLR.AFE=0), B3.7.3 execute-never,
 *   B3.12.3 fault status encodings, B3.13.3 DFSR/IFSR formats.
 * Fields are masks and shifts, never C bitfields, so the layout does not depend on the ABI.
 */
#ifndef VMCOSIM_ARMV7_VMSA_H
#define VMCOSIM_ARMV7_VMSA_H

#include <stdint.h>

/* ---- Level-1 descriptors (one per MiB, 4096 entries in a full 16 KiB table) ---------- */
#define VMSA_L1_TYPE_MASK        0x00000003u
#define VMSA_L1_TYPE_FAULT       0x0u
#define VMSA_L1_TYPE_PAGE_TABLE  0x1u
#define VMSA_L1_TYPE_SECTION     0x2u  /* section or supersection, told apart by bit 18 */
#define VMSA_L1_TYPE_RESERVED    0x3u  /* faults like 0b00 (no PXN/LPAE support)        */

/* Page-table descriptor: L2 table base is 1 KiB aligned. */
#define VMSA_L1_PT_BASE_MASK     0xFFFFFC00u
#define VMSA_L1_DOMAIN_SHIFT     5u
#define VMSA_L1_DOMAIN_MASK      0x000001E0u

/* Section (bit 18 = 0, 1 MiB) and supersection (bit 18 = 1, 16 MiB, domain 0). */
#define VMSA_SECT_BASE_MASK      0xFFF00000u
#define VMSA_SUPERSECT_BASE_MASK 0xFF000000u
#define VMSA_SECT_SUPER          (1u << 18)
#define VMSA_SECT_NG             (1u << 17)
#define VMSA_SECT_S              (1u << 16)
#define VMSA_SECT_AP2            (1u << 15)
#define VMSA_SECT_TEX_SHIFT      12u
#define VMSA_SECT_TEX_MASK       (0x7u << 12)
#define VMSA_SECT_AP10_SHIFT     10u
#define VMSA_SECT_AP10_MASK      (0x3u << 10)
#define VMSA_SECT_XN             (1u << 4)
#define VMSA_SECT_C              (1u << 3)
#define VMSA_SECT_B              (1u << 2)

/* ---- Level-2 descriptors (256 per 1 KiB table, indexed by VA[19:12]) ------------------ */
#define VMSA_L2_TYPE_MASK        0x00000003u
#define VMSA_L2_TYPE_FAULT       0x0u
#define VMSA_L2_TYPE_LARGE       0x1u  /* 64 KiB; bit 1 set means small (XN in bit 0) */
#define VMSA_L2_SMALL_BIT        0x2u

#define VMSA_LARGE_BASE_MASK     0xFFFF0000u
#define VMSA_LARGE_XN            (1u << 15)
#define VMSA_LARGE_TEX_SHIFT     12u
#define VMSA_LARGE_TEX_MASK      (0x7u << 12)

#define VMSA_SMALL_BASE_MASK     0xFFFFF000u
#define VMSA_SMALL_TEX_SHIFT     6u
#define VMSA_SMALL_TEX_MASK      (0x7u << 6)
#define VMSA_SMALL_XN            (1u << 0)

/* Fields shared by large and small page descriptors. */
#define VMSA_L2_NG               (1u << 11)
#define VMSA_L2_S                (1u << 10)
#define VMSA_L2_AP2              (1u << 9)
#define VMSA_L2_AP10_SHIFT       4u
#define VMSA_L2_AP10_MASK        (0x3u << 4)
#define VMSA_L2_C                (1u << 3)
#define VMSA_L2_B                (1u << 2)

/* ---- Table geometry ------------------------------------------------------------------- */
#define VMSA_L1_ENTRIES          4096u
#define VMSA_L1_TABLE_BYTES      16384u
#define VMSA_L2_ENTRIES          256u
#define VMSA_L2_TABLE_BYTES      1024u
#define VMSA_SECTION_SIZE        0x00100000u
#define VMSA_SUPERSECTION_SIZE   0x01000000u
#define VMSA_LARGE_PAGE_SIZE     0x00010000u
#define VMSA_SMALL_PAGE_SIZE     0x00001000u

/* ---- Walk addresses (B3.5.4 TTBR selection, B3.5.5 table indices) ---------------------- */
#define VMSA_TTBR_BASE_MASK      0xFFFFC000u  /* a 16 KiB table: TTBR1, or TTBR0 with N = 0 */
#define VMSA_VA_L1_INDEX_SHIFT   20u          /* VA[31:20] indexes a level-1 table         */
#define VMSA_VA_L2_INDEX_SHIFT   12u          /* VA[19:12] indexes a level-2 table         */
#define VMSA_VA_L2_INDEX_MASK    0x000FF000u
#define VMSA_DESC_BYTES_SHIFT    2u           /* descriptors are 4 bytes                   */

/* Address of the level-1 descriptor of va in the table at ttbr, for TTBR0 with TTBCR.N = n
 * (16 KiB >> n, indexed by VA[31-n:20]) or TTBR1 with n = 0 (16 KiB, VA[31:20]). */
static inline uint32_t vmsa_l1_desc_addr(uint32_t ttbr, uint32_t va, uint32_t n)
{
    const uint32_t base_mask = ~((VMSA_L1_TABLE_BYTES >> n) - 1u);
    const uint32_t index = (va >> VMSA_VA_L1_INDEX_SHIFT) & ((VMSA_L1_ENTRIES >> n) - 1u);
    return (ttbr & base_mask) | (index << VMSA_DESC_BYTES_SHIFT);
}

/* Address of the level-2 descriptor of va under the page-table descriptor l1. */
static inline uint32_t vmsa_l2_desc_addr(uint32_t l1, uint32_t va)
{
    return (l1 & VMSA_L1_PT_BASE_MASK) |
           (((va & VMSA_VA_L2_INDEX_MASK) >> VMSA_VA_L2_INDEX_SHIFT) << VMSA_DESC_BYTES_SHIFT);
}

/* Domain of a page-table or section descriptor (a supersection's bits [8:5] are no domain). */
static inline uint32_t vmsa_l1_domain(uint32_t l1)
{
    return (l1 & VMSA_L1_DOMAIN_MASK) >> VMSA_L1_DOMAIN_SHIFT;
}

/* Page sizes as reported by the MMU and the model (response field, statistics). */
typedef enum {
    VMSA_SIZE_NONE = 0,          /* fault, or SCTLR.M = 0 flat mapping */
    VMSA_SIZE_SMALL = 1,         /* 4 KiB  */
    VMSA_SIZE_LARGE = 2,         /* 64 KiB */
    VMSA_SIZE_SECTION = 3,       /* 1 MiB  */
    VMSA_SIZE_SUPERSECTION = 4   /* 16 MiB */
} vmsa_page_size;

/* ---- Access permissions, AP[2:0] with SCTLR.AFE = 0 (B3.6.1, table B3-8) ----------------
 *   000 no access        001 priv RW            010 priv RW, user RO    011 RW
 *   100 reserved (faults as no access)          101 priv RO             110 RO    111 RO   */
#define VMSA_AP(ap2, ap10)  ((((ap2) & 1u) << 2) | ((ap10) & 3u))

/* ---- Domain access control (DACR: two bits per domain) -------------------------------- */
#define VMSA_DACR_NO_ACCESS      0x0u
#define VMSA_DACR_CLIENT         0x1u
#define VMSA_DACR_RESERVED       0x2u  /* behaves as no access */
#define VMSA_DACR_MANAGER        0x3u

/* ---- Fault status codes FS[4:0] (B3.12.3, table B3-23) ----------------------------------- */
#define VMSA_FS_NONE                  0x00u
#define VMSA_FS_ACCESS_FLAG_SECTION   0x03u
#define VMSA_FS_TRANSLATION_SECTION   0x05u
#define VMSA_FS_ACCESS_FLAG_PAGE      0x06u
#define VMSA_FS_TRANSLATION_PAGE      0x07u
#define VMSA_FS_DOMAIN_SECTION        0x09u
#define VMSA_FS_DOMAIN_PAGE           0x0Bu
#define VMSA_FS_PERMISSION_SECTION    0x0Du
#define VMSA_FS_PERMISSION_PAGE       0x0Fu

/* ---- DFSR / IFSR layout (B3.13.3) --------------------------------------------------------
 * FS[3:0] in [3:0], FS[4] in bit 10, domain in [7:4] (DFSR only), WnR in bit 11 (DFSR only). */
#define VMSA_FSR_FS_LO_MASK      0x0000000Fu
#define VMSA_FSR_DOMAIN_SHIFT    4u
#define VMSA_FSR_DOMAIN_MASK     0x000000F0u
#define VMSA_FSR_FS4             (1u << 10)
#define VMSA_FSR_WNR             (1u << 11)

static inline uint32_t vmsa_fsr_encode(uint32_t fs, uint32_t domain, int is_write)
{
    return (fs & 0xFu) | ((fs & 0x10u) ? VMSA_FSR_FS4 : 0u) |
           ((domain & 0xFu) << VMSA_FSR_DOMAIN_SHIFT) | (is_write ? VMSA_FSR_WNR : 0u);
}

static inline uint32_t vmsa_fsr_fs(uint32_t fsr)
{
    return (fsr & VMSA_FSR_FS_LO_MASK) | ((fsr & VMSA_FSR_FS4) ? 0x10u : 0u);
}

#endif /* VMCOSIM_ARMV7_VMSA_H */
