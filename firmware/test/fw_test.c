/* The failure count and verdict of fw_test.h: one per test program. */
#include "fw_test.h"

int g_fwTestFailures = 0;

int FwTestResult(const char *name)
{
    if (g_fwTestFailures != 0) {
        fprintf(stderr, "%s: %d check(s) failed\n", name, g_fwTestFailures);
        return 1;
    }
    printf("%s: passed\n", name);
    return 0;
}
