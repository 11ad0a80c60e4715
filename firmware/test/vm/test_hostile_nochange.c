/*
 * fw.hostile.changes_nothing: every public call of docs/firmware.md's "Bad input" table, given
 * each documented kind of bad input, returns the documented result and changes nothing (LiteOS-A
 * profile, then the Linux profile for the high-memory calls).
 * "Nothing" is a snapshot taken from the outside before and after each call:
 *   - the buddy free lists (blocks per segment and order) and the free-page count;
 *   - every page struct's reference count, flags and order (a hash over the page array);
 *   - every space (kernel, vmalloc, processes): its bounds, table counters and region tree
 *     (base, size, flags, type, offset of each region);
 *   - all simulated RAM (a hash of every word: page tables, heap, data pages);
 *   - the host HAL's log: no RAM write, register write (TLB maintenance, TTBR) or barrier;
 *   - the kernel heap's used bytes, blocks and arenas; ASIDs, kmap slots, anonymous objects.
 * Bad frees are documented as counted: their counter must rise by exactly one.
 */
#include "vm_test.h"
#include "vm_private.h"
#include "los_vm_phys.h"
#include "los_memory.h"
#include "los_vm_fault.h"
#include <stdint.h>
#include <string.h>

#define URW (VM_MAP_REGION_FLAG_PERM_READ | VM_MAP_REGION_FLAG_PERM_WRITE | VM_MAP_REGION_FLAG_PERM_USER)
#define URO (VM_MAP_REGION_FLAG_PERM_READ | VM_MAP_REGION_FLAG_PERM_USER)
#define KRW (VM_MAP_REGION_FLAG_PERM_READ | VM_MAP_REGION_FLAG_PERM_WRITE)
#define RAM_BASE 0x80000000U
#define RAM_SIZE 0x01000000U   /* LiteOS-A phase: 16 MiB, small enough to hash around every call */
#define LINUX_RAM_SIZE 0x04000000U   /* Linux phase: 16 MiB direct-mapped, 48 MiB high memory */
#define HIGH_PA (RAM_BASE + 0x01000000U)

/* What a refused call may write through the HAL: nothing. */
#define WRITE_KINDS (HAL_LOG_MASK(HAL_LOG_PHYS_WRITE32) | HAL_LOG_MASK(HAL_LOG_PHYS_ZERO) | \
                     HAL_LOG_MASK(HAL_LOG_PHYS_COPY) | HAL_LOG_MASK(HAL_LOG_PHYS_WRITE_BYTES) | \
                     HAL_LOG_MASK(HAL_LOG_REG_WRITE) | HAL_LOG_MASK(HAL_LOG_DSB) | HAL_LOG_MASK(HAL_LOG_ISB))

typedef struct {
    UINT32 freePages;
    UINT32 freeBlocks[VM_PHYS_SEG_MAX][VM_LIST_ORDER_MAX];
    UINT64 pages;      /* hash of every page struct's refCounts, flags, order, nPages */
    UINT64 spaces;     /* hash of every space and its region tree                    */
    UINT64 ram;        /* hash of all simulated RAM                                   */
    UINT32 spaceCount, heapUsedBytes, heapUsedBlocks, heapArenas;
    UINT32 asids, kmapSlots, anonObjects;
    UINT32 badFrees;   /* counted, not compared */
} Snapshot;

static UINT64 Mix(UINT64 h, UINT64 v)
{
    h ^= v + 0x9E3779B97F4A7C15ULL + (h << 6) + (h >> 2);
    return h * 0x100000001B3ULL;
}

static VOID SnapTake(Snapshot *s)
{
    memset(s, 0, sizeof(*s));
    s->freePages = OsVmPhysFreePagesGet();
    for (INT32 i = 0; i < g_vmPhysSegNum; i++) {
        for (UINT32 o = 0; o < VM_LIST_ORDER_MAX; o++) {
            UINT32 n = 0;
            LOS_DL_LIST *item;
            LOS_DL_LIST_FOR_EACH(item, &g_vmPhysSeg[i].freeList[o].node) {
                n++;
            }
            s->freeBlocks[i][o] = n;
        }
    }
    for (size_t i = 0; i < g_vmPageArraySize; i++) {
        const LosVmPage *p = &g_vmPageArray[i];
        s->pages = Mix(s->pages, ((UINT64)(UINT32)LOS_AtomicRead(&p->refCounts) << 32) | p->flags);
        s->pages = Mix(s->pages, ((UINT64)p->order << 32) | p->nPages);
    }
    LosVmSpace *sp;
    LOS_DL_LIST_FOR_EACH_ENTRY(sp, LOS_GetVmSpaceList(), LosVmSpace, node) {
        s->spaceCount++;
        s->spaces = Mix(s->spaces, ((UINT64)sp->base << 32) | sp->size);
        s->spaces = Mix(s->spaces, ((UINT64)sp->heapNow << 32) | sp->mapBase);
        s->spaces = Mix(s->spaces, ((UINT64)sp->archMmu.mappedPages << 32) | sp->archMmu.l2Tables);
        for (LosVmMapRegion *r = OsRegionTreeFirst(&sp->regionTree); r != NULL;
             r = OsRegionTreeNext(&sp->regionTree, r)) {
            s->spaces = Mix(s->spaces, ((UINT64)r->range.base << 32) | r->range.size);
            s->spaces = Mix(s->spaces, ((UINT64)r->regionFlags << 32) | r->regionType);
            s->spaces = Mix(s->spaces, r->pgOff);
        }
    }
    const HalMemConfig *mem = HalMemConfigGet();
    const UINT64 *ram = (const UINT64 *)HalPhysToHost(mem->ramBase);
    for (size_t i = 0; i < mem->ramSize / sizeof(UINT64); i++) {
        s->ram = Mix(s->ram, ram[i]);
    }
    LosKernelHeapInfo heap;
    LOS_KernelHeapInfoGet(&heap);
    s->heapUsedBytes = heap.usedBytes;
    s->heapUsedBlocks = heap.usedBlocks;
    s->heapArenas = heap.arenas;
    s->asids = OsArchMmuAsidsInUse();
    s->kmapSlots = LOS_KmapSlotsInUse();
    s->anonObjects = OsVmAnonObjectsLive();
    s->badFrees = OsVmPhysBadFreeCount() + heap.badFrees;
}

static VOID SnapSame(const Snapshot *b, const Snapshot *a, const CHAR *what)
{
    CHECK(b->freePages == a->freePages, "%s: free pages %u -> %u", what, b->freePages, a->freePages);
    CHECK(memcmp(b->freeBlocks, a->freeBlocks, sizeof(b->freeBlocks)) == 0, "%s: free lists changed", what);
    CHECK(b->pages == a->pages, "%s: a page's refCounts/flags/order changed", what);
    CHECK(b->spaceCount == a->spaceCount && b->spaces == a->spaces, "%s: a space or region tree changed", what);
    CHECK(b->ram == a->ram, "%s: simulated RAM (page tables, heap, data) changed", what);
    CHECK(b->heapUsedBytes == a->heapUsedBytes && b->heapUsedBlocks == a->heapUsedBlocks &&
          b->heapArenas == a->heapArenas, "%s: kernel heap used %u -> %u bytes", what,
          b->heapUsedBytes, a->heapUsedBytes);
    CHECK(b->asids == a->asids && b->kmapSlots == a->kmapSlots && b->anonObjects == a->anonObjects,
          "%s: ASIDs, kmap slots or anonymous objects changed", what);
}

/* Runs `call` between two snapshots with the HAL's write log on; checks its result against the
 * documented one, no HAL write or maintenance, no change, and the bad-free counter's rise. */
#define BAD_CALL(what, call, expected, badFreeRise) \
    BAD_CALL_WRITES(what, call, expected, badFreeRise, 0U)
/* undone: a call documented as undone, whose HAL writes are put back before it returns. */
#define BAD_CALL_WRITES(what, call, expected, badFreeRise, undone) do {                          \
        Snapshot before_, after_;                                                                \
        SnapTake(&before_);                                                                      \
        HalHostLogStartMask(WRITE_KINDS);                                                        \
        long long got_ = (long long)(call);                                                      \
        HalHostLogStop();                                                                        \
        UINT32 writes_ = HalHostLogCount();                                                      \
        if ((writes_ != 0U) && !(undone)) {                                                      \
            HalHostLogDump(stderr);                                                              \
        }                                                                                        \
        SnapTake(&after_);                                                                       \
        CHECK(got_ == (long long)(expected), "%s: returned %lld, documented %lld", what, got_,   \
              (long long)(expected));                                                            \
        CHECK((undone) || (writes_ == 0U), "%s: %u HAL writes / register writes / barriers",     \
              what, writes_);                                                                    \
        SnapSame(&before_, &after_, what);                                                       \
        CHECK(after_.badFrees - before_.badFrees == (UINT32)(badFreeRise),                       \
              "%s: bad frees counted %u, expected %u", what, after_.badFrees - before_.badFrees, \
              (UINT32)(badFreeRise));                                                            \
        g_calls++;                                                                               \
    } while (0)
#define PTR_RESULT(expr) ((expr) != NULL)     /* documented NULL -> 0 */
#define VOID_RESULT(expr) ((expr), 0)

static UINT32 g_calls;

static VOID Predicates(LosVmSpace *sp)
{
    BAD_CALL("IsUserAddressRange len 0", LOS_IsUserAddressRange(0x01000000U, 0U), FALSE, 0);
    BAD_CALL("IsUserAddressRange wraps", LOS_IsUserAddressRange(0x01000000U, SIZE_MAX - 0xFFFU), FALSE, 0);
    BAD_CALL("IsUserAddressRange leaves", LOS_IsUserAddressRange(0x01000000U, 0xF0000000U), FALSE, 0);
    BAD_CALL("IsKernelAddressRange len 0", LOS_IsKernelAddressRange(0xC0000000U, 0U), FALSE, 0);
    BAD_CALL("IsKernelAddressRange wraps", LOS_IsKernelAddressRange(0xC0000000U, SIZE_MAX - 0xFFFU), FALSE, 0);
    BAD_CALL("IsKernelAddressRange leaves", LOS_IsKernelAddressRange(0x01000000U, 0x1000U), FALSE, 0);
    BAD_CALL("IsRangeInSpace len 0", LOS_IsRangeInSpace(sp, 0x01000000U, 0U), FALSE, 0);
    BAD_CALL("IsRangeInSpace wraps", LOS_IsRangeInSpace(sp, 0x01000000U, SIZE_MAX - 0xFFFU), FALSE, 0);
    BAD_CALL("IsRangeInSpace leaves", LOS_IsRangeInSpace(sp, sp->base, (size_t)sp->size + 0x1000U), FALSE, 0);
}

/* first: a populated region's start, mapped: its last page, other: a page mapped elsewhere. */
static VOID ArchMmu(LosVmSpace *sp, VADDR_T first, VADDR_T mapped, VADDR_T other, PADDR_T pa)
{
    LosArchMmu *m = &sp->archMmu;
    const size_t counts[] = { 0U, (1U << 20) + 1U, SIZE_MAX, SIZE_MAX >> 12, (size_t)1 << 31 };
    const INT32 inv = LOS_ERRNO_VM_INVALID_ARGS;
    for (UINT32 i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
        BAD_CALL("ArchMmuMap count", LOS_ArchMmuMap(m, 0x02000000U, pa, counts[i], URW), inv, 0);
        BAD_CALL("ArchMmuUnmap count", LOS_ArchMmuUnmap(m, mapped, counts[i]), inv, 0);
        BAD_CALL("ArchMmuChangeProt count", LOS_ArchMmuChangeProt(m, mapped, counts[i], URO), inv, 0);
        BAD_CALL("ArchMmuMove count", LOS_ArchMmuMove(m, mapped, 0x02000000U, counts[i], URW), inv, 0);
    }
    BAD_CALL("ArchMmuMap unaligned VA", LOS_ArchMmuMap(m, 0x02000800U, pa, 1U, URW), inv, 0);
    BAD_CALL("ArchMmuMap unaligned PA", LOS_ArchMmuMap(m, 0x02000000U, pa + 4U, 1U, URW), inv, 0);
    BAD_CALL("ArchMmuMap VA wraps", LOS_ArchMmuMap(m, 0xFFFFF000U, pa, 2U, URW), inv, 0);
    BAD_CALL("ArchMmuMap PA wraps", LOS_ArchMmuMap(m, 0x02000000U, 0xFFFFF000U, 2U, URW), inv, 0);
    BAD_CALL("ArchMmuMap outside the table", LOS_ArchMmuMap(m, 0xC0100000U, pa, 1U, URW), inv, 0);
    BAD_CALL("ArchMmuMap clash", LOS_ArchMmuMap(m, mapped, pa, 1U, URW), LOS_ERRNO_VM_ALREADY_EXISTS, 0);
    BAD_CALL_WRITES("ArchMmuMap clash after the first page (undone)",
                    LOS_ArchMmuMap(m, first - 0x2000U, pa, 4U, URW), LOS_ERRNO_VM_ALREADY_EXISTS, 0, TRUE);
    BAD_CALL_WRITES("ArchMmuMove clash after the first page (undone)",
                    LOS_ArchMmuMove(m, first, other - 0x1000U, 2U, URW), LOS_ERRNO_VM_ALREADY_EXISTS, 0, TRUE);
    BAD_CALL("ArchMmuUnmap unaligned", LOS_ArchMmuUnmap(m, mapped + 4U, 1U), inv, 0);
    BAD_CALL("ArchMmuUnmap wraps", LOS_ArchMmuUnmap(m, 0xFFFFF000U, 2U), inv, 0);
    BAD_CALL("ArchMmuUnmap outside the table", LOS_ArchMmuUnmap(m, 0xC0000000U, 1U), inv, 0);
    BAD_CALL("ArchMmuChangeProt unaligned", LOS_ArchMmuChangeProt(m, mapped + 4U, 1U, URO), inv, 0);
    BAD_CALL("ArchMmuChangeProt wraps", LOS_ArchMmuChangeProt(m, 0xFFFFF000U, 2U, URO), inv, 0);
    BAD_CALL("ArchMmuMove unaligned", LOS_ArchMmuMove(m, mapped, 0x02000800U, 1U, URW), inv, 0);
    BAD_CALL("ArchMmuMove overlapping", LOS_ArchMmuMove(m, mapped, mapped + 0x1000U, 2U, URW), inv, 0);
    BAD_CALL("ArchMmuMove wraps", LOS_ArchMmuMove(m, mapped, 0xFFFFF000U, 2U, URW), inv, 0);
    BAD_CALL("ArchMmuMove outside the table", LOS_ArchMmuMove(m, mapped, 0xC0100000U, 1U, URW), inv, 0);
    BAD_CALL("ArchMmuMove onto a mapping", LOS_ArchMmuMove(m, 0x03000000U, mapped, 1U, URW),
             LOS_ERRNO_VM_ALREADY_EXISTS, 0);
}

static VOID Regions(LosVmSpace *sp, LosVmSpace *other, LosVmMapRegion *populated)
{
    LosVmSpace *k = LOS_GetKVmSpace();
    VADDR_T at = populated->range.base;
    BAD_CALL("RegionAlloc len 0", PTR_RESULT(LOS_RegionAlloc(sp, 0x05000000U, 0U, URW, 0U)), 0, 0);
    BAD_CALL("RegionAlloc beyond the space",
             PTR_RESULT(LOS_RegionAlloc(sp, 0U, (size_t)sp->size + 0x1000U, URW, 0U)), 0, 0);
    BAD_CALL("RegionAlloc huge len", PTR_RESULT(LOS_RegionAlloc(sp, 0x05000000U, SIZE_MAX, URW, 0U)), 0, 0);
    BAD_CALL("RegionAlloc unaligned", PTR_RESULT(LOS_RegionAlloc(sp, 0x05000800U, 0x1000U, URW, 0U)), 0, 0);
    BAD_CALL("RegionAlloc outside", PTR_RESULT(LOS_RegionAlloc(sp, 0xC0000000U, 0x1000U, URW, 0U)), 0, 0);
    BAD_CALL("RegionAlloc overlap", PTR_RESULT(LOS_RegionAlloc(sp, at, 0x1000U, URW, 0U)), 0, 0);
    BAD_CALL("RegionAlloc FIXED over the direct map",
             PTR_RESULT(LOS_RegionAlloc(k, k->base, 0x1000U, KRW, VM_MAP_REGION_FLAG_FIXED)), 0, 0);

    const INT32 inv = LOS_ERRNO_VM_INVALID_ARGS;
    LosVmMapRegion fake = *populated;
    BAD_CALL("RegionFree NULL", LOS_RegionFree(sp, NULL), inv, 0);
    BAD_CALL("RegionFree of another space", LOS_RegionFree(other, populated), inv, 0);
    BAD_CALL("RegionFree not in the tree", LOS_RegionFree(sp, &fake), inv, 0);
    LosVmMapRegion *direct = LOS_RegionFind(k, k->base);
    REQUIRE(direct != NULL, "direct-map region");
    BAD_CALL("RegionFree the direct map", LOS_RegionFree(k, direct), inv, 0);

    BAD_CALL("SetRegionTypeDev mapped", VOID_RESULT(LOS_SetRegionTypeDev(populated)), 0, 0);
    BAD_CALL("SetRegionTypeFile mapped", VOID_RESULT(LOS_SetRegionTypeFile(populated)), 0, 0);
    CHECK(LOS_IsRegionTypeAnon(populated), "type kept");
}

static VOID Mappings(LosVmSpace *sp, VADDR_T taken, PADDR_T ownedPa)
{
    const INT32 inv = LOS_ERRNO_VM_INVALID_ARGS, nv = LOS_ERRNO_VM_NOT_VALID;
    const PADDR_T freePa = RAM_BASE + RAM_SIZE - 0x1000U;   /* the buddy hands out low pages first */
    REQUIRE(LOS_AtomicRead(&LOS_VmPageGet(freePa)->refCounts) == 0, "top page free");
    BAD_CALL("VaddrToPaddrMmap unaligned VA", LOS_VaddrToPaddrMmap(sp, 0x06000800U, ownedPa, 0x1000U, URW), nv, 0);
    BAD_CALL("VaddrToPaddrMmap unaligned PA", LOS_VaddrToPaddrMmap(sp, 0x06000000U, ownedPa + 8U, 0x1000U, URW), nv, 0);
    BAD_CALL("VaddrToPaddrMmap unaligned len", LOS_VaddrToPaddrMmap(sp, 0x06000000U, ownedPa, 0x800U, URW), nv, 0);
    BAD_CALL("VaddrToPaddrMmap region there", LOS_VaddrToPaddrMmap(sp, taken, ownedPa, 0x1000U, URW),
             LOS_ERRNO_VM_BUSY, 0);
    BAD_CALL("VaddrToPaddrMmap NULL space", LOS_VaddrToPaddrMmap(NULL, 0x06000000U, ownedPa, 0x1000U, URW), inv, 0);
    BAD_CALL("VaddrToPaddrMmap VA 0", LOS_VaddrToPaddrMmap(sp, 0U, ownedPa, 0x1000U, URW), inv, 0);
    BAD_CALL("VaddrToPaddrMmap outside", LOS_VaddrToPaddrMmap(sp, 0xC0000000U, ownedPa, 0x1000U, URW), inv, 0);
    BAD_CALL("VaddrToPaddrMmap PA wraps", LOS_VaddrToPaddrMmap(sp, 0x06000000U, 0xFFFFF000U, 0x2000U, URW), inv, 0);
    BAD_CALL("VaddrToPaddrMmap free RAM", LOS_VaddrToPaddrMmap(sp, 0x06000000U, freePa, 0x1000U, URW), inv, 0);
    BAD_CALL("VaddrToPaddrMmap RAM and non-RAM", LOS_VaddrToPaddrMmap(sp, 0x06000000U, RAM_BASE - 0x1000U,
             0x2000U, URW), inv, 0);
    BAD_CALL("VaddrToPaddrMmap FIXED", LOS_VaddrToPaddrMmap(sp, 0x06000000U, ownedPa, 0x1000U,
             URW | VM_MAP_REGION_FLAG_FIXED), inv, 0);

    VOID *none = NULL;
    VOID *direct = (VOID *)(UINTPTR)LOS_GetKVmSpace()->base;
    BAD_CALL("UserSpaceVmAlloc size 0", LOS_UserSpaceVmAlloc(sp, 0U, &none, 0U, URW), inv, 0);
    BAD_CALL("UserSpaceVmAlloc align 32", LOS_UserSpaceVmAlloc(sp, 0x1000U, &none, 32U, URW), inv, 0);
    BAD_CALL("UserSpaceVmAlloc FIXED without address",
             LOS_UserSpaceVmAlloc(sp, 0x1000U, &none, 0U, URW | VM_MAP_REGION_FLAG_FIXED), inv, 0);
    BAD_CALL("UserSpaceVmAlloc FIXED over the direct map",
             LOS_UserSpaceVmAlloc(LOS_GetKVmSpace(), 0x1000U, &direct, 0U, KRW | VM_MAP_REGION_FLAG_FIXED), inv, 0);
    CHECK(none == NULL && direct == (VOID *)(UINTPTR)LOS_GetKVmSpace()->base, "*ptr untouched");

    BAD_CALL("VmSpaceReserve size 0", LOS_VmSpaceReserve(sp, 0U, 0x06000000U), inv, 0);
    BAD_CALL("VmSpaceReserve unaligned", LOS_VmSpaceReserve(sp, 0x1000U, 0x06000800U), inv, 0);
    BAD_CALL("VmSpaceReserve outside", LOS_VmSpaceReserve(sp, 0x1000U, 0xC0000000U), inv, 0);
    BAD_CALL("VmSpaceReserve wraps", LOS_VmSpaceReserve(sp, SIZE_MAX - 0xFFFU, 0x06000000U), inv, 0);
    BAD_CALL("VmSpaceReserve taken", LOS_VmSpaceReserve(sp, 0x1000U, taken), LOS_ERRNO_VM_ALREADY_EXISTS, 0);

    BAD_CALL("VmSpaceFree NULL", LOS_VmSpaceFree(NULL), inv, 0);
    BAD_CALL("VmSpaceFree kernel", LOS_VmSpaceFree(LOS_GetKVmSpace()), LOS_OK, 0);
    BAD_CALL("VmSpaceFree vmalloc", LOS_VmSpaceFree(LOS_GetVmallocSpace()), LOS_OK, 0);
}

static VOID ProcessOps(LosVmSpace *sp)
{
    const INT32 inv = LOS_ERRNO_VM_INVALID_ARGS;
    LosVmSpace *kernelSpaces[2] = { LOS_GetKVmSpace(), LOS_GetVmallocSpace() };
    LosVmMmapArgs a = { 0U, 0x1000U, KRW, VM_MAP_REGION_FLAG_PRIVATE, VM_MAP_REGION_TYPE_ANON, 0U, 0U, 0U };
    VADDR_T out = 0x12345000U;
    for (UINT32 i = 0; i < 2U; i++) {
        LosVmSpace *k = kernelSpaces[i];
        BAD_CALL("OsVmMmap kernel/vmalloc space", OsVmMmap(k, &a, &out), inv, 0);
        BAD_CALL("OsVmMunmap kernel/vmalloc space", OsVmMunmap(k, k->base, 0x1000U), inv, 0);
        BAD_CALL("OsVmMprotect kernel/vmalloc space", OsVmMprotect(k, k->base, 0x1000U, VM_MAP_REGION_FLAG_PERM_READ), inv, 0);
    }
    CHECK(out == 0x12345000U, "*out untouched");
    a.len = 0U;
    BAD_CALL("OsVmMmap len 0", OsVmMmap(sp, &a, &out), inv, 0);
    a.len = SIZE_MAX - 0xFFFU;
    BAD_CALL("OsVmMmap len wraps", OsVmMmap(sp, &a, &out), inv, 0);
    BAD_CALL("OsVmMunmap len 0", OsVmMunmap(sp, 0x01000000U, 0U), inv, 0);
    BAD_CALL("OsVmMunmap unaligned", OsVmMunmap(sp, 0x01000800U, 0x1000U), inv, 0);
    BAD_CALL("OsVmMprotect over a hole", OsVmMprotect(sp, 0x07000000U, 0x1000U, VM_MAP_REGION_FLAG_PERM_READ),
             LOS_ERRNO_VM_NOT_FOUND, 0);
}

static VOID Frees(LosVmPage *shared, VOID *vmBlock, VOID *heapBlock)
{
    const PADDR_T freePa = RAM_BASE + RAM_SIZE - 0x1000U;
    LosVmPage *freePage = LOS_VmPageGet(freePa);
    BAD_CALL("VMalloc size 0", PTR_RESULT(LOS_VMalloc(0U)), 0, 0);
    BAD_CALL("VMalloc beyond the area", PTR_RESULT(LOS_VMalloc((size_t)LOS_GetVmallocSpace()->size + 0x1000U)), 0, 0);
    BAD_CALL("VMalloc SIZE_MAX", PTR_RESULT(LOS_VMalloc(SIZE_MAX)), 0, 0);
    BAD_CALL("VFree interior", VOID_RESULT(LOS_VFree((const CHAR *)vmBlock + 0x1000)), 0, 0);
    BAD_CALL("VFree not a block", VOID_RESULT(LOS_VFree((const VOID *)(UINTPTR)0x12345000U)), 0, 0);

    BAD_CALL("PhysPageFree free page", VOID_RESULT(LOS_PhysPageFree(freePage)), 0, 1);
    BAD_CALL("PhysPagesFreeContiguous still referenced",
             VOID_RESULT(LOS_PhysPagesFreeContiguous(OsVmPageToVaddr(shared), 1U)), 0, 1);
    BAD_CALL("PhysPagesFreeContiguous free", VOID_RESULT(LOS_PhysPagesFreeContiguous(OsVmPageToVaddr(freePage), 1U)), 0, 1);
    BAD_CALL("PhysPagesFreeContiguous SIZE_MAX",
             VOID_RESULT(LOS_PhysPagesFreeContiguous(OsVmPageToVaddr(shared), SIZE_MAX)), 0, 1);
    BAD_CALL("PhysPagesFreeContiguous leaves the segment",
             VOID_RESULT(LOS_PhysPagesFreeContiguous(OsVmPageToVaddr(freePage), 2U)), 0, 1);
    BAD_CALL("PhysPagesFreeContiguous heap page",
             VOID_RESULT(LOS_PhysPagesFreeContiguous((VOID *)((UINTPTR)heapBlock & ~(UINTPTR)0xFFFU), 1U)), 0, 1);
    BAD_CALL("KernelFree not from the heap", VOID_RESULT(LOS_KernelFree((CHAR *)heapBlock + 8)), 0, 1);
    BAD_CALL("KernelFree a page pointer", VOID_RESULT(LOS_KernelFree(OsVmPageToVaddr(shared))), 0, 1);
}

static VOID Faults(LosVmSpace *sp, VADDR_T readOnly)
{
    BAD_CALL("fault no region", OsVmPageFaultHandler(0x07000000U, VM_MAP_PF_FLAG_USER | VM_MAP_PF_FLAG_NOT_PRESENT, NULL),
             LOS_ERRNO_VM_NOT_FOUND, 0);
    BAD_CALL("fault write to read-only",
             OsVmPageFaultHandler(readOnly, VM_MAP_PF_FLAG_USER | VM_MAP_PF_FLAG_WRITE | VM_MAP_PF_FLAG_NOT_PRESENT, NULL),
             LOS_ERRNO_VM_ACCESS_DENIED, 0);
    (VOID)sp;
}

/* Linux profile: the high-memory calls (kmap window, fixmap slots, vmap, ioremap) and a fault
 * with no page left. */
static VOID HighMemory(VOID)
{
    VmTestBoot(VM_LAYOUT_LINUX, RAM_BASE, LINUX_RAM_SIZE, 0x01000000U, FALSE);
    const LosVmLayout *l = OsVmLayoutGet();
    LOS_DL_LIST spare;
    LOS_ListInit(&spare);
    (VOID)LOS_PhysPagesAlloc(1U << 20, &spare);     /* own every page, to pick high ones */
    UINT32 n = l->kmapPages + 1U;
    REQUIRE(n <= 2048U, "kmap window of %u pages", l->kmapPages);
    static LosVmPage *high[2048U];
    for (UINT32 i = 0; i < n; i++) {
        high[i] = LOS_VmPageGet(HIGH_PA + i * PAGE_SIZE);
        LOS_ListDelete(&high[i]->node);
    }
    (VOID)LOS_PhysPagesFree(&spare);
    for (UINT32 i = 0; i + 1U < n; i++) {
        REQUIRE(LOS_Kmap(high[i]) != 0U, "kmap %u", i);
    }
    BAD_CALL("Kmap window full", LOS_Kmap(high[n - 1U]), 0, 0);

    VADDR_T outer = LOS_KmapAtomic(high[0], 0U);
    VADDR_T inner = LOS_KmapAtomic(high[1], 0U);
    REQUIRE(outer != 0U && inner != 0U, "atomic kmaps");
    BAD_CALL("KunmapAtomic outer first", LOS_KunmapAtomic(outer, 0U), LOS_ERRNO_VM_INVALID_ARGS, 0);
    BAD_CALL("KunmapAtomic another CPU's slot", LOS_KunmapAtomic(inner, 1U), LOS_ERRNO_VM_INVALID_ARGS, 0);
    BAD_CALL("KunmapAtomic bad CPU", LOS_KunmapAtomic(inner, KMAP_ATOMIC_CPUS), LOS_ERRNO_VM_INVALID_ARGS, 0);
    BAD_CALL("KmapAtomic bad CPU", LOS_KmapAtomic(high[2], KMAP_ATOMIC_CPUS), 0, 0);
    BAD_CALL("KmapAtomic NULL", LOS_KmapAtomic(NULL, 0U), 0, 0);
    for (UINT32 i = 2U; i < KMAP_ATOMIC_TYPES; i++) {
        REQUIRE(LOS_KmapAtomic(high[i], 0U) != 0U, "nest %u", i);
    }
    BAD_CALL("KmapAtomic nested too deep", LOS_KmapAtomic(high[KMAP_ATOMIC_TYPES], 0U), 0, 0);

    LosVmPage *bad[2] = { high[0], NULL };
    LosVmPage *freePage = LOS_VmPageGet(RAM_BASE + LINUX_RAM_SIZE - PAGE_SIZE);   /* handed out last */
    REQUIRE(LOS_AtomicRead(&freePage->refCounts) == 0, "top page free");
    BAD_CALL("Vmap NULL list", PTR_RESULT(LOS_Vmap(NULL, 1U, KRW)), 0, 0);
    BAD_CALL("Vmap count 0", PTR_RESULT(LOS_Vmap(high, 0U, KRW)), 0, 0);
    BAD_CALL("Vmap NULL page", PTR_RESULT(LOS_Vmap(bad, 2U, KRW)), 0, 0);
    BAD_CALL("Vmap free page", PTR_RESULT(LOS_Vmap(&freePage, 1U, KRW)), 0, 0);
    BAD_CALL("Vmap user access", PTR_RESULT(LOS_Vmap(high, 1U, KRW | VM_MAP_REGION_FLAG_PERM_USER)), 0, 0);
    BAD_CALL("Vmap count beyond the area", PTR_RESULT(LOS_Vmap(high, 0xFFFFFFFFU, KRW)), 0, 0);
    BAD_CALL("Vunmap not a block", VOID_RESULT(LOS_Vunmap((const VOID *)(UINTPTR)(l->vmallocBase + 0x1000U))), 0, 0);
    BAD_CALL("Ioremap RAM", PTR_RESULT(LOS_Ioremap(RAM_BASE, 0x1000U)), 0, 0);
    BAD_CALL("Ioremap RAM at the end", PTR_RESULT(LOS_Ioremap(HIGH_PA - 0x1000U, 0x2000U)), 0, 0);
    BAD_CALL("Ioremap size 0", PTR_RESULT(LOS_Ioremap(0x10000000U, 0U)), 0, 0);
    BAD_CALL("Ioremap wraps", PTR_RESULT(LOS_Ioremap(0xFFFFF000U, 0x2000U)), 0, 0);
    BAD_CALL("Ioremap SIZE_MAX", PTR_RESULT(LOS_Ioremap(0x10000000U, SIZE_MAX)), 0, 0);
    BAD_CALL("Iounmap not a block", VOID_RESULT(LOS_Iounmap((const VOID *)(UINTPTR)(l->vmallocBase + 0x1000U))), 0, 0);

    /* A fault with no page left: refused, and the region's table keeps no new level-2 table. */
    LosVmSpace *sp = OsCreateUserVmSpace();
    REQUIRE(sp != NULL, "space");
    OsVmSpaceSwitch(sp);
    LosVmMmapArgs a = { 0x01100000U, 0x1000U, URW, VM_MAP_REGION_FLAG_PRIVATE, VM_MAP_REGION_TYPE_ANON, 0U, 0U, 0U };
    VADDR_T va = 0U;
    REQUIRE(OsVmMmap(sp, &a, &va) == LOS_OK, "region");
    LOS_DL_LIST hog;
    LOS_ListInit(&hog);
    (VOID)LOS_PhysPagesAlloc(1U << 20, &hog);
    BAD_CALL("fault no memory", OsVmPageFaultHandler(va, VM_MAP_PF_FLAG_USER | VM_MAP_PF_FLAG_WRITE |
             VM_MAP_PF_FLAG_NOT_PRESENT, NULL), LOS_ERRNO_VM_NO_MEMORY, 0);
    (VOID)LOS_PhysPagesFree(&hog);
    OsVmInvariantsCheck();
    OsVmPhysInvariantsCheck();
}

int main(VOID)
{
    VmTestBoot(VM_LAYOUT_LITEOS, RAM_BASE, RAM_SIZE, 0U, FALSE);
    LosVmSpace *sp = OsCreateUserVmSpace();
    LosVmSpace *other = OsCreateUserVmSpace();
    REQUIRE(sp != NULL && other != NULL, "spaces");
    OsVmSpaceSwitch(sp);

    /* State for the calls to refuse: populated and read-only regions, a page mapped by
     * LOS_VaddrToPaddrMmap (two references), a vmalloc block, a kernel-heap block. */
    LosVmMmapArgs a = { 0x01100000U, 0x4000U, URW, VM_MAP_REGION_FLAG_PRIVATE | VM_MMAP_POPULATE,
                        VM_MAP_REGION_TYPE_ANON, 0U, 0U, 0U };
    VADDR_T va = 0U;
    REQUIRE(OsVmMmap(sp, &a, &va) == LOS_OK && va == 0x01100000U, "populated region");
    LosVmMapRegion *populated = LOS_RegionFind(sp, va);
    a.vaddr = 0x04000000U;
    a.prot = URO;
    a.flags = VM_MAP_REGION_FLAG_PRIVATE;
    VADDR_T ro = 0U;
    REQUIRE(OsVmMmap(sp, &a, &ro) == LOS_OK, "read-only region");
    LosVmPage *shared = LOS_PhysPageAlloc();
    REQUIRE(shared != NULL, "page");
    REQUIRE(LOS_VaddrToPaddrMmap(sp, 0x03000000U, shared->physAddr, 0x1000U, URW) == LOS_OK, "mapped page");
    VOID *vmBlock = LOS_VMalloc(0x3000U);
    VOID *heapBlock = LOS_KernelMalloc(64U);
    REQUIRE(vmBlock != NULL && heapBlock != NULL, "blocks");
    OsVmInvariantsCheck();

    Predicates(sp);
    ArchMmu(sp, va, va + 0x3000U, 0x03000000U, shared->physAddr);
    Regions(sp, other, populated);
    Mappings(sp, 0x03000000U, shared->physAddr);
    ProcessOps(sp);
    Frees(shared, vmBlock, heapBlock);
    Faults(sp, ro);

    OsVmInvariantsCheck();
    OsVmPhysInvariantsCheck();
    OsKHeapInvariantsCheck();
    HighMemory();
    printf("%u refused calls, each changed nothing\n", g_calls);
    return FwTestResult("fw.hostile.changes_nothing");
}
