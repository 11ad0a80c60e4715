/*
 * fw.pgtable.random: random map / unmap / protect / move on one process table, with sections,
 * large and small pages mixed, against a shadow array of what every page should map to. After
 * every operation the touched pages are compared (LOS_ArchMmuQuery against the shadow, and the
 * independent walker against the query); every 25 operations the whole window is, and the
 * level-2 bookkeeping (l2Count equals the valid entries of each table) is checked. At the end
 * everything is unmapped and every table and page must be back.
 */
#include "vm_test.h"
#include "los_vm_phys.h"
#include <string.h>

#define WIN_BASE  0x10000000U
#define WIN_PAGES 2048U           /* 8 MiB */
#define OPS       1500U
#define NONE      0xFFFFFFFFU

static UINT64 g_rng = 0x0123456789ABCDEFULL;
static UINT32 Rand(VOID)
{
    return FwTestRand(&g_rng);
}

static PADDR_T g_pa[WIN_PAGES];
static UINT32 g_flags[WIN_PAGES];

static const UINT32 kFlags[] = {
    VM_MAP_REGION_FLAG_PERM_USER | VM_MAP_REGION_FLAG_PERM_READ | VM_MAP_REGION_FLAG_PERM_WRITE,
    VM_MAP_REGION_FLAG_PERM_USER | VM_MAP_REGION_FLAG_PERM_READ,
    VM_MAP_REGION_FLAG_PERM_USER | VM_MAP_REGION_FLAG_PERM_READ | VM_MAP_REGION_FLAG_PERM_EXECUTE,
    VM_MAP_REGION_FLAG_PERM_USER | VM_MAP_REGION_FLAG_PERM_READ | VM_MAP_REGION_FLAG_PERM_WRITE |
        VM_MAP_REGION_FLAG_UNCACHED,
    VM_MAP_REGION_FLAG_PERM_USER | VM_MAP_REGION_FLAG_PERM_READ | VM_MAP_REGION_FLAG_UNCACHED_DEVICE,
};

/* The flags a mapping made with f reports back (device memory is never executable). */
static UINT32 Normal(UINT32 f)
{
    return OsArchMmuL2Flags(OsArchMmuSmallDesc(0U, f));
}

static UINT32 CheckPages(const LosVmSpace *sp, UINT32 first, UINT32 n)
{
    UINT32 bad = 0;
    for (UINT32 i = first; i < first + n && i < WIN_PAGES; i++) {
        PADDR_T pa = 0;
        UINT32 f = 0;
        BOOL mapped = LOS_ArchMmuQuery(&sp->archMmu, WIN_BASE + (i << 12), &pa, &f) == LOS_OK;
        if (mapped != (g_pa[i] != NONE) || (mapped && (pa != g_pa[i] || f != g_flags[i]))) {
            if (bad < 5U) {
                fprintf(stderr, "page %u: query %d %#x %#x, shadow %#x %#x\n", i, mapped, pa, f, g_pa[i], g_flags[i]);
            }
            bad++;
        }
    }
    return bad + VmTestCrossCheck(sp, WIN_BASE + (first << 12), MIN(n, WIN_PAGES - first));
}

static UINT32 CheckCounts(const LosVmSpace *sp)
{
    UINT32 bad = 0;
    for (UINT32 mb = WIN_BASE >> 20; mb < (WIN_BASE >> 20) + (WIN_PAGES >> 8); mb++) {
        PTE_T l1 = 0;
        memcpy(&l1, HalPhysToHost(sp->archMmu.physTtb + (mb << 2)), 4);
        if ((l1 & 3U) != 1U) {
            continue;
        }
        UINT32 valid = 0;
        for (UINT32 e = 0; e < 256U; e++) {
            PTE_T d = 0;
            memcpy(&d, HalPhysToHost((l1 & 0xFFFFFC00U) + 4U * e), 4);
            valid += ((d & 3U) != 0U);
        }
        if (valid == 0U || valid != sp->archMmu.l2Count[mb]) {
            fprintf(stderr, "MiB %#x: %u valid entries, count %u\n", mb, valid, sp->archMmu.l2Count[mb]);
            bad++;
        }
    }
    return bad;
}

/* A PA for count pages at page index first, aligned like the VA up to 1 MiB half of the time. */
static PADDR_T PickPa(UINT32 first)
{
    PADDR_T ram = HalMemConfigGet()->ramBase;
    PADDR_T base = ram + ((Rand() % 24U) << 20);       /* within the first 24 MiB of RAM + 8 */
    if (Rand() & 1U) {
        return base + ((first << 12) & 0xFFFFFU);        /* same offset in the MiB as the VA */
    }
    return base + ((Rand() % 256U) << 12);
}

int main(void)
{
    VmTestBoot(VM_LAYOUT_LITEOS, 0, 0, 0, TRUE);
    UINT32 free0 = VmTestFreePages();
    LosVmSpace *sp = OsCreateUserVmSpace();
    REQUIRE(sp != NULL, "space");
    for (UINT32 i = 0; i < WIN_PAGES; i++) {
        g_pa[i] = NONE;
    }
    UINT32 counts[4] = { 0 };
    UINT32 seenLarge = 0, seenSection = 0;
    for (UINT32 op = 0; op < OPS && g_fwTestFailures == 0; op++) {
        UINT32 r = Rand() % 100U;
        UINT32 kind = (r < 35U) ? 0U : (r < 65U) ? 1U : (r < 85U) ? 2U : 3U;
        UINT32 first = Rand() % WIN_PAGES;
        UINT32 n = 1U + ((Rand() & 1U) ? Rand() % 20U : Rand() % 600U);
        if ((Rand() % 4U) == 0U) {
            first &= ~0xFFU;                               /* section-aligned start */
        } else if ((Rand() % 3U) == 0U) {
            first &= ~0xFU;                                /* large-page-aligned start */
        }
        n = MIN(n, WIN_PAGES - first);
        VADDR_T va = WIN_BASE + (first << 12);
        UINT32 f = kFlags[Rand() % (sizeof(kFlags) / sizeof(kFlags[0]))];
        if ((Rand() % 8U) == 0U) {
            LOS_ArchMmuLargePagesSet((Rand() & 1U) != 0U);
        }
        if (kind == 0U) {
            BOOL clash = FALSE;
            for (UINT32 i = first; i < first + n; i++) {
                clash = clash || (g_pa[i] != NONE);
            }
            PADDR_T pa = PickPa(first);
            STATUS_T ret = LOS_ArchMmuMap(&sp->archMmu, va, pa, n, f);
            if (clash) {
                CHECK(ret == LOS_ERRNO_VM_ALREADY_EXISTS, "op %u map over a mapping: %d", op, ret);
            } else {
                CHECK(ret == (STATUS_T)n, "op %u map %u: %d", op, n, ret);
                for (UINT32 i = 0; i < n; i++) {
                    g_pa[first + i] = pa + (i << 12);
                    g_flags[first + i] = Normal(f);
                }
            }
        } else if (kind == 1U) {
            UINT32 mapped = 0;
            for (UINT32 i = first; i < first + n; i++) {
                mapped += (g_pa[i] != NONE);
                g_pa[i] = NONE;
            }
            STATUS_T ret = LOS_ArchMmuUnmap(&sp->archMmu, va, n);
            CHECK(ret == (STATUS_T)mapped, "op %u unmap: %d, expected %u", op, ret, mapped);
        } else if (kind == 2U) {
            CHECK(LOS_ArchMmuChangeProt(&sp->archMmu, va, n, f) == LOS_OK, "op %u protect", op);
            for (UINT32 i = first; i < first + n; i++) {
                if (g_pa[i] != NONE) {
                    g_flags[i] = Normal(f);
                }
            }
        } else {
            UINT32 to = Rand() % WIN_PAGES;
            if ((Rand() & 1U) != 0U) {
                to = (to & ~0xFFU) | (first & 0xFFU);      /* keeps section alignment */
            }
            BOOL ok = (to + n <= WIN_PAGES) && ((to + n <= first) || (first + n <= to));
            for (UINT32 i = 0; ok && i < n; i++) {
                ok = (g_pa[to + i] == NONE);
            }
            if (!ok) {
                continue;
            }
            CHECK(LOS_ArchMmuMove(&sp->archMmu, va, WIN_BASE + (to << 12), n, f) == LOS_OK, "op %u move", op);
            for (UINT32 i = 0; i < n; i++) {
                g_pa[to + i] = g_pa[first + i];
                g_flags[to + i] = (g_pa[first + i] != NONE) ? Normal(f) : 0U;
                g_pa[first + i] = NONE;
            }
            CHECK(CheckPages(sp, to, n) == 0U, "op %u: destination differs", op);
        }
        counts[kind]++;
        CHECK(CheckPages(sp, first, n) == 0U, "op %u (kind %u, %u pages at %u) differs", op, kind, n, first);
        if ((op % 25U) == 0U) {
            for (UINT32 i = 0; i < WIN_PAGES; i += 16U) {
                VmTestWalkResult s;
                VmTestWalkSpace(sp, WIN_BASE + (i << 12), &s);
                seenLarge += (s.pageSize == 0x10000U);
                seenSection += (s.pageSize == 0x100000U);
            }
            CHECK(CheckPages(sp, 0U, WIN_PAGES) == 0U, "op %u: window differs", op);
            CHECK(CheckCounts(sp) == 0U, "op %u: level-2 counts", op);
        }
    }
    VmTestWalkResult w;
    UINT32 sizes[3] = { 0 };
    for (UINT32 i = 0; i < WIN_PAGES; i++) {
        VmTestWalkSpace(sp, WIN_BASE + (i << 12), &w);
        sizes[0] += (w.pageSize == 4096U);
        sizes[1] += (w.pageSize == 0x10000U);
        sizes[2] += (w.pageSize == 0x100000U);
    }
    printf("ops map/unmap/protect/move %u/%u/%u/%u; pages now small/large/section %u/%u/%u; "
           "sampled large/section %u/%u\n", counts[0], counts[1], counts[2], counts[3], sizes[0], sizes[1],
           sizes[2], seenLarge, seenSection);
    CHECK(seenLarge > 0U && seenSection > 0U, "the run exercised large pages and sections");
    CHECK(LOS_ArchMmuUnmap(&sp->archMmu, WIN_BASE, WIN_PAGES) >= 0, "unmap all");
    LosL2PoolStats st;
    OsArchMmuL2PoolStats(&st);
    CHECK(st.tables == 0U && st.pages == 0U, "tables left: %u in %u pages", st.tables, st.pages);
    CHECK(sp->archMmu.mappedPages == 0U, "mapped pages counter %u", sp->archMmu.mappedPages);
    LOS_VmSpaceFree(sp);
    CHECK(VmTestFreePages() == free0, "pages back");
    return FwTestResult("fw.pgtable.random");
}
