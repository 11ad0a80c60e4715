/*
 * The RAM of a simulated machine as one host block, shared by the firmware's host HAL backend
 * (firmware/hal/host, for its unit tests) and the co-simulation (sim/src/phys_ram.h, whose
 * block the MMU's walker reads too). Plain C with fixed-width types, so that neither user
 * needs the other's headers. The block is reserved with mmap(MAP_NORESERVE): pages are
 * zero-filled on first touch, so a large RAM costs only what is touched. Accesses are
 * bounds-checked; vmc_ram_block_at aborts with a message naming the caller, the access and the
 * address. Not installed as a header (the installed host backend links the library).
 */
#ifndef VMCUTIL_RAM_BLOCK_H
#define VMCUTIL_RAM_BLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
    uint8_t *mem;   /* host address of base; NULL while unmapped */
    uint32_t base;  /* physical address of the first byte (4 KiB aligned) */
    uint32_t size;  /* bytes (multiple of 4 KiB) */
} vmc_ram_block;

/* Replaces the block's RAM with a fresh zero-filled one of size bytes at base (both 4 KiB
 * aligned, size > 0, inside the 32-bit space). 0, or -1 with the block unchanged. */
int  vmc_ram_block_map(vmc_ram_block *block, uint32_t base, uint32_t size);
void vmc_ram_block_unmap(vmc_ram_block *block);

static inline bool vmc_ram_block_contains(const vmc_ram_block *block, uint32_t pa, size_t len)
{
    uint64_t off = (uint64_t)pa - block->base;
    return block->mem != NULL && pa >= block->base && off <= block->size &&
           len <= block->size - off;
}

/* The host address of [pa, pa + len); aborts with "OWNER: WHAT outside RAM: pa ..., N bytes
 * (RAM is ...)" when it is not all inside. */
uint8_t *vmc_ram_block_at(const vmc_ram_block *block, const char *owner, const char *what,
                          uint32_t pa, size_t len);
/* Aborts with "OWNER: WHAT at unaligned pa ..." unless pa is a multiple of 4. */
void     vmc_ram_block_word_check(const char *owner, const char *what, uint32_t pa);
/* NULL outside RAM. */
void    *vmc_ram_block_to_host(const vmc_ram_block *block, uint32_t pa);
/* 0 and *ok = false when p is not inside RAM (ok may be NULL). */
uint32_t vmc_ram_block_to_phys(const vmc_ram_block *block, const void *p, bool *ok);

#ifdef __cplusplus
}
#endif

#endif /* VMCUTIL_RAM_BLOCK_H */
