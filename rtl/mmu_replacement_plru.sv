// mmu_replacement_plru: tree pseudo-LRU state of one TLB (docs/mmu-contract.md §3).
//
// A set of W ways (W a power of two) has W-1 tree bits in heap order: node 1 is the root and
// the children of node n are 2n and 2n+1; the leaves, nodes W..2W-1, are the ways 0..W-1 from
// left to right. Node n of set s is stored at entry index base + n (base = s * W), so one bit
// per entry holds every set's tree; index base + 0 is unused.
//
//            [1]            example, W = 4
//           /   \           bit = 0: the victim is on the left,
//         [2]   [3]               1: the victim is on the right.
//         / \   / \         A use of way w walks from its leaf (node W + w) to the root and
//        w0 w1 w2 w3        points every node on the way away from w.
//
// Victim: start at the root, go left on 0 and right on 1, log2(W) times; the node reached
// minus W is the way. Reset: all bits 0 (victim way 0).
module mmu_replacement_plru #(
  parameter int unsigned MaxEntries = 64,
  localparam int unsigned IdxW  = (MaxEntries > 1) ? $clog2(MaxEntries) : 1,
  localparam int unsigned WaysW = $clog2(MaxEntries + 1)
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             en_i,
  input  logic [WaysW-1:0] ways_i,
  input  logic [IdxW-1:0]  base_i,
  input  logic             use_i,
  input  logic [IdxW-1:0]  use_way_i,
  input  logic             victim_req_i,
  output logic [IdxW-1:0]  victim_o
);

  logic [MaxEntries-1:0] bits_q, bits_d;

  always_comb begin : tree_update
    logic [IdxW:0] node;
    logic [IdxW:0] parent;
    bits_d = bits_q;
    node   = (IdxW+1)'(ways_i) + (IdxW+1)'(use_way_i);
    parent = '0;
    if (en_i && use_i) begin
      // log2(W) levels: level l exists when 2^l < W (W a power of two).
      for (int unsigned l = 0; l < IdxW; l++) begin
        if (((IdxW+1)'(1) << l) < (IdxW+1)'(ways_i)) begin
          parent = node >> 1;
          // A left child (even node) makes its parent point right (1), a right child left (0).
          bits_d[IdxW'((IdxW+1)'(base_i) + parent)] = ~node[0];
          node = parent;
        end
      end
    end
  end

  always_comb begin : victim_select
    logic [IdxW:0] node;
    node     = (IdxW+1)'(1);
    victim_o = '0;
    if (en_i && victim_req_i) begin
      for (int unsigned l = 0; l < IdxW; l++) begin
        if (((IdxW+1)'(1) << l) < (IdxW+1)'(ways_i)) begin
          node = {node[IdxW-1:0], bits_q[IdxW'((IdxW+1)'(base_i) + node)]};
        end
      end
      victim_o = IdxW'(node - (IdxW+1)'(ways_i));
    end
  end

  // Written only on a use (an enable: the whole vector is not copied on other cycles).
  always_ff @(posedge clk_i or negedge rst_ni) begin : tree_reg
    if (!rst_ni)              bits_q <= '0;
    else if (en_i && use_i)   bits_q <= bits_d;
  end

  // ---- Assertions ---------------------------------------------------------------------------
`ifndef SYNTHESIS
  `include "mmu_assert_first.svh"

  // Immediate assertions at the clock edge (docs/rtl.md, Assertions).
  always_ff @(posedge clk_i) begin : assertions
    if (rst_ni && en_i && chk_first_q) begin
      // plru needs a power-of-two way count.
      assert ((ways_i & (ways_i - 1'b1)) == '0)
        else $error("mmu_replacement_plru: ways %0d is not a power of two", ways_i);
    end
  end
`endif

endmodule
