/* util.ram_block.*: the simulated RAM block (vmcutil/ram_block.h) against hand-worked bounds:
 * what map refuses, which ranges are inside, and the host <-> physical mapping. */
#include <stdio.h>
#include <string.h>

#include "vmcutil/ram_block.h"

static int failures;

#define CHECK(cond, what)                          \
  do {                                             \
    if (!(cond)) {                                 \
      printf("FAIL: %s (%s)\n", what, #cond);      \
      failures++;                                  \
    }                                              \
  } while (0)

int main(void) {
  vmc_ram_block b = {NULL, 0, 0};
  /* Refused, and the block left as it was: empty, unaligned base or size, beyond 4 GiB. */
  CHECK(vmc_ram_block_map(&b, 0x80000000u, 0) == -1, "empty RAM");
  CHECK(vmc_ram_block_map(&b, 0x80000800u, 0x10000u) == -1, "unaligned base");
  CHECK(vmc_ram_block_map(&b, 0x80000000u, 0x10800u) == -1, "unaligned size");
  CHECK(vmc_ram_block_map(&b, 0xFFFF0000u, 0x20000u) == -1, "past 4 GiB");
  CHECK(b.mem == NULL && b.base == 0 && b.size == 0, "refusals leave the block unmapped");
  CHECK(!vmc_ram_block_contains(&b, 0, 0), "an unmapped block contains nothing");
  CHECK(vmc_ram_block_to_host(&b, 0) == NULL, "unmapped: no host address");

  /* 64 KiB at 0x80000000: the last byte is 0x8000FFFF. */
  CHECK(vmc_ram_block_map(&b, 0x80000000u, 0x10000u) == 0, "map 64 KiB");
  CHECK(b.base == 0x80000000u && b.size == 0x10000u && b.mem != NULL, "block fields");
  CHECK(vmc_ram_block_contains(&b, 0x80000000u, 0x10000u), "the whole block");
  CHECK(vmc_ram_block_contains(&b, 0x8000FFFCu, 4), "the last word");
  CHECK(!vmc_ram_block_contains(&b, 0x8000FFFDu, 4), "a word across the end");
  CHECK(!vmc_ram_block_contains(&b, 0x7FFFFFFCu, 4), "below the base");
  /* [pa, pa + 0) at the end holds no byte outside: a zero-length access there is allowed. */
  CHECK(vmc_ram_block_contains(&b, 0x80010000u, 0), "at the end, empty");
  CHECK(!vmc_ram_block_contains(&b, 0x80010001u, 0), "past the end, empty");
  CHECK(!vmc_ram_block_contains(&b, 0x80000000u, 0x10001u), "one byte too long");
  CHECK(!vmc_ram_block_contains(&b, 0x80000004u, (size_t)-1), "a huge length does not wrap");

  /* Zero-filled, writable, and the host address of pa is mem + (pa - base). */
  uint8_t *p = vmc_ram_block_at(&b, "test", "write", 0x80001234u, 4);
  CHECK(p == b.mem + 0x1234, "at(): host address");
  CHECK(p[0] == 0 && p[3] == 0, "fresh RAM reads 0");
  memcpy(p, "\x11\x22\x33\x44", 4);
  CHECK(vmc_ram_block_to_host(&b, 0x80001234u) == p, "to_host agrees with at()");
  CHECK(vmc_ram_block_to_host(&b, 0x80010000u) == NULL, "to_host at the end");
  bool ok = false;
  CHECK(vmc_ram_block_to_phys(&b, p + 2, &ok) == 0x80001236u && ok, "to_phys inside");
  ok = true;
  CHECK(vmc_ram_block_to_phys(&b, b.mem + 0x10000, &ok) == 0 && !ok, "to_phys at the end");
  CHECK(vmc_ram_block_to_phys(&b, NULL, NULL) == 0, "to_phys of NULL, ok may be NULL");
  vmc_ram_block_word_check("test", "aligned", 0x80001234u);   /* returns */

  /* A new map replaces the RAM with a fresh zero-filled one. */
  CHECK(vmc_ram_block_map(&b, 0x00100000u, 0x1000u) == 0, "remap 4 KiB");
  CHECK(b.base == 0x00100000u && b.size == 0x1000u, "remapped fields");
  CHECK(((uint8_t *)vmc_ram_block_to_host(&b, 0x00100000u))[0] == 0, "remapped RAM is zero");
  vmc_ram_block_unmap(&b);
  CHECK(b.mem == NULL && b.size == 0, "unmapped");
  vmc_ram_block_unmap(&b);   /* twice is harmless */

  printf("%s\n", failures ? "FAILED" : "ok");
  return failures != 0;
}
