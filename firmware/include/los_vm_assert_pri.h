/*
 * The firmware's one invariant assertion (internal; not installed), used by every layer from
 * the buddy allocator up. Kept in every build profile: a corrupted allocator or page table must
 * never go on silently. A broken invariant prints its place, the message and the condition
 * on stderr and aborts.
 */
#ifndef LOS_VM_ASSERT_PRI_H
#define LOS_VM_ASSERT_PRI_H

#include "los_typedef.h"

/* VM_ASSERT(cond, fmt, ...): fmt and its arguments as for printf, describing the invariant. */
#define VM_ASSERT(cond, ...)                                                        \
    do {                                                                            \
        if (!(cond)) {                                                              \
            OsVmAssertFail(__FILE__, __LINE__, #cond, __VA_ARGS__);                 \
        }                                                                           \
    } while (0)

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
_Noreturn VOID OsVmAssertFail(const CHAR *file, INT32 line, const CHAR *cond, const CHAR *fmt, ...);

#endif /* LOS_VM_ASSERT_PRI_H */
