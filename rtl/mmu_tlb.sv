// mmu_tlb: one set-associative TLB (ITLB, DTLB or L2TLB) with run-time geometry
// (docs/mmu-contract.md §3, docs/rtl.md "TLB").
//
// Storage is a flat array of MaxEntries entries; with `ways` ways, way w of set s is entry
// s * ways + w. Every page size is indexed by VA[12 + log2(sets) - 1 : 12], the low bits of the
// 4 KiB VPN, so a large page, section or supersection occupies one entry in the set of the
// access that filled it. Lookup (combinational on va_i), fill and touch (at the clock edge)
// act on that set only; invalidation searches every entry, because a large page can have a
// copy in several sets (B3.10, B4.2.2). NumInv maintenance commands can arrive in one cycle
// (the shared L2TLB of mmu_cluster takes one per core); an entry goes if any of them names it,
// which is what performing them one after the other does.
module mmu_tlb import mmu_pkg::*; #(
  parameter int unsigned MaxEntries = 64,
  parameter int unsigned NumInv     = 1,
  localparam int unsigned IdxW  = (MaxEntries > 1) ? $clog2(MaxEntries) : 1,
  localparam int unsigned WaysW = $clog2(MaxEntries + 1)
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  // static configuration (stable from reset on)
  input  logic [4:0]       sets_log2_i,
  input  logic [WaysW-1:0] ways_i,
  input  policy_e          policy_i,
  // lookup of va_i for asid_i, combinational
  input  logic             lookup_i,
  input  logic [31:0]      va_i,
  input  logic [7:0]       asid_i,
  output logic             hit_o,
  output tlb_entry_t       hit_entry_o,
  input  logic             touch_i,        // the hit is used: update LRU/PLRU at the edge
  // fill of the set of va_i at the edge
  input  logic             fill_i,
  input  tlb_entry_t       fill_entry_i,
  output logic [IdxW-1:0]  set_o,          // set of va_i
  output logic [IdxW-1:0]  fill_way_o,     // way written by a fill
  output logic             evict_valid_o,  // the fill replaces a valid entry
  // maintenance at the edge
  input  logic [NumInv-1:0]        inv_i,
  input  inv_kind_e [NumInv-1:0]   inv_kind_i,
  input  logic [NumInv-1:0][31:0]  inv_op_i,
  // verification only: assert one-hot hits (software keeps the B3.10 maintenance rules); with
  // 0 the lookup stops at the first hit (static, from a flop)
  input  logic             chk_onehot_i
);

  logic [MaxEntries-1:0] valid_q, valid_d;

  // TLBI operands carry MVA[31:12] and ASID[7:0]; bits [11:8] are ignored. The one-hot check
  // input and the hit count feed only the assertions.
  logic unused_bits;
  always_comb begin : unused
    unused_bits = ^hit_count;
    for (int unsigned c = 0; c < NumInv; c++) unused_bits = unused_bits ^ (^inv_op_i[c][11:8]);
  end
  tlb_entry_t            entries_q [MaxEntries];
  // The compared fields of each entry (mmu_pkg tlb_tag_t) in two plain word arrays: the
  // simulator's lookup loop then indexes C arrays of 32-bit words directly.
  tlb_tag_t              key_q     [MaxEntries];
  tlb_tag_t              mask_q    [MaxEntries];

  logic [IdxW-1:0] set_idx, base;
  logic [IdxW-1:0] hit_way;
  logic [WaysW:0]  hit_count;
  logic            free;
  logic [IdxW-1:0] free_way, victim;
  logic [IdxW-1:0] fill_idx;
  // Entries of the configured geometry (sets x ways), at most MaxEntries.
  logic [31:0]     used_entries;
  assign used_entries = 32'(ways_i) << sets_log2_i;

  // Set of the access and the first entry of that set.
  always_comb begin : set_index
    logic [IdxW-1:0] sets_mask;
    sets_mask = IdxW'((32'd1 << sets_log2_i) - 32'd1);
    set_idx   = va_i[12 +: IdxW] & sets_mask;
    base      = IdxW'(32'(set_idx) * 32'(ways_i));
  end

  // Search the ways of the set. Normally at most one matches; if software changed a mapping
  // without the maintenance B3.10 requires, several can, and the lowest-numbered way answers
  // (docs/mmu-contract.md §3).
  // The loop's temporaries are left out of waveforms so that the simulator keeps them in
  // machine registers (a traced variable lives in the model's memory); hit_o, hit_way and
  // hit_entry_o are traced as usual.
  // verilator tracing_off
  always_comb begin : lookup
    logic [IdxW-1:0] idx;
    tlb_tag_t        probe;
    hit_o       = 1'b0;
    hit_way     = '0;
    hit_entry_o = '0;
    hit_count   = '0;
    idx         = '0;
    probe       = {va_i[31:12], asid_i};
    if (lookup_i) begin
      // The set's ways only (keeps simulation fast). tag_matches(), written out, and the valid
      // bit tested only on a tag match: this loop is the hottest code of the Verilated model.
      for (int unsigned w = 0; w < MaxEntries && WaysW'(w) < ways_i; w++) begin
        idx = base + IdxW'(w);
        if ((probe & mask_q[idx]) == key_q[idx]) begin
          if (valid_q[idx]) begin
            if (!hit_o) begin
              hit_way     = IdxW'(w);
              hit_entry_o = entries_q[idx];
            end
            hit_o     = 1'b1;
            hit_count = hit_count + 1'b1;
            // The lowest way answers; the other ways only matter to the one-hot check.
            if (!chk_onehot_i) break;
          end
        end
      end
    end
  end

  // verilator tracing_on

  // The lowest invalid way of the set, needed only when filling.
  always_comb begin : free_way_search
    free     = 1'b0;
    free_way = '0;
    if (fill_i) begin
      for (int unsigned w = 0; w < MaxEntries; w++) begin
        if (WaysW'(w) >= ways_i) break;
        if (!valid_q[base + IdxW'(w)]) begin
          free     = 1'b1;
          free_way = IdxW'(w);
          break;
        end
      end
    end
  end

  mmu_replacement #(.MaxEntries(MaxEntries)) u_replacement (
    .clk_i, .rst_ni,
    .policy_i,
    .ways_i,
    .set_i       (set_idx),
    .base_i      (base),
    .touch_i     (touch_i),
    .touch_way_i (hit_way),
    .fill_i,
    .free_i      (free),
    .free_way_i  (free_way),
    .lru_init_i  (inv_all),
    .victim_o    (victim)
  );

  // Any TLBIALL this cycle resets the lru ages (once is as good as several).
  logic inv_all;
  always_comb begin : inv_all_any
    inv_all = 1'b0;
    for (int unsigned c = 0; c < NumInv; c++)
      inv_all = inv_all | (inv_i[c] && inv_kind_i[c] == InvAll);
  end

  assign fill_idx      = base + victim;
  assign set_o         = set_idx;
  assign fill_way_o    = victim;
  assign evict_valid_o = fill_i && !free;

  // Valid bits: maintenance clears (B4.2.2 semantics per docs/mmu-contract.md §5), fill sets.
  // The search stops at the configured entries (sets x ways; fills never reach beyond them) and
  // compares valid entries only: the answer is the same, and the simulator's loop, which runs
  // entry by entry, is short for the configured geometry instead of the build's maximum.
  always_comb begin : valid_next
    valid_d = valid_q;
    if (inv_i != '0) begin
      for (int unsigned i = 0; i < MaxEntries; i++) begin
        if (i >= used_entries) break;
        if (valid_q[i]) begin
          for (int unsigned c = 0; c < NumInv; c++) begin
            if (inv_i[c]) unique case (inv_kind_i[c])
              InvAll:  valid_d[i] = 1'b0;
              InvMva:  if (tag_matches(key_q[i], mask_q[i], inv_op_i[c][31:12],
                                       inv_op_i[c][7:0]))
                         valid_d[i] = 1'b0;
              // nG entries (mask[0] set) of that ASID (key[7:0]).
              InvAsid: if (mask_q[i][0] && key_q[i][7:0] == inv_op_i[c][7:0])
                         valid_d[i] = 1'b0;
              // Any ASID: the VPN halves only.
              InvMvaa: if ((inv_op_i[c][31:12] & mask_q[i][TagW-1:8]) == key_q[i][TagW-1:8])
                         valid_d[i] = 1'b0;
              default: ;
            endcase
          end
        end
      end
    end
    if (fill_i) valid_d[fill_idx] = 1'b1;
  end

  // Written only by maintenance and fills (an enable: the vector is not copied on other cycles).
  always_ff @(posedge clk_i or negedge rst_ni) begin : valid_reg
    if (!rst_ni)              valid_q <= '0;
    else if (inv_i != '0 || fill_i) valid_q <= valid_d;
  end

  // Entry payload: a RAM without reset, written only by fills.
  always_ff @(posedge clk_i) begin : entry_ram
    if (fill_i) begin
      entries_q[fill_idx] <= fill_entry_i;
      key_q[fill_idx]     <= entry_tag_key(fill_entry_i);
      mask_q[fill_idx]    <= entry_tag_mask(fill_entry_i);
    end
  end

  // ---- Assertions ---------------------------------------------------------------------------
`ifndef SYNTHESIS
  `include "mmu_assert_first.svh"

  // Immediate assertions at the clock edge (docs/rtl.md, Assertions).
  always_ff @(posedge clk_i) begin : assertions
    if (rst_ni) begin
      // One-hot hits: at most one way of a set matches a VA and ASID as long as software does the
      // maintenance B3.10 requires. Checked when chk_onehot_i is 1 (the benches set it); otherwise
      // a multiple hit is legal and answered by the lowest way.
      assert (!chk_onehot_i || hit_count <= 1)
        else $error("mmu_tlb: %0d ways hit for VA %08x", hit_count, va_i);
      // Maintenance and fills never share a cycle (register writes wait for an idle MMU).
      assert (!(inv_i != '0 && fill_i))
        else $error("mmu_tlb: fill during maintenance");
      // A fill follows a miss: the translation is not already in the set.
      assert (!(fill_i && lookup_i && hit_o))
        else $error("mmu_tlb: fill of a VA that hits");
      // The run-time geometry fits the build-time maximum.
      if (chk_first_q) begin
        assert ((32'd1 << sets_log2_i) * 32'(ways_i) <= MaxEntries)
          else $error("mmu_tlb: %0d sets x %0d ways exceed %0d entries", 1 << sets_log2_i,
                      ways_i, MaxEntries);
      end
    end
  end
`endif

endmodule
