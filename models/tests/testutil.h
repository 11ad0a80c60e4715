/*
 * Small helpers shared by the model's tests: checks that count failures, a case table run by
 * name (one CTest test per case), a sparse physical memory, and descriptor builders written
 * from the descriptor formats of DDI 0406C B3.5.1 (bit positions typed in here, not taken
 * from the model).
 */
#ifndef VMCMODEL_TESTUTIL_H
#define VMCMODEL_TESTUTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "vmcosim/mmu_model.h"

extern int g_test_failures;

#define CHECK(cond)                                                                   \
    do {                                                                              \
        if (!(cond)) {                                                                \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);  \
            g_test_failures++;                                                        \
        }                                                                             \
    } while (0)

#define CHECK_EQ(a, b)                                                                \
    do {                                                                              \
        unsigned long long a_ = (unsigned long long)(a);                              \
        unsigned long long b_ = (unsigned long long)(b);                              \
        if (a_ != b_) {                                                               \
            fprintf(stderr, "%s:%d: CHECK_EQ failed: %s = 0x%llx, %s = 0x%llx\n",     \
                    __FILE__, __LINE__, #a, a_, #b, b_);                              \
            g_test_failures++;                                                        \
        }                                                                             \
    } while (0)

typedef struct {
    const char *name;
    void (*fn)(void);
} test_case;

/* Runs the case named argv[1] (or every case without an argument); exit code 0 = pass. */
int test_run(int argc, char **argv, const test_case *cases, size_t n);

/* ---- Sparse physical memory: 16 MiB at PA 0, reads outside return 0 ------------------- */
#define TMEM_BYTES (16u << 20)
void tmem_clear(void);
void tmem_w32(uint32_t pa, uint32_t value);
uint32_t tmem_r32(void *ctx, uint32_t pa);
/* Reads performed since the last tmem_clear / tmem_reset_reads. */
extern unsigned long g_tmem_reads;

/* ---- Descriptors (B3.5.1) ------------------------------------------------------------ */
/* ap is AP[2:0]: AP[2] goes to bit 15 (section) or 9 (page), AP[1:0] to [11:10] or [5:4]. */
uint32_t d_section(uint32_t pa, uint32_t ap, uint32_t domain, int xn, int ng);
uint32_t d_section_attr(uint32_t pa, uint32_t ap, uint32_t domain, int xn, int ng,
                        uint32_t tex, int c, int b, int s);
uint32_t d_supersection(uint32_t pa, uint32_t ap, int xn, int ng);
uint32_t d_pagetable(uint32_t l2_base, uint32_t domain);
uint32_t d_small(uint32_t pa, uint32_t ap, int xn, int ng);
uint32_t d_small_attr(uint32_t pa, uint32_t ap, int xn, int ng, uint32_t tex, int c, int b,
                      int s);
uint32_t d_large(uint32_t pa, uint32_t ap, int xn, int ng);

/* Writes an L1 descriptor for VA's MiB into the table at l1_base (full 16 KiB indexing). */
void t_map_l1(uint32_t l1_base, uint32_t va, uint32_t desc);
/* Writes an L2 descriptor for VA's 4 KiB page into the L2 table at l2_base. */
void t_map_l2(uint32_t l2_base, uint32_t va, uint32_t desc);

/* ---- Model set-up ------------------------------------------------------------------- */
vmc_mmu_model *t_model(const char *itlb, const char *dtlb, const char *l2tlb,
                       uint32_t wcache);
/* Writes TTBR0, TTBCR, DACR, CONTEXTIDR and SCTLR (M=1, AFE as given). */
void t_enable(vmc_mmu_model *m, uint32_t ttbr0, uint32_t ttbr1, uint32_t ttbcr, uint32_t dacr,
              uint32_t asid, int afe);
vmc_fault_kind t_access(vmc_mmu_model *m, uint32_t va, vmc_access_kind kind, int priv,
                        vmc_mmu_resp *resp);

#define DACR_ALL_CLIENT  0x55555555u
#define DACR_ALL_MANAGER 0xFFFFFFFFu

#endif /* VMCMODEL_TESTUTIL_H */
