/* Workload: maps and unmaps anonymous regions of 1 to 64 pages, touches some of their pages,
 * makes some read-only, drops pages with madvise(MADV_DONTNEED), grows some with mremap and
 * moves the program break up and down: the OS events of a real allocator, many times. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#define LIVE 24
#define PAGE 4096u

int main(void) {
  char *region[LIVE] = {0};
  size_t pages[LIVE] = {0};
  unsigned s = 2024, touched = 0;
  for (int round = 0; round < 600; round++) {
    s = s * 1103515245u + 12345u;
    int k = (int)((s >> 8) % LIVE);
    if (region[k]) {
      munmap(region[k], pages[k] * PAGE);
      region[k] = NULL;
      continue;
    }
    pages[k] = 1 + (s >> 20) % 64;
    region[k] = mmap(NULL, pages[k] * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (region[k] == MAP_FAILED)
      return 1;
    for (size_t p = 0; p < pages[k]; p += 1 + (s >> 12) % 3, touched++)
      region[k][p * PAGE + (s & 0xff)] = (char)p;
    if ((s >> 4) % 5 == 0 && pages[k] > 2)
      mprotect(region[k], PAGE, PROT_READ);
    else if ((s >> 4) % 5 == 1)
      madvise(region[k], pages[k] * PAGE, MADV_DONTNEED);
    else if ((s >> 4) % 5 == 2) {
      char *grown = mremap(region[k], pages[k] * PAGE, 2 * pages[k] * PAGE, MREMAP_MAYMOVE);
      if (grown != MAP_FAILED) {
        region[k] = grown;
        pages[k] *= 2;
        grown[pages[k] * PAGE - 1] = 1;
      }
    }
    if (round % 50 == 0) { /* the break up by 64 KiB, touched, then back */
      char *b = sbrk(16 * PAGE);
      if (b != (char *)-1) {
        for (int p = 0; p < 16; p++)
          b[p * PAGE] = 1;
        sbrk(-(intptr_t)(16 * PAGE));
      }
    }
  }
  printf("mmapchurn: %u page touches\n", touched);
  return 0;
}
