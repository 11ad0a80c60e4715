/*
 * The MMU's register block: the CP15-like window that the harness's CPU side and the
 * firmware use (32-bit registers, byte offsets). The RTL's constants are generated from this
 * header (arch/tools/gen_sv_consts.py); the lint test arch.layout_agrees checks the generated
 * file and docs/register-map.md against it.
 */
#ifndef VMCOSIM_MMU_REGS_H
#define VMCOSIM_MMU_REGS_H

#define MMU_REG_ID           0x000u  /* RO: version and TLB geometry, see MMU_ID_* */
#define MMU_REG_SCTLR        0x004u
#define MMU_REG_TTBR0        0x008u
#define MMU_REG_TTBR1        0x00Cu
#define MMU_REG_TTBCR        0x010u
#define MMU_REG_DACR         0x014u
#define MMU_REG_CONTEXTIDR   0x018u
#define MMU_REG_DFSR         0x020u  /* written by hardware on a data abort */
#define MMU_REG_DFAR         0x024u
#define MMU_REG_IFSR         0x028u  /* written by hardware on a prefetch abort */
#define MMU_REG_IFAR         0x02Cu
#define MMU_REG_TLBIALL      0x040u  /* WO commands: the written value is the operand */
#define MMU_REG_TLBIMVA      0x044u  /* MVA[31:12] | ASID[7:0] */
#define MMU_REG_TLBIASID     0x048u  /* ASID[7:0] */
#define MMU_REG_TLBIMVAA     0x04Cu  /* MVA[31:12], all ASIDs */

/* Multiprocessing (docs/mmu-contract.md section 9). Every core of a cluster has its own
 * register block; MPIDR says which core it is. The inner-shareable (IS) commands take the
 * operand of their local twin and act on every core of the cluster; BCAST_SYNC is the
 * issuing core's barrier (DSB) for them. A lone MMU is a cluster of one core. */
#define MMU_REG_MPIDR        0x01Cu  /* RO: see MMU_MPIDR_* */
#define MMU_REG_TLBIALLIS    0x050u  /* WO: TLBIALL on every core */
#define MMU_REG_TLBIMVAIS    0x054u  /* WO: TLBIMVA on every core, MVA[31:12] | ASID[7:0] */
#define MMU_REG_TLBIASIDIS   0x058u  /* WO: TLBIASID on every core, ASID[7:0] */
#define MMU_REG_TLBIMVAAIS   0x05Cu  /* WO: TLBIMVAA on every core, MVA[31:12] */
#define MMU_REG_BCAST_SYNC   0x060u  /* write: barrier start (no effect); read: see below */

/* Performance counters: 32-bit, wrapping; writing 1 to bit 0 of CNT_CTRL zeroes them all. */
#define MMU_REG_CNT_CTRL          0x080u
#define MMU_REG_CNT_REQUESTS      0x084u  /* translation requests accepted */
#define MMU_REG_CNT_ITLB_LOOKUPS  0x088u
#define MMU_REG_CNT_ITLB_HITS     0x08Cu
#define MMU_REG_CNT_DTLB_LOOKUPS  0x090u
#define MMU_REG_CNT_DTLB_HITS     0x094u
#define MMU_REG_CNT_L2TLB_LOOKUPS 0x098u
#define MMU_REG_CNT_L2TLB_HITS    0x09Cu
#define MMU_REG_CNT_WALKS         0x0A0u
#define MMU_REG_CNT_WALK_CYCLES   0x0A4u  /* cycles from walk start to response */
#define MMU_REG_CNT_WALKS_L1      0x0A8u  /* walks ended at level 1 (section, L1 fault) */
#define MMU_REG_CNT_WALKS_L2      0x0ACu  /* walks ended at level 2 */
#define MMU_REG_CNT_WCACHE_HITS   0x0B0u  /* walk-cache hits on L1 descriptors */
#define MMU_REG_CNT_FAULT_TRANS   0x0B4u
#define MMU_REG_CNT_FAULT_DOMAIN  0x0B8u
#define MMU_REG_CNT_FAULT_PERM    0x0BCu
#define MMU_REG_CNT_FAULT_AFLAG   0x0C0u
#define MMU_REG_CNT_FLUSHES       0x0C4u  /* TLB maintenance commands executed */
#define MMU_REG_CNT_LAST          MMU_REG_CNT_FLUSHES

#define MMU_CNT_CTRL_RESET        (1u << 0)

/* SCTLR / TTBCR / CONTEXTIDR fields used by the MMU. */
#define MMU_SCTLR_M               (1u << 0)
#define MMU_SCTLR_AFE             (1u << 29)
#define MMU_TTBCR_N_MASK          0x7u
#define MMU_TTBCR_PD0             (1u << 4)
#define MMU_TTBCR_PD1             (1u << 5)
#define MMU_CONTEXTIDR_ASID_MASK  0xFFu

/* MPIDR: this core's index and the number of active cores - 1 (0 and 0 on a lone MMU). */
#define MMU_MPIDR_CORE_MASK       0x000000FFu
#define MMU_MPIDR_CORES_SHIFT     8u
#define MMU_MPIDR_CORES_MASK      0x0000FF00u
/* BCAST_SYNC read: BUSY while an IS command issued by this core has not yet been taken by
 * every other active core; 0 when all are done (always 0 on a lone MMU). */
#define MMU_BCAST_SYNC_BUSY       (1u << 0)
/* The most cores a cluster can have (MPIDR's core field is 8 bits; the trace format's core
 * index is 0-7). */
#define MMU_MAX_CORES             8u

/* ---- Added by the model: ID and configuration registers (RO) ----------------------------
 * ID (0x000): VERSION [31:24] of this register map (2: with MPIDR, the IS commands and
 * BCAST_SYNC; 1 was without them); L2TLB present (bit 0); walk cache
 * present (bit 1). Writes are ignored. */
#define MMU_ID_VERSION_SHIFT      24u
#define MMU_ID_VERSION_MASK       0xFF000000u
#define MMU_ID_VERSION            2u
#define MMU_ID_L2TLB              (1u << 0)
#define MMU_ID_WCACHE             (1u << 1)

/* CFG_ITLB / CFG_DTLB / CFG_L2TLB: the run-time geometry (configuration ports) and the
 * build-time maximum of sets*ways: WAYS [10:0] (0 = absent), LOG2_SETS [15:11],
 * POLICY [17:16], MAX_ENTRIES [31:18] (saturates at 16383).
 * CFG_WCACHE: ENTRIES [15:0], MAX_ENTRIES [31:16]. */
#define MMU_REG_CFG_ITLB          0x030u
#define MMU_REG_CFG_DTLB          0x034u
#define MMU_REG_CFG_L2TLB         0x038u
#define MMU_REG_CFG_WCACHE        0x03Cu
#define MMU_CFG_WAYS_MASK         0x000007FFu
#define MMU_CFG_LOG2_SETS_SHIFT   11u
#define MMU_CFG_LOG2_SETS_MASK    (0x1Fu << 11)
#define MMU_CFG_POLICY_SHIFT      16u
#define MMU_CFG_POLICY_MASK       (0x3u << 16)
#define MMU_CFG_POLICY_LRU        0u
#define MMU_CFG_POLICY_PLRU       1u
#define MMU_CFG_POLICY_FIFO       2u
#define MMU_CFG_POLICY_RANDOM     3u
#define MMU_CFG_MAX_SHIFT         18u
#define MMU_CFG_MAX_MASK          0xFFFC0000u
#define MMU_CFG_MAX_SATURATE      0x3FFFu
#define MMU_CFG_WC_ENTRIES_MASK   0x0000FFFFu
#define MMU_CFG_WC_MAX_SHIFT      16u
#define MMU_CFG_WC_MAX_MASK       0xFFFF0000u

/* TLBI operands. */
#define MMU_TLBI_MVA_MASK         0xFFFFF000u
#define MMU_TLBI_ASID_MASK        0x000000FFu

#endif /* VMCOSIM_MMU_REGS_H */
