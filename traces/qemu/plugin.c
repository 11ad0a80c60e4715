/* The qemu-arm plugin of `vmctrace record`: writes every instruction fetch, load and store of
 * the guest, its memory-management syscalls and its start-up address space to a raw stream
 * (raw.h), one file per guest process. The hot path only appends a 64-bit word to a buffer;
 * the buffer goes out with one write() per 64 Ki words. `vmctrace record` turns the streams
 * into a trace (docs/qemu-tracer.md).
 *
 * Plugin arguments: out=DIR (the folder of the streams, DIR/PID.raw) and nopts=N (how many
 * words of qemu's command line come before the guest program: an execve of an ARM program
 * re-executes qemu with them so that the new image is traced too). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "plugin_api.h"
#include "raw.h"
#include "vmctrace/vmctrace.h"

VMC_QEMU_PLUGIN_EXPORT int qemu_plugin_version = 1;

#define BUF_WORDS (1u << 16)
#define CLONE_VM 0x100u
#define CLONE_VFORK 0x4000u
#define MAP_ANONYMOUS 0x20u
#define EXIT_PLUGIN_FAILED 125

static uint64_t buf[BUF_WORDS];
static size_t nbuf;
static int out_fd = -1;
static char out_dir[RAW_PATH_MAX];
static int nopts;
static uintptr_t guest_base;
static int started;                /* base known and start-up maps written */
static uint64_t sys_args[6];

/* Stops the program. qemu_plugin_outs() would go to qemu's log, which is off by default. */
static void fail(const char *why) {
  char msg[512];
  int n = snprintf(msg, sizeof msg, "vmctrace plugin: %s\n", why);
  if (write(STDERR_FILENO, msg, n > 0 && (size_t)n < sizeof msg ? (size_t)n : 0) < 0)
    (void)0; /* nothing more to do: the exit status says it */
  _exit(EXIT_PLUGIN_FAILED);
}

static void flush(void) {
  const char *p = (const char *)buf;
  size_t left = nbuf * sizeof buf[0];
  while (left > 0) {
    ssize_t n = write(out_fd, p, left);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      fail("cannot write the raw stream (disk full?)");
    p += n;
    left -= (size_t)n;
  }
  nbuf = 0;
}

static inline void put(uint64_t w) {
  buf[nbuf++] = w;
  if (nbuf == BUF_WORDS)
    flush();
}

static void put_path(const char *s, size_t len) {
  if (len >= RAW_PATH_MAX)
    len = RAW_PATH_MAX - 1;
  put(RAW_WORD(RAW_PATH, len));
  for (size_t i = 0; i < len; i += 8) {
    uint64_t w = 0;
    memcpy(&w, s + i, len - i < 8 ? len - i : 8);
    put(w);
  }
}

static void open_stream(int kind, long parent) {
  char path[RAW_PATH_MAX + 32];
  snprintf(path, sizeof path, "%s/%ld.raw", out_dir, (long)getpid());
  out_fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (out_fd < 0)
    fail("cannot open the raw stream");
  put(RAW_WORD(RAW_START, kind));
  put((uint64_t)getpid());
  put((uint64_t)parent);
}

/* The guest's regions at start: qemu's own mappings inside the guest window. */
static void put_startup_maps(void) {
  FILE *f = fopen("/proc/self/maps", "re");
  if (!f)
    fail("cannot read /proc/self/maps");
  char line[RAW_PATH_MAX + 256];
  uint64_t lo = guest_base, hi = (uint64_t)guest_base + (UINT64_C(1) << 32);
  while (fgets(line, sizeof line, f)) {
    unsigned long long start, end, off;
    char perms[8];
    int pathpos = 0;
    if (sscanf(line, "%llx-%llx %7s %llx %*s %*s %n", &start, &end, perms, &off, &pathpos) < 4)
      continue;
    if (start < lo || end > hi)
      continue;
    unsigned prot = (perms[0] == 'r' ? VMC_PROT_R : 0) | (perms[1] == 'w' ? VMC_PROT_W : 0) |
                    (perms[2] == 'x' ? VMC_PROT_X : 0);
    const char *name = pathpos ? line + pathpos : "";
    size_t len = strcspn(name, "\n");
    if (name[0] != '/')
      len = 0; /* anonymous, [stack], [heap]... */
    put(RAW_WORD(RAW_MAP, prot | (perms[3] == 's' ? 0x100u : 0)));
    put(start - lo);
    put(end - lo);
    put(off);
    put_path(name, len);
  }
  fclose(f);
}

static void on_fetch(unsigned int vcpu, void *word) {
  (void)vcpu;
  put((uint64_t)(uintptr_t)word);
}

static void on_mem(unsigned int vcpu, qemu_plugin_meminfo_t info, uint64_t va, void *ud) {
  (void)vcpu;
  (void)ud;
  put(RAW_ACCESS(va, 1u << qemu_plugin_mem_size_shift(info),
                 qemu_plugin_mem_is_store(info) ? VMC_OP_WRITE : VMC_OP_READ));
}

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb) {
  (void)id;
  size_t n = qemu_plugin_tb_n_insns(tb);
  for (size_t i = 0; i < n; i++) {
    struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
    uint64_t va = qemu_plugin_insn_vaddr(insn);
    if (!started) {
      /* In user mode the host address of guest code is guest_base + va. */
      guest_base = (uintptr_t)qemu_plugin_insn_haddr(insn) - (uintptr_t)va;
      put_startup_maps();
      started = 1;
    }
    uint64_t word = RAW_ACCESS(va, qemu_plugin_insn_size(insn), VMC_OP_FETCH);
    qemu_plugin_register_vcpu_insn_exec_cb(insn, on_fetch, QEMU_PLUGIN_CB_NO_REGS,
                                           (void *)(uintptr_t)word);
    qemu_plugin_register_vcpu_mem_cb(insn, on_mem, QEMU_PLUGIN_CB_NO_REGS, QEMU_PLUGIN_MEM_RW,
                                     NULL);
  }
}

static const char *g2h(uint64_t gva) { return (const char *)(guest_base + (uint32_t)gva); }

/* Guest pointers from a system call are checked before use: reading unmapped guest memory
 * directly would be a host fault that kills qemu. process_vm_readv on ourselves reads or
 * fails with EFAULT. A block of 256 bytes never crosses a page, so it reads whole or not. */
static int guest_read(uint64_t gva, void *out, size_t len) {
  struct iovec local = {out, len}, remote = {(void *)g2h(gva), len};
  return process_vm_readv(getpid(), &local, 1, &remote, 1, 0) == (ssize_t)len ? 0 : -1;
}

/* The length of the guest's string at gva; -1 when it cannot be read or is longer than max. */
static long guest_strlen(uint64_t gva, size_t max) {
  char block[256];
  for (size_t n = 0; n <= max;) {
    size_t want = 256 - (size_t)((gva + n) & 255);
    if (guest_read(gva + n, block, want) < 0)
      return -1;
    const char *z = memchr(block, 0, want);
    if (z)
      return (long)(n + (size_t)(z - block));
    n += want;
  }
  return -1;
}

/* The guest's NULL-terminated array of string pointers at gva, as host pointers in a new
 * array (NULL-terminated, `extra` free slots at the front); NULL when any of it is unreadable. */
static char **guest_strings(uint64_t gva, size_t extra, size_t *count) {
  size_t n = 0, cap = 64;
  char **v = calloc(extra + cap + 1, sizeof *v);
  for (uint32_t p; v && gva; n++) {
    if (guest_read(gva + 4 * n, &p, 4) < 0 || (p && guest_strlen(p, 1u << 20) < 0) || n > 65536) {
      free(v);
      return NULL;
    }
    if (!p)
      break;
    if (n == cap) {
      char **w = realloc(v, (extra + 2 * cap + 1) * sizeof *v);
      if (!w) {
        free(v);
        return NULL;
      }
      v = w;
      cap *= 2;
    }
    v[extra + n] = (char *)g2h(p);
  }
  if (v)
    v[extra + n] = NULL;
  *count = n;
  return v;
}

static int is_arm_elf(const char *path) {
  unsigned char h[20];
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return 0;
  ssize_t n = read(fd, h, sizeof h);
  close(fd);
  return n == (ssize_t)sizeof h && !memcmp(h, "\177ELF\1\1", 6) && h[18] == 40 && h[19] == 0;
}

/* Replaces this qemu by a new one, with the same options, running the ARM program the guest
 * executes; returns only when that is impossible (the guest's execve then runs as usual). */
static void exec_traced(uint64_t path_g, uint64_t argv_g, uint64_t envp_g) {
  if (!started || guest_strlen(path_g, RAW_PATH_MAX - 1) < 0)
    return;
  const char *path = g2h(path_g);
  if (!is_arm_elf(path))
    return;
  static char cmdline[65536];
  int fd = open("/proc/self/cmdline", O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return;
  ssize_t len = read(fd, cmdline, sizeof cmdline - 1);
  close(fd);
  if (len <= 0)
    return;
  cmdline[len] = 0;
  /* qemu OPTIONS... -0 ARGV0 PATH ARGV1... */
  size_t nargs = 0, nenv = 0;
  char **argv = guest_strings(argv_g, (size_t)nopts + 3, &nargs);
  char **envp = guest_strings(envp_g, 0, &nenv);
  size_t k = 0;
  for (char *p = cmdline; argv && p < cmdline + len && k < (size_t)nopts; p += strlen(p) + 1)
    argv[k++] = p;
  if (argv && envp && k == (size_t)nopts) {
    char *argv0 = nargs ? argv[k + 3] : (char *)path;
    argv[k] = "-0";
    argv[k + 1] = argv0;
    argv[k + 2] = (char *)path;
    if (nargs) /* the guest's argv[0] moved to after -0; its argv[1..] follow the path */
      memmove(&argv[k + 3], &argv[k + 4], nargs * sizeof *argv);
    put(RAW_WORD(RAW_EXEC, 0));
    put_path(path, strlen(path));
    flush();
    execve("/proc/self/exe", argv, envp);
  }
  free(argv);
  free(envp);
}

static int recorded(int64_t num) {
  switch (num) {
  case SYS_brk: case SYS_munmap: case SYS_mprotect: case SYS_mremap: case SYS_mmap2:
  case SYS_madvise: case SYS_wait4: case SYS_waitid: case SYS_fork: case SYS_vfork:
  case SYS_clone: case SYS_execve:
    return 1;
  default:
    return 0;
  }
}

static void put_syscall(int64_t num, int64_t ret) {
  put(RAW_WORD(RAW_SYSCALL, (uint64_t)num));
  for (int i = 0; i < 6; i++)
    put(sys_args[i]);
  put((uint64_t)ret);
}

static void on_syscall(qemu_plugin_id_t id, unsigned int vcpu, int64_t num, uint64_t a1,
                       uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6,
                       uint64_t a7, uint64_t a8) {
  (void)id;
  (void)vcpu;
  (void)a7;
  (void)a8;
  uint64_t args[6] = {a1, a2, a3, a4, a5, a6};
  memcpy(sys_args, args, sizeof args);
  switch (num) {
  case SYS_exit:
  case SYS_exit_group: /* no return to record */
    put_syscall(num, 0);
    flush();
    break;
  case SYS_clone:
    if ((a1 & CLONE_VM) && !(a1 & CLONE_VFORK)) {
      static const char why[] = "the program starts a thread; threads are not supported";
      put(RAW_WORD(RAW_ERROR, 0));
      put_path(why, sizeof why - 1);
      flush();
      fail(why);
    }
    flush(); /* nothing buffered may be written twice, by parent and child */
    break;
  case SYS_fork:
  case SYS_vfork:
    flush();
    break;
  case SYS_execve:
    exec_traced(a1, a2, a3);
    flush(); /* qemu runs anything else (a host program) in place of this process */
    break;
  default:
    break;
  }
}

static void on_syscall_ret(qemu_plugin_id_t id, unsigned int vcpu, int64_t num, int64_t ret) {
  (void)id;
  (void)vcpu;
  if ((num == SYS_fork || num == SYS_vfork || num == SYS_clone) && ret == 0) {
    long parent = (long)getppid();
    close(out_fd); /* the parent's stream; the child gets its own */
    open_stream(RAW_START_FORK, parent);
    return;
  }
  if (!recorded(num))
    return;
  put_syscall(num, ret);
  if (num == SYS_mmap2 && !RAW_SYSCALL_FAILED(ret) && !(sys_args[3] & MAP_ANONYMOUS)) {
    char link[64], target[RAW_PATH_MAX];
    snprintf(link, sizeof link, "/proc/self/fd/%d", (int)(int32_t)sys_args[4]);
    ssize_t n = readlink(link, target, sizeof target - 1);
    put_path(target, n > 0 ? (size_t)n : 0);
  }
}

static void on_exit_cb(qemu_plugin_id_t id, void *ud) {
  (void)id;
  (void)ud;
  flush();
}

VMC_QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id, const vmc_qemu_info *info,
                                               int argc, char **argv) {
  if (!info->target_name || strcmp(info->target_name, "arm") != 0) {
    fputs("vmctrace plugin: only qemu-arm is supported\n", stderr);
    return -1;
  }
  for (int i = 0; i < argc; i++) {
    if (!strncmp(argv[i], "out=", 4))
      snprintf(out_dir, sizeof out_dir, "%s", argv[i] + 4);
    else if (!strncmp(argv[i], "nopts=", 6))
      nopts = (int)strtol(argv[i] + 6, NULL, 10);
  }
  if (!out_dir[0] || nopts <= 0) {
    fputs("vmctrace plugin: needs out=DIR and nopts=N\n", stderr);
    return -1;
  }
  open_stream(RAW_START_ROOT, 0); /* after a RAW_EXEC, the recorder reads it as the new image */
  qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
  qemu_plugin_register_vcpu_syscall_cb(id, on_syscall);
  qemu_plugin_register_vcpu_syscall_ret_cb(id, on_syscall_ret);
  qemu_plugin_register_atexit_cb(id, on_exit_cb, NULL);
  return 0;
}
