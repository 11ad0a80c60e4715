/*
 * fw.fault.random_processes: the random process workload of vm_workload.h, with every access
 * made the way a CPU would: walk the tables, and on a miss or a write to a read-only entry call
 * the fault handler, then access the page it maps.
 */
#include "vm_workload.h"
#include "los_vm_fault.h"

static STATUS_T Access(LosVmSpace *sp, VADDR_T va, BOOL write, UINT32 value, UINT32 *readOut)
{
    VmTestWalkResult w;
    VmTestWalkSpace(sp, va, &w);
    BOOL writable = w.mapped && (w.ap == 3U);
    if (!w.mapped || (write && !writable)) {
        UINT32 flags = VM_MAP_PF_FLAG_USER | (write ? VM_MAP_PF_FLAG_WRITE : 0U) |
                       (w.mapped ? 0U : VM_MAP_PF_FLAG_NOT_PRESENT);
        STATUS_T ret = OsVmPageFaultHandler(va, flags, NULL);
        if (ret != LOS_OK) {
            return ret;
        }
        VmTestWalkSpace(sp, va, &w);
        REQUIRE(w.mapped && (!write || w.ap == 3U), "fault handled but access still faults at %#x", va);
    }
    if (write) {
        REQUIRE(VmTestWrite32(sp, va, value), "write");
    } else {
        REQUIRE(VmTestRead32(sp, va, readOut), "read");
    }
    return LOS_OK;
}

int main(void)
{
    const VmTestWorkload w = { 4000U, FALSE, Access, NULL };
    VmTestBoot(VM_LAYOUT_LITEOS, 0, 0, 0, FALSE);
    VmTestWorkloadRun(&w);
    VmTestWorkloadFinish(&w);
    return FwTestResult("fw.fault.random_processes");
}
