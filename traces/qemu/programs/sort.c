/* Workload: sorts 2048 pseudo-random integers (or argv[1]) with a merge sort (a scratch buffer from
 * malloc) and then the sorted copy with qsort, and checks the order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void merge_sort(int *a, int *tmp, size_t n) {
  if (n < 2)
    return;
  size_t h = n / 2;
  merge_sort(a, tmp, h);
  merge_sort(a + h, tmp, n - h);
  size_t i = 0, j = h, k = 0;
  while (i < h && j < n)
    tmp[k++] = a[i] <= a[j] ? a[i++] : a[j++];
  while (i < h)
    tmp[k++] = a[i++];
  while (j < n)
    tmp[k++] = a[j++];
  memcpy(a, tmp, n * sizeof *a);
}

static int cmp_desc(const void *x, const void *y) {
  int a = *(const int *)x, b = *(const int *)y;
  return (a < b) - (a > b);
}

int main(int argc, char **argv) {
  size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 2048;
  int *a = malloc(n * sizeof *a), *tmp = malloc(n * sizeof *tmp);
  if (!a || !tmp)
    return 1;
  unsigned s = 12345;
  for (size_t i = 0; i < n; i++) {
    s = s * 1103515245u + 12345u;
    a[i] = (int)(s >> 8);
  }
  merge_sort(a, tmp, n);
  for (size_t i = 1; i < n; i++)
    if (a[i - 1] > a[i])
      return 2;
  qsort(a, n, sizeof *a, cmp_desc);
  printf("sort: %zu integers, largest %d\n", n, a[0]);
  free(tmp);
  free(a);
  return 0;
}
