/* Test program: a program that fails (exit status 3, or argv[1]) after writing some memory. */
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv) {
  char *p = malloc(1 << 16);
  if (p)
    memset(p, 1, 1 << 16);
  return argc > 1 ? atoi(argv[1]) : 3;
}
