/* Safe output files; the rules are in vmcutil/output_file.h. */
#include "vmcutil/output_file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The temporary's template: ".NAME.tmp-XXXXXX" in the target's folder. */
static char *temp_template(const char *path) {
  const char *slash = strrchr(path, '/');
  const size_t dirlen = slash ? (size_t)(slash - path + 1) : 0;
  const size_t n = strlen(path) + 16;
  char *t = malloc(n);
  if (t)
    snprintf(t, n, "%.*s.%s.tmp-XXXXXX", (int)dirlen, path, path + dirlen);
  return t;
}

/* Removes temporaries of earlier writers of path that died without cleaning up (SIGKILL, a
 * crash): ".NAME.tmp-XXXXXX" files beside it that no live writer holds locked (every writer
 * keeps an flock on its temporary until it renames or removes it; the kernel drops the lock
 * when the process dies). */
static void remove_stale_temporaries(const char *path) {
  const char *slash = strrchr(path, '/');
  const size_t dirlen = slash ? (size_t)(slash - path) : 0;
  char dir[4096], prefix[512];
  if (dirlen >= sizeof dir)
    return;
  if (!slash)
    snprintf(dir, sizeof dir, ".");
  else
    snprintf(dir, sizeof dir, "%.*s", (int)(dirlen ? dirlen : 1), path);
  const char *base = slash ? slash + 1 : path;
  if ((size_t)snprintf(prefix, sizeof prefix, ".%s.tmp-", base) >= sizeof prefix)
    return;
  DIR *d = opendir(dir);
  if (!d)
    return;
  const size_t plen = strlen(prefix);
  for (struct dirent *e; (e = readdir(d));) {
    if (strncmp(e->d_name, prefix, plen) != 0 || strlen(e->d_name) != plen + 6)
      continue;
    const int fd = openat(dirfd(d), e->d_name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
      continue;
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && flock(fd, LOCK_EX | LOCK_NB) == 0)
      unlinkat(dirfd(d), e->d_name, 0);
    close(fd);
  }
  closedir(d);
}

static int fail(vmc_output_file *o, const char *path, const char *what, int e, char *err,
                size_t errlen) {
  snprintf(err, errlen, "%s: %s%s%s", path, what, e ? ": " : "", e ? strerror(e) : "");
  vmc_output_abort(o);
  return -1;
}

int vmc_output_open(vmc_output_file *o, const char *path, char *err, size_t errlen) {
  memset(o, 0, sizeof *o);
  o->fd = -1;
  if (strcmp(path, "-") == 0) {
    o->fd = dup(STDOUT_FILENO);
    return o->fd < 0 ? fail(o, path, "cannot write to standard output", errno, err, errlen) : 0;
  }
  struct stat st;
  const int exists = stat(path, &st) == 0; /* follows a symlink to its target */
  if (!exists && errno != ENOENT)
    return fail(o, path, "cannot write", errno, err, errlen);
  if (exists && S_ISDIR(st.st_mode))
    return fail(o, path, "is a directory", 0, err, errlen);
  struct stat lst;
  const int is_link = lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode);
  if ((exists && !S_ISREG(st.st_mode)) || (is_link && !exists)) {
    /* A FIFO or device keeps its identity; a dangling link creates its target, as ">" does. */
    o->fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOCTTY, 0666);
    return o->fd < 0 ? fail(o, path, "cannot open for writing", errno, err, errlen) : 0;
  }
  if (is_link) {
    o->target = realpath(path, NULL);
    if (!o->target)
      return fail(o, path, "cannot resolve the link", errno, err, errlen);
  } else if (!(o->target = strdup(path))) {
    return fail(o, path, "out of memory", 0, err, errlen);
  }
  if (!(o->tmp = temp_template(o->target)))
    return fail(o, path, "out of memory", 0, err, errlen);
  remove_stale_temporaries(o->target);
  o->fd = mkstemp(o->tmp);
  if (o->fd < 0) {
    const int e = errno;
    free(o->tmp);
    o->tmp = NULL;
    return fail(o, path, "cannot create a temporary file beside it", e, err, errlen);
  }
  /* An existing file keeps its permissions; a new one gets 0666 less the umask. */
  mode_t mode = exists ? (st.st_mode & 07777) : 0;
  if (!exists) {
    const mode_t mask = umask(0);
    umask(mask);
    mode = 0666 & ~mask;
  }
  fchmod(o->fd, mode);
  flock(o->fd, LOCK_EX); /* ours: see remove_stale_temporaries */
  return 0;
}

FILE *vmc_output_stream(vmc_output_file *o) {
  if (!o->stream && o->fd >= 0) {
    o->stream = fdopen(o->fd, "w");
    if (o->stream)
      o->fd = -1;
  }
  return o->stream;
}

/* Closes whatever is open; returns the first error (0 if none). */
static int close_all(vmc_output_file *o) {
  int e = 0;
  if (o->stream) {
    if (ferror(o->stream))
      e = EIO;
    if (fclose(o->stream) != 0 && !e)
      e = errno ? errno : EIO;
    o->stream = NULL;
  }
  if (o->fd >= 0) {
    if (close(o->fd) != 0 && !e)
      e = errno;
    o->fd = -1;
  }
  return e;
}

static void release(vmc_output_file *o) {
  free(o->tmp);
  free(o->target);
  o->tmp = o->target = NULL;
}

int vmc_output_commit(vmc_output_file *o, char *err, size_t errlen) {
  const int e = close_all(o);
  const char *name = o->target ? o->target : "output";
  if (e) {
    snprintf(err, errlen, "%s: write error: %s", name, strerror(e));
    vmc_output_abort(o);
    return -1;
  }
  if (o->tmp && rename(o->tmp, o->target) != 0) {
    snprintf(err, errlen, "%s: cannot rename the temporary file into place: %s", name,
             strerror(errno));
    vmc_output_abort(o);
    return -1;
  }
  release(o);
  return 0;
}

void vmc_output_abort(vmc_output_file *o) {
  close_all(o);
  if (o->tmp)
    unlink(o->tmp);
  release(o);
}

int vmc_output_check(const char *path, char *err, size_t errlen) {
  struct stat st;
  if (strcmp(path, "-") == 0 || (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)))
    return 0; /* opened when written */
  vmc_output_file o;
  if (vmc_output_open(&o, path, err, errlen) != 0)
    return -1;
  vmc_output_abort(&o);
  return 0;
}

int vmc_same_file(const char *a, const char *b) {
  struct stat sa, sb;
  if (!a || !b || strcmp(a, "-") == 0 || strcmp(b, "-") == 0)
    return 0;
  return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
         sa.st_ino == sb.st_ino;
}
