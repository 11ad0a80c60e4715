/* Test program: reserves 1 GiB of address space (inaccessible, never touched), more than the
 * 992 MiB of the LiteOS-A user range; vmctrace record must refuse to place it. */
#include <stdio.h>
#include <sys/mman.h>

int main(void) {
  void *p = mmap(NULL, 1u << 30, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED)
    return 1;
  puts("bigmap: mapped");
  return 0;
}
