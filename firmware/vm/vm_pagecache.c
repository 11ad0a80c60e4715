/*
 * The page cache: a hash from (namespace, object id, page index) to a physical page, used by
 * file mappings (namespace VM_CACHE_FILE, id = file id) and by shared anonymous objects
 * (VM_CACHE_ANON, id = object id). Whether an entry holds a page reference is the user's
 * business (files: no, shared anonymous objects: yes); the cache only finds pages.
 */
#include "vm_private.h"

#define CACHE_BUCKETS 4096U

typedef struct OsVmCacheEntry {
    struct OsVmCacheEntry *next;
    UINT32 ns;
    UINT32 id;
    VM_OFFSET_T index;
    LosVmPage *page;
} OsVmCacheEntry;

static OsVmCacheEntry *g_cache[CACHE_BUCKETS];
static UINT32 g_cachePages[VM_CACHE_NS_COUNT];

static UINT32 OsBucket(UINT32 ns, UINT32 id, VM_OFFSET_T index)
{
    UINT32 x = (id * 0x9E3779B1U) ^ ((UINT32)index * 0x85EBCA77U) ^ ((UINT32)(index >> 32) * 0x27D4EB2FU) ^
               (ns * 0xC2B2AE3DU);
    x ^= x >> 15;
    x *= 0x2C1B3C6DU;
    x ^= x >> 12;
    return x % CACHE_BUCKETS;
}

LosVmPage *OsVmCacheFind(UINT32 ns, UINT32 id, VM_OFFSET_T index)
{
    for (OsVmCacheEntry *e = g_cache[OsBucket(ns, id, index)]; e != NULL; e = e->next) {
        if ((e->ns == ns) && (e->id == id) && (e->index == index)) {
            return e->page;
        }
    }
    return NULL;
}

BOOL OsVmCacheInsert(UINT32 ns, UINT32 id, VM_OFFSET_T index, LosVmPage *page)
{
    OsVmCacheEntry *e = OsVmMetaAlloc(sizeof(OsVmCacheEntry));
    if (e == NULL) {
        return FALSE;
    }
    UINT32 b = OsBucket(ns, id, index);
    e->ns = ns;
    e->id = id;
    e->index = index;
    e->page = page;
    e->next = g_cache[b];
    g_cache[b] = e;
    g_cachePages[ns]++;
    return TRUE;
}

static BOOL OsUnlinkPage(OsVmCacheEntry **head, const LosVmPage *page)
{
    for (OsVmCacheEntry **pp = head; *pp != NULL; pp = &(*pp)->next) {
        if ((*pp)->page == page) {
            OsVmCacheEntry *e = *pp;
            *pp = e->next;
            g_cachePages[e->ns]--;
            OsVmMetaFree(e);
            return TRUE;
        }
    }
    return FALSE;
}

VOID OsVmCacheRemove(UINT32 ns, UINT32 id, VM_OFFSET_T index, const LosVmPage *page)
{
    BOOL found = OsUnlinkPage(&g_cache[OsBucket(ns, id, index)], page);
    for (UINT32 b = 0U; !found && (b < CACHE_BUCKETS); b++) {
        found = OsUnlinkPage(&g_cache[b], page);   /* key changed under us: search all */
    }
    VM_ASSERT(found, "a page flagged as cached is in the cache");
}

VOID OsVmCacheDropId(UINT32 ns, UINT32 id, VOID (*fn)(LosVmPage *page))
{
    for (UINT32 b = 0U; b < CACHE_BUCKETS; b++) {
        OsVmCacheEntry **pp = &g_cache[b];
        while (*pp != NULL) {
            OsVmCacheEntry *e = *pp;
            if ((e->ns == ns) && (e->id == id)) {
                *pp = e->next;
                g_cachePages[ns]--;
                fn(e->page);
                OsVmMetaFree(e);
            } else {
                pp = &e->next;
            }
        }
    }
}

VOID OsVmCacheReset(VOID)
{
    for (UINT32 b = 0U; b < CACHE_BUCKETS; b++) {
        while (g_cache[b] != NULL) {
            OsVmCacheEntry *e = g_cache[b];
            g_cache[b] = e->next;
            OsVmMetaFree(e);
        }
    }
    for (UINT32 ns = 0U; ns < VM_CACHE_NS_COUNT; ns++) {
        g_cachePages[ns] = 0U;
    }
}

UINT32 OsVmCachePages(UINT32 ns)
{
    return (ns < VM_CACHE_NS_COUNT) ? g_cachePages[ns] : 0U;
}
