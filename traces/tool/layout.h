/* The machine a trace is checked for: which addresses a process may map and which kernel
 * addresses the co-simulator's firmware maps at boot, for a layout profile and a RAM size
 * (docs/trace-format.md, "Validity"; the same profiles as `vmcosim --layout`, docs/firmware.md).
 * Written from the documented layouts, not from the firmware's headers, so that the test
 * traces.check.agrees_with_cosim compares two separate readings of them. */
#ifndef VMCTRACE_TOOL_LAYOUT_H
#define VMCTRACE_TOOL_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

/* A kernel window mapped at boot: [lo, lo + size), with what it allows. */
typedef struct kernel_window {
  uint32_t lo, size;
  int executable; /* the uncached alias is execute-never */
  const char *what;
} kernel_window;

typedef struct tool_layout {
  const char *name;     /* "liteos" or "linux" */
  uint32_t ram_size;
  uint32_t user_lo;     /* a process maps pages in [user_lo, user_hi) */
  uint32_t user_hi;
  uint32_t kernel_lo;   /* kernel space starts here; user accesses above it are refused */
  kernel_window win[2]; /* the direct map, then (liteos) its uncached alias; size 0 = none */
} tool_layout;

#define TOOL_LAYOUT_DEFAULT_RAM (64u << 20)

/* Fills *out for a layout name and a RAM size in bytes (a non-zero multiple of 1 MiB below
 * 4 GiB, as vmcosim --ram-size takes it). 0, or -1 with the reason in err. */
int tool_layout_make(const char *name, uint64_t ram_size, tool_layout *out, char *err, size_t errlen);

/* The kernel window holding the bytes [va, va + len), or NULL. */
const kernel_window *tool_layout_kernel_window(const tool_layout *l, uint32_t va, uint32_t len);

/* Whether [va, va + len) lies in the user range (len 0 is never inside). */
int tool_layout_user_range(const tool_layout *l, uint32_t va, uint64_t len);

/* "liteos, 64 MiB RAM: direct map 0x40000000-0x43ffffff, uncached alias 0x60000000-0x63ffffff" */
void tool_layout_describe(const tool_layout *l, char *buf, size_t len);

#endif
