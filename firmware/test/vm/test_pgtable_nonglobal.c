/*
 * fw.pgtable.process_nonglobal (argv[1]: liteos or linux): every translation in a process
 * table is non-global (nG = 1), privileged-only ones included, whichever call writes it (map
 * of a page, large page or section, change of permissions, split, copy-on-write replacement).
 * TTBR0 changes at a context switch without a TLB flush, and a freed ASID is flushed with
 * TLBIASID, which leaves global entries alone (B3.9.1, B3.10.6): a global entry made from one
 * process's table would go on translating that VA in every other process, and outlive it.
 * Kernel-table mappings without PERM_USER stay global.
 */
#include "vm_test.h"
#include "vm_private.h"
#include <string.h>

#define KRW (VM_MAP_REGION_FLAG_PERM_READ | VM_MAP_REGION_FLAG_PERM_WRITE)
#define URW (KRW | VM_MAP_REGION_FLAG_PERM_USER)

/* Every page of [va, va + count pages) of sp walks to a translation with this nG. */
static VOID CheckNg(const LosVmSpace *sp, VADDR_T va, UINT32 count, UINT32 ng, const char *what)
{
    UINT32 bad = 0U;
    for (UINT32 i = 0; i < count; i++) {
        VmTestWalkResult w;
        VmTestWalkSpace(sp, va + (i << 12), &w);
        bad += (!w.mapped || (w.ng != ng)) ? 1U : 0U;
    }
    CHECK(bad == 0U, "%s: %u of %u pages from %#x are unmapped or have nG != %u", what, bad, count, va, ng);
}

int main(int argc, char **argv)
{
    BOOL isLinux = (argc > 1) && (strcmp(argv[1], "linux") == 0);
    VmTestBoot(isLinux ? VM_LAYOUT_LINUX : VM_LAYOUT_LITEOS, 0, 0, 0, TRUE);
    LosVmSpace *sp = OsCreateUserVmSpace();
    REQUIRE(sp != NULL, "space");
    LosArchMmu *m = &sp->archMmu;
    PADDR_T ram = HalMemConfigGet()->ramBase;
    const VADDR_T va = 0x10000000U;                 /* 1 MiB aligned, in both user spaces */

    CHECK(LOS_ArchMmuMap(m, va, ram + 0x00300000U, 256U, KRW) == 256, "section");
    CHECK(LOS_ArchMmuMap(m, va + 0x00100000U, ram + 0x00410000U, 17U, KRW) == 17, "large + small");
    CheckNg(sp, va, 256U, 1U, "privileged section");
    CheckNg(sp, va + 0x00100000U, 17U, 1U, "privileged large and small pages");

    CHECK(LOS_ArchMmuUnmap(m, va + 0x5000U, 1U) == 1, "split the section");
    CheckNg(sp, va, 5U, 1U, "pages of a split section");
    CHECK(LOS_ArchMmuUnmap(m, va + 0x00101000U, 1U) == 1, "split the large page");
    CheckNg(sp, va + 0x00102000U, 14U, 1U, "pages of a split large page");

    CHECK(LOS_ArchMmuMap(m, va + 0x00200000U, ram + 0x00500000U, 4U, URW) == 4, "user pages");
    CHECK(LOS_ArchMmuChangeProt(m, va + 0x00200000U, 4U, KRW) == LOS_OK, "to privileged-only");
    CheckNg(sp, va + 0x00200000U, 4U, 1U, "pages made privileged-only");
    CHECK(OsArchMmuReplacePage(m, va + 0x00200000U, ram + 0x00600000U, KRW) == LOS_OK, "replace");
    CheckNg(sp, va + 0x00200000U, 1U, 1U, "replaced page");

    LosVmSpace *k = LOS_GetKVmSpace();
    const VADDR_T kva = OsVmLayoutGet()->vmallocEnd - 0x2000U;   /* no vmalloc region there */
    CHECK(LOS_ArchMmuMap(&k->archMmu, kva, ram + 0x00700000U, 2U, KRW) == 2, "kernel pages");
    CheckNg(k, kva, 2U, 0U, "kernel pages");
    CHECK(LOS_ArchMmuUnmap(&k->archMmu, kva, 2U) == 2, "kernel unmap");

    CHECK(LOS_VmSpaceFree(sp) == LOS_OK, "free");
    return FwTestResult(isLinux ? "fw.pgtable.process_nonglobal_linux" : "fw.pgtable.process_nonglobal");
}
