// mmu_replacement_random: pseudo-random replacement of one TLB (docs/mmu-contract.md §3).
// A 16-bit Galois LFSR for x^16 + x^14 + x^13 + x^11 + 1 (shift right, XOR 0xB400 when the bit
// shifted out is 1), reset to 0xACE1. When the policy chooses, the victim is lfsr mod ways and
// the LFSR steps once; hits and fills into invalid ways do not step it.
module mmu_replacement_random #(
  parameter int unsigned MaxEntries = 64,
  localparam int unsigned IdxW  = (MaxEntries > 1) ? $clog2(MaxEntries) : 1,
  localparam int unsigned WaysW = $clog2(MaxEntries + 1)
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             en_i,
  input  logic [WaysW-1:0] ways_i,
  input  logic             choose_i,
  output logic [IdxW-1:0]  victim_o
);

  localparam logic [15:0] LfsrSeed = 16'hACE1;
  localparam logic [15:0] LfsrTaps = 16'hB400;

  logic [15:0] lfsr_q, lfsr_d;

  always_comb begin : lfsr_next
    lfsr_d = lfsr_q;
    if (en_i && choose_i) lfsr_d = (lfsr_q >> 1) ^ (lfsr_q[0] ? LfsrTaps : 16'h0000);
  end

  // A divider in hardware; the way count is static, so a real design would precompute this.
  // Only computed for the TLB's own policy (a division every cycle is slow in simulation).
  assign victim_o = (!en_i || ways_i == '0) ? '0 : IdxW'(lfsr_q % 16'(ways_i));

  always_ff @(posedge clk_i or negedge rst_ni) begin : lfsr_reg
    if (!rst_ni) lfsr_q <= LfsrSeed;
    else         lfsr_q <= lfsr_d;
  end

  // ---- Assertions ---------------------------------------------------------------------------
`ifndef SYNTHESIS
  // Immediate assertions at the clock edge (docs/rtl.md, Assertions).
  always_ff @(posedge clk_i) begin : assertions
    if (rst_ni && en_i) begin   // only the TLB's own policy runs
      // A Galois LFSR with a primitive polynomial never reaches the all-zero state.
      assert (lfsr_q != 16'h0000)
        else $error("mmu_replacement_random: LFSR stuck at zero");
    end
  end
`endif

endmodule
