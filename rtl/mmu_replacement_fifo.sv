// mmu_replacement_fifo: round-robin replacement of one TLB (docs/mmu-contract.md §3).
// One pointer per set (stored at index = set, sets <= MaxEntries), reset 0. When the policy
// chooses (a fill into a full set) the victim is the pointer's way and the pointer advances
// modulo the way count; fills into invalid ways and hits leave it alone.
module mmu_replacement_fifo #(
  parameter int unsigned MaxEntries = 64,
  localparam int unsigned IdxW  = (MaxEntries > 1) ? $clog2(MaxEntries) : 1,
  localparam int unsigned WaysW = $clog2(MaxEntries + 1)
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             en_i,
  input  logic [WaysW-1:0] ways_i,
  input  logic [IdxW-1:0]  set_i,
  input  logic             choose_i,    // the policy's victim is used by a fill
  output logic [IdxW-1:0]  victim_o
);

  logic [IdxW-1:0] ptr_q [MaxEntries];
  logic [IdxW-1:0] ptr_next;
  logic            ptr_we;

  always_comb begin : pointer_next
    victim_o = ptr_q[set_i];
    ptr_we   = en_i && choose_i;
    ptr_next = (WaysW'(victim_o) + 1'b1 == ways_i) ? '0 : victim_o + 1'b1;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin : pointer_reg
    if (!rst_ni) begin
      ptr_q <= '{default: '0};
    end else if (ptr_we) begin
      ptr_q[set_i] <= ptr_next;
    end
  end

  // ---- Assertions ---------------------------------------------------------------------------
`ifndef SYNTHESIS
  // Immediate assertions at the clock edge (docs/rtl.md, Assertions).
  always_ff @(posedge clk_i) begin : assertions
    if (rst_ni && en_i) begin   // only the TLB's own policy runs
      assert (WaysW'(victim_o) < ways_i)
        else $error("mmu_replacement_fifo: pointer %0d beyond %0d ways", victim_o, ways_i);
    end
  end
`endif

endmodule
