/*
 * fw.kheap.basic: the two paths of LOS_KernelMalloc (heap under 16 KiB, own pages from
 * 16 KiB), alignment, realloc across the paths with contents kept, coalescing worked by hand,
 * and that backing pages come from (and go back to) the buddy allocator.
 */
#include <string.h>
#include "fw_test.h"
#include "hal_host.h"
#include "los_vm_boot.h"
#include "los_vm_phys.h"
#include "los_memory.h"

static PADDR_T Pa(const VOID *p)
{
    BOOL ok = FALSE;
    PADDR_T pa = HalHostToPhys(p, &ok);
    CHECK(ok, "%p is not in simulated RAM", p);
    return pa;
}

static void Fill(VOID *p, UINT32 n, UINT8 seed)
{
    UINT8 *b = p;
    for (UINT32 i = 0; i < n; i++) {
        b[i] = (UINT8)(seed + i * 7U);
    }
}

static BOOL Same(const VOID *p, UINT32 n, UINT8 seed)
{
    const UINT8 *b = p;
    for (UINT32 i = 0; i < n; i++) {
        if (b[i] != (UINT8)(seed + i * 7U)) {
            return FALSE;
        }
    }
    return TRUE;
}

int main(void)
{
    REQUIRE(HalHostInit(0x80000000U, 1024U * PAGE_SIZE) == LOS_OK, "HalHostInit");
    REQUIRE(OsSysMemInit() == LOS_OK, "OsSysMemInit");
    const UINT32 total = OsVmPhysFreePagesGet();
    LosKernelHeapInfo hi;

    CHECK(LOS_KernelMalloc(0) == NULL, "malloc(0)");
    CHECK(LOS_KernelMallocAlign(16, 0) == NULL && LOS_KernelMallocAlign(16, 24) == NULL,
          "bad boundaries");

    /* Small: one 16-page arena from the buddy allocator. */
    VOID *a = LOS_KernelMalloc(1000);
    REQUIRE(a != NULL, "a");
    CHECK(Pa(a) % KMALLOC_MIN_ALIGN == 0, "a at 0x%08x", Pa(a));
    CHECK(OsVmPhysFreePagesGet() == total - 16U, "arena pages not taken from the buddy");
    LosVmPage *arenaPage = LOS_VmPageGet(Pa(a));
    CHECK(arenaPage != NULL && (arenaPage->flags & VM_PAGE_FLAG_KHEAP), "arena page flag");
    Fill(a, 1000, 1);

    /* Hand-worked coalescing in that arena (sizes round up to 16: 1000 -> 1008):
     * a [0,1008) b [1008,2016) c [2016,3024) rest free [3024, 65536). */
    VOID *b = LOS_KernelMalloc(1000);
    VOID *c = LOS_KernelMalloc(1000);
    CHECK(Pa(b) == Pa(a) + 1008U && Pa(c) == Pa(a) + 2016U, "b, c placement");
    LOS_KernelHeapInfoGet(&hi);
    CHECK(hi.usedBlocks == 3 && hi.freeBlocks == 1 && hi.freeBytes == 65536U - 3024U,
          "after a,b,c: used %u free %u bytes %u", hi.usedBlocks, hi.freeBlocks, hi.freeBytes);
    LOS_KernelFree(c);              /* c merges with the free rest */
    LOS_KernelHeapInfoGet(&hi);
    CHECK(hi.usedBlocks == 2 && hi.freeBlocks == 1 && hi.largestFree == 65536U - 2016U,
          "after free c: used %u free %u largest %u", hi.usedBlocks, hi.freeBlocks, hi.largestFree);
    LOS_KernelFree(a);              /* a stays alone: b is in use */
    LOS_KernelHeapInfoGet(&hi);
    CHECK(hi.freeBlocks == 2 && hi.freeBytes == 1008U + 65536U - 2016U, "after free a: %u blocks",
          hi.freeBlocks);
    VOID *a2 = LOS_KernelMalloc(500);   /* first fit: reuses a's place */
    CHECK(Pa(a2) == Pa(b) - 1008U, "a2 reuses a's block");
    LOS_KernelFree(a2);
    LOS_KernelFree(b);              /* all three merge; the arena goes back to the buddy */
    LOS_KernelHeapInfoGet(&hi);
    CHECK(hi.arenas == 0 && hi.usedBlocks == 0 && hi.freeBlocks == 0, "arena not released");
    CHECK(OsVmPhysFreePagesGet() == total, "pages not returned");

    /* Alignment inside the heap. */
    VOID *pad = LOS_KernelMalloc(48);
    VOID *al = LOS_KernelMallocAlign(100, 1024);
    VOID *al4k = LOS_KernelMallocAlign(5000, PAGE_SIZE);
    CHECK(al != NULL && Pa(al) % 1024U == 0, "1 KiB aligned at 0x%08x", Pa(al));
    CHECK(al4k != NULL && Pa(al4k) % PAGE_SIZE == 0, "4 KiB aligned at 0x%08x", Pa(al4k));
    LOS_KernelHeapInfoGet(&hi);
    CHECK(hi.arenas == 1 && hi.largeAllocs == 0, "aligned small blocks share the arena");
    /* Above a page, alignment takes own pages. */
    VOID *al64k = LOS_KernelMallocAlign(100, 64U * 1024U);
    CHECK(al64k != NULL && Pa(al64k) % (64U * 1024U) == 0, "64 KiB aligned");
    LOS_KernelHeapInfoGet(&hi);
    CHECK(hi.largeAllocs == 1 && hi.largePages == 1, "large %u pages %u", hi.largeAllocs,
          hi.largePages);
    OsKHeapInvariantsCheck();

    /* Large: 16 KiB and up take whole pages; 16 KiB - 1 does not. */
    VOID *l16 = LOS_KernelMalloc(KMALLOC_LARGE_SIZE);
    VOID *s16 = LOS_KernelMalloc(KMALLOC_LARGE_SIZE - 1U);
    VOID *l5 = LOS_KernelMalloc(5U * PAGE_SIZE + 1U);
    CHECK(l16 != NULL && Pa(l16) % PAGE_SIZE == 0, "16 KiB is page aligned");
    LOS_KernelHeapInfoGet(&hi);
    CHECK(hi.largeAllocs == 3 && hi.largePages == 1U + 4U + 6U, "large %u pages %u",
          hi.largeAllocs, hi.largePages);
    CHECK(s16 != NULL && LOS_VmPageGet(Pa(s16))->flags & VM_PAGE_FLAG_KHEAP, "16 KiB - 1 in heap");
    UINT32 used = 0;
    UINT32 all = 0;
    OsVmPhysUsedInfoGet(&used, &all);
    CHECK(used == hi.arenaPages + hi.largePages, "used pages %u, heap holds %u + %u", used,
          hi.arenaPages, hi.largePages);

    /* Realloc keeps contents: small grow in place, small -> large, large -> small, shrink. */
    VOID *r = LOS_KernelMalloc(100);
    Fill(r, 100, 9);
    VOID *r2 = LOS_KernelRealloc(r, 200);
    CHECK(r2 != NULL && Same(r2, 100, 9), "small grow keeps contents");
    VOID *r3 = LOS_KernelRealloc(r2, 40000);
    CHECK(r3 != NULL && Same(r3, 100, 9), "small -> large keeps contents");
    Fill(r3, 40000, 3);
    VOID *r4 = LOS_KernelRealloc(r3, 40001);
    CHECK(r4 == r3, "large realloc within its pages stays");
    VOID *r5 = LOS_KernelRealloc(r4, 3000);
    CHECK(r5 != NULL && Same(r5, 3000, 3), "large -> small keeps contents");
    VOID *r6 = LOS_KernelRealloc(r5, 1000);
    CHECK(r6 == r5 && Same(r6, 1000, 3), "shrink in place");
    VOID *r7 = LOS_KernelRealloc(NULL, 64);
    CHECK(r7 != NULL, "realloc(NULL) allocates");
    CHECK(LOS_KernelRealloc(r7, 0) == NULL, "realloc(p, 0) frees");
    OsKHeapInvariantsCheck();
    OsVmPhysInvariantsCheck();

    LOS_KernelFree(r6);
    LOS_KernelFree(pad);
    LOS_KernelFree(al);
    LOS_KernelFree(al4k);
    LOS_KernelFree(al64k);
    LOS_KernelFree(l16);
    LOS_KernelFree(s16);
    LOS_KernelFree(l5);
    LOS_KernelFree(NULL);
    LOS_KernelHeapInfoGet(&hi);
    CHECK(hi.arenas == 0 && hi.largeAllocs == 0 && hi.badFrees == 0, "heap not empty at the end");
    CHECK(OsVmPhysFreePagesGet() == total, "pages leaked: %u of %u free", OsVmPhysFreePagesGet(),
          total);
    OsVmPhysInvariantsCheck();
    return FwTestResult("fw.kheap.basic");
}
