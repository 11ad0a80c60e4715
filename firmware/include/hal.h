/*
 * The firmware's only way to the hardware (DESIGN §5). The memory manager never dereferences
 * simulated physical memory or touches MMU registers itself: every access, barrier and TLB
 * maintenance command goes through these calls, so that
 *   - the host backend (firmware/hal/host) can run it in unit tests and log every call, and
 *   - the co-simulation backend (sim/) can turn register accesses into real transactions on
 *     the MMU's register port and charge every call in cycles.
 * The backend is chosen at link time: link exactly one library that defines these symbols.
 */
#ifndef HAL_H
#define HAL_H

#include "los_typedef.h"

/* ---- RAM of the simulated machine --------------------------------------------------------- */
typedef struct {
    PADDR_T ramBase;   /* physical address of the first RAM byte (4 KiB aligned) */
    UINT32  ramSize;   /* bytes of RAM (multiple of 4 KiB)                       */
} HalMemConfig;

/* The RAM the backend provides; OsSysMemInit() builds the page array from it. */
const HalMemConfig *HalMemConfigGet(VOID);

UINT32 HalPhysRead32(PADDR_T pa);
VOID   HalPhysWrite32(PADDR_T pa, UINT32 value);
VOID   HalPhysZero(PADDR_T pa, size_t len);
VOID   HalPhysCopy(PADDR_T dst, PADDR_T src, size_t len);
VOID   HalPhysWriteBytes(PADDR_T pa, const VOID *src, size_t len);
VOID   HalPhysReadBytes(PADDR_T pa, VOID *dst, size_t len);

/* The host pointer behind a RAM address, for the kernel's direct map (pointers that callers of
 * LOS_KernelMalloc, LOS_PhysPagesAllocContiguous or OsVmPageToVaddr dereference). Returns NULL
 * outside RAM. RAM is one contiguous host block, so pointer arithmetic within RAM is valid. */
VOID   *HalPhysToHost(PADDR_T pa);
/* The inverse; returns 0 and sets *ok to FALSE when p is not inside RAM (ok may be NULL). */
PADDR_T HalHostToPhys(const VOID *p, BOOL *ok);

/* ---- MMU registers (offsets from vmcosim/mmu_regs.h) ------------------------------------- */
UINT32 HalRegRead(UINT32 offset);
VOID   HalRegWrite(UINT32 offset, UINT32 value);

/* ---- Cores (SMP) ---------------------------------------------------------------------------
 * The core the firmware runs on, 0 .. HalCpuCount() - 1, and how many cores the machine has.
 * The backend sets both before it enters the firmware (the co-simulation: the core whose access
 * faulted or whose trace record is applied); a call costs nothing, as a per-CPU register read
 * (TPIDRPRW) costs nothing measurable on a real core. One core: HalCpuId() is 0. */
UINT32 HalCpuId(VOID);
UINT32 HalCpuCount(VOID);

/* ---- Barriers (B3.10.1: maintenance completes only after DSB; ISB makes it visible) ------- */
VOID HalDsb(VOID);
VOID HalIsb(VOID);

/* ---- Cost accounting ---------------------------------------------------------------------
 * The firmware says which part of fault handling it is in, so the co-simulation can split the
 * cycles it charges; the host backend just logs it. Returns the part that was current, for
 * restoring with HalCostPartSet(previous). */
typedef enum {
    HAL_PART_OTHER = 0,   /* region lookup, bookkeeping, exception entry/exit */
    HAL_PART_ALLOC,       /* buddy allocator and heap                         */
    HAL_PART_PGTABLE,     /* page-table reads and writes                      */
    HAL_PART_TLB,         /* TLB maintenance and barriers                     */
    HAL_PART_COUNT
} HalCostPart;

HalCostPart HalCostPartSet(HalCostPart part);

#endif /* HAL_H */
