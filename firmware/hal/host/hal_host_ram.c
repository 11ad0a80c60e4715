/*
 * Host backend, RAM: one mmap'd block standing for the simulated machine's RAM, with every
 * access bounds-checked. MAP_NORESERVE and anonymous mapping: pages are zero-filled on first
 * touch, so a large RAM costs only what the test touches.
 */
/* mmap's MAP_ANONYMOUS and MAP_NORESERVE are not in strict C11/POSIX headers. */
#define _DEFAULT_SOURCE 1
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "hal_host_pri.h"

STATIC UINT8 *g_halRam = NULL;
STATIC HalMemConfig g_halMemConfig = { 0, 0 };

STATIC UINT8 *OsHalRamMap(UINT32 size)
{
    VOID *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    return (p == MAP_FAILED) ? NULL : (UINT8 *)p;
}

UINT32 HalHostInit(PADDR_T ramBase, UINT32 ramSize)
{
    if (ramSize == 0 || (ramBase & 0xFFFU) != 0 || (ramSize & 0xFFFU) != 0 ||
        (UINT64)ramBase + ramSize > 0x100000000ULL) {
        return LOS_NOK;
    }
    UINT8 *ram = OsHalRamMap(ramSize);
    if (ram == NULL) {
        return LOS_NOK;
    }
    if (g_halRam != NULL) {
        (VOID)munmap(g_halRam, g_halMemConfig.ramSize);
    }
    g_halRam = ram;
    g_halMemConfig.ramBase = ramBase;
    g_halMemConfig.ramSize = ramSize;
    OsHalHostRegsReset();
    return LOS_OK;
}

/* The default RAM, set up on first use so programs need no HAL call before OsSysMemInit. */
STATIC VOID OsHalRamEnsure(VOID)
{
    if (g_halRam == NULL &&
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
    UINT64 off = (UINT64)pa - g_halMemConfig.ramBase;
    if (pa < g_halMemConfig.ramBase || off > g_halMemConfig.ramSize ||
        len > g_halMemConfig.ramSize - off) {
        (VOID)fprintf(stderr,
                      "hal_host: %s outside RAM: pa 0x%08x, %zu bytes (RAM is 0x%08x..0x%08llx)\n",
                      what, pa, len, g_halMemConfig.ramBase,
                      (unsigned long long)g_halMemConfig.ramBase + g_halMemConfig.ramSize);
        abort();
    }
    return g_halRam + off;
}

STATIC VOID OsHalWordAlignedCheck(const CHAR *what, PADDR_T pa)
{
    if ((pa & 3U) != 0U) {
        (VOID)fprintf(stderr, "hal_host: %s at unaligned pa 0x%08x\n", what, pa);
        abort();
    }
}

UINT32 HalPhysRead32(PADDR_T pa)
{
    UINT32 value;
    OsHalWordAlignedCheck("HalPhysRead32", pa);
    (VOID)memcpy(&value, OsHalRamAt("HalPhysRead32", pa, 4), 4);
    OsHalHostRecord(HAL_LOG_PHYS_READ32, pa, value, 4);
    return value;
}

VOID HalPhysWrite32(PADDR_T pa, UINT32 value)
{
    OsHalWordAlignedCheck("HalPhysWrite32", pa);
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
    if (pa < g_halMemConfig.ramBase || (UINT64)pa - g_halMemConfig.ramBase >= g_halMemConfig.ramSize) {
        return NULL;
    }
    return g_halRam + (pa - g_halMemConfig.ramBase);
}

PADDR_T HalHostToPhys(const VOID *p, BOOL *ok)
{
    OsHalRamEnsure();
    UINTPTR addr = (UINTPTR)p;
    UINTPTR base = (UINTPTR)g_halRam;
    BOOL inside = (BOOL)(p != NULL && addr >= base && addr - base < g_halMemConfig.ramSize);
    PADDR_T pa = inside ? (PADDR_T)(g_halMemConfig.ramBase + (UINT32)(addr - base)) : 0;
    if (ok != NULL) {
        *ok = inside;
    }
    OsHalHostRecord(HAL_LOG_HOST_TO_PHYS, pa, inside ? 1U : 0U, 0);
    return pa;
}
