/*
 * Checks shared by the firmware tests (phys/ and vm/): CHECK records a failure with its
 * location and goes on, REQUIRE stops the test at once (the state after that failure would
 * only produce noise); a test's main returns FwTestResult(name). The failure count lives in
 * fw_test.c, so checks made by helper files count for the test that calls them.
 */
#ifndef FW_TEST_H
#define FW_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include "los_typedef.h"

extern int g_fwTestFailures;

#define FW_TEST_REPORT(kind, cond, ...)                                               \
    do {                                                                              \
        fprintf(stderr, "%s:%d: %s(%s) failed: ", __FILE__, __LINE__, kind, cond);     \
        fprintf(stderr, __VA_ARGS__);                                                 \
        fputc('\n', stderr);                                                          \
    } while (0)

#define CHECK(cond, ...)                                                              \
    do {                                                                              \
        if (!(cond)) {                                                                \
            FW_TEST_REPORT("CHECK", #cond, __VA_ARGS__);                              \
            g_fwTestFailures++;                                                       \
        }                                                                             \
    } while (0)

#define REQUIRE(cond, ...)                                                            \
    do {                                                                              \
        if (!(cond)) {                                                                \
            FW_TEST_REPORT("REQUIRE", #cond, __VA_ARGS__);                            \
            exit(1);                                                                  \
        }                                                                             \
    } while (0)

/* Runs action in a child process, which must die of SIGABRT with want in its stderr (a HAL
 * misuse, a broken invariant); a failed CHECK otherwise. */
void FwTestExpectAbort(const char *name, void (*action)(void), const char *want);

/* A program of several tests, one per case name: main returns FW_TEST_RUN_CASE(argc, argv,
 * cases), which runs the case argv[1] names, or prints the usage (every name) and returns 2. */
typedef struct {
    const char *name;
    int (*fn)(void);
} FwTestCase;
int FwTestRunCase(int argc, char **argv, const FwTestCase *cases, size_t count);
#define FW_TEST_RUN_CASE(argc, argv, cases) \
    FwTestRunCase((argc), (argv), (cases), sizeof(cases) / sizeof((cases)[0]))

/* "<name>: passed" and 0, or the number of failed checks on stderr and 1. */
int FwTestResult(const char *name);

/* Small deterministic generator (xorshift64*), so every run sees the same sequence. */
static inline UINT32 FwTestRand(UINT64 *state)
{
    UINT64 x = *state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return (UINT32)((x * 2685821657736338717ULL) >> 32);
}

#endif /* FW_TEST_H */
