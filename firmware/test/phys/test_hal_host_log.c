/*
 * fw.hal.log: the host HAL's call log and register model, and the allocator's use of the HAL:
 * cost part ALLOC around allocator work (restored afterwards), no simulated-RAM access by the
 * buddy allocator, realloc copying through HalPhysCopy.
 */
#include <string.h>
#include "fw_test.h"
#include "hal_host.h"
#include "vmcosim/mmu_regs.h"
#include "los_vm_boot.h"
#include "los_vm_phys.h"
#include "los_memory.h"

int main(void)
{
    /* Default configuration before anyone chose one: 64 MiB at 0x80000000. */
    const HalMemConfig *cfg = HalMemConfigGet();
    CHECK(cfg->ramBase == HAL_HOST_DEFAULT_RAM_BASE && cfg->ramBase == 0x80000000U &&
          cfg->ramSize == 64U * 1024U * 1024U, "default RAM 0x%08x + 0x%x", cfg->ramBase,
          cfg->ramSize);
    CHECK(HalHostInit(0x80000000U, 0) == LOS_NOK && HalHostInit(0x80000010U, PAGE_SIZE) == LOS_NOK &&
          HalHostInit(0xFFFFF000U, 2U * PAGE_SIZE) == LOS_NOK, "bad configurations accepted");
    REQUIRE(HalHostInit(0x40000000U, 256U * PAGE_SIZE) == LOS_OK, "HalHostInit");
    CHECK(cfg->ramBase == 0x40000000U && cfg->ramSize == 256U * PAGE_SIZE, "new configuration");
    REQUIRE(OsSysMemInit() == LOS_OK, "OsSysMemInit");

    /* An unmap-like sequence, asserted exactly. */
    HalHostLogStart();
    CHECK(HalHostLogEnabled() && HalHostLogCount() == 0, "log started empty");
    HalPhysWrite32(0x40001004U, 0);
    HalRegWrite(MMU_REG_TLBIMVA, 0x00123005U);
    HalDsb();
    HalIsb();
    const HalLogPattern unmap[] = {
        { HAL_LOG_PHYS_WRITE32, 0x40001004U, 0 },
        { HAL_LOG_REG_WRITE, MMU_REG_TLBIMVA, 0x00123005U },
        { HAL_LOG_DSB, HAL_LOG_ANY, HAL_LOG_ANY },
        { HAL_LOG_ISB, HAL_LOG_ANY, HAL_LOG_ANY },
    };
    CHECK(HalHostLogMatches(unmap, 4), "exact sequence");
    CHECK(HalHostLogFindSeq(unmap, 4) == 0, "sequence at 0");
    const HalLogPattern wrongOrder[] = { unmap[2], unmap[1] };
    CHECK(HalHostLogFindSeq(wrongOrder, 2) == -1, "DSB before TLBI found");
    CHECK(!HalHostLogMatches(unmap, 3), "prefix matched as exact");
    const HalLogEntry *e = HalHostLogAt(1);
    CHECK(e != NULL && e->kind == HAL_LOG_REG_WRITE && e->addr == MMU_REG_TLBIMVA &&
          e->value == 0x00123005U && e->len == 4 && e->seq == 1 && e->part == HAL_PART_OTHER,
          "entry 1 fields");
    CHECK(HalHostLogAt(4) == NULL, "past the end");
    CHECK(HalHostLogFind(HAL_LOG_REG_WRITE, HAL_LOG_ANY, HAL_LOG_ANY) == 1, "find any write");
    CHECK(HalHostLogFindFrom(2, HAL_LOG_REG_WRITE, HAL_LOG_ANY, HAL_LOG_ANY) == -1, "find from");
    CHECK(HalHostLogCountOf(HAL_LOG_PHYS_WRITE32, HAL_LOG_ANY, 0) == 1, "count of");

    /* Registers: stored and read back; TLBI commands are not stored. */
    HalRegWrite(MMU_REG_TTBR0, 0x40004000U);
    CHECK(HalRegRead(MMU_REG_TTBR0) == 0x40004000U, "TTBR0 read back");
    CHECK(HalHostRegPeek(MMU_REG_TLBIMVA) == 0, "TLBI stored");
    HalHostRegPoke(MMU_REG_DFAR, 0x1234U);
    CHECK(HalRegRead(MMU_REG_DFAR) == 0x1234U, "poke then read");
    CHECK(HalHostLogFind(HAL_LOG_REG_READ, MMU_REG_DFAR, 0x1234U) >= 0, "read logged with value");

    /* Memory operations. */
    HalPhysWrite32(0x40000000U, 0xDEADBEEFU);
    HalPhysCopy(0x40000010U, 0x40000000U, 4);
    CHECK(HalPhysRead32(0x40000010U) == 0xDEADBEEFU, "copy");
    HalPhysZero(0x40000010U, 4);
    CHECK(HalPhysRead32(0x40000010U) == 0, "zero");
    UINT8 bytes[3] = { 1, 2, 3 };
    UINT8 back[3] = { 0 };
    HalPhysWriteBytes(0x40000021U, bytes, 3);
    HalPhysReadBytes(0x40000021U, back, 3);
    CHECK(memcmp(bytes, back, 3) == 0, "bytes");
    CHECK(HalHostLogFind(HAL_LOG_PHYS_COPY, 0x40000010U, 0x40000000U) >= 0, "copy logged");
    CHECK(HalHostLogAt((UINT32)HalHostLogFind(HAL_LOG_PHYS_ZERO, 0x40000010U, HAL_LOG_ANY))->len == 4,
          "zero length");
    UINT8 *host = HalPhysToHost(0x40000000U);
    CHECK(host != NULL && HalPhysToHost(0x40000000U + 256U * PAGE_SIZE) == NULL &&
          HalPhysToHost(0x3FFFFFFCU) == NULL, "HalPhysToHost bounds");
    BOOL ok = TRUE;
    CHECK(HalHostToPhys(host + 8, &ok) == 0x40000008U && ok, "HalHostToPhys");
    CHECK(HalHostToPhys(&ok, &ok) == 0 && !ok, "HalHostToPhys outside");

    /* The dump is readable. */
    FILE *f = tmpfile();
    REQUIRE(f != NULL, "tmpfile");
    HalHostLogDump(f);
    rewind(f);
    static char text[16384];
    text[fread(text, 1, sizeof(text) - 1, f)] = '\0';
    fclose(f);
    CHECK(strstr(text, "REG_WRITE") && strstr(text, "TLBIMVA") && strstr(text, "value 0x00123005"),
          "dump:\n%s", text);

    /* Stop and mask. */
    HalHostLogStop();
    UINT32 n = HalHostLogCount();
    HalDsb();
    CHECK(HalHostLogCount() == n && !HalHostLogEnabled(), "stopped log grew");
    HalHostLogStartMask(HAL_LOG_MASK(HAL_LOG_REG_WRITE));
    HalDsb();
    HalRegWrite(MMU_REG_TLBIALL, 0);
    CHECK(HalHostLogCount() == 1 && HalHostLogAt(0)->kind == HAL_LOG_REG_WRITE, "mask");
    UINT64 dsbs = HalHostCallCount(HAL_LOG_DSB);
    HalDsb();
    CHECK(HalHostCallCount(HAL_LOG_DSB) == dsbs + 1U, "call counter");

    /* The allocator runs under HAL_PART_ALLOC and restores the caller's part; the buddy
     * allocator itself never touches simulated RAM. */
    (VOID)HalCostPartSet(HAL_PART_PGTABLE);
    HalHostLogStart();
    LosVmPage *page = LOS_PhysPageAlloc();
    REQUIRE(page != NULL, "page");
    CHECK(HalHostCostPartGet() == HAL_PART_PGTABLE, "cost part not restored");
    const HalLogPattern around[] = {
        { HAL_LOG_COST_PART, HAL_PART_PGTABLE, HAL_PART_ALLOC },
        { HAL_LOG_COST_PART, HAL_PART_ALLOC, HAL_PART_PGTABLE },
    };
    CHECK(HalHostLogMatches(around, 2), "allocation logged other than a part switch");
    HalHostLogStartMask(HAL_LOG_MASK_ACCESS);
    LOS_PhysPageFree(page);
    LOS_DL_LIST_HEAD(list);
    CHECK(LOS_PhysPagesAlloc(5, &list) == 5 && LOS_PhysPagesFree(&list) == 5, "pages");
    VOID *c = LOS_PhysPagesAllocContiguous(3);
    LOS_PhysPagesFreeContiguous(c, 3);
    CHECK(HalHostLogCount() == 0, "the buddy allocator made %u HAL accesses", HalHostLogCount());

    /* Realloc moves data through HalPhysCopy, charged to the allocator. */
    UINT8 *p = LOS_KernelMalloc(64);
    memset(p, 0x5A, 64);
    VOID *q = LOS_KernelMalloc(64);   /* blocks p from growing in place */
    HalHostLogStart();
    UINT8 *p2 = LOS_KernelRealloc(p, 2000);
    INT32 at = HalHostLogFind(HAL_LOG_PHYS_COPY, HAL_LOG_ANY, HAL_LOG_ANY);
    CHECK(at >= 0 && HalHostLogAt((UINT32)at)->len == 64 && HalHostLogAt((UINT32)at)->part == HAL_PART_ALLOC,
          "realloc copy");
    CHECK(p2 != NULL && p2[0] == 0x5A && p2[63] == 0x5A, "realloc contents");
    LOS_KernelFree(p2);
    LOS_KernelFree(q);
    (VOID)HalCostPartSet(HAL_PART_OTHER);
    HalHostLogStop();
    HalHostLogClear();
    CHECK(HalHostLogCount() == 0 && HalHostLogDropped() == 0, "clear");
    return FwTestResult("fw.hal.log");
}
