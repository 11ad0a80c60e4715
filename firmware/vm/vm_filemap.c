/*
 * File-backed pages. The simulator has no file system: a file is a number (fileId) whose
 * content is the deterministic function LOS_VmFileWord (los_vm_fault.h), so any test or trace
 * can predict every byte. Shared mappings of the same file page share one page-cache page,
 * found through a hash table keyed by (fileId, page index). The cache holds no reference of
 * its own: a page leaves the cache when its last mapping goes (OsVmPageRelease), and is built
 * again from the content function the next time; writes through shared mappings are therefore
 * kept only while some mapping of the page exists (there is no write-back).
 */
#include "vm_private.h"
#include "los_vm_phys.h"

#define FILE_CACHE_BUCKETS 4096U

typedef struct OsFileCacheEntry {
    struct OsFileCacheEntry *next;
    UINT32 fileId;
    UINT32 index;
    LosVmPage *page;
} OsFileCacheEntry;

static OsFileCacheEntry *g_fileCache[FILE_CACHE_BUCKETS];
static UINT32 g_fileCachePages;

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

VOID OsVmFileFill(PADDR_T pa, UINT32 fileId, UINT32 pageIndex)
{
    UINT8 buf[PAGE_SIZE];
    UINT32 base = pageIndex << PAGE_SHIFT;
    for (UINT32 off = 0U; off < PAGE_SIZE; off += 4U) {
        UINT32 w = LOS_VmFileWord(fileId, base + off);
        buf[off] = (UINT8)w;                     /* little-endian, as the ARM target */
        buf[off + 1U] = (UINT8)(w >> 8);
        buf[off + 2U] = (UINT8)(w >> 16);
        buf[off + 3U] = (UINT8)(w >> 24);
    }
    HalPhysWriteBytes(pa, buf, PAGE_SIZE);
}

static UINT32 OsBucket(UINT32 fileId, UINT32 index)
{
    return OsFmix32(fileId ^ (index * 0x9E3779B1U)) % FILE_CACHE_BUCKETS;
}

LosVmPage *OsVmFileCachePeek(UINT32 fileId, UINT32 pageIndex)
{
    for (OsFileCacheEntry *e = g_fileCache[OsBucket(fileId, pageIndex)]; e != NULL; e = e->next) {
        if ((e->fileId == fileId) && (e->index == pageIndex)) {
            return e->page;
        }
    }
    return NULL;
}

LosVmPage *OsVmFileCacheGet(UINT32 fileId, UINT32 pageIndex)
{
    LosVmPage *page = OsVmFileCachePeek(fileId, pageIndex);
    if (page != NULL) {
        LOS_AtomicInc(&page->refCounts);
        return page;
    }
    OsFileCacheEntry *e = OsVmMetaAlloc(sizeof(OsFileCacheEntry));
    if (e == NULL) {
        return NULL;
    }
    HalCostPart prev = HalCostPartSet(HAL_PART_ALLOC);
    page = LOS_PhysPageAlloc();
    (VOID)HalCostPartSet(prev);
    if (page == NULL) {
        OsVmMetaFree(e);
        return NULL;
    }
    OsVmFileFill(page->physAddr, fileId, pageIndex);
    page->flags |= VM_PAGE_FLAG_FILECACHE;
    UINT32 b = OsBucket(fileId, pageIndex);
    e->fileId = fileId;
    e->index = pageIndex;
    e->page = page;
    e->next = g_fileCache[b];
    g_fileCache[b] = e;
    g_fileCachePages++;
    return page;
}

static BOOL OsUnlink(OsFileCacheEntry **head, const LosVmPage *page)
{
    for (OsFileCacheEntry **pp = head; *pp != NULL; pp = &(*pp)->next) {
        if ((*pp)->page == page) {
            OsFileCacheEntry *e = *pp;
            *pp = e->next;
            OsVmMetaFree(e);
            return TRUE;
        }
    }
    return FALSE;
}

VOID OsVmFileCacheRemove(LosVmPage *page, UINT32 fileId, UINT32 pageIndex)
{
    BOOL found = OsUnlink(&g_fileCache[OsBucket(fileId, pageIndex)], page);
    for (UINT32 b = 0U; !found && (b < FILE_CACHE_BUCKETS); b++) {
        found = OsUnlink(&g_fileCache[b], page);   /* key changed under us: search all */
    }
    VM_ASSERT(found, "a page flagged as file cache is in the cache");
    page->flags &= ~VM_PAGE_FLAG_FILECACHE;
    g_fileCachePages--;
}

VOID OsVmFileCacheReset(VOID)
{
    for (UINT32 b = 0U; b < FILE_CACHE_BUCKETS; b++) {
        while (g_fileCache[b] != NULL) {
            OsFileCacheEntry *e = g_fileCache[b];
            g_fileCache[b] = e->next;
            OsVmMetaFree(e);
        }
    }
    g_fileCachePages = 0U;
}

UINT32 OsVmFileCachePages(VOID)
{
    return g_fileCachePages;
}
