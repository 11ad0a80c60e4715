// mmu_walk_cache: a small fully associative cache of level-1 page-table descriptors (type 01)
// (docs/mmu-contract.md §4). Keyed by the descriptor's physical address, it also records
// VA[31:20] of the walk that filled it so that TLBIMVA/TLBIMVAA can drop it (B3.10.2: walk
// caches are invalidated by the TLB maintenance operations). Victim: the lowest invalid
// entry, otherwise a round-robin pointer that advances only when it chooses.
module mmu_walk_cache import mmu_pkg::*; #(
  parameter int unsigned MaxEntries = 16,
  localparam int unsigned IdxW = (MaxEntries > 1) ? $clog2(MaxEntries) : 1,
  localparam int unsigned NumW = $clog2(MaxEntries + 1)
) (
  input  logic            clk_i,
  input  logic            rst_ni,
  input  logic [NumW-1:0] entries_i,      // run-time size, 0 = absent
  // lookup, combinational
  input  logic            lookup_i,
  input  logic [31:0]     lookup_addr_i,  // L1 descriptor address
  output logic            hit_o,
  output logic [31:0]     desc_o,
  // fill at the edge (fill_addr_i is the key); a port apart from the lookup's, so that the
  // lookup does not depend on the memory response that triggers a fill
  input  logic            fill_i,
  input  logic [31:0]     fill_addr_i,
  input  logic [L1IndexW-1:0] fill_va_mb_i,   // VA[31:20] of the walk
  input  logic [31:0]     fill_desc_i,
  // maintenance at the edge
  input  logic            inv_i,
  input  inv_kind_e       inv_kind_i,
  input  logic [31:0]     inv_op_i
);

  logic [MaxEntries-1:0] valid_q, valid_d;

  // Descriptors are word aligned (the key is the address's word number); maintenance matches
  // on MVA[31:20], the level-1 index, only.
  localparam int unsigned KeyW = 32 - VMSA_DESC_BYTES_SHIFT;
  logic unused_bits;
  assign unused_bits = ^{lookup_addr_i[VMSA_DESC_BYTES_SHIFT-1:0],
                         fill_addr_i[VMSA_DESC_BYTES_SHIFT-1:0],
                         inv_op_i[VMSA_VA_L1_INDEX_SHIFT-1:0]};
  logic [KeyW-1:0]       key_q   [MaxEntries];   // descriptor address [31:2]
  logic [L1IndexW-1:0]   va_mb_q [MaxEntries];
  logic [31:0]           desc_q  [MaxEntries];
  logic [IdxW-1:0]       ptr_q, ptr_d;
  logic [IdxW-1:0]       victim;
  logic                  free;

  always_comb begin : lookup
    hit_o  = 1'b0;
    desc_o = '0;
    if (lookup_i) begin
      for (int unsigned i = 0; i < MaxEntries; i++) begin
        if (NumW'(i) >= entries_i) break;
        if (valid_q[i] && key_q[i] == lookup_addr_i[31:VMSA_DESC_BYTES_SHIFT]) begin
          hit_o  = 1'b1;
          desc_o = desc_q[i];
        end
      end
    end
  end

  // Searched only in the cycle of a fill, the only one that uses the victim: the search would
  // otherwise run in every simulated cycle (a fill comes once per walk at most).
  always_comb begin : victim_select
    free   = 1'b0;
    victim = ptr_q;
    if (fill_i) begin
      for (int unsigned i = 0; i < MaxEntries; i++) begin
        if (NumW'(i) >= entries_i) break;
        if (!valid_q[i]) begin
          free   = 1'b1;
          victim = IdxW'(i);
          break;
        end
      end
    end
  end

  always_comb begin : pointer_next
    ptr_d = ptr_q;
    if (fill_i && !free) ptr_d = (NumW'(ptr_q) + 1'b1 == entries_i) ? '0 : ptr_q + 1'b1;
  end

  always_comb begin : valid_next
    valid_d = valid_q;
    if (inv_i) begin
      for (int unsigned i = 0; i < MaxEntries; i++) begin
        unique case (inv_kind_i)
          InvMva, InvMvaa: if (va_mb_q[i] == inv_op_i[VMSA_VA_L1_INDEX_SHIFT +: L1IndexW])
                             valid_d[i] = 1'b0;
          // TLBIALL, and TLBIASID: entries are keyed by address, not by ASID.
          default:         valid_d[i] = 1'b0;
        endcase
      end
    end
    if (fill_i) valid_d[victim] = 1'b1;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin : state_reg
    if (!rst_ni) begin
      valid_q <= '0;
      ptr_q   <= '0;
    end else begin
      valid_q <= valid_d;
      ptr_q   <= ptr_d;
    end
  end

  always_ff @(posedge clk_i) begin : entry_ram
    if (fill_i) begin
      key_q[victim]   <= fill_addr_i[31:VMSA_DESC_BYTES_SHIFT];
      va_mb_q[victim] <= fill_va_mb_i;
      desc_q[victim]  <= fill_desc_i;
    end
  end

  // ---- Assertions ---------------------------------------------------------------------------
`ifndef SYNTHESIS
  `include "mmu_assert_first.svh"

  // Immediate assertions at the clock edge (docs/rtl.md, Assertions).
  always_ff @(posedge clk_i) begin : assertions
    if (rst_ni) begin
      assert (!fill_i || entries_i != '0)
        else $error("mmu_walk_cache: fill of an absent walk cache");
      assert (!(fill_i && inv_i))
        else $error("mmu_walk_cache: fill during maintenance");
      if (chk_first_q) begin
        assert (32'(entries_i) <= MaxEntries)
          else $error("mmu_walk_cache: %0d entries exceed the maximum %0d", entries_i,
                      MaxEntries);
      end
    end
  end
`endif

endmodule
