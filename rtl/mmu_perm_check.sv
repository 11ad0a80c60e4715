// mmu_perm_check: domain, permission and execute-never checks of one access against one
// translation (DDI 0406C B3.7.3 domains, B3.6.1 access permissions, B3.7.2 execute-never;
// docs/mmu-contract.md §2 steps 5-6). Purely combinational; used for TLB hits and walks alike,
// always with the current DACR, SCTLR.AFE and privilege, so a DACR change needs no TLB
// maintenance.
module mmu_perm_check import mmu_pkg::*; (
  input  tlb_entry_t  entry_i,
  input  access_e     access_i,
  input  logic        user_i,
  input  logic [31:0] dacr_i,
  input  logic        afe_i,
  output fault_kind_e fault_o,
  output logic [4:0]  fs_o
);

  logic [1:0] dom;

  // The check needs only AP, XN, domain and size; the rest of the entry is unused here.
  logic unused_entry;
  assign unused_entry = ^{entry_i.vpn, entry_i.asid, entry_i.ng, entry_i.ppn, entry_i.tex,
                          entry_i.c, entry_i.b, entry_i.s};
  logic       can_read, can_write, section;

  // Read and write rights of AP[2:0] for this privilege (tables B3-8 and B3-9).
  always_comb begin : ap_decode
    can_read  = 1'b0;
    can_write = 1'b0;
    if (afe_i) begin
      // Simplified model: AP[2] disables writes, AP[1] enables user access; AP[0] is the
      // access flag, checked by the walker.
      can_read  = !user_i || entry_i.ap[1];
      can_write = can_read && !entry_i.ap[2];
    end else begin
      unique case (entry_i.ap)
        3'b001: begin can_read = !user_i; can_write = !user_i; end
        3'b010: begin can_read = 1'b1;    can_write = !user_i; end
        3'b011: begin can_read = 1'b1;    can_write = 1'b1;    end
        3'b101: begin can_read = !user_i; can_write = 1'b0;    end
        3'b110,
        3'b111: begin can_read = 1'b1;    can_write = 1'b0;    end
        default: begin can_read = 1'b0;   can_write = 1'b0;    end  // 000, reserved 100
      endcase
    end
  end

  always_comb begin : verdict
    logic allowed;
    dom     = dacr_i[{entry_i.domain, 1'b0} +: 2];
    section = is_section_size(entry_i.size);
    unique case (access_i)
      AccWrite: allowed = can_write;
      AccFetch: allowed = can_read && !entry_i.xn;
      default:  allowed = can_read;
    endcase
    fault_o = FaultNone;
    fs_o    = VMSA_FS_NONE[4:0];
    unique case (dom)
      2'(VMSA_DACR_MANAGER): ;   // no permission or XN check
      2'(VMSA_DACR_CLIENT): begin
        if (!allowed) begin
          fault_o = FaultPerm;
          fs_o    = section ? VMSA_FS_PERMISSION_SECTION[4:0] : VMSA_FS_PERMISSION_PAGE[4:0];
        end
      end
      default: begin   // no access, and the reserved encoding that behaves like it
        fault_o = FaultDomain;
        fs_o    = section ? VMSA_FS_DOMAIN_SECTION[4:0] : VMSA_FS_DOMAIN_PAGE[4:0];
      end
    endcase
  end

  // ---- Assertions ---------------------------------------------------------------------------
`ifndef SYNTHESIS
  // Purely combinational: a fault kind always comes with its code.
  always_comb begin : fault_code_consistent
    assert ((fault_o == FaultNone) == (fs_o == 5'd0))
      else $error("mmu_perm_check: fault kind and FS disagree");
  end
`endif

endmodule
