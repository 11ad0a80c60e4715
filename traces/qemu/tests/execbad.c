/* Test program: execve with pointers into unmapped memory (the path, then the argument
 * array) must fail with EFAULT in the program, as on Linux, and not crash the tracer. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

static volatile uintptr_t unmapped = 16; /* volatile: the compiler must not see through it */

int main(int argc, char **argv) {
  (void)argc;
  char *const *bad = (char *const *)unmapped;
  int e1 = execve((const char *)unmapped, argv, NULL) < 0 ? errno : 0;
  int e2 = execve(argv[0], bad, NULL) < 0 ? errno : 0;
  printf("execbad: %s %s\n", e1 == EFAULT ? "EFAULT" : "other", e2 == EFAULT ? "EFAULT" : "other");
  return 0;
}
