/* Test program: a program that fails (exit status 3) after writing some memory. */
#include <stdlib.h>
#include <string.h>

int main(void) {
  char *p = malloc(1 << 16);
  if (p)
    memset(p, 1, 1 << 16);
  return 3;
}
