/* The failure count and verdict of fw_test.h (one per test program), and its abort check. */
#define _DEFAULT_SOURCE 1
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
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

void FwTestExpectAbort(const char *name, void (*action)(void), const char *want)
{
    int fds[2];
    REQUIRE(pipe(fds) == 0, "pipe");
    fflush(NULL);
    pid_t pid = fork();
    REQUIRE(pid >= 0, "fork");
    if (pid == 0) {
        struct rlimit none = { 0, 0 };
        (void)setrlimit(RLIMIT_CORE, &none);
        dup2(fds[1], 2);
        close(fds[0]);
        action();
        _exit(0);   /* not reached when the action aborts */
    }
    close(fds[1]);
    char text[1024];
    size_t n = 0;
    ssize_t r;
    while ((r = read(fds[0], text + n, sizeof(text) - 1 - n)) > 0) {
        n += (size_t)r;
    }
    text[n] = '\0';
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT, "%s: child was not aborted", name);
    CHECK(strstr(text, want) != NULL, "%s: message \"%s\" lacks \"%s\"", name, text, want);
}

int FwTestRunCase(int argc, char **argv, const FwTestCase *cases, size_t count)
{
    for (size_t i = 0U; (argc == 2) && (i < count); i++) {
        if (strcmp(argv[1], cases[i].name) == 0) {
            return cases[i].fn();
        }
    }
    fprintf(stderr, "usage: %s ", argv[0]);
    for (size_t i = 0U; i < count; i++) {
        fprintf(stderr, "%s%s", (i == 0U) ? "" : "|", cases[i].name);
    }
    fputc('\n', stderr);
    return 2;
}
