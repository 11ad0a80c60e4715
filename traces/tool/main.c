/* vmctrace: one tool, several subcommands (docs/trace-tool.md). */
#include <stdio.h>
#include <string.h>

#include "common.h"

static const struct {
  const char *name;
  int (*run)(int argc, char **argv);
  const char *help;
} commands[] = {
    {"summary", cmd_summary, "summary [--layout liteos|linux] [--ram-size SIZE] [--cores N] TRACE\n"
                             "                         records by kind, core and process, pages, footprint, validity"},
    {"check", cmd_check, "check [--layout liteos|linux] [--ram-size SIZE] [--cores N] TRACE\n"
                         "                         exit 1 unless valid: vmcosim with the same --layout, --ram-size, --cores\n"
                         "                         runs it with no segmentation fault and no refused OS event"},
    {"print", cmd_print, "print TRACE [--limit N] the trace as text on stdout"},
    {"convert", cmd_convert, "convert IN OUT [--text|--binary] [--gzip|--no-gzip] [--level N]"},
    {"gen", cmd_gen, "gen PATTERN -o OUT [options]   synthetic traces (vmctrace gen --help)"},
    {"import-lackey", cmd_import_lackey, "import-lackey IN OUT [--skip N] [--limit N] [--warmup N] [--page-cross split|first]\n"
                                         "                         [--skip-junk] [--text|--binary] [--gzip] [--level N]\n"
                                         "                         Valgrind lackey --trace-mem output (docs/trace-tool.md)"},
    {"record", cmd_record, "record -o OUT [--cores N] [options] -- PROGRAM [ARGS...]\n"
                           "                         trace an ARM Linux program under qemu-arm (docs/qemu-tracer.md)"},
};

static void usage(FILE *f) {
  fprintf(f, "usage: vmctrace COMMAND ARGS...\n\ncommands:\n");
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    fprintf(f, "  %s\n", commands[i].help);
  fprintf(f, "  --help, --version\n"
             "\nTRACE may be text or binary, gzip-compressed or not; '-' is stdin/stdout.\n"
             "Output encoding follows the name: *.vmtb[.gz] binary, otherwise text; *.gz compressed.\n");
}

int main(int argc, char **argv) {
  if (argc < 2) {
    usage(stderr);
    return EXIT_USAGE;
  }
  if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
    usage(stdout);
    return 0;
  }
  if (!strcmp(argv[1], "--version")) {
    printf("vmctrace %s\n", VMCOSIM_VERSION);
    return 0;
  }
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (!strcmp(argv[1], commands[i].name)) {
      /* COMMAND --help: its usage line, exit 0 (gen has a longer help of its own). Arguments
       * after "--" are not the tool's (record's program and its arguments). */
      for (int a = 2; a < argc && commands[i].run != cmd_gen && strcmp(argv[a], "--"); a++)
        if (!strcmp(argv[a], "--help") || !strcmp(argv[a], "-h")) {
          printf("usage: vmctrace %s\n", commands[i].help);
          return 0;
        }
      tool_catch_interrupts();
      return commands[i].run(argc - 1, argv + 1);
    }
  tool_error("unknown command '%s'", argv[1]);
  usage(stderr);
  return EXIT_USAGE;
}
