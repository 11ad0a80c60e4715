/*
 * File-backed pages. The simulator has no file system: a file is a number (fileId) whose
 * content is the deterministic function LOS_VmFileWord (los_vm_fault.h), so any test or trace
 * can predict every byte. Shared mappings of the same file page share one page-cache page,
 * found through the page cache (vm_pagecache.c) by (fileId, page index). It holds no reference of
 * its own: a page leaves the cache when its last mapping goes (OsVmPageRelease), and is built
 * again from the content function the next time; writes through shared mappings are therefore
 * kept only while some mapping of the page exists (there is no write-back).
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
    return page;
}

VOID OsVmFileCacheRemove(LosVmPage *page, UINT32 fileId, VM_OFFSET_T pageIndex)
{
    OsVmCacheRemove(VM_CACHE_FILE, fileId, pageIndex, page);
    page->flags &= ~VM_PAGE_FLAG_FILECACHE;
}

UINT32 OsVmFileCachePages(VOID)
{
    return OsVmCachePages(VM_CACHE_FILE);
}
