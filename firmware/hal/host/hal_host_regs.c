/*
 * Host backend, MMU registers and barriers: a plain register file per core, indexed by offset.
 * The TLB maintenance commands (local and broadcast) have no TLB to act on here; they are only
 * counted and logged, which is what the unit tests assert on. BCAST_SYNC reads 0: a broadcast
 * is done at once.
 */
#include <stdlib.h>
#include <string.h>
#include "hal_host_pri.h"
#include "vmcosim/mmu_regs.h"

STATIC UINT32 g_halRegs[HAL_HOST_CPUS_MAX][HAL_HOST_REG_SPACE / 4U];
STATIC HalCostPart g_halCostPart = HAL_PART_OTHER;
STATIC UINT32 g_halCpu;
STATIC UINT32 g_halCpus = 1U;

VOID OsHalHostRegsReset(VOID)
{
    (VOID)memset(g_halRegs, 0, sizeof(g_halRegs));
    g_halCpu = 0U;
    g_halCpus = 1U;
}

VOID HalHostCpuSet(UINT32 cpu, UINT32 count)
{
    if ((count == 0U) || (count > HAL_HOST_CPUS_MAX) || (cpu >= count)) {
        (VOID)fprintf(stderr, "hal_host: HalHostCpuSet(%u, %u): bad core or core count\n", cpu, count);
        abort();
    }
    g_halCpu = cpu;
    g_halCpus = count;
    for (UINT32 c = 0U; c < count; c++) {
        g_halRegs[c][MMU_REG_MPIDR / 4U] = c | ((count - 1U) << 8);
    }
}

UINT32 HalCpuId(VOID)
{
    return g_halCpu;
}

UINT32 HalCpuCount(VOID)
{
    return g_halCpus;
}

STATIC UINT32 OsHalRegIndex(const CHAR *what, UINT32 offset)
{
    if (offset >= HAL_HOST_REG_SPACE || (offset & 3U) != 0U) {
        (VOID)fprintf(stderr, "hal_host: %s at bad register offset 0x%03x\n", what, offset);
        abort();
    }
    return offset / 4U;
}

STATIC BOOL OsHalRegIsCommand(UINT32 offset)
{
    return (BOOL)(offset == MMU_REG_TLBIALL || offset == MMU_REG_TLBIMVA ||
                  offset == MMU_REG_TLBIASID || offset == MMU_REG_TLBIMVAA ||
                  offset == MMU_REG_TLBIALLIS || offset == MMU_REG_TLBIMVAIS ||
                  offset == MMU_REG_TLBIASIDIS || offset == MMU_REG_TLBIMVAAIS ||
                  offset == MMU_REG_BCAST_SYNC);
}

UINT32 HalRegRead(UINT32 offset)
{
    UINT32 value = g_halRegs[g_halCpu][OsHalRegIndex("HalRegRead", offset)];
    OsHalHostRecord(HAL_LOG_REG_READ, offset, value, 4);
    return value;
}

VOID HalRegWrite(UINT32 offset, UINT32 value)
{
    UINT32 index = OsHalRegIndex("HalRegWrite", offset);
    if (!OsHalRegIsCommand(offset)) {
        g_halRegs[g_halCpu][index] = value;
    }
    OsHalHostRecord(HAL_LOG_REG_WRITE, offset, value, 4);
}

UINT32 HalHostRegPeek(UINT32 offset)
{
    return g_halRegs[g_halCpu][OsHalRegIndex("HalHostRegPeek", offset)];
}

VOID HalHostRegPoke(UINT32 offset, UINT32 value)
{
    g_halRegs[g_halCpu][OsHalRegIndex("HalHostRegPoke", offset)] = value;
}

VOID HalDsb(VOID)
{
    OsHalHostRecord(HAL_LOG_DSB, 0, 0, 0);
}

VOID HalIsb(VOID)
{
    OsHalHostRecord(HAL_LOG_ISB, 0, 0, 0);
}

HalCostPart HalCostPartSet(HalCostPart part)
{
    HalCostPart prev = g_halCostPart;
    g_halCostPart = part;
    OsHalHostRecord(HAL_LOG_COST_PART, (UINT32)prev, (UINT32)part, 0);
    return prev;
}

HalCostPart HalHostCostPartGet(VOID)
{
    return g_halCostPart;
}
