/* Workload: an open-addressing hash table of 64 Ki slots (1 MiB): inserts 8000 keys, then
 * looks up 20 000 keys of which half are present. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define SLOTS 65536u

typedef struct { uint32_t key, value; uint64_t payload[1]; } slot;

static uint32_t mix(uint32_t x) {
  x ^= x >> 16;
  x *= 0x7feb352du;
  x ^= x >> 15;
  return x;
}

int main(void) {
  slot *t = calloc(SLOTS, sizeof *t);
  if (!t)
    return 1;
  for (uint32_t k = 1; k <= 8000; k++) {
    uint32_t h = mix(k * 2) & (SLOTS - 1);
    while (t[h].key)
      h = (h + 1) & (SLOTS - 1);
    t[h].key = k * 2;
    t[h].value = k;
  }
  unsigned found = 0;
  for (uint32_t i = 1; i <= 20000; i++) {
    uint32_t key = (uint32_t)(mix(i) % 16000) + 1;
    uint32_t h = mix(key) & (SLOTS - 1);
    while (t[h].key && t[h].key != key)
      h = (h + 1) & (SLOTS - 1);
    found += t[h].key == key;
  }
  printf("hashtable: %u of 20000 found\n", found);
  free(t);
  return 0;
}
