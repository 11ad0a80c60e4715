/*
 * Host backend, RAM: one block (vmcutil/ram_block.h, shared with the co-simulation backend)
 * standing for the simulated machine's RAM, with every access bounds-checked and logged.
 */
#include <stdlib.h>
#include <string.h>
#include "hal_host_pri.h"
#include "vmcutil/ram_block.h"

#define OWNER "hal_host"

STATIC vmc_ram_block g_halRam = { NULL, 0, 0 };
STATIC HalMemConfig g_halMemConfig = { 0, 0 };

UINT32 HalHostInit(PADDR_T ramBase, UINT32 ramSize)
{
    if (vmc_ram_block_map(&g_halRam, ramBase, ramSize) != 0) {
        return LOS_NOK;
    }
    g_halMemConfig.ramBase = ramBase;
    g_halMemConfig.ramSize = ramSize;
    OsHalHostRegsReset();
    return LOS_OK;
}

/* The default RAM, set up on first use so programs need no HAL call before OsSysMemInit. */
STATIC VOID OsHalRamEnsure(VOID)
{
    if (g_halRam.mem == NULL &&
        HalHostInit(HAL_HOST_DEFAULT_RAM_BASE, HAL_HOST_DEFAULT_RAM_SIZE) != LOS_OK) {
        (VOID)fprintf(stderr, "hal_host: cannot reserve the default %u MiB of RAM\n",
                      HAL_HOST_DEFAULT_RAM_SIZE >> 20);
        abort();
    }
}

const HalMemConfig *HalMemConfigGet(VOID)
{
    OsHalRamEnsure();
    return &g_halMemConfig;
}

/* The host address of [pa, pa + len); aborts naming the access when it is not all in RAM. */
STATIC UINT8 *OsHalRamAt(const CHAR *what, PADDR_T pa, size_t len)
{
    OsHalRamEnsure();
    return vmc_ram_block_at(&g_halRam, OWNER, what, pa, len);
}

UINT32 HalPhysRead32(PADDR_T pa)
{
    UINT32 value;
    vmc_ram_block_word_check(OWNER, "HalPhysRead32", pa);
    (VOID)memcpy(&value, OsHalRamAt("HalPhysRead32", pa, 4), 4);
    OsHalHostRecord(HAL_LOG_PHYS_READ32, pa, value, 4);
    return value;
}

VOID HalPhysWrite32(PADDR_T pa, UINT32 value)
{
    vmc_ram_block_word_check(OWNER, "HalPhysWrite32", pa);
    (VOID)memcpy(OsHalRamAt("HalPhysWrite32", pa, 4), &value, 4);
    OsHalHostRecord(HAL_LOG_PHYS_WRITE32, pa, value, 4);
}

VOID HalPhysZero(PADDR_T pa, size_t len)
{
    (VOID)memset(OsHalRamAt("HalPhysZero", pa, len), 0, len);
    OsHalHostRecord(HAL_LOG_PHYS_ZERO, pa, 0, (UINT32)len);
}

VOID HalPhysCopy(PADDR_T dst, PADDR_T src, size_t len)
{
    UINT8 *d = OsHalRamAt("HalPhysCopy (destination)", dst, len);
    const UINT8 *s = OsHalRamAt("HalPhysCopy (source)", src, len);
    (VOID)memmove(d, s, len);
    OsHalHostRecord(HAL_LOG_PHYS_COPY, dst, src, (UINT32)len);
}

VOID HalPhysWriteBytes(PADDR_T pa, const VOID *src, size_t len)
{
    (VOID)memcpy(OsHalRamAt("HalPhysWriteBytes", pa, len), src, len);
    OsHalHostRecord(HAL_LOG_PHYS_WRITE_BYTES, pa, 0, (UINT32)len);
}

VOID HalPhysReadBytes(PADDR_T pa, VOID *dst, size_t len)
{
    (VOID)memcpy(dst, OsHalRamAt("HalPhysReadBytes", pa, len), len);
    OsHalHostRecord(HAL_LOG_PHYS_READ_BYTES, pa, 0, (UINT32)len);
}

VOID *HalPhysToHost(PADDR_T pa)
{
    OsHalRamEnsure();
    OsHalHostRecord(HAL_LOG_PHYS_TO_HOST, pa, 0, 0);
    return vmc_ram_block_to_host(&g_halRam, pa);
}

PADDR_T HalHostToPhys(const VOID *p, BOOL *ok)
{
    OsHalRamEnsure();
    bool inside = false;
    PADDR_T pa = vmc_ram_block_to_phys(&g_halRam, p, &inside);
    if (ok != NULL) {
        *ok = inside;
    }
    OsHalHostRecord(HAL_LOG_HOST_TO_PHYS, pa, inside ? 1U : 0U, 0);
    return pa;
}
