/*
 * Host time of the page-fault handler: demand-zero faults per second (OsVmPageFaultHandler on
 * a not-present page of an anonymous private region: region lookup, page allocation, 4 KiB
 * zero fill, level-2 table on demand, descriptor write, barriers) and copy-on-write faults per
 * second (after fork: page allocation, 4 KiB copy, break-before-make with TLBIMVA), each
 * against a baseline measured in the same run: a host memset (demand zero) or memcpy (COW) of
 * a 4 KiB page. The ratio is handler time / baseline time, so it says how many page
 * clears/copies one fault costs.
 *
 * Only the handler calls are timed; the region is torn down between rounds (untimed).
 * Usage: bench_fault [faults]   (default 1000000)
 * RAM: the host backend's default, 64 MiB at 0x80000000; LiteOS-A layout; HAL log off.
 */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "hal.h"
#include "vmcutil/number.h"
#include "los_vm_boot.h"
#include "los_vm_phys.h"
#include "los_vm_map.h"
#include "los_vm_fault.h"

#define ROUND_PAGES 4096U   /* 16 MiB per round */

static double Now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static volatile UINT32 g_sink;

static VADDR_T MapRegion(LosVmSpace *sp)
{
    LosVmMmapArgs a = { 0U, ROUND_PAGES * PAGE_SIZE,
                        VM_MAP_REGION_FLAG_PERM_READ | VM_MAP_REGION_FLAG_PERM_WRITE,
                        VM_MAP_REGION_FLAG_PRIVATE, VM_MAP_REGION_TYPE_ANON, 0U, 0U, 0U };
    VADDR_T va = 0;
    if (OsVmMmap(sp, &a, &va) != LOS_OK) {
        fprintf(stderr, "mmap failed\n");
        exit(1);
    }
    return va;
}

/* Seconds spent in n demand-zero faults. */
static double DemandZero(LosVmSpace *sp, UINT64 n)
{
    double spent = 0.0;
    UINT64 done = 0;
    while (done < n) {
        UINT32 k = (UINT32)((n - done < ROUND_PAGES) ? (n - done) : ROUND_PAGES);
        VADDR_T va = MapRegion(sp);
        double t0 = Now();
        for (UINT32 i = 0; i < k; i++) {
            if (OsVmPageFaultHandler(va + i * PAGE_SIZE,
                                     VM_MAP_PF_FLAG_WRITE | VM_MAP_PF_FLAG_USER | VM_MAP_PF_FLAG_NOT_PRESENT,
                                     NULL) != LOS_OK) {
                fprintf(stderr, "fault failed\n");
                exit(1);
            }
        }
        spent += Now() - t0;
        (VOID)OsVmMunmap(sp, va, ROUND_PAGES * PAGE_SIZE);
        done += k;
    }
    return spent;
}

/* Seconds spent in n copy-on-write faults (the child writes pages shared with its parent). */
static double CopyOnWrite(LosVmSpace *sp, UINT64 n)
{
    double spent = 0.0;
    UINT64 done = 0;
    while (done < n) {
        UINT32 k = (UINT32)((n - done < ROUND_PAGES / 2U) ? (n - done) : ROUND_PAGES / 2U);
        VADDR_T va = MapRegion(sp);
        for (UINT32 i = 0; i < k; i++) {
            (VOID)OsVmPageFaultHandler(va + i * PAGE_SIZE, VM_MAP_PF_FLAG_WRITE | VM_MAP_PF_FLAG_USER, NULL);
        }
        LosVmSpace *child = OsVmSpaceFork(sp);
        if (child == NULL) {
            fprintf(stderr, "fork failed\n");
            exit(1);
        }
        OsVmSpaceSwitch(child);
        double t0 = Now();
        for (UINT32 i = 0; i < k; i++) {
            if (OsVmPageFaultHandler(va + i * PAGE_SIZE, VM_MAP_PF_FLAG_WRITE | VM_MAP_PF_FLAG_USER, NULL) != LOS_OK) {
                fprintf(stderr, "COW fault failed\n");
                exit(1);
            }
        }
        spent += Now() - t0;
        OsVmSpaceSwitch(sp);
        (VOID)LOS_VmSpaceFree(child);
        (VOID)OsVmMunmap(sp, va, ROUND_PAGES * PAGE_SIZE);
        done += k;
    }
    return spent;
}

static double MemsetPages(UINT64 n)
{
    static UINT8 buf[16][PAGE_SIZE];
    double t0 = Now();
    for (UINT64 i = 0; i < n; i++) {
        memset(buf[i % 16U], (int)(i & 0xFFU), PAGE_SIZE);
        g_sink += buf[i % 16U][i % PAGE_SIZE];
    }
    return Now() - t0;
}

static double MemcpyPages(UINT64 n)
{
    static UINT8 src[16][PAGE_SIZE];
    static UINT8 dst[16][PAGE_SIZE];
    double t0 = Now();
    for (UINT64 i = 0; i < n; i++) {
        src[i % 16U][0] = (UINT8)i;
        memcpy(dst[(i + 3U) % 16U], src[i % 16U], PAGE_SIZE);
        g_sink += dst[(i + 3U) % 16U][i % PAGE_SIZE];
    }
    return Now() - t0;
}

int main(int argc, char **argv)
{
    uint64_t n = 1000000ULL;
    if ((argc > 1 && vmc_parse_u64(argv[1], VMC_NUM_SUFFIX_DECIMAL, UINT64_MAX, &n) != VMC_NUM_OK) ||
        (n == 0U) || (OsSysMemInit() != LOS_OK) || (OsVmInit(NULL) != LOS_OK)) {
        fprintf(stderr, "usage: bench_fault [faults]\n");
        return 1;
    }
    UINT32 free0 = OsVmPhysFreePagesGet();
    LosVmSpace *sp = OsCreateUserVmSpace();
    if (sp == NULL) {
        return 1;
    }
    OsVmSpaceSwitch(sp);
    double dz = DemandZero(sp, n);
    double ms = MemsetPages(n);
    double cow = CopyOnWrite(sp, n);
    double mc = MemcpyPages(n);
    printf("%-28s %14s %10s %16s %10s\n", "fault kind", "faults/s", "ns/fault", "baseline ops/s", "ratio");
    printf("%-28s %14.0f %10.1f %16.0f %10.2f\n", "demand zero (vs memset 4K)", (double)n / dz,
           dz * 1e9 / (double)n, (double)n / ms, dz / ms);
    printf("%-28s %14.0f %10.1f %16.0f %10.2f\n", "copy-on-write (vs memcpy 4K)", (double)n / cow,
           cow * 1e9 / (double)n, (double)n / mc, cow / mc);
    OsVmSpaceSwitch(NULL);
    (VOID)LOS_VmSpaceFree(sp);
    if (OsVmPhysFreePagesGet() != free0) {
        fprintf(stderr, "pages leaked: %u free, %u expected\n", OsVmPhysFreePagesGet(), free0);
        return 1;
    }
    return 0;
}
