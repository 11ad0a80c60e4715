/*
 * fw.hal.ram: the host RAM fails loudly on accesses outside it (abort, with a message naming
 * the address), checked in child processes; and a large RAM (1 GiB) costs only what is touched.
 */
#define _DEFAULT_SOURCE 1
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include "fw_test.h"
#include "hal_host.h"
#include "vmcosim/mmu_regs.h"
#include "los_vm_boot.h"
#include "los_vm_phys.h"

#define BASE 0x80000000U
#define SIZE (16U * PAGE_SIZE)

typedef void (*Action)(void);

static void ReadPastEnd(void)   { (void)HalPhysRead32(BASE + SIZE); }
static void WriteBelow(void)    { HalPhysWrite32(BASE - 4U, 1); }
static void ZeroAcrossEnd(void) { HalPhysZero(BASE + SIZE - 8U, 16); }
static void CopyFromOutside(void) { HalPhysCopy(BASE, 0x10000000U, 4); }
static void Unaligned(void)     { (void)HalPhysRead32(BASE + 2U); }
static void BadRegister(void)   { HalRegWrite(0x200U, 0); }

/* Runs action in a child; it must die of SIGABRT and print want on stderr. */
static void ExpectAbort(const char *name, Action action, const char *want)
{
    int fds[2];
    REQUIRE(pipe(fds) == 0, "pipe");
    fflush(NULL);
    pid_t pid = fork();
    REQUIRE(pid >= 0, "fork");
    if (pid == 0) {
        struct rlimit none = { 0, 0 };
        (void)setrlimit(RLIMIT_CORE, &none);
        dup2(fds[1], 2);
        close(fds[0]);
        action();
        _exit(0);   /* not reached when the HAL aborts */
    }
    close(fds[1]);
    char text[1024];
    size_t n = 0;
    ssize_t r;
    while ((r = read(fds[0], text + n, sizeof(text) - 1 - n)) > 0) {
        n += (size_t)r;
    }
    text[n] = '\0';
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT, "%s: child was not aborted", name);
    CHECK(strstr(text, want) != NULL, "%s: message \"%s\" lacks \"%s\"", name, text, want);
}

int main(void)
{
    REQUIRE(HalHostInit(BASE, SIZE) == LOS_OK, "HalHostInit");
    ExpectAbort("read past the end", ReadPastEnd, "HalPhysRead32 outside RAM: pa 0x80010000");
    ExpectAbort("write below", WriteBelow, "HalPhysWrite32 outside RAM: pa 0x7ffffffc");
    ExpectAbort("zero across the end", ZeroAcrossEnd, "HalPhysZero outside RAM: pa 0x8000fff8, 16 bytes");
    ExpectAbort("copy from outside", CopyFromOutside, "HalPhysCopy (source) outside RAM: pa 0x10000000");
    ExpectAbort("unaligned word", Unaligned, "unaligned pa 0x80000002");
    ExpectAbort("bad register", BadRegister, "bad register offset 0x200");
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
