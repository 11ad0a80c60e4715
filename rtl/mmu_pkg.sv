// mmu_pkg: the one SystemVerilog home of the MMU's architecture constants (descriptor layout,
// fault codes, register map), its typed enums and structs, and small pure functions shared by
// the modules. The constants are generated at build time from the C headers of the contract
// (arch/include/vmcosim/armv7_vmsa.h, mmu_regs.h, mmu_counters.h), so they cannot drift; the
// lint test arch.layout_agrees checks the generated file against the headers and
// docs/register-map.md.
//
// Reference: ARM Architecture Reference Manual ARMv7-A/R (DDI 0406C), chapter B3.
package mmu_pkg;

  // ===========================================================================================
  // Architecture constants (B3.5.1 descriptors, B3.12.3 fault codes, B3.13.3 FSR layout) and
  // the register map. 32-bit values, names as in the C headers.
  // ===========================================================================================
  // ---- generated from armv7_vmsa.h, mmu_regs.h and mmu_counters.h (arch/tools/gen_sv_consts.py):
  // one localparam per constant, the counter events cnt_events_t and NumCounters.
  `include "vmc_arch_consts.svh"

  // Widths of the contract's fields, for constant part-selects d[NAME_SHIFT +: width]: Verilator
  // folds those into one shift and mask, where (d & MASK) >> SHIFT through a function or a
  // variable leaves work in the code evaluated every cycle. The generator refuses a MASK that
  // is not one run of bits starting at its SHIFT (arch/tools/gen_sv_consts.py).
  localparam int unsigned L1DomainW = $countones(VMSA_L1_DOMAIN_MASK);
  localparam int unsigned SectAp10W = $countones(VMSA_SECT_AP10_MASK);
  localparam int unsigned SectTexW  = $countones(VMSA_SECT_TEX_MASK);
  localparam int unsigned L2Ap10W   = $countones(VMSA_L2_AP10_MASK);
  localparam int unsigned SmallTexW = $countones(VMSA_SMALL_TEX_MASK);
  localparam int unsigned LargeTexW = $countones(VMSA_LARGE_TEX_MASK);
  localparam int unsigned TtbcrNW   = $countones(MMU_TTBCR_N_MASK);   // TTBCR.N is bits [2:0]
  localparam int unsigned L1IndexW  = $clog2(VMSA_L1_ENTRIES);       // VA[31:20]
  localparam int unsigned L2IndexW  = $countones(VMSA_VA_L2_INDEX_MASK);   // VA[19:12]
  localparam int unsigned AsidW     = $countones(MMU_CONTEXTIDR_ASID_MASK);   // CONTEXTIDR[7:0]

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

  // ===========================================================================================
  // Functions
  // ===========================================================================================

  // Address of the level-2 descriptor of va under the page-table descriptor l1 (B3.5.5): the
  // table base, and VA[19:12] as the index of a 4-byte descriptor.
  function automatic logic [31:0] l2_desc_addr(logic [31:0] l1, logic [31:0] va);
    return (l1 & VMSA_L1_PT_BASE_MASK) |
           (32'(va[VMSA_VA_L2_INDEX_SHIFT +: L2IndexW]) << VMSA_DESC_BYTES_SHIFT);
  endfunction

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
