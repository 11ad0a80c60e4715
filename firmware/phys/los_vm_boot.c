/*
 * OsSysMemInit: the memory manager's start-up over the RAM the HAL backend reports.
 */
#include "los_vm_boot.h"
#include "los_vm_phys.h"
#include "hal.h"

UINT32 OsSysMemInit(VOID)
{
    const HalMemConfig *ram = HalMemConfigGet();
    if (ram == NULL || ram->ramSize < PAGE_SIZE) {
        return LOS_NOK;
    }
    LosVmPhysArea area = { ram->ramBase, ram->ramSize };
    return OsVmPhysInitAreas(&area, 1);
}
