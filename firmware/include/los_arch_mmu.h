/*
 * ARMv7-A short-descriptor page tables (DDI 0406C B3.5) of one address space, and the MMU
 * operations of the seed's "Virtual-to-Physical Mapping" table. Descriptors live in
 * simulated RAM and are read and written only through HalPhysRead32/HalPhysWrite32, because
 * the hardware walker reads them from there.
 *
 * Mapping flags (VM_MAP_REGION_FLAG_*, LiteOS-A values) and what they become (B3.6, B3.8.2,
 * TEX remap off):
 *   PERM_READ/WRITE/USER    AP[2:0]: kernel RW 001, kernel RO 101, user RW 011, user RO 111,
 *                           no READ 000. Every accessible encoding has AP[0] = 1, so the
 *                           descriptors also stay valid with SCTLR.AFE = 1 (AP[0] = access flag)
 *   PERM_EXECUTE            XN = 0 (XN = 1 without it, and always for device memory)
 *   PERM_USER               nG = 1 (ASID-tagged); kernel mappings are global (nG = 0). The
 *                           maps of a process table set nG on every descriptor (B3.9.1)
 *   CACHED                  normal, write-back write-allocate: TEX 001 C 1 B 1, S 1
 *   UNCACHED                normal non-cacheable:             TEX 001 C 0 B 0, S 1
 *   UNCACHED_DEVICE         shareable device:                 TEX 000 C 0 B 1
 *   STRONGLY_ORDERED        strongly ordered:                 TEX 000 C 0 B 0
 * Domain 0 everywhere; OsArchMmuInit sets DACR domain 0 to client.
 */
#ifndef LOS_ARCH_MMU_H
#define LOS_ARCH_MMU_H

#include "los_typedef.h"
#include "los_vm_errno.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Mapping flags (LiteOS-A's values) ------------------------------------------------- */
#define VM_MAP_REGION_FLAG_CACHED               (0U << 0)
#define VM_MAP_REGION_FLAG_UNCACHED             (1U << 0)
#define VM_MAP_REGION_FLAG_UNCACHED_DEVICE      (2U << 0)
#define VM_MAP_REGION_FLAG_STRONGLY_ORDERED     (3U << 0)
#define VM_MAP_REGION_FLAG_CACHE_MASK           (3U << 0)
#define VM_MAP_REGION_FLAG_PERM_USER            (1U << 2)
#define VM_MAP_REGION_FLAG_PERM_READ            (1U << 3)
#define VM_MAP_REGION_FLAG_PERM_WRITE           (1U << 4)
#define VM_MAP_REGION_FLAG_PERM_EXECUTE         (1U << 5)
#define VM_MAP_REGION_FLAG_PROT_MASK            (0xFU << 2)
#define VM_MAP_REGION_FLAG_NS                   (1U << 6)

/* ---- One address space's translation tables --------------------------------------------- */
typedef struct ArchMmu {
    PADDR_T physTtb;      /* level-1 table PA (16 KiB aligned for 4096 entries, else 4 KiB) */
    UINT32  l1Entries;    /* 4096 (kernel, Linux-profile process) or 1024 (LiteOS process) */
    UINT32  asid;         /* 0 for the kernel (global mappings only)                       */
    BOOL    isKernel;     /* global mappings, TLBIMVAA; kernel half shared with processes  */
    UINT16 *l2Count;      /* valid level-2 descriptors per level-1 entry (host array)      */
    UINT32  l2Tables;     /* level-2 tables in use                                         */
    UINT32  mappedPages;  /* 4 KiB pages currently mapped (sections count 256)             */
    UINT32  cpuMask;      /* cores whose TLBs may hold its entries: bit c is set when core c
                           * installs the table (context switch, MMU start) and never cleared,
                           * since tagged entries outlive a switch away; the maintenance of a
                           * change is broadcast when a bit other than the current core's is set */
} LosArchMmu;

/* Maps count 4 KiB pages at vaddr to paddr (both page aligned). Uses 1 MiB sections where
 * VA, PA and the remaining length allow, 64 KiB large pages where aligned if enabled
 * (LOS_ArchMmuLargePagesSet), else small pages. Refuses to overwrite a valid mapping.
 * Returns the number of pages mapped (count) or a negative LOS_ERRNO_VM_* (then nothing of
 * this call stays mapped). */
STATUS_T LOS_ArchMmuMap(LosArchMmu *archMmu, VADDR_T vaddr, PADDR_T paddr, size_t count,
                        UINT32 flags);
/* Unmaps count pages from vaddr (holes are skipped; sections and large pages partly inside
 * the range are split first). Returns the number of pages that were mapped and are now
 * unmapped, or a negative error. */
STATUS_T LOS_ArchMmuUnmap(LosArchMmu *archMmu, VADDR_T vaddr, size_t count);
/* PA and flags of vaddr. LOS_OK, or LOS_ERRNO_VM_NOT_FOUND when unmapped. paddr and flags
 * may be NULL. */
STATUS_T LOS_ArchMmuQuery(const LosArchMmu *archMmu, VADDR_T vaddr, PADDR_T *paddr,
                          UINT32 *flags);
/* Replaces the flags of the mapped pages in [vaddr, vaddr + count pages). */
STATUS_T LOS_ArchMmuChangeProt(LosArchMmu *archMmu, VADDR_T vaddr, size_t count, UINT32 flags);
/* Moves the mappings of count pages from oldVaddr to newVaddr (which must be unmapped),
 * with the given flags. All or nothing: on an error (LOS_ERRNO_VM_NO_MEMORY, a clash at
 * newVaddr) both ranges are as they were. */
STATUS_T LOS_ArchMmuMove(LosArchMmu *archMmu, VADDR_T oldVaddr, VADDR_T newVaddr, size_t count,
                         UINT32 flags);

/* Calls fn for every mapped 4 KiB page in [vaddr, vaddr + count pages), in address order, with
 * its PA and flags; empty MiBs cost one level-1 read. fn returns FALSE to stop. */
typedef BOOL (*OsArchMmuWalkFn)(VOID *ctx, VADDR_T va, PADDR_T pa, UINT32 flags);
VOID OsArchMmuWalk(const LosArchMmu *archMmu, VADDR_T vaddr, size_t count, OsArchMmuWalkFn fn,
                   VOID *ctx);

/* Global option: use 64 KiB large pages in LOS_ArchMmuMap where aligned. Returns the old
 * setting. */
BOOL LOS_ArchMmuLargePagesSet(BOOL enable);

/* ---- Table lifetime and context switch ---------------------------------------------------- */
/* Allocates and zeroes a level-1 table for a process (or the kernel when isKernel), and an
 * ASID for a process. LOS_OK, LOS_ERRNO_VM_NO_MEMORY, or LOS_ERRNO_VM_NO_RESOURCES when all
 * 255 process ASIDs are in use (the policy is to refuse, not to roll over). */
STATUS_T OsArchMmuInit(LosArchMmu *archMmu, BOOL isKernel);
/* Frees every level-2 table and the level-1 table (the mappings must have been removed or
 * their pages released by the caller), invalidates the ASID (TLBIASID, or TLBIASIDIS when the
 * table ran on another core, so that the ASID is clean everywhere before it is reused) and
 * frees it. */
VOID OsArchMmuDestroy(LosArchMmu *archMmu);
/* Programs the current core's TTBCR, DACR, TTBR1 (kernel table), TTBR0 and CONTEXTIDR for the
 * kernel context, invalidates its TLB and turns its MMU on (SCTLR.M); every core calls it once
 * (the boot core from OsVmInit, the others from OsVmSecondaryCpuInit). Marks the core in the
 * kernel table's cpuMask. */
VOID OsArchMmuEnable(LosArchMmu *kernelMmu, UINT32 ttbcrN);
/* Switches TTBR0 and the ASID to archMmu (NULL: the kernel context, TTBR0 = kernel table,
 * reserved ASID 0), following B3.10.4: CONTEXTIDR <- reserved ASID 0, ISB, TTBR0 <- table,
 * ISB, CONTEXTIDR <- new ASID, ISB. ASID 0 tags no entry (the kernel has only global
 * mappings), so no walk made between the two writes can create a wrongly tagged entry. The
 * registers are the current core's (HalCpuId); the core is added to archMmu's cpuMask. */
VOID OsArchMmuContextSwitch(LosArchMmu *archMmu);

/* ASIDs in use (process ASIDs, 1..255). */
UINT32 OsArchMmuAsidsInUse(VOID);

/* ---- Descriptor encoding (also for tests and the walker) ---------------------------------- */
PTE_T OsArchMmuSectionDesc(PADDR_T paddr, UINT32 flags);
PTE_T OsArchMmuSmallDesc(PADDR_T paddr, UINT32 flags);
PTE_T OsArchMmuLargeDesc(PADDR_T paddr, UINT32 flags);
PTE_T OsArchMmuPageTableDesc(PADDR_T l2Table);
/* Flags back from a section / supersection descriptor or a small / large page descriptor. */
UINT32 OsArchMmuSectionFlags(PTE_T desc);
UINT32 OsArchMmuL2Flags(PTE_T desc);

/* ---- Level-2 table pool: four 1 KiB tables share one 4 KiB page ---------------------------- */
typedef struct {
    UINT32 pages;        /* pool pages held                  */
    UINT32 tables;       /* level-2 tables handed out         */
    UINT32 allocs;       /* tables allocated since boot        */
    UINT32 frees;        /* tables freed since boot            */
} LosL2PoolStats;
VOID OsArchMmuL2PoolStats(LosL2PoolStats *stats);

#ifdef __cplusplus
}
#endif

#endif /* LOS_ARCH_MMU_H */
