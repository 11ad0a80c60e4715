/* Workload: a 1024 x 1024 matrix of floats (4 MiB, its own mapping aligned to 1 MiB): one
 * write per 64-byte line to fill it, then 8 columns and 16 rows read. The column walk
 * touches a new 4 KiB page at every step, so the TLB reach of 64 KiB pages and 1 MiB sections
 * decides its miss rate. */
#include <stdint.h>
#include <stdio.h>
#include <sys/mman.h>

#define N 1024

int main(void) {
  size_t bytes = (size_t)N * N * sizeof(float), align = 1u << 20;
  char *raw = mmap(NULL, bytes + align, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED)
    return 1;
  float *m = (float *)(((uintptr_t)raw + align - 1) & ~(uintptr_t)(align - 1));
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j += 16)
      m[i * N + j] = (float)(i ^ j);
  double rows = 0, cols = 0;
  for (int j = 0; j < N; j += 128)
    for (int i = 0; i < N; i++)
      cols += m[i * N + j];
  for (int i = 0; i < N; i += 64)
    for (int j = 0; j < N; j += 16)
      rows += m[i * N + j];
  printf("matrix: %.0f %.0f\n", rows, cols);
  munmap(raw, bytes + align);
  return 0;
}
