/*
 * Address spaces (LosVmSpace) and their regions (LosVmMapRegion), with the LiteOS-A API of the
 * seed's tables 3-8. A space keeps its regions in an AVL tree keyed by start address
 * (O(log n) lookup); regions never overlap.
 *
 * Spaces: the kernel space (kernel half of the layout: direct map, uncached alias, kmap
 * window), the vmalloc space (the vmalloc area; same page table as the kernel) and one space
 * per process (its own level-1 table and ASID). The "current" space is the process space that
 * OsVmSpaceSwitch last installed on the current core (HalCpuId), or the kernel space. The vmalloc space's archMmu is a copy of
 * the kernel's (same physTtb); the page tables are changed through the kernel's, whose counters
 * are the ones kept up to date.
 *
 * Simulated addresses: VADDR_T values are addresses of the simulated machine. LOS_VMalloc
 * returns one as a pointer type for API compatibility; host code must not dereference it
 * (use LOS_PaddrQuery and the HalPhys* calls, or HalPhysToHost page by page).
 */
#ifndef LOS_VM_MAP_H
#define LOS_VM_MAP_H

#include "los_typedef.h"
#include "los_list.h"
#include "los_vm_common.h"
#include "los_vm_errno.h"
#include "los_vm_zone.h"
#include "los_vm_layout.h"
#include "los_arch_mmu.h"
#include "los_memory.h"      /* LOS_KernelMalloc & co., declared here in LiteOS-A */

#ifdef __cplusplus
extern "C" {
#endif

typedef UINT64 VM_OFFSET_T;   /* offset in pages (region pgOff); 64-bit: file offsets beyond 2^44 stay apart */

typedef struct VmMapRange {
    VADDR_T base;
    UINT32  size;
} LosVmMapRange;

/* AVL tree link of a region (firmware/vm/vm_region_tree.c). */
typedef struct VmRegionNode {
    struct VmRegionNode *left;
    struct VmRegionNode *right;
    INT32 height;
} LosVmRegionNode;

typedef struct VmRegionTree {
    LosVmRegionNode *root;
    UINT32 nodes;
} LosVmRegionTree;

struct VmSpace;
typedef struct VmSpace LosVmSpace;

/* Region types (regionType) */
#define VM_MAP_REGION_TYPE_NONE     (0x0U)
#define VM_MAP_REGION_TYPE_ANON     (0x1U)
#define VM_MAP_REGION_TYPE_FILE     (0x2U)
#define VM_MAP_REGION_TYPE_DEV      (0x4U)
#define VM_MAP_REGION_TYPE_MASK     (0x7U)

/* Region flags beyond the mapping flags of los_arch_mmu.h (LiteOS-A's values). */
#define VM_MAP_REGION_FLAG_SHARED           (1U << 7)
#define VM_MAP_REGION_FLAG_PRIVATE          (1U << 8)
#define VM_MAP_REGION_FLAG_FLAG_MASK        (3U << 7)
#define VM_MAP_REGION_FLAG_STACK            (1U << 9)
#define VM_MAP_REGION_FLAG_HEAP             (1U << 10)
#define VM_MAP_REGION_FLAG_DATA             (1U << 11)
#define VM_MAP_REGION_FLAG_TEXT             (1U << 12)
#define VM_MAP_REGION_FLAG_BSS              (1U << 13)
#define VM_MAP_REGION_FLAG_VDSO             (1U << 14)
#define VM_MAP_REGION_FLAG_MMAP             (1U << 15)
#define VM_MAP_REGION_FLAG_SHM              (1U << 16)
#define VM_MAP_REGION_FLAG_FIXED            (1U << 17)   /* replace what is there */
#define VM_MAP_REGION_FLAG_FIXED_NOREPLACE  (1U << 18)   /* exactly there, or fail */
#define VM_MAP_REGION_FLAG_INVALID          (1U << 19)

#define VM_FILE_ID_NONE 0U

typedef struct VmMapRegion {
    LosVmRegionNode treeNode;     /* link in space->regionTree (keyed by range.base) */
    LosVmSpace     *space;
    LosVmMapRange   range;
    VM_OFFSET_T     pgOff;        /* offset of range.base in the file / shared object, pages */
    UINT32          regionFlags;  /* VM_MAP_REGION_FLAG_*                                */
    UINT32          shmid;
    UINT8           forkFlags;
    UINT8           regionType;   /* VM_MAP_REGION_TYPE_*                                */
    union {
        struct VmRegionFile {
            UINT32 fileId;        /* content: LOS_VmFileWord(fileId, offset)              */
            UINT32 heldFileId;    /* the file whose cached pages this region keeps (set by
                                     its first fault; VM_FILE_ID_NONE: none)              */
        } rf;
        struct VmRegionAnon {
            struct VmAnonObject *shared;   /* MAP_SHARED anonymous memory, else NULL      */
        } ra;
        struct VmRegionDev {
            PADDR_T paddr;        /* physical address mapped at range.base                 */
        } rd;
    } unTypeData;
} LosVmMapRegion;

struct VmSpace {
    LOS_DL_LIST      node;        /* in the list LOS_GetVmSpaceList() returns            */
    LosVmRegionTree  regionTree;
    VADDR_T          base;        /* the space is [base, base + size - 1]                */
    UINT32           size;
    VADDR_T          heapBase;
    VADDR_T          heapNow;
    LosVmMapRegion  *heap;
    VADDR_T          mapBase;     /* where regions without an address hint go            */
    UINT32           mapSize;
    LosArchMmu       archMmu;
};

/* ---- Start-up ------------------------------------------------------------------------------ */
/* After OsSysMemInit(): computes the layout for cfg (NULL: LiteOS-A defaults), builds the
 * kernel table (direct map, uncached alias), the kernel and vmalloc spaces, and turns the MMU
 * on. May be called again after OsSysMemInit() to start over (all spaces forgotten). */
STATUS_T OsVmInit(const LosVmConfig *cfg);
/* Cores: OsVmInit runs on core 0; every other core (HalCpuId() = 1 .. OS_VM_CPUS_MAX - 1)
 * then calls OsVmSecondaryCpuInit once, which programs that core's MMU for the kernel context
 * (OsArchMmuEnable). LOS_ERRNO_VM_INVALID_ARGS before OsVmInit or on core 0. */
#define OS_VM_CPUS_MAX  8U
STATUS_T OsVmSecondaryCpuInit(VOID);

/* ---- Space getters (seed table 3) ---------------------------------------------------------- */
LosVmSpace *LOS_CurrSpaceGet(VOID);
LosVmSpace *LOS_SpaceGet(VADDR_T vaddr);
LosVmSpace *LOS_GetKVmSpace(VOID);
LosVmSpace *LOS_GetVmallocSpace(VOID);
LOS_DL_LIST *LOS_GetVmSpaceList(VOID);

/* ---- Regions (seed table 4) ---------------------------------------------------------------- */
/* The region containing addr, or NULL. */
LosVmMapRegion *LOS_RegionFind(LosVmSpace *vmSpace, VADDR_T addr);
/* The lowest region overlapping [addr, addr + len), or NULL. */
LosVmMapRegion *LOS_RegionRangeFind(LosVmSpace *vmSpace, VADDR_T addr, size_t len);
BOOL LOS_IsRegionFileValid(LosVmMapRegion *region);
/* A new region of len bytes (rounded up to pages). vaddr == 0: the first free range from
 * the space's mapBase (then from its base); otherwise exactly at vaddr, refused (NULL) when it
 * overlaps a region unless regionFlags has VM_MAP_REGION_FLAG_FIXED, which first removes what
 * is there. The region starts with type NONE; nothing is mapped. */
LosVmMapRegion *LOS_RegionAlloc(LosVmSpace *vmSpace, VADDR_T vaddr, size_t len, UINT32 regionFlags,
                                VM_OFFSET_T pgoff);
/* Unmaps the region's pages (releasing the page references it held) and frees it. */
STATUS_T LOS_RegionFree(LosVmSpace *space, LosVmMapRegion *region);

/* Sets the region's type (LOS_SetRegionType*). A change of type clears the old type's data
 * (unTypeData: file id, device address; a shared anonymous object is released), so set the
 * type first and its data after. A region with pages mapped keeps its type: the references its
 * pages hold follow the type. NULL is ignored. */
VOID OsRegionTypeSet(LosVmMapRegion *region, UINT8 type);

static inline VADDR_T LOS_RegionEndAddr(LosVmMapRegion *region)
{
    return region->range.base + region->range.size - 1U;
}

static inline size_t LOS_RegionSize(VADDR_T start, VADDR_T end)
{
    return (size_t)(end - start) + 1U;
}

static inline BOOL LOS_IsRegionTypeFile(LosVmMapRegion *region)
{
    return region->regionType == VM_MAP_REGION_TYPE_FILE;
}

static inline BOOL LOS_IsRegionPermUserReadOnly(LosVmMapRegion *region)
{
    return (region->regionFlags & VM_MAP_REGION_FLAG_PROT_MASK) ==
           (VM_MAP_REGION_FLAG_PERM_USER | VM_MAP_REGION_FLAG_PERM_READ);
}

static inline BOOL LOS_IsRegionFlagPrivateOnly(LosVmMapRegion *region)
{
    return (region->regionFlags & VM_MAP_REGION_FLAG_FLAG_MASK) == VM_MAP_REGION_FLAG_PRIVATE;
}

static inline VOID LOS_SetRegionTypeFile(LosVmMapRegion *region)
{
    OsRegionTypeSet(region, VM_MAP_REGION_TYPE_FILE);
}

static inline BOOL LOS_IsRegionTypeDev(LosVmMapRegion *region)
{
    return region->regionType == VM_MAP_REGION_TYPE_DEV;
}

static inline VOID LOS_SetRegionTypeDev(LosVmMapRegion *region)
{
    OsRegionTypeSet(region, VM_MAP_REGION_TYPE_DEV);
}

static inline BOOL LOS_IsRegionTypeAnon(LosVmMapRegion *region)
{
    return region->regionType == VM_MAP_REGION_TYPE_ANON;
}

static inline VOID LOS_SetRegionTypeAnon(LosVmMapRegion *region)
{
    OsRegionTypeSet(region, VM_MAP_REGION_TYPE_ANON);
}

/* ---- Address checks (seed table 5; the others are in los_vm_layout.h) ---------------------- */
BOOL LOS_IsRangeInSpace(const LosVmSpace *space, VADDR_T vaddr, size_t size);

/* ---- vmalloc (seed table 6) ------------------------------------------------------------------
 * Page-granular, physically non-contiguous, mapped in the vmalloc area. Returns the simulated
 * kernel VA as a pointer (do not dereference on the host); NULL when size is 0 or memory or
 * address space runs out. */
VOID *LOS_VMalloc(size_t size);
VOID LOS_VFree(const VOID *addr);

/* ---- Others (seed table 8) ------------------------------------------------------------------- */
/* PA behind a kernel pointer: a host pointer into RAM (LOS_KernelMalloc, OsVmPageToVaddr), or a
 * simulated VA (as from LOS_VMalloc) looked up in the page tables of its space. 0 if unmapped. */
PADDR_T LOS_PaddrQuery(VOID *vaddr);
/* Frees every region (releasing their pages), the page tables and the ASID, and the space.
 * If it is current on this core, switches this core to the kernel first; LOS_ERRNO_VM_BUSY
 * (nothing freed) while it is current on another core. */
STATUS_T LOS_VmSpaceFree(LosVmSpace *space);
/* Reserves [vaddr, vaddr + size) as a region (flags of the existing mapping at vaddr if any,
 * else read/write). LOS_OK, or an error when the range is taken or invalid. */
STATUS_T LOS_VmSpaceReserve(LosVmSpace *space, size_t size, VADDR_T vaddr);
/* Maps [paddr, paddr + len) at vaddr as a new region with mapping flags `flags`. RAM pages get
 * one more reference each (dropped when the region is freed); other addresses become a device
 * region. */
STATUS_T LOS_VaddrToPaddrMmap(LosVmSpace *space, VADDR_T vaddr, PADDR_T paddr, size_t len,
                              UINT32 flags);
/* Allocates a region of size bytes (at *ptr with VM_MAP_REGION_FLAG_FIXED, else anywhere,
 * aligned to 2^align_log2 bytes if that is above a page), backs it with zeroed pages, maps
 * them and returns the address in *ptr. */
STATUS_T LOS_UserSpaceVmAlloc(LosVmSpace *space, size_t size, VOID **ptr, UINT8 align_log2,
                              UINT32 regionFlags);

/* ---- Process operations ---------------------------------------------------------------------- */
/* A new user space (level-1 table, ASID), empty. NULL when memory or ASIDs run out. */
LosVmSpace *OsCreateUserVmSpace(VOID);
/* Fork: copies every region of oldVmSpace into the empty newVmSpace. Private pages become
 * copy-on-write (read-only in both, one more reference); shared and device pages are mapped
 * in both. */
STATUS_T LOS_VmSpaceClone(LosVmSpace *oldVmSpace, LosVmSpace *newVmSpace);
/* Creates a space and clones parent into it; NULL on failure (nothing leaked). */
LosVmSpace *OsVmSpaceFork(LosVmSpace *parent);
/* Process switch on the current core: makes space (NULL: the kernel) current there and
 * switches that core's TTBR0/ASID; the core joins the space's cpuMask. */
VOID OsVmSpaceSwitch(LosVmSpace *space);

/* mmap / munmap / mprotect of a space. prot: VM_MAP_REGION_FLAG_PERM_READ/WRITE/EXECUTE (USER
 * is added for user spaces); flags: VM_MAP_REGION_FLAG_SHARED or _PRIVATE, optionally _FIXED
 * or _FIXED_NOREPLACE, and VM_MMAP_POPULATE to fault every page in at once. */
#define VM_MMAP_POPULATE  (1U << 20)
typedef struct {
    VADDR_T     vaddr;      /* 0: anywhere                                       */
    size_t      len;
    UINT32      prot;
    UINT32      flags;
    UINT8       type;       /* VM_MAP_REGION_TYPE_ANON, _FILE or _DEV            */
    UINT32      fileId;     /* FILE: which deterministic file (not VM_FILE_ID_NONE) */
    VM_OFFSET_T pgoff;      /* FILE: offset in pages                               */
    PADDR_T     devPaddr;   /* DEV: physical address (mapped uncached-device)      */
} LosVmMmapArgs;
/* Returns LOS_OK and the address in *out, or a negative LOS_ERRNO_VM_*. */
STATUS_T OsVmMmap(LosVmSpace *space, const LosVmMmapArgs *args, VADDR_T *out);
STATUS_T OsVmMunmap(LosVmSpace *space, VADDR_T addr, size_t len);
STATUS_T OsVmMprotect(LosVmSpace *space, VADDR_T addr, size_t len, UINT32 prot);

/* Checks the address-space invariants from scratch (spaces disjoint, region trees valid and
 * inside their spaces, mapped pages inside regions, a page reference for every owning mapping;
 * firmware/vm/vm_check.c); aborts naming a broken one. Costs a walk of every table. */
VOID OsVmInvariantsCheck(VOID);

/* ---- High memory (temporary kernel mappings) ------------------------------------------------ */
struct VmPage;
/* Kernel VA of a page: its direct-map address for low memory, else a slot of the kmap window
 * (counted: mapping the same page again returns the same slot). 0 when the window is full. */
VADDR_T LOS_Kmap(struct VmPage *page);
/* Drops a LOS_Kmap reference; the slot is unmapped (TLBIMVAA) when the last one goes. */
VOID LOS_Kunmap(struct VmPage *page);
UINT32 LOS_KmapSlotsInUse(VOID);

/* The rest of the Linux high-memory map (firmware/vm/vm_highmap.c), in the vmalloc area:
 * LOS_Vmap maps count given pages (allocated, high or low) contiguously with mapping flags
 * (PERM_READ/WRITE/EXECUTE and cache bits; kernel only), one reference per page held until
 * LOS_Vunmap; NULL on bad arguments or when address space or table memory runs out.
 * LOS_Ioremap maps a device's physical range (not RAM) uncached-device, XN, and returns the
 * address of paddr (the offset in its page kept); LOS_Iounmap takes that address. The returned
 * addresses are simulated kernel VAs (do not dereference on the host). */
VOID *LOS_Vmap(struct VmPage **pages, UINT32 count, UINT32 flags);
VOID LOS_Vunmap(const VOID *addr);
VOID *LOS_Ioremap(PADDR_T paddr, size_t size);
VOID LOS_Iounmap(const VOID *addr);

/* kmap_atomic (Linux profile): a high-memory page mapped in the next free slot of cpu's
 * KM_TYPE_NR fixmap slots from FIXADDR_START (slot = cpu * KM_TYPE_NR + nesting depth); a
 * low-memory page gets its direct-map address. 0 when nested KM_TYPE_NR deep, for a bad cpu or
 * in the LiteOS-A profile. LOS_KunmapAtomic must undo the innermost mapping of that cpu first
 * (LOS_ERRNO_VM_INVALID_ARGS otherwise, nothing changed); it unmaps with TLBIMVAA. */
#define KMAP_ATOMIC_TYPES LINUX_KM_TYPE_NR
#define KMAP_ATOMIC_CPUS  LINUX_NR_CPUS
VADDR_T LOS_KmapAtomic(struct VmPage *page, UINT32 cpu);
STATUS_T LOS_KunmapAtomic(VADDR_T va, UINT32 cpu);
UINT32 LOS_KmapAtomicDepth(UINT32 cpu);

#ifdef __cplusplus
}
#endif

#endif /* LOS_VM_MAP_H */
