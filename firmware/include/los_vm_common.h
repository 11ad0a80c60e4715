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

/* ---- Overflow-safe range arithmetic ---------------------------------------------------------
 * The one place where every public entry point checks lengths, page counts and address ranges
 * (arguments are widened to 64 bits first, so size_t values of any width are judged whole and
 * nothing wraps). */
#define VM_ADDR_SPACE_END   0x100000000ULL                 /* end of the 32-bit address space */
#define VM_ADDR_SPACE_PAGES (VM_ADDR_SPACE_END >> PAGE_SHIFT)

/* [base, base + len) is not empty and lies inside [lo, hi) (hi <= 2^32). */
static inline BOOL OsVmRangeInside(UINT64 base, UINT64 len, UINT64 lo, UINT64 hi)
{
    return (len != 0U) && (base >= lo) && (base < hi) && (len <= hi - base);
}

/* The byte length of count pages in *bytes; FALSE when count is 0 or more pages than the
 * 32-bit address space holds. */
static inline BOOL OsVmPagesToBytes(UINT64 count, UINT64 *bytes)
{
    if ((count == 0U) || (count > VM_ADDR_SPACE_PAGES)) {
        return FALSE;
    }
    *bytes = count << PAGE_SHIFT;
    return TRUE;
}

/* len rounded up to whole pages in *rounded; FALSE when len is 0 or the result would not fit
 * in the 32-bit address space. */
static inline BOOL OsVmLenToPages(UINT64 len, UINT64 *rounded)
{
    if ((len == 0U) || (len > VM_ADDR_SPACE_END)) {
        return FALSE;
    }
    *rounded = (len + PAGE_SIZE - 1U) & ~(UINT64)(PAGE_SIZE - 1U);
    return TRUE;
}

#endif /* LOS_VM_COMMON_H */
