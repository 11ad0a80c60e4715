/*
 * libFuzzer harness for the firmware's public API. Each input is decoded into a boot (profile,
 * RAM size, low-memory limit, large pages) and a sequence of calls: physical pages (single,
 * lists, contiguous), the kernel heap, vmalloc, kmap, process spaces (create, fork, switch,
 * free), regions, LOS_VaddrToPaddrMmap, LOS_UserSpaceVmAlloc, mmap/munmap/mprotect, faults and
 * the abort entry, and the LOS_ArchMmu* calls. Arguments are drawn from a table of hostile
 * values (0, SIZE_MAX, SIZE_MAX - 0xFFF, 2^52, 2^20 + 1 pages, 4 GiB + 1 page, unaligned
 * values, the edges of every zone of the layout, free and owned physical pages) or from the
 * input's raw bytes.
 *
 * After every call the three invariant checkers run (OsVmPhysInvariantsCheck,
 * OsKHeapInvariantsCheck, OsVmInvariantsCheck), and a few answers are checked against their
 * definition (range predicates). At the end everything is released and the free page count
 * must be back where it was after boot.
 *
 * The harness keeps to what an owner may do: it frees only what it holds, and uses the
 * LOS_ArchMmu* calls (which trust their caller about which pages to map) only on a process
 * space that has no regions and on the kernel window no space owns.
 */
#include "los_vm_boot.h"
#include "los_vm_map.h"
#include "los_vm_phys.h"
#include "los_vm_fault.h"
#include "los_memory.h"
#include "hal_host.h"
#include "vmcosim/mmu_regs.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FZ_SPACES  4U
#define FZ_PAGES   32U
#define FZ_CONTIG  8U
#define FZ_VM      8U
#define FZ_KM      16U
#define FZ_KMAP    8U

typedef struct {
    const uint8_t *p;
    size_t n;
} FzIn;

typedef struct {
    VOID *ptr;
    size_t pages;
} FzContig;

typedef struct {
    LosVmSpace *spaces[FZ_SPACES];   /* process spaces (regions allowed)       */
    LosVmSpace *scratch;             /* process space used only by LOS_ArchMmu* */
    LosVmPage *pages[FZ_PAGES];
    FzContig contig[FZ_CONTIG];
    VOID *vm[FZ_VM];
    VOID *km[FZ_KM];
    LosVmPage *kmapped[FZ_KMAP];
    VADDR_T kernWin;                 /* the kernel window no space owns: [kernWin, kernWinEnd) */
    UINT64 kernWinEnd;
    VADDR_T atomicVa[KMAP_ATOMIC_CPUS][KMAP_ATOMIC_TYPES];   /* kmap_atomic stacks */
    LosVmPage *atomicPage[KMAP_ATOMIC_CPUS][KMAP_ATOMIC_TYPES];
    UINT32 atomicDepth[KMAP_ATOMIC_CPUS];
    PADDR_T freePa;                  /* a page free at boot (may be taken since)   */
} FzState;

static uint8_t U8(FzIn *in)
{
    if (in->n == 0U) {
        return 0U;
    }
    in->n--;
    return *in->p++;
}

static UINT32 U32(FzIn *in)
{
    UINT32 v = 0U;
    for (int i = 0; i < 4; i++) {
        v = (v << 8) | U8(in);
    }
    return v;
}

static UINT64 U64(FzIn *in)
{
    return ((UINT64)U32(in) << 32) | U32(in);
}

/* A length or count: small page multiples mostly, hostile values often. */
static size_t FzLen(FzIn *in)
{
    static const UINT64 hostile[] = {
        0U, 1U, PAGE_SIZE, PAGE_SIZE + 1U, SIZE_MAX, SIZE_MAX - 0xFFFU, (UINT64)1 << 52,
        ((UINT64)1 << 20) + 1U, 0x100000000ULL, 0x100001000ULL, 0xFFFFFFFFULL, 0x3F000000U,
        0x100000U, 0x10000U,
    };
    uint8_t sel = U8(in);
    if (sel < 128U) {
        return (size_t)((sel % 16U) + 1U) * PAGE_SIZE;
    }
    if (sel < 224U) {
        return (size_t)hostile[sel % (sizeof(hostile) / sizeof(hostile[0]))];
    }
    return (size_t)((sel & 1U) ? U64(in) : U32(in));
}

/* A page count for the physical allocators. */
static size_t FzCount(FzIn *in)
{
    uint8_t sel = U8(in);
    if (sel < 160U) {
        return (size_t)(sel % 20U);
    }
    return (size_t)((sel & 1U) ? U64(in) : (UINT64)U32(in) >> (sel % 24U));
}

static VOID *FzHeld(FzState *s, uint8_t sel);

/* An address: the edges of the layout's zones plus a page offset, or raw. */
static VADDR_T FzAddr(FzState *s, FzIn *in)
{
    const LosVmLayout *l = OsVmLayoutGet();
    const VADDR_T anchors[] = {
        l->userBase, l->userMapBase, l->userStackBase, l->userEnd, l->kernelBase, l->directBase,
        l->uncachedBase, l->vmallocBase, l->vmallocEnd, l->kmapBase, s->kernWin, 0U,
        (VADDR_T)(UINTPTR)s->vm[0], 0x02000000U, 0x20000000U, 0xFFFFF000U,
    };
    uint8_t sel = U8(in);
    if (sel >= 240U) {
        return U32(in);
    }
    VADDR_T a = anchors[sel % (sizeof(anchors) / sizeof(anchors[0]))];
    INT32 pages = (INT32)(U8(in) % 64U) - 8;
    VADDR_T off = (sel & 0x80U) ? (VADDR_T)(U8(in) & 0xFFFU) : 0U;   /* sometimes unaligned */
    return a + (VADDR_T)pages * PAGE_SIZE + off;
}

/* A physical address: owned pages, a free page, heap memory, RAM edges, device space, raw. */
static PADDR_T FzPa(FzState *s, FzIn *in)
{
    const HalMemConfig *ram = HalMemConfigGet();
    uint8_t sel = U8(in);
    switch (sel % 10U) {
        case 0: case 1: {
            LosVmPage *p = s->pages[U8(in) % FZ_PAGES];
            return (p != NULL) ? p->physAddr : ram->ramBase;
        }
        case 2: {
            FzContig *c = &s->contig[U8(in) % FZ_CONTIG];
            BOOL ok = FALSE;
            return (c->ptr != NULL) ? HalHostToPhys(c->ptr, &ok) : s->freePa;
        }
        case 3: {
            VOID *k = s->km[U8(in) % FZ_KM];
            BOOL ok = FALSE;
            PADDR_T pa = (k != NULL) ? HalHostToPhys(k, &ok) : 0U;
            return pa & PAGE_MASK;
        }
        case 4: return s->freePa;
        case 5: return ram->ramBase + ram->ramSize - PAGE_SIZE;
        case 6: return ram->ramBase + (U32(in) % (ram->ramSize / PAGE_SIZE)) * PAGE_SIZE;
        case 7: return 0x10000000U + (U8(in) * PAGE_SIZE);
        case 8: return 0xFFFFF000U;
        default: return U32(in);
    }
}

static UINT32 FzFlags(FzIn *in)
{
    static const UINT32 common[] = {
        VM_MAP_REGION_FLAG_PERM_READ | VM_MAP_REGION_FLAG_PERM_WRITE | VM_MAP_REGION_FLAG_PERM_USER,
        VM_MAP_REGION_FLAG_PERM_READ | VM_MAP_REGION_FLAG_PERM_USER,
        VM_MAP_REGION_FLAG_PERM_READ | VM_MAP_REGION_FLAG_PERM_WRITE,
        VM_MAP_REGION_FLAG_PERM_READ | VM_MAP_REGION_FLAG_PERM_WRITE | VM_MAP_REGION_FLAG_PERM_USER |
            VM_MAP_REGION_FLAG_FIXED,
        VM_MAP_REGION_FLAG_PERM_READ | VM_MAP_REGION_FLAG_PERM_EXECUTE | VM_MAP_REGION_FLAG_PERM_USER,
        VM_MAP_REGION_FLAG_PERM_WRITE,
        0U,
    };
    uint8_t sel = U8(in);
    return (sel < 200U) ? common[sel % (sizeof(common) / sizeof(common[0]))] : U32(in);
}

static LosVmSpace *FzSpace(FzState *s, FzIn *in)
{
    uint8_t sel = U8(in);
    switch (sel % 8U) {
        case 4: return LOS_GetKVmSpace();
        case 5: return LOS_GetVmallocSpace();
        case 6: return NULL;
        case 7: return LOS_CurrSpaceGet();
        default: return s->spaces[sel % FZ_SPACES];
    }
}

static int FzFreeSlot(VOID *const *slots, size_t n)
{
    for (size_t i = 0U; i < n; i++) {
        if (slots[i] == NULL) {
            return (int)i;
        }
    }
    return -1;
}

static VOID *FzHeld(FzState *s, uint8_t sel)
{
    switch (sel % 4U) {
        case 0: return s->km[sel % FZ_KM];
        case 1: return s->vm[sel % FZ_VM];
        case 2: return s->contig[sel % FZ_CONTIG].ptr;
        default: return (VOID *)(UINTPTR)(0x01000000U + (UINT32)sel * PAGE_SIZE);
    }
}

/* ---- Answers checked against their definitions -------------------------------------------- */
static VOID FzCheckRange(FzState *s, FzIn *in)
{
    VADDR_T va = FzAddr(s, in);
    size_t len = FzLen(in);
    LosVmSpace *sp = FzSpace(s, in);
    const LosVmLayout *l = OsVmLayoutGet();
    unsigned __int128 end = (unsigned __int128)va + len;
    if (LOS_IsUserAddressRange(va, len) != ((len != 0U) && (va >= l->userBase) && (end <= l->userEnd))) {
        abort();
    }
    if (LOS_IsKernelAddressRange(va, len) != ((len != 0U) && (va >= l->kernelBase) && (end <= 0x100000000ULL))) {
        abort();
    }
    if ((sp != NULL) && (LOS_IsRangeInSpace(sp, va, len) !=
                         ((len != 0U) && (va >= sp->base) && (end <= (UINT64)sp->base + sp->size)))) {
        abort();
    }
    LosVmMapRegion *r = LOS_RegionRangeFind(sp, va, len);
    if ((r != NULL) && !((r->range.base < end) && ((UINT64)r->range.base + r->range.size > va))) {
        abort();
    }
}

/* ---- Operations --------------------------------------------------------------------------- */
static VOID FzPhys(FzState *s, FzIn *in, uint8_t op)
{
    switch (op % 6U) {
        case 0: {
            int i = FzFreeSlot((VOID *const *)s->pages, FZ_PAGES);
            LosVmPage *p = LOS_PhysPageAlloc();
            if (i >= 0) {
                s->pages[i] = p;
            } else {
                LOS_PhysPageFree(p);
            }
            break;
        }
        case 1: {
            uint8_t i = U8(in) % FZ_PAGES;
            LOS_PhysPageFree(s->pages[i]);
            s->pages[i] = NULL;
            break;
        }
        case 2: {
            LOS_DL_LIST_HEAD(list);
            size_t got = LOS_PhysPagesAlloc(FzCount(in), &list);
            if (LOS_PhysPagesFree(&list) != got) {
                abort();
            }
            break;
        }
        case 3: {
            uint8_t k = U8(in) % FZ_CONTIG;
            if (s->contig[k].ptr == NULL) {
                size_t n = FzCount(in);
                s->contig[k].ptr = LOS_PhysPagesAllocContiguous(n);
                s->contig[k].pages = (s->contig[k].ptr != NULL) ? n : 0U;
            }
            break;
        }
        case 4: {
            FzContig *c = &s->contig[U8(in) % FZ_CONTIG];
            uint8_t how = U8(in);
            if ((c->ptr == NULL) || (how % 3U == 0U)) {
                /* hostile counts on a held block: refused (they leave the segment), or no-ops */
                size_t n = (how & 1U) ? SIZE_MAX : (size_t)1 << 52;
                LOS_PhysPagesFreeContiguous(c->ptr, (how & 2U) ? 0U : n);
            } else {
                size_t keep = (size_t)(how % (c->pages + 1U));   /* free the tail from keep on */
                UINT32 refused = OsVmPhysBadFreeCount();
                LOS_PhysPagesFreeContiguous((UINT8 *)c->ptr + keep * PAGE_SIZE, c->pages - keep);
                if ((OsVmPhysBadFreeCount() == refused) || (keep == c->pages)) {
                    c->pages = keep;      /* else refused: a page is still mapped, all kept */
                    c->ptr = (keep == 0U) ? NULL : c->ptr;
                }
            }
            break;
        }
        default: {
            LosVmPhysFragInfo info;
            LOS_PhysFragInfoGet(&info);
            UINT32 used = 0U;
            UINT32 total = 0U;
            OsVmPhysUsedInfoGet(&used, &total);
            if (info.freePages + used != total) {
                abort();
            }
            break;
        }
    }
}

static VOID FzHeap(FzState *s, FzIn *in, uint8_t op)
{
    uint8_t i = U8(in) % FZ_KM;
    switch (op % 4U) {
        case 0:
            if (s->km[i] == NULL) {
                UINT32 size = (U8(in) < 200U) ? (U32(in) % 70000U) : U32(in);
                UINT32 align = 1U << (U8(in) % 32U);
                s->km[i] = (U8(in) & 1U) ? LOS_KernelMalloc(size) : LOS_KernelMallocAlign(size, align);
            }
            break;
        case 1: {
            UINT32 size = (U8(in) < 200U) ? (U32(in) % 70000U) : U32(in);
            VOID *p = LOS_KernelRealloc(s->km[i], size);
            if ((p != NULL) || (size == 0U)) {
                s->km[i] = p;
            }
            break;
        }
        case 2: {
            UINT32 refused = OsVmPhysBadFreeCount();
            LOS_KernelFree(s->km[i]);
            if (OsVmPhysBadFreeCount() == refused) {
                s->km[i] = NULL;          /* else refused: still mapped somewhere, still ours */
            }
            break;
        }
        default: {
            /* pointers the heap did not hand out: reported, nothing changes */
            uint8_t sel = U8(in);
            VOID *p = FzHeld(s, sel);
            if ((sel % 4U) == 0U) {
                p = (p != NULL) ? (UINT8 *)p + 16 : NULL;     /* interior of a heap block */
            }
            if ((sel % 4U) != 0U || (p != NULL)) {
                LOS_KernelFree(p);
            }
            break;
        }
    }
}

static VOID FzVmalloc(FzState *s, FzIn *in, uint8_t op)
{
    uint8_t i = U8(in) % FZ_VM;
    switch (op % 4U) {
        case 0:
            if (s->vm[i] == NULL) {
                s->vm[i] = LOS_VMalloc(FzLen(in));
            }
            break;
        case 1:
            LOS_VFree(s->vm[i]);
            s->vm[i] = NULL;
            break;
        case 2:
            /* any address: ignored unless it is exactly a block's start */
            LOS_VFree((VOID *)(UINTPTR)FzAddr(s, in));
            for (UINT32 j = 0U; j < FZ_VM; j++) {
                if ((s->vm[j] != NULL) && (LOS_RegionFind(LOS_GetVmallocSpace(), (VADDR_T)(UINTPTR)s->vm[j]) == NULL)) {
                    s->vm[j] = NULL;
                }
            }
            break;
        default: {
            VOID *p = FzHeld(s, U8(in));
            (VOID)LOS_PaddrQuery(p);
            (VOID)LOS_PaddrQuery((VOID *)(UINTPTR)FzAddr(s, in));
            break;
        }
    }
}

static VOID FzKmap(FzState *s, FzIn *in, uint8_t op)
{
    uint8_t i = U8(in) % FZ_KMAP;
    switch (op % 6U) {
        case 0:
            if (s->kmapped[i] == NULL) {
                LosVmPage *p = s->pages[U8(in) % FZ_PAGES];
                if ((p != NULL) && (LOS_Kmap(p) != 0U)) {
                    LOS_AtomicInc(&p->refCounts);      /* the harness's hold on the mapped page */
                    s->kmapped[i] = p;
                }
            }
            break;
        case 1:
            if (s->kmapped[i] != NULL) {
                LOS_Kunmap(s->kmapped[i]);
                LOS_PhysPageFree(s->kmapped[i]);
                s->kmapped[i] = NULL;
            }
            break;
        case 2: {
            /* kmap_atomic of a held page (the harness keeps its pages until teardown unwinds) */
            UINT32 cpu = U8(in) % (KMAP_ATOMIC_CPUS + 1U);
            LosVmPage *p = s->pages[U8(in) % FZ_PAGES];
            VADDR_T va = LOS_KmapAtomic(p, cpu);
            if ((va != 0U) && (LOS_KmapAtomicDepth(cpu) > s->atomicDepth[cpu])) {
                LOS_AtomicInc(&p->refCounts);
                s->atomicPage[cpu][s->atomicDepth[cpu]] = p;
                s->atomicVa[cpu][s->atomicDepth[cpu]++] = va;
            }
            break;
        }
        case 3: {
            /* any order: only the innermost of a CPU may go */
            UINT32 cpu = U8(in) % (KMAP_ATOMIC_CPUS + 1U);
            UINT32 depth = (cpu < KMAP_ATOMIC_CPUS) ? s->atomicDepth[cpu] : 0U;
            VADDR_T va = (depth == 0U) ? FzAddr(s, in) : s->atomicVa[cpu][U8(in) % depth];
            STATUS_T ret = LOS_KunmapAtomic(va, cpu);
            if ((depth != 0U) && (va == s->atomicVa[cpu][depth - 1U]) != (ret == LOS_OK)) {
                abort();                            /* the innermost must go, no other */
            }
            if ((depth != 0U) && (ret == LOS_OK)) {
                LOS_PhysPageFree(s->atomicPage[cpu][--s->atomicDepth[cpu]]);
            }
            break;
        }
        case 4: {
            /* vmap of held pages (some slots empty: refused) into a vmalloc slot */
            if (s->vm[i % FZ_VM] == NULL) {
                LosVmPage *list[4];
                UINT32 n = (U8(in) % 4U) + 1U;
                for (UINT32 k = 0U; k < n; k++) {
                    list[k] = s->pages[U8(in) % FZ_PAGES];
                }
                s->vm[i % FZ_VM] = LOS_Vmap(list, n, FzFlags(in) & ~VM_MAP_REGION_FLAG_FIXED);
            }
            break;
        }
        default:
            if (s->vm[i % FZ_VM] == NULL) {
                s->vm[i % FZ_VM] = LOS_Ioremap(FzPa(s, in) | (U8(in) & 0x7FU), FzLen(in));
                if (((UINTPTR)s->vm[i % FZ_VM] & (PAGE_SIZE - 1U)) != 0U) {
                    LOS_Iounmap(s->vm[i % FZ_VM]);   /* LOS_VFree takes only a page start */
                    s->vm[i % FZ_VM] = NULL;
                }
            }
            break;
    }
}

static VOID FzSpaces(FzState *s, FzIn *in, uint8_t op)
{
    uint8_t i = U8(in) % FZ_SPACES;
    switch (op % 5U) {
        case 0:
            if (s->spaces[i] == NULL) {
                s->spaces[i] = OsCreateUserVmSpace();
            }
            break;
        case 1:
            if (s->spaces[i] != NULL) {
                if (LOS_VmSpaceFree(s->spaces[i]) != LOS_OK) {
                    abort();
                }
                s->spaces[i] = NULL;
            } else if ((LOS_VmSpaceFree(LOS_GetKVmSpace()) != LOS_OK) ||
                       (LOS_VmSpaceFree(LOS_GetVmallocSpace()) != LOS_OK) ||
                       (LOS_VmSpaceFree(NULL) != LOS_ERRNO_VM_INVALID_ARGS)) {
                abort();           /* the kernel's spaces: LOS_OK, nothing freed (checked after) */
            }
            break;
        case 2: {
            uint8_t j = U8(in) % FZ_SPACES;
            if ((s->spaces[i] != NULL) && (s->spaces[j] == NULL)) {
                s->spaces[j] = OsVmSpaceFork(s->spaces[i]);
            }
            break;
        }
        case 3:
            OsVmSpaceSwitch(s->spaces[i]);
            break;
        default:
            FzCheckRange(s, in);
            break;
    }
}

/* LOS_VaddrToPaddrMmap with memory the harness owns (a held page, a contiguous block or a
 * kernel-heap block, any length: the part beyond it must be refused or be the harness's own),
 * a free page (refused), device space, or hostile lengths. A page someone else owns is never
 * passed: the call trusts its caller about ownership, as LiteOS-A's does. */
static VOID FzVaddrToPaddr(FzState *s, FzIn *in, LosVmSpace *sp, VADDR_T va)
{
    PADDR_T pa = 0x10000000U;
    LosVmPage *freePage = LOS_PhysPageAlloc();    /* a page free right now: refused */
    if (freePage != NULL) {
        pa = freePage->physAddr;
        LOS_PhysPageFree(freePage);
    }
    size_t len = FzLen(in);
    BOOL ok = FALSE;
    uint8_t sel = U8(in);
    size_t own = 0U;                               /* bytes the harness owns from pa */
    switch (sel % 5U) {
        case 0: {
            LosVmPage *p = s->pages[U8(in) % FZ_PAGES];
            if (p != NULL) {
                pa = p->physAddr;
                own = PAGE_SIZE;
            }
            break;
        }
        case 1: {
            FzContig *c = &s->contig[U8(in) % FZ_CONTIG];
            if (c->ptr != NULL) {
                pa = HalHostToPhys(c->ptr, &ok);
                own = c->pages * PAGE_SIZE;
            }
            break;
        }
        case 2: {
            VOID *k = s->km[U8(in) % FZ_KM];
            if (k != NULL) {
                pa = HalHostToPhys(k, &ok) & PAGE_MASK;
                own = PAGE_SIZE;                   /* at least the block's first page */
            }
            break;
        }
        case 3:
            pa = 0x10000000U + (U8(in) * PAGE_SIZE);   /* device space */
            own = SIZE_MAX;
            break;
        default:
            break;                                 /* the free page */
    }
    if ((len <= VM_ADDR_SPACE_END) && (len > own) && (own != 0U)) {
        len = own;                                 /* an accepted length stays in what is ours */
    }
    (VOID)LOS_VaddrToPaddrMmap(sp, va, pa, len, FzFlags(in));
}

static LosVmMapRegion *FzRegionAt(LosVmSpace *sp, VADDR_T va)
{
    return (sp == NULL) ? NULL : LOS_RegionFind(sp, va);
}

static VOID FzRegions(FzState *s, FzIn *in, uint8_t op)
{
    LosVmSpace *sp = FzSpace(s, in);
    VADDR_T va = FzAddr(s, in);
    switch (op % 8U) {
        case 0:
            (VOID)LOS_RegionAlloc(sp, (U8(in) & 1U) ? 0U : va, FzLen(in), FzFlags(in), (VM_OFFSET_T)U32(in));
            break;
        case 1: {
            LosVmMapRegion *r = FzRegionAt(sp, va);
            if ((r != NULL) && (sp == LOS_GetKVmSpace()) && LOS_IsRegionTypeDev(r) && (r->range.base == OsVmLayoutGet()->directBase)) {
                break;                                    /* the direct map stays */
            }
            (VOID)LOS_RegionFree(sp, r);
            break;
        }
        case 2: {
            LosVmMapRegion *r = FzRegionAt(sp, va);
            if ((r == NULL) || (sp == LOS_GetKVmSpace())) {
                break;
            }
            uint8_t t = U8(in);
            switch (t % 3U) {
                case 0:
                    LOS_SetRegionTypeDev(r);
                    if (LOS_IsRegionTypeDev(r)) {
                        r->unTypeData.rd.paddr = FzPa(s, in) & PAGE_MASK;
                    }
                    break;
                case 1:
                    LOS_SetRegionTypeFile(r);
                    if (LOS_IsRegionTypeFile(r)) {
                        r->unTypeData.rf.fileId = U8(in);
                    }
                    break;
                default:
                    LOS_SetRegionTypeAnon(r);
                    break;
            }
            break;
        }
        case 3:
            FzVaddrToPaddr(s, in, sp, va);
            break;
        case 4: {
            VOID *want = (VOID *)(UINTPTR)va;
            uint8_t how = U8(in);
            (VOID)LOS_UserSpaceVmAlloc(sp, FzLen(in), (how & 1U) ? NULL : &want, (UINT8)(U8(in) % 40U),
                                       FzFlags(in));
            break;
        }
        case 5:
            (VOID)LOS_VmSpaceReserve(sp, FzLen(in), va);
            break;
        default: {
            LosVmMapRegion *r = LOS_RegionRangeFind(sp, va, FzLen(in));
            (VOID)LOS_IsRegionFileValid(r);
            break;
        }
    }
}

static VOID FzMmap(FzState *s, FzIn *in, uint8_t op)
{
    LosVmSpace *sp = FzSpace(s, in);
    if ((sp == LOS_GetKVmSpace()) && ((op % 3U) != 0U)) {
        sp = s->spaces[0];            /* munmap/mprotect of the direct map: not a user call */
    }
    VADDR_T va = FzAddr(s, in);
    switch (op % 3U) {
        case 0: {
            static const UINT8 types[] = { VM_MAP_REGION_TYPE_ANON, VM_MAP_REGION_TYPE_FILE,
                                           VM_MAP_REGION_TYPE_DEV, 0U, 7U };
            static const UINT32 maps[] = {
                VM_MAP_REGION_FLAG_PRIVATE, VM_MAP_REGION_FLAG_SHARED,
                VM_MAP_REGION_FLAG_PRIVATE | VM_MAP_REGION_FLAG_FIXED,
                VM_MAP_REGION_FLAG_SHARED | VM_MAP_REGION_FLAG_FIXED_NOREPLACE,
                VM_MAP_REGION_FLAG_PRIVATE | VM_MMAP_POPULATE,
                VM_MAP_REGION_FLAG_SHARED | VM_MMAP_POPULATE | VM_MAP_REGION_FLAG_FIXED, 0U,
            };
            uint8_t t = U8(in);
            uint8_t m = U8(in);
            LosVmMmapArgs a;
            memset(&a, 0, sizeof(a));
            a.vaddr = (U8(in) & 1U) ? 0U : va;
            a.len = FzLen(in);
            a.prot = FzFlags(in) & 0xFU;
            a.flags = maps[m % (sizeof(maps) / sizeof(maps[0]))];
            a.type = types[t % (sizeof(types) / sizeof(types[0]))];
            a.fileId = U8(in) % 4U;
            a.pgoff = (t & 0x80U) ? U64(in) : (VM_OFFSET_T)(U8(in) % 8U);
            a.devPaddr = FzPa(s, in);
            VADDR_T out = 0U;
            if (sp != LOS_GetKVmSpace()) {
                (VOID)OsVmMmap(sp, &a, &out);
            }
            break;
        }
        case 1:
            (VOID)OsVmMunmap(sp, va, FzLen(in));
            break;
        default:
            (VOID)OsVmMprotect(sp, va, FzLen(in), U8(in) & 0xFU);
            break;
    }
}

static VOID FzFault(FzState *s, FzIn *in, uint8_t op)
{
    VADDR_T va = FzAddr(s, in);
    if ((op & 1U) == 0U) {
        (VOID)OsVmPageFaultHandler(va, U8(in) & 0xFU, NULL);
    } else {
        BOOL prefetch = (U8(in) & 1U) != 0U;
        HalHostRegPoke(prefetch ? MMU_REG_IFSR : MMU_REG_DFSR, U32(in) & 0x1FFFU);
        HalHostRegPoke(prefetch ? MMU_REG_IFAR : MMU_REG_DFAR, va);
        (VOID)OsArchAbortHandle(prefetch, (U8(in) & 1U) != 0U);
    }
}

/* LOS_ArchMmu*: only on the scratch space (no regions) and the kernel window no space owns;
 * the counts and addresses are hostile, so most calls must be refused. */
static VOID FzArch(FzState *s, FzIn *in, uint8_t op)
{
    BOOL kernel = (U8(in) & 1U) != 0U;
    LosArchMmu *mmu = kernel ? &LOS_GetKVmSpace()->archMmu : ((s->scratch != NULL) ? &s->scratch->archMmu : NULL);
    VADDR_T va = kernel ? s->kernWin + (U8(in) % 64U) * PAGE_SIZE : FzAddr(s, in);
    VADDR_T to = kernel ? s->kernWin + (U8(in) % 64U) * PAGE_SIZE : FzAddr(s, in);
    size_t count = FzCount(in);
    if (count <= VM_ADDR_SPACE_PAGES) {
        /* counts the API accepts: kept small enough for speed (larger ones only repeat the
         * same descriptor writes), and inside the window for the kernel table */
        count = MIN(count, (size_t)4096U);
        if (kernel) {
            count = MIN(count, (size_t)((s->kernWinEnd - MAX(va, to)) >> PAGE_SHIFT));
        }
    }
    UINT32 flags = FzFlags(in) & ~VM_MAP_REGION_FLAG_FIXED;
    switch (op % 5U) {
        case 0: {
            /* map only pages the harness owns or device space */
            PADDR_T pa = (U8(in) & 1U) ? 0x10000000U : s->freePa;
            LosVmPage *p = s->pages[U8(in) % FZ_PAGES];
            if (p != NULL) {
                pa = p->physAddr;
                count = MIN(count, (size_t)1);
            } else if (pa == s->freePa) {
                pa = 0x10000000U;
            }
            (VOID)LOS_ArchMmuMap(mmu, va, pa, count, flags);
            break;
        }
        case 1:
            (VOID)LOS_ArchMmuUnmap(mmu, va, count);
            break;
        case 2:
            (VOID)LOS_ArchMmuChangeProt(mmu, va, count, flags);
            break;
        case 3:
            (VOID)LOS_ArchMmuMove(mmu, va, to, count, flags);
            break;
        default: {
            PADDR_T pa = 0U;
            UINT32 f = 0U;
            (VOID)LOS_ArchMmuQuery((U8(in) & 1U) ? mmu : &LOS_GetKVmSpace()->archMmu, FzAddr(s, in), &pa, &f);
            break;
        }
    }
}

/* FUZZ_API_TRACE=1 in the environment prints each step (for reading a crash input). */
static BOOL g_fzTrace;

static VOID FzCheckAll(VOID)
{
    OsVmPhysInvariantsCheck();
    OsKHeapInvariantsCheck();
    OsVmInvariantsCheck();
}

static VOID FzTeardown(FzState *s, UINT32 freeAtBoot)
{
    OsVmSpaceSwitch(NULL);
    for (UINT32 c = 0U; c < KMAP_ATOMIC_CPUS; c++) {
        while (s->atomicDepth[c] > 0U) {
            UINT32 top = --s->atomicDepth[c];
            if (LOS_KunmapAtomic(s->atomicVa[c][top], c) != LOS_OK) {
                abort();
            }
            LOS_PhysPageFree(s->atomicPage[c][top]);
        }
    }
    for (UINT32 i = 0U; i < FZ_KMAP; i++) {
        if (s->kmapped[i] != NULL) {
            LOS_Kunmap(s->kmapped[i]);
            LOS_PhysPageFree(s->kmapped[i]);
        }
    }
    for (UINT32 i = 0U; i < FZ_SPACES; i++) {
        if (s->spaces[i] != NULL) {
            (VOID)LOS_VmSpaceFree(s->spaces[i]);
        }
    }
    (VOID)LOS_VmSpaceFree(s->scratch);
    for (UINT32 i = 0U; i < FZ_VM; i++) {
        LOS_VFree(s->vm[i]);
    }
    /* kernel-space regions the calls made (never the direct map) */
    LosVmSpace *k = LOS_GetKVmSpace();
    LosVmSpace *v = LOS_GetVmallocSpace();
    LosVmMapRegion *r;
    while (((r = LOS_RegionRangeFind(v, v->base, v->size)) != NULL) && (LOS_RegionFree(v, r) == LOS_OK)) {
    }
    VADDR_T directEnd = OsVmLayoutGet()->directBase + (OsVmLayoutGet()->directSize & PAGE_MASK);
    while (((r = LOS_RegionRangeFind(k, directEnd, (UINT64)k->base + k->size - directEnd)) != NULL) &&
           (LOS_RegionFree(k, r) == LOS_OK)) {
    }
    (VOID)LOS_ArchMmuUnmap(&k->archMmu, s->kernWin, (size_t)((s->kernWinEnd - s->kernWin) >> PAGE_SHIFT));
    if (g_fzTrace) {
        (VOID)fprintf(stderr, "fuzz_api: teardown: %u pages free with the spaces gone\n", OsVmPhysFreePagesGet());
    }
    UINT32 refused = OsVmPhysBadFreeCount();
    for (UINT32 i = 0U; i < FZ_KM; i++) {
        LOS_KernelFree(s->km[i]);
    }
    for (UINT32 i = 0U; i < FZ_CONTIG; i++) {
        LOS_PhysPagesFreeContiguous(s->contig[i].ptr, s->contig[i].pages);
    }
    if (OsVmPhysBadFreeCount() != refused) {
        (VOID)fprintf(stderr, "fuzz_api: a free of held memory was refused with nothing mapped any more\n");
        abort();
    }
    for (UINT32 i = 0U; i < FZ_PAGES; i++) {
        LOS_PhysPageFree(s->pages[i]);
    }
    FzCheckAll();
    if (OsVmPhysFreePagesGet() != freeAtBoot) {
        (VOID)fprintf(stderr, "fuzz_api: %u pages free after teardown, %u after boot: leak\n",
                      OsVmPhysFreePagesGet(), freeAtBoot);
        abort();
    }
}


int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (VOID)argc;
    (VOID)argv;
    g_fzTrace = getenv("FUZZ_API_TRACE") != NULL;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FzIn in = { data, size };
    FzState s;
    memset(&s, 0, sizeof(s));
    uint8_t boot = U8(&in);
    /* 4, 8 or 16 MiB of RAM at 0x80000000 (or at 0 for one in eight inputs) */
    PADDR_T ramBase = ((boot & 0x38U) == 0U) ? 0U : 0x80000000U;
    UINT32 ramSize = 0x400000U << (boot % 3U);
    if (HalHostInit(ramBase, ramSize) != LOS_OK) {
        abort();
    }
    (VOID)OsSysMemInit();
    LosVmConfig cfg = { (boot & 0x40U) ? VM_LAYOUT_LINUX : VM_LAYOUT_LITEOS,
                        (boot & 0x80U) ? 0x200000U : 0U, (boot & 0x04U) != 0U };
    if (OsVmInit(&cfg) != LOS_OK) {
        abort();
    }
    const LosVmLayout *l = OsVmLayoutGet();
    s.kernWin = l->kmapBase + l->kmapPages * PAGE_SIZE;
    s.kernWinEnd = (l->fixmapBase != 0U) ? l->fixmapBase : VM_ADDR_SPACE_END;
    LosVmPage *probe = LOS_PhysPageAlloc();
    s.freePa = (probe != NULL) ? probe->physAddr : ramBase;
    LOS_PhysPageFree(probe);
    UINT32 freeAtBoot = OsVmPhysFreePagesGet();
    s.scratch = OsCreateUserVmSpace();
    if (s.scratch == NULL) {
        abort();
    }
    for (UINT32 step = 0U; (step < 64U) && (in.n > 0U); step++) {
        uint8_t op = U8(&in);
        uint8_t sub = op >> 3;
        if (g_fzTrace) {
            (VOID)fprintf(stderr, "fuzz_api: step %u: kind %u, sub %u, %zu bytes left, %u pages free\n",
                          step, op & 7U, sub, in.n, OsVmPhysFreePagesGet());
        }
        switch (op & 7U) {
            case 0: FzPhys(&s, &in, sub); break;
            case 1: FzHeap(&s, &in, sub); break;
            case 2:
                if ((sub & 1U) != 0U) {
                    FzVmalloc(&s, &in, sub >> 1);
                } else {
                    FzKmap(&s, &in, sub >> 1);
                }
                break;
            case 3: FzSpaces(&s, &in, sub); break;
            case 4: FzRegions(&s, &in, sub); break;
            case 5: FzMmap(&s, &in, sub); break;
            case 6: FzFault(&s, &in, sub); break;
            default: FzArch(&s, &in, sub); break;
        }
        FzCheckAll();
        if (g_fzTrace) {
            LOS_DL_LIST *sl = LOS_GetVmSpaceList();
            LosVmSpace *sp = NULL;
            LOS_DL_LIST_FOR_EACH_ENTRY(sp, sl, LosVmSpace, node) {
                for (LosVmMapRegion *r = LOS_RegionRangeFind(sp, sp->base, sp->size); r != NULL;
                     r = LOS_RegionRangeFind(sp, r->range.base + r->range.size, (UINT64)sp->base + sp->size - (r->range.base + r->range.size))) {
                    (VOID)fprintf(stderr, "fuzz_api:   space %#x+%#x: region %#x+%#x type %u flags %#x\n", sp->base, sp->size,
                                  r->range.base, r->range.size, r->regionType, r->regionFlags);
                    if ((UINT64)r->range.base + r->range.size >= (UINT64)sp->base + sp->size) {
                        break;
                    }
                }
            }
        }
    }
    FzTeardown(&s, freeAtBoot);
    return 0;
}
