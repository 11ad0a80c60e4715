/* A second, minimal qemu plugin for the tests: counts fetches, loads and stores directly,
 * with no buffer, stream or conversion, counting an access that crosses a 4 KiB page
 * boundary twice (the trace splits it). At exit it prints "fetch N read N write N" to the
 * file given as out=FILE. Forks are not followed (the tests run it on one process). */
#include <stdio.h>
#include <string.h>

#include "plugin_api.h"

VMC_QEMU_PLUGIN_EXPORT int qemu_plugin_version = 1;

static unsigned long long fetches, reads, writes;
static char out[4096];

static void on_fetch(unsigned int vcpu, void *ud) {
  (void)vcpu;
  unsigned long long word = (unsigned long long)(size_t)ud;
  unsigned va = (unsigned)(word >> 8), size = (unsigned)(word & 255);
  fetches += 1 + ((va & 4095) + size > 4096);
}

static void on_mem(unsigned int vcpu, qemu_plugin_meminfo_t info, uint64_t va, void *ud) {
  (void)vcpu;
  (void)ud;
  unsigned size = 1u << qemu_plugin_mem_size_shift(info);
  unsigned n = 1 + ((va & 4095) + size > 4096);
  if (qemu_plugin_mem_is_store(info))
    writes += n;
  else
    reads += n;
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb) {
  (void)id;
  for (size_t i = 0; i < qemu_plugin_tb_n_insns(tb); i++) {
    struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
    size_t word = (size_t)(qemu_plugin_insn_vaddr(insn) << 8 | qemu_plugin_insn_size(insn));
    qemu_plugin_register_vcpu_insn_exec_cb(insn, on_fetch, QEMU_PLUGIN_CB_NO_REGS, (void *)word);
    qemu_plugin_register_vcpu_mem_cb(insn, on_mem, QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_MEM_RW, NULL);
  }
}

static void on_exit_cb(qemu_plugin_id_t id, void *ud) {
  (void)id;
  (void)ud;
  FILE *f = fopen(out, "w");
  if (f) {
    fprintf(f, "fetch %llu read %llu write %llu\n", fetches, reads, writes);
    fclose(f);
  }
}

VMC_QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const vmc_qemu_info *info,
                                               int argc, char **argv) {
  (void)info;
  if (argc < 1 || strncmp(argv[0], "out=", 4) != 0)
    return -1;
  snprintf(out, sizeof out, "%s", argv[0] + 4);
  qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
  qemu_plugin_register_atexit_cb(id, on_exit_cb, NULL);
  return 0;
}
