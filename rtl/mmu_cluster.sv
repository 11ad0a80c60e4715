// mmu_cluster: a cluster of MaxCores MMUs (mmu_top, InCluster = 1), num_cores_i of them active,
// and the fabric that carries the inner-shareable TLB maintenance commands between them
// (docs/mmu-contract.md §9; DDI 0406C B3.10, B4.2.2: TLBIALLIS, TLBIMVAIS, TLBIASIDIS,
// TLBIMVAAIS). Micro-architecture: docs/rtl.md, "The cluster".
//
// Each core is a whole mmu_top with its own TLBs, walk cache, walker (and walker memory port)
// and register block; all share the clock, the reset and the static configuration. Every
// per-core port of mmu_top is here an unpacked array indexed by the core.
//
// Fabric: when core i performs an IS command (its bcast pulse), the command is stored in core
// i's slot (kind, operand) and marked pending at every other active core. A core with pending
// commands is offered the one of the lowest-numbered issuing core (rinv_valid); it takes it
// when idle, like a register write, and its pending bit clears. Core i's BCAST_SYNC reads busy
// while its pulse is on or its command is pending anywhere; its next IS write waits until then.
//
// L2TLB: with l2tlb_shared_i = 0 each core has its own; with 1 (and an L2TLB configured) every
// active core uses one shared L2TLB (mmu_l2_shared: round-robin grant, maintenance of every
// core); each core still counts its own lookups and hits and reports its own fills.
module mmu_cluster import mmu_pkg::*; #(
  parameter int unsigned MaxCores     = 4,
  parameter int unsigned MaxL1Entries = 256,
  parameter int unsigned MaxL2Entries = 1024,
  parameter int unsigned MaxWcEntries = 16,
  localparam int unsigned CoreW  = (MaxCores > 1) ? $clog2(MaxCores) : 1,
  localparam int unsigned L2IdxW = (MaxL2Entries > 1) ? $clog2(MaxL2Entries) : 1
) (
  input  logic         clk_i,
  input  logic         rst_ni,

  // ---- static configuration, the same for every core (mmu_top) ----
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
  input  logic         chk_onehot_i,
  // number of active cores, 1..MaxCores (static); cores from num_cores_i on must stay idle
  input  logic [7:0]   num_cores_i,
  // static: 1 = one L2TLB shared by every core (geometry l2tlb_*), 0 = one per core
  input  logic         l2tlb_shared_i,

  // ---- per core: the ports of mmu_top ----
  input  logic [15:0]  idle_cycles_i    [MaxCores],
  input  logic         req_valid_i      [MaxCores],
  output logic         req_ready_o      [MaxCores],
  input  logic [31:0]  req_va_i         [MaxCores],
  input  access_e      req_access_i     [MaxCores],
  input  logic         req_user_i       [MaxCores],
  output logic         rsp_valid_o      [MaxCores],
  output logic [31:0]  rsp_pa_o         [MaxCores],
  output fault_kind_e  rsp_fault_o      [MaxCores],
  output logic [4:0]   rsp_fs_o         [MaxCores],
  output logic [31:0]  rsp_fsr_o        [MaxCores],
  output page_size_e   rsp_size_o       [MaxCores],
  output hit_level_e   rsp_hit_level_o  [MaxCores],
  output logic [2:0]   rsp_tex_o        [MaxCores],
  output logic         rsp_c_o          [MaxCores],
  output logic         rsp_b_o          [MaxCores],
  output logic         rsp_s_o          [MaxCores],
  output logic         rsp_ng_o         [MaxCores],
  output logic         rsp_xn_o         [MaxCores],
  output logic [2:0]   rsp_ap_o         [MaxCores],
  output logic [3:0]   rsp_domain_o     [MaxCores],
  output logic         itlb_fill_o      [MaxCores],
  output logic [15:0]  itlb_fill_set_o  [MaxCores],
  output logic [15:0]  itlb_fill_way_o  [MaxCores],
  output logic         itlb_evict_o     [MaxCores],
  output logic         dtlb_fill_o      [MaxCores],
  output logic [15:0]  dtlb_fill_set_o  [MaxCores],
  output logic [15:0]  dtlb_fill_way_o  [MaxCores],
  output logic         dtlb_evict_o     [MaxCores],
  output logic         l2tlb_fill_o     [MaxCores],
  output logic [15:0]  l2tlb_fill_set_o [MaxCores],
  output logic [15:0]  l2tlb_fill_way_o [MaxCores],
  output logic         l2tlb_evict_o    [MaxCores],
  output logic         mem_req_valid_o  [MaxCores],
  input  logic         mem_req_ready_i  [MaxCores],
  output logic [31:0]  mem_req_addr_o   [MaxCores],
  input  logic         mem_rsp_valid_i  [MaxCores],
  input  logic [31:0]  mem_rsp_data_i   [MaxCores],
  input  logic         psel_i           [MaxCores],
  input  logic         penable_i        [MaxCores],
  input  logic         pwrite_i         [MaxCores],
  input  logic [11:0]  paddr_i          [MaxCores],
  input  logic [31:0]  pwdata_i         [MaxCores],
  output logic [31:0]  prdata_o         [MaxCores],
  output logic         pready_o         [MaxCores],

  // ---- observation: each core's IS command still pending at other cores (BCAST_SYNC) ----
  output logic [MaxCores-1:0] bcast_busy_o
);

  // Number of active cores, registered like the rest of the static configuration.
  logic [7:0]          num_cores_q;
  logic                l2_shared_q;
  logic [MaxCores-1:0] active;

  always_ff @(posedge clk_i) begin : num_cores_reg
    num_cores_q <= num_cores_i;
    l2_shared_q <= l2tlb_shared_i;
  end

  always_comb begin : active_cores
    for (int unsigned k = 0; k < MaxCores; k++) active[k] = 8'(k) < num_cores_q;
  end

  // ---- Cores ----------------------------------------------------------------------------------
  logic                bcast      [MaxCores];
  inv_kind_e           bcast_kind [MaxCores];
  logic [31:0]         bcast_op   [MaxCores];
  logic                rinv_valid [MaxCores];
  inv_kind_e           rinv_kind  [MaxCores];
  logic [31:0]         rinv_op    [MaxCores];
  logic                rinv_take  [MaxCores];
  logic [MaxCores-1:0] busy, pending;
  // The shared L2TLB's ports, per core.
  logic                l2x_req   [MaxCores];
  logic                l2x_fill  [MaxCores];
  logic [31:0]         l2x_va    [MaxCores];
  logic [7:0]          l2x_asid  [MaxCores];
  tlb_entry_t          l2x_entry [MaxCores];
  logic                l2x_inv   [MaxCores];
  logic [MaxCores-1:0] l2x_gnt;
  logic                l2x_hit, l2x_evict;
  tlb_entry_t          l2x_hit_entry;
  logic [L2IdxW-1:0]   l2x_set, l2x_way;

  // Inactive cores get no clock: their state never changes, and a Verilated model evaluates
  // only the logic of clocks that ticked, so a core that is built but not used costs little.
  // num_cores_i is static from reset on (in silicon this is a clock-gating cell).
  logic clk_core [MaxCores];

  for (genvar k = 0; k < MaxCores; k++) begin : g_core
    assign clk_core[k] = clk_i & (8'(k) < num_cores_i);

    mmu_top #(
      .MaxL1Entries(MaxL1Entries),
      .MaxL2Entries(MaxL2Entries),
      .MaxWcEntries(MaxWcEntries),
      .InCluster   (1'b1),
      .ExtL2       (1'b1)
    ) u_mmu (
      .clk_i            (clk_core[k]),
      .rst_ni,
      .itlb_sets_log2_i, .itlb_ways_i, .itlb_policy_i,
      .dtlb_sets_log2_i, .dtlb_ways_i, .dtlb_policy_i,
      .l2tlb_present_i, .l2tlb_sets_log2_i, .l2tlb_ways_i, .l2tlb_policy_i,
      .wc_entries_i, .chk_onehot_i,
      .idle_cycles_i    (idle_cycles_i[k]),
      .req_valid_i      (req_valid_i[k]),
      .req_ready_o      (req_ready_o[k]),
      .req_va_i         (req_va_i[k]),
      .req_access_i     (req_access_i[k]),
      .req_user_i       (req_user_i[k]),
      .rsp_valid_o      (rsp_valid_o[k]),
      .rsp_pa_o         (rsp_pa_o[k]),
      .rsp_fault_o      (rsp_fault_o[k]),
      .rsp_fs_o         (rsp_fs_o[k]),
      .rsp_fsr_o        (rsp_fsr_o[k]),
      .rsp_size_o       (rsp_size_o[k]),
      .rsp_hit_level_o  (rsp_hit_level_o[k]),
      .rsp_tex_o        (rsp_tex_o[k]),
      .rsp_c_o          (rsp_c_o[k]),
      .rsp_b_o          (rsp_b_o[k]),
      .rsp_s_o          (rsp_s_o[k]),
      .rsp_ng_o         (rsp_ng_o[k]),
      .rsp_xn_o         (rsp_xn_o[k]),
      .rsp_ap_o         (rsp_ap_o[k]),
      .rsp_domain_o     (rsp_domain_o[k]),
      .itlb_fill_o      (itlb_fill_o[k]),
      .itlb_fill_set_o  (itlb_fill_set_o[k]),
      .itlb_fill_way_o  (itlb_fill_way_o[k]),
      .itlb_evict_o     (itlb_evict_o[k]),
      .dtlb_fill_o      (dtlb_fill_o[k]),
      .dtlb_fill_set_o  (dtlb_fill_set_o[k]),
      .dtlb_fill_way_o  (dtlb_fill_way_o[k]),
      .dtlb_evict_o     (dtlb_evict_o[k]),
      .l2tlb_fill_o     (l2tlb_fill_o[k]),
      .l2tlb_fill_set_o (l2tlb_fill_set_o[k]),
      .l2tlb_fill_way_o (l2tlb_fill_way_o[k]),
      .l2tlb_evict_o    (l2tlb_evict_o[k]),
      .mem_req_valid_o  (mem_req_valid_o[k]),
      .mem_req_ready_i  (mem_req_ready_i[k]),
      .mem_req_addr_o   (mem_req_addr_o[k]),
      .mem_rsp_valid_i  (mem_rsp_valid_i[k]),
      .mem_rsp_data_i   (mem_rsp_data_i[k]),
      .psel_i           (psel_i[k]),
      .penable_i        (penable_i[k]),
      .pwrite_i         (pwrite_i[k]),
      .paddr_i          (paddr_i[k]),
      .pwdata_i         (pwdata_i[k]),
      .prdata_o         (prdata_o[k]),
      .pready_o         (pready_o[k]),
      .mpidr_i          (32'(k) | ((32'(num_cores_q) - 32'd1) << MMU_MPIDR_CORES_SHIFT)),
      .bcast_busy_i     (busy[k]),
      .bcast_o          (bcast[k]),
      .bcast_kind_o     (bcast_kind[k]),
      .bcast_op_o       (bcast_op[k]),
      .rinv_valid_i     (rinv_valid[k]),
      .rinv_kind_i      (rinv_kind[k]),
      .rinv_op_i        (rinv_op[k]),
      .rinv_take_o      (rinv_take[k]),
      .l2x_sel_i        (l2_shared_q),
      .l2x_req_o        (l2x_req[k]),
      .l2x_fill_o       (l2x_fill[k]),
      .l2x_va_o         (l2x_va[k]),
      .l2x_asid_o       (l2x_asid[k]),
      .l2x_entry_o      (l2x_entry[k]),
      .l2x_inv_o        (l2x_inv[k]),
      .l2x_gnt_i        (l2x_gnt[k]),
      .l2x_hit_i        (l2x_hit),
      .l2x_entry_i      (l2x_hit_entry),
      .l2x_set_i        (l2x_set),
      .l2x_way_i        (l2x_way),
      .l2x_evict_i      (l2x_evict)
    );
  end

  // ---- Shared L2TLB (idle while l2tlb_shared_i = 0: no core asks for it) ---------------------
  logic [MaxCores-1:0]       l2_req_v, l2_fill_v, l2_inv_v;
  inv_kind_e [MaxCores-1:0]  l2_inv_kind;
  logic [MaxCores-1:0][31:0] l2_inv_op;

  always_comb begin : l2_pack
    for (int unsigned k = 0; k < MaxCores; k++) begin
      l2_req_v[k]    = l2x_req[k];
      l2_fill_v[k]   = l2x_fill[k];
      l2_inv_v[k]    = l2x_inv[k];
      l2_inv_kind[k] = bcast_kind[k];
      l2_inv_op[k]   = bcast_op[k];
    end
  end

  mmu_l2_shared #(.MaxCores(MaxCores), .MaxEntries(MaxL2Entries)) u_l2_shared (
    .clk_i, .rst_ni,
    .sets_log2_i  (l2tlb_sets_log2_i),
    .ways_i       (l2tlb_ways_i),
    .policy_i     (l2tlb_policy_i),
    .chk_onehot_i,
    .req_i        (l2_req_v),
    .fill_i       (l2_fill_v),
    .va_i         (l2x_va),
    .asid_i       (l2x_asid),
    .entry_i      (l2x_entry),
    .inv_i        (l2_inv_v),
    .inv_kind_i   (l2_inv_kind),
    .inv_op_i     (l2_inv_op),
    .gnt_o        (l2x_gnt),
    .hit_o        (l2x_hit),
    .hit_entry_o  (l2x_hit_entry),
    .set_o        (l2x_set),
    .way_o        (l2x_way),
    .evict_o      (l2x_evict)
  );

  // ---- Broadcast fabric -----------------------------------------------------------------------
  // pend_q[j][i]: core i's IS command waits at core j. One command slot per issuing core.
  logic [MaxCores-1:0] pend_q [MaxCores];
  logic [MaxCores-1:0] pend_d [MaxCores];
  inv_kind_e           cmd_kind_q [MaxCores];
  logic [31:0]         cmd_op_q   [MaxCores];
  logic [CoreW-1:0]    src        [MaxCores];

  // Each core is offered the pending command of the lowest-numbered issuing core.
  always_comb begin : offer
    for (int unsigned j = 0; j < MaxCores; j++) begin
      src[j] = '0;
      for (int i = int'(MaxCores) - 1; i >= 0; i--) begin
        if (pend_q[j][i]) src[j] = CoreW'(i);
      end
      rinv_valid[j] = pend_q[j] != '0;
      rinv_kind[j]  = cmd_kind_q[src[j]];
      rinv_op[j]    = cmd_op_q[src[j]];
    end
  end

  // Core i is busy while its pulse is on (the command not yet stored) or any core still has
  // its command pending.
  always_comb begin : barrier
    for (int unsigned i = 0; i < MaxCores; i++) begin
      pending[i] = 1'b0;
      for (int unsigned j = 0; j < MaxCores; j++) pending[i] = pending[i] | pend_q[j][i];
      busy[i] = bcast[i] | pending[i];
    end
  end
  assign bcast_busy_o = busy;

  always_comb begin : fabric_next
    for (int unsigned j = 0; j < MaxCores; j++) begin
      pend_d[j] = pend_q[j];
      if (rinv_take[j]) pend_d[j][src[j]] = 1'b0;
      for (int unsigned i = 0; i < MaxCores; i++) begin
        if (bcast[i] && i != j && active[j]) pend_d[j][i] = 1'b1;
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin : fabric_reg
    if (!rst_ni) begin
      for (int unsigned j = 0; j < MaxCores; j++) pend_q[j] <= '0;
    end else begin
      pend_q <= pend_d;
    end
  end

  // The command slots (no reset: read only where a pending bit is set).
  always_ff @(posedge clk_i) begin : cmd_reg
    for (int unsigned i = 0; i < MaxCores; i++) begin
      if (bcast[i]) begin
        cmd_kind_q[i] <= bcast_kind[i];
        cmd_op_q[i]   <= bcast_op[i];
      end
    end
  end

  // ---- Assertions ---------------------------------------------------------------------------
`ifndef SYNTHESIS
  `include "mmu_assert_first.svh"

  // Immediate assertions at the clock edge (docs/rtl.md, Assertions).
  always_ff @(posedge clk_i) begin : assertions
    if (rst_ni) begin
      if (chk_first_q) begin
        assert (num_cores_i >= 8'd1 && 32'(num_cores_i) <= MaxCores)
          else $error("mmu_cluster: %0d active cores, not 1..%0d", num_cores_i, MaxCores);
      end
      assert (num_cores_i == num_cores_q)
        else $error("mmu_cluster: number of cores changed after reset");
      assert (l2tlb_shared_i == l2_shared_q)
        else $error("mmu_cluster: l2tlb_shared_i changed after reset");
    end
  end

  for (genvar k = 0; k < MaxCores; k++) begin : g_core_assert
    always_ff @(posedge clk_i) begin : assertions
      if (rst_ni) begin
        // A command is stored only when the slot is free (an IS write waits while busy).
        assert (!(bcast[k] && pending[k]))
          else $error("mmu_cluster: core %0d issued an IS command with one pending", k);
        // Inactive cores stay idle: no request, no register transfer.
        assert (active[k] || (!req_valid_i[k] && !psel_i[k]))
          else $error("mmu_cluster: inactive core %0d driven", k);
        // A command is taken only when offered.
        assert (!rinv_take[k] || rinv_valid[k])
          else $error("mmu_cluster: core %0d took a command that was not offered", k);
      end
    end
  end
`endif

endmodule
