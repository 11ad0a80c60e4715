/* One process's view of the 32-bit address space, page by page: mapped, permissions and
 * whether the trace touched the page. Two levels (1 MiB chunks of 256 pages) allocated on
 * first use, so memory follows the footprint, not the trace length. */
#ifndef VMCTRACE_TOOL_SPACE_H
#define VMCTRACE_TOOL_SPACE_H

#include <stdint.h>

/* PAGE_DEVICE: mapped as device memory, which is never executable whatever its prot says. */
enum { PAGE_PROT = 7, PAGE_MAPPED = 8, PAGE_TOUCHED = 16, PAGE_DEVICE = 32 };

typedef struct space {
  uint8_t *chunk[4096];
} space;

space *space_new(void);
space *space_clone(const space *sp);
void space_free(space *sp);

/* Maps pages [first, first+n) with prot (and PAGE_DEVICE); returns how many were already mapped. */
uint32_t space_map(space *sp, uint32_t first, uint32_t n, uint8_t prot);
void space_unmap(space *sp, uint32_t first, uint32_t n);
/* Sets prot on mapped pages; returns how many pages of the range were not mapped. */
uint32_t space_protect(space *sp, uint32_t first, uint32_t n, uint8_t prot);

/* The page's flags (0 when never mapped nor touched). */
static inline uint8_t space_page(const space *sp, uint32_t vpn) {
  const uint8_t *c = sp->chunk[vpn >> 8];
  return c ? c[vpn & 255] : 0;
}

/* Marks a page touched; 1 when it was not touched before, -1 when out of memory. */
int space_touch(space *sp, uint32_t vpn);

#endif
