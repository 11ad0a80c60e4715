/*
 * One sparse host block standing for a simulated machine's RAM (vmcutil/ram_block.h).
 */
/* mmap's MAP_ANONYMOUS and MAP_NORESERVE are not in strict C11/POSIX headers. */
#define _DEFAULT_SOURCE 1
#include "vmcutil/ram_block.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>

int vmc_ram_block_map(vmc_ram_block *block, uint32_t base, uint32_t size)
{
    if (size == 0 || (base & 0xFFFu) != 0 || (size & 0xFFFu) != 0 ||
        (uint64_t)base + size > 0x100000000ull) {
        return -1;
    }
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) {
        return -1;
    }
    vmc_ram_block_unmap(block);
    block->mem = (uint8_t *)p;
    block->base = base;
    block->size = size;
    return 0;
}

void vmc_ram_block_unmap(vmc_ram_block *block)
{
    if (block->mem != NULL) {
        (void)munmap(block->mem, block->size);
    }
    block->mem = NULL;
    block->base = 0;
    block->size = 0;
}

uint8_t *vmc_ram_block_at(const vmc_ram_block *block, const char *owner, const char *what,
                          uint32_t pa, size_t len)
{
    if (!vmc_ram_block_contains(block, pa, len)) {
        (void)fprintf(stderr,
                      "%s: %s outside RAM: pa 0x%08x, %zu bytes (RAM is 0x%08x..0x%08llx)\n",
                      owner, what, pa, len, block->base,
                      (unsigned long long)block->base + block->size);
        abort();
    }
    return block->mem + (pa - block->base);
}

void vmc_ram_block_word_check(const char *owner, const char *what, uint32_t pa)
{
    if ((pa & 3u) != 0u) {
        (void)fprintf(stderr, "%s: %s at unaligned pa 0x%08x\n", owner, what, pa);
        abort();
    }
}

void *vmc_ram_block_to_host(const vmc_ram_block *block, uint32_t pa)
{
    if (block->mem == NULL || pa < block->base || (uint64_t)pa - block->base >= block->size) {
        return NULL;
    }
    return block->mem + (pa - block->base);
}

uint32_t vmc_ram_block_to_phys(const vmc_ram_block *block, const void *p, bool *ok)
{
    uintptr_t addr = (uintptr_t)p;
    uintptr_t base = (uintptr_t)block->mem;
    bool inside = p != NULL && block->mem != NULL && addr >= base && addr - base < block->size;
    if (ok != NULL) {
        *ok = inside;
    }
    return inside ? block->base + (uint32_t)(addr - base) : 0;
}
