/*
 * fw.space.ram_at_zero: RAM that starts at physical address 0 (the simulator's --ram-base 0,
 * which the HAL accepts). Physical address 0 is the firmware's "none" value (a failed table
 * allocation, an unset translation table base, a failed heap allocation), so the frame at PA 0
 * must never be handed out: the memory manager has to boot, map, fault and allocate on such
 * RAM, and no allocation may return PA 0.
 */
#include "vm_test.h"
#include "vm_private.h"
#include "los_vm_phys.h"
#include "los_memory.h"

#define RAM_SIZE (16U << 20)
#define URW (VM_MAP_REGION_FLAG_PERM_READ | VM_MAP_REGION_FLAG_PERM_WRITE | VM_MAP_REGION_FLAG_PERM_USER)

int main(void)
{
    VmTestBoot(VM_LAYOUT_LITEOS, 0U, RAM_SIZE, 0U, FALSE);
    CHECK(LOS_GetKVmSpace()->archMmu.physTtb != 0U, "kernel table at PA 0");
    LosVmSpace *sp = OsCreateUserVmSpace();
    REQUIRE(sp != NULL, "process space");
    UINT32 free0 = VmTestFreePages();

    VADDR_T va = 0;
    LosVmMmapArgs a = { 0U, 0x4000U, VM_MAP_REGION_FLAG_PERM_READ | VM_MAP_REGION_FLAG_PERM_WRITE,
                        VM_MAP_REGION_FLAG_PRIVATE, VM_MAP_REGION_TYPE_ANON, 0U, 0U, 0U };
    OsVmSpaceSwitch(sp);
    CHECK(OsVmMmap(sp, &a, &va) == LOS_OK, "mmap");
    CHECK(OsVmPageFaultHandler(va, VM_MAP_PF_FLAG_USER | VM_MAP_PF_FLAG_WRITE | VM_MAP_PF_FLAG_NOT_PRESENT,
                               NULL) == LOS_OK, "demand-zero fault");
    CHECK(VmTestWrite32(sp, va, 0x1234U), "write through the new mapping");
    CHECK(VmTestCrossCheck(sp, va, 4U) == 0U, "cross-check");
    VOID *p = LOS_KernelMalloc(64U);
    CHECK(p != NULL, "kernel heap");
    LOS_KernelFree(p);

    /* Every frame the allocator hands out, none at PA 0. */
    LOS_DL_LIST_HEAD(pages);
    size_t got = LOS_PhysPagesAlloc(RAM_SIZE >> PAGE_SHIFT, &pages);
    LosVmPage *page = NULL;
    UINT32 atZero = 0U;
    LOS_DL_LIST_FOR_EACH_ENTRY(page, &pages, LosVmPage, node) {
        atZero += (page->physAddr == 0U) ? 1U : 0U;
    }
    CHECK(got > 0U && atZero == 0U, "%u of %zu pages handed out at PA 0", atZero, got);
    (VOID)LOS_PhysPagesFree(&pages);

    CHECK(OsVmMunmap(sp, va, 0x4000U) == LOS_OK, "munmap");
    CHECK(VmTestFreePages() == free0, "pages back: %u vs %u", VmTestFreePages(), free0);
    OsVmSpaceSwitch(NULL);
    CHECK(LOS_VmSpaceFree(sp) == LOS_OK, "free");
    OsVmPhysInvariantsCheck();
    return FwTestResult("fw.space.ram_at_zero");
}
