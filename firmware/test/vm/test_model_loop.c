/*
 * fw.fault.model_loop: the random process workload of test_process_random.c, but every access
 * goes through the reference MMU model (models/, with TLBs, ASIDs and walk cache) the way the
 * co-simulation runs it: translate; on an abort copy DFSR/DFAR into the HAL registers, call the
 * abort entry OsArchAbortHandle, and retry. Every register write the firmware makes (TTBR0,
 * CONTEXTIDR, TLB maintenance) is forwarded to the model, so a missing or misplaced TLB
 * invalidation shows up as a stale translation: a read that returns another process's data,
 * or a PA different from what LOS_ArchMmuQuery reports.
 */
#include "vm_test.h"
#include "vm_private.h"
#include "los_vm_phys.h"
#include <string.h>
#include "vmcosim/mmu_model.h"
#include "vmcosim/mmu_regs.h"

#define WIN   0x20000000U
#define NPG   256U
#define NPROC 4U
#define OPS   3000U

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
static UINT32 g_cells[OPS * 40U];
static UINT32 g_ncells;

static UINT64 g_rng = 0xDEADBEEFCAFEF00DULL;
static UINT32 Rand(VOID)
{
    g_rng ^= g_rng >> 12;
    g_rng ^= g_rng << 25;
    g_rng ^= g_rng >> 27;
    return (UINT32)((g_rng * 2685821657736338717ULL) >> 32);
}

static UINT32 Expected(const Proc *p, UINT32 i)
{
    return (p->kind[i] == K_SHARED) ? g_cells[p->cell[i]] : p->value[i];
}

static vmc_mmu_model *g_model;
static UINT32 g_translations;

static uint32_t ModelRead32(void *ctx, uint32_t pa)
{
    uint32_t v = 0;
    (void)ctx;
    memcpy(&v, HalPhysToHost(pa), sizeof(v));
    return v;
}

/* Hands the firmware's register writes (recorded by the HAL log) to the model, in order. */
static VOID Forward(VOID)
{
    for (UINT32 i = 0; i < HalHostLogCount(); i++) {
        const HalLogEntry *e = HalHostLogAt(i);
        if (e->kind == HAL_LOG_REG_WRITE) {
            vmc_mmu_model_reg_write(g_model, e->addr, e->value);
        }
    }
    HalHostLogClear();
}

/* One user-mode access to page i of process p through the model, faults handled. */
static STATUS_T Access(Proc *p, UINT32 i, BOOL write, UINT32 value, UINT32 *readOut)
{
    VADDR_T va = WIN + (i << 12);
    for (UINT32 attempt = 0; attempt < 3U; attempt++) {
        vmc_mmu_req req = { va, write ? VMC_ACCESS_WRITE : VMC_ACCESS_READ, 0 };
        vmc_mmu_resp resp;
        g_translations++;
        if (vmc_mmu_model_translate(g_model, &req, &resp) == VMC_FAULT_NONE) {
            PADDR_T q = 0;
            CHECK(LOS_ArchMmuQuery(&p->sp->archMmu, va, &q, NULL) == LOS_OK && q == resp.pa,
                  "model PA %#x, tables say %#x (stale TLB entry?)", resp.pa, q);
            VOID *host = HalPhysToHost(resp.pa);
            if (write) {
                memcpy(host, &value, 4);
            } else {
                memcpy(readOut, host, 4);
            }
            return LOS_OK;
        }
        HalHostRegPoke(MMU_REG_DFSR, vmc_mmu_model_reg_read(g_model, MMU_REG_DFSR));
        HalHostRegPoke(MMU_REG_DFAR, vmc_mmu_model_reg_read(g_model, MMU_REG_DFAR));
        STATUS_T ret = OsArchAbortHandle(FALSE, TRUE);
        Forward();
        if (ret != LOS_OK) {
            return ret;
        }
    }
    REQUIRE(0, "access to %#x still faults after the handler resolved it", va);
    return LOS_NOK;
}

static VOID Switch(Proc *p)
{
    OsVmSpaceSwitch(p->sp);
    Forward();
}

static UINT32 g_profile = VM_LAYOUT_LITEOS;

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "linux") == 0) {
        g_profile = VM_LAYOUT_LINUX;
    }
    vmc_mmu_config cfg;
    vmc_mmu_config_default(&cfg);
    g_model = vmc_mmu_model_create(&cfg, ModelRead32, NULL);
    REQUIRE(g_model != NULL, "model");
    HalHostLogStartMask(HAL_LOG_MASK(HAL_LOG_REG_WRITE));
    VmTestBoot((LosVmLayoutProfile)g_profile, 0, 0, 0, FALSE);
    Forward();
    REQUIRE(vmc_mmu_model_reg_read(g_model, MMU_REG_SCTLR) & MMU_SCTLR_M, "the model's MMU is on");
    UINT32 free0 = VmTestFreePages();
    memset(g_proc, 0, sizeof(g_proc));
    g_proc[0].sp = OsCreateUserVmSpace();
    REQUIRE(g_proc[0].sp != NULL, "first process");
    g_nproc = 1;
    UINT32 stat[8] = { 0 };
    for (UINT32 op = 0; op < OPS && g_vmTestFailures == 0; op++) {
        Proc *p = &g_proc[Rand() % g_nproc];
        Switch(p);
        UINT32 r = Rand() % 100U;
        UINT32 first = Rand() % NPG;
        if ((Rand() % 10U) < 7U) {
            first %= 16U;                 /* a hot set, so that translations stay in the TLBs */
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
            stat[0]++;
        } else if (r < 18U) {                                  /* munmap */
            CHECK(OsVmMunmap(p->sp, WIN + (first << 12), n << 12) == LOS_OK, "op %u munmap", op);
            for (UINT32 i = first; i < first + n; i++) {
                p->kind[i] = K_NONE;
            }
            stat[1]++;
        } else if (r < 24U) {                                  /* mprotect */
            BOOL ro = (Rand() & 1U) != 0U;
            UINT32 prot = VM_MAP_REGION_FLAG_PERM_READ | (ro ? 0U : VM_MAP_REGION_FLAG_PERM_WRITE);
            STATUS_T ret = OsVmMprotect(p->sp, WIN + (first << 12), n << 12, prot);
            BOOL any = FALSE;
            for (UINT32 i = first; i < first + n; i++) {
                any = any || (p->kind[i] != K_NONE);
            }
            CHECK(ret == (any ? (STATUS_T)LOS_OK : LOS_ERRNO_VM_NOT_FOUND), "op %u mprotect: %d", op, ret);
            for (UINT32 i = first; any && i < first + n; i++) {
                p->ro[i] = ro;
            }
            stat[2]++;
        } else if (r < 28U && g_nproc < NPROC) {               /* fork */
            Proc *c = &g_proc[g_nproc];
            *c = *p;
            c->sp = OsVmSpaceFork(p->sp);
            REQUIRE(c->sp != NULL, "fork");
            g_nproc++;
            stat[3]++;
        } else if (r < 31U && g_nproc > 1U) {                  /* exit */
            CHECK(LOS_VmSpaceFree(p->sp) == LOS_OK, "exit");
            *p = g_proc[--g_nproc];
            stat[4]++;
        } else if (r < 65U) {                                  /* write */
            UINT32 i = first;
            UINT32 v = Rand() | 1U;
            STATUS_T ret = Access(p, i, TRUE, v, NULL);
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
            stat[5]++;
        } else {                                               /* read */
            UINT32 i = first;
            UINT32 got = 0;
            STATUS_T ret = Access(p, i, FALSE, 0U, &got);
            STATUS_T want = (p->kind[i] == K_NONE) ? LOS_ERRNO_VM_NOT_FOUND : (STATUS_T)LOS_OK;
            CHECK(ret == want, "op %u read page %u: %d", op, i, ret);
            if (ret == LOS_OK) {
                CHECK(got == Expected(p, i), "op %u read page %u (kind %u) of space %u: %#x, expected %#x", op, i,
                      p->kind[i], p->sp->archMmu.asid, got, Expected(p, i));
            }
            stat[6]++;
        }
        Forward();
        if ((op % 200U) == 0U) {
            for (UINT32 k = 0; k < g_nproc; k++) {
                OsRegionTreeCheck(&g_proc[k].sp->regionTree);
                CHECK(VmTestCrossCheck(g_proc[k].sp, WIN, NPG) == 0U, "op %u cross-check", op);
            }
        }
    }
    /* Every process reads every page once more. */
    for (UINT32 k = 0; k < g_nproc; k++) {
        Switch(&g_proc[k]);
        for (UINT32 i = 0; i < NPG; i++) {
            UINT32 got = 0;
            if (g_proc[k].kind[i] != K_NONE) {
                CHECK(Access(&g_proc[k], i, FALSE, 0U, &got) == LOS_OK && got == Expected(&g_proc[k], i),
                      "final read process %u page %u", k, i);
            }
        }
    }
    vmc_mmu_counters cnt;
    vmc_mmu_model_counters(g_model, &cnt);
    printf("model: %u translations, dTLB hits %u, L2TLB hits %u, walks %u, flushes %u\n", g_translations,
           cnt.dtlb_hits, cnt.l2tlb_hits, cnt.walks, cnt.flushes);
    CHECK(cnt.dtlb_hits > 0U && cnt.flushes > 0U, "the TLB was used and maintained");
    LosVmFaultStats fs;
    LOS_VmFaultStatsGet(&fs);
    printf("mmap %u munmap %u mprotect %u fork %u exit %u write %u read %u; faults %u: zero %u copies %u "
           "reuse %u denied %u noregion %u\n", stat[0], stat[1], stat[2], stat[3], stat[4], stat[5], stat[6],
           fs.faults, fs.demandZero, fs.cowCopies, fs.cowReuse, fs.denied, fs.noRegion);
    CHECK(fs.cowCopies > 0U && fs.cowReuse > 0U && stat[3] > 0U, "copy-on-write exercised");
    OsVmSpaceSwitch(NULL);
    Forward();
    while (g_nproc > 0U) {
        LOS_VmSpaceFree(g_proc[--g_nproc].sp);
    }
    LosL2PoolStats st;
    OsArchMmuL2PoolStats(&st);
    CHECK(st.tables == 0U && OsArchMmuAsidsInUse() == 0U, "tables %u asids %u", st.tables, OsArchMmuAsidsInUse());
    CHECK(VmTestFreePages() == free0, "pages back: %u vs %u", VmTestFreePages(), free0);
    OsVmPhysInvariantsCheck();
    vmc_mmu_model_destroy(g_model);
    return VmTestResult(g_profile == VM_LAYOUT_LINUX ? "fw.fault.model_loop_linux" : "fw.fault.model_loop");
}
