/* Workload: a tiny shell. Runs each argument as a command (fork, execv in the child, waitpid
 * in the parent), one after the other, then forks a child that writes to its copy of the
 * parent's heap (copy-on-write) and exits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int run(char *cmd) {
  char *argv[] = {cmd, NULL};
  pid_t pid = fork();
  if (pid < 0)
    return -1;
  if (pid == 0) {
    execv(cmd, argv);
    _exit(127);
  }
  int status;
  if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
    return -1;
  return WEXITSTATUS(status);
}

int main(int argc, char **argv) {
  size_t n = 256 * 1024;
  char *heap = malloc(n);
  if (!heap)
    return 1;
  memset(heap, 1, n);
  for (int i = 1; i < argc; i++)
    if (run(argv[i]) != 0) {
      fprintf(stderr, "forkexec: %s failed\n", argv[i]);
      return 1;
    }
  pid_t pid = fork();
  if (pid == 0) {
    for (size_t i = 0; i < n; i += 4096)
      heap[i] = 2; /* copy-on-write faults in the child */
    _exit(0);
  }
  int status;
  waitpid(pid, &status, 0);
  printf("forkexec: ran %d commands\n", argc - 1);
  return 0;
}
