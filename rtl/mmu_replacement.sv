// mmu_replacement: victim choice of one TLB (docs/mmu-contract.md §3, "Victim choice").
// The lowest-numbered invalid way of the set wins; otherwise the run-time policy chooses. All
// four policy state machines are built (the policy is a run-time input); only the selected one
// is enabled, so the others keep their reset state.
module mmu_replacement import mmu_pkg::*; #(
  parameter int unsigned MaxEntries = 64,
  localparam int unsigned IdxW  = (MaxEntries > 1) ? $clog2(MaxEntries) : 1,
  localparam int unsigned WaysW = $clog2(MaxEntries + 1)
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  policy_e          policy_i,
  input  logic [WaysW-1:0] ways_i,
  input  logic [IdxW-1:0]  set_i,
  input  logic [IdxW-1:0]  base_i,       // set_i * ways_i
  input  logic             touch_i,      // a hit on touch_way_i is used
  input  logic [IdxW-1:0]  touch_way_i,
  input  logic             fill_i,       // an entry of the set is written this cycle
  input  logic             free_i,       // the set has an invalid way ...
  input  logic [IdxW-1:0]  free_way_i,   // ... and this is the lowest one
  input  logic             lru_init_i,   // TLBIALL
  output logic [IdxW-1:0]  victim_o      // the way a fill writes
);

  logic [IdxW-1:0] lru_victim, plru_victim, fifo_victim, rand_victim, policy_victim;
  logic            use_any, choose;
  logic [IdxW-1:0] use_way;

  always_comb begin : policy_mux
    unique case (policy_i)
      PolicyLru:    policy_victim = lru_victim;
      PolicyPlru:   policy_victim = plru_victim;
      PolicyFifo:   policy_victim = fifo_victim;
      PolicyRandom: policy_victim = rand_victim;
      default:      policy_victim = '0;
    endcase
    victim_o = free_i ? free_way_i : policy_victim;
    choose   = fill_i && !free_i;
    use_any  = touch_i || fill_i;
    use_way  = touch_i ? touch_way_i : victim_o;
  end

  mmu_replacement_lru #(.MaxEntries(MaxEntries)) u_lru (
    .clk_i, .rst_ni,
    .en_i        (policy_i == PolicyLru),
    .ways_i,
    .base_i,
    .use_i       (use_any),
    .use_way_i   (use_way),
    .victim_req_i(choose),
    .init_i      (lru_init_i),
    .victim_o    (lru_victim)
  );

  mmu_replacement_plru #(.MaxEntries(MaxEntries)) u_plru (
    .clk_i, .rst_ni,
    .en_i        (policy_i == PolicyPlru),
    .ways_i,
    .base_i,
    .use_i       (use_any),
    .use_way_i   (use_way),
    .victim_req_i(choose),
    .victim_o    (plru_victim)
  );

  mmu_replacement_fifo #(.MaxEntries(MaxEntries)) u_fifo (
    .clk_i, .rst_ni,
    .en_i        (policy_i == PolicyFifo),
    .ways_i,
    .set_i,
    .choose_i    (choose),
    .victim_o    (fifo_victim)
  );

  mmu_replacement_random #(.MaxEntries(MaxEntries)) u_random (
    .clk_i, .rst_ni,
    .en_i        (policy_i == PolicyRandom),
    .ways_i,
    .choose_i    (choose),
    .victim_o    (rand_victim)
  );

  // ---- Assertions ---------------------------------------------------------------------------
`ifndef SYNTHESIS
  // Immediate assertions at the clock edge (docs/rtl.md, Assertions).
  always_ff @(posedge clk_i) begin : assertions
    if (rst_ni) begin
      // A hit and a fill of the same TLB never happen in one cycle.
      assert (!(touch_i && fill_i))
        else $error("mmu_replacement: touch and fill in the same cycle");
      // The victim is always a way of the configured set.
      assert (!fill_i || (WaysW'(victim_o) < ways_i))
        else $error("mmu_replacement: victim %0d beyond %0d ways", victim_o, ways_i);
    end
  end
`endif

endmodule
