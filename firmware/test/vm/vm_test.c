/*
 * Test helpers: boot, and an independent walker of the short-descriptor tables.
 * The walker uses literal bit positions from the ARM ARM (DDI 0406C B3.5.1) on purpose, not the
 * project's header, so a wrong mask in the header would show up as a disagreement.
 */
#include "vm_test.h"
#include "los_vm_boot.h"
#include "los_vm_phys.h"
#include "vmcosim/mmu_regs.h"
#include <string.h>
#ifdef VM_TEST_HAVE_VMCMODEL
#include "vmcosim/mmu_model.h"
#endif

VOID VmTestBoot(LosVmLayoutProfile profile, PADDR_T ramBase, UINT32 ramSize, UINT32 lowmemLimit,
                BOOL largePages)
{
    LosVmConfig cfg = { profile, lowmemLimit, largePages };
    if (ramSize != 0U) {
        REQUIRE(HalHostInit(ramBase, ramSize) == LOS_OK, "HalHostInit(%#x, %#x)", ramBase, ramSize);
    }
    REQUIRE(OsSysMemInit() == LOS_OK, "OsSysMemInit");
    STATUS_T ret = OsVmInit(&cfg);
    REQUIRE(ret == LOS_OK, "OsVmInit: %d", ret);
}

static UINT32 OsTestPeek32(PADDR_T pa)
{
    UINT32 v = 0U;
    VOID *p = HalPhysToHost(pa);
    REQUIRE(p != NULL, "walker read outside RAM at %#x", pa);
    memcpy(&v, p, sizeof(v));
    return v;
}

VOID VmTestWalk(UINT32 ttbr0, UINT32 ttbr1, UINT32 ttbcr, VADDR_T va, VmTestWalkResult *out)
{
    UINT32 n = ttbcr & 7U;
    PADDR_T l1Addr;
    memset(out, 0, sizeof(*out));
    if ((n > 0U) && ((va >> (32U - n)) != 0U)) {
        out->ttbr = 1U;
        l1Addr = (ttbr1 & 0xFFFFC000U) | ((va >> 20) << 2);
    } else {
        UINT32 baseMask = 0xFFFFFFFFU << (14U - n);
        UINT32 index = (va << n) >> (20U + n);
        l1Addr = (ttbr0 & baseMask) | (index << 2);
    }
    UINT32 d = OsTestPeek32(l1Addr);
    switch (d & 3U) {
        case 2U:
            if (d & (1U << 18)) {                      /* supersection */
                out->pageSize = 16U << 20;
                out->pa = (d & 0xFF000000U) | (va & 0x00FFFFFFU);
            } else {
                out->pageSize = 1U << 20;
                out->pa = (d & 0xFFF00000U) | (va & 0x000FFFFFU);
            }
            out->mapped = TRUE;
            out->ap = ((d >> 15) & 1U) << 2 | ((d >> 10) & 3U);
            out->tex = (d >> 12) & 7U;
            out->c = (d >> 3) & 1U;
            out->b = (d >> 2) & 1U;
            out->xn = (d >> 4) & 1U;
            out->ng = (d >> 17) & 1U;
            return;
        case 1U: {
            UINT32 e = OsTestPeek32((d & 0xFFFFFC00U) | (((va >> 12) & 0xFFU) << 2));
            if ((e & 3U) == 0U) {
                return;
            }
            out->mapped = TRUE;
            out->ap = ((e >> 9) & 1U) << 2 | ((e >> 4) & 3U);
            out->c = (e >> 3) & 1U;
            out->b = (e >> 2) & 1U;
            out->ng = (e >> 11) & 1U;
            if ((e & 3U) == 1U) {                      /* large page */
                out->pageSize = 1U << 16;
                out->pa = (e & 0xFFFF0000U) | (va & 0xFFFFU);
                out->tex = (e >> 12) & 7U;
                out->xn = (e >> 15) & 1U;
            } else {                                   /* small page */
                out->pageSize = 1U << 12;
                out->pa = (e & 0xFFFFF000U) | (va & 0xFFFU);
                out->tex = (e >> 6) & 7U;
                out->xn = e & 1U;
            }
            return;
        }
        default:
            return;
    }
}

VOID VmTestWalkSpace(const LosVmSpace *space, VADDR_T va, VmTestWalkResult *out)
{
    UINT32 ttbr1 = LOS_GetKVmSpace()->archMmu.physTtb;
    UINT32 ttbr0 = space->archMmu.isKernel ? ttbr1 : space->archMmu.physTtb;
    VmTestWalk(ttbr0, ttbr1, OsVmLayoutGet()->ttbcrN, va, out);
}

/* Mapping flags the walker's AP/XN imply (B3.6.1 table; the firmware's encoding choice). */
static UINT32 OsTestPermFlags(const VmTestWalkResult *w)
{
    static const UINT32 apFlags[8] = {
        0U,
        VM_MAP_REGION_FLAG_PERM_READ | VM_MAP_REGION_FLAG_PERM_WRITE,
        VM_MAP_REGION_FLAG_PERM_USER | VM_MAP_REGION_FLAG_PERM_READ,
        VM_MAP_REGION_FLAG_PERM_USER | VM_MAP_REGION_FLAG_PERM_READ | VM_MAP_REGION_FLAG_PERM_WRITE,
        0U,
        VM_MAP_REGION_FLAG_PERM_READ,
        VM_MAP_REGION_FLAG_PERM_USER | VM_MAP_REGION_FLAG_PERM_READ,
        VM_MAP_REGION_FLAG_PERM_USER | VM_MAP_REGION_FLAG_PERM_READ,
    };
    UINT32 f = apFlags[w->ap & 7U];
    if (!w->xn && (f & VM_MAP_REGION_FLAG_PERM_READ)) {
        f |= VM_MAP_REGION_FLAG_PERM_EXECUTE;
    }
    return f;
}

#ifdef VM_TEST_HAVE_VMCMODEL
static uint32_t OsTestModelRead(void *ctx, uint32_t pa)
{
    (void)ctx;
    return OsTestPeek32(pa);
}
#endif

UINT32 VmTestCrossCheck(const LosVmSpace *space, VADDR_T va, size_t count)
{
    UINT32 bad = 0U;
    for (size_t i = 0U; i < count; i++) {
        VADDR_T v = va + (VADDR_T)(i << 12);
        PADDR_T pa = 0U;
        UINT32 flags = 0U;
        VmTestWalkResult w;
        LosVmSpace *s = (LosVmSpace *)space;
        const LosArchMmu *mmu = (s == LOS_GetVmallocSpace()) ? &LOS_GetKVmSpace()->archMmu : &s->archMmu;
        BOOL q = LOS_ArchMmuQuery(mmu, v, &pa, &flags) == LOS_OK;
        VmTestWalkSpace(space, v, &w);
        UINT32 perm = VM_MAP_REGION_FLAG_PROT_MASK;
        /* memory type from TEX/C/B (B3.8.2): 001/1/1 cached, 001/0/0 uncached, 000/0/1 device,
         * 000/0/0 strongly ordered */
        UINT32 texcb = (w.tex << 2) | (w.c << 1) | w.b;
        UINT32 type = (texcb == 7U) ? VM_MAP_REGION_FLAG_CACHED : (texcb == 4U) ? VM_MAP_REGION_FLAG_UNCACHED :
                      (texcb == 1U) ? VM_MAP_REGION_FLAG_UNCACHED_DEVICE : (texcb == 0U) ?
                      VM_MAP_REGION_FLAG_STRONGLY_ORDERED : 0xFFU;
        if ((q != w.mapped) || (q && ((pa != w.pa) || ((flags & perm) != OsTestPermFlags(&w)) ||
                                      ((flags & VM_MAP_REGION_FLAG_CACHE_MASK) != type)))) {
            fprintf(stderr, "cross-check %#x: query %d pa %#x flags %#x; walker %d pa %#x ap %u xn %u\n",
                    v, q, pa, flags, w.mapped, w.pa, w.ap, w.xn);
            bad++;
        }
#ifdef VM_TEST_HAVE_VMCMODEL
        vmc_ctrl_regs regs;
        vmc_walk_result mr;
        memset(&regs, 0, sizeof(regs));
        regs.ttbr1 = LOS_GetKVmSpace()->archMmu.physTtb;
        regs.ttbr0 = space->archMmu.isKernel ? regs.ttbr1 : space->archMmu.physTtb;
        regs.ttbcr = OsVmLayoutGet()->ttbcrN;
        regs.dacr = 1U;
        regs.sctlr = MMU_SCTLR_M;
        vmc_walk(&regs, v, OsTestModelRead, NULL, &mr);
        BOOL mmapped = mr.fault == VMC_FAULT_NONE;
        if ((mmapped != q) || (q && (mr.pa != pa))) {
            fprintf(stderr, "vmcmodel cross-check %#x: query %d pa %#x; model %d pa %#x\n",
                    v, q, pa, mmapped, mr.pa);
            bad++;
        }
#endif
    }
    return bad;
}

UINT32 VmTestFreePages(VOID)
{
    return OsVmPhysFreePagesGet();
}

BOOL VmTestRead32(const LosVmSpace *space, VADDR_T va, UINT32 *value)
{
    VmTestWalkResult w;
    VmTestWalkSpace(space, va, &w);
    if (!w.mapped) {
        return FALSE;
    }
    *value = OsTestPeek32(w.pa & ~3U);
    return TRUE;
}

BOOL VmTestWrite32(const LosVmSpace *space, VADDR_T va, UINT32 value)
{
    VmTestWalkResult w;
    VmTestWalkSpace(space, va, &w);
    if (!w.mapped) {
        return FALSE;
    }
    VOID *p = HalPhysToHost(w.pa & ~3U);
    memcpy(p, &value, sizeof(value));
    return TRUE;
}

UINT32 VmTestLogCount(HalLogKind kind, UINT32 addr)
{
    return HalHostLogCountOf(kind, addr, HAL_LOG_ANY);
}
