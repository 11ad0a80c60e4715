/*
 * The random process workload of vm_workload.h: the operations, the model of what every
 * process must read, and the final leak checks.
 */
#include "vm_workload.h"
#include "vm_private.h"
#include "los_vm_phys.h"
#include <string.h>

#define WIN   VM_WORKLOAD_WIN
#define NPG   VM_WORKLOAD_PAGES
#define NPROC 4U

enum { K_NONE = 0, K_PRIV = 1, K_SHARED = 2 };

typedef struct {
    LosVmSpace *sp;
    UINT8  kind[NPG];
    UINT8  ro[NPG];
    UINT32 value[NPG];   /* private pages */
    UINT32 cell[NPG];    /* shared pages: index into g_cells */
} Proc;

static Proc g_proc[NPROC];
static UINT32 g_nproc;
static UINT32 g_cells[VM_WORKLOAD_MAX_OPS * 40U];
static UINT32 g_ncells;
static UINT32 g_free0;
static UINT32 g_stat[8];

static UINT64 g_rng = 0xDEADBEEFCAFEF00DULL;
static UINT32 Rand(VOID)
{
    return FwTestRand(&g_rng);
}

static UINT32 Expected(const Proc *p, UINT32 i)
{
    return (p->kind[i] == K_SHARED) ? g_cells[p->cell[i]] : p->value[i];
}

static VOID Sync(const VmTestWorkload *w)
{
    if (w->sync != NULL) {
        w->sync();
    }
}

static VOID Switch(const VmTestWorkload *w, Proc *p)
{
    OsVmSpaceSwitch(p->sp);
    Sync(w);
}

static STATUS_T Access(const VmTestWorkload *w, Proc *p, UINT32 i, BOOL write, UINT32 value,
                       UINT32 *readOut)
{
    return w->access(p->sp, WIN + (i << 12), write, value, readOut);
}

static VOID OneOp(const VmTestWorkload *w, UINT32 op)
{
    Proc *p = &g_proc[Rand() % g_nproc];
    Switch(w, p);
    UINT32 r = Rand() % 100U;
    UINT32 first = Rand() % NPG;
    if (w->hotSet && ((Rand() % 10U) < 7U)) {
        first %= 16U;
    }
    UINT32 n = 1U + Rand() % 24U;
    n = MIN(n, NPG - first);            /* MIN evaluates its arguments twice */
    if (r < 12U) {                                         /* mmap FIXED */
        BOOL shared = (Rand() % 3U) == 0U;
        LosVmMmapArgs a = { WIN + (first << 12), n << 12,
                            VM_MAP_REGION_FLAG_PERM_READ | VM_MAP_REGION_FLAG_PERM_WRITE,
                            (shared ? VM_MAP_REGION_FLAG_SHARED : VM_MAP_REGION_FLAG_PRIVATE) |
                                VM_MAP_REGION_FLAG_FIXED | ((Rand() % 4U == 0U) ? VM_MMAP_POPULATE : 0U),
                            VM_MAP_REGION_TYPE_ANON, 0U, 0U, 0U };
        VADDR_T out = 0;
        CHECK(OsVmMmap(p->sp, &a, &out) == LOS_OK && out == a.vaddr, "op %u mmap", op);
        for (UINT32 i = first; i < first + n; i++) {
            p->kind[i] = shared ? K_SHARED : K_PRIV;
            p->ro[i] = 0;
            p->value[i] = 0;
            p->cell[i] = g_ncells;
            g_cells[g_ncells++] = 0;
        }
        g_stat[0]++;
    } else if (r < 18U) {                                  /* munmap */
        CHECK(OsVmMunmap(p->sp, WIN + (first << 12), n << 12) == LOS_OK, "op %u munmap", op);
        for (UINT32 i = first; i < first + n; i++) {
            p->kind[i] = K_NONE;
        }
        g_stat[1]++;
    } else if (r < 24U) {                                  /* mprotect */
        BOOL ro = (Rand() & 1U) != 0U;
        UINT32 prot = VM_MAP_REGION_FLAG_PERM_READ | (ro ? 0U : VM_MAP_REGION_FLAG_PERM_WRITE);
        STATUS_T ret = OsVmMprotect(p->sp, WIN + (first << 12), n << 12, prot);
        BOOL all = TRUE;                                   /* a hole refuses the whole call */
        for (UINT32 i = first; i < first + n; i++) {
            all = all && (p->kind[i] != K_NONE);
        }
        CHECK(ret == (all ? (STATUS_T)LOS_OK : LOS_ERRNO_VM_NOT_FOUND), "op %u mprotect: %d", op, ret);
        for (UINT32 i = first; all && i < first + n; i++) {
            p->ro[i] = ro;
        }
        g_stat[2]++;
    } else if (r < 28U && g_nproc < NPROC) {               /* fork */
        Proc *c = &g_proc[g_nproc];
        *c = *p;
        c->sp = OsVmSpaceFork(p->sp);
        REQUIRE(c->sp != NULL, "fork");
        g_nproc++;
        g_stat[3]++;
    } else if (r < 31U && g_nproc > 1U) {                  /* exit */
        CHECK(LOS_VmSpaceFree(p->sp) == LOS_OK, "exit");
        *p = g_proc[--g_nproc];
        g_stat[4]++;
    } else if (r < 65U) {                                  /* write */
        UINT32 i = first;
        UINT32 v = Rand() | 1U;
        STATUS_T ret = Access(w, p, i, TRUE, v, NULL);
        STATUS_T want = (p->kind[i] == K_NONE) ? LOS_ERRNO_VM_NOT_FOUND :
                        p->ro[i] ? LOS_ERRNO_VM_ACCESS_DENIED : (STATUS_T)LOS_OK;
        CHECK(ret == want, "op %u write page %u (kind %u ro %u): %d, expected %d", op, i, p->kind[i],
              p->ro[i], ret, want);
        if (ret == LOS_OK) {
            if (p->kind[i] == K_SHARED) {
                g_cells[p->cell[i]] = v;
            } else {
                p->value[i] = v;
            }
        }
        g_stat[5]++;
    } else {                                               /* read */
        UINT32 i = first;
        UINT32 got = 0;
        STATUS_T ret = Access(w, p, i, FALSE, 0U, &got);
        STATUS_T want = (p->kind[i] == K_NONE) ? LOS_ERRNO_VM_NOT_FOUND : (STATUS_T)LOS_OK;
        CHECK(ret == want, "op %u read page %u: %d", op, i, ret);
        if (ret == LOS_OK) {
            CHECK(got == Expected(p, i), "op %u read page %u (kind %u) of space %u: %#x, expected %#x", op, i,
                  p->kind[i], p->sp->archMmu.asid, got, Expected(p, i));
        }
        g_stat[6]++;
    }
    Sync(w);
}

VOID VmTestWorkloadRun(const VmTestWorkload *w)
{
    REQUIRE(w->ops <= VM_WORKLOAD_MAX_OPS, "at most %u operations", VM_WORKLOAD_MAX_OPS);
    g_free0 = VmTestFreePages();
    memset(g_proc, 0, sizeof(g_proc));
    g_proc[0].sp = OsCreateUserVmSpace();
    REQUIRE(g_proc[0].sp != NULL, "first process");
    g_nproc = 1;
    for (UINT32 op = 0; op < w->ops && g_fwTestFailures == 0; op++) {
        OneOp(w, op);
        if ((op % 200U) == 0U) {
            for (UINT32 k = 0; k < g_nproc; k++) {
                OsRegionTreeCheck(&g_proc[k].sp->regionTree);
                CHECK(VmTestCrossCheck(g_proc[k].sp, WIN, NPG) == 0U, "op %u cross-check", op);
            }
        }
    }
    /* Every process reads every page once more. */
    for (UINT32 k = 0; k < g_nproc; k++) {
        Switch(w, &g_proc[k]);
        for (UINT32 i = 0; i < NPG; i++) {
            UINT32 got = 0;
            if (g_proc[k].kind[i] != K_NONE) {
                CHECK(Access(w, &g_proc[k], i, FALSE, 0U, &got) == LOS_OK && got == Expected(&g_proc[k], i),
                      "final read process %u page %u", k, i);
            }
        }
    }
}

VOID VmTestWorkloadFinish(const VmTestWorkload *w)
{
    LosVmFaultStats fs;
    LOS_VmFaultStatsGet(&fs);
    printf("mmap %u munmap %u mprotect %u fork %u exit %u write %u read %u; faults %u: zero %u copies %u "
           "reuse %u denied %u noregion %u\n", g_stat[0], g_stat[1], g_stat[2], g_stat[3], g_stat[4],
           g_stat[5], g_stat[6], fs.faults, fs.demandZero, fs.cowCopies, fs.cowReuse, fs.denied,
           fs.noRegion);
    CHECK(fs.cowCopies > 0U && fs.cowReuse > 0U && g_stat[3] > 0U, "copy-on-write exercised");
    OsVmSpaceSwitch(NULL);
    Sync(w);
    while (g_nproc > 0U) {
        LOS_VmSpaceFree(g_proc[--g_nproc].sp);
    }
    LosL2PoolStats st;
    OsArchMmuL2PoolStats(&st);
    CHECK(st.tables == 0U && OsArchMmuAsidsInUse() == 0U, "tables %u asids %u", st.tables, OsArchMmuAsidsInUse());
    CHECK(VmTestFreePages() == g_free0, "pages back: %u vs %u", VmTestFreePages(), g_free0);
    OsVmPhysInvariantsCheck();
}
