/*
 * fw.hooks.kernel_l1: the page-table layer reports every write of a kernel level-1 entry
 * through the hook the layer above sets (OsArchMmuKernelL1HookSet; vm_space.c's copier is
 * checked end to end by fw.space.linux), and never one of a process table. A recording hook
 * stands in for the address spaces here.
 */
#include "vm_test.h"
#include "vm_private.h"
#include "los_vm_layout.h"

#define KRW (VM_MAP_REGION_FLAG_PERM_READ | VM_MAP_REGION_FLAG_PERM_WRITE)
#define URW (KRW | VM_MAP_REGION_FLAG_PERM_USER)
#define MIB 0x100000U

static UINT32 g_calls;
static UINT32 g_index;
static PTE_T g_desc;

static VOID Record(UINT32 index, PTE_T desc)
{
    g_calls++;
    g_index = index;
    g_desc = desc;
}

int main(void)
{
    VmTestBoot(VM_LAYOUT_LITEOS, 0, 0, 0, FALSE);
    OsArchMmuKernelL1HookSet(Record);
    LosArchMmu *kernel = &LOS_GetKVmSpace()->archMmu;
    const LosVmLayout *l = OsVmLayoutGet();
    VADDR_T va = ROUNDUP(l->vmallocBase, MIB);    /* nothing maps it yet */
    PADDR_T pa = ROUNDUP(l->ramBase, MIB);

    /* A whole MiB, section aligned: one level-1 write, the new section descriptor. */
    REQUIRE(LOS_ArchMmuMap(kernel, va, pa, MIB >> PAGE_SHIFT, KRW) == (STATUS_T)(MIB >> PAGE_SHIFT),
            "map a section");
    PTE_T inTable = HalPhysRead32(kernel->physTtb + ((va >> 20) << 2));
    CHECK(g_calls == 1U && g_index == (va >> 20) && g_desc == inTable && inTable != 0U,
          "section: %u call(s), index %u (want %u), desc 0x%08x (table 0x%08x)", g_calls, g_index,
          va >> 20, g_desc, inTable);
    /* Unmapping writes the entry back to fault. */
    g_calls = 0U;
    REQUIRE(LOS_ArchMmuUnmap(kernel, va, MIB >> PAGE_SHIFT) == (STATUS_T)(MIB >> PAGE_SHIFT), "unmap");
    CHECK(g_calls == 1U && g_index == (va >> 20) && g_desc == 0U,
          "unmap: %u call(s), index %u, desc 0x%08x", g_calls, g_index, g_desc);
    /* One page: the level-1 entry now points to a new level-2 table. */
    g_calls = 0U;
    REQUIRE(LOS_ArchMmuMap(kernel, va, pa, 1U, KRW) == 1, "map a page");
    inTable = HalPhysRead32(kernel->physTtb + ((va >> 20) << 2));
    CHECK(g_calls == 1U && g_index == (va >> 20) && g_desc == inTable && (inTable & 3U) == 1U,
          "page: %u call(s), desc 0x%08x (table 0x%08x)", g_calls, g_desc, inTable);
    REQUIRE(LOS_ArchMmuUnmap(kernel, va, 1U) == 1, "unmap the page");

    /* A process table's entries are its own: no call. */
    LosVmSpace *sp = OsCreateUserVmSpace();
    REQUIRE(sp != NULL, "space");
    g_calls = 0U;
    REQUIRE(LOS_ArchMmuMap(&sp->archMmu, 0x01000000U, pa, MIB >> PAGE_SHIFT, URW) ==
            (STATUS_T)(MIB >> PAGE_SHIFT), "map in a process table");
    CHECK(g_calls == 0U, "process table: %u call(s)", g_calls);
    return FwTestResult("fw.hooks.kernel_l1");
}
