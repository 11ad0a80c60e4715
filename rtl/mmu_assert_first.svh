// The preamble of a module's assertion block (docs/rtl.md, Assertions), included inside its
// `ifndef SYNTHESIS section; the module has clk_i and the active-low reset rst_ni.
// chk_first_q is 1 at the first clock edge after reset only: static configuration is checked
// then (mmu_top asserts that it stays stable), since such checks would otherwise cost
// simulation time every cycle.
logic chk_first_q;
always_ff @(posedge clk_i or negedge rst_ni) begin : chk_first_reg
  if (!rst_ni) chk_first_q <= 1'b1;
  else         chk_first_q <= 1'b0;
end
