/*
 * Host backend, call log: a growable array of HalLogEntry that tests switch on, read back and
 * search. Per-kind call counters run all the time (cheap), the log only when started.
 */
#include <stdlib.h>
#include "hal_host_pri.h"
#include "vmcosim/mmu_regs.h"

/* A runaway test must not eat the host: past this many entries, recording stops (counted). */
#define HAL_LOG_MAX_ENTRIES (1U << 22)

STATIC HalLogEntry *g_halLog = NULL;
STATIC UINT32 g_halLogCount = 0;
STATIC UINT32 g_halLogCapacity = 0;
STATIC UINT32 g_halLogSeq = 0;
STATIC UINT32 g_halLogMask = 0;
STATIC UINT32 g_halLogDropped = 0;
STATIC UINT64 g_halCallCount[HAL_LOG_KIND_COUNT];

VOID OsHalHostRecord(HalLogKind kind, UINT32 addr, UINT32 value, UINT32 len)
{
    g_halCallCount[kind]++;
    if ((g_halLogMask & HAL_LOG_MASK(kind)) == 0U) {
        return;
    }
    if (g_halLogCount == g_halLogCapacity) {
        UINT32 grown = (g_halLogCapacity == 0U) ? 1024U : g_halLogCapacity * 2U;
        HalLogEntry *log = (grown <= HAL_LOG_MAX_ENTRIES) ?
                           realloc(g_halLog, (size_t)grown * sizeof(HalLogEntry)) : NULL;
        if (log == NULL) {
            g_halLogDropped++;
            return;
        }
        g_halLog = log;
        g_halLogCapacity = grown;
    }
    HalLogEntry *e = &g_halLog[g_halLogCount++];
    e->seq = g_halLogSeq++;
    e->kind = kind;
    e->addr = addr;
    e->value = value;
    e->len = len;
    e->part = HalHostCostPartGet();
}

VOID HalHostLogClear(VOID)
{
    g_halLogCount = 0;
    g_halLogSeq = 0;
    g_halLogDropped = 0;
}

VOID HalHostLogStartMask(UINT32 kindMask)
{
    HalHostLogClear();
    g_halLogMask = kindMask & HAL_LOG_MASK_ALL;
}

VOID HalHostLogStart(VOID)
{
    HalHostLogStartMask(HAL_LOG_MASK_ALL);
}

VOID HalHostLogStop(VOID)
{
    g_halLogMask = 0;
}

BOOL HalHostLogEnabled(VOID)
{
    return (BOOL)(g_halLogMask != 0U);
}

UINT32 HalHostLogCount(VOID)
{
    return g_halLogCount;
}

UINT32 HalHostLogDropped(VOID)
{
    return g_halLogDropped;
}

const HalLogEntry *HalHostLogAt(UINT32 index)
{
    return (index < g_halLogCount) ? &g_halLog[index] : NULL;
}

STATIC BOOL OsHalLogMatch(const HalLogEntry *e, HalLogKind kind, UINT32 addr, UINT32 value)
{
    return (BOOL)(e->kind == kind && (addr == HAL_LOG_ANY || e->addr == addr) &&
                  (value == HAL_LOG_ANY || e->value == value));
}

INT32 HalHostLogFindFrom(UINT32 start, HalLogKind kind, UINT32 addr, UINT32 value)
{
    for (UINT32 i = start; i < g_halLogCount; i++) {
        if (OsHalLogMatch(&g_halLog[i], kind, addr, value)) {
            return (INT32)i;
        }
    }
    return -1;
}

INT32 HalHostLogFind(HalLogKind kind, UINT32 addr, UINT32 value)
{
    return HalHostLogFindFrom(0, kind, addr, value);
}

UINT32 HalHostLogCountOf(HalLogKind kind, UINT32 addr, UINT32 value)
{
    UINT32 n = 0;
    for (UINT32 i = 0; i < g_halLogCount; i++) {
        n += OsHalLogMatch(&g_halLog[i], kind, addr, value) ? 1U : 0U;
    }
    return n;
}

INT32 HalHostLogFindSeq(const HalLogPattern *pattern, UINT32 n)
{
    if (n == 0U) {
        return (g_halLogCount > 0U) ? 0 : -1;
    }
    /* Taking the earliest match of each element in turn is optimal: if the sequence does not
     * follow the earliest match of pattern[0], it follows no later one either. */
    INT32 first = HalHostLogFind(pattern[0].kind, pattern[0].addr, pattern[0].value);
    INT32 at = first;
    for (UINT32 k = 1; k < n && at >= 0; k++) {
        at = HalHostLogFindFrom((UINT32)at + 1U, pattern[k].kind, pattern[k].addr,
                                pattern[k].value);
    }
    return (at < 0) ? -1 : first;
}

BOOL HalHostLogMatches(const HalLogPattern *pattern, UINT32 n)
{
    if (n != g_halLogCount) {
        return FALSE;
    }
    for (UINT32 i = 0; i < n; i++) {
        if (!OsHalLogMatch(&g_halLog[i], pattern[i].kind, pattern[i].addr, pattern[i].value)) {
            return FALSE;
        }
    }
    return TRUE;
}

UINT64 HalHostCallCount(HalLogKind kind)
{
    return ((UINT32)kind < (UINT32)HAL_LOG_KIND_COUNT) ? g_halCallCount[kind] : 0U;
}

const CHAR *HalHostLogKindName(HalLogKind kind)
{
    static const CHAR *const names[HAL_LOG_KIND_COUNT] = {
        "PHYS_READ32", "PHYS_WRITE32", "PHYS_ZERO", "PHYS_COPY", "PHYS_WRITE_BYTES",
        "PHYS_READ_BYTES", "PHYS_TO_HOST", "HOST_TO_PHYS", "REG_READ", "REG_WRITE", "DSB",
        "ISB", "COST_PART",
    };
    return ((UINT32)kind < (UINT32)HAL_LOG_KIND_COUNT) ? names[kind] : "?";
}

STATIC const CHAR *OsHalRegName(UINT32 offset)
{
    switch (offset) {
        case MMU_REG_ID:         return "ID";
        case MMU_REG_SCTLR:      return "SCTLR";
        case MMU_REG_TTBR0:      return "TTBR0";
        case MMU_REG_TTBR1:      return "TTBR1";
        case MMU_REG_TTBCR:      return "TTBCR";
        case MMU_REG_DACR:       return "DACR";
        case MMU_REG_CONTEXTIDR: return "CONTEXTIDR";
        case MMU_REG_DFSR:       return "DFSR";
        case MMU_REG_DFAR:       return "DFAR";
        case MMU_REG_IFSR:       return "IFSR";
        case MMU_REG_IFAR:       return "IFAR";
        case MMU_REG_TLBIALL:    return "TLBIALL";
        case MMU_REG_TLBIMVA:    return "TLBIMVA";
        case MMU_REG_TLBIASID:   return "TLBIASID";
        case MMU_REG_TLBIMVAA:   return "TLBIMVAA";
        case MMU_REG_MPIDR:      return "MPIDR";
        case MMU_REG_TLBIALLIS:  return "TLBIALLIS";
        case MMU_REG_TLBIMVAIS:  return "TLBIMVAIS";
        case MMU_REG_TLBIASIDIS: return "TLBIASIDIS";
        case MMU_REG_TLBIMVAAIS: return "TLBIMVAAIS";
        case MMU_REG_BCAST_SYNC: return "BCAST_SYNC";
        default:                 return (offset >= MMU_REG_CNT_CTRL) ? "CNT" : "reg";
    }
}

STATIC const CHAR *OsHalPartName(UINT32 part)
{
    static const CHAR *const names[HAL_PART_COUNT] = { "other", "alloc", "pgtable", "tlb" };
    return (part < (UINT32)HAL_PART_COUNT) ? names[part] : "?";
}

VOID HalHostLogDump(FILE *out)
{
    for (UINT32 i = 0; i < g_halLogCount; i++) {
        const HalLogEntry *e = &g_halLog[i];
        (VOID)fprintf(out, "#%-5u %-16s ", e->seq, HalHostLogKindName(e->kind));
        switch (e->kind) {
            case HAL_LOG_REG_READ:
            case HAL_LOG_REG_WRITE:
                (VOID)fprintf(out, "off 0x%03x %-10s value 0x%08x", e->addr, OsHalRegName(e->addr),
                              e->value);
                break;
            case HAL_LOG_PHYS_COPY:
                (VOID)fprintf(out, "dst 0x%08x src 0x%08x len %u", e->addr, e->value, e->len);
                break;
            case HAL_LOG_COST_PART:
                (VOID)fprintf(out, "%s -> %s", OsHalPartName(e->addr), OsHalPartName(e->value));
                break;
            case HAL_LOG_DSB:
            case HAL_LOG_ISB:
                break;
            default:
                (VOID)fprintf(out, "pa 0x%08x value 0x%08x len %u", e->addr, e->value, e->len);
                break;
        }
        (VOID)fprintf(out, "  [%s]\n", OsHalPartName((UINT32)e->part));
    }
    if (g_halLogDropped != 0U) {
        (VOID)fprintf(out, "(%u entries dropped: log full)\n", g_halLogDropped);
    }
}
