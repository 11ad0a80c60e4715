// mmu_regs: the MMU's register block, the CP15-like window of docs/register-map.md
// (DDI 0406C B4.1: SCTLR, TTBR0/1, TTBCR, DACR, CONTEXTIDR, DFSR/DFAR, IFSR/IFAR; B4.2.2 TLB
// maintenance), plus the ID/CFG registers and the performance counters.
//
// APB-like port: a transfer is a setup cycle (psel) and one or more access cycles
// (psel && penable) that end when pready is high. Reads never wait. Writes wait until the top
// reports that no translation is in flight (write_ok_i), so register changes and maintenance
// never race a walk or a fill (docs/mmu-contract.md §6); they take effect at the edge that
// ends the access cycle.
//
// Simulation speed (docs/rtl.md): the read mux and the counter adders depend on flops only, so
// a Verilated model evaluates them once per cycle rather than on every input change. The read
// mux uses the address of the previous cycle (raddr_q): in an access cycle that is the
// address of the setup cycle, which APB keeps stable. The counters add the events of a cycle
// one edge later (events_q); a read adds the registered events, so it returns exactly the count
// of every event up to the last edge.
module mmu_regs import mmu_pkg::*; (
  input  logic         clk_i,
  input  logic         rst_ni,
  // register port
  input  logic         psel_i,
  input  logic         penable_i,
  input  logic         pwrite_i,
  input  logic [11:0]  paddr_i,
  input  logic [31:0]  pwdata_i,
  output logic [31:0]  prdata_o,
  output logic         pready_o,
  input  logic         write_ok_i,
  // run-time configuration, reported in the CFG registers
  input  logic [31:0]  cfg_itlb_i,
  input  logic [31:0]  cfg_dtlb_i,
  input  logic [31:0]  cfg_l2tlb_i,
  input  logic [31:0]  cfg_wcache_i,
  // hardware fault report (a response with a fault, at the edge)
  input  logic         fault_i,
  input  logic         fault_fetch_i,
  input  logic [31:0]  fault_fsr_i,
  input  logic [31:0]  fault_va_i,
  // counter events of this cycle: a request accepted (kept apart from the other events, which
  // depend on flops only, because it depends on the request inputs), and the others
  input  logic         request_i,
  input  cnt_events_t  events_i,
  // extra cycles of walker waiting this edge stands for (mmu_top, idle_cycles_i)
  input  logic [15:0]  idle_cycles_i,
  // register values
  output logic [31:0]  sctlr_o,
  output logic [31:0]  ttbr0_o,
  output logic [31:0]  ttbr1_o,
  output logic [31:0]  ttbcr_o,
  output logic [31:0]  dacr_o,
  output logic [31:0]  contextidr_o,
  // maintenance command, a one-cycle pulse
  output logic         inv_o,
  output inv_kind_e    inv_kind_o,
  output logic [31:0]  inv_op_o,
  // multiprocessing (mmu_cluster; contract §9): MPIDR's value, the issuing core's barrier
  // status (BCAST_SYNC), this core's IS command as a one-cycle pulse (its kind and operand on
  // inv_kind_o / inv_op_o), and another core's IS command taken now (rinv_take_i: the top
  // saw rinv_valid while idle; never with a write)
  input  logic [31:0]  mpidr_i,
  input  logic         bcast_busy_i,
  output logic         bcast_o,
  input  logic         rinv_take_i,
  input  inv_kind_e    rinv_kind_i,
  input  logic [31:0]  rinv_op_i
);

  // The maintenance command runs in the cycle after its write completes (from flops, so the
  // TLB invalidation logic does not depend on the register port's inputs). No request can be
  // looked up before it: requests wait while a write is pending, and the first one accepted
  // after the write is looked up in that same cycle's successor.
  logic      inv_d, inv_q, bcast_d, bcast_q;
  inv_kind_e inv_kind_d, inv_kind_q;
  logic [31:0] inv_op_d, inv_op_q;

  logic [31:0] sctlr_q, ttbr0_q, ttbr1_q, ttbcr_q, dacr_q, contextidr_q;
  logic [31:0] dfsr_q, dfar_q, ifsr_q, ifar_q;
  logic [31:0] sctlr_d, ttbr0_d, ttbr1_d, ttbcr_d, dacr_d, contextidr_d;
  logic [31:0] dfsr_d, dfar_d, ifsr_d, ifar_d;
  logic [31:0] cnt_q [NumCounters];
  logic [31:0] cnt_d [NumCounters];
  cnt_events_t events_d, events_q;
  localparam int unsigned CntWalkCycles =
    int'((MMU_REG_CNT_WALK_CYCLES - MMU_REG_CNT_REQUESTS) >> 2);
  logic        clear_d, clear_q;
  logic [15:0] idle_d, idle_q;
  logic        wr_en, is_write;
  logic [31:0] waddr, raddr;
  logic [11:0] raddr_q;
  logic        rsel_q;

  // Registers are 32-bit words at 4-byte offsets (arch/include/vmcosim/mmu_regs.h).
  localparam int unsigned RegBytesLog2 = 2;
  assign waddr = 32'(paddr_i);
  assign raddr = 32'(raddr_q);
  // An IS command waits while this core's previous one is still on its way to the others (the
  // cluster holds one per core).
  assign is_write = waddr >= MMU_REG_TLBIALLIS && waddr <= MMU_REG_TLBIMVAAIS;
  assign wr_en = psel_i && penable_i && pwrite_i && write_ok_i && !(is_write && bcast_busy_i);

  always_comb begin : reg_write
    sctlr_d      = sctlr_q;
    ttbr0_d      = ttbr0_q;
    ttbr1_d      = ttbr1_q;
    ttbcr_d      = ttbcr_q;
    dacr_d       = dacr_q;
    contextidr_d = contextidr_q;
    dfsr_d       = dfsr_q;
    dfar_d       = dfar_q;
    ifsr_d       = ifsr_q;
    ifar_d       = ifar_q;
    inv_d        = 1'b0;
    bcast_d      = 1'b0;
    inv_kind_d   = InvAll;
    inv_op_d     = pwdata_i;
    // Another core's IS command runs here like a local one (the top takes it only when idle
    // and then lets no register write complete).
    if (rinv_take_i) begin
      inv_d      = 1'b1;
      inv_kind_d = rinv_kind_i;
      inv_op_d   = rinv_op_i;
    end
    // B3.13.3: an abort records its status and address (never in the same cycle as a write).
    if (fault_i && fault_fetch_i) begin
      ifsr_d = fault_fsr_i;
      ifar_d = fault_va_i;
    end else if (fault_i) begin
      dfsr_d = fault_fsr_i;
      dfar_d = fault_va_i;
    end
    if (wr_en) begin
      unique case (waddr)
        MMU_REG_SCTLR:      sctlr_d      = pwdata_i;
        MMU_REG_TTBR0:      ttbr0_d      = pwdata_i;
        MMU_REG_TTBR1:      ttbr1_d      = pwdata_i;
        MMU_REG_TTBCR:      ttbcr_d      = pwdata_i;
        MMU_REG_DACR:       dacr_d       = pwdata_i;
        MMU_REG_CONTEXTIDR: contextidr_d = pwdata_i;
        MMU_REG_DFSR:       dfsr_d       = pwdata_i;
        MMU_REG_DFAR:       dfar_d       = pwdata_i;
        MMU_REG_IFSR:       ifsr_d       = pwdata_i;
        MMU_REG_IFAR:       ifar_d       = pwdata_i;
        MMU_REG_TLBIALL:    begin inv_d = 1'b1; inv_kind_d = InvAll;  end
        MMU_REG_TLBIMVA:    begin inv_d = 1'b1; inv_kind_d = InvMva;  end
        MMU_REG_TLBIASID:   begin inv_d = 1'b1; inv_kind_d = InvAsid; end
        MMU_REG_TLBIMVAA:   begin inv_d = 1'b1; inv_kind_d = InvMvaa; end
        // IS commands: the local twin here, and to the other cores through bcast_o.
        MMU_REG_TLBIALLIS:  begin inv_d = 1'b1; bcast_d = 1'b1; inv_kind_d = InvAll;  end
        MMU_REG_TLBIMVAIS:  begin inv_d = 1'b1; bcast_d = 1'b1; inv_kind_d = InvMva;  end
        MMU_REG_TLBIASIDIS: begin inv_d = 1'b1; bcast_d = 1'b1; inv_kind_d = InvAsid; end
        MMU_REG_TLBIMVAAIS: begin inv_d = 1'b1; bcast_d = 1'b1; inv_kind_d = InvMvaa; end
        default: ;   // read-only, counters and unknown offsets ignore writes
      endcase
    end
  end

  // Counters: +1 per event, all zeroed by CNT_CTRL bit 0, which wins over a same-cycle event.
  // The events and the clear are registered here and applied at the next edge (see above):
  // count = (clear_q ? 0 : cnt_q) + events_q is the value software reads.
  always_comb begin : counter_events
    events_d          = events_i;
    events_d.requests = events_i.requests | request_i;
    events_d.flushes  = events_i.flushes | inv_o;   // maintenance is counted here, where it runs
    clear_d = wr_en && waddr == MMU_REG_CNT_CTRL && (pwdata_i & MMU_CNT_CTRL_RESET) != 0;
    idle_d = clear_d ? 16'h0 : idle_cycles_i;
    if (clear_d) events_d = '0;
  end

  always_comb begin : counters_next
    logic [NumCounters-1:0] ev;
    ev = events_q;
    for (int unsigned k = 0; k < NumCounters; k++) begin
      // events are packed with REQUESTS as their most significant bit.
      cnt_d[k] = (clear_q ? 32'h0 : cnt_q[k]) + 32'(ev[NumCounters-1-k]);
    end
    // Skipped idle cycles of a walk (registered like the events).
    cnt_d[CntWalkCycles] = cnt_d[CntWalkCycles] + 32'(idle_q);
  end

  // Read mux, on the address of the setup cycle; 0 when the previous cycle had no transfer (no
  // access cycle can be in progress then).
  always_comb begin : reg_read
    prdata_o = '0;
    if (rsel_q) begin
      unique case (raddr)
        MMU_REG_ID:         prdata_o = (MMU_ID_VERSION << MMU_ID_VERSION_SHIFT) |
                                       ((cfg_l2tlb_i & MMU_CFG_WAYS_MASK) != 0 ? MMU_ID_L2TLB : 0) |
                                       ((cfg_wcache_i & MMU_CFG_WC_ENTRIES_MASK) != 0 ?
                                        MMU_ID_WCACHE : 0);
        MMU_REG_SCTLR:      prdata_o = sctlr_q;
        MMU_REG_TTBR0:      prdata_o = ttbr0_q;
        MMU_REG_TTBR1:      prdata_o = ttbr1_q;
        MMU_REG_TTBCR:      prdata_o = ttbcr_q;
        MMU_REG_DACR:       prdata_o = dacr_q;
        MMU_REG_CONTEXTIDR: prdata_o = contextidr_q;
        MMU_REG_DFSR:       prdata_o = dfsr_q;
        MMU_REG_DFAR:       prdata_o = dfar_q;
        MMU_REG_IFSR:       prdata_o = ifsr_q;
        MMU_REG_IFAR:       prdata_o = ifar_q;
        MMU_REG_CFG_ITLB:   prdata_o = cfg_itlb_i;
        MMU_REG_CFG_DTLB:   prdata_o = cfg_dtlb_i;
        MMU_REG_CFG_L2TLB:  prdata_o = cfg_l2tlb_i;
        MMU_REG_CFG_WCACHE: prdata_o = cfg_wcache_i;
        MMU_REG_MPIDR:      prdata_o = mpidr_i;
        MMU_REG_BCAST_SYNC: prdata_o = bcast_busy_i ? MMU_BCAST_SYNC_BUSY : 32'h0;
        default: begin
          if (raddr >= MMU_REG_CNT_REQUESTS && raddr <= MMU_REG_CNT_LAST &&
              raddr[RegBytesLog2-1:0] == '0) begin
            // the count as of now
            prdata_o = cnt_d[(raddr - MMU_REG_CNT_REQUESTS) >> RegBytesLog2];
          end
        end
      endcase
    end
  end

  assign pready_o = psel_i && penable_i && (!pwrite_i || (write_ok_i &&
                                                         !(is_write && bcast_busy_i)));

  always_ff @(posedge clk_i or negedge rst_ni) begin : regs
    if (!rst_ni) begin
      sctlr_q      <= '0;
      ttbr0_q      <= '0;
      ttbr1_q      <= '0;
      ttbcr_q      <= '0;
      dacr_q       <= '0;
      contextidr_q <= '0;
      dfsr_q       <= '0;
      dfar_q       <= '0;
      ifsr_q       <= '0;
      ifar_q       <= '0;
      for (int unsigned k = 0; k < NumCounters; k++) cnt_q[k] <= '0;
      events_q     <= '0;
      idle_q       <= '0;
      clear_q      <= 1'b0;
      inv_q        <= 1'b0;
      bcast_q      <= 1'b0;
      inv_kind_q   <= InvAll;
      inv_op_q     <= '0;
    end else begin
      inv_q        <= inv_d;
      bcast_q      <= bcast_d;
      inv_kind_q   <= inv_kind_d;
      inv_op_q     <= inv_op_d;
      sctlr_q      <= sctlr_d;
      ttbr0_q      <= ttbr0_d;
      ttbr1_q      <= ttbr1_d;
      ttbcr_q      <= ttbcr_d;
      dacr_q       <= dacr_d;
      contextidr_q <= contextidr_d;
      dfsr_q       <= dfsr_d;
      dfar_q       <= dfar_d;
      ifsr_q       <= ifsr_d;
      ifar_q       <= ifar_d;
      cnt_q        <= cnt_d;
      events_q     <= events_d;
      idle_q       <= idle_d;
      clear_q      <= clear_d;
    end
  end

  // Captured every cycle; no reset needed (a transfer starts with a setup cycle).
  always_ff @(posedge clk_i) begin : raddr_reg
    raddr_q <= paddr_i;
    rsel_q  <= psel_i;
  end

  assign sctlr_o      = sctlr_q;
  assign ttbr0_o      = ttbr0_q;
  assign ttbr1_o      = ttbr1_q;
  assign ttbcr_o      = ttbcr_q;
  assign dacr_o       = dacr_q;
  assign contextidr_o = contextidr_q;
  assign inv_o        = inv_q;
  assign inv_kind_o   = inv_kind_q;
  assign inv_op_o     = inv_op_q;
  assign bcast_o      = bcast_q;

  // ---- Assertions ---------------------------------------------------------------------------
`ifndef SYNTHESIS
  // Immediate assertions at the clock edge (docs/rtl.md, Assertions).
  always_ff @(posedge clk_i) begin : assertions
    if (rst_ni) begin
      // A register write never completes while a translation is in flight (contract §6), so a
      // hardware fault report and a software write never collide.
      assert (!(wr_en && fault_i))
        else $error("mmu_regs: register write during a translation");
      // Another core's IS command is taken only when no register write completes (the top
      // holds writes while one is offered), so the two never share the command pulse.
      assert (!(wr_en && rinv_take_i))
        else $error("mmu_regs: another core's command taken with a register write");
      // APB: penable only inside a selected transfer.
      assert (!penable_i || psel_i)
        else $error("mmu_regs: penable without psel");
      // APB: an access cycle follows a setup cycle with the same address (the read mux uses
      // the address of the previous cycle).
      assert (!penable_i || paddr_i == raddr_q)
        else $error("mmu_regs: paddr changed between setup and access");
    end
  end
`endif

endmodule
