/* Page-granular address-space bookkeeping for summary and check. */
#include "space.h"

#include <stdlib.h>
#include <string.h>

space *space_new(void) { return calloc(1, sizeof(space)); }

void space_free(space *sp) {
  if (!sp)
    return;
  for (int i = 0; i < 4096; i++)
    free(sp->chunk[i]);
  free(sp);
}

space *space_clone(const space *sp) {
  space *c = space_new();
  if (!c)
    return NULL;
  for (int i = 0; i < 4096; i++) {
    if (!sp->chunk[i])
      continue;
    c->chunk[i] = malloc(256);
    if (!c->chunk[i]) {
      space_free(c);
      return NULL;
    }
    /* The child starts with the parent's mappings but has touched nothing yet. */
    for (int j = 0; j < 256; j++)
      c->chunk[i][j] = sp->chunk[i][j] & (PAGE_MAPPED | PAGE_PROT | PAGE_DEVICE);
  }
  return c;
}

static uint8_t *page_ptr(space *sp, uint32_t vpn) {
  uint8_t **c = &sp->chunk[(vpn >> 8) & 4095];
  if (!*c)
    *c = calloc(1, 256);
  return *c ? *c + (vpn & 255) : NULL;
}

uint32_t space_map(space *sp, uint32_t first, uint32_t n, uint8_t prot) {
  uint32_t overlap = 0;
  for (uint32_t i = 0; i < n; i++) {
    uint8_t *p = page_ptr(sp, first + i);
    if (!p)
      continue;
    if (*p & PAGE_MAPPED)
      overlap++;
    *p = (uint8_t)((*p & PAGE_TOUCHED) | PAGE_MAPPED | (prot & (PAGE_PROT | PAGE_DEVICE)));
  }
  return overlap;
}

void space_unmap(space *sp, uint32_t first, uint32_t n) {
  for (uint32_t i = 0; i < n; i++) {
    uint8_t *c = sp->chunk[((first + i) >> 8) & 4095];
    if (c)
      c[(first + i) & 255] &= PAGE_TOUCHED;
  }
}

uint32_t space_protect(space *sp, uint32_t first, uint32_t n, uint8_t prot) {
  uint32_t holes = 0;
  for (uint32_t i = 0; i < n; i++) {
    uint8_t *c = sp->chunk[((first + i) >> 8) & 4095];
    uint8_t *p = c ? c + ((first + i) & 255) : NULL;
    if (!p || !(*p & PAGE_MAPPED)) {
      holes++;
      continue;
    }
    *p = (uint8_t)((*p & ~PAGE_PROT) | (prot & PAGE_PROT));
  }
  return holes;
}

int space_touch(space *sp, uint32_t vpn) {
  uint8_t *p = page_ptr(sp, vpn);
  if (!p)
    return -1;
  if (*p & PAGE_TOUCHED)
    return 0;
  *p |= PAGE_TOUCHED;
  return 1;
}
