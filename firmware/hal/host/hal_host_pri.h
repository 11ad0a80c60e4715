/* Internals of the host HAL backend (not installed). */
#ifndef HAL_HOST_PRI_H
#define HAL_HOST_PRI_H

#include "hal_host.h"

/* Counts the call and, when the log records this kind, appends an entry. */
VOID OsHalHostRecord(HalLogKind kind, UINT32 addr, UINT32 value, UINT32 len);
/* Zeroes the register file (on HalHostInit). */
VOID OsHalHostRegsReset(VOID);

#endif /* HAL_HOST_PRI_H */
