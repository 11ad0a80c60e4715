/* Bad input must be a clear error that names the file and the line (text) or byte offset
 * (binary, gzip). Each case writes one bad file and checks the reader's message.
 *
 * usage: test_bad_input DIR CASE    check one case
 *        test_bad_input DIR --make  only write every case's file as DIR/CASE.trace (for the
 *                                   tool test, which runs vmctrace on them) */
#include <stdlib.h>
#include <zlib.h>

#include "check.h"
#include "vmctrace/vmctrace.h"

#define HDR "vmctrace text 1\n"
#define BIN "\x89VMTB\n\x01\x00" /* binary magic, version 1 */
#define HDR2 "vmctrace text 2\n"
#define BIN2 "\x89VMTB\n\x02\x00" /* version 2: cores */

typedef struct bad_case {
  const char *name;
  const char *bytes; /* literal content (may hold NULs), or NULL when build makes it */
  size_t len;
  void (*build)(const char *path);
  const char *where;   /* expected location: ":LINE:" or "byte N" */
  const char *keyword; /* expected words of the message */
} bad_case;

#define LIT(s) s, sizeof(s) - 1, NULL

static void write_file(const char *path, const void *data, size_t len) {
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
    fprintf(stderr, "cannot write %s\n", path);
    exit(2);
  }
}

/* A valid gzip-compressed text trace of a few thousand lines; returns its bytes. */
static unsigned char *valid_gzip(const char *path, size_t *len) {
  gzFile g = gzopen(path, "wb6");
  gzputs(g, HDR "create 1\nswitch 1\nmmap 1 0x10000000 0x1000000 rw- anon private\n");
  unsigned x = 1;
  for (int i = 0; i < 4000; i++) {
    x = x * 1103515245u + 12345u;
    gzprintf(g, "R u 0x%08x 4\n", 0x10000000u + (x >> 8) % 0x1000000u / 4 * 4);
  }
  gzclose(g);
  FILE *f = fopen(path, "rb");
  unsigned char *buf = malloc(1 << 20);
  *len = fread(buf, 1, 1 << 20, f);
  fclose(f);
  return buf;
}

static void truncated_gzip(const char *path) {
  size_t len;
  unsigned char *b = valid_gzip(path, &len);
  write_file(path, b, len / 2);
  free(b);
}

static void corrupt_gzip(const char *path) {
  size_t len;
  unsigned char *b = valid_gzip(path, &len);
  for (size_t i = len / 2; i < len / 2 + 16; i++)
    b[i] ^= 0x5a;
  write_file(path, b, len);
  free(b);
}

static void gzip_trailing_garbage(const char *path) {
  size_t len;
  unsigned char *b = valid_gzip(path, &len);
  memcpy(b + len, "garbage", 7);
  write_file(path, b, len + 7);
  free(b);
}

static void empty_gzip(const char *path) {
  gzFile g = gzopen(path, "wb");
  gzclose(g);
}

/* A valid gzip-compressed binary trace whose gzip trailer (CRC and size, the last 8 bytes) is
 * cut short by 3 bytes: every record, the end record included, is still there. */
static void binary_gzip_cut_trailer(const char *path) {
  vmc_trace_err err;
  vmc_trace_writer *w = vmc_trace_writer_open(path, VMC_ENC_BINARY, 1, 6, &err);
  vmc_record rec = {.kind = VMC_CREATE, .pid = 1};
  vmc_trace_write(w, &rec);
  rec.kind = VMC_SWITCH;
  vmc_trace_write(w, &rec);
  if (vmc_trace_writer_close(w, &err) != 0) {
    fprintf(stderr, "%s\n", err.msg);
    exit(2);
  }
  FILE *f = fopen(path, "rb");
  unsigned char buf[4096];
  size_t len = fread(buf, 1, sizeof buf, f);
  fclose(f);
  write_file(path, buf, len - 3);
}

static void long_line(const char *path) {
  size_t n = 5000;
  char *b = malloc(sizeof HDR + n + 1);
  memcpy(b, HDR, sizeof HDR - 1);
  memset(b + sizeof HDR - 1, 'a', n);
  b[sizeof HDR - 1 + n] = '\n';
  write_file(path, b, sizeof HDR + n);
  free(b);
}

static void long_header(const char *path) {
  size_t n = 5000;
  char *b = malloc(n + 32);
  memcpy(b, "vmctrace text 1 #", 17);
  memset(b + 17, 'c', n);
  memcpy(b + 17 + n, "\ncreate 1\n", 10);
  write_file(path, b, 17 + n + 10);
  free(b);
}

static const bad_case cases[] = {
    {"empty_file", LIT(""), "", "empty file"},
    {"bad_magic", LIT("hello, world\n"), "byte 0", "bad magic"},
    {"bad_magic_binary", LIT("\x89VMTX\n\x01\x00"), "byte 0", "bad magic"},
    {"text_bad_version", LIT("vmctrace text 9\ncreate 1\n"), ":1:", "unsupported text trace version 9"},
    {"binary_bad_version", LIT("\x89VMTB\n\x03\x00\xff\x00"), "byte 6", "unsupported binary trace version 3"},
    {"malformed_line", LIT(HDR "create 1\nswitch 1\nR u 0x1000\n"), ":4:", "missing access size"},
    {"malformed_number", LIT(HDR "R u 0x10zz 4\n"), ":2:", "address is not a number"},
    {"malformed_privilege", LIT(HDR "W k 0x1000 4\n"), ":2:", "'u' (user) or 'p' (privileged)"},
    {"malformed_permissions", LIT(HDR "mmap 1 0x1000 0x1000 rwz anon private\n"), ":2:", "permissions"},
    {"address_out_of_range", LIT(HDR "create 1\nR u 0x100000000 4\n"), ":3:", "address out of range"},
    {"access_past_end", LIT(HDR "W p 0xfffffffe 4\n"), ":2:", "address out of range"},
    {"size_out_of_range", LIT(HDR "R u 0x1000 256\n"), ":2:", "access size out of range"},
    {"length_out_of_range", LIT(HDR "mmap 1 0x10000 0x1800 rw- anon private\n"), ":2:", "length out of range"},
    {"length_4g", LIT(HDR "mmap 1 0 0x100000000 rw- anon private\n"), ":2:", "length out of range"},
    {"region_past_end", LIT(HDR "\n# comment\nmunmap 1 0xfffff000 0x2000\n"), ":4:", "length out of range"},
    {"unaligned_region", LIT(HDR "mprotect 1 0x10010 0x1000 r--\n"), ":2:", "address out of range"},
    {"pid_out_of_range", LIT(HDR "switch 0\n"), ":2:", "pid out of range"},
    {"unknown_kind_text", LIT(HDR "frobnicate 1\n"), ":2:", "unknown record kind 'frobnicate'"},
    {"unknown_kind_binary", LIT(BIN "\x90"), "byte 8", "unknown record kind 0x90"},
    {"binary_bad_op", LIT(BIN "\x13\x00"), "byte 8", "unknown operation"},
    {"truncated_binary", LIT(BIN "\x10\x80"), "byte 8", "truncated record"},
    {"truncated_size_byte", LIT(BIN "\x38"), "byte 8", "truncated record"},
    {"missing_end", LIT(BIN "\x10\x08"), "byte 10", "end record is missing"},
    {"end_count_mismatch", LIT(BIN "\x10\x08\xff\x05"), "byte 10", "end record counts 5"},
    {"data_after_end", LIT(BIN "\xff\x00\x10\x08"), "byte 10", "after the end record"},
    {"overlong_varint", LIT(BIN "\x10\x80\x80\x80\x80\x80\x01"), "byte 8", "varint"},
    {"binary_length_out_of_range", LIT(BIN "\x84\x01\x00\x81\x20\x03"), "byte 8", "length out of range"},
    {"binary_address_out_of_range", LIT(BIN "\x10\x03\xff\x01"), "byte 8",
     "address out of range"},
    {"truncated_gzip", NULL, 0, truncated_gzip, "byte ", "truncated"},
    {"corrupt_gzip", NULL, 0, corrupt_gzip, "byte ", "gzip: corrupt"},
    {"gzip_trailing_garbage", NULL, 0, gzip_trailing_garbage, "byte ", "after the end of the compressed stream"},
    {"empty_gzip", NULL, 0, empty_gzip, "", "empty file"},
    {"binary_gzip_cut_trailer", NULL, 0, binary_gzip_cut_trailer, "byte ", "truncated"},
    {"long_line", NULL, 0, long_line, ":2:", "longer than"},
    /* version 2: cores */
    {"text_core_in_v1", LIT(HDR "create 1\n@1 switch 1\n"), ":3:", "core prefix '@1' in a version-1 trace"},
    {"text_core0_in_v1", LIT(HDR "@0 create 1\n"), ":2:", "core prefix '@0' in a version-1 trace"},
    {"text_core_out_of_range", LIT(HDR2 "create 1\n@8 switch 1\n"), ":3:", "core out of range (0..7): 8"},
    {"text_core_huge", LIT(HDR2 "@99999999999 create 1\n"), ":2:", "core out of range"},
    {"text_core_alone", LIT(HDR2 "@3   # nothing\n"), ":2:", "core prefix without a record"},
    {"text_core_not_number", LIT(HDR2 "@x create 1\n"), ":2:", "'@' must be followed by a core number"},
    {"binary_core_in_v1", LIT(BIN "\x80\x01\x89\x83\x01\xff\x02"), "byte 10", "core select 0x89 (core 1) in a version-1 trace"},
    {"binary_core_bad_tag", LIT(BIN2 "\x80\x01\x90\x83\x01\xff\x02"), "byte 10", "unknown record kind 0x90"},
    {"binary_core_truncated", LIT(BIN2 "\x80\x01\x89\x83"), "byte 11", "truncated record"},
    {"binary_core_missing_end", LIT(BIN2 "\x80\x01\x89"), "byte 11", "end record is missing"},
    {"binary_core_end_count", LIT(BIN2 "\x80\x01\x89\x83\x01\xff\x03"), "byte 13", "end record counts 3 records but the trace holds 2"},
    {"long_header", NULL, 0, long_header, ":1:", "longer than"},
};

static void make(const bad_case *c, const char *path) {
  if (c->build)
    c->build(path);
  else
    write_file(path, c->bytes, c->len);
}

/* Reads the file to the end: the reader must fail (at open or at some record) with a message
 * that names the file, the location and the problem. */
static void run(const bad_case *c, const char *path) {
  vmc_trace_err err;
  memset(&err, 0, sizeof err);
  const char *msg;
  vmc_trace_reader *r = vmc_trace_open(path, &err);
  int rc = -1;
  if (r) {
    vmc_record rec;
    long n = 0;
    while ((rc = vmc_trace_next(r, &rec)) == 1)
      n++;
    CHECK(rc == -1, "reading %s ended with %d after %ld records instead of an error", path, rc, n);
    msg = vmc_trace_error(r);
    CHECK(vmc_trace_next(r, &rec) == -1, "next() after an error must keep failing");
  } else {
    msg = err.msg;
  }
  printf("%s: %s\n", c->name, msg);
  CHECK_CONTAINS(msg, path);
  CHECK_CONTAINS(msg, c->where);
  CHECK_CONTAINS(msg, c->keyword);
  if (r)
    vmc_trace_close(r);
}

int main(int argc, char **argv) {
  if (argc != 3) {
    fprintf(stderr, "usage: test_bad_input DIR CASE|--make\n");
    return 2;
  }
  char path[1024];
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const bad_case *c = &cases[i];
    if (strcmp(argv[2], "--make") && strcmp(argv[2], c->name))
      continue;
    snprintf(path, sizeof path, "%s/%s.trace", argv[1], c->name);
    make(c, path);
    if (strcmp(argv[2], "--make") == 0)
      continue;
    run(c, path);
    return check_report(c->name);
  }
  if (strcmp(argv[2], "--make") == 0)
    return 0;
  fprintf(stderr, "test_bad_input: unknown case '%s'\n", argv[2]);
  return 2;
}
