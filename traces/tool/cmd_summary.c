/* summary: what a trace holds; check: whether it is valid (docs/trace-format.md, Validity). */
#include <stdio.h>
#include <string.h>

#include "common.h"
#include "model.h"

#define MAX_REPORTED 5 /* violations printed by check before it only counts */

#define MAX_MARKERS 8 /* markers listed by summary */

typedef struct run {
  model m;
  struct { uint32_t id; char name[VMC_MARKER_NAME_MAX + 1]; uint64_t at; } markers[MAX_MARKERS];
  int nmarkers;
  char first[600];
  const char *path;
  vmc_trace_reader *r;
} run;

/* Reads the whole trace through the model. 0, 1 (read error), 130 (interrupted), -1 OOM. */
static int replay(run *ru, const char *what, int report) {
  vmc_record rec;
  char why[300];
  int rc;
  uint64_t n = 0;
  while ((rc = vmc_trace_next(ru->r, &rec)) == 1) {
    int v = model_apply(&ru->m, &rec, why, sizeof why);
    if (rec.kind == VMC_MARKER && ru->nmarkers < MAX_MARKERS) {
      ru->markers[ru->nmarkers].id = rec.marker;
      memcpy(ru->markers[ru->nmarkers].name, rec.name, sizeof rec.name);
      ru->markers[ru->nmarkers++].at = n + 1;
    }
    if (v < 0) {
      tool_progress_done();
      tool_error("%s: out of memory", ru->path);
      return 1;
    }
    if (v > 0) {
      char where[600];
      uint64_t line = vmc_trace_line(ru->r);
      if (line)
        snprintf(where, sizeof where, "%s:%llu: %s", ru->path, (unsigned long long)line, why);
      else
        snprintf(where, sizeof where, "%s: record %llu: %s", ru->path, (unsigned long long)n + 1, why);
      if (ru->m.violations == 1)
        snprintf(ru->first, sizeof ru->first, "%s", where);
      if (report && ru->m.violations <= MAX_REPORTED) {
        tool_progress_done();
        fprintf(stderr, "%s\n", where);
      }
    }
    if ((++n & 0xffff) == 0) {
      if (tool_interrupted())
        break;
      tool_progress(what, n, ru->r);
    }
  }
  tool_progress_done();
  if (tool_interrupted()) {
    tool_error("interrupted");
    return EXIT_INTERRUPTED;
  }
  if (rc < 0) {
    tool_error("%s", vmc_trace_error(ru->r));
    return 1;
  }
  return 0;
}

/* [--layout liteos|linux] [--ram-size SIZE] [--cores N] TRACE: the machine the trace is
 * checked for (vmcosim's options and defaults), then the trace. */
static int open_run(run *ru, int argc, char **argv, const char *usage) {
  const char *layout = "liteos", *trace = NULL;
  uint64_t ram = TOOL_LAYOUT_DEFAULT_RAM, cores = 1;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "--layout") || !strcmp(a, "--ram-size") || !strcmp(a, "--cores")) {
      if (!v)
        return tool_error("%s needs a value; usage: vmctrace %s", a, usage), EXIT_USAGE;
      if (!strcmp(a, "--layout"))
        layout = v;
      else if (!strcmp(a, "--cores")) {
        if (tool_parse_u64(v, 0, &cores) || cores < 1 || cores > VMC_MAX_CORES)
          return tool_error("--cores '%s': not a number of cores from 1 to %u", v, VMC_MAX_CORES), EXIT_USAGE;
      } else if (tool_parse_u64(v, 1, &ram))
        return tool_error("--ram-size '%s': not a size (decimal or 0x hex, optional K/M/G)", v), EXIT_USAGE;
      i++;
    } else if ((a[0] == '-' && a[1]) || trace) {
      return tool_error("usage: vmctrace %s", usage), EXIT_USAGE;
    } else {
      trace = a;
    }
  }
  if (!trace)
    return tool_error("usage: vmctrace %s", usage), EXIT_USAGE;
  tool_layout lay;
  char err[200];
  if (tool_layout_make(layout, ram, &lay, err, sizeof err))
    return tool_error("%s", err), EXIT_USAGE;
  memset(ru, 0, sizeof *ru);
  ru->path = trace;
  vmc_trace_err terr;
  ru->r = vmc_trace_open(ru->path, &terr);
  if (!ru->r) {
    tool_error("%s", terr.msg);
    return 1;
  }
  model_init(&ru->m, &lay, (unsigned)cores);
  return 0;
}

static void close_run(run *ru) {
  vmc_trace_close(ru->r);
  model_free(&ru->m);
}

static void print_size(uint64_t bytes) {
  if (bytes >= 10ull << 20)
    printf("%.1f MiB", (double)bytes / (1 << 20));
  else
    printf("%.1f KiB", (double)bytes / 1024);
}

static void print_report(const run *ru) {
  const model *m = &ru->m;
  uint64_t done, total;
  vmc_trace_progress(ru->r, &done, &total);
  uint64_t accesses = m->kinds[VMC_ACCESS];
  printf("encoding    %s%s, %llu bytes", vmc_trace_encoding(ru->r) == VMC_ENC_BINARY ? "binary" : "text",
         vmc_trace_compressed(ru->r) ? " + gzip" : "", (unsigned long long)done);
  if (m->records)
    printf(" (%.2f bytes/record)", (double)done / (double)m->records);
  printf("\nrecords     %llu\n", (unsigned long long)m->records);
  printf("  accesses  %llu: read %llu, write %llu, fetch %llu; privileged %llu\n",
         (unsigned long long)accesses, (unsigned long long)m->acc[VMC_OP_READ],
         (unsigned long long)m->acc[VMC_OP_WRITE], (unsigned long long)m->acc[VMC_OP_FETCH],
         (unsigned long long)m->priv);
  printf("  events   ");
  for (int k = VMC_CREATE; k < VMC_KIND_COUNT; k++)
    printf(" %s %llu%s", vmc_kind_name(k), (unsigned long long)m->kinds[k], k + 1 < VMC_KIND_COUNT ? "," : "\n");
  if (vmc_trace_version(ru->r) >= VMC_TRACE_VERSION_MULTICORE) { /* version 1: all on core 0, not shown */
    unsigned used = 0;
    for (unsigned c = 0; c < VMC_MAX_CORES; c++)
      if (m->core_acc[c] || m->core_switches[c] || m->core_events[c])
        used = c + 1;
    printf("cores       %u used (version-2 trace)\n", used);
    for (unsigned c = 0; c < used; c++)
      printf("  core %u    %llu accesses, %llu switches, %llu other events\n", c,
             (unsigned long long)m->core_acc[c], (unsigned long long)m->core_switches[c],
             (unsigned long long)m->core_events[c]);
  }
  printf("processes   %zu\n", m->nprocs);
  for (size_t i = 0; i < m->nprocs && i < 16; i++) {
    const proc *p = &m->procs[i];
    uint64_t pa = p->acc[0] + p->acc[1] + p->acc[2];
    printf("  pid %-6u %llu accesses (r %llu, w %llu, x %llu), %llu pages (", p->pid, (unsigned long long)pa,
           (unsigned long long)p->acc[0], (unsigned long long)p->acc[1], (unsigned long long)p->acc[2],
           (unsigned long long)p->pages);
    print_size(p->pages * VMC_PAGE_SIZE);
    if (pa)
      printf("), 0x%08x-0x%08x\n", p->lo, p->hi);
    else
      printf(")\n");
  }
  if (m->nprocs > 16)
    printf("  ... and %zu more processes\n", m->nprocs - 16);
  printf("pages       %llu distinct 4 KiB pages over all processes, footprint ",
         (unsigned long long)m->pages);
  print_size(m->pages * VMC_PAGE_SIZE);
  printf("\n");
  for (int i = 0; i < ru->nmarkers; i++)
    printf("%s%u%s%s at record %llu\n", i ? "            " : "markers     ", ru->markers[i].id,
           ru->markers[i].name[0] ? " " : "", ru->markers[i].name, (unsigned long long)ru->markers[i].at);
  if (m->kinds[VMC_MARKER] > MAX_MARKERS)
    printf("            ... and %llu more\n", (unsigned long long)(m->kinds[VMC_MARKER] - MAX_MARKERS));
  if (m->any_access)
    printf("range       0x%08x-0x%08x\n", m->lo, m->hi);
  else
    printf("range       (no accesses)\n");
  if (m->violations)
    printf("valid       no: %llu violations; first: %s\n", (unsigned long long)m->violations, ru->first);
  else
    printf("valid       yes\n");
}

int cmd_summary(int argc, char **argv) {
  run ru;
  int rc = open_run(&ru, argc, argv, "summary [--layout liteos|linux] [--ram-size SIZE] [--cores N] TRACE");
  if (rc)
    return rc;
  rc = replay(&ru, "summary", 0);
  if (rc == 0)
    print_report(&ru);
  close_run(&ru);
  return rc;
}

int cmd_check(int argc, char **argv) {
  run ru;
  int rc = open_run(&ru, argc, argv, "check [--layout liteos|linux] [--ram-size SIZE] [--cores N] TRACE");
  if (rc)
    return rc;
  rc = replay(&ru, "check", 1);
  if (rc == 0 && ru.m.violations) {
    if (ru.m.violations > MAX_REPORTED)
      fprintf(stderr, "... %llu more\n", (unsigned long long)(ru.m.violations - MAX_REPORTED));
    tool_error("%s: invalid: %llu violations", ru.path, (unsigned long long)ru.m.violations);
    rc = 1;
  } else if (rc == 0) {
    printf("%s: valid (%llu records)\n", ru.path, (unsigned long long)ru.m.records);
  }
  close_run(&ru);
  return rc;
}
