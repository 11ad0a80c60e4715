/*
 * The active address-space layout (one of the two profiles of los_vm_zone.h), fixed by
 * OsVmInit() for the life of the simulated machine, and the address predicates that depend
 * on it.
 */
#ifndef LOS_VM_LAYOUT_H
#define LOS_VM_LAYOUT_H

#include "los_typedef.h"
#include "los_vm_zone.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    VM_LAYOUT_LITEOS = 0,   /* 1 GiB user (TTBR0, N=2) / 3 GiB kernel (TTBR1)       */
    VM_LAYOUT_LINUX = 1     /* 3 GiB user / 1 GiB kernel, N=0, PAGE_OFFSET 0xC0000000 */
} LosVmLayoutProfile;

/* What OsVmInit() takes. Zero-initialised means: LiteOS-A profile, default lowmem limit,
 * no 64 KiB pages. */
typedef struct {
    LosVmLayoutProfile profile;
    UINT32 lowmemLimit;     /* bytes of RAM direct-mapped; 0: 512 MiB (LiteOS-A), 896 MiB
                               (Linux). Must be a multiple of 1 MiB. RAM above it is high
                               memory, reachable only through LOS_Kmap(). */
    BOOL largePages;        /* LOS_ArchMmuMap uses 64 KiB large pages where aligned */
} LosVmConfig;

typedef struct {
    LosVmLayoutProfile profile;
    UINT32  ttbcrN;          /* TTBCR.N: 2 (LiteOS-A) or 0 (Linux)                      */
    UINT32  userL1Entries;   /* entries of a process level-1 table: 1024 or 4096         */
    VADDR_T userBase;        /* user space [userBase, userEnd)                           */
    VADDR_T userEnd;
    VADDR_T userMapBase;     /* where mmap without an address hint searches              */
    VADDR_T userStackBase;   /* top 16 MiB of user space; mmap search stops below it     */
    VADDR_T kernelBase;      /* kernel space [kernelBase, 0xFFFFFFFF]                    */
    VADDR_T directBase;      /* cached direct map: [directBase, directBase + directSize)  */
    UINT32  directSize;      /*   maps PA [ramBase, ramBase + directSize)                */
    PADDR_T ramBase;
    UINT32  ramSize;
    VADDR_T uncachedBase;    /* uncached alias of the direct map (0 if none)            */
    VADDR_T vmallocBase;     /* vmalloc area [vmallocBase, vmallocEnd)                   */
    VADDR_T vmallocEnd;
    VADDR_T kmapBase;        /* kmap window: kmapPages pages                             */
    UINT32  kmapPages;
    BOOL    largePages;
    VADDR_T fixmapBase;      /* kmap_atomic slots (Linux profile; 0: none)               */
    UINT32  fixmapPages;
} LosVmLayout;

/* The active layout; valid after OsVmInit(). */
const LosVmLayout *OsVmLayoutGet(VOID);

/* Fills the layout for a configuration and RAM (no side effects; used by OsVmInit and by
 * tests). Returns LOS_OK or LOS_NOK when the configuration is impossible. */
UINT32 OsVmLayoutCompute(const LosVmConfig *cfg, PADDR_T ramBase, UINT32 ramSize,
                         LosVmLayout *out);

/* Address checks of the seed's table 5 (ranges: [vaddr, vaddr + len), len > 0, no wrap). */
BOOL LOS_IsUserAddress(VADDR_T vaddr);
BOOL LOS_IsUserAddressRange(VADDR_T vaddr, size_t len);
BOOL LOS_IsKernelAddress(VADDR_T vaddr);
BOOL LOS_IsKernelAddressRange(VADDR_T vaddr, size_t len);
BOOL LOS_IsVmallocAddress(VADDR_T vaddr);

/* Kernel direct map (the Linux __pa / __va): PA of a direct-mapped kernel VA and the other
 * way. Return 0 when the address is outside the direct map (e.g. high memory). */
PADDR_T LOS_VmDirectPa(VADDR_T kva);
VADDR_T LOS_VmDirectVa(PADDR_T pa);
/* The uncached (DMA) alias of a RAM address; 0 when the profile has none or pa is outside. */
VADDR_T LOS_VmUncachedVa(PADDR_T pa);
/* TRUE when pa is RAM without a direct-map address (high memory). */
BOOL LOS_IsHighMem(PADDR_T pa);

#ifdef __cplusplus
}
#endif

#endif /* LOS_VM_LAYOUT_H */
