/* record: runs an ARM Linux program under qemu-arm with the vmctrace plugin and turns what
 * the plugin saw into a trace (docs/qemu-tracer.md). The plugin writes one raw stream per
 * guest process into a private temporary folder; once qemu has exited with status 0, the
 * streams become the trace (record_convert.c) and the folder is removed. */
#define _XOPEN_SOURCE 700 /* realpath */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "common.h"
#include "record_convert.h"

#define PLUGIN_NAME "libvmctrace_qemu.so"
#define DEFAULT_SYSROOT "/usr/arm-linux-gnueabihf"
#define EXIT_PLUGIN_FAILED 125 /* the plugin's exit status when it stops the program */

static int usage(void) {
  tool_error("usage: vmctrace record -o OUT [--quantum N] [--cores N] [--qemu PATH] [--plugin PATH] "
             "[--sysroot DIR] [--text|--binary] [--gzip|--no-gzip] -- PROGRAM [ARGS...]");
  return EXIT_USAGE;
}

/* The first executable file called `name` in $PATH, or name itself when it has a slash and
 * can be read (qemu only reads the program). */
static int find_on_path(const char *name, char *out, size_t outlen, int mode) {
  if (strchr(name, '/')) {
    snprintf(out, outlen, "%s", name);
    return access(out, mode) == 0 ? 0 : -1;
  }
  const char *path = getenv("PATH");
  while (path && *path) {
    size_t n = strcspn(path, ":");
    snprintf(out, outlen, "%.*s/%s", (int)n, n ? path : ".", name);
    if (access(out, X_OK) == 0)
      return 0;
    path += n + (path[n] == ':');
  }
  return -1;
}

/* The plugin next to this executable: BUILD/traces/qemu/ in the build tree,
 * PREFIX/LIBDIR/vmctrace/ once installed (the tool is in PREFIX/bin). */
static int find_plugin(char *out, size_t outlen) {
  char self[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0)
    return -1;
  self[n] = 0;
  char *slash = strrchr(self, '/');
  if (!slash)
    return -1;
  *slash = 0;
  static const char *const where[] = {"qemu/", "../" VMCTRACE_PLUGIN_LIBDIR "/vmctrace/"};
  for (size_t i = 0; i < sizeof where / sizeof where[0]; i++) {
    int n2 = snprintf(out, outlen, "%s/%s%s", self, where[i], PLUGIN_NAME);
    if (n2 > 0 && (size_t)n2 < outlen && access(out, R_OK) == 0)
      return 0;
  }
  return -1;
}

/* 0 when path is a 32-bit little-endian ARM ELF executable; otherwise -1 and why. */
static int check_arm_elf(const char *path, char *why, size_t whylen) {
  unsigned char h[20];
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    snprintf(why, whylen, "%s", strerror(errno));
    return -1;
  }
  ssize_t n = read(fd, h, sizeof h);
  close(fd);
  if (n != (ssize_t)sizeof h || memcmp(h, "\177ELF", 4) != 0)
    snprintf(why, whylen, "not an ELF file");
  else if (h[4] != 1 || h[5] != 1 || h[18] != 40 || h[19] != 0)
    snprintf(why, whylen, "an ELF file, but not for 32-bit little-endian ARM (machine %u, class %u)",
             h[18] | h[19] << 8, h[4]);
  else if (h[16] != 2 && h[16] != 3)
    snprintf(why, whylen, "an ARM ELF file, but not an executable (type %u)", h[16]);
  else
    return 0;
  return -1;
}

static void remove_dir(const char *dir) {
  DIR *d = opendir(dir);
  if (d) {
    struct dirent *e;
    char path[PATH_MAX];
    while ((e = readdir(d)) != NULL) {
      if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
        continue;
      snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
      unlink(path);
    }
    closedir(d);
  }
  rmdir(dir);
}

/* SIGTERM to every child of the tool (/proc/self/task/TID/children; the tool has one thread). */
static void stop_children(void) {
  char path[64];
  snprintf(path, sizeof path, "/proc/self/task/%ld/children", (long)getpid());
  FILE *f = fopen(path, "r");
  if (!f)
    return;
  long child;
  while (fscanf(f, "%ld", &child) == 1)
    kill((pid_t)child, SIGTERM);
  fclose(f);
}

/* Runs qemu; returns its pid and its wait status in *status, or -1 when it could not start
 * (*status is then the errno of execv). A close-on-exec pipe tells the two apart: it is
 * closed unread when execv succeeds, and carries execv's errno when it fails. */
static long run_qemu(char **argv, int *status) {
  int fds[2];
  if (pipe(fds) < 0)
    return *status = errno, -1;
  fcntl(fds[0], F_SETFD, FD_CLOEXEC);
  fcntl(fds[1], F_SETFD, FD_CLOEXEC);
  pid_t pid = fork();
  if (pid < 0) {
    *status = errno;
    close(fds[0]);
    close(fds[1]);
    return -1;
  }
  if (pid == 0) {
    close(fds[0]);
    execv(argv[0], argv);
    int e = errno;
    ssize_t ignored = write(fds[1], &e, sizeof e); /* nothing else to do if it fails */
    (void)ignored;
    _exit(127);
  }
  close(fds[1]);
  int exec_errno = 0;
  ssize_t got;
  while ((got = read(fds[0], &exec_errno, sizeof exec_errno)) < 0 && errno == EINTR)
    ;
  close(fds[0]);
  if (got == (ssize_t)sizeof exec_errno) {
    while (waitpid(pid, status, 0) < 0 && errno == EINTR)
      ;
    *status = exec_errno;
    return -1;
  }
  /* Poll until the first qemu and every guest process it started have exited: the tool is a
   * child subreaper (set in cmd_record), so a guest process whose parent did not wait for it
   * becomes the tool's child, and its stream is complete before the trace is written. On
   * SIGINT/SIGTERM sent to the tool alone (not to the terminal's whole group), every qemu
   * still running is stopped, orphans too, as they become the tool's children. */
  int root_status = 0, root_done = 0;
  for (;;) {
    int st;
    pid_t r = waitpid(-1, &st, WNOHANG);
    if (r == pid) {
      root_status = st;
      root_done = 1;
    }
    if (r > 0)
      continue;
    if (r < 0 && errno == ECHILD)
      break;
    if (r < 0 && errno != EINTR)
      return -1;
    if (tool_interrupted())
      stop_children();
    struct timespec pause = {0, 20 * 1000 * 1000};
    nanosleep(&pause, NULL);
  }
  if (!root_done)
    return -1;
  *status = root_status;
  return (long)pid;
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int cmd_record(int argc, char **argv) {
  const char *out = NULL, *qemu_opt = NULL, *plugin_opt = NULL, *sysroot = NULL;
  int force_text = 0, force_binary = 0, force_gzip = -1, i;
  record_opts opts = {10000, 1, tool_interrupted};
  for (i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--")) {
      i++;
      break;
    } else if (!strcmp(argv[i], "-o") && i + 1 < argc) {
      out = argv[++i];
    } else if (!strcmp(argv[i], "--quantum") && i + 1 < argc) {
      if (tool_parse_u64(argv[++i], 0, &opts.quantum) || opts.quantum == 0)
        return tool_error("--quantum: '%s' is not a count of 1 or more", argv[i]), EXIT_USAGE;
    } else if (!strcmp(argv[i], "--cores") && i + 1 < argc) {
      uint64_t n;
      if (tool_parse_u64(argv[++i], 0, &n) || n < 1 || n > VMC_MAX_CORES)
        return tool_error("--cores: '%s' is not a number of cores from 1 to %u", argv[i], VMC_MAX_CORES), EXIT_USAGE;
      opts.cores = (unsigned)n;
    } else if (!strcmp(argv[i], "--qemu") && i + 1 < argc) {
      qemu_opt = argv[++i];
    } else if (!strcmp(argv[i], "--plugin") && i + 1 < argc) {
      plugin_opt = argv[++i];
    } else if (!strcmp(argv[i], "--sysroot") && i + 1 < argc) {
      sysroot = argv[++i];
    } else if (!strcmp(argv[i], "--text")) {
      force_text = 1;
    } else if (!strcmp(argv[i], "--binary")) {
      force_binary = 1;
    } else if (!strcmp(argv[i], "--gzip")) {
      force_gzip = 1;
    } else if (!strcmp(argv[i], "--no-gzip")) {
      force_gzip = 0;
    } else {
      return usage();
    }
  }
  if (!out || i >= argc)
    return usage();
  char **prog_argv = argv + i;
  int prog_argc = argc - i;

  char program[PATH_MAX], why[256];
  if (find_on_path(prog_argv[0], program, sizeof program, R_OK) < 0)
    return tool_error("%s: no such program", prog_argv[0]), 1;
  if (check_arm_elf(program, why, sizeof why) < 0)
    return tool_error("%s: cannot trace: %s (vmctrace record runs 32-bit ARM Linux programs)",
                      program, why), 1;
  char qemu[PATH_MAX], plugin[PATH_MAX];
  if (find_on_path(qemu_opt ? qemu_opt : "qemu-arm", qemu, sizeof qemu, X_OK) < 0)
    return tool_error("%s not found%s (install the qemu-user package, or give --qemu PATH)",
                      qemu_opt ? qemu_opt : "qemu-arm", qemu_opt ? "" : " on PATH"), 1;
  if (plugin_opt ? snprintf(plugin, sizeof plugin, "%s", plugin_opt) < 0 || access(plugin, R_OK)
                 : find_plugin(plugin, sizeof plugin) < 0)
    return tool_error("the qemu plugin %s was not found (build the target vmctrace_qemu, or "
                      "give --plugin PATH)", plugin_opt ? plugin_opt : PLUGIN_NAME), 1;
  struct stat st;
  if (!sysroot && stat(DEFAULT_SYSROOT, &st) == 0)
    sysroot = DEFAULT_SYSROOT;

  const char *tmp = getenv("TMPDIR");
  char dir[PATH_MAX], plugin_arg[2 * PATH_MAX + 64];
  snprintf(dir, sizeof dir, "%s/vmctrace-record-XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(dir))
    return tool_error("cannot create a temporary folder %s: %s", dir, strerror(errno)), 1;
  char real_plugin[PATH_MAX];
  if (!realpath(plugin, real_plugin) || strchr(real_plugin, ',') || strchr(dir, ',')) {
    remove_dir(dir);
    return tool_error("the plugin path and the temporary folder must not contain a comma "
                      "(qemu's -plugin option separates its arguments with commas)"), 1;
  }

  /* qemu-arm -plugin LIB,out=DIR,nopts=N [-L SYSROOT] PROGRAM ARGS... */
  char **qargv = calloc((size_t)prog_argc + 8, sizeof *qargv);
  if (!qargv) {
    remove_dir(dir);
    return tool_error("out of memory"), 1;
  }
  int k = 0, nopts = sysroot ? 5 : 3;
  snprintf(plugin_arg, sizeof plugin_arg, "%s,out=%s,nopts=%d", real_plugin, dir, nopts);
  qargv[k++] = qemu;
  qargv[k++] = "-plugin";
  qargv[k++] = plugin_arg;
  if (sysroot) {
    qargv[k++] = "-L";
    qargv[k++] = (char *)sysroot;
  }
  qargv[k++] = program;
  for (int j = 1; j < prog_argc; j++)
    qargv[k++] = prog_argv[j];

  /* Guest processes left running by their parents become the tool's children (run_qemu). */
  prctl(PR_SET_CHILD_SUBREAPER, 1L, 0L, 0L, 0L);
  double t0 = now();
  int status = 0;
  long root = run_qemu(qargv, &status);
  free(qargv);
  double t1 = now();
  if (tool_interrupted()) {
    remove_dir(dir);
    return EXIT_INTERRUPTED;
  }
  if (root < 0) {
    remove_dir(dir);
    return tool_error("could not run %s: %s", qemu, strerror(status)), 1;
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    remove_dir(dir);
    if (WIFSIGNALED(status))
      return tool_error("%s was killed by signal %d under qemu-arm; no trace written", program,
                        WTERMSIG(status)), 1;
    if (WEXITSTATUS(status) == EXIT_PLUGIN_FAILED)
      return tool_error("%s exited with status %d under qemu-arm: the tracer stopped it (the "
                        "reason is above) or the program itself exited so; no trace written",
                        program, EXIT_PLUGIN_FAILED), 1;
    return tool_error("%s exited with status %d under qemu-arm; no trace written", program,
                      WEXITSTATUS(status)), 1;
  }

  vmc_encoding enc;
  int compress;
  tool_output_format(out, force_binary ? VMC_ENC_BINARY : force_text ? VMC_ENC_TEXT : -1, force_gzip,
                     &enc, &compress);
  vmc_trace_err err;
  /* one core: version 1, as before multi-core traces existed (threads all on core 0) */
  vmc_trace_writer *w = vmc_trace_writer_open_version(
      out, enc, compress, 6, opts.cores > 1 ? VMC_TRACE_VERSION_MULTICORE : VMC_TRACE_VERSION_SINGLE, &err);
  if (!w) {
    remove_dir(dir);
    return tool_error("%s", err.msg), 1;
  }
  record_stats stats;
  char msg[512];
  int rc = record_convert(dir, root, &opts, w, &stats, msg, sizeof msg);
  remove_dir(dir);
  if (rc < 0 && tool_interrupted()) {
    vmc_trace_writer_abort(w);
    return EXIT_INTERRUPTED;
  }
  if (rc < 0) {
    vmc_trace_writer_abort(w);
    return tool_error("%s: %s; no trace written", program, msg), 1;
  }
  if (vmc_trace_writer_close(w, &err) < 0)
    return tool_error("%s", err.msg), 1;
  double t2 = now();
  char threads[48] = "";
  if (stats.threads)
    snprintf(threads, sizeof threads, " and %llu more threads", (unsigned long long)stats.threads);
  fprintf(stderr,
          "vmctrace record: %s: %llu accesses, %llu events, %llu processes%s; guest space %u MiB "
          "in %u MiB of the user range; qemu %.2f s, writing %.2f s, %.1f M accesses/s overall\n",
          out, (unsigned long long)stats.accesses, (unsigned long long)stats.events,
          (unsigned long long)stats.processes, threads, stats.chunks, stats.slots_used, t1 - t0, t2 - t1,
          (double)stats.accesses / (t2 - t0) / 1e6);
  return 0;
}
