/* The project's number parser; see vmcutil/number.h for what it accepts. */
#include "vmcutil/number.h"

#include <inttypes.h>
#include <stdio.h>

static int digit_value(char c, unsigned base) {
  unsigned d;
  if (c >= '0' && c <= '9')
    d = (unsigned)(c - '0');
  else if (c >= 'a' && c <= 'f')
    d = (unsigned)(c - 'a' + 10);
  else if (c >= 'A' && c <= 'F')
    d = (unsigned)(c - 'A' + 10);
  else
    return -1;
  return d < base ? (int)d : -1;
}

/* K/M/G exponent of a suffix letter (1..3), 0 when it is not one. */
static unsigned suffix_power(char c) {
  switch (c) {
    case 'k': case 'K': return 1;
    case 'm': case 'M': return 2;
    case 'g': case 'G': return 3;
    default: return 0;
  }
}

vmc_num_status vmc_parse_u64_span(const char *s, size_t len, unsigned suffix, uint64_t max,
                                  uint64_t *out) {
  if (!s || len == 0)
    return VMC_NUM_NOT_A_NUMBER;
  const char *p = s, *end = s + len;
  unsigned base = 10;
  if (len >= 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
    base = 16;
    p += 2;
  }
  const char *first = p;
  uint64_t v = 0;
  int overflow = 0;
  for (int d; p < end && (d = digit_value(*p, base)) >= 0; p++) {
    if (v > (UINT64_MAX - (unsigned)d) / base)
      overflow = 1;
    else
      v = v * base + (unsigned)d;
  }
  if (p == first)
    return VMC_NUM_NOT_A_NUMBER;
  if (p < end) {
    const int letter = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z');
    if (end - p != 1 || !letter)
      return VMC_NUM_NOT_A_NUMBER;
    if (!suffix)
      return VMC_NUM_NOT_A_NUMBER;
    const unsigned power = suffix_power(*p);
    if (!power)
      return VMC_NUM_BAD_SUFFIX;
    const uint64_t unit = suffix == VMC_NUM_SUFFIX_BINARY ? 1024 : 1000;
    for (unsigned i = 0; i < power; i++) {
      if (v > UINT64_MAX / unit)
        overflow = 1;
      else
        v *= unit;
    }
  }
  if (overflow || v > max)
    return VMC_NUM_TOO_LARGE;
  *out = v;
  return VMC_NUM_OK;
}

vmc_num_status vmc_parse_u64(const char *s, unsigned suffix, uint64_t max, uint64_t *out) {
  size_t n = 0;
  if (s)
    while (s[n])
      n++;
  return vmc_parse_u64_span(s, n, suffix, max, out);
}

const char *vmc_num_reason(vmc_num_status st, uint64_t max, char *buf, size_t len) {
  switch (st) {
    case VMC_NUM_OK:
      snprintf(buf, len, "ok");
      break;
    case VMC_NUM_NOT_A_NUMBER:
      snprintf(buf, len, "not a number (decimal, or hex with 0x)");
      break;
    case VMC_NUM_BAD_SUFFIX:
      snprintf(buf, len, "unknown suffix (K, M or G, where allowed)");
      break;
    case VMC_NUM_TOO_LARGE:
      snprintf(buf, len, "out of range (at most %" PRIu64 ")", max);
      break;
  }
  return buf;
}
