/*
 * fw.smp.* (argv[1] names the case): TLB maintenance on several cores (docs/firmware.md
 * "Several cores"). A space records the cores it ran on (cpuMask); a change to a space that may
 * be cached on another core uses the broadcast commands and waits for them (BCAST_SYNC), one
 * that only the current core can hold uses the local ones, and one core issues exactly the
 * one-core sequence (DSB, TLBIMVA, DSB, ISB). The expected sequences are written out here by
 * hand from the rules in mmu_tlb.c's header comment (B3.10.1 with B4.2.2's IS forms).
 *   remote     a space that ran on cores 0 and 2: unmap, protect and replace broadcast
 *   local      a space that ran only on the current core: local commands, no BCAST_SYNC
 *   kernel     kernel mappings (every core started its MMU): TLBIMVAAIS
 *   asid       freeing a space that ran on two cores flushes its ASID everywhere before reuse;
 *              the reusing space starts with an empty mask
 *   single     one core: no broadcast register is ever touched, the same sequence as before
 *   busy       a space current on another core cannot be freed
 *   secondary  OsVmSecondaryCpuInit programs only its own core's registers
 */
#include "vm_test.h"
#include "vm_private.h"
#include "mmu_private.h"

#define URW (VM_MAP_REGION_FLAG_PERM_READ | VM_MAP_REGION_FLAG_PERM_WRITE | VM_MAP_REGION_FLAG_PERM_USER)
#define URO (VM_MAP_REGION_FLAG_PERM_READ | VM_MAP_REGION_FLAG_PERM_USER)
#define SEQ_MASK (HAL_LOG_MASK(HAL_LOG_REG_WRITE) | HAL_LOG_MASK(HAL_LOG_REG_READ) | \
                  HAL_LOG_MASK(HAL_LOG_DSB) | HAL_LOG_MASK(HAL_LOG_ISB))
#define UVA 0x10000000U
#define CORES 4U

/* Boots on core 0 of `cores` and starts the other cores' MMUs, as the harness does. */
static VOID Boot(UINT32 cores)
{
    VmTestBoot(VM_LAYOUT_LITEOS, 0, 0, 0, FALSE);
    HalHostCpuSet(0U, cores);
    for (UINT32 c = 1U; c < cores; c++) {
        HalHostCpuSet(c, cores);
        CHECK(OsVmSecondaryCpuInit() == LOS_OK, "start core %u", c);
    }
    HalHostCpuSet(0U, cores);
}

/* A space with four user pages at UVA that has run on the cores of mask (switched in, then
 * out again, on each); the current core afterwards is `now`. */
static LosVmSpace *SpaceRanOn(UINT32 mask, UINT32 now, UINT32 cores)
{
    LosVmSpace *sp = OsCreateUserVmSpace();
    REQUIRE(sp != NULL, "space");
    PADDR_T ram = HalMemConfigGet()->ramBase;
    CHECK(LOS_ArchMmuMap(&sp->archMmu, UVA, ram + 0x00400000U, 4U, URW) == 4, "map");
    for (UINT32 c = 0U; c < cores; c++) {
        if ((mask & (1U << c)) != 0U) {
            HalHostCpuSet(c, cores);
            OsVmSpaceSwitch(sp);
            OsVmSpaceSwitch(NULL);
        }
    }
    HalHostCpuSet(now, cores);
    return sp;
}

/* The log since HalHostLogStartMask(SEQ_MASK) is exactly: DSB, the command (reg, value), and
 * then, broadcast, BCAST_SYNC written and read (0), DSB, ISB; with a tail (the "make" half of
 * break-before-make adds its own DSB, ISB) the log starts with that. */
static VOID ExpectSeq(const char *what, UINT32 reg, UINT32 value, BOOL bcast, BOOL tail)
{
    HalLogPattern seq[8];
    UINT32 n = 0;
    seq[n++] = (HalLogPattern){ HAL_LOG_DSB, HAL_LOG_ANY, HAL_LOG_ANY };
    seq[n++] = (HalLogPattern){ HAL_LOG_REG_WRITE, reg, value };
    if (bcast) {
        seq[n++] = (HalLogPattern){ HAL_LOG_REG_WRITE, MMU_REG_BCAST_SYNC, HAL_LOG_ANY };
        seq[n++] = (HalLogPattern){ HAL_LOG_REG_READ, MMU_REG_BCAST_SYNC, 0U };
    }
    seq[n++] = (HalLogPattern){ HAL_LOG_DSB, HAL_LOG_ANY, HAL_LOG_ANY };
    seq[n++] = (HalLogPattern){ HAL_LOG_ISB, HAL_LOG_ANY, HAL_LOG_ANY };
    if (tail ? (HalHostLogFindSeq(seq, n) != 0) : !HalHostLogMatches(seq, n)) {
        HalHostLogDump(stderr);
        CHECK(0, "%s: sequence", what);
    }
}

static VOID ExpectOne(const char *what, UINT32 reg, UINT32 value, BOOL bcast)
{
    ExpectSeq(what, reg, value, bcast, FALSE);
}

/* Registers 0x050..0x060 (the broadcast commands and BCAST_SYNC) touched since the log start. */
static UINT32 BroadcastAccesses(VOID)
{
    UINT32 n = 0U;
    for (UINT32 r = MMU_REG_TLBIALLIS; r <= MMU_REG_BCAST_SYNC; r += 4U) {
        n += HalHostLogCountOf(HAL_LOG_REG_WRITE, r, HAL_LOG_ANY) +
             HalHostLogCountOf(HAL_LOG_REG_READ, r, HAL_LOG_ANY);
    }
    return n;
}

/* Unmap of UVA and protect of UVA + 4 KiB in m: each with the local command and the plain barrier. */
static VOID ExpectLocalUnmapProtect(LosArchMmu *m)
{
    HalHostLogStartMask(SEQ_MASK);
    CHECK(LOS_ArchMmuUnmap(m, UVA, 1U) == 1, "unmap");
    ExpectOne("unmap", MMU_REG_TLBIMVA, UVA | m->asid, FALSE);
    HalHostLogStartMask(SEQ_MASK);
    CHECK(LOS_ArchMmuChangeProt(m, UVA + 0x1000U, 1U, URO) == LOS_OK, "protect");
    ExpectOne("protect", MMU_REG_TLBIMVA, (UVA + 0x1000U) | m->asid, FALSE);
}

static int TestRemote(VOID)
{
    Boot(CORES);
    LosVmSpace *sp = SpaceRanOn((1U << 0) | (1U << 2), 0U, CORES);
    LosArchMmu *m = &sp->archMmu;
    CHECK(m->cpuMask == 0x5U, "mask %#x after running on cores 0 and 2", m->cpuMask);

    HalHostLogStartMask(SEQ_MASK);
    CHECK(LOS_ArchMmuUnmap(m, UVA + 0x1000U, 1U) == 1, "unmap");
    ExpectOne("unmap", MMU_REG_TLBIMVAIS, (UVA + 0x1000U) | m->asid, TRUE);
    CHECK(HalHostLogCountOf(HAL_LOG_REG_WRITE, MMU_REG_TLBIMVA, HAL_LOG_ANY) == 0U, "no local TLBIMVA");

    HalHostLogStartMask(SEQ_MASK);
    CHECK(LOS_ArchMmuChangeProt(m, UVA, 1U, URO) == LOS_OK, "protect");
    ExpectOne("protect", MMU_REG_TLBIMVAIS, UVA | m->asid, TRUE);

    /* A copy-on-write break replaces the page (OsArchMmuReplacePage). */
    HalHostLogStartMask(SEQ_MASK);
    CHECK(OsArchMmuReplacePage(m, UVA + 0x2000U, HalMemConfigGet()->ramBase + 0x00500000U, URW) == LOS_OK,
          "replace");
    ExpectSeq("copy-on-write replace", MMU_REG_TLBIMVAIS, (UVA + 0x2000U) | m->asid, TRUE, TRUE);

    /* Core 2 is now the current core: core 0 is the other one that may hold entries. */
    HalHostCpuSet(2U, CORES);
    HalHostLogStartMask(SEQ_MASK);
    CHECK(LOS_ArchMmuUnmap(m, UVA + 0x3000U, 1U) == 1, "unmap on core 2");
    ExpectOne("unmap on core 2", MMU_REG_TLBIMVAIS, (UVA + 0x3000U) | m->asid, TRUE);
    HalHostLogStop();
    HalHostCpuSet(0U, CORES);
    CHECK(LOS_VmSpaceFree(sp) == LOS_OK, "free");
    return FwTestResult("fw.smp.remote");
}

static int TestLocal(VOID)
{
    Boot(CORES);
    LosVmSpace *sp = SpaceRanOn(1U << 1, 1U, CORES);
    LosArchMmu *m = &sp->archMmu;
    CHECK(m->cpuMask == 0x2U, "mask %#x after running on core 1 only", m->cpuMask);
    ExpectLocalUnmapProtect(m);
    CHECK(BroadcastAccesses() == 0U, "no broadcast register touched");
    HalHostLogStop();

    /* A space that never ran anywhere (created, mapped, changed before its first switch). */
    LosVmSpace *fresh = SpaceRanOn(0U, 1U, CORES);
    HalHostLogStartMask(SEQ_MASK);
    CHECK(LOS_ArchMmuUnmap(&fresh->archMmu, UVA, 1U) == 1, "unmap of a fresh space");
    ExpectOne("fresh unmap", MMU_REG_TLBIMVA, UVA | fresh->archMmu.asid, FALSE);
    HalHostLogStop();
    CHECK(LOS_VmSpaceFree(fresh) == LOS_OK, "free fresh");
    CHECK(LOS_VmSpaceFree(sp) == LOS_OK, "free");
    return FwTestResult("fw.smp.local");
}

static int TestKernel(VOID)
{
    Boot(CORES);
    LosArchMmu *k = &LOS_GetKVmSpace()->archMmu;
    CHECK(k->cpuMask == 0xFU, "kernel mask %#x after four cores started", k->cpuMask);
    const VADDR_T kva = OsVmLayoutGet()->vmallocEnd - 0x2000U;   /* no vmalloc region there */
    CHECK(LOS_ArchMmuMap(k, kva, HalMemConfigGet()->ramBase + 0x00700000U, 1U,
                         VM_MAP_REGION_FLAG_PERM_READ | VM_MAP_REGION_FLAG_PERM_WRITE) == 1, "map");
    HalHostCpuSet(3U, CORES);
    HalHostLogStartMask(SEQ_MASK);
    CHECK(LOS_ArchMmuUnmap(k, kva, 1U) == 1, "unmap");
    ExpectOne("kernel unmap", MMU_REG_TLBIMVAAIS, kva, TRUE);
    HalHostLogStop();
    return FwTestResult("fw.smp.kernel");
}

static int TestAsid(VOID)
{
    Boot(CORES);
    LosVmSpace *sp = SpaceRanOn((1U << 0) | (1U << 2), 0U, CORES);
    UINT32 asid = sp->archMmu.asid;
    CHECK(LOS_ArchMmuUnmap(&sp->archMmu, UVA, 4U) == 4, "unmap all");
    HalHostLogStartMask(SEQ_MASK);
    CHECK(LOS_VmSpaceFree(sp) == LOS_OK, "free");
    HalHostLogStop();
    ExpectOne("free", MMU_REG_TLBIASIDIS, asid, TRUE);
    CHECK(HalHostLogCountOf(HAL_LOG_REG_WRITE, MMU_REG_TLBIASID, HAL_LOG_ANY) == 0U, "no local TLBIASID");

    /* The ASID is reused, by a space that has run nowhere yet: its mask starts empty. */
    LosVmSpace *again = OsCreateUserVmSpace();
    REQUIRE(again != NULL, "space again");
    CHECK(again->archMmu.asid == asid, "ASID %u reused (got %u)", asid, again->archMmu.asid);
    CHECK(again->archMmu.cpuMask == 0U, "mask %#x of the reusing space", again->archMmu.cpuMask);

    /* Freed on the only core it ran on: the local TLBIASID. */
    HalHostCpuSet(1U, CORES);
    OsVmSpaceSwitch(again);
    OsVmSpaceSwitch(NULL);
    HalHostLogStartMask(SEQ_MASK);
    CHECK(LOS_VmSpaceFree(again) == LOS_OK, "free again");
    HalHostLogStop();
    ExpectOne("free of a one-core space", MMU_REG_TLBIASID, asid, FALSE);
    return FwTestResult("fw.smp.asid");
}

/* One core: the unmap and protect of test_pgtable_ops's expectations, no broadcast register. */
static int TestSingle(VOID)
{
    VmTestBoot(VM_LAYOUT_LITEOS, 0, 0, 0, FALSE);
    CHECK(HalCpuCount() == 1U && HalCpuId() == 0U, "one core by default");
    CHECK(HalHostRegPeek(MMU_REG_MPIDR) == 0U, "MPIDR of a single core");
    HalHostLogStartMask(SEQ_MASK);
    LosVmSpace *sp = SpaceRanOn(1U, 0U, 1U);
    ExpectLocalUnmapProtect(&sp->archMmu);
    HalHostLogStartMask(SEQ_MASK);
    LosVmSpace *other = OsCreateUserVmSpace();
    REQUIRE(other != NULL, "other");
    OsVmSpaceSwitch(other);
    OsVmSpaceSwitch(sp);
    CHECK(LOS_VmSpaceFree(other) == LOS_OK, "free other");
    CHECK(LOS_VmSpaceFree(sp) == LOS_OK, "free");
    CHECK(BroadcastAccesses() == 0U, "no broadcast register touched on one core");
    CHECK(HalHostLogCountOf(HAL_LOG_REG_WRITE, MMU_REG_TLBIASID, HAL_LOG_ANY) == 2U, "two TLBIASID");
    HalHostLogStop();
    return FwTestResult("fw.smp.single");
}

static int TestBusy(VOID)
{
    Boot(CORES);
    LosVmSpace *sp = SpaceRanOn(0U, 3U, CORES);
    OsVmSpaceSwitch(sp);                      /* current on core 3 */
    HalHostCpuSet(0U, CORES);
    CHECK(LOS_VmSpaceFree(sp) == LOS_ERRNO_VM_BUSY, "free while current on core 3");
    CHECK(VmTestCrossCheck(sp, UVA, 4U) == 0U, "still mapped after the refusal");
    HalHostCpuSet(3U, CORES);
    CHECK(LOS_CurrSpaceGet() == sp, "current on core 3");
    HalHostCpuSet(1U, CORES);
    CHECK(LOS_CurrSpaceGet() == LOS_GetKVmSpace(), "core 1 runs the kernel");
    HalHostCpuSet(3U, CORES);
    CHECK(LOS_VmSpaceFree(sp) == LOS_OK, "free on the core that runs it");
    CHECK(LOS_CurrSpaceGet() == LOS_GetKVmSpace(), "core 3 switched to the kernel");
    return FwTestResult("fw.smp.busy");
}

static int TestSecondary(VOID)
{
    VmTestBoot(VM_LAYOUT_LITEOS, 0, 0, 0, FALSE);
    HalHostCpuSet(0U, 2U);
    CHECK(OsVmSecondaryCpuInit() == LOS_ERRNO_VM_INVALID_ARGS, "refused on core 0");
    UINT32 ttbr0 = HalHostRegPeek(MMU_REG_TTBR0);
    HalHostCpuSet(1U, 2U);
    CHECK((HalHostRegPeek(MMU_REG_SCTLR) & MMU_SCTLR_M) == 0U, "core 1 off before its start");
    CHECK(HalHostRegPeek(MMU_REG_MPIDR) == 0x101U, "MPIDR of core 1 of 2: %#x", HalHostRegPeek(MMU_REG_MPIDR));
    CHECK(OsVmSecondaryCpuInit() == LOS_OK, "start core 1");
    CHECK((HalHostRegPeek(MMU_REG_SCTLR) & MMU_SCTLR_M) != 0U, "core 1 on");
    CHECK(HalHostRegPeek(MMU_REG_TTBR1) == OsArchMmuKernelTtb(), "core 1's TTBR1 is the kernel's");
    CHECK(HalHostRegPeek(MMU_REG_TTBR0) == ttbr0, "core 1's TTBR0 is the kernel's, as core 0's");
    LosVmSpace *sp = SpaceRanOn(0U, 1U, 2U);
    OsVmSpaceSwitch(sp);
    CHECK(HalHostRegPeek(MMU_REG_TTBR0) == sp->archMmu.physTtb, "core 1 switched");
    HalHostCpuSet(0U, 2U);
    CHECK(HalHostRegPeek(MMU_REG_TTBR0) == ttbr0, "core 0's TTBR0 untouched");
    HalHostCpuSet(1U, 2U);
    CHECK(LOS_VmSpaceFree(sp) == LOS_OK, "free");
    return FwTestResult("fw.smp.secondary");
}

int main(int argc, char **argv)
{
    static const FwTestCase tests[] = {
        { "remote", TestRemote }, { "local", TestLocal }, { "kernel", TestKernel },
        { "asid", TestAsid }, { "single", TestSingle }, { "busy", TestBusy },
        { "secondary", TestSecondary },
    };
    return FW_TEST_RUN_CASE(argc, argv, tests);
}
