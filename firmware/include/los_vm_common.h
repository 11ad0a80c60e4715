/*
 * Page geometry and the alignment helpers LiteOS-A code uses (LOS_Align, ROUNDUP, ...).
 */
#ifndef LOS_VM_COMMON_H
#define LOS_VM_COMMON_H

#include "los_typedef.h"

#define PAGE_SHIFT          12U
#define PAGE_SIZE           (1U << PAGE_SHIFT)
#define PAGE_MASK           (~(PAGE_SIZE - 1U))

#define ROUNDUP(a, b)       (((a) + ((b) - 1U)) & ~((b) - 1U))
#define ROUNDDOWN(a, b)     ((a) & ~((b) - 1U))
#define ROUNDOFFSET(a, b)   ((a) & ((b) - 1U))
#define IS_ALIGNED(a, b)    (!(((UINTPTR)(a)) & (((UINTPTR)(b)) - 1U)))
#define IS_PAGE_ALIGNED(x)  IS_ALIGNED(x, PAGE_SIZE)

#ifndef MIN
#define MIN(a, b)           (((a) < (b)) ? (a) : (b))
#endif
#ifndef MAX
#define MAX(a, b)           (((a) > (b)) ? (a) : (b))
#endif

/* Round addr up to a multiple of boundary (a power of two), as LiteOS-A's LOS_Align does. */
static inline UINTPTR LOS_Align(UINTPTR addr, UINT32 boundary)
{
    return (addr + boundary - 1U) & ~((UINTPTR)boundary - 1U);
}

#endif /* LOS_VM_COMMON_H */
