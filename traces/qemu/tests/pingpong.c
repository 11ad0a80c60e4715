/* Test program: a parent and its child both compute at once (neither waits until the end), so
 * the recorder's round robin interleaves them: with --quantum Q each turn is Q accesses. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static unsigned work(unsigned seed) {
  static unsigned a[4096];
  for (int r = 0; r < 20; r++)
    for (int i = 0; i < 4096; i++)
      a[i] = seed = seed * 1103515245u + a[(i * 7) & 4095];
  return seed;
}

int main(void) {
  pid_t pid = fork();
  if (pid < 0)
    return 1;
  unsigned s = work(pid == 0 ? 1u : 2u);
  if (pid == 0)
    _exit((int)(s & 1));
  int status;
  waitpid(pid, &status, 0);
  printf("pingpong: %u\n", s);
  return 0;
}
