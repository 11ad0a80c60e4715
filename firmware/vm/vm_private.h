/*
 * Internal interface of the address-space code (firmware/vm/vm_*.c).
 */
#ifndef VM_VM_PRIVATE_H
#define VM_VM_PRIVATE_H

#include "mmu_private.h"
#include "los_vm_map.h"
#include "los_vm_fault.h"
#include "los_vm_page.h"

/* ---- Region tree (vm_region_tree.c) ---- */
LosVmMapRegion *OsRegionTreeLowerBound(const LosVmRegionTree *tree, UINT64 addr);
LosVmMapRegion *OsRegionTreeFind(const LosVmRegionTree *tree, VADDR_T addr);
LosVmMapRegion *OsRegionTreeFirst(const LosVmRegionTree *tree);
LosVmMapRegion *OsRegionTreeNext(const LosVmRegionTree *tree, const LosVmMapRegion *region);
BOOL OsRegionTreeInsert(LosVmRegionTree *tree, LosVmMapRegion *region);
VOID OsRegionTreeRemove(LosVmRegionTree *tree, LosVmMapRegion *region);

/* ---- Layout (vm_layout.c): installs the layout OsVmInit computed ---- */
VOID OsVmLayoutSet(const LosVmLayout *layout);

/* ---- Regions (vm_region.c) ---- */
/* Splits region at addr (page aligned, strictly inside): region keeps [base, addr), the new
 * region returned gets [addr, end). NULL when out of memory. */
LosVmMapRegion *OsVmRegionSplit(LosVmSpace *space, LosVmMapRegion *region, VADDR_T addr);
/* Splits regions so that addr and addr + len fall on region boundaries. */
STATUS_T OsVmRegionsIsolate(LosVmSpace *space, VADDR_T addr, size_t len);
/* Frees every region inside [addr, addr + len) (after OsVmRegionsIsolate). */
VOID OsVmRegionsRemove(LosVmSpace *space, VADDR_T addr, size_t len);
/* The kernel's direct map: the region that LOS_RegionFree, FIXED and munmap never remove. */
BOOL OsVmRegionIsPermanent(const LosVmMapRegion *region);
/* FALSE when [addr, addr + len) overlaps a permanent region. */
BOOL OsVmRangeRemovable(LosVmSpace *space, VADDR_T addr, size_t len);
/* Checks the tree invariants (order, no overlap, AVL balance, count); aborts on a violation. */
VOID OsRegionTreeCheck(const LosVmRegionTree *tree);
/* Mapping flags of a region's pages (its PROT and cache bits). */
UINT32 OsVmRegionMmuFlags(const LosVmMapRegion *region);

/* ---- Pages owned by mappings (vm_page_ref.c) ---- */
/* Drops the reference that the mapping of va in region held on the page at pa; frees the page
 * when it was the last (removing it from the file cache first). Device regions and addresses
 * outside RAM hold no reference. */
VOID OsVmPageRelease(const LosVmMapRegion *region, VADDR_T va, PADDR_T pa);
/* A zero-filled page, or NULL. */
LosVmPage *OsVmPageAllocZeroed(VOID);

/* ---- Page cache (vm_pagecache.c) ---- */
#define VM_CACHE_FILE      0U   /* id = file id; entries hold no page reference      */
#define VM_CACHE_ANON      1U   /* id = shared anonymous object; entries hold one     */
#define VM_CACHE_NS_COUNT  2U
LosVmPage *OsVmCacheFind(UINT32 ns, UINT32 id, VM_OFFSET_T index);
BOOL OsVmCacheInsert(UINT32 ns, UINT32 id, VM_OFFSET_T index, LosVmPage *page);   /* FALSE: no memory */
VOID OsVmCacheRemove(UINT32 ns, UINT32 id, VM_OFFSET_T index, const LosVmPage *page);
/* Removes every entry of (ns, id), calling fn on each page. */
VOID OsVmCacheDropId(UINT32 ns, UINT32 id, VOID (*fn)(LosVmPage *page));
VOID OsVmCacheReset(VOID);                /* forget every entry (memory was reset) */
UINT32 OsVmCachePages(UINT32 ns);

/* ---- File-backed pages (vm_filemap.c) ---- */
#define VM_PAGE_FLAG_FILECACHE (1U << 17)
/* The shared page-cache page of (fileId, page index), filled with the file's content; one new
 * reference for the caller (a new page also gets the cache's own). The caller's region must be
 * holding its file (OsVmFileRegionHold). NULL when out of memory. */
LosVmPage *OsVmFileCacheGet(UINT32 fileId, VM_OFFSET_T pageIndex);
/* The cache page of (fileId, pageIndex) if cached (no reference taken), else NULL. */
LosVmPage *OsVmFileCachePeek(UINT32 fileId, VM_OFFSET_T pageIndex);
/* A file region keeps its file's cached pages alive from its creation by OsVmMmap (a region
 * made file-typed by hand: from its first fault) until it goes: Hold (FALSE: no host memory),
 * Copied for a split piece or a fork's copy of a holding region, Release when it goes or
 * changes type; the last release drops the file's pages from the cache. */
BOOL OsVmFileRegionHold(LosVmMapRegion *region);
BOOL OsVmFileRegionCopied(LosVmMapRegion *copy);
VOID OsVmFileRegionRelease(LosVmMapRegion *region);
VOID OsVmFileUsesReset(VOID);          /* forget every holding count (memory was reset) */
UINT32 OsVmFileCachePages(VOID);
/* Fills a page with the content of file fileId at page pageIndex. */
VOID OsVmFileFill(PADDR_T pa, UINT32 fileId, VM_OFFSET_T pageIndex);

/* ---- Shared anonymous memory (vm_shmem.c) ----
 * A MAP_SHARED anonymous region is backed by an object that every region sharing it (after
 * splits and forks) references; its pages stay in the page cache, with a reference of their
 * own, until the last such region goes, so processes that fault a page in later still see what
 * others wrote. */
#define VM_PAGE_FLAG_SHMEM (1U << 18)
struct VmAnonObject *OsVmAnonObjectCreate(VOID);        /* one region reference; NULL: no memory */
VOID OsVmAnonObjectGet(struct VmAnonObject *obj);
VOID OsVmAnonObjectPut(struct VmAnonObject *obj);       /* the last put frees its pages */
/* The object's page at index (zero-filled when new), with one new reference for the caller. */
LosVmPage *OsVmAnonObjectPage(struct VmAnonObject *obj, VM_OFFSET_T index);
UINT32 OsVmAnonObjectsLive(VOID);
/* Drops the region's references (shared object) and frees the region's bookkeeping. */
VOID OsVmRegionDestroy(LosVmMapRegion *region);

/* ---- Spaces (vm_space.c) ---- */
VOID OsVmSpaceInitCommon(LosVmSpace *space, VADDR_T base, UINT32 size, VADDR_T mapBase,
                         UINT32 mapSize);
/* Host memory for VM bookkeeping (spaces, regions, tables of counters). */
VOID *OsVmMetaAlloc(size_t size);
VOID OsVmMetaFree(VOID *p);

/* ---- Faults (vm_fault.c) ---- */
/* Resolves one page of a region (not present or copy-on-write), as the fault handler does. */
STATUS_T OsVmFaultResolve(LosVmSpace *space, LosVmMapRegion *region, VADDR_T vaddr, UINT32 flags);

/* ---- High memory (vm_kmap.c) ---- */
VOID OsVmKmapReset(VOID);
VOID OsVmKmapAtomicReset(VOID);

/* ---- Globals of vm_space.c ---- */
extern LosVmSpace g_kVmSpace;
extern LosVmSpace g_vMallocSpace;

/* The tables of a space: the vmalloc space shares the kernel's. */
static inline LosArchMmu *OsSpaceMmu(LosVmSpace *space)
{
    return (space == &g_vMallocSpace) ? &g_kVmSpace.archMmu : &space->archMmu;
}

/* Growable list of mapped pages (collected before they are released). */
typedef struct {
    VADDR_T va;
    PADDR_T pa;
    const LosVmMapRegion *region;
} OsVmPageRef;
typedef struct {
    OsVmPageRef *e;
    size_t n;
    size_t cap;
} OsVmPageVec;
VOID OsVmPageVecFree(OsVmPageVec *v);
/* Appends the mapped pages of region (in archMmu). FALSE when out of host memory. */
BOOL OsVmPageVecCollect(OsVmPageVec *v, const LosArchMmu *archMmu, const LosVmMapRegion *region);
/* Releases every page of the list (OsVmPageRelease) and empties it. */
VOID OsVmPageVecRelease(OsVmPageVec *v);

#endif /* VM_VM_PRIVATE_H */
