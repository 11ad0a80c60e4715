// mmu_ptw: the short-descriptor page-table walker (DDI 0406C B3.5, B3.6.2 access flag;
// docs/mmu-contract.md §2 steps 1-4).
//
//   Idle --start, PDx set------------------------------------------------> Done
//   Idle --start, walk-cache hit-----------------------> L2Req -> L2Wait -> Done
//   Idle --start, miss--> L1Req -> L1Wait --page table-> L2Req -> L2Wait -> Done
//                                        \--section, supersection, fault--> Done
//
// One memory read is in flight at a time (valid/ready request, valid response, any latency).
// The result is registered, so a walk answers one cycle after its last read returns. Domain
// and permission are not checked here (mmu_perm_check does it for walks and TLB hits alike).
module mmu_ptw import mmu_pkg::*; (
  input  logic         clk_i,
  input  logic         rst_ni,
  // control: start_i is a one-cycle pulse in Idle; va_i and the registers are held until done
  input  logic         start_i,
  input  logic [31:0]  va_i,
  input  logic [31:0]  ttbr0_i,
  input  logic [31:0]  ttbr1_i,
  input  logic [31:0]  ttbcr_i,
  input  logic         afe_i,
  input  logic [7:0]   asid_i,
  output logic         busy_o,
  output logic         done_o,
  output walk_result_t result_o,
  // walk cache
  output logic         wc_lookup_o,
  output logic [31:0]  wc_addr_o,
  input  logic         wc_hit_i,
  input  logic [31:0]  wc_desc_i,
  output logic         wc_fill_o,
  output logic [31:0]  wc_fill_desc_o,
  // memory read port
  output logic         mem_req_valid_o,
  input  logic         mem_req_ready_i,
  output logic [31:0]  mem_req_addr_o,
  input  logic         mem_rsp_valid_i,
  input  logic [31:0]  mem_rsp_data_i,
  // counter events
  output logic         ev_wc_hit_o,     // the L1 descriptor came from the walk cache
  output logic         ev_walk_o,       // a walk that read memory ends (in the Done cycle)
  output logic         ev_walk_l2_o,    // ... and it ended at level 2
  output logic         ev_walk_cycle_o  // a cycle of a walk, first memory request to response
);

  typedef enum logic [2:0] {
    StIdle   = 3'd0,
    StL1Req  = 3'd1,
    StL1Wait = 3'd2,
    StL2Req  = 3'd3,
    StL2Wait = 3'd4,
    StDone   = 3'd5
  } ptw_state_e;

  ptw_state_e   state_q, state_d;
  logic [31:0]  addr_q, addr_d;         // address of the next descriptor read
  logic [31:0]  l1_desc_q, l1_desc_d;   // the page-table descriptor while at level 2
  walk_result_t result_q, result_d;
  logic         read_mem_q, read_mem_d; // this walk reads memory (not a PDx fault)
  logic         at_l2_q, at_l2_d;       // this walk ended at level 2

  logic         use_ttbr1, pd_fault;
  logic [31:0]  l1_addr;

  // B3.5.4: TTBR0 covers VA[31:32-N] == 0, TTBR1 the rest; the TTBR0 table shrinks with N, its
  // base field growing N bits downward (the arithmetic shift). The level-1 index needs no mask
  // for TTBR0: its top N bits are the VA bits that are zero when TTBR0 is used. Only constant
  // part-selects and one shift by N: this block is evaluated every cycle.
  always_comb begin : ttbr_select
    logic [TtbcrNW-1:0] n;
    n         = ttbcr_i[0 +: TtbcrNW];
    use_ttbr1 = (va_i & ~(32'hFFFF_FFFF >> n)) != 32'h0;
    l1_addr   = (use_ttbr1 ? (ttbr1_i & VMSA_TTBR_BASE_MASK)
                           : (ttbr0_i & 32'($signed(VMSA_TTBR_BASE_MASK) >>> n))) |
                (32'(va_i[VMSA_VA_L1_INDEX_SHIFT +: L1IndexW]) << VMSA_DESC_BYTES_SHIFT);
    pd_fault  = ((ttbcr_i & (use_ttbr1 ? MMU_TTBCR_PD1 : MMU_TTBCR_PD0)) != 32'h0);
  end

  // A translation result from a section or supersection descriptor (B3.5.1).
  function automatic walk_result_t decode_section(logic [31:0] d, logic [31:12] va, logic afe,
                                                  logic [7:0] asid);
    walk_result_t r;
    logic         is_super;
    is_super          = (d & VMSA_SECT_SUPER) != 0;
    r              = '0;
    r.entry.size   = is_super ? SizeSuper : SizeSection;
    r.entry.vpn    = va[31:12] & page_vpn_mask(r.entry.size);
    r.entry.ppn    = d[31:12] & page_vpn_mask(r.entry.size);
    r.entry.asid   = asid;
    r.entry.ng     = (d & VMSA_SECT_NG) != 0;
    r.entry.s      = (d & VMSA_SECT_S) != 0;
    r.entry.ap     = {(d & VMSA_SECT_AP2) != 0, d[VMSA_SECT_AP10_SHIFT +: SectAp10W]};
    r.entry.tex    = d[VMSA_SECT_TEX_SHIFT +: SectTexW];
    r.entry.xn     = (d & VMSA_SECT_XN) != 0;
    r.entry.c      = (d & VMSA_SECT_C) != 0;
    r.entry.b      = (d & VMSA_SECT_B) != 0;
    // a supersection's bits [8:5] are not a domain
    r.entry.domain = is_super ? 4'h0 : d[VMSA_L1_DOMAIN_SHIFT +: L1DomainW];
    // B3.6.2 (SCTLR.AFE = 1): AP[0] is the access flag.
    if (afe && !r.entry.ap[0]) begin
      r.fault        = FaultAflag;
      r.fs           = VMSA_FS_ACCESS_FLAG_SECTION[4:0];
      r.fault_domain = r.entry.domain;
    end
    return r;
  endfunction

  // A translation result from a large or is_small page descriptor (B3.5.1).
  function automatic walk_result_t decode_page(logic [31:0] d, logic [3:0] domain,
                                               logic [31:12] va, logic afe, logic [7:0] asid);
    walk_result_t r;
    logic         is_small;
    is_small          = (d & VMSA_L2_SMALL_BIT) != 0;
    r              = '0;
    r.entry.size   = is_small ? SizeSmall : SizeLarge;
    r.entry.vpn    = va[31:12] & page_vpn_mask(r.entry.size);
    r.entry.ppn    = d[31:12] & page_vpn_mask(r.entry.size);
    r.entry.asid   = asid;
    r.entry.ng     = (d & VMSA_L2_NG) != 0;
    r.entry.s      = (d & VMSA_L2_S) != 0;
    r.entry.ap     = {(d & VMSA_L2_AP2) != 0, d[VMSA_L2_AP10_SHIFT +: L2Ap10W]};
    r.entry.tex    = is_small ? d[VMSA_SMALL_TEX_SHIFT +: SmallTexW]
                              : d[VMSA_LARGE_TEX_SHIFT +: LargeTexW];
    r.entry.xn     = (d & (is_small ? VMSA_SMALL_XN : VMSA_LARGE_XN)) != 0;
    r.entry.c      = (d & VMSA_L2_C) != 0;
    r.entry.b      = (d & VMSA_L2_B) != 0;
    r.entry.domain = domain;
    if (afe && !r.entry.ap[0]) begin
      r.fault        = FaultAflag;
      r.fs           = VMSA_FS_ACCESS_FLAG_PAGE[4:0];
      r.fault_domain = domain;
    end
    return r;
  endfunction

  function automatic walk_result_t trans_fault(logic [4:0] fs, logic [3:0] domain);
    walk_result_t r;
    r              = '0;
    r.fault        = FaultTrans;
    r.fs           = fs;
    r.fault_domain = domain;
    return r;
  endfunction

  always_comb begin : walk_fsm
    state_d    = state_q;
    addr_d     = addr_q;
    l1_desc_d  = l1_desc_q;
    result_d   = result_q;
    read_mem_d = read_mem_q;
    at_l2_d    = at_l2_q;

    unique case (state_q)
      StIdle: begin
        if (start_i) begin
          at_l2_d = 1'b0;
          if (pd_fault) begin
            // TTBCR.PDx: translation fault, section, without touching memory.
            read_mem_d = 1'b0;
            result_d   = trans_fault(VMSA_FS_TRANSLATION_SECTION[4:0], 4'h0);
            state_d    = StDone;
          end else if (wc_hit_i) begin
            read_mem_d = 1'b1;
            l1_desc_d  = wc_desc_i;
            addr_d     = l2_desc_addr(wc_desc_i, va_i);
            state_d    = StL2Req;
          end else begin
            read_mem_d = 1'b1;
            addr_d     = l1_addr;
            state_d    = StL1Req;
          end
        end
      end
      StL1Req: if (mem_req_ready_i) state_d = StL1Wait;
      StL1Wait: begin
        if (mem_rsp_valid_i) begin
          unique case (2'(mem_rsp_data_i & VMSA_L1_TYPE_MASK))
            VMSA_L1_TYPE_PAGE_TABLE[1:0]: begin
              l1_desc_d = mem_rsp_data_i;
              addr_d    = l2_desc_addr(mem_rsp_data_i, va_i);
              state_d   = StL2Req;
            end
            VMSA_L1_TYPE_SECTION[1:0]: begin
              result_d = decode_section(mem_rsp_data_i, va_i[31:12], afe_i, asid_i);
              state_d  = StDone;
            end
            default: begin
              // 00 fault, 11 reserved (no PXN/LPAE): translation fault, section, domain 0.
              result_d = trans_fault(VMSA_FS_TRANSLATION_SECTION[4:0], 4'h0);
              state_d  = StDone;
            end
          endcase
        end
      end
      StL2Req: if (mem_req_ready_i) state_d = StL2Wait;
      StL2Wait: begin
        if (mem_rsp_valid_i) begin
          at_l2_d = 1'b1;
          if ((mem_rsp_data_i & VMSA_L2_TYPE_MASK) == VMSA_L2_TYPE_FAULT) begin
            result_d = trans_fault(VMSA_FS_TRANSLATION_PAGE[4:0],
                                   l1_desc_q[VMSA_L1_DOMAIN_SHIFT +: L1DomainW]);
          end else begin
            result_d = decode_page(mem_rsp_data_i, l1_desc_q[VMSA_L1_DOMAIN_SHIFT +: L1DomainW],
                                   va_i[31:12], afe_i, asid_i);
          end
          state_d = StDone;
        end
      end
      StDone:  state_d = StIdle;
      default: state_d = StIdle;
    endcase
  end

  // A page-table descriptor read from memory goes to the walk cache, whatever level 2 holds.
  assign wc_fill_o = (state_q == StL1Wait) && mem_rsp_valid_i &&
                     (mem_rsp_data_i & VMSA_L1_TYPE_MASK) == VMSA_L1_TYPE_PAGE_TABLE;
  assign wc_lookup_o = (state_q == StIdle) && start_i && !pd_fault;
  assign ev_wc_hit_o = wc_lookup_o && wc_hit_i;

  always_comb begin : outputs
    busy_o          = state_q != StIdle;
    done_o          = state_q == StDone;
    result_o        = result_q;
    wc_addr_o       = l1_addr;
    wc_fill_desc_o  = mem_rsp_data_i;
    mem_req_valid_o = (state_q == StL1Req) || (state_q == StL2Req);
    mem_req_addr_o  = addr_q;
    ev_walk_o       = done_o && read_mem_q;
    ev_walk_l2_o    = ev_walk_o && at_l2_q;
    ev_walk_cycle_o = (state_q != StIdle) && read_mem_q;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin : walk_regs
    if (!rst_ni) begin
      state_q    <= StIdle;
      addr_q     <= '0;
      l1_desc_q  <= '0;
      result_q   <= '0;
      read_mem_q <= 1'b0;
      at_l2_q    <= 1'b0;
    end else begin
      state_q    <= state_d;
      addr_q     <= addr_d;
      l1_desc_q  <= l1_desc_d;
      result_q   <= result_d;
      read_mem_q <= read_mem_d;
      at_l2_q    <= at_l2_d;
    end
  end

  // ---- Assertions ---------------------------------------------------------------------------
`ifndef SYNTHESIS
  // The memory request of the previous edge, for the hold check ($past without sampling).
  logic        chk_req_stalled_q;
  logic [31:0] chk_req_addr_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin : chk_req_reg
    if (!rst_ni) begin
      chk_req_stalled_q <= 1'b0;
      chk_req_addr_q    <= '0;
    end else begin
      chk_req_stalled_q <= mem_req_valid_o && !mem_req_ready_i;
      chk_req_addr_q    <= mem_req_addr_o;
    end
  end

  // Immediate assertions at the clock edge (docs/rtl.md, Assertions).
  always_ff @(posedge clk_i) begin : assertions
    if (rst_ni) begin
      // A walk starts only when the walker is idle.
      assert (!start_i || state_q == StIdle)
        else $error("mmu_ptw: start while busy");
      // A memory response comes only while a read is outstanding (one read in flight).
      assert (!mem_rsp_valid_i || state_q == StL1Wait || state_q == StL2Wait)
        else $error("mmu_ptw: memory response with no read in flight");
      // The request holds its address until accepted.
      assert (!chk_req_stalled_q || (mem_req_valid_o && mem_req_addr_o == chk_req_addr_q))
        else $error("mmu_ptw: memory request dropped or changed before ready");
    end
  end
`endif

endmodule
