/* util.number.*: the project's number parser against hand-worked cases, and decimal/hex
 * round trips of random values printed by the C library. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmcutil/number.h"

static int failures;

static void expect(const char *text, unsigned suffix, uint64_t max, vmc_num_status want,
                   uint64_t want_value) {
  uint64_t v = 12345;
  const vmc_num_status st = vmc_parse_u64(text, suffix, max, &v);
  if (st != want || (want == VMC_NUM_OK && v != want_value) || (want != VMC_NUM_OK && v != 12345)) {
    printf("FAIL: '%s' (suffix %u, max %" PRIu64 "): status %d value %" PRIu64
           ", expected status %d value %" PRIu64 "\n",
           text ? text : "(null)", suffix, max, (int)st, v, (int)want, want_value);
    failures++;
  }
}

static void cases(void) {
  const uint64_t all = UINT64_MAX;
  expect("0", 0, all, VMC_NUM_OK, 0);
  expect("010", 0, all, VMC_NUM_OK, 10); /* never octal */
  expect("09", 0, all, VMC_NUM_OK, 9);
  expect("0x10", 0, all, VMC_NUM_OK, 16);
  expect("0XfF", 0, all, VMC_NUM_OK, 255);
  expect("18446744073709551615", 0, all, VMC_NUM_OK, UINT64_MAX);
  expect("18446744073709551616", 0, all, VMC_NUM_TOO_LARGE, 0);
  expect("0xffffffffffffffff", 0, all, VMC_NUM_OK, UINT64_MAX);
  expect("0x10000000000000000", 0, all, VMC_NUM_TOO_LARGE, 0);
  expect("99999999999999999999999", 0, all, VMC_NUM_TOO_LARGE, 0);
  expect("101", 0, 100, VMC_NUM_TOO_LARGE, 0);
  expect("100", 0, 100, VMC_NUM_OK, 100);
  expect(NULL, 0, all, VMC_NUM_NOT_A_NUMBER, 0);
  expect("", 0, all, VMC_NUM_NOT_A_NUMBER, 0);
  expect(" 1", 0, all, VMC_NUM_NOT_A_NUMBER, 0);
  expect(" -1", 0, all, VMC_NUM_NOT_A_NUMBER, 0);
  expect("-1", 0, all, VMC_NUM_NOT_A_NUMBER, 0);
  expect("+1", 0, all, VMC_NUM_NOT_A_NUMBER, 0);
  expect("1 ", 0, all, VMC_NUM_NOT_A_NUMBER, 0);
  expect("\t1", 0, all, VMC_NUM_NOT_A_NUMBER, 0);
  expect("0x", 0, all, VMC_NUM_NOT_A_NUMBER, 0);
  expect("0x-1", 0, all, VMC_NUM_NOT_A_NUMBER, 0);
  expect("0x 1", 0, all, VMC_NUM_NOT_A_NUMBER, 0);
  expect("x10", 0, all, VMC_NUM_NOT_A_NUMBER, 0);
  expect("1e3", 0, all, VMC_NUM_NOT_A_NUMBER, 0);
  expect("1.5", 0, all, VMC_NUM_NOT_A_NUMBER, 0);
  expect("0b101", 0, all, VMC_NUM_NOT_A_NUMBER, 0);
  expect("12a", 0, all, VMC_NUM_NOT_A_NUMBER, 0); /* no hex digits without 0x */
  expect("10K", 0, all, VMC_NUM_NOT_A_NUMBER, 0); /* no suffix where none is allowed */
  /* Sizes: powers of 1024. */
  expect("64M", VMC_NUM_SUFFIX_BINARY, all, VMC_NUM_OK, 64ull << 20);
  expect("010M", VMC_NUM_SUFFIX_BINARY, all, VMC_NUM_OK, 10ull << 20);
  expect("1k", VMC_NUM_SUFFIX_BINARY, all, VMC_NUM_OK, 1024);
  expect("4G", VMC_NUM_SUFFIX_BINARY, 1ull << 32, VMC_NUM_OK, 1ull << 32);
  expect("5G", VMC_NUM_SUFFIX_BINARY, 1ull << 32, VMC_NUM_TOO_LARGE, 0);
  expect("0x10K", VMC_NUM_SUFFIX_BINARY, all, VMC_NUM_OK, 16384);
  expect("17179869184G", VMC_NUM_SUFFIX_BINARY, all, VMC_NUM_TOO_LARGE, 0); /* 2^34 * 2^30 */
  expect("3T", VMC_NUM_SUFFIX_BINARY, all, VMC_NUM_BAD_SUFFIX, 0);
  expect("3MB", VMC_NUM_SUFFIX_BINARY, all, VMC_NUM_NOT_A_NUMBER, 0);
  expect("M", VMC_NUM_SUFFIX_BINARY, all, VMC_NUM_NOT_A_NUMBER, 0);
  expect("1 M", VMC_NUM_SUFFIX_BINARY, all, VMC_NUM_NOT_A_NUMBER, 0);
  /* Counts: powers of 1000. */
  expect("2k", VMC_NUM_SUFFIX_DECIMAL, all, VMC_NUM_OK, 2000);
  expect("3M", VMC_NUM_SUFFIX_DECIMAL, all, VMC_NUM_OK, 3000000);
  expect("1G", VMC_NUM_SUFFIX_DECIMAL, all, VMC_NUM_OK, 1000000000);
  expect("18446744073709552k", VMC_NUM_SUFFIX_DECIMAL, all, VMC_NUM_TOO_LARGE, 0);
  /* A span stops where it is told, even inside a longer string. */
  uint64_t v = 0;
  if (vmc_parse_u64_span("16x4:lru", 2, 0, UINT64_MAX, &v) != VMC_NUM_OK || v != 16) {
    printf("FAIL: span '16' of '16x4:lru' gave %" PRIu64 "\n", v);
    failures++;
  }
  char buf[96];
  if (strcmp(vmc_num_reason(VMC_NUM_TOO_LARGE, 100, buf, sizeof buf), "out of range (at most 100)")) {
    printf("FAIL: reason '%s'\n", buf);
    failures++;
  }
}

/* Random values printed by printf in decimal (sometimes with leading zeros) and hex read back. */
static void round_trips(void) {
  uint64_t x = 0x9E3779B97F4A7C15ull;
  for (int i = 0; i < 100000; i++) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    const uint64_t value = x >> (x & 63);
    char text[64];
    uint64_t got = 0;
    if (i % 3 == 0)
      snprintf(text, sizeof text, "0x%" PRIx64, value);
    else if (i % 3 == 1)
      snprintf(text, sizeof text, "%025" PRIu64, value);
    else
      snprintf(text, sizeof text, "%" PRIu64, value);
    if (vmc_parse_u64(text, 0, UINT64_MAX, &got) != VMC_NUM_OK || got != value) {
      printf("FAIL: round trip of '%s' gave %" PRIu64 "\n", text, got);
      if (++failures > 10)
        return;
    }
  }
}

/* For the Python parser's cross-check (bench/tests/test_numbers.py): each line of standard
 * input parsed with the given suffix kind, answered "ok VALUE" or "err STATUS". */
static void answer_lines(const char *kind) {
  const unsigned suffix = !strcmp(kind, "binary")    ? VMC_NUM_SUFFIX_BINARY
                          : !strcmp(kind, "decimal") ? VMC_NUM_SUFFIX_DECIMAL
                                                     : VMC_NUM_NO_SUFFIX;
  char line[256];
  while (fgets(line, sizeof line, stdin)) {
    size_t n = strcspn(line, "\n");
    uint64_t v = 0;
    const vmc_num_status st = vmc_parse_u64_span(line, n, suffix, UINT64_MAX, &v);
    if (st == VMC_NUM_OK)
      printf("ok %" PRIu64 "\n", v);
    else
      printf("err %d\n", (int)st);
  }
}

int main(int argc, char **argv) {
  const char *part = argc > 1 ? argv[1] : "cases";
  if (!strcmp(part, "cases"))
    cases();
  else if (!strcmp(part, "round_trip"))
    round_trips();
  else if (!strcmp(part, "lines") && argc > 2)
    answer_lines(argv[2]);
  else
    return printf("unknown part %s\n", part), 2;
  return failures ? 1 : 0;
}
