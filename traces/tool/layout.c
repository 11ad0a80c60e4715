/* The two layout profiles as numbers (docs/trace-format.md, "Validity"). */
#include "layout.h"

#include <stdio.h>
#include <string.h>

#define MIB 0x00100000u

static uint32_t min_u32(uint64_t a, uint32_t b) {
  return a < b ? (uint32_t)a : b;
}

int tool_layout_make(const char *name, uint64_t ram_size, tool_layout *out, char *err, size_t errlen) {
  if (ram_size == 0 || ram_size % MIB || ram_size > 0xFFF00000u) {
    snprintf(err, errlen, "--ram-size %llu: must be a non-zero multiple of 1 MiB below 4 GiB",
             (unsigned long long)ram_size);
    return -1;
  }
  if (strcmp(name, "liteos") == 0) {
    /* TTBCR.N = 2: user space 16 MiB-1008 MiB; RAM direct-mapped (at most 512 MiB) at 1 GiB,
     * its uncached alias (execute-never) at 1.5 GiB; vmalloc and kmap are mapped only when the kernel uses them. */
    const uint32_t direct = min_u32(ram_size, 512u * MIB);
    *out = (tool_layout){"liteos", (uint32_t)ram_size, 0x01000000u, 0x3F000000u, 0x40000000u,
                         {{0x40000000u, direct, 1, "direct map"}, {0x60000000u, direct, 0, "uncached alias"}}};
    return 0;
  }
  if (strcmp(name, "linux") == 0) {
    /* TTBCR.N = 0, the 3 GiB/1 GiB split: user space 64 KiB-3056 MiB; lowmem (at most 896 MiB)
     * direct-mapped at PAGE_OFFSET 3 GiB. */
    const uint32_t direct = min_u32(ram_size, 896u * MIB);
    *out = (tool_layout){"linux", (uint32_t)ram_size, 0x00010000u, 0xBF000000u, 0xC0000000u,
                         {{0xC0000000u, direct, 1, "direct map"}, {0, 0, 0, NULL}}};
    return 0;
  }
  snprintf(err, errlen, "--layout '%s': not liteos or linux", name);
  return -1;
}

const kernel_window *tool_layout_kernel_window(const tool_layout *l, uint32_t va, uint32_t len) {
  for (int i = 0; i < 2; i++) {
    const kernel_window *w = &l->win[i];
    if (w->size && va >= w->lo && (uint64_t)va + len <= (uint64_t)w->lo + w->size)
      return w;
  }
  return NULL;
}

int tool_layout_user_range(const tool_layout *l, uint32_t va, uint64_t len) {
  return len && va >= l->user_lo && (uint64_t)va + len <= l->user_hi;
}

void tool_layout_describe(const tool_layout *l, char *buf, size_t len) {
  int n = snprintf(buf, len, "%s, %u MiB RAM", l->name, l->ram_size / MIB);
  for (int i = 0; i < 2 && n > 0 && (size_t)n < len; i++) {
    const kernel_window *w = &l->win[i];
    if (w->size)
      n += snprintf(buf + n, len - (size_t)n, "%s %s 0x%08x-0x%08x%s", i ? "," : ":", w->what, w->lo,
                    w->lo + w->size - 1u, w->executable ? "" : " (no fetch)");
  }
}
