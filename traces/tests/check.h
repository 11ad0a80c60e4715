/* Tiny assertion helpers for the traces tests: print what failed, count it, go on. */
#ifndef VMCTRACE_TESTS_CHECK_H
#define VMCTRACE_TESTS_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_failures;

#define CHECK(cond, ...)                                                   \
  do {                                                                     \
    if (!(cond)) {                                                         \
      fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond); \
      fprintf(stderr, __VA_ARGS__);                                        \
      fputc('\n', stderr);                                                 \
      check_failures++;                                                    \
    }                                                                      \
  } while (0)

#define CHECK_CONTAINS(haystack, needle) \
  CHECK(strstr((haystack), (needle)) != NULL, "'%s' does not contain '%s'", (haystack), (needle))

static inline int check_report(const char *name) {
  if (check_failures)
    fprintf(stderr, "%s: %d check(s) failed\n", name, check_failures);
  else
    printf("%s: ok\n", name);
  return check_failures ? 1 : 0;
}

#endif
