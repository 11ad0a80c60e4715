/*
 * Temporary kernel mappings of high memory (Linux's kmap/kunmap, the seed's PKMAP window).
 * RAM above the direct-map limit has no permanent kernel address; LOS_Kmap maps such a page in
 * one of the window's slots (reference-counted, so mapping a page twice shares the slot) and
 * LOS_Kunmap unmaps it with TLBIMVAA when the last user is done. Low-memory pages need no
 * mapping: their direct-map address is returned.
 */
#include "vm_private.h"
#include "los_vm_phys.h"

#define KMAP_MAX_SLOTS 1024U
#define KMAP_FLAGS (VM_MAP_REGION_FLAG_PERM_READ | VM_MAP_REGION_FLAG_PERM_WRITE | \
                    VM_MAP_REGION_FLAG_CACHED)

static PADDR_T g_kmapPa[KMAP_MAX_SLOTS];
static UINT32 g_kmapRefs[KMAP_MAX_SLOTS];
static UINT32 g_kmapInUse;

VOID OsVmKmapReset(VOID)
{
    for (UINT32 i = 0U; i < KMAP_MAX_SLOTS; i++) {
        g_kmapPa[i] = 0U;
        g_kmapRefs[i] = 0U;
    }
    g_kmapInUse = 0U;
}

static UINT32 OsKmapSlots(VOID)
{
    return MIN(OsVmLayoutGet()->kmapPages, KMAP_MAX_SLOTS);
}

VADDR_T LOS_Kmap(struct VmPage *page)
{
    if (page == NULL) {
        return 0U;
    }
    PADDR_T pa = page->physAddr;
    if (!LOS_IsHighMem(pa)) {
        return LOS_VmDirectVa(pa);
    }
    UINT32 freeSlot = KMAP_MAX_SLOTS;
    for (UINT32 i = 0U; i < OsKmapSlots(); i++) {
        if ((g_kmapRefs[i] != 0U) && (g_kmapPa[i] == pa)) {
            g_kmapRefs[i]++;
            return OsVmLayoutGet()->kmapBase + (i << PAGE_SHIFT);
        }
        if ((g_kmapRefs[i] == 0U) && (freeSlot == KMAP_MAX_SLOTS)) {
            freeSlot = i;
        }
    }
    if (freeSlot == KMAP_MAX_SLOTS) {
        return 0U;
    }
    VADDR_T va = OsVmLayoutGet()->kmapBase + (freeSlot << PAGE_SHIFT);
    if (LOS_ArchMmuMap(&g_kVmSpace.archMmu, va, pa, 1U, KMAP_FLAGS) < 0) {
        return 0U;
    }
    g_kmapPa[freeSlot] = pa;
    g_kmapRefs[freeSlot] = 1U;
    g_kmapInUse++;
    return va;
}

VOID LOS_Kunmap(struct VmPage *page)
{
    if ((page == NULL) || !LOS_IsHighMem(page->physAddr)) {
        return;
    }
    for (UINT32 i = 0U; i < OsKmapSlots(); i++) {
        if ((g_kmapRefs[i] != 0U) && (g_kmapPa[i] == page->physAddr)) {
            if (--g_kmapRefs[i] == 0U) {
                (VOID)LOS_ArchMmuUnmap(&g_kVmSpace.archMmu,
                                       OsVmLayoutGet()->kmapBase + (i << PAGE_SHIFT), 1U);
                g_kmapPa[i] = 0U;
                g_kmapInUse--;
            }
            return;
        }
    }
}

UINT32 LOS_KmapSlotsInUse(VOID)
{
    return g_kmapInUse;
}
