/*
 * Tiny helpers for the physical-memory tests: CHECK records a failure with its location and
 * goes on; a test's main returns PhysTestResult().
 */
#ifndef PHYS_TEST_H
#define PHYS_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include "los_typedef.h"

static int g_physTestFailures = 0;

#define CHECK(cond, ...)                                                        \
    do {                                                                        \
        if (!(cond)) {                                                          \
            fprintf(stderr, "%s:%d: CHECK(%s) failed: ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                                       \
            fputc('\n', stderr);                                                \
            g_physTestFailures++;                                               \
        }                                                                       \
    } while (0)

/* Stops the test at once (the state after this failure would only produce noise). */
#define REQUIRE(cond, ...)                                                      \
    do {                                                                        \
        if (!(cond)) {                                                          \
            fprintf(stderr, "%s:%d: REQUIRE(%s) failed: ", __FILE__, __LINE__, #cond); \
            fprintf(stderr, __VA_ARGS__);                                       \
            fputc('\n', stderr);                                                \
            exit(1);                                                            \
        }                                                                       \
    } while (0)

static inline int PhysTestResult(const char *name)
{
    if (g_physTestFailures != 0) {
        fprintf(stderr, "%s: %d check(s) failed\n", name, g_physTestFailures);
        return 1;
    }
    printf("%s: passed\n", name);
    return 0;
}

/* Small deterministic generator (xorshift64*), so every run sees the same sequence. */
static inline UINT32 PhysTestRand(UINT64 *state)
{
    UINT64 x = *state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *state = x;
    return (UINT32)((x * 2685821657736338717ULL) >> 32);
}

#endif /* PHYS_TEST_H */
