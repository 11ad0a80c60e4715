/*
 * Internal interface of the page-table code (firmware/vm/mmu_*.c): table geometry helpers,
 * the level-2 table pool, ASIDs and the batch that issues TLB maintenance.
 *
 * The simulator runs the firmware on one host thread (the harness calls it synchronously), so
 * there are no locks; helpers with the Unsafe suffix are the ones LiteOS-A would call with the
 * address space's lock held.
 */
#ifndef VM_MMU_PRIVATE_H
#define VM_MMU_PRIVATE_H

#include "los_arch_mmu.h"
#include "los_vm_common.h"
#include "hal.h"
#include "los_vm_assert_pri.h"
#include "vmcosim/armv7_vmsa.h"
#include "vmcosim/mmu_regs.h"

#define MMU_SECTION_PAGES   (VMSA_SECTION_SIZE >> PAGE_SHIFT)      /* 256 */
#define MMU_LARGE_PAGES     (VMSA_LARGE_PAGE_SIZE >> PAGE_SHIFT)   /* 16  */

static inline UINT32 OsL1Index(VADDR_T va)
{
    return va >> VMSA_VA_L1_INDEX_SHIFT;
}

static inline PADDR_T OsL1EntryAddr(const LosArchMmu *m, VADDR_T va)
{
    return m->physTtb + (OsL1Index(va) << VMSA_DESC_BYTES_SHIFT);
}

static inline PADDR_T OsL2EntryAddr(PTE_T l1, VADDR_T va)
{
    return vmsa_l2_desc_addr(l1, va);
}

static inline BOOL OsL1IsSection(PTE_T d)
{
    return (d & VMSA_L1_TYPE_MASK) == VMSA_L1_TYPE_SECTION;
}

static inline BOOL OsL1IsPageTable(PTE_T d)
{
    return (d & VMSA_L1_TYPE_MASK) == VMSA_L1_TYPE_PAGE_TABLE;
}

static inline BOOL OsL2IsLarge(PTE_T d)
{
    return (d & VMSA_L2_TYPE_MASK) == VMSA_L2_TYPE_LARGE;
}

static inline BOOL OsL2IsValid(PTE_T d)
{
    return (d & VMSA_L2_TYPE_MASK) != VMSA_L2_TYPE_FAULT;
}

/* ---- Level-2 table pool (mmu_l2pool.c) ---- */
PADDR_T OsL2TableAlloc(VOID);          /* a zeroed 1 KiB table, or 0 when memory runs out */
VOID OsL2TableFree(PADDR_T table);     /* the table must be all-fault (zero) */

VOID OsL2PoolReset(VOID);              /* forget every pool page (memory was reset) */

/* ---- ASIDs (mmu_asid.c) ---- */
UINT32 OsAsidAlloc(VOID);              /* 1..255, or 0 when all are in use */
VOID OsAsidFree(UINT32 asid);
VOID OsAsidReset(VOID);                /* all free again (start-up) */

/* ---- Options and start-up state (mmu_context.c, vm_layout.c, vm_fault.c) ---- */
BOOL OsArchMmuLargePagesGet(VOID);
VOID OsVmFaultStatsReset(VOID);

/* ---- Kernel level-1 table (mmu_context.c) ---- */
PADDR_T OsArchMmuKernelTtb(VOID);
/* Called after every write of a kernel level-1 entry (mmu_map.c); none until the layer above
 * sets one (vm_space.c at OsVmInit: the Linux profile copies the entry into every process
 * table), so the page-table code never calls the address spaces by name. */
typedef VOID (*OsArchMmuKernelL1Hook)(UINT32 index, PTE_T desc);
VOID OsArchMmuKernelL1HookSet(OsArchMmuKernelL1Hook hook);

/* ---- TLB maintenance batch (mmu_tlb.c) ----
 * Descriptor writes are collected first; OsTlbBatchFlush then issues DSB, one TLBIMVA (ASID)
 * or TLBIMVAA (global kernel mappings) per page, large page or section changed, DSB, ISB
 * (B3.10.1), and only then frees the level-2 tables that became empty, so that no walk can
 * still be using a table when it is reused. */
#define OS_TLB_BATCH_VA  64U
#define OS_TLB_BATCH_L2  16U
typedef struct {
    const LosArchMmu *mmu;
    UINT32  nVa;
    UINT32  nL2;
    VADDR_T va[OS_TLB_BATCH_VA];
    PADDR_T l2[OS_TLB_BATCH_L2];
} OsTlbBatch;

VOID OsTlbBatchInit(OsTlbBatch *b, const LosArchMmu *mmu);
VOID OsTlbBatchAddVa(OsTlbBatch *b, VADDR_T va);
VOID OsTlbBatchAddL2Free(OsTlbBatch *b, PADDR_T table);
VOID OsTlbBatchFlush(OsTlbBatch *b);
/* One entry's invalidation command (TLBIMVA with the ASID, or TLBIMVAA; their broadcast forms
 * when OsTlbNeedsBroadcast), without barriers. */
VOID OsTlbInvalidateVaUnsafe(const LosArchMmu *mmu, VADDR_T va);
/* TRUE when a core other than the current one may hold entries of mmu's table (its cpuMask). */
BOOL OsTlbNeedsBroadcast(const LosArchMmu *mmu);
/* The multiprocessor part of a DSB after broadcast maintenance: BCAST_SYNC written, then read
 * until every core has done this core's broadcasts (bounded; more polls is a hardware bug). */
#define OS_TLB_SYNC_POLLS_MAX  (1U << 20)
VOID OsTlbBroadcastSync(VOID);

/* ---- Page table: in-place replacement (mmu_map.c) ----
 * Points the mapped page at va to newPa with flags, break-before-make, without ever freeing the
 * level-2 table (so it cannot fail for lack of a table once the page is mapped as a small or
 * large page). LOS_ERRNO_VM_NOT_FOUND when va is unmapped. */
STATUS_T OsArchMmuReplacePage(LosArchMmu *archMmu, VADDR_T va, PADDR_T newPa, UINT32 flags);
/* Splits the section that maps va into 256 small pages with its own flags, break-before-make;
 * LOS_OK also when va is not mapped by a (non-super) section. LOS_ERRNO_VM_NO_MEMORY when no
 * level-2 table is free. */
STATUS_T OsArchMmuSplitSection(LosArchMmu *archMmu, VADDR_T va);

/* [vaddr, vaddr + count pages) is page aligned, not empty and inside the part of the address
 * space that m's table translates (a process table: the user half; the kernel's: the kernel
 * half), with overflow-safe arithmetic. Every LOS_ArchMmu* call that changes a table checks it. */
BOOL OsArchMmuRangeValid(const LosArchMmu *m, VADDR_T vaddr, size_t count);

/* Writes a level-1 entry (and keeps the Linux profile's copies in step). */
VOID OsL1Write(const LosArchMmu *m, VADDR_T va, PTE_T desc);

#endif /* VM_MMU_PRIVATE_H */
