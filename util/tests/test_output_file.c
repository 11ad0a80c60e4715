/* util.output_file.*: the safe output writer against each kind of existing name. Every case
 * works in the current folder (the test's fresh work folder). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vmcutil/output_file.h"

static int failures;
#define CHECK(cond, ...)                                                                     \
  do {                                                                                        \
    if (!(cond)) {                                                                            \
      printf("FAIL line %d: ", __LINE__);                                                     \
      printf(__VA_ARGS__);                                                                    \
      printf("\n");                                                                           \
      failures++;                                                                             \
    }                                                                                         \
  } while (0)

static void put(const char *path, const char *text) {
  FILE *f = fopen(path, "w");
  if (f) {
    fputs(text, f);
    fclose(f);
  }
}

static const char *get(const char *path) {
  static char buf[256];
  buf[0] = 0;
  FILE *f = fopen(path, "r");
  if (f) {
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = 0;
    fclose(f);
  }
  return buf;
}

/* Writes text to path through the helper; 0 or -1. */
static int write_out(const char *path, const char *text) {
  vmc_output_file o;
  char err[512];
  if (vmc_output_open(&o, path, err, sizeof err) != 0)
    return printf("  (open: %s)\n", err), -1;
  FILE *f = vmc_output_stream(&o);
  if (!f)
    return vmc_output_abort(&o), -1;
  fputs(text, f);
  if (vmc_output_commit(&o, err, sizeof err) != 0)
    return printf("  (commit: %s)\n", err), -1;
  return 0;
}

/* No ".NAME.tmp-*" file left in the folder. */
static int temporaries_left(void) {
  FILE *p = popen("ls -A | grep -c 'tmp-' || true", "r");
  int n = 0;
  if (p) {
    if (fscanf(p, "%d", &n) != 1)
      n = -1;
    pclose(p);
  }
  return n;
}

static mode_t mode_of(const char *path, int follow) {
  struct stat st;
  if ((follow ? stat(path, &st) : lstat(path, &st)) != 0)
    return 0;
  return st.st_mode;
}

static void new_and_regular(void) {
  const mode_t mask = umask(022);
  CHECK(write_out("new.out", "one\n") == 0, "new name");
  CHECK(!strcmp(get("new.out"), "one\n"), "new content '%s'", get("new.out"));
  CHECK((mode_of("new.out", 0) & 0777) == 0644, "new file mode %o", mode_of("new.out", 0) & 0777);
  chmod("new.out", 0600);
  CHECK(link("new.out", "old-inode") == 0, "hard link");
  CHECK(write_out("new.out", "two\n") == 0, "existing file");
  CHECK(!strcmp(get("new.out"), "two\n"), "replaced content '%s'", get("new.out"));
  CHECK(!strcmp(get("old-inode"), "one\n"), "written in place, not renamed: '%s'", get("old-inode"));
  CHECK((mode_of("new.out", 0) & 0777) == 0600, "kept mode %o", mode_of("new.out", 0) & 0777);
  CHECK(temporaries_left() == 0, "temporaries left: %d", temporaries_left());
  umask(mask);
}

static void symlinks(void) {
  put("target.out", "old\n");
  CHECK(symlink("target.out", "link.out") == 0, "symlink");
  CHECK(write_out("link.out", "new\n") == 0, "write through a symlink");
  CHECK(S_ISLNK(mode_of("link.out", 0)), "the link was replaced by a regular file");
  CHECK(!strcmp(get("target.out"), "new\n"), "target content '%s'", get("target.out"));
  CHECK(symlink("missing.out", "dangling.out") == 0, "dangling symlink");
  CHECK(write_out("dangling.out", "made\n") == 0, "write through a dangling symlink");
  CHECK(S_ISLNK(mode_of("dangling.out", 0)), "the dangling link was replaced");
  CHECK(!strcmp(get("missing.out"), "made\n"), "dangling target '%s'", get("missing.out"));
  CHECK(temporaries_left() == 0, "temporaries left: %d", temporaries_left());
}

static void fifo(void) {
  CHECK(mkfifo("pipe.out", 0600) == 0, "mkfifo");
  pid_t child = fork();
  if (child == 0) { /* the reader: copies what arrives to a file */
    int in = open("pipe.out", O_RDONLY);
    char buf[64];
    ssize_t n = in >= 0 ? read(in, buf, sizeof buf) : -1;
    int out = open("from-pipe", O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (n > 0 && out >= 0 && write(out, buf, (size_t)n) != n)
      _exit(1);
    _exit(0);
  }
  alarm(20); /* a blocked open must not hang the test */
  CHECK(write_out("pipe.out", "through\n") == 0, "write to a FIFO");
  int status = 0;
  waitpid(child, &status, 0);
  alarm(0);
  CHECK(S_ISFIFO(mode_of("pipe.out", 0)), "the FIFO was replaced");
  CHECK(!strcmp(get("from-pipe"), "through\n"), "reader got '%s'", get("from-pipe"));
  CHECK(write_out("/dev/null", "gone\n") == 0, "write to /dev/null");
  CHECK(S_ISCHR(mode_of("/dev/null", 0)), "/dev/null is no longer a device");
}

static void refused_and_aborted(void) {
  vmc_output_file o;
  char err[512];
  CHECK(mkdir("dir.out", 0700) == 0, "mkdir");
  CHECK(vmc_output_open(&o, "dir.out", err, sizeof err) != 0, "a directory was accepted");
  CHECK(strstr(err, "dir.out") && strstr(err, "directory"), "message '%s'", err);
  CHECK(vmc_output_open(&o, "no-such-dir/x.out", err, sizeof err) != 0, "missing folder");
  CHECK(strstr(err, "no-such-dir/x.out") != NULL, "message '%s'", err);
  put("keep.out", "keep\n");
  CHECK(vmc_output_open(&o, "keep.out", err, sizeof err) == 0, "open: %s", err);
  CHECK(write(o.fd, "partial", 7) == 7, "write");
  vmc_output_abort(&o);
  CHECK(!strcmp(get("keep.out"), "keep\n"), "abort changed the target: '%s'", get("keep.out"));
  CHECK(temporaries_left() == 0, "abort left a temporary");
}

/* A hostile name (newline, gnuplot command) is just a name; a planted symlink at the old
 * predictable temporary name (NAME.tmp.PID) is never followed. */
static void hostile(void) {
  const char *name = "x\nsystem \"touch PWNED\"\n.out";
  CHECK(write_out(name, "data\n") == 0, "hostile name");
  CHECK(!strcmp(get(name), "data\n"), "hostile content '%s'", get(name));
  put("victim", "precious\n");
  char planted[64];
  snprintf(planted, sizeof planted, "stats.json.tmp.%d", (int)getpid());
  CHECK(symlink("victim", planted) == 0, "plant");
  CHECK(write_out("stats.json", "{}\n") == 0, "write beside a planted temporary");
  CHECK(!strcmp(get("victim"), "precious\n"), "the planted link was followed: '%s'", get("victim"));
  CHECK(access("PWNED", F_OK) != 0, "PWNED exists");
}

static void same_file(void) {
  put("a.in", "a\n");
  CHECK(symlink("a.in", "a-link") == 0 && link("a.in", "a-hard") == 0, "links");
  CHECK(vmc_same_file("a.in", "a-link") && vmc_same_file("a.in", "./a-hard"), "same file missed");
  CHECK(!vmc_same_file("a.in", "new.out") && !vmc_same_file("a.in", "absent"), "false match");
  CHECK(!vmc_same_file("-", "-"), "standard streams are not files");
}

int main(void) {
  new_and_regular();
  symlinks();
  fifo();
  refused_and_aborted();
  hostile();
  same_file();
  return failures ? 1 : 0;
}
