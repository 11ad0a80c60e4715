/* The one parser for numbers a user types: options, suite values, probe files.
 *
 * Accepted: decimal digits ("010" is ten, never octal) or 0x/0X and hex digits, nothing before
 * (no space, no sign) and nothing after except, when the caller allows it, one suffix letter
 * K, M or G (either case). Anything else, and any value above the caller's maximum, is refused;
 * the reason text names which. bench/scripts/number.py is the same parser in Python. */
#ifndef VMCUTIL_NUMBER_H
#define VMCUTIL_NUMBER_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  VMC_NUM_OK = 0,
  VMC_NUM_NOT_A_NUMBER, /* empty, sign, space, octal-looking junk, trailing characters */
  VMC_NUM_BAD_SUFFIX,   /* one trailing letter that is not an allowed suffix */
  VMC_NUM_TOO_LARGE     /* above the maximum, or above 2^64-1 */
} vmc_num_status;

/* Suffix flags: none, powers of 1024 (sizes) or powers of 1000 (counts). */
enum { VMC_NUM_NO_SUFFIX = 0, VMC_NUM_SUFFIX_BINARY = 1, VMC_NUM_SUFFIX_DECIMAL = 2 };

/* Parses all of s[0..len) into *out (left untouched on failure). */
vmc_num_status vmc_parse_u64_span(const char *s, size_t len, unsigned suffix, uint64_t max,
                                  uint64_t *out);
/* The same for a NUL-terminated string (NULL is "not a number"). */
vmc_num_status vmc_parse_u64(const char *s, unsigned suffix, uint64_t max, uint64_t *out);

/* Why a value was refused, e.g. "not a number (decimal, or hex with 0x)"; written into buf with
 * the maximum when the value is too large. Returns buf. */
const char *vmc_num_reason(vmc_num_status st, uint64_t max, char *buf, size_t len);

#ifdef __cplusplus
}
#endif

#endif
