// mmu_replacement_lru: true LRU of one TLB (docs/mmu-contract.md §3).
//
// The contract states LRU with per-way ages: a use of way w ages every younger way by one and
// makes w the youngest (age 0); reset and TLBIALL set age[w] = w; the victim is the oldest way
// (age ways-1). Those ages are exactly the recency ranks of the ways of a set, with the ways
// never used since reset/TLBIALL older than every used way and ranked among themselves by way
// number (higher = older). This module keeps that order with one write per use instead of
// rewriting every age of the set:
//   - a use stamps the way's entry with a running 64-bit use counter (never wraps in practice:
//     2^64 uses) and marks the entry "used";
//   - reset and TLBIALL clear every "used" mark;
//   - the victim is, among the set's ways, the unused way with the highest number if there is
//     one, otherwise the way with the smallest stamp.
// Way w of set s is entry base + w (base = s * ways).
module mmu_replacement_lru #(
  parameter int unsigned MaxEntries = 64,
  localparam int unsigned IdxW  = (MaxEntries > 1) ? $clog2(MaxEntries) : 1,
  localparam int unsigned WaysW = $clog2(MaxEntries + 1)
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             en_i,         // this policy is the TLB's policy
  input  logic [WaysW-1:0] ways_i,
  input  logic [IdxW-1:0]  base_i,       // first entry of the set being used
  input  logic             use_i,        // hit or fill of use_way_i in this cycle
  input  logic [IdxW-1:0]  use_way_i,
  input  logic             victim_req_i, // a victim is needed this cycle
  input  logic             init_i,       // TLBIALL
  output logic [IdxW-1:0]  victim_o
);

  logic [63:0]           stamp_q [MaxEntries];   // RAM: written at the used entry only
  logic [MaxEntries-1:0] used_q, used_d;
  logic [63:0]           clock_q, clock_d;
  logic                  stamp_we;
  logic [IdxW-1:0]       use_idx;

  always_comb begin : use_update
    use_idx  = IdxW'(base_i + use_way_i);
    stamp_we = en_i && use_i;
    used_d   = used_q;
    clock_d  = clock_q;
    if (en_i && init_i) begin
      used_d = '0;
    end else if (stamp_we) begin
      used_d[use_idx] = 1'b1;
      clock_d         = clock_q + 64'd1;
    end
  end

  // Victim: the highest-numbered never-used way (oldest by the reset order), else the least
  // recently stamped way.
  always_comb begin : victim_select
    logic            found_unused;
    logic [63:0]     oldest;
    logic [IdxW-1:0] idx;
    found_unused = 1'b0;
    oldest       = '1;
    victim_o     = '0;
    idx          = '0;
    if (en_i && victim_req_i) begin
      for (int unsigned w = 0; w < MaxEntries; w++) begin
        if (WaysW'(w) >= ways_i) break;
        idx = IdxW'(base_i + IdxW'(w));
        if (!used_q[idx]) begin
          found_unused = 1'b1;
          victim_o     = IdxW'(w);
        end else if (!found_unused && stamp_q[idx] <= oldest) begin
          oldest   = stamp_q[idx];
          victim_o = IdxW'(w);
        end
      end
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin : state_reg
    if (!rst_ni) begin
      used_q  <= '0;
      clock_q <= '0;
    end else if (en_i && (use_i || init_i)) begin   // enable: no copy on other cycles
      used_q  <= used_d;
      clock_q <= clock_d;
    end
  end

  always_ff @(posedge clk_i) begin : stamp_ram
    if (stamp_we) stamp_q[use_idx] <= clock_q;
  end

  // ---- Assertions ---------------------------------------------------------------------------
`ifndef SYNTHESIS
  // Immediate assertions at the clock edge (docs/rtl.md, Assertions).
  always_ff @(posedge clk_i) begin : assertions
    if (rst_ni && en_i) begin   // only the TLB's own policy runs
      // The way used lies within the configured set.
      assert (!use_i || (WaysW'(use_way_i) < ways_i))
        else $error("mmu_replacement_lru: used way out of range");
      // Maintenance (TLBIALL) never coincides with a use (register writes wait for an idle MMU).
      assert (!(init_i && use_i))
        else $error("mmu_replacement_lru: use during TLBIALL");
      // Stamps are strictly increasing, so two used ways never tie.
      assert (clock_q != '1)
        else $error("mmu_replacement_lru: use counter wrapped");
    end
  end
`endif

endmodule
