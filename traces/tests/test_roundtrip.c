/* Every record survives writing and reading back in all four encodings (text, binary, each
 * plain and gzip), from a file and from memory, with edge values in every field. Records are
 * generated here from a fixed seed; the comparison is field by field against the generated
 * ones, not against another decoder. With "v2" the records are on random cores 0..7 and the
 * traces are written as version 2; each access must read back with its core's current process.
 *
 * usage: test_roundtrip DIR [v2] */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "vmctrace/vmctrace.h"

#define N 20000

static unsigned cores = 1; /* records are put on cores 0..cores-1 */

static uint64_t seed = 42;
static uint32_t rnd(void) {
  seed = seed * 6364136223846793005ull + 1442695040888963407ull;
  return (uint32_t)(seed >> 32);
}

static const uint32_t edge_va[] = {0, 4, 0xfff, 0x1000, 0x7ffffffc, 0x80000000, 0xfffffff0, 0xfffffffc};

static void make(vmc_record *r, int i) {
  memset(r, 0, sizeof *r);
  uint32_t k = rnd() % 16;
  if (k < 10) { /* accesses: mostly, with repeats of the previous delta now and then */
    static uint32_t prev[3], prevd[3];
    r->kind = VMC_ACCESS;
    r->op = (uint8_t)(rnd() % 3);
    r->priv = (uint8_t)(rnd() % 2);
    static const uint8_t sizes[] = {1, 2, 4, 8, 16, 32, 64, 3, 255, 128};
    r->size = sizes[rnd() % 10];
    uint32_t choice = rnd() % 4;
    if (choice == 0)
      r->va = edge_va[rnd() % 8];
    else if (choice == 1)
      r->va = prev[r->op] + prevd[r->op];
    else if (choice == 2)
      r->va = prev[r->op] + (rnd() % 64);
    else
      r->va = rnd();
    if ((uint64_t)r->va + r->size > 0x100000000ull)
      r->va = 0x100000000ull - r->size;
    prevd[r->op] = r->va - prev[r->op];
    prev[r->op] = r->va;
  } else if (k == 10) {
    r->kind = (uint8_t)(VMC_CREATE + rnd() % 3); /* create, exit, fork */
    r->pid = 1 + rnd() % 0xfffffffeu;
    if (r->kind == VMC_FORK)
      r->child = r->pid == 0xffffffffu ? 1 : r->pid + 1;
  } else if (k == 11) {
    r->kind = VMC_SWITCH;
    r->pid = i % 7 == 0 ? 0xffffffffu : 1 + rnd() % 100;
  } else if (k <= 13) {
    r->kind = (uint8_t)(VMC_MMAP + rnd() % 3);
    r->pid = 1 + rnd() % 1000;
    r->va = (rnd() % 0x100000) << 12;
    r->len = (1 + rnd() % (0x100000 - (r->va >> 12))) << 12;
    if (r->kind != VMC_MUNMAP)
      r->prot = (uint8_t)(rnd() % 8);
    if (r->kind == VMC_MMAP) {
      r->map_kind = (uint8_t)(rnd() % 3);
      r->map_flags = (uint8_t)(rnd() % 4);
      if (r->map_kind == VMC_MAP_FILE) {
        r->file_id = rnd();
        r->file_off = ((uint64_t)rnd() << 32 | rnd()) & ~0xfffull;
      }
    }
  } else {
    r->kind = VMC_MARKER;
    r->marker = rnd();
    static const char *names[] = {"", "warmup_end", "a", "phase.2:x-y", "abcdefghijklmnopqrstuvwxyz01234"};
    strcpy(r->name, names[rnd() % 5]);
  }
  if (cores > 1) /* runs on one core now and then, as a scheduler would make them */
    r->core = (uint8_t)(i % 5 == 0 ? rnd() % cores : (unsigned)(i / 37) % cores);
}

static int same(const vmc_record *a, const vmc_record *b) {
  if (a->kind != b->kind || a->core != b->core)
    return 0;
  switch (a->kind) {
  case VMC_ACCESS:
    return a->op == b->op && a->priv == b->priv && a->size == b->size && a->va == b->va;
  case VMC_CREATE:
  case VMC_EXIT:
  case VMC_SWITCH:
    return a->pid == b->pid;
  case VMC_FORK:
    return a->pid == b->pid && a->child == b->child;
  case VMC_MUNMAP:
    return a->pid == b->pid && a->va == b->va && a->len == b->len;
  case VMC_MPROTECT:
    return a->pid == b->pid && a->va == b->va && a->len == b->len && a->prot == b->prot;
  case VMC_MMAP:
    return a->pid == b->pid && a->va == b->va && a->len == b->len && a->prot == b->prot &&
           a->map_kind == b->map_kind && a->map_flags == b->map_flags &&
           (a->map_kind != VMC_MAP_FILE || (a->file_id == b->file_id && a->file_off == b->file_off));
  case VMC_MARKER:
    return a->marker == b->marker && strcmp(a->name, b->name) == 0;
  }
  return 0;
}

static void verify(vmc_trace_reader *r, const vmc_record *recs, const char *what, vmc_encoding enc, int gz) {
  CHECK(vmc_trace_encoding(r) == enc, "%s: detected encoding %d", what, vmc_trace_encoding(r));
  CHECK(vmc_trace_compressed(r) == gz, "%s: detected compression %d", what, vmc_trace_compressed(r));
  CHECK(vmc_trace_version(r) == (cores > 1 ? 2u : 1u), "%s: version %u", what, vmc_trace_version(r));
  vmc_record got;
  uint32_t cur[VMC_MAX_CORES] = {0}; /* each core's current process */
  int rc = 0, i;
  for (i = 0; i < N && (rc = vmc_trace_next(r, &got)) == 1; i++) {
    if (!same(&got, &recs[i])) {
      char a[200], b[200];
      vmc_record_format(&recs[i], a, sizeof a);
      vmc_record_format(&got, b, sizeof b);
      CHECK(0, "%s: record %d: wrote '%s', read '%s'", what, i, a, b);
      return;
    }
    if (recs[i].kind == VMC_SWITCH)
      cur[recs[i].core] = recs[i].pid;
    if (got.kind == VMC_ACCESS && got.pid != cur[got.core]) {
      CHECK(0, "%s: record %d: access pid %u, current process of core %u is %u", what, i, got.pid, got.core,
            cur[got.core]);
      return;
    }
  }
  CHECK(i == N, "%s: read %d records, error: %s", what, i, vmc_trace_error(r));
  CHECK(vmc_trace_next(r, &got) == 0, "%s: no clean end after %d records: %s", what, N, vmc_trace_error(r));
}

int main(int argc, char **argv) {
  if (argc < 2 || argc > 3 || (argc == 3 && strcmp(argv[2], "v2")))
    return fprintf(stderr, "usage: test_roundtrip DIR [v2]\n"), 2;
  if (argc == 3)
    cores = VMC_MAX_CORES;
  const unsigned version = cores > 1 ? VMC_TRACE_VERSION_MULTICORE : VMC_TRACE_VERSION_SINGLE;
  vmc_record *recs = malloc(N * sizeof *recs);
  for (int i = 0; i < N; i++)
    make(&recs[i], i);
  static const struct { const char *name; vmc_encoding enc; int gz; } kinds[] = {
      {"rt.vmt", VMC_ENC_TEXT, 0}, {"rt.vmt.gz", VMC_ENC_TEXT, 1},
      {"rt.vmtb", VMC_ENC_BINARY, 0}, {"rt.vmtb.gz", VMC_ENC_BINARY, 1}};
  for (int k = 0; k < 4; k++) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", argv[1], kinds[k].name);
    vmc_trace_err err;
    vmc_trace_writer *w = vmc_trace_writer_open_version(path, kinds[k].enc, kinds[k].gz, 0, version, &err);
    CHECK(w != NULL, "%s", err.msg);
    if (!w)
      continue;
    vmc_trace_write_comment(w, "round trip\nof every kind");
    for (int i = 0; i < N; i++)
      CHECK(vmc_trace_write(w, &recs[i]) == 0, "%s", vmc_trace_writer_error(w));
    CHECK(vmc_trace_writer_close(w, &err) == 0, "%s", err.msg);

    vmc_trace_reader *r = vmc_trace_open(path, &err);
    CHECK(r != NULL, "%s", err.msg);
    if (r) {
      verify(r, recs, path, kinds[k].enc, kinds[k].gz);
      vmc_trace_close(r);
    }
    /* The same bytes from memory. */
    FILE *f = fopen(path, "rb");
    struct stat st;
    stat(path, &st);
    void *buf = malloc((size_t)st.st_size);
    CHECK(fread(buf, 1, (size_t)st.st_size, f) == (size_t)st.st_size, "short read of %s", path);
    fclose(f);
    r = vmc_trace_open_memory(buf, (size_t)st.st_size, path, &err);
    CHECK(r != NULL, "%s", err.msg);
    if (r) {
      verify(r, recs, "memory copy", kinds[k].enc, kinds[k].gz);
      vmc_trace_close(r);
    }
    free(buf);
  }
  /* Invalid records are refused by the writer. */
  vmc_trace_err err;
  char path[1024];
  snprintf(path, sizeof path, "%s/refused.vmtb", argv[1]);
  vmc_trace_writer *w = vmc_trace_writer_open(path, VMC_ENC_BINARY, 0, 0, &err);
  vmc_record bad = {.kind = VMC_MMAP, .pid = 1, .va = 0x1000, .len = 0x1234};
  CHECK(vmc_trace_write(w, &bad) == -1, "writer accepted a length that is not a page multiple");
  CHECK_CONTAINS(vmc_trace_writer_error(w), "length out of range");
  CHECK(vmc_trace_writer_close(w, &err) == -1, "close must report the earlier error");
  CHECK(access(path, F_OK) != 0, "a failed writer left %s behind", path);
  /* A version-1 writer refuses a record on core 1; a version-2 writer one on core 8. */
  vmc_record on1 = {.kind = VMC_CREATE, .pid = 1, .core = 1};
  w = vmc_trace_writer_open(path, VMC_ENC_TEXT, 0, 0, &err);
  CHECK(vmc_trace_write(w, &on1) == -1, "a version-1 writer accepted a record on core 1");
  CHECK_CONTAINS(vmc_trace_writer_error(w), "record 1 (create): core 1 in a version-1 trace");
  vmc_trace_writer_abort(w);
  vmc_record on8 = {.kind = VMC_SWITCH, .pid = 1, .core = VMC_MAX_CORES};
  w = vmc_trace_writer_open_version(path, VMC_ENC_BINARY, 0, 0, VMC_TRACE_VERSION_MULTICORE, &err);
  CHECK(vmc_trace_write(w, &on1) == 0, "a version-2 writer refused a record on core 1");
  CHECK(vmc_trace_write(w, &on8) == -1, "a version-2 writer accepted a record on core 8");
  CHECK_CONTAINS(vmc_trace_writer_error(w), "record 2 (switch): core out of range (0..7): 8");
  vmc_trace_writer_abort(w);
  CHECK(vmc_trace_writer_open_version(path, VMC_ENC_BINARY, 0, 0, 3, &err) == NULL, "version 3 opened");
  CHECK_CONTAINS(err.msg, "cannot write trace version 3");
  CHECK(access(path, F_OK) != 0, "an aborted writer left %s behind", path);
  free(recs);
  return check_report("traces.roundtrip");
}
