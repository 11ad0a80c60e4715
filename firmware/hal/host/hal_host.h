/*
 * The host backend of hal.h (library vmcfw_hal_host), for unit tests and host tools.
 *
 *   RAM        one host block reserved with mmap(MAP_NORESERVE): a large RAM costs only the
 *              pages touched. Default: HAL_HOST_DEFAULT_RAM_SIZE (64 MiB) at
 *              HAL_HOST_DEFAULT_RAM_BASE (PA 0x80000000), set up on first use; HalHostInit
 *              chooses another before OsSysMemInit. Every HalPhys* access outside RAM aborts
 *              with a message naming the address (HalPhysToHost/HalHostToPhys report instead).
 *   registers  a plain array indexed by offset (vmcosim/mmu_regs.h). Writes to the TLBI*
 *              command registers are logged and not stored.
 *   log        every HAL call can be recorded (kind, address or offset, value, length, the
 *              cost part in force) so tests can assert exact call sequences.
 *
 * Typical test:
 *     HalHostLogStart();                         // clear and record every kind
 *     ... code under test ...
 *     const HalLogPattern want[] = {
 *         { HAL_LOG_PHYS_WRITE32, pteAddr, 0 },
 *         { HAL_LOG_REG_WRITE, MMU_REG_TLBIMVA, HAL_LOG_ANY },
 *         { HAL_LOG_DSB, HAL_LOG_ANY, HAL_LOG_ANY },
 *     };
 *     if (HalHostLogFindSeq(want, 3) < 0) { HalHostLogDump(stderr); return 1; }
 */
#ifndef HAL_HOST_H
#define HAL_HOST_H

#include "hal.h"

#define HAL_HOST_DEFAULT_RAM_BASE  0x80000000U
#define HAL_HOST_DEFAULT_RAM_SIZE  (64U << 20)
#define HAL_HOST_REG_SPACE         0x100U   /* register offsets 0x000..0x0FC */
#define HAL_HOST_CPUS_MAX          8U       /* cores, each with its own register file */

/* Replaces the RAM with a zero-filled one of ramSize bytes at ramBase (both 4 KiB aligned,
 * ramSize > 0, the range inside the 32-bit space). Returns LOS_OK, or LOS_NOK (nothing
 * changed) on a bad configuration or when the host cannot reserve it. Resets the registers;
 * the log is kept. Call OsSysMemInit() afterwards. */
UINT32 HalHostInit(PADDR_T ramBase, UINT32 ramSize);

/* ---- Register model ------------------------------------------------------------------------
 * Direct access for tests (e.g. to set DFSR/DFAR before calling a fault handler): not logged. */
UINT32 HalHostRegPeek(UINT32 offset);
VOID   HalHostRegPoke(UINT32 offset, UINT32 value);
HalCostPart HalHostCostPartGet(VOID);

/* ---- Cores ---------------------------------------------------------------------------------
 * The machine has count cores (1..HAL_HOST_CPUS_MAX) and the firmware now runs on core cpu
 * (< count): HalCpuId/HalCpuCount answer that, and register accesses (HalRegRead/Write,
 * Peek/Poke) go to that core's register file. Aborts on a bad pair. The default, and after
 * HalHostInit: one core, core 0. */
VOID   HalHostCpuSet(UINT32 cpu, UINT32 count);

/* ---- Call log ------------------------------------------------------------------------------ */
typedef enum {
    HAL_LOG_PHYS_READ32 = 0,  /* addr = PA, value = word read                         */
    HAL_LOG_PHYS_WRITE32,     /* addr = PA, value = word written                      */
    HAL_LOG_PHYS_ZERO,        /* addr = PA, len                                       */
    HAL_LOG_PHYS_COPY,        /* addr = destination PA, value = source PA, len        */
    HAL_LOG_PHYS_WRITE_BYTES, /* addr = PA, len                                       */
    HAL_LOG_PHYS_READ_BYTES,  /* addr = PA, len                                       */
    HAL_LOG_PHYS_TO_HOST,     /* addr = PA                                            */
    HAL_LOG_HOST_TO_PHYS,     /* addr = PA found (0 when outside RAM)                 */
    HAL_LOG_REG_READ,         /* addr = register offset, value = value read           */
    HAL_LOG_REG_WRITE,        /* addr = register offset, value = value written        */
    HAL_LOG_DSB,
    HAL_LOG_ISB,
    HAL_LOG_COST_PART,        /* value = new HalCostPart, addr = the previous one     */
    HAL_LOG_KIND_COUNT
} HalLogKind;

#define HAL_LOG_MASK(kind)  (1U << (UINT32)(kind))
#define HAL_LOG_MASK_ALL    ((1U << (UINT32)HAL_LOG_KIND_COUNT) - 1U)
/* Everything except the bookkeeping kinds (pointer conversions and cost-part changes). */
#define HAL_LOG_MASK_ACCESS (HAL_LOG_MASK_ALL & ~(HAL_LOG_MASK(HAL_LOG_PHYS_TO_HOST) | \
                             HAL_LOG_MASK(HAL_LOG_HOST_TO_PHYS) | HAL_LOG_MASK(HAL_LOG_COST_PART)))
/* Wildcard for the addr and value arguments of the Find/Count/Seq calls. */
#define HAL_LOG_ANY         0xFFFFFFFFU

typedef struct {
    UINT32      seq;    /* position since the last clear, counting every call recorded */
    HalLogKind  kind;
    UINT32      addr;   /* PA or register offset (see HalLogKind)                       */
    UINT32      value;
    UINT32      len;    /* bytes for memory operations; 4 for words and registers      */
    HalCostPart part;   /* cost part in force when the call was made                    */
} HalLogEntry;

/* One expected entry for HalHostLogFindSeq / HalHostLogMatches (HAL_LOG_ANY matches any). */
typedef struct {
    HalLogKind kind;
    UINT32     addr;
    UINT32     value;
} HalLogPattern;

VOID   HalHostLogStart(VOID);                 /* clear, then record every kind          */
VOID   HalHostLogStartMask(UINT32 kindMask);  /* clear, then record the kinds in mask   */
VOID   HalHostLogStop(VOID);                  /* stop recording; entries are kept       */
VOID   HalHostLogClear(VOID);
BOOL   HalHostLogEnabled(VOID);
UINT32 HalHostLogCount(VOID);
UINT32 HalHostLogDropped(VOID);                /* entries not recorded: log full        */
const HalLogEntry *HalHostLogAt(UINT32 index);  /* NULL past the end */

/* First index >= start of an entry matching (kind, addr, value), or -1. */
INT32  HalHostLogFind(HalLogKind kind, UINT32 addr, UINT32 value);
INT32  HalHostLogFindFrom(UINT32 start, HalLogKind kind, UINT32 addr, UINT32 value);
UINT32 HalHostLogCountOf(HalLogKind kind, UINT32 addr, UINT32 value);
/* Index of the first entry of the earliest occurrence of pattern[0..n-1] in this order, other
 * entries allowed in between; -1 when it does not occur. */
INT32  HalHostLogFindSeq(const HalLogPattern *pattern, UINT32 n);
/* TRUE when the log holds exactly pattern[0..n-1] and nothing else. */
BOOL   HalHostLogMatches(const HalLogPattern *pattern, UINT32 n);

VOID   HalHostLogDump(FILE *out);             /* one readable line per entry */
const CHAR *HalHostLogKindName(HalLogKind kind);

/* Calls of each kind since start-up, counted whether or not the log records. */
UINT64 HalHostCallCount(HalLogKind kind);

#endif /* HAL_HOST_H */
