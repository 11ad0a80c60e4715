// mmu_pkg: the one SystemVerilog home of the MMU's architecture constants (descriptor layout,
// fault codes, register map), its typed enums and structs, and small pure functions shared by
// the modules. The constants mirror arch/include/vmcosim/armv7_vmsa.h and mmu_regs.h name for
// name; the lint test arch.layout_agrees fails when they differ (or differ from
// docs/register-map.md).
//
// Reference: ARM Architecture Reference Manual ARMv7-A/R (DDI 0406C), chapter B3.
package mmu_pkg;

  // ===========================================================================================
  // Architecture constants (B3.5.1 descriptors, B3.12.3 fault codes, B3.13.3 FSR layout) and
  // the register map. 32-bit values, names as in the C headers.
  // ===========================================================================================
  // ---- mirrored from armv7_vmsa.h
  localparam logic [31:0] VMSA_L1_TYPE_MASK            = 32'h0000_0003;
  localparam logic [31:0] VMSA_L1_TYPE_FAULT           = 32'h0000_0000;
  localparam logic [31:0] VMSA_L1_TYPE_PAGE_TABLE      = 32'h0000_0001;
  localparam logic [31:0] VMSA_L1_TYPE_SECTION         = 32'h0000_0002;
  localparam logic [31:0] VMSA_L1_TYPE_RESERVED        = 32'h0000_0003;
  localparam logic [31:0] VMSA_L1_PT_BASE_MASK         = 32'hFFFF_FC00;
  localparam logic [31:0] VMSA_L1_DOMAIN_SHIFT         = 32'h0000_0005;
  localparam logic [31:0] VMSA_L1_DOMAIN_MASK          = 32'h0000_01E0;
  localparam logic [31:0] VMSA_SECT_BASE_MASK          = 32'hFFF0_0000;
  localparam logic [31:0] VMSA_SUPERSECT_BASE_MASK     = 32'hFF00_0000;
  localparam logic [31:0] VMSA_SECT_SUPER              = 32'h0004_0000;
  localparam logic [31:0] VMSA_SECT_NG                 = 32'h0002_0000;
  localparam logic [31:0] VMSA_SECT_S                  = 32'h0001_0000;
  localparam logic [31:0] VMSA_SECT_AP2                = 32'h0000_8000;
  localparam logic [31:0] VMSA_SECT_TEX_SHIFT          = 32'h0000_000C;
  localparam logic [31:0] VMSA_SECT_TEX_MASK           = 32'h0000_7000;
  localparam logic [31:0] VMSA_SECT_AP10_SHIFT         = 32'h0000_000A;
  localparam logic [31:0] VMSA_SECT_AP10_MASK          = 32'h0000_0C00;
  localparam logic [31:0] VMSA_SECT_XN                 = 32'h0000_0010;
  localparam logic [31:0] VMSA_SECT_C                  = 32'h0000_0008;
  localparam logic [31:0] VMSA_SECT_B                  = 32'h0000_0004;
  localparam logic [31:0] VMSA_L2_TYPE_MASK            = 32'h0000_0003;
  localparam logic [31:0] VMSA_L2_TYPE_FAULT           = 32'h0000_0000;
  localparam logic [31:0] VMSA_L2_TYPE_LARGE           = 32'h0000_0001;
  localparam logic [31:0] VMSA_L2_SMALL_BIT            = 32'h0000_0002;
  localparam logic [31:0] VMSA_LARGE_BASE_MASK         = 32'hFFFF_0000;
  localparam logic [31:0] VMSA_LARGE_XN                = 32'h0000_8000;
  localparam logic [31:0] VMSA_LARGE_TEX_SHIFT         = 32'h0000_000C;
  localparam logic [31:0] VMSA_LARGE_TEX_MASK          = 32'h0000_7000;
  localparam logic [31:0] VMSA_SMALL_BASE_MASK         = 32'hFFFF_F000;
  localparam logic [31:0] VMSA_SMALL_TEX_SHIFT         = 32'h0000_0006;
  localparam logic [31:0] VMSA_SMALL_TEX_MASK          = 32'h0000_01C0;
  localparam logic [31:0] VMSA_SMALL_XN                = 32'h0000_0001;
  localparam logic [31:0] VMSA_L2_NG                   = 32'h0000_0800;
  localparam logic [31:0] VMSA_L2_S                    = 32'h0000_0400;
  localparam logic [31:0] VMSA_L2_AP2                  = 32'h0000_0200;
  localparam logic [31:0] VMSA_L2_AP10_SHIFT           = 32'h0000_0004;
  localparam logic [31:0] VMSA_L2_AP10_MASK            = 32'h0000_0030;
  localparam logic [31:0] VMSA_L2_C                    = 32'h0000_0008;
  localparam logic [31:0] VMSA_L2_B                    = 32'h0000_0004;
  localparam logic [31:0] VMSA_L1_ENTRIES              = 32'h0000_1000;
  localparam logic [31:0] VMSA_L1_TABLE_BYTES          = 32'h0000_4000;
  localparam logic [31:0] VMSA_L2_ENTRIES              = 32'h0000_0100;
  localparam logic [31:0] VMSA_L2_TABLE_BYTES          = 32'h0000_0400;
  localparam logic [31:0] VMSA_SECTION_SIZE            = 32'h0010_0000;
  localparam logic [31:0] VMSA_SUPERSECTION_SIZE       = 32'h0100_0000;
  localparam logic [31:0] VMSA_LARGE_PAGE_SIZE         = 32'h0001_0000;
  localparam logic [31:0] VMSA_SMALL_PAGE_SIZE         = 32'h0000_1000;
  localparam logic [31:0] VMSA_TTBR_BASE_MASK          = 32'hFFFF_C000;
  localparam logic [31:0] VMSA_VA_L1_INDEX_SHIFT       = 32'h0000_0014;
  localparam logic [31:0] VMSA_VA_L2_INDEX_SHIFT       = 32'h0000_000C;
  localparam logic [31:0] VMSA_VA_L2_INDEX_MASK        = 32'h000F_F000;
  localparam logic [31:0] VMSA_DESC_BYTES_SHIFT        = 32'h0000_0002;
  localparam logic [31:0] VMSA_SIZE_NONE               = 32'h0000_0000;
  localparam logic [31:0] VMSA_SIZE_SMALL              = 32'h0000_0001;
  localparam logic [31:0] VMSA_SIZE_LARGE              = 32'h0000_0002;
  localparam logic [31:0] VMSA_SIZE_SECTION            = 32'h0000_0003;
  localparam logic [31:0] VMSA_SIZE_SUPERSECTION       = 32'h0000_0004;
  localparam logic [31:0] VMSA_DACR_NO_ACCESS          = 32'h0000_0000;
  localparam logic [31:0] VMSA_DACR_CLIENT             = 32'h0000_0001;
  localparam logic [31:0] VMSA_DACR_RESERVED           = 32'h0000_0002;
  localparam logic [31:0] VMSA_DACR_MANAGER            = 32'h0000_0003;
  localparam logic [31:0] VMSA_FS_NONE                 = 32'h0000_0000;
  localparam logic [31:0] VMSA_FS_ACCESS_FLAG_SECTION  = 32'h0000_0003;
  localparam logic [31:0] VMSA_FS_TRANSLATION_SECTION  = 32'h0000_0005;
  localparam logic [31:0] VMSA_FS_ACCESS_FLAG_PAGE     = 32'h0000_0006;
  localparam logic [31:0] VMSA_FS_TRANSLATION_PAGE     = 32'h0000_0007;
  localparam logic [31:0] VMSA_FS_DOMAIN_SECTION       = 32'h0000_0009;
  localparam logic [31:0] VMSA_FS_DOMAIN_PAGE          = 32'h0000_000B;
  localparam logic [31:0] VMSA_FS_PERMISSION_SECTION   = 32'h0000_000D;
  localparam logic [31:0] VMSA_FS_PERMISSION_PAGE      = 32'h0000_000F;
  localparam logic [31:0] VMSA_FSR_FS_LO_MASK          = 32'h0000_000F;
  localparam logic [31:0] VMSA_FSR_DOMAIN_SHIFT        = 32'h0000_0004;
  localparam logic [31:0] VMSA_FSR_DOMAIN_MASK         = 32'h0000_00F0;
  localparam logic [31:0] VMSA_FSR_FS4                 = 32'h0000_0400;
  localparam logic [31:0] VMSA_FSR_WNR                 = 32'h0000_0800;
  // ---- mirrored from mmu_regs.h
  localparam logic [31:0] MMU_REG_ID                   = 32'h0000_0000;
  localparam logic [31:0] MMU_REG_SCTLR                = 32'h0000_0004;
  localparam logic [31:0] MMU_REG_TTBR0                = 32'h0000_0008;
  localparam logic [31:0] MMU_REG_TTBR1                = 32'h0000_000C;
  localparam logic [31:0] MMU_REG_TTBCR                = 32'h0000_0010;
  localparam logic [31:0] MMU_REG_DACR                 = 32'h0000_0014;
  localparam logic [31:0] MMU_REG_CONTEXTIDR           = 32'h0000_0018;
  localparam logic [31:0] MMU_REG_DFSR                 = 32'h0000_0020;
  localparam logic [31:0] MMU_REG_DFAR                 = 32'h0000_0024;
  localparam logic [31:0] MMU_REG_IFSR                 = 32'h0000_0028;
  localparam logic [31:0] MMU_REG_IFAR                 = 32'h0000_002C;
  localparam logic [31:0] MMU_REG_TLBIALL              = 32'h0000_0040;
  localparam logic [31:0] MMU_REG_TLBIMVA              = 32'h0000_0044;
  localparam logic [31:0] MMU_REG_TLBIASID             = 32'h0000_0048;
  localparam logic [31:0] MMU_REG_TLBIMVAA             = 32'h0000_004C;
  localparam logic [31:0] MMU_REG_CNT_CTRL             = 32'h0000_0080;
  localparam logic [31:0] MMU_REG_CNT_REQUESTS         = 32'h0000_0084;
  localparam logic [31:0] MMU_REG_CNT_ITLB_LOOKUPS     = 32'h0000_0088;
  localparam logic [31:0] MMU_REG_CNT_ITLB_HITS        = 32'h0000_008C;
  localparam logic [31:0] MMU_REG_CNT_DTLB_LOOKUPS     = 32'h0000_0090;
  localparam logic [31:0] MMU_REG_CNT_DTLB_HITS        = 32'h0000_0094;
  localparam logic [31:0] MMU_REG_CNT_L2TLB_LOOKUPS    = 32'h0000_0098;
  localparam logic [31:0] MMU_REG_CNT_L2TLB_HITS       = 32'h0000_009C;
  localparam logic [31:0] MMU_REG_CNT_WALKS            = 32'h0000_00A0;
  localparam logic [31:0] MMU_REG_CNT_WALK_CYCLES      = 32'h0000_00A4;
  localparam logic [31:0] MMU_REG_CNT_WALKS_L1         = 32'h0000_00A8;
  localparam logic [31:0] MMU_REG_CNT_WALKS_L2         = 32'h0000_00AC;
  localparam logic [31:0] MMU_REG_CNT_WCACHE_HITS      = 32'h0000_00B0;
  localparam logic [31:0] MMU_REG_CNT_FAULT_TRANS      = 32'h0000_00B4;
  localparam logic [31:0] MMU_REG_CNT_FAULT_DOMAIN     = 32'h0000_00B8;
  localparam logic [31:0] MMU_REG_CNT_FAULT_PERM       = 32'h0000_00BC;
  localparam logic [31:0] MMU_REG_CNT_FAULT_AFLAG      = 32'h0000_00C0;
  localparam logic [31:0] MMU_REG_CNT_FLUSHES          = 32'h0000_00C4;
  localparam logic [31:0] MMU_REG_CNT_LAST             = 32'h0000_00C4;
  localparam logic [31:0] MMU_CNT_CTRL_RESET           = 32'h0000_0001;
  localparam logic [31:0] MMU_SCTLR_M                  = 32'h0000_0001;
  localparam logic [31:0] MMU_SCTLR_AFE                = 32'h2000_0000;
  localparam logic [31:0] MMU_TTBCR_N_MASK             = 32'h0000_0007;
  localparam logic [31:0] MMU_TTBCR_PD0                = 32'h0000_0010;
  localparam logic [31:0] MMU_TTBCR_PD1                = 32'h0000_0020;
  localparam logic [31:0] MMU_CONTEXTIDR_ASID_MASK     = 32'h0000_00FF;
  localparam logic [31:0] MMU_ID_VERSION_SHIFT         = 32'h0000_0018;
  localparam logic [31:0] MMU_ID_VERSION_MASK          = 32'hFF00_0000;
  localparam logic [31:0] MMU_ID_VERSION               = 32'h0000_0001;
  localparam logic [31:0] MMU_ID_L2TLB                 = 32'h0000_0001;
  localparam logic [31:0] MMU_ID_WCACHE                = 32'h0000_0002;
  localparam logic [31:0] MMU_REG_CFG_ITLB             = 32'h0000_0030;
  localparam logic [31:0] MMU_REG_CFG_DTLB             = 32'h0000_0034;
  localparam logic [31:0] MMU_REG_CFG_L2TLB            = 32'h0000_0038;
  localparam logic [31:0] MMU_REG_CFG_WCACHE           = 32'h0000_003C;
  localparam logic [31:0] MMU_CFG_WAYS_MASK            = 32'h0000_07FF;
  localparam logic [31:0] MMU_CFG_LOG2_SETS_SHIFT      = 32'h0000_000B;
  localparam logic [31:0] MMU_CFG_LOG2_SETS_MASK       = 32'h0000_F800;
  localparam logic [31:0] MMU_CFG_POLICY_SHIFT         = 32'h0000_0010;
  localparam logic [31:0] MMU_CFG_POLICY_MASK          = 32'h0003_0000;
  localparam logic [31:0] MMU_CFG_POLICY_LRU           = 32'h0000_0000;
  localparam logic [31:0] MMU_CFG_POLICY_PLRU          = 32'h0000_0001;
  localparam logic [31:0] MMU_CFG_POLICY_FIFO          = 32'h0000_0002;
  localparam logic [31:0] MMU_CFG_POLICY_RANDOM        = 32'h0000_0003;
  localparam logic [31:0] MMU_CFG_MAX_SHIFT            = 32'h0000_0012;
  localparam logic [31:0] MMU_CFG_MAX_MASK             = 32'hFFFC_0000;
  localparam logic [31:0] MMU_CFG_MAX_SATURATE         = 32'h0000_3FFF;
  localparam logic [31:0] MMU_CFG_WC_ENTRIES_MASK      = 32'h0000_FFFF;
  localparam logic [31:0] MMU_CFG_WC_MAX_SHIFT         = 32'h0000_0010;
  localparam logic [31:0] MMU_CFG_WC_MAX_MASK          = 32'hFFFF_0000;
  localparam logic [31:0] MMU_TLBI_MVA_MASK            = 32'hFFFF_F000;
  localparam logic [31:0] MMU_TLBI_ASID_MASK           = 32'h0000_00FF;

  // ===========================================================================================
  // Types
  // ===========================================================================================

  // Kind of a translation request (values as vmc_access_kind).
  typedef enum logic [1:0] {
    AccRead  = 2'd0,
    AccWrite = 2'd1,
    AccFetch = 2'd2
  } access_e;

  // Page size of a translation (values as vmsa_page_size).
  typedef enum logic [2:0] {
    SizeNone    = 3'd0,
    SizeSmall   = 3'd1,   // 4 KiB
    SizeLarge   = 3'd2,   // 64 KiB
    SizeSection = 3'd3,   // 1 MiB
    SizeSuper   = 3'd4    // 16 MiB
  } page_size_e;

  // Replacement policy of one TLB (values as MMU_CFG_POLICY_* and vmc_policy).
  typedef enum logic [1:0] {
    PolicyLru    = 2'd0,
    PolicyPlru   = 2'd1,
    PolicyFifo   = 2'd2,
    PolicyRandom = 2'd3
  } policy_e;

  // Where an answer came from (values as vmc_hit_level).
  typedef enum logic [1:0] {
    HitFlat = 2'd0,   // SCTLR.M = 0
    HitL1   = 2'd1,   // ITLB or DTLB
    HitL2   = 2'd2,   // unified L2TLB
    HitWalk = 2'd3    // page-table walk (also a TTBCR.PDx fault, which reads no memory)
  } hit_level_e;

  // TLB maintenance operations (B4.2.2), in register order.
  typedef enum logic [1:0] {
    InvAll  = 2'd0,   // TLBIALL
    InvMva  = 2'd1,   // TLBIMVA: MVA[31:12] and ASID[7:0]
    InvAsid = 2'd2,   // TLBIASID
    InvMvaa = 2'd3    // TLBIMVAA: MVA, all ASIDs
  } inv_kind_e;

  // Fault kind of a response (values as vmc_fault_kind).
  typedef enum logic [2:0] {
    FaultNone   = 3'd0,
    FaultTrans  = 3'd1,
    FaultAflag  = 3'd2,
    FaultDomain = 3'd3,
    FaultPerm   = 3'd4
  } fault_kind_e;

  // One translation as a TLB stores it (the valid bit is kept apart). vpn and ppn hold the page
  // base as VA[31:12] / PA[31:12] with the bits below the page size zero.
  typedef struct packed {
    logic [19:0] vpn;
    page_size_e  size;
    logic [7:0]  asid;
    logic        ng;
    logic [19:0] ppn;
    logic [2:0]  tex;
    logic        c;
    logic        b;
    logic        s;
    logic [2:0]  ap;      // AP[2:0] = {AP[2], AP[1:0]}
    logic        xn;
    logic [3:0]  domain;
  } tlb_entry_t;

  // The part of an entry that lookups and maintenance compare, kept in two RAMs of 28-bit words
  // beside the payload so that a search compares one word per way, with no decode:
  //   key  = {VPN, nG ? ASID : 0}
  //   mask = {page_vpn_mask(size), nG ? 8'hFF : 8'h00}
  // A VA and an ASID hit when ({VA[31:12], ASID} & mask) == key (tag_matches()).
  localparam int unsigned TagW = 28;
  typedef logic [TagW-1:0] tlb_tag_t;

  // Result of one page-table walk: the translation, or the walk's own fault (translation or
  // access flag; domain and permission are checked by mmu_perm_check after the walk).
  typedef struct packed {
    tlb_entry_t  entry;
    fault_kind_e fault;
    logic [4:0]  fs;
    logic [3:0]  fault_domain;
  } walk_result_t;

  // One-cycle event pulses counted by the performance counters (mmu_regs), in register order
  // from CNT_REQUESTS to CNT_FLUSHES.
  typedef struct packed {
    logic requests;
    logic itlb_lookups;
    logic itlb_hits;
    logic dtlb_lookups;
    logic dtlb_hits;
    logic l2tlb_lookups;
    logic l2tlb_hits;
    logic walks;
    logic walk_cycles;
    logic walks_l1;
    logic walks_l2;
    logic wcache_hits;
    logic fault_trans;
    logic fault_domain;
    logic fault_perm;
    logic fault_aflag;
    logic flushes;
  } cnt_events_t;

  localparam int unsigned NumCounters = 17;

  // ===========================================================================================
  // Functions
  // ===========================================================================================

  // Mask of the VPN bits (VA[31:12]) that name a page of this size.
  function automatic logic [19:0] page_vpn_mask(page_size_e size);
    unique case (size)
      SizeLarge:   return 20'hFFFF0;
      SizeSection: return 20'hFFF00;
      SizeSuper:   return 20'hFF000;
      default:     return 20'hFFFFF;
    endcase
  endfunction

  function automatic tlb_tag_t entry_tag_key(tlb_entry_t e);
    return {e.vpn, e.ng ? e.asid : 8'h00};
  endfunction

  function automatic tlb_tag_t entry_tag_mask(tlb_entry_t e);
    return {page_vpn_mask(e.size), e.ng ? 8'hFF : 8'h00};
  endfunction

  // True when the entry with this key and mask translates va_vpn for the given ASID (B3.9.1:
  // global entries match any ASID, non-global ones only their own).
  function automatic logic tag_matches(tlb_tag_t key, tlb_tag_t mask, logic [19:0] va_vpn,
                                       logic [7:0] asid);
    return ({va_vpn, asid} & mask) == key;
  endfunction

  // Physical address of va through an entry: page base from the entry, offset from va.
  function automatic logic [31:0] entry_pa(tlb_entry_t e, logic [31:0] va);
    logic [19:0] mask;
    mask = page_vpn_mask(e.size);
    return {(e.ppn & mask) | (va[31:12] & ~mask), va[11:0]};
  endfunction

  // Section-class sizes report the section fault codes, pages the page codes (B3.12.3).
  function automatic logic is_section_size(page_size_e size);
    return (size == SizeSection) || (size == SizeSuper);
  endfunction

  // DFSR/IFSR value (B3.13.3): FS[3:0] in [3:0], FS[4] in bit 10; data aborts add the domain
  // in [7:4] and WnR in bit 11.
  function automatic logic [31:0] fsr_encode(logic [4:0] fs, logic [3:0] domain, access_e acc);
    logic [31:0] fsr;
    fsr        = '0;
    fsr[3:0]   = fs[3:0];
    fsr[10]    = fs[4];
    if (acc != AccFetch) begin
      fsr[7:4] = domain;
      fsr[11]  = (acc == AccWrite);
    end
    return fsr;
  endfunction

endpackage
