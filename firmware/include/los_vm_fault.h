/*
 * The page-fault handler (demand paging and copy-on-write) and the abort entry that decodes
 * the fault status the MMU reported, as an ARM data/prefetch abort handler does.
 *
 * Result codes (STATUS_T):
 *   LOS_OK                      resolved: a page was mapped (or the fault was spurious); retry
 *   LOS_ERRNO_VM_NOT_FOUND      no region at the address (segmentation fault)
 *   LOS_ERRNO_VM_ACCESS_DENIED  the region does not allow the access (segmentation fault)
 *   LOS_ERRNO_VM_NO_MEMORY      no page or page table could be allocated (nothing leaked)
 *   LOS_ERRNO_VM_INVALID_ARGS   a fault kind the handler does not resolve (domain or access
 *                               flag fault, unknown FS code)
 */
#ifndef LOS_VM_FAULT_H
#define LOS_VM_FAULT_H

#include "los_typedef.h"
#include "los_vm_errno.h"

#ifdef __cplusplus
extern "C" {
#endif

/* flags of OsVmPageFaultHandler (LiteOS-A's values) */
#define VM_MAP_PF_FLAG_WRITE        (1U << 0)
#define VM_MAP_PF_FLAG_USER         (1U << 1)
#define VM_MAP_PF_FLAG_INSTRUCTION  (1U << 2)
#define VM_MAP_PF_FLAG_NOT_PRESENT  (1U << 3)

typedef struct ExcContext ExcContext;   /* the trapped CPU state; unused by the simulator */

/* Handles a fault at vaddr in the space that owns it (LOS_SpaceGet). frame may be NULL. */
STATUS_T OsVmPageFaultHandler(VADDR_T vaddr, UINT32 flags, ExcContext *frame);

/* The handler's flags for a DFSR/IFSR value (B3.13.3): WnR gives WRITE, a prefetch abort gives
 * INSTRUCTION, translation faults give NOT_PRESENT. isUser is the mode of the access (the
 * FSR does not record it). */
UINT32 OsVmFaultFlagsFromFsr(UINT32 fsr, BOOL isPrefetch, BOOL isUser);

/* Abort entry: reads DFSR/DFAR (or IFSR/IFAR for a prefetch abort) through the HAL, decodes
 * them and calls OsVmPageFaultHandler for translation and permission faults. */
STATUS_T OsArchAbortHandle(BOOL isPrefetch, BOOL isUser);

/* What the handler did, since OsVmInit (for statistics and tests). */
typedef struct {
    UINT32 faults;          /* calls of OsVmPageFaultHandler                         */
    UINT32 demandZero;      /* anonymous pages allocated and zeroed                  */
    UINT32 fileRead;        /* file pages mapped (page-cache pages, or private fills) */
    UINT32 cowCopies;       /* private copies made on write                          */
    UINT32 cowReuse;        /* write to a copy-on-write page with no other user      */
    UINT32 devMapped;       /* device pages mapped                                   */
    UINT32 spurious;        /* already mapped with the needed permission             */
    UINT32 noRegion;        /* LOS_ERRNO_VM_NOT_FOUND                                */
    UINT32 denied;          /* LOS_ERRNO_VM_ACCESS_DENIED                            */
    UINT32 noMemory;        /* LOS_ERRNO_VM_NO_MEMORY                                */
} LosVmFaultStats;
VOID LOS_VmFaultStatsGet(LosVmFaultStats *stats);

/* What the last call of OsVmPageFaultHandler did, for per-process and per-region-kind
 * statistics in the co-simulation. */
typedef enum {
    VM_FAULT_ACTION_NONE = 0,     /* refused (see result)                              */
    VM_FAULT_ACTION_DEMAND_ZERO,  /* anonymous page allocated, or shared object's page   */
    VM_FAULT_ACTION_FILE,         /* file page mapped (cache page or private copy)       */
    VM_FAULT_ACTION_COW_COPY,     /* private copy on write                               */
    VM_FAULT_ACTION_COW_REUSE,    /* made writable in place                              */
    VM_FAULT_ACTION_DEVICE,       /* device page mapped                                  */
    VM_FAULT_ACTION_SPURIOUS      /* nothing to do                                       */
} LosVmFaultAction;

typedef struct {
    VADDR_T  vaddr;
    UINT32   flags;          /* VM_MAP_PF_FLAG_*                                     */
    STATUS_T result;
    UINT32   action;         /* LosVmFaultAction                                     */
    UINT32   asid;           /* of the space the address belongs to (0: kernel)       */
    UINT8    regionType;     /* VM_MAP_REGION_TYPE_* (NONE when there was no region)  */
    UINT32   regionFlags;
} LosVmFaultInfo;
VOID LOS_VmFaultLastGet(LosVmFaultInfo *info);

/* The deterministic content of simulated files: the 32-bit little-endian word at byte offset
 * `offset` (a multiple of 4) of file fileId. Files are unbounded; every offset has content.
 *   w = offset / 4
 *   h = fileId * 0x9E3779B1 + w * 0x85EBCA77          (mod 2^32)
 *   word = fmix32(h), fmix32(x): x ^= x >> 16; x *= 0x85EBCA6B; x ^= x >> 13;
 *                                x *= 0xC2B2AE35; x ^= x >> 16   (MurmurHash3's finaliser) */
UINT32 LOS_VmFileWord(UINT32 fileId, UINT32 offset);

#ifdef __cplusplus
}
#endif

#endif /* LOS_VM_FAULT_H */
