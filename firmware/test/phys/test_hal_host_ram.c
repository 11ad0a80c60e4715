/*
 * fw.hal.ram: the host RAM fails loudly on accesses outside it (abort, with a message naming
 * the address), checked in child processes; and a large RAM (1 GiB) costs only what is touched.
 */
#define _DEFAULT_SOURCE 1
#include <sys/resource.h>
#include "fw_test.h"
#include "hal_host.h"
#include "vmcosim/mmu_regs.h"
#include "los_vm_boot.h"
#include "los_vm_phys.h"

#define BASE 0x80000000U
#define SIZE (16U * PAGE_SIZE)

static void ReadPastEnd(void)   { (void)HalPhysRead32(BASE + SIZE); }
static void WriteBelow(void)    { HalPhysWrite32(BASE - 4U, 1); }
static void ZeroAcrossEnd(void) { HalPhysZero(BASE + SIZE - 8U, 16); }
static void CopyFromOutside(void) { HalPhysCopy(BASE, 0x10000000U, 4); }
static void Unaligned(void)     { (void)HalPhysRead32(BASE + 2U); }
static void BadRegister(void)   { HalRegWrite(0x200U, 0); }

int main(void)
{
    REQUIRE(HalHostInit(BASE, SIZE) == LOS_OK, "HalHostInit");
    FwTestExpectAbort("read past the end", ReadPastEnd, "HalPhysRead32 outside RAM: pa 0x80010000");
    FwTestExpectAbort("write below", WriteBelow, "HalPhysWrite32 outside RAM: pa 0x7ffffffc");
    FwTestExpectAbort("zero across the end", ZeroAcrossEnd, "HalPhysZero outside RAM: pa 0x8000fff8, 16 bytes");
    FwTestExpectAbort("copy from outside", CopyFromOutside, "HalPhysCopy (source) outside RAM: pa 0x10000000");
    FwTestExpectAbort("unaligned word", Unaligned, "unaligned pa 0x80000002");
    FwTestExpectAbort("bad register", BadRegister, "bad register offset 0x200");
    /* The last word and the edges are fine. */
    HalPhysWrite32(BASE + SIZE - 4U, 7);
    CHECK(HalPhysRead32(BASE + SIZE - 4U) == 7, "last word");
    HalPhysZero(BASE + SIZE, 0);

    /* 1 GiB of RAM: reserved, not committed; fresh RAM reads as zero. */
    REQUIRE(HalHostInit(0x40000000U, 0x40000000U) == LOS_OK, "1 GiB RAM");
    CHECK(HalPhysRead32(0x7FFFFFFCU) == 0, "fresh RAM is zero");
    HalPhysWrite32(0x7FFFFFFCU, 0xA5A5A5A5U);
    CHECK(HalPhysRead32(0x7FFFFFFCU) == 0xA5A5A5A5U, "last word of 1 GiB");
    REQUIRE(OsSysMemInit() == LOS_OK, "OsSysMemInit on 1 GiB");
    LosVmPhysFragInfo fi;
    LOS_PhysFragInfoGet(&fi);
    CHECK(fi.totalPages == 262144U && fi.free1MBlocks == 1024U, "1 GiB: %u pages, %u free MiB",
          fi.totalPages, fi.free1MBlocks);
    /* Re-initialising gives fresh zeroed RAM. */
    REQUIRE(HalHostInit(0x40000000U, 0x40000000U) == LOS_OK, "again");
    CHECK(HalPhysRead32(0x7FFFFFFCU) == 0, "RAM not fresh after HalHostInit");
    return FwTestResult("fw.hal.ram");
}
