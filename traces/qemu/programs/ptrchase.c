/* Workload: a pointer chase through 8 MiB: nodes of 1 KiB linked in a random cyclic order,
 * followed for 100 000 steps. Every step is a dependent load to a random page. */
#include <stdio.h>
#include <stdlib.h>

typedef struct node { struct node *next; long pad[255]; } node;

int main(void) {
  size_t n = (8u << 20) / sizeof(node);
  node *nodes = malloc(n * sizeof *nodes);
  size_t *order = malloc(n * sizeof *order);
  if (!nodes || !order)
    return 1;
  for (size_t i = 0; i < n; i++)
    order[i] = i;
  unsigned s = 99;
  for (size_t i = n - 1; i > 0; i--) { /* Fisher-Yates */
    s = s * 1103515245u + 12345u;
    size_t j = (s >> 4) % (i + 1), t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  for (size_t i = 0; i < n; i++)
    nodes[order[i]].next = &nodes[order[(i + 1) % n]];
  free(order);
  node *p = &nodes[0];
  for (long step = 0; step < 100000; step++)
    p = p->next;
  printf("ptrchase: ended at node %ld\n", (long)(p - nodes));
  return 0;
}
