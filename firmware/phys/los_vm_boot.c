/*
 * Start-up of the physical-memory part, above both the buddy allocator and the kernel heap:
 * OsVmPhysInitAreas over given RAM areas, OsSysMemInit over all the RAM the HAL reports.
 */
#include "los_vm_boot.h"
#include "los_vm_phys_pri.h"
#include "hal.h"

UINT32 OsVmPhysInitAreas(const LosVmPhysArea *areas, UINT32 count)
{
    OsVmPhysSegPlan plan;
    if (!OsVmPhysSegsPlan(areas, count, &plan)) {
        return LOS_NOK;
    }
    OsKHeapReset();   /* its arenas are pages of the array about to be replaced */
    OsVmPhysSegsInstall(&plan);
    return LOS_OK;
}

UINT32 OsSysMemInit(VOID)
{
    const HalMemConfig *ram = HalMemConfigGet();
    if (ram == NULL || ram->ramSize < PAGE_SIZE) {
        return LOS_NOK;
    }
    LosVmPhysArea area = { ram->ramBase, ram->ramSize };
    return OsVmPhysInitAreas(&area, 1);
}
