/*
 * LiteOS-A's atomic counter API over a plain INT32. The simulator runs the firmware on one
 * host thread (the fault handler is called synchronously by the harness), so these are plain
 * read-modify-write operations; the names keep LiteOS-style code (LOS_AtomicInc on a page's
 * refCounts) compiling unchanged.
 */
#ifndef LOS_ATOMIC_H
#define LOS_ATOMIC_H

#include "los_typedef.h"

typedef volatile INT32 Atomic;

static inline INT32 LOS_AtomicRead(const Atomic *v)
{
    return *v;
}

static inline VOID LOS_AtomicSet(Atomic *v, INT32 value)
{
    *v = value;
}

static inline VOID LOS_AtomicAdd(Atomic *v, INT32 addVal)
{
    *v = *v + addVal;
}

static inline VOID LOS_AtomicSub(Atomic *v, INT32 subVal)
{
    *v = *v - subVal;
}

static inline VOID LOS_AtomicInc(Atomic *v)
{
    *v = *v + 1;
}

static inline VOID LOS_AtomicDec(Atomic *v)
{
    *v = *v - 1;
}

static inline INT32 LOS_AtomicIncRet(Atomic *v)
{
    *v = *v + 1;
    return *v;
}

static inline INT32 LOS_AtomicDecRet(Atomic *v)
{
    *v = *v - 1;
    return *v;
}

#endif /* LOS_ATOMIC_H */
