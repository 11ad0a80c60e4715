// mmu_l2_shared: the L2TLB that mmu_cluster's cores share when l2tlb_shared_i = 1
// (docs/rtl.md, "The cluster"; docs/mmu-contract.md §9). One mmu_tlb with the l2tlb_*
// geometry, one lookup or fill per cycle, granted round robin, and every core's maintenance.
//
// Arbitration: in a cycle in which any core performs a maintenance command, no request is
// granted and every such command acts on the L2TLB at once (an entry goes if any of them names
// it: the same as one after the other). Otherwise the first requesting core at or after the
// round-robin pointer is granted, and the pointer moves to the core after it. A granted lookup
// answers in the same cycle, as a core's own L2TLB does; a core that is not granted waits and
// asks again in the next cycle. A granted fill first looks the VA up with the filling core's
// ASID: if another core's fill already put the translation there, the fill is skipped, so the
// L2TLB never holds the same translation twice.
module mmu_l2_shared import mmu_pkg::*; #(
  parameter int unsigned MaxCores   = 4,
  parameter int unsigned MaxEntries = 1024,
  localparam int unsigned IdxW  = (MaxEntries > 1) ? $clog2(MaxEntries) : 1,
  localparam int unsigned WaysW = $clog2(MaxEntries + 1),
  localparam int unsigned CoreW = (MaxCores > 1) ? $clog2(MaxCores) : 1
) (
  input  logic                       clk_i,
  input  logic                       rst_ni,
  // static configuration (stable from reset on)
  input  logic [4:0]                 sets_log2_i,
  input  logic [10:0]                ways_i,
  input  policy_e                    policy_i,
  input  logic                       chk_onehot_i,
  // per core: a lookup (fill_i = 0) or a fill of entry_i for va_i and asid_i
  input  logic [MaxCores-1:0]        req_i,
  input  logic [MaxCores-1:0]        fill_i,
  input  logic [31:0]                va_i    [MaxCores],
  input  logic [7:0]                 asid_i  [MaxCores],
  input  tlb_entry_t                 entry_i [MaxCores],
  // per core: a maintenance command performed now
  input  logic [MaxCores-1:0]        inv_i,
  input  inv_kind_e [MaxCores-1:0]   inv_kind_i,
  input  logic [MaxCores-1:0][31:0]  inv_op_i,
  // the grant (at most one) and what the granted request found
  output logic [MaxCores-1:0]        gnt_o,
  output logic                       hit_o,
  output tlb_entry_t                 hit_entry_o,
  output logic [IdxW-1:0]            set_o,
  output logic [IdxW-1:0]            way_o,
  output logic                       evict_o
);

  // Static configuration, registered as in mmu_top.
  logic [4:0]  sets_log2_q;
  logic [10:0] ways_q;
  policy_e     policy_q;
  logic        chk_onehot_q;

  always_ff @(posedge clk_i) begin : config_reg
    sets_log2_q  <= sets_log2_i;
    ways_q       <= ways_i;
    policy_q     <= policy_i;
    chk_onehot_q <= chk_onehot_i;
  end
  // With a small MaxEntries the TLB takes only the low bits of the way count.
  logic unused_ways;
  assign unused_ways = ^ways_q;

  // ---- Arbiter ------------------------------------------------------------------------------
  logic [CoreW-1:0] rr_q, rr_d, sel;
  logic             granted;

  always_comb begin : arbiter
    int unsigned k;
    granted = 1'b0;
    sel     = '0;
    gnt_o   = '0;
    k       = 0;
    if (inv_i == '0) begin
      for (int unsigned n = 0; n < MaxCores; n++) begin
        k = 32'(rr_q) + n;
        if (k >= MaxCores) k = k - MaxCores;
        if (!granted && req_i[k]) begin
          granted = 1'b1;
          sel     = CoreW'(k);
        end
      end
    end
    if (granted) gnt_o[sel] = 1'b1;
  end

  assign rr_d = !granted ? rr_q : (32'(sel) + 1 >= MaxCores) ? '0 : CoreW'(32'(sel) + 1);

  always_ff @(posedge clk_i or negedge rst_ni) begin : rr_reg
    if (!rst_ni) rr_q <= '0;
    else         rr_q <= rr_d;
  end

  // ---- The L2TLB ----------------------------------------------------------------------------
  logic is_fill;
  assign is_fill = granted && fill_i[sel];

  mmu_tlb #(.MaxEntries(MaxEntries), .NumInv(MaxCores)) u_tlb (
    .clk_i, .rst_ni,
    .sets_log2_i  (sets_log2_q),
    .ways_i       (WaysW'(ways_q)),
    .policy_i     (policy_q),
    .lookup_i     (granted),
    .va_i         (va_i[sel]),
    .asid_i       (asid_i[sel]),
    .hit_o,
    .hit_entry_o,
    .touch_i      (granted && !is_fill && hit_o),
    .fill_i       (is_fill && !hit_o),
    .fill_entry_i (entry_i[sel]),
    .set_o,
    .fill_way_o   (way_o),
    .evict_valid_o(evict_o),
    .inv_i,
    .inv_kind_i,
    .inv_op_i,
    .chk_onehot_i (chk_onehot_q)
  );

  // ---- Assertions ---------------------------------------------------------------------------
`ifndef SYNTHESIS
  // Immediate assertions at the clock edge (docs/rtl.md, Assertions).
  always_ff @(posedge clk_i) begin : assertions
    if (rst_ni) begin
      assert ($onehot0(gnt_o))
        else $error("mmu_l2_shared: two grants at once (%b)", gnt_o);
      assert ((gnt_o & ~req_i) == '0)
        else $error("mmu_l2_shared: grant without a request");
      assert (!(gnt_o != '0 && inv_i != '0))
        else $error("mmu_l2_shared: grant during maintenance");
    end
  end
`endif

endmodule
