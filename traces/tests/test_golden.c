/* Golden tests of both encodings against hand-worked expectations (docs/trace-format.md):
 *   text    a hand-written text trace (comments, blanks, tabs, CRLF, decimal and hex numbers,
 *           no newline at the end) parses into the expected records, with the right lines;
 *   binary  bytes encoded by hand from the spec decode into the same records, and the writer
 *           produces exactly those bytes;
 *   format  the canonical text spelling of each kind;
 *   cores   a version-2 trace on two cores, hand-encoded in both encodings: it reads into the
 *           expected records (each access with its core's process) and the writer produces
 *           exactly those bytes and that text.
 *
 * usage: test_golden DIR text|binary|format|cores */
#include <stdlib.h>

#include "check.h"
#include "vmctrace/vmctrace.h"

#define A(o, p, v, s) {.kind = VMC_ACCESS, .op = o, .priv = p, .va = v, .size = s, .pid = 7}

static const vmc_record expected[] = {
    {.kind = VMC_CREATE, .pid = 7},
    {.kind = VMC_SWITCH, .pid = 7},
    {.kind = VMC_MMAP, .pid = 7, .va = 0x01000000, .len = 0x10000, .prot = VMC_PROT_R | VMC_PROT_X,
     .map_kind = VMC_MAP_FILE, .map_flags = VMC_MAP_POPULATE, .file_id = 3, .file_off = 0x2000},
    A(VMC_OP_READ, 0, 0x01000000, 4),
    A(VMC_OP_READ, 0, 0x01000004, 4),
    A(VMC_OP_READ, 0, 0x01000008, 4),
    A(VMC_OP_WRITE, 1, 0x01000004, 8),
    A(VMC_OP_FETCH, 0, 0x01000000, 4),
    A(VMC_OP_FETCH, 0, 0x01000002, 3),
    {.kind = VMC_MUNMAP, .pid = 7, .va = 0x01000000, .len = 0x1000},
    {.kind = VMC_MPROTECT, .pid = 7, .va = 0x01000000, .len = 0x10000, .prot = VMC_PROT_R | VMC_PROT_W},
    {.kind = VMC_FORK, .pid = 7, .child = 8},
    {.kind = VMC_MARKER, .marker = 300, .name = "warmup"},
    {.kind = VMC_EXIT, .pid = 7},
};
#define NEXP (sizeof expected / sizeof expected[0])

/* The line of each expected record in the text below. */
static const unsigned expected_line[NEXP] = {4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15, 16, 17, 18};

static const char text[] =
    "vmctrace text 1   # the header may carry a comment\n" /* 1 */
    "# a comment line\n"                                  /* 2 */
    "\n"                                                  /* 3 */
    "create 7\n"                                          /* 4 */
    "switch\t7\r\n"                                       /* 5 */
    "mmap 7 0x01000000 65536 r-x file 3 0x2000 private populate\n"
    "R u 0x01000000 4\n"                                  /* 7 */
    "R u 16777220 4        # a decimal address\n"         /* 8 */
    "  R   u 0x1000008  4\n"                              /* 9 */
    "W p 0x01000004 8\n"                                  /* 10 */
    "X u 0x1000000 0x4\n"                                 /* 11 */
    "X u 0x01000002 3\n"                                  /* 12 */
    "   \t  \n"                                           /* 13 */
    "munmap 7 0x01000000 0x1000\n"                        /* 14 */
    "mprotect 7 0x01000000 0x10000 rw-\n"                 /* 15 */
    "fork 7 8\n"                                          /* 16 */
    "marker 300 warmup\n"                                 /* 17 */
    "exit 7";                                             /* 18, no newline */

/* Hand-encoded: tag byte, then LEB128 varints; access deltas are zigzag-encoded and kept per
 * stream (data: reads and writes; fetches); tag bit 6 repeats the stream's previous delta. */
static const unsigned char binary[] = {
    0x89, 'V', 'M', 'T', 'B', '\n', 0x01, 0x00,            /* header, version 1 */
    0x80, 0x07,                                            /* create 7 */
    0x83, 0x07,                                            /* switch 7 */
    0x84, 0x07, 0x80, 0x80, 0x80, 0x08, 0x80, 0x80, 0x04,  /* mmap 7, va 1<<24, len 1<<16 */
    0x4d, 0x03, 0x80, 0x40,                                /* r-x|file<<3|populate<<5, id 3, off 0x2000 */
    0x10, 0x80, 0x80, 0x80, 0x10,                          /* R u size 4: delta 1<<24, zigzag 1<<25 */
    0x10, 0x08,                                            /* delta 4, zigzag 8 */
    0x50,                                                  /* delta 4 again: repeat bit */
    0x1d, 0x07,                                            /* W p size 8 (code 3): delta -4, zigzag 7 */
    0x12, 0x80, 0x80, 0x80, 0x10,                          /* X u: fetch stream starts at 0 */
    0x3a, 0x03, 0x04,                                      /* X, size code 7 + size 3, delta 2 */
    0x85, 0x07, 0x80, 0x80, 0x80, 0x08, 0x80, 0x20,        /* munmap 7 1<<24 0x1000 */
    0x86, 0x07, 0x80, 0x80, 0x80, 0x08, 0x80, 0x80, 0x04, 0x03, /* mprotect ... rw- */
    0x82, 0x07, 0x08,                                      /* fork 7 8 */
    0x87, 0xac, 0x02, 0x06, 'w', 'a', 'r', 'm', 'u', 'p',  /* marker 300 "warmup" */
    0x81, 0x07,                                            /* exit 7 */
    0xff, 0x0e,                                            /* end: 14 records */
};

static int same(const vmc_record *a, const vmc_record *b) {
  char fa[200], fb[200];
  vmc_record_format(a, fa, sizeof fa);
  vmc_record_format(b, fb, sizeof fb);
  /* The canonical text holds every field of the kind; the pid of accesses is extra. */
  return strcmp(fa, fb) == 0 && (a->kind != VMC_ACCESS || a->pid == b->pid);
}

static void read_all(vmc_trace_reader *r, int check_lines) {
  vmc_record rec;
  size_t i = 0;
  int rc;
  while ((rc = vmc_trace_next(r, &rec)) == 1) {
    if (i >= NEXP) {
      CHECK(0, "more records than expected");
      break;
    }
    char got[200], want[200];
    vmc_record_format(&rec, got, sizeof got);
    vmc_record_format(&expected[i], want, sizeof want);
    CHECK(same(&rec, &expected[i]), "record %zu: got '%s' (pid %u), want '%s' (pid %u)", i, got, rec.pid, want,
          expected[i].pid);
    if (check_lines)
      CHECK(vmc_trace_line(r) == expected_line[i], "record %zu: line %llu, want %u", i,
            (unsigned long long)vmc_trace_line(r), expected_line[i]);
    i++;
  }
  CHECK(rc == 0, "error: %s", vmc_trace_error(r));
  CHECK(i == NEXP, "read %zu records, want %zu", i, NEXP);
}

static void test_text(void) {
  vmc_trace_err err;
  vmc_trace_reader *r = vmc_trace_open_memory(text, sizeof text - 1, "golden.vmt", &err);
  CHECK(r != NULL, "%s", err.msg);
  if (!r)
    return;
  CHECK(vmc_trace_encoding(r) == VMC_ENC_TEXT, "not detected as text");
  read_all(r, 1);
  vmc_trace_close(r);
}

/* Writes recs to DIR/name and compares the file with want, byte for byte. */
static void write_and_compare(const char *dir, const char *name, vmc_encoding enc, unsigned version,
                              const vmc_record *recs, size_t nrecs, const void *want, size_t wantlen) {
  char path[1024];
  vmc_trace_err err;
  snprintf(path, sizeof path, "%s/%s", dir, name);
  vmc_trace_writer *w = vmc_trace_writer_open_version(path, enc, 0, 0, version, &err);
  CHECK(w != NULL, "%s", err.msg);
  if (!w)
    return;
  for (size_t i = 0; i < nrecs; i++)
    CHECK(vmc_trace_write(w, &recs[i]) == 0, "%s", vmc_trace_writer_error(w));
  CHECK(vmc_trace_writer_close(w, &err) == 0, "%s", err.msg);
  unsigned char got[512];
  FILE *f = fopen(path, "rb");
  size_t n = f ? fread(got, 1, sizeof got, f) : 0;
  if (f)
    fclose(f);
  CHECK(n == wantlen, "%s: writer produced %zu bytes, want %zu", name, n, wantlen);
  for (size_t i = 0; i < n && i < wantlen; i++)
    if (got[i] != ((const unsigned char *)want)[i]) {
      CHECK(0, "%s: byte %zu is 0x%02x, want 0x%02x", name, i, got[i], ((const unsigned char *)want)[i]);
      break;
    }
}

static void test_binary(const char *dir) {
  vmc_trace_err err;
  vmc_trace_reader *r = vmc_trace_open_memory(binary, sizeof binary, "golden.vmtb", &err);
  CHECK(r != NULL, "%s", err.msg);
  if (!r)
    return;
  CHECK(vmc_trace_encoding(r) == VMC_ENC_BINARY, "not detected as binary");
  read_all(r, 0);
  vmc_trace_close(r);

  write_and_compare(dir, "golden.vmtb", VMC_ENC_BINARY, VMC_TRACE_VERSION_SINGLE, expected, NEXP, binary,
                    sizeof binary);
}

static void test_format(void) {
  static const char *const want[NEXP] = {
      "create 7", "switch 7", "mmap 7 0x01000000 0x10000 r-x file 3 0x2000 private populate",
      "R u 0x01000000 4", "R u 0x01000004 4", "R u 0x01000008 4", "W p 0x01000004 8", "X u 0x01000000 4",
      "X u 0x01000002 3", "munmap 7 0x01000000 0x1000", "mprotect 7 0x01000000 0x10000 rw-", "fork 7 8",
      "marker 300 warmup", "exit 7"};
  for (size_t i = 0; i < NEXP; i++) {
    char got[200];
    size_t n = vmc_record_format(&expected[i], got, sizeof got);
    CHECK(strcmp(got, want[i]) == 0 && n == strlen(want[i]), "got '%s', want '%s'", got, want[i]);
  }
  vmc_record dev = {.kind = VMC_MMAP, .pid = 2, .va = 0x3f000000, .len = 0x1000, .prot = VMC_PROT_R | VMC_PROT_W,
                    .map_kind = VMC_MAP_DEVICE, .map_flags = VMC_MAP_SHARED};
  char got[200];
  vmc_record_format(&dev, got, sizeof got);
  CHECK(strcmp(got, "mmap 2 0x3f000000 0x1000 rw- device shared") == 0, "got '%s'", got);
}

/* ---- Version 2: two cores ---- */

#define AC(c, o, v, p) {.kind = VMC_ACCESS, .core = c, .op = o, .va = v, .size = 4, .pid = p}

static const vmc_record expected2[] = {
    {.kind = VMC_CREATE, .pid = 5},
    {.kind = VMC_SWITCH, .pid = 5},
    {.kind = VMC_SWITCH, .pid = 5, .core = 1}, /* the same process on both cores */
    AC(0, VMC_OP_READ, 0x1000, 5),
    AC(1, VMC_OP_READ, 0x2000, 5),
    AC(0, VMC_OP_READ, 0x1004, 5),
    AC(1, VMC_OP_WRITE, 0x2004, 5),
    {.kind = VMC_CREATE, .pid = 6, .core = 1},
    {.kind = VMC_SWITCH, .pid = 6, .core = 1},
    AC(1, VMC_OP_READ, 0x3000, 6),
    AC(0, VMC_OP_READ, 0x1008, 5), /* core 0 still runs process 5 */
    {.kind = VMC_EXIT, .pid = 6},
};
#define NEXP2 (sizeof expected2 / sizeof expected2[0])

static const char text2[] =
    "vmctrace text 2\n"
    "create 5\n"
    "switch 5\n"
    "@1 switch 5\n"
    "R u 0x00001000 4\n"
    "@1 R u 0x00002000 4\n"
    "R u 0x00001004 4\n"
    "@1 W u 0x00002004 4\n"
    "@1 create 6\n"
    "@1 switch 6\n"
    "@1 R u 0x00003000 4\n"
    "R u 0x00001008 4\n"
    "exit 6\n";

/* Each core has its own data and fetch streams (last address and delta, 0 at the start);
 * 0x88 + c selects core c, and is not a record. */
static const unsigned char binary2[] = {
    0x89, 'V', 'M', 'T', 'B', '\n', 0x02, 0x00, /* header, version 2 */
    0x80, 0x05,                                 /* create 5 */
    0x83, 0x05,                                 /* switch 5 */
    0x89, 0x83, 0x05,                           /* core 1; switch 5 */
    0x88, 0x10, 0x80, 0x40,                     /* core 0; R: delta 0x1000, zigzag 0x2000 */
    0x89, 0x10, 0x80, 0x80, 0x01,               /* core 1; R: its stream starts at 0: delta 0x2000 */
    0x88, 0x10, 0x08,                           /* core 0; R: delta 4 */
    0x89, 0x11, 0x08,                           /* core 1; W: delta 4 (its own last delta was 0x2000) */
    0x80, 0x06,                                 /* create 6, still on core 1 */
    0x83, 0x06,                                 /* switch 6 */
    0x10, 0xf8, 0x3f,                           /* R: delta 0xffc, zigzag 0x1ff8 */
    0x88, 0x50,                                 /* core 0; R: delta 4 again, repeat bit */
    0x81, 0x06,                                 /* exit 6 */
    0xff, 0x0c,                                 /* end: 12 records (core selects are none) */
};

static void read_all2(vmc_trace_reader *r, const char *what) {
  CHECK(vmc_trace_version(r) == VMC_TRACE_VERSION_MULTICORE, "%s: version %u", what, vmc_trace_version(r));
  vmc_record rec;
  size_t i = 0;
  int rc;
  while ((rc = vmc_trace_next(r, &rec)) == 1 && i < NEXP2) {
    char got[200], want[200];
    vmc_record_format(&rec, got, sizeof got);
    vmc_record_format(&expected2[i], want, sizeof want);
    CHECK(same(&rec, &expected2[i]) && rec.core == expected2[i].core, "%s: record %zu: got '%s' (pid %u), want '%s' (pid %u)",
          what, i, got, rec.pid, want, expected2[i].pid);
    i++;
  }
  CHECK(rc == 0, "%s: error: %s", what, vmc_trace_error(r));
  CHECK(i == NEXP2, "%s: read %zu records, want %zu", what, i, NEXP2);
}

static void test_cores(const char *dir) {
  vmc_trace_err err;
  vmc_trace_reader *r = vmc_trace_open_memory(text2, sizeof text2 - 1, "golden2.vmt", &err);
  CHECK(r != NULL, "%s", err.msg);
  if (r) {
    read_all2(r, "text");
    vmc_trace_close(r);
  }
  r = vmc_trace_open_memory(binary2, sizeof binary2, "golden2.vmtb", &err);
  CHECK(r != NULL, "%s", err.msg);
  if (r) {
    read_all2(r, "binary");
    vmc_trace_close(r);
  }
  /* Bulk reading: core selects do not end a run of accesses; events do. */
  for (int enc = 0; enc < 2; enc++) {
    r = enc ? vmc_trace_open_memory(binary2, sizeof binary2, "golden2.vmtb", &err)
            : vmc_trace_open_memory(text2, sizeof text2 - 1, "golden2.vmt", &err);
    vmc_access_rec run[64];
    size_t i = 0;
    vmc_record rec;
    for (;;) {
      int n = vmc_trace_next_accesses(r, run, 64);
      if (i == 3)
        CHECK(n == 4, "%s: a run of %d accesses after the switch on core 1, want 4", enc ? "binary" : "text", n);
      for (int k = 0; k < n; k++, i++) {
        const vmc_record *e = &expected2[i];
        CHECK(e->kind == VMC_ACCESS && run[k].va == e->va && run[k].core == e->core && run[k].pid == e->pid &&
                  run[k].op == e->op,
              "%s: bulk access %zu: va 0x%x core %u pid %u", enc ? "binary" : "text", i, run[k].va, run[k].core,
              run[k].pid);
      }
      if (n > 0)
        continue;
      if (vmc_trace_next(r, &rec) != 1)
        break;
      CHECK(rec.core == expected2[i].core && rec.kind == expected2[i].kind, "record %zu", i);
      i++;
    }
    CHECK(i == NEXP2, "bulk: %zu records, want %zu: %s", i, NEXP2, vmc_trace_error(r));
    vmc_trace_close(r);
  }
  write_and_compare(dir, "golden2.vmt", VMC_ENC_TEXT, VMC_TRACE_VERSION_MULTICORE, expected2, NEXP2, text2,
                    sizeof text2 - 1);
  write_and_compare(dir, "golden2.vmtb", VMC_ENC_BINARY, VMC_TRACE_VERSION_MULTICORE, expected2, NEXP2, binary2,
                    sizeof binary2);
  /* A version-1 trace reads as core 0. */
  r = vmc_trace_open_memory(binary, sizeof binary, "golden.vmtb", &err);
  CHECK(r && vmc_trace_version(r) == VMC_TRACE_VERSION_SINGLE, "version-1 trace: version %u", r ? vmc_trace_version(r) : 0);
  vmc_record rec;
  while (r && vmc_trace_next(r, &rec) == 1)
    CHECK(rec.core == 0, "a version-1 record on core %u", rec.core);
  vmc_trace_close(r);
}

int main(int argc, char **argv) {
  if (argc != 3)
    return fprintf(stderr, "usage: test_golden DIR text|binary|format|cores\n"), 2;
  if (!strcmp(argv[2], "text"))
    test_text();
  else if (!strcmp(argv[2], "binary"))
    test_binary(argv[1]);
  else if (!strcmp(argv[2], "format"))
    test_format();
  else if (!strcmp(argv[2], "cores"))
    test_cores(argv[1]);
  else
    return fprintf(stderr, "unknown part %s\n", argv[2]), 2;
  return check_report(argv[2]);
}
