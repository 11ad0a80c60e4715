/*
 * fw.fault.model_loop: the random process workload of vm_workload.h (as in
 * fw.fault.random_processes), but every access goes through the reference MMU model (models/,
 * with TLBs, ASIDs and walk cache) the way the co-simulation runs it: translate; on an abort
 * copy DFSR/DFAR into the HAL registers, call the abort entry OsArchAbortHandle, and retry.
 * Every register write the firmware makes (TTBR0, CONTEXTIDR, TLB maintenance) is forwarded to
 * the model, so a missing or misplaced TLB invalidation shows up as a stale translation: a read
 * that returns another process's data, or a PA different from what LOS_ArchMmuQuery reports.
 */
#include "vm_workload.h"
#include "los_vm_fault.h"
#include <string.h>
#include "vmcosim/mmu_model.h"
#include "vmcosim/mmu_regs.h"

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

/* One user-mode access to va by the current process sp through the model, faults handled. */
static STATUS_T Access(LosVmSpace *sp, VADDR_T va, BOOL write, UINT32 value, UINT32 *readOut)
{
    for (UINT32 attempt = 0; attempt < 3U; attempt++) {
        vmc_mmu_req req = { va, write ? VMC_ACCESS_WRITE : VMC_ACCESS_READ, 0 };
        vmc_mmu_resp resp;
        g_translations++;
        if (vmc_mmu_model_translate(g_model, &req, &resp) == VMC_FAULT_NONE) {
            PADDR_T q = 0;
            CHECK(LOS_ArchMmuQuery(&sp->archMmu, va, &q, NULL) == LOS_OK && q == resp.pa,
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

static UINT32 g_profile = VM_LAYOUT_LITEOS;

int main(int argc, char **argv)
{
    const VmTestWorkload w = { 3000U, TRUE, Access, Forward };
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
    VmTestWorkloadRun(&w);
    vmc_mmu_counters cnt;
    vmc_mmu_model_counters(g_model, &cnt);
    printf("model: %u translations, dTLB hits %u, L2TLB hits %u, walks %u, flushes %u\n", g_translations,
           cnt.dtlb_hits, cnt.l2tlb_hits, cnt.walks, cnt.flushes);
    CHECK(cnt.dtlb_hits > 0U && cnt.flushes > 0U, "the TLB was used and maintained");
    VmTestWorkloadFinish(&w);
    vmc_mmu_model_destroy(g_model);
    return FwTestResult(g_profile == VM_LAYOUT_LINUX ? "fw.fault.model_loop_linux" : "fw.fault.model_loop");
}
