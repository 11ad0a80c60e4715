/*
 * Helpers for the virtual-memory tests (the checks are fw_test.h's): boot of the simulated
 * machine with a layout profile, and an independent table walker (written from the bit layout of DESIGN §2,
 * reading RAM through host pointers so it neither uses the firmware's decoding nor shows up
 * in the HAL log) used to confirm what LOS_ArchMmuQuery reports.
 */
#ifndef VM_TEST_H
#define VM_TEST_H

#include "fw_test.h"
#include "los_vm_map.h"
#include "hal_host.h"

/* HalHostInit(ramBase, ramSize) when ramSize != 0, OsSysMemInit, OsVmInit; exits on failure. */
VOID VmTestBoot(LosVmLayoutProfile profile, PADDR_T ramBase, UINT32 ramSize, UINT32 lowmemLimit,
                BOOL largePages);

/* The walker's answer for one VA. */
typedef struct {
    BOOL    mapped;
    PADDR_T pa;
    UINT32  pageSize;     /* 4096, 65536, 1 MiB, 16 MiB */
    UINT32  ap;           /* AP[2:0] */
    UINT32  xn, ng;
    UINT32  tex, c, b;
    UINT32  ttbr;         /* 0 or 1 */
} VmTestWalkResult;

/* Walks va from the given register values (B3.5.4 TTBR selection, B3.5.1 formats). */
VOID VmTestWalk(UINT32 ttbr0, UINT32 ttbr1, UINT32 ttbcr, VADDR_T va, VmTestWalkResult *out);

/* Walks va as the MMU would with `space` installed (TTBR0 = its table, TTBR1 = the kernel's,
 * TTBCR.N of the layout). */
VOID VmTestWalkSpace(const LosVmSpace *space, VADDR_T va, VmTestWalkResult *out);

/* For every page of [va, va + count pages): LOS_ArchMmuQuery and the walker (and vmcmodel's
 * walker when available) agree on mapped or not, PA and permissions. Returns mismatches. */
UINT32 VmTestCrossCheck(const LosVmSpace *space, VADDR_T va, size_t count);

/* Free physical pages now (OsVmPhysFreePagesGet). */
UINT32 VmTestFreePages(VOID);

/* Reads / writes one word of simulated memory at VA through the walker (as a CPU access would),
 * without the HAL log. Returns FALSE when unmapped. */
BOOL VmTestRead32(const LosVmSpace *space, VADDR_T va, UINT32 *value);
BOOL VmTestWrite32(const LosVmSpace *space, VADDR_T va, UINT32 value);

/* Counts log entries of a kind (optionally a register offset). */
UINT32 VmTestLogCount(HalLogKind kind, UINT32 addr);

#endif /* VM_TEST_H */
