/*
 * Memory-manager start-up. OsSysMemInit() builds the physical memory manager (page array,
 * segments, buddy free lists) and the kernel heap from the RAM the HAL backend provides. On
 * the host backend a program needs nothing else: the RAM defaults to 64 MiB at 0x80000000
 * (HalHostInit in hal_host.h chooses another).
 *
 * It may be called again to start over: every page becomes free and the kernel heap empty;
 * pointers and page structs handed out before become invalid.
 */
#ifndef LOS_VM_BOOT_H
#define LOS_VM_BOOT_H

#include "los_typedef.h"

/* Returns LOS_OK, or LOS_NOK when the HAL reports no usable RAM. */
UINT32 OsSysMemInit(VOID);

#endif /* LOS_VM_BOOT_H */
