/*
 * RAM block shared by the HAL backends (hal_ram.h).
 */
/* mmap's MAP_ANONYMOUS and MAP_NORESERVE are not in strict C11/POSIX headers. */
#define _DEFAULT_SOURCE 1
#include <stdlib.h>
#include <sys/mman.h>
#include "hal_ram.h"

UINT32 HalRamBlockMap(HalRamBlock *block, PADDR_T base, UINT32 size)
{
    if (size == 0 || (base & 0xFFFU) != 0 || (size & 0xFFFU) != 0 ||
        (UINT64)base + size > 0x100000000ULL) {
        return LOS_NOK;
    }
    VOID *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
        return LOS_NOK;
    }
    HalRamBlockUnmap(block);
    block->mem = (UINT8 *)p;
    block->base = base;
    block->size = size;
    return LOS_OK;
}

VOID HalRamBlockUnmap(HalRamBlock *block)
{
    if (block->mem != NULL) {
        (VOID)munmap(block->mem, block->size);
    }
    block->mem = NULL;
    block->base = 0;
    block->size = 0;
}

UINT8 *HalRamBlockAt(const HalRamBlock *block, const CHAR *owner, const CHAR *what, PADDR_T pa,
                     size_t len)
{
    if (!HalRamBlockContains(block, pa, len)) {
        (VOID)fprintf(stderr,
                      "%s: %s outside RAM: pa 0x%08x, %zu bytes (RAM is 0x%08x..0x%08llx)\n",
                      owner, what, pa, len, block->base,
                      (unsigned long long)block->base + block->size);
        abort();
    }
    return block->mem + (pa - block->base);
}

VOID HalRamBlockWordCheck(const CHAR *owner, const CHAR *what, PADDR_T pa)
{
    if ((pa & 3U) != 0U) {
        (VOID)fprintf(stderr, "%s: %s at unaligned pa 0x%08x\n", owner, what, pa);
        abort();
    }
}

VOID *HalRamBlockToHost(const HalRamBlock *block, PADDR_T pa)
{
    if (block->mem == NULL || pa < block->base || (UINT64)pa - block->base >= block->size) {
        return NULL;
    }
    return block->mem + (pa - block->base);
}

PADDR_T HalRamBlockToPhys(const HalRamBlock *block, const VOID *p, BOOL *ok)
{
    UINTPTR addr = (UINTPTR)p;
    UINTPTR base = (UINTPTR)block->mem;
    BOOL inside = (BOOL)(p != NULL && block->mem != NULL && addr >= base &&
                         addr - base < block->size);
    if (ok != NULL) {
        *ok = inside;
    }
    return inside ? (PADDR_T)(block->base + (UINT32)(addr - base)) : 0;
}
