/*
 * The RAM of the simulated machine as one host block, shared by both HAL backends: the host
 * backend (firmware/hal/host) keeps one block for its unit tests, the co-simulation backend
 * (sim/) one that the MMU's walker reads too. The block is reserved with
 * mmap(MAP_NORESERVE): pages are zero-filled on first touch, so a large RAM costs only what is
 * touched. Accesses are bounds-checked; a firmware access outside RAM aborts with a message
 * naming the backend, the call and the address. Not installed.
 */
#ifndef HAL_RAM_H
#define HAL_RAM_H

#include "los_typedef.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    UINT8  *mem;     /* host address of ramBase; NULL while unmapped */
    PADDR_T base;    /* physical address of the first byte (4 KiB aligned) */
    UINT32  size;    /* bytes (multiple of 4 KiB) */
} HalRamBlock;

/* Replaces the block's RAM with a fresh zero-filled one of size bytes at base (both 4 KiB
 * aligned, size > 0, inside the 32-bit space). LOS_OK, or LOS_NOK with the block unchanged. */
UINT32 HalRamBlockMap(HalRamBlock *block, PADDR_T base, UINT32 size);
VOID   HalRamBlockUnmap(HalRamBlock *block);

static inline BOOL HalRamBlockContains(const HalRamBlock *block, PADDR_T pa, size_t len)
{
    UINT64 off = (UINT64)pa - block->base;
    return (BOOL)(block->mem != NULL && pa >= block->base && off <= block->size &&
                  len <= block->size - off);
}

/* The host address of [pa, pa + len); aborts with "OWNER: WHAT outside RAM: pa ..., N bytes
 * (RAM is ...)" when it is not all inside. */
UINT8 *HalRamBlockAt(const HalRamBlock *block, const CHAR *owner, const CHAR *what, PADDR_T pa,
                     size_t len);
/* Aborts with "OWNER: WHAT at unaligned pa ..." unless pa is a multiple of 4. */
VOID   HalRamBlockWordCheck(const CHAR *owner, const CHAR *what, PADDR_T pa);
/* NULL outside RAM. */
VOID  *HalRamBlockToHost(const HalRamBlock *block, PADDR_T pa);
/* 0 and *ok = FALSE when p is not inside RAM (ok may be NULL). */
PADDR_T HalRamBlockToPhys(const HalRamBlock *block, const VOID *p, BOOL *ok);

#ifdef __cplusplus
}
#endif

#endif /* HAL_RAM_H */
