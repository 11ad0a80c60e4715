/* Test program: the parent forks and exits at once; the child computes for ROUNDS rounds (an
 * argument, default 200), then maps and unmaps 20 KiB as its last traced act. A recording is
 * complete only if it waited for the orphaned child. */
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

static unsigned work(unsigned seed, long rounds) {
  static unsigned a[4096];
  for (long r = 0; r < rounds; r++)
    for (int i = 0; i < 4096; i++)
      a[i] = seed = seed * 1103515245u + a[(i * 7) & 4095];
  return seed;
}

int main(int argc, char **argv) {
  long rounds = argc > 1 ? atol(argv[1]) : 200;
  pid_t pid = fork();
  if (pid < 0)
    return 1;
  if (pid > 0)
    return 0; /* the parent does not wait */
  unsigned s = work(1u, rounds);
  void *p = mmap(NULL, 20480, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED)
    _exit(2);
  munmap(p, 20480);
  _exit((int)(s & 1));
}
