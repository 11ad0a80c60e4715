/* The qemu-arm plugin of `vmctrace record`: writes every instruction fetch, load and store of
 * the guest, its memory-management syscalls and its start-up address space to a raw stream
 * (raw.h), one file per guest thread (qemu-user runs each guest thread on a host thread, as a
 * vCPU of its own; a process's first thread is the process). The hot path only appends a
 * 64-bit word to its vCPU's buffer; a buffer goes out with one write() per 64 Ki words.
 * `vmctrace record` turns the streams into a trace (docs/qemu-tracer.md).
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
#define MAP_ANONYMOUS 0x20u
#define EXIT_PLUGIN_FAILED 125

#define MAX_VCPUS 256

/* One guest thread's stream. Only its own host thread touches it (qemu passes the vCPU index
 * to every callback), but for the flush at exit. The file is opened at the first write, by
 * the thread itself, so that it is named after the thread's host id. */
typedef struct stream {
  uint64_t buf[BUF_WORDS];
  size_t n;
  int fd;             /* -1 until the first write */
  int kind;           /* RAW_START_* of the header written when the file opens */
  long parent;        /* its second header word */
  long pid;           /* the host process it was made in (a forked child sees another) */
  uint64_t sys_args[6];
} stream;

static stream *streams[MAX_VCPUS];
static int root_started; /* this image's first stream is the program's (RAW_START_ROOT) */
static char out_dir[RAW_PATH_MAX];
static int nopts;
static uintptr_t guest_base;
static int started;                /* base known and start-up maps written */

/* Stops the program. qemu_plugin_outs() would go to qemu's log, which is off by default. */
static void fail(const char *why) {
  char msg[512];
  int n = snprintf(msg, sizeof msg, "vmctrace plugin: %s\n", why);
  if (write(STDERR_FILENO, msg, n > 0 && (size_t)n < sizeof msg ? (size_t)n : 0) < 0)
    (void)0; /* nothing more to do: the exit status says it */
  _exit(EXIT_PLUGIN_FAILED);
}

static void write_all(int fd, const void *data, size_t len) {
  const char *p = data;
  while (len > 0) {
    ssize_t n = write(fd, p, len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      fail("cannot write the raw stream (disk full?)");
    p += n;
    len -= (size_t)n;
  }
}

/* Writes out s's buffer; the first time, opens DIR/TID.raw and writes the header
 * (RAW_START kind, the thread's host id, the parent word). */
static void flush(stream *s) {
  if (s->fd < 0) {
    const long tid = (long)gettid();
    char path[RAW_PATH_MAX + 32];
    snprintf(path, sizeof path, "%s/%ld.raw", out_dir, tid);
    s->fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (s->fd < 0)
      fail("cannot open the raw stream");
    const uint64_t head[1 + RAW_START_WORDS] = {RAW_WORD(RAW_START, s->kind), (uint64_t)tid,
                                                (uint64_t)s->parent};
    write_all(s->fd, head, sizeof head);
  }
  write_all(s->fd, s->buf, s->n * sizeof s->buf[0]);
  s->n = 0;
}

/* The stream of a vCPU that has none yet: the program's first thread, or a new thread
 * (RAW_START_THREAD, its process's host pid as the parent word). */
static stream *new_stream(unsigned vcpu) {
  if (vcpu >= MAX_VCPUS)
    fail("the program runs more than 256 threads at once");
  stream *s = calloc(1, sizeof *s);
  if (!s)
    fail("out of memory for a thread's buffer");
  s->fd = -1;
  s->kind = root_started ? RAW_START_THREAD : RAW_START_ROOT;
  s->parent = root_started ? (long)getpid() : 0;
  s->pid = (long)getpid();
  root_started = 1;
  streams[vcpu] = s;
  return s;
}

static inline stream *stream_of(unsigned vcpu) {
  stream *s = vcpu < MAX_VCPUS ? streams[vcpu] : NULL;
  return __builtin_expect(s != NULL, 1) ? s : new_stream(vcpu);
}

static inline void put(stream *s, uint64_t w) {
  s->buf[s->n++] = w;
  if (s->n == BUF_WORDS)
    flush(s);
}

static void put_path(stream *s, const char *str, size_t len) {
  if (len >= RAW_PATH_MAX)
    len = RAW_PATH_MAX - 1;
  put(s, RAW_WORD(RAW_PATH, len));
  for (size_t i = 0; i < len; i += 8) {
    uint64_t w = 0;
    memcpy(&w, str + i, len - i < 8 ? len - i : 8);
    put(s, w);
  }
}

/* A thread's stream ends (its exit): written out, closed, and the vCPU index free for a new
 * thread's stream. */
static void end_stream(unsigned vcpu) {
  stream *s = streams[vcpu];
  flush(s);
  close(s->fd);
  free(s);
  streams[vcpu] = NULL;
}

/* The guest's regions at start: qemu's own mappings inside the guest window. */
static void put_startup_maps(stream *s) {
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
    put(s, RAW_WORD(RAW_MAP, prot | (perms[3] == 's' ? 0x100u : 0)));
    put(s, start - lo);
    put(s, end - lo);
    put(s, off);
    put_path(s, name, len);
  }
  fclose(f);
}

static void on_fetch(unsigned int vcpu, void *word) {
  put(stream_of(vcpu), (uint64_t)(uintptr_t)word);
}

static void on_mem(unsigned int vcpu, qemu_plugin_meminfo_t info, uint64_t va, void *ud) {
  (void)ud;
  put(stream_of(vcpu), RAW_ACCESS(va, 1u << qemu_plugin_mem_size_shift(info),
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
      put_startup_maps(stream_of(0)); /* the first translation: only the first thread runs */
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
static void exec_traced(stream *s, uint64_t path_g, uint64_t argv_g, uint64_t envp_g) {
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
    put(s, RAW_WORD(RAW_EXEC, 0));
    put_path(s, path, strlen(path));
    flush(s);
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

static void put_syscall(stream *s, int64_t num, int64_t ret) {
  put(s, RAW_WORD(RAW_SYSCALL, (uint64_t)num));
  for (int i = 0; i < 6; i++)
    put(s, s->sys_args[i]);
  put(s, (uint64_t)ret);
}

static void on_syscall(qemu_plugin_id_t id, unsigned int vcpu, int64_t num, uint64_t a1,
                       uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5, uint64_t a6,
                       uint64_t a7, uint64_t a8) {
  (void)id;
  (void)a7;
  (void)a8;
  stream *s = stream_of(vcpu);
  uint64_t args[6] = {a1, a2, a3, a4, a5, a6};
  memcpy(s->sys_args, args, sizeof args);
  switch (num) {
  case SYS_exit: /* this thread ends; no return to record */
    put_syscall(s, num, 0);
    end_stream(vcpu);
    break;
  case SYS_exit_group: /* no return to record */
    put_syscall(s, num, 0);
    flush(s);
    break;
  case SYS_clone: /* a thread (CLONE_VM) or a process: nothing buffered may be written twice */
  case SYS_fork:
  case SYS_vfork:
    flush(s);
    break;
  case SYS_execve:
    exec_traced(s, a1, a2, a3);
    flush(s); /* qemu runs anything else (a host program) in place of this process */
    break;
  default:
    break;
  }
}

static void on_syscall_ret(qemu_plugin_id_t id, unsigned int vcpu, int64_t num, int64_t ret) {
  (void)id;
  stream *s = stream_of(vcpu);
  /* A forked child returns 0 in a new host process (a new thread would be in the same one). */
  if ((num == SYS_fork || num == SYS_vfork || num == SYS_clone) && ret == 0 && (long)getpid() != s->pid) {
    /* The child process has only this thread: the parent's streams are the parent's. */
    for (unsigned v = 0; v < MAX_VCPUS; v++)
      if (streams[v] && streams[v] != s) {
        if (streams[v]->fd >= 0)
          close(streams[v]->fd);
        free(streams[v]);
        streams[v] = NULL;
      }
    if (s->fd >= 0)
      close(s->fd);
    s->fd = -1; /* the child's own stream, opened at its first write */
    s->n = 0;
    s->kind = RAW_START_FORK;
    s->parent = (long)getppid();
    s->pid = (long)getpid();
    return;
  }
  if (!recorded(num))
    return;
  put_syscall(s, num, ret);
  if (num == SYS_mmap2 && !RAW_SYSCALL_FAILED(ret) && !(s->sys_args[3] & MAP_ANONYMOUS)) {
    char link[64], target[RAW_PATH_MAX];
    snprintf(link, sizeof link, "/proc/self/fd/%d", (int)(int32_t)s->sys_args[4]);
    ssize_t n = readlink(link, target, sizeof target - 1);
    put_path(s, target, n > 0 ? (size_t)n : 0);
  }
}

/* The process ends: every stream is written out (the other threads are stopped by then). */
static void on_exit_cb(qemu_plugin_id_t id, void *ud) {
  (void)id;
  (void)ud;
  for (unsigned v = 0; v < MAX_VCPUS; v++)
    if (streams[v])
      flush(streams[v]);
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
  /* The first stream (vCPU 0's, opened at its first write) starts with RAW_START_ROOT; after
   * a RAW_EXEC the recorder reads it as the new image. */
  qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
  qemu_plugin_register_vcpu_syscall_cb(id, on_syscall);
  qemu_plugin_register_vcpu_syscall_ret_cb(id, on_syscall_ret);
  qemu_plugin_register_atexit_cb(id, on_exit_cb, NULL);
  return 0;
}
