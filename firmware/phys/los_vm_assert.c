/*
 * The failure path of VM_ASSERT (los_vm_assert_pri.h), in the lowest firmware layer so that
 * every layer can use it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include "los_vm_assert_pri.h"

_Noreturn VOID OsVmAssertFail(const CHAR *file, INT32 line, const CHAR *cond, const CHAR *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    (VOID)fprintf(stderr, "%s:%d: VM invariant broken: ", file, (int)line);
    (VOID)vfprintf(stderr, fmt, ap);
    (VOID)fprintf(stderr, " (%s)\n", cond);
    va_end(ap);
    abort();
}
