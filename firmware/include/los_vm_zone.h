/*
 * Virtual address layout of the simulated machine, in two profiles chosen at OsVmInit():
 *
 * LiteOS-A profile (the default; TTBCR.N = 2, user space under TTBR0, kernel under TTBR1)
 *
 *   0x00000000 +--------------------------+
 *              | unmapped (NULL guard)    |
 *   0x01000000 +--------------------------+ USER_ASPACE_BASE
 *              | code, data, heap         |
 *   0x20000000 | mmap area (shared libs,  | USER_MAP_BASE
 *              |   mmap), grows up        |
 *   0x3E000000 | stack (16 MiB)           | USER_STACK_BASE
 *   0x3F000000 +--------------------------+ USER_ASPACE_TOP_MAX
 *   0x40000000 +--------------------------+ KERNEL_ASPACE_BASE = KERNEL_VMM_BASE
 *              | normal zone: cached      |
 *              |   direct map of RAM      |
 *   0x60000000 | DMA zone: uncached alias | UNCACHED_VMM_BASE
 *              |   of the same RAM        |
 *   0x80000000 | (guard)                  |
 *   0x81000000 | high mem zone: vmalloc   | VMALLOC_START
 *   0xA1000000 | (guard)                  |
 *   0xA2000000 | kmap window (1024 pages) | KMAP_BASE
 *   0xA2400000 | free for device mappings |
 *   0xFFFFFFFF +--------------------------+
 *
 * Linux profile (TTBCR.N = 0; every process has a 16 KiB level-1 table whose kernel quarter
 * holds the kernel's entries)
 *
 *   0x00010000  user space (mmap_min_addr keeps the first 64 KiB unmapped)
 *   0x40000000  mmap area base (TASK_UNMAPPED_BASE)
 *   0xBF000000  TASK_SIZE: end of user space (the 16 MiB below PAGE_OFFSET is left unused)
 *   0xC0000000  PAGE_OFFSET: kernel logical (direct-mapped) area, __pa(x) = x - PAGE_OFFSET +
 *               ramBase, covering RAM up to the lowmem limit (896 MiB by default)
 *   high_memory + 8 MiB  vmalloc area, up to 0xFF000000
 *   0xFF000000  kmap window (1024 pages, LAST_PKMAP) for high memory
 *   0xFFC00000  FIXADDR_START: KM_TYPE_NR x NR_CPUS kmap_atomic slots (16 x 4 pages)
 *
 * The constants below describe both profiles; code asks the active layout (los_vm_layout.h)
 * instead of using them directly, except where LiteOS-A code expects the macro names.
 */
#ifndef LOS_VM_ZONE_H
#define LOS_VM_ZONE_H

#include "los_typedef.h"

/* ---- LiteOS-A profile -------------------------------------------------------------------- */
#define USER_ASPACE_BASE        0x01000000U
#define USER_ASPACE_TOP_MAX     0x3F000000U
#define USER_ASPACE_SIZE        (USER_ASPACE_TOP_MAX - USER_ASPACE_BASE)
#define USER_MAP_BASE           0x20000000U
#define USER_STACK_SIZE         0x01000000U
#define USER_STACK_BASE         (USER_ASPACE_TOP_MAX - USER_STACK_SIZE)
#define USER_MAP_SIZE           (USER_STACK_BASE - USER_MAP_BASE)

#define KERNEL_VMM_BASE         0x40000000U   /* cached direct map of RAM (normal zone) */
#define KERNEL_VMM_SIZE         0x20000000U   /* at most 512 MiB of RAM is direct-mapped */

/* The kernel space (LOS_GetKVmSpace) is the direct-map window, as in LiteOS-A; the kernel
 * half of the address space (LOS_IsKernelAddress) starts at the same address. */
#define KERNEL_ASPACE_BASE      KERNEL_VMM_BASE
#define KERNEL_ASPACE_SIZE      KERNEL_VMM_SIZE
#define UNCACHED_VMM_BASE       0x60000000U   /* uncached alias of RAM (DMA zone) */
#define UNCACHED_VMM_SIZE       KERNEL_VMM_SIZE

#define VMALLOC_START           0x81000000U   /* 16 MiB guard after the DMA zone */
#define VMALLOC_SIZE            0x20000000U
#define KMAP_BASE               0xA2000000U
#define KMAP_PAGES              1024U

/* ---- Linux profile ----------------------------------------------------------------------- */
#define LINUX_USER_BASE         0x00010000U
#define LINUX_TASK_SIZE         0xBF000000U
#define LINUX_MMAP_BASE         0x40000000U
#define LINUX_STACK_SIZE        0x01000000U
#define LINUX_PAGE_OFFSET       0xC0000000U
#define LINUX_LOWMEM_DEFAULT    0x38000000U   /* 896 MiB */
#define LINUX_LOWMEM_MAX        0x3E000000U   /* leaves room for vmalloc and kmap */
#define LINUX_VMALLOC_OFFSET    0x00800000U   /* 8 MiB hole after high_memory */
#define LINUX_VMALLOC_END       0xFF000000U
#define LINUX_PKMAP_BASE        0xFF000000U
#define LINUX_PKMAP_PAGES       1024U         /* LAST_PKMAP */
#define LINUX_FIXADDR_START     0xFFC00000U   /* fixmap: kmap_atomic slots            */
#define LINUX_KM_TYPE_NR        16U           /* atomic kmaps one CPU may nest         */
#define LINUX_NR_CPUS           4U            /* CPUs with their own atomic slots      */

#endif /* LOS_VM_ZONE_H */
