/*
 * File-backed pages. The simulator has no file system: a file is a number (fileId) whose
 * content is the deterministic function LOS_VmFileWord (los_vm_fault.h), so any test or trace
 * can predict every byte. Shared mappings of the same file page share one page-cache page,
 * found through the page cache (vm_pagecache.c) by (fileId, page index). A cached page holds a
 * reference of its own as long as a "holding" region of its file is alive (the mmap'd region,
 * its pieces after splits, its copies in forked children), so a
 * write through one shared mapping is seen by every other mapping of the file, also after the
 * writer's mapping is gone. When the last holding region goes, the file's pages leave the cache
 * and are freed with their last mapping (there is no write-back: the next mapping reads the
 * content function again).
 */
#include "vm_private.h"
#include "los_vm_phys.h"

static UINT32 OsFmix32(UINT32 x)
{
    x ^= x >> 16;
    x *= 0x85EBCA6BU;
    x ^= x >> 13;
    x *= 0xC2B2AE35U;
    x ^= x >> 16;
    return x;
}

UINT32 LOS_VmFileWord(UINT32 fileId, UINT32 offset)
{
    return OsFmix32(fileId * 0x9E3779B1U + (offset >> 2) * 0x85EBCA77U);
}

VOID OsVmFileFill(PADDR_T pa, UINT32 fileId, VM_OFFSET_T pageIndex)
{
    UINT8 buf[PAGE_SIZE];
    UINT32 base = (UINT32)(pageIndex << PAGE_SHIFT);   /* the content repeats every 4 GiB */
    for (UINT32 off = 0U; off < PAGE_SIZE; off += 4U) {
        UINT32 w = LOS_VmFileWord(fileId, base + off);
        buf[off] = (UINT8)w;                     /* little-endian, as the ARM target */
        buf[off + 1U] = (UINT8)(w >> 8);
        buf[off + 2U] = (UINT8)(w >> 16);
        buf[off + 3U] = (UINT8)(w >> 24);
    }
    HalPhysWriteBytes(pa, buf, PAGE_SIZE);
}

LosVmPage *OsVmFileCachePeek(UINT32 fileId, VM_OFFSET_T pageIndex)
{
    return OsVmCacheFind(VM_CACHE_FILE, fileId, pageIndex);
}

/* Holding regions per file: a short chained hash (files are few). */
#define FILE_USE_BUCKETS 64U
typedef struct OsVmFileUse {
    struct OsVmFileUse *next;
    UINT32 fileId;
    UINT32 regions;
} OsVmFileUse;
static OsVmFileUse *g_fileUses[FILE_USE_BUCKETS];

static OsVmFileUse **OsFileUseSlot(UINT32 fileId)
{
    OsVmFileUse **pp = &g_fileUses[fileId % FILE_USE_BUCKETS];
    while ((*pp != NULL) && ((*pp)->fileId != fileId)) {
        pp = &(*pp)->next;
    }
    return pp;
}

static BOOL OsFileUseAdd(UINT32 fileId)
{
    OsVmFileUse **pp = OsFileUseSlot(fileId);
    if (*pp == NULL) {
        OsVmFileUse *u = OsVmMetaAlloc(sizeof(OsVmFileUse));
        if (u == NULL) {
            return FALSE;
        }
        u->fileId = fileId;
        *pp = u;
    }
    (*pp)->regions++;
    return TRUE;
}

static VOID OsFileCacheDrop(LosVmPage *page)
{
    page->flags &= ~VM_PAGE_FLAG_FILECACHE;
    HalCostPart prev = HalCostPartSet(HAL_PART_ALLOC);
    LOS_PhysPageFree(page);                       /* the cache's reference */
    (VOID)HalCostPartSet(prev);
}

BOOL OsVmFileRegionHold(LosVmMapRegion *region)
{
    if (region->unTypeData.rf.heldFileId != VM_FILE_ID_NONE) {
        return TRUE;
    }
    if (!OsFileUseAdd(region->unTypeData.rf.fileId)) {
        return FALSE;
    }
    region->unTypeData.rf.heldFileId = region->unTypeData.rf.fileId;
    return TRUE;
}

BOOL OsVmFileRegionCopied(LosVmMapRegion *copy)
{
    UINT32 held = copy->unTypeData.rf.heldFileId;
    if (!LOS_IsRegionTypeFile(copy) || (held == VM_FILE_ID_NONE)) {
        return TRUE;
    }
    if (!OsFileUseAdd(held)) {
        copy->unTypeData.rf.heldFileId = VM_FILE_ID_NONE;   /* the copy faults its pages anew */
        return FALSE;
    }
    return TRUE;
}

VOID OsVmFileRegionRelease(LosVmMapRegion *region)
{
    UINT32 held = region->unTypeData.rf.heldFileId;
    if (!LOS_IsRegionTypeFile(region) || (held == VM_FILE_ID_NONE)) {
        return;
    }
    region->unTypeData.rf.heldFileId = VM_FILE_ID_NONE;
    OsVmFileUse **pp = OsFileUseSlot(held);
    if ((*pp == NULL) || (--(*pp)->regions != 0U)) {
        return;                                    /* (no entry: forgotten by a reset) */
    }
    OsVmFileUse *u = *pp;
    *pp = u->next;
    OsVmMetaFree(u);
    OsVmCacheDropId(VM_CACHE_FILE, held, OsFileCacheDrop);
}

VOID OsVmFileUsesReset(VOID)
{
    for (UINT32 b = 0U; b < FILE_USE_BUCKETS; b++) {
        while (g_fileUses[b] != NULL) {
            OsVmFileUse *u = g_fileUses[b];
            g_fileUses[b] = u->next;
            OsVmMetaFree(u);
        }
    }
}

LosVmPage *OsVmFileCacheGet(UINT32 fileId, VM_OFFSET_T pageIndex)
{
    LosVmPage *page = OsVmFileCachePeek(fileId, pageIndex);
    if (page != NULL) {
        LOS_AtomicInc(&page->refCounts);
        return page;
    }
    HalCostPart prev = HalCostPartSet(HAL_PART_ALLOC);
    page = LOS_PhysPageAlloc();
    (VOID)HalCostPartSet(prev);
    if (page == NULL) {
        return NULL;
    }
    if (!OsVmCacheInsert(VM_CACHE_FILE, fileId, pageIndex, page)) {
        LOS_PhysPageFree(page);
        return NULL;
    }
    prev = HalCostPartSet(HAL_PART_ALLOC);          /* "reading the file" */
    OsVmFileFill(page->physAddr, fileId, pageIndex);
    (VOID)HalCostPartSet(prev);
    page->flags |= VM_PAGE_FLAG_FILECACHE;
    LOS_AtomicInc(&page->refCounts);                /* the caller's; the allocation's is the cache's */
    return page;
}

UINT32 OsVmFileCachePages(VOID)
{
    return OsVmCachePages(VM_CACHE_FILE);
}
