// mmu_top: the vmcosim MMU. ARMv7-A short-descriptor translation (DDI 0406C chapter B3) with
// an ITLB and a DTLB, an optional unified L2TLB, an optional walk cache, a page-table walker,
// domain/permission checks, fault reporting, TLB maintenance and performance counters.
// Behaviour: docs/mmu-contract.md. Micro-architecture and timing: docs/rtl.md.
//
// Pipeline (one request in flight):
//   Idle   --accept-->  Lookup  (L1 lookup of the held request, combinational)
//   Lookup --hit or SCTLR.M = 0--> answer now; may accept the next request in the same cycle
//   Lookup --miss, L2TLB present--> L2 --hit--> answer, fill the L1 TLB
//   Lookup/L2 --miss--> Walk --walker done--> answer, fill L2TLB and L1 TLB if no fault
//
// The TLB geometry is run-time configuration on static inputs (stable from reset on), within
// the build-time maxima MaxL1Entries (ITLB and DTLB each), MaxL2Entries and MaxWcEntries.
//
// Multiprocessing (docs/mmu-contract.md §9): InCluster = 1 when mmu_cluster instantiates this
// as one of its cores; then the multiprocessing ports below carry MPIDR, the barrier status and
// the IS commands to and from the other cores. A lone MMU (InCluster = 0, the default) is a
// cluster of one core: those inputs are ignored (constants, so they cost a Verilated model
// nothing), MPIDR and BCAST_SYNC read 0 and the IS commands act on this core only.
//
// External L2TLB (docs/rtl.md, "The cluster"): with ExtL2 = 1 and l2x_sel_i = 1 this core
// uses an L2TLB outside it (mmu_cluster's shared one) instead of its own: in the L2 state it
// asks for the L2TLB (l2x_req_o) and waits there until granted; a walk that found a
// translation asks again to fill it and answers when granted (the walk result is held
// meanwhile); its maintenance commands go out on l2x_inv_o. With ExtL2 = 0 (the default) the
// external ports are ignored and cost nothing.
module mmu_top import mmu_pkg::*; #(
  parameter int unsigned MaxL1Entries = 256,
  parameter int unsigned MaxL2Entries = 1024,
  parameter int unsigned MaxWcEntries = 16,
  parameter bit          InCluster    = 1'b0,
  parameter bit          ExtL2        = 1'b0,
  localparam int unsigned L1IdxW  = (MaxL1Entries > 1) ? $clog2(MaxL1Entries) : 1,
  localparam int unsigned L1WaysW = $clog2(MaxL1Entries + 1),
  localparam int unsigned L2IdxW  = (MaxL2Entries > 1) ? $clog2(MaxL2Entries) : 1,
  localparam int unsigned L2WaysW = $clog2(MaxL2Entries + 1),
  localparam int unsigned WcNumW  = $clog2(MaxWcEntries + 1)
) (
  input  logic         clk_i,
  input  logic         rst_ni,

  // ---- static configuration (docs/mmu-contract.md §1; checked by assertions) ----
  input  logic [4:0]   itlb_sets_log2_i,
  input  logic [10:0]  itlb_ways_i,
  input  policy_e      itlb_policy_i,
  input  logic [4:0]   dtlb_sets_log2_i,
  input  logic [10:0]  dtlb_ways_i,
  input  policy_e      dtlb_policy_i,
  input  logic         l2tlb_present_i,
  input  logic [4:0]   l2tlb_sets_log2_i,
  input  logic [10:0]  l2tlb_ways_i,
  input  policy_e      l2tlb_policy_i,
  input  logic [15:0]  wc_entries_i,
  // verification only: 1 asserts one-hot TLB hits, which holds when software does the
  // maintenance B3.10 requires (the benches set it; leave 0 to allow any software)
  input  logic         chk_onehot_i,
  // simulation speed only (docs/rtl.md, Skipping idle cycles): the edge at which this is
  // non-zero stands for idle_cycles_i cycles in which the walker waits for its memory read and
  // nothing else happens (only CNT_WALK_CYCLES counts them), then the edge's own cycle, in
  // which the read may be answered. Tie to 0 in hardware.
  input  logic [15:0]  idle_cycles_i,

  // ---- translation request ----
  input  logic         req_valid_i,
  output logic         req_ready_o,
  input  logic [31:0]  req_va_i,
  input  access_e      req_access_i,
  input  logic         req_user_i,

  // ---- translation response (valid for one cycle) ----
  output logic         rsp_valid_o,
  output logic [31:0]  rsp_pa_o,        // 0 on a fault
  output fault_kind_e  rsp_fault_o,
  output logic [4:0]   rsp_fs_o,
  output logic [31:0]  rsp_fsr_o,       // DFSR/IFSR value written on a fault, else 0
  output page_size_e   rsp_size_o,      // SizeNone on a fault and with SCTLR.M = 0
  output hit_level_e   rsp_hit_level_o,
  output logic [2:0]   rsp_tex_o,
  output logic         rsp_c_o,
  output logic         rsp_b_o,
  output logic         rsp_s_o,
  output logic         rsp_ng_o,
  output logic         rsp_xn_o,
  output logic [2:0]   rsp_ap_o,
  output logic [3:0]   rsp_domain_o,    // on a fault: the domain reported

  // ---- fill/victim debug, valid with rsp_valid_o: the fills done at the end of this cycle ----
  output logic         itlb_fill_o,
  output logic [15:0]  itlb_fill_set_o,
  output logic [15:0]  itlb_fill_way_o,
  output logic         itlb_evict_o,
  output logic         dtlb_fill_o,
  output logic [15:0]  dtlb_fill_set_o,
  output logic [15:0]  dtlb_fill_way_o,
  output logic         dtlb_evict_o,
  output logic         l2tlb_fill_o,
  output logic [15:0]  l2tlb_fill_set_o,
  output logic [15:0]  l2tlb_fill_way_o,
  output logic         l2tlb_evict_o,

  // ---- walker memory read port: one read in flight ----
  output logic         mem_req_valid_o,
  input  logic         mem_req_ready_i,
  output logic [31:0]  mem_req_addr_o,
  input  logic         mem_rsp_valid_i,
  input  logic [31:0]  mem_rsp_data_i,

  // ---- register port (docs/register-map.md) ----
  input  logic         psel_i,
  input  logic         penable_i,
  input  logic         pwrite_i,
  input  logic [11:0]  paddr_i,
  input  logic [31:0]  pwdata_i,
  output logic [31:0]  prdata_o,
  output logic         pready_o,

  // ---- multiprocessing (mmu_cluster; ignored when InCluster = 0) ----
  input  logic [31:0]  mpidr_i,        // static: MPIDR's value
  input  logic         bcast_busy_i,   // BCAST_SYNC: an IS command of this core is on its way
  output logic         bcast_o,        // an IS command of this core, a one-cycle pulse ...
  output inv_kind_e    bcast_kind_o,   // ... its kind and operand
  output logic [31:0]  bcast_op_o,
  input  logic         rinv_valid_i,   // another core's IS command, held until taken
  input  inv_kind_e    rinv_kind_i,
  input  logic [31:0]  rinv_op_i,
  output logic         rinv_take_o,    // taken (runs in the next cycle, like a local command)

  // ---- external L2TLB (mmu_cluster's shared one; ignored when ExtL2 = 0) ----
  input  logic         l2x_sel_i,      // static: use the external L2TLB, not this core's own
  output logic         l2x_req_o,      // a lookup or fill of the external L2TLB waits
  output logic         l2x_fill_o,     // ... it is the fill of l2x_entry_o (else a lookup)
  output logic [31:0]  l2x_va_o,
  output logic [7:0]   l2x_asid_o,
  output tlb_entry_t   l2x_entry_o,
  output logic         l2x_inv_o,      // a maintenance command runs now (bcast_kind_o/op_o)
  input  logic         l2x_gnt_i,      // the request is served in this cycle
  input  logic         l2x_hit_i,      // ... and the VA hits (valid with l2x_gnt_i)
  input  tlb_entry_t   l2x_entry_i,
  input  logic [L2IdxW-1:0] l2x_set_i,
  input  logic [L2IdxW-1:0] l2x_way_i,
  input  logic         l2x_evict_i
);

  typedef enum logic [1:0] {
    StIdle   = 2'd0,
    StLookup = 2'd1,
    StL2     = 2'd2,
    StWalk   = 2'd3
  } top_state_e;

  top_state_e  state_q, state_d;
  logic [31:0] va_q;
  access_e     access_q;
  logic        user_q;

  // Registers.
  logic [31:0] sctlr, ttbr0, ttbr1, ttbcr, dacr, contextidr;
  logic        inv, bcast;
  inv_kind_e   inv_kind;
  logic [31:0] inv_op;
  logic        mmu_on, afe, is_fetch;
  logic [7:0]  asid;

  assign mmu_on   = (sctlr & MMU_SCTLR_M) != 0;
  assign afe      = (sctlr & MMU_SCTLR_AFE) != 0;
  assign asid     = contextidr[0 +: AsidW];
  assign is_fetch = access_q == AccFetch;

  logic unused_procid;
  assign unused_procid = ^contextidr[31:AsidW];   // PROCID is kept for software only

  // ---- Multiprocessing inputs (constants in a lone MMU) --------------------------------------
  logic [31:0] mpidr_q;
  logic        bcast_busy, rinv_valid;
  inv_kind_e   rinv_kind;
  logic [31:0] rinv_op;
  if (InCluster) begin : g_cluster
    assign bcast_busy = bcast_busy_i;
    assign rinv_valid = rinv_valid_i;
    assign rinv_kind  = rinv_kind_i;
    assign rinv_op    = rinv_op_i;
    // Static like the configuration: registered so the read mux depends on flops only.
    always_ff @(posedge clk_i) begin : mpidr_reg
      mpidr_q <= mpidr_i;
    end
  end else begin : g_lone
    assign bcast_busy = 1'b0;
    assign rinv_valid = 1'b0;
    assign rinv_kind  = InvAll;
    assign rinv_op    = '0;
    assign mpidr_q    = '0;
    logic unused_mp;
    assign unused_mp = ^{mpidr_i, bcast_busy_i, rinv_valid_i, rinv_kind_i, rinv_op_i};
  end

  // ---- Static configuration, registered -------------------------------------------------------
  // The configuration inputs are static from reset on; they are sampled into flops every cycle
  // so that the TLB logic depends on flops, not on primary inputs (a Verilated model then
  // re-evaluates it only after clock edges, not on every input change).
  logic [4:0]  itlb_sets_log2_q, dtlb_sets_log2_q, l2tlb_sets_log2_q;
  logic [10:0] itlb_ways_q, dtlb_ways_q, l2tlb_ways_q;
  policy_e     itlb_policy_q, dtlb_policy_q, l2tlb_policy_q;
  logic        l2tlb_present_q;
  logic [15:0] wc_entries_q;
  logic        chk_onehot_q;

  always_ff @(posedge clk_i) begin : config_reg
    itlb_sets_log2_q  <= itlb_sets_log2_i;
    itlb_ways_q       <= itlb_ways_i;
    itlb_policy_q     <= itlb_policy_i;
    dtlb_sets_log2_q  <= dtlb_sets_log2_i;
    dtlb_ways_q       <= dtlb_ways_i;
    dtlb_policy_q     <= dtlb_policy_i;
    l2tlb_present_q   <= l2tlb_present_i;
    l2tlb_sets_log2_q <= l2tlb_sets_log2_i;
    l2tlb_ways_q      <= l2tlb_ways_i;
    l2tlb_policy_q    <= l2tlb_policy_i;
    wc_entries_q      <= wc_entries_i;
    chk_onehot_q      <= chk_onehot_i;
  end

  // ---- Configuration helpers ----------------------------------------------------------------
  function automatic logic [31:0] cfg_word(logic present, logic [4:0] sets_log2,
                                           logic [10:0] ways, policy_e policy, int unsigned max);
    logic [31:0] w;
    w = 32'((max > MMU_CFG_MAX_SATURATE) ? MMU_CFG_MAX_SATURATE : max) << MMU_CFG_MAX_SHIFT;
    if (present) begin
      w = w | (32'(ways) & MMU_CFG_WAYS_MASK) |
          ((32'(sets_log2) << MMU_CFG_LOG2_SETS_SHIFT) & MMU_CFG_LOG2_SETS_MASK) |
          (32'(policy) << MMU_CFG_POLICY_SHIFT);
    end
    return w;
  endfunction

  // ---- TLBs -------------------------------------------------------------------------------
  logic        itlb_lookup, itlb_hit, itlb_touch, itlb_fill;
  logic        dtlb_lookup, dtlb_hit, dtlb_touch, dtlb_fill;
  logic        l2_lookup, l2_hit, l2_touch, l2_fill;
  tlb_entry_t  itlb_entry, dtlb_entry, l2_entry, fill_entry;
  logic [L1IdxW-1:0] itlb_set, itlb_way, dtlb_set, dtlb_way;
  logic [L2IdxW-1:0] l2_set, l2_way;
  logic        itlb_evict, dtlb_evict, l2_evict;
  // This core's own L2TLB, and the L2TLB in use (own or external).
  logic        l2o_hit, l2o_evict;
  tlb_entry_t  l2o_entry;
  logic [L2IdxW-1:0] l2o_set, l2o_way;
  logic        l2_ext, l2_gnt, l2_want_fill, walk_hold_q, walk_end;

  mmu_tlb #(.MaxEntries(MaxL1Entries)) u_itlb (
    .clk_i, .rst_ni,
    .sets_log2_i  (itlb_sets_log2_q),
    .ways_i       (L1WaysW'(itlb_ways_q)),
    .policy_i     (itlb_policy_q),
    .lookup_i     (itlb_lookup),
    .va_i         (va_q),
    .asid_i       (asid),
    .hit_o        (itlb_hit),
    .hit_entry_o  (itlb_entry),
    .touch_i      (itlb_touch),
    .fill_i       (itlb_fill),
    .fill_entry_i (fill_entry),
    .set_o        (itlb_set),
    .fill_way_o   (itlb_way),
    .evict_valid_o(itlb_evict),
    .inv_i        (inv),
    .inv_kind_i   (inv_kind),
    .inv_op_i     (inv_op),
    .chk_onehot_i (chk_onehot_q)
  );

  mmu_tlb #(.MaxEntries(MaxL1Entries)) u_dtlb (
    .clk_i, .rst_ni,
    .sets_log2_i  (dtlb_sets_log2_q),
    .ways_i       (L1WaysW'(dtlb_ways_q)),
    .policy_i     (dtlb_policy_q),
    .lookup_i     (dtlb_lookup),
    .va_i         (va_q),
    .asid_i       (asid),
    .hit_o        (dtlb_hit),
    .hit_entry_o  (dtlb_entry),
    .touch_i      (dtlb_touch),
    .fill_i       (dtlb_fill),
    .fill_entry_i (fill_entry),
    .set_o        (dtlb_set),
    .fill_way_o   (dtlb_way),
    .evict_valid_o(dtlb_evict),
    .inv_i        (inv),
    .inv_kind_i   (inv_kind),
    .inv_op_i     (inv_op),
    .chk_onehot_i (chk_onehot_q)
  );

  mmu_tlb #(.MaxEntries(MaxL2Entries)) u_l2tlb (
    .clk_i, .rst_ni,
    .sets_log2_i  (l2tlb_sets_log2_q),
    .ways_i       (L2WaysW'(l2tlb_ways_q)),
    .policy_i     (l2tlb_policy_q),
    .lookup_i     (l2_lookup && !l2_ext),
    .va_i         (va_q),
    .asid_i       (asid),
    .hit_o        (l2o_hit),
    .hit_entry_o  (l2o_entry),
    .touch_i      (l2_touch && !l2_ext),
    .fill_i       (l2_fill && !l2_ext),
    .fill_entry_i (fill_entry),
    .set_o        (l2o_set),
    .fill_way_o   (l2o_way),
    .evict_valid_o(l2o_evict),
    .inv_i        (inv && l2tlb_present_q && !l2_ext),
    .inv_kind_i   (inv_kind),
    .inv_op_i     (inv_op),
    .chk_onehot_i (chk_onehot_q)
  );

  // The external L2TLB: a granted lookup answers in the same cycle, as the own one does.
  if (ExtL2) begin : g_ext_l2
    assign l2_ext   = l2x_sel_i;
    assign l2_gnt   = !l2x_sel_i || l2x_gnt_i;
    assign l2_hit   = l2x_sel_i ? l2x_gnt_i && l2x_hit_i : l2o_hit;
    assign l2_entry = l2x_sel_i ? l2x_entry_i : l2o_entry;
    assign l2_set   = l2x_sel_i ? l2x_set_i : l2o_set;
    assign l2_way   = l2x_sel_i ? l2x_way_i : l2o_way;
    assign l2_evict = l2x_sel_i ? l2x_evict_i : l2o_evict;
    assign l2x_req_o   = l2x_sel_i && ((state_q == StL2) || l2_want_fill);
    assign l2x_fill_o  = state_q == StWalk;
    assign l2x_va_o    = va_q;
    assign l2x_asid_o  = asid;
    assign l2x_entry_o = walk_result.entry;
    assign l2x_inv_o   = l2x_sel_i && inv && l2tlb_present_q;
    // The walk answered but its L2TLB fill waits for the grant: the walker holds its result.
    always_ff @(posedge clk_i or negedge rst_ni) begin : walk_hold_reg
      if (!rst_ni) walk_hold_q <= 1'b0;
      else         walk_hold_q <= (state_q == StWalk) && walk_end && !responding;
    end
  end else begin : g_own_l2
    assign l2_ext      = 1'b0;
    assign l2_gnt      = 1'b1;
    assign l2_hit      = l2o_hit;
    assign l2_entry    = l2o_entry;
    assign l2_set      = l2o_set;
    assign l2_way      = l2o_way;
    assign l2_evict    = l2o_evict;
    assign l2x_req_o   = 1'b0;
    assign l2x_fill_o  = 1'b0;
    assign l2x_va_o    = '0;
    assign l2x_asid_o  = '0;
    assign l2x_entry_o = '0;
    assign l2x_inv_o   = 1'b0;
    assign walk_hold_q = 1'b0;
    logic unused_l2x;
    assign unused_l2x = ^{l2x_sel_i, l2x_gnt_i, l2x_hit_i, l2x_entry_i, l2x_set_i, l2x_way_i,
                          l2x_evict_i};
  end

  // ---- Walker and walk cache ----------------------------------------------------------------
  logic         walk_start, walk_busy, walk_done;
  walk_result_t walk_result;
  logic         wc_lookup, wc_hit, wc_fill;
  logic [31:0]  wc_addr, wc_desc, wc_fill_desc;
  logic         ev_wc_hit, ev_walk, ev_walk_l2, ev_walk_cycle;

  mmu_ptw u_ptw (
    .clk_i, .rst_ni,
    .start_i        (walk_start),
    .va_i           (va_q),
    .ttbr0_i        (ttbr0),
    .ttbr1_i        (ttbr1),
    .ttbcr_i        (ttbcr),
    .afe_i          (afe),
    .asid_i         (asid),
    .busy_o         (walk_busy),
    .done_o         (walk_done),
    .result_o       (walk_result),
    .wc_lookup_o    (wc_lookup),
    .wc_addr_o      (wc_addr),
    .wc_hit_i       (wc_hit),
    .wc_desc_i      (wc_desc),
    .wc_fill_o      (wc_fill),
    .wc_fill_desc_o (wc_fill_desc),
    .mem_req_valid_o,
    .mem_req_ready_i,
    .mem_req_addr_o,
    .mem_rsp_valid_i,
    .mem_rsp_data_i,
    .ev_wc_hit_o    (ev_wc_hit),
    .ev_walk_o      (ev_walk),
    .ev_walk_l2_o   (ev_walk_l2),
    .ev_walk_cycle_o(ev_walk_cycle)
  );

  // The walk cache is keyed by the L1 descriptor address of the walk's start; a fill (when the
  // L1 read returns) uses the address captured then.
  logic [31:0] wc_fill_addr_q;
  mmu_walk_cache #(.MaxEntries(MaxWcEntries)) u_walk_cache (
    .clk_i, .rst_ni,
    .entries_i   (WcNumW'(wc_entries_q)),
    .lookup_i     (wc_lookup && wc_entries_q != '0),
    .lookup_addr_i(wc_addr),
    .hit_o        (wc_hit),
    .desc_o       (wc_desc),
    .fill_i       (wc_fill && wc_entries_q != '0),
    .fill_addr_i  (wc_fill_addr_q),
    .fill_va_mb_i (va_q[VMSA_VA_L1_INDEX_SHIFT +: L1IndexW]),
    .fill_desc_i  (wc_fill_desc),
    .inv_i        (inv && wc_entries_q != '0),
    .inv_kind_i   (inv_kind),
    .inv_op_i     (inv_op)
  );

  // ---- Response: source entry, checks, fault report -------------------------------------------
  tlb_entry_t  rsp_entry;
  fault_kind_e perm_fault, fault;
  logic [4:0]  perm_fs, fs;
  logic [3:0]  fault_domain;
  logic        responding, walk_fault;
  hit_level_e  hit_level;

  always_comb begin : response_source
    rsp_entry  = '0;
    hit_level  = HitFlat;
    responding = 1'b0;
    walk_fault = 1'b0;
    unique case (state_q)
      StLookup: begin
        hit_level  = HitL1;
        rsp_entry  = is_fetch ? itlb_entry : dtlb_entry;
        responding = !mmu_on || (is_fetch ? itlb_hit : dtlb_hit);
        if (!mmu_on) hit_level = HitFlat;
      end
      StL2: begin
        hit_level  = HitL2;
        rsp_entry  = l2_entry;
        responding = l2_hit;
      end
      StWalk: begin
        hit_level  = HitWalk;
        rsp_entry  = walk_result.entry;
        walk_fault = walk_result.fault != FaultNone;
        // With an external L2TLB a fill waits for its grant.
        responding = walk_end && (walk_fault || !l2tlb_present_q || l2_gnt);
      end
      default: ;
    endcase
  end

  mmu_perm_check u_perm_check (
    .entry_i  (rsp_entry),
    .access_i (access_q),
    .user_i   (user_q),
    .dacr_i   (dacr),
    .afe_i    (afe),
    .fault_o  (perm_fault),
    .fs_o     (perm_fs)
  );

  // Walk faults (translation, access flag) take priority over domain and permission faults
  // (B3.12.2, TranslationTableWalkSD before CheckDomain/CheckPermission).
  always_comb begin : fault_select
    if (!mmu_on) begin
      fault        = FaultNone;
      fs           = '0;
      fault_domain = '0;
    end else if (walk_fault) begin
      fault        = walk_result.fault;
      fs           = walk_result.fs;
      fault_domain = walk_result.fault_domain;
    end else begin
      fault        = perm_fault;
      fs           = perm_fs;
      fault_domain = rsp_entry.domain;
    end
  end

  always_comb begin : response_out
    rsp_valid_o     = responding;
    rsp_fault_o     = fault;
    rsp_fs_o        = fs;
    rsp_fsr_o       = (fault != FaultNone) ? fsr_encode(fs, fault_domain, access_q) : 32'h0;
    rsp_hit_level_o = hit_level;
    rsp_pa_o        = '0;
    rsp_size_o      = SizeNone;
    rsp_tex_o       = '0;
    rsp_c_o         = 1'b0;
    rsp_b_o         = 1'b0;
    rsp_s_o         = 1'b0;
    rsp_ng_o        = 1'b0;
    rsp_xn_o        = 1'b0;
    rsp_ap_o        = '0;
    rsp_domain_o    = '0;
    if (!mmu_on) begin
      // Flat mapping: strongly ordered, shareable (B3.2.1 with the MMU disabled).
      rsp_pa_o = va_q;
      rsp_s_o  = 1'b1;
    end else if (fault != FaultNone) begin
      rsp_domain_o = fault_domain;
    end else begin
      rsp_pa_o     = entry_pa(rsp_entry, va_q);
      rsp_size_o   = rsp_entry.size;
      rsp_tex_o    = rsp_entry.tex;
      rsp_c_o      = rsp_entry.c;
      rsp_b_o      = rsp_entry.b;
      rsp_s_o      = rsp_entry.s;
      rsp_ng_o     = rsp_entry.ng;
      rsp_xn_o     = rsp_entry.xn;
      rsp_ap_o     = rsp_entry.ap;
      rsp_domain_o = rsp_entry.domain;
    end
  end

  // ---- Control ------------------------------------------------------------------------------
  logic write_pending, accept;

  always_comb begin : lookup_enables
    itlb_lookup = (state_q == StLookup) && mmu_on && is_fetch;
    dtlb_lookup = (state_q == StLookup) && mmu_on && !is_fetch;
    l2_lookup   = (state_q == StL2) && l2_gnt;
  end

  // A walk that found a translation wants to fill the L2TLB. From flops only (kept out of the
  // blocks that read the grant: the external L2TLB's grant depends on it).
  assign walk_end     = walk_done || walk_hold_q;
  assign l2_want_fill = (state_q == StWalk) && walk_end && walk_result.fault == FaultNone &&
                        l2tlb_present_q;

  always_comb begin : control
    // A pending register write stops new requests, so that it completes as soon as the
    // request in flight has answered (docs/mmu-contract.md §6).
    // Another core's IS command stops new requests the same way and is taken when idle.
    write_pending = psel_i && pwrite_i;
    req_ready_o   = ((state_q == StIdle) || responding) && !write_pending && !rinv_valid;
    accept        = req_valid_i && req_ready_o;

    itlb_touch  = itlb_lookup && itlb_hit;
    dtlb_touch  = dtlb_lookup && dtlb_hit;
    l2_touch    = l2_lookup && l2_hit;

    // Fills: an L2TLB hit refills the L1 TLB; a walk that found a translation fills both
    // levels. Walks that end in a translation or access-flag fault fill nothing (B3.9.1: such
    // entries are never held in a TLB); a translation whose domain or permission check fails
    // is cached, because the TLB keeps the descriptor, not the verdict (contract §3).
    fill_entry   = (state_q == StL2) ? l2_entry : walk_result.entry;
    l2_fill      = l2_want_fill && l2_gnt;
    itlb_fill    = is_fetch && (((state_q == StL2) && l2_hit) ||
                                ((state_q == StWalk) && responding && !walk_fault));
    dtlb_fill    = !is_fetch && (((state_q == StL2) && l2_hit) ||
                                 ((state_q == StWalk) && responding && !walk_fault));

    walk_start  = ((state_q == StLookup) && mmu_on && !(is_fetch ? itlb_hit : dtlb_hit) &&
                   !l2tlb_present_q) ||
                  ((state_q == StL2) && l2_gnt && !l2_hit);

    state_d = state_q;
    unique case (state_q)
      StIdle:   if (accept) state_d = StLookup;
      StLookup: begin
        if (responding)           state_d = accept ? StLookup : StIdle;
        else if (l2tlb_present_q) state_d = StL2;
        else                      state_d = StWalk;
      end
      StL2: begin
        if (responding)  state_d = accept ? StLookup : StIdle;
        else if (l2_gnt) state_d = StWalk;   // an external L2TLB not granted: ask again
      end
      StWalk:   if (responding) state_d = accept ? StLookup : StIdle;
      default:  state_d = StIdle;
    endcase
  end

  // ---- Registers and counters -----------------------------------------------------------------
  cnt_events_t events;

  always_comb begin : counter_events
    events               = '0;
    events.requests      = 1'b0;   // counted inside mmu_regs (request_i)
    events.itlb_lookups  = itlb_lookup;
    events.itlb_hits     = itlb_touch;
    events.dtlb_lookups  = dtlb_lookup;
    events.dtlb_hits     = dtlb_touch;
    events.l2tlb_lookups = l2_lookup;
    events.l2tlb_hits    = l2_touch;
    events.walks         = ev_walk;
    events.walk_cycles   = ev_walk_cycle;
    events.walks_l1      = ev_walk && !ev_walk_l2;
    events.walks_l2      = ev_walk_l2;
    events.wcache_hits   = ev_wc_hit;
    events.fault_trans   = responding && fault == FaultTrans;
    events.fault_domain  = responding && fault == FaultDomain;
    events.fault_perm    = responding && fault == FaultPerm;
    events.fault_aflag   = responding && fault == FaultAflag;
    events.flushes       = 1'b0;   // counted inside mmu_regs
  end

  mmu_regs u_regs (
    .clk_i, .rst_ni,
    .psel_i, .penable_i, .pwrite_i, .paddr_i, .pwdata_i, .prdata_o, .pready_o,
    .write_ok_i   (state_q == StIdle && !rinv_valid),
    .cfg_itlb_i   (cfg_word(1'b1, itlb_sets_log2_q, itlb_ways_q, itlb_policy_q, MaxL1Entries)),
    .cfg_dtlb_i   (cfg_word(1'b1, dtlb_sets_log2_q, dtlb_ways_q, dtlb_policy_q, MaxL1Entries)),
    .cfg_l2tlb_i  (cfg_word(l2tlb_present_q, l2tlb_sets_log2_q, l2tlb_ways_q, l2tlb_policy_q,
                            MaxL2Entries)),
    .cfg_wcache_i ((32'(MaxWcEntries) << MMU_CFG_WC_MAX_SHIFT) | 32'(wc_entries_q)),
    .fault_i      (responding && fault != FaultNone),
    .fault_fetch_i(is_fetch),
    .fault_fsr_i  (rsp_fsr_o),
    .fault_va_i   (va_q),
    .request_i    (accept),
    .idle_cycles_i,
    .events_i     (events),
    .sctlr_o      (sctlr),
    .ttbr0_o      (ttbr0),
    .ttbr1_o      (ttbr1),
    .ttbcr_o      (ttbcr),
    .dacr_o       (dacr),
    .contextidr_o (contextidr),
    .inv_o        (inv),
    .inv_kind_o   (inv_kind),
    .inv_op_o     (inv_op),
    .mpidr_i      (mpidr_q),
    .bcast_busy_i (bcast_busy),
    .bcast_o      (bcast),
    .rinv_take_i  (rinv_take_o),
    .rinv_kind_i  (rinv_kind),
    .rinv_op_i    (rinv_op)
  );

  // The IS command goes out with the kind and operand of the local pulse it rides on.
  assign rinv_take_o  = rinv_valid && state_q == StIdle;
  assign bcast_o      = InCluster && bcast;
  assign bcast_kind_o = inv_kind;
  assign bcast_op_o   = inv_op;

  // ---- Debug outputs ------------------------------------------------------------------------
  always_comb begin : debug_out
    itlb_fill_o      = itlb_fill;
    itlb_fill_set_o  = 16'(itlb_set);
    itlb_fill_way_o  = 16'(itlb_way);
    itlb_evict_o     = itlb_evict;
    dtlb_fill_o      = dtlb_fill;
    dtlb_fill_set_o  = 16'(dtlb_set);
    dtlb_fill_way_o  = 16'(dtlb_way);
    dtlb_evict_o     = dtlb_evict;
    // A fill the external L2TLB skipped (another core's fill put the VA there) is not one.
    l2tlb_fill_o     = l2_fill && !(l2_ext && l2x_hit_i);
    l2tlb_fill_set_o = 16'(l2_set);
    l2tlb_fill_way_o = 16'(l2_way);
    l2tlb_evict_o    = l2_evict;
  end

  // ---- State --------------------------------------------------------------------------------
  always_ff @(posedge clk_i or negedge rst_ni) begin : state_reg
    if (!rst_ni) state_q <= StIdle;
    else         state_q <= state_d;
  end

  // The request held while it is translated (no reset: qualified by state_q).
  always_ff @(posedge clk_i) begin : request_reg
    if (accept) begin
      va_q     <= req_va_i;
      access_q <= req_access_i;
      user_q   <= req_user_i;
    end
  end

  always_ff @(posedge clk_i) begin : wc_addr_reg
    if (wc_lookup) wc_fill_addr_q <= wc_addr;
  end

  // ---- Assertions ---------------------------------------------------------------------------
`ifndef SYNTHESIS
  `include "mmu_assert_first.svh"

  // Immediate assertions at the clock edge (docs/rtl.md, Assertions).
  always_ff @(posedge clk_i) begin : assertions
    if (rst_ni) begin
      // No request is accepted while a walk is in flight (one translation at a time).
      assert (!(accept && walk_busy && !walk_done))
        else $error("mmu_top: request accepted during a walk");
      // A response only for a request that was accepted and not yet answered.
      assert (!rsp_valid_o || state_q != StIdle)
        else $error("mmu_top: response without a request");
      // The walker only runs in the Walk state.
      assert (!walk_busy || state_q == StWalk)
        else $error("mmu_top: walker busy outside the Walk state");
      // Idle cycles are skipped only while the walker waits for a read and no input but the
      // read's response is active: the waiting cycles before this edge's are the only ones in
      // which nothing but CNT_WALK_CYCLES changes.
      assert (idle_cycles_i == '0 ||
              (walk_busy && !walk_done && !mem_req_valid_o && !req_valid_i && !psel_i))
        else $error("mmu_top: idle cycles skipped while not waiting for a walk's read");
      // Translations that give a translation or access-flag fault are never cached.
      assert (!((itlb_fill || dtlb_fill || l2_fill) &&
                (fault == FaultTrans || fault == FaultAflag)))
        else $error("mmu_top: fill of a translation that faults in the walk");
      // Static configuration within the maxima and the contract (§1).
      if (chk_first_q) begin
        assert (itlb_ways_i != 0 && dtlb_ways_i != 0 && (!l2tlb_present_i || l2tlb_ways_i != 0))
          else $error("mmu_top: a TLB has no ways");
        assert (32'(wc_entries_i) <= MaxWcEntries)
          else $error("mmu_top: walk cache of %0d entries exceeds %0d", wc_entries_i,
                      MaxWcEntries);
      end
      // Stable from reset on: the *_q copies hold the inputs of the previous edge ($stable).
      // Field by field: a concatenation would be built anew every cycle.
      assert (itlb_ways_i == itlb_ways_q && dtlb_ways_i == dtlb_ways_q &&
              l2tlb_ways_i == l2tlb_ways_q && itlb_sets_log2_i == itlb_sets_log2_q &&
              dtlb_sets_log2_i == dtlb_sets_log2_q && l2tlb_sets_log2_i == l2tlb_sets_log2_q &&
              l2tlb_present_i == l2tlb_present_q && wc_entries_i == wc_entries_q &&
              itlb_policy_i == itlb_policy_q && dtlb_policy_i == dtlb_policy_q &&
              l2tlb_policy_i == l2tlb_policy_q && chk_onehot_i == chk_onehot_q)
        else $error("mmu_top: configuration changed after reset");
    end
  end
`endif

endmodule
