// mmu_replacement_lru: true LRU state of one TLB, one age per entry (docs/mmu-contract.md §3).
//
// Way w of set s keeps its age at entry index base + w (base = s * ways), so the storage is one
// age per entry whatever the run-time geometry. Age 0 is the most recently used way; a use of
// way w ages every way younger than w by one and makes w the youngest, so the ages of a set
// stay a permutation of 0..ways-1 and the victim is the way whose age is ways-1.
// Reset and TLBIALL (init) set age[w] = w. Because that value depends on the run-time way
// count, reset only raises init_q and the ages are loaded in the first cycle after reset, in
// which no lookup can happen (the top accepts its first request at the end of that cycle).
module mmu_replacement_lru #(
  parameter int unsigned MaxEntries = 64,
  localparam int unsigned IdxW  = (MaxEntries > 1) ? $clog2(MaxEntries) : 1,
  localparam int unsigned WaysW = $clog2(MaxEntries + 1)
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             en_i,        // this policy is the TLB's policy
  input  logic [WaysW-1:0] ways_i,
  input  logic [IdxW-1:0]  base_i,      // first entry of the set being used
  input  logic             use_i,       // hit or fill of use_way_i in this cycle
  input  logic [IdxW-1:0]  use_way_i,
  input  logic             victim_req_i, // a victim is needed this cycle
  input  logic             init_i,      // TLBIALL
  output logic [IdxW-1:0]  victim_o
);

  logic [IdxW-1:0] age_q [MaxEntries];
  logic [IdxW-1:0] age_d [MaxEntries];
  logic            init_q, init_d;

  // The age a way gets at reset and TLBIALL: its number within its set.
  always_comb begin : age_update
    logic [IdxW-1:0]  used_age;
    logic [IdxW-1:0]  idx;
    logic [WaysW-1:0] way_in_set;
    age_d      = age_q;
    used_age   = '0;
    idx        = '0;
    way_in_set = '0;
    if (en_i && (init_q || init_i)) begin
      for (int unsigned i = 0; i < MaxEntries; i++) begin
        age_d[i]   = IdxW'(way_in_set);
        way_in_set = (way_in_set + 1'b1 == ways_i) ? '0 : way_in_set + 1'b1;
      end
    end else if (en_i && use_i) begin
      used_age = age_q[IdxW'(base_i + use_way_i)];
      for (int unsigned w = 0; w < MaxEntries; w++) begin
        if (WaysW'(w) < ways_i) begin
          idx = IdxW'(base_i + IdxW'(w));
          if (age_q[idx] < used_age) age_d[idx] = age_q[idx] + 1'b1;
        end
      end
      age_d[IdxW'(base_i + use_way_i)] = '0;
    end
  end

  always_comb begin : init_next
    init_d = 1'b0;
  end

  // Victim: the way of the set whose age is ways-1 (exactly one by the permutation invariant).
  always_comb begin : victim_select
    logic [IdxW-1:0] oldest;
    oldest   = IdxW'(ways_i - 1'b1);
    victim_o = '0;
    if (en_i && victim_req_i) begin
      for (int unsigned w = 0; w < MaxEntries; w++) begin
        if (WaysW'(w) < ways_i && age_q[IdxW'(base_i + IdxW'(w))] == oldest) victim_o = IdxW'(w);
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin : init_reg
    if (!rst_ni) init_q <= 1'b1;
    else         init_q <= init_d;
  end

  always_ff @(posedge clk_i) begin : age_reg
    age_q <= age_d;
  end

  // ---- Assertions ---------------------------------------------------------------------------
`ifndef SYNTHESIS
  // A use never coincides with the post-reset initialisation.
  assert property (@(posedge clk_i) disable iff (!rst_ni) !(en_i && init_q && use_i))
    else $error("mmu_replacement_lru: use in the initialisation cycle");
  // The way used lies within the configured set.
  assert property (@(posedge clk_i) disable iff (!rst_ni) !(en_i && use_i) || (WaysW'(use_way_i) < ways_i))
    else $error("mmu_replacement_lru: used way out of range");
`endif

endmodule
