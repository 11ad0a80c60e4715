/* vmc_trace_next_accesses (accesses in bulk) against vmc_trace_next (record by record), the
 * reference: reading in bursts of 1, 3 or 64 accesses, or mixing both calls at random, must give
 * exactly the records of reading one by one, end at the same place and fail with the same
 * message. The reference itself is checked against the records the trace was made of.
 *   mixed    events and long runs of accesses written with the library's writer, in both
 *            encodings, plain and gzip, from a file and from memory (the binary trace is longer
 *            than the reader's buffer, so bursts cross refills);
 *   errors   the same traces truncated or with a malformed access after good ones, and
 *            hand-encoded binary traces with a bad access in a run, after an event, at the end;
 *   varints  hand-encoded address deltas of 1 to 5 varint bytes, and malformed varints (6 bytes
 *            long; a fifth byte past 32 bits) that both calls reject;
 *   small    traces of a few bytes.
 * Memory traces sit in buffers of their exact size, so that a sanitizer sees any read past them.
 *
 * usage: test_bulk_read DIR mixed|errors|varints|small */
#include <stdlib.h>
#include <zlib.h>

#include "check.h"
#include "vmctrace/vmctrace.h"

#define BIN_HEADER "\x89VMTB\n\x01\x00" /* binary magic, version 1 */
#define TEXT_HEADER "vmctrace text 1\n"
#define MAX_BURST 128
#define S(lit) lit, sizeof(lit) - 1 /* a string literal that may hold NULs, and its length */
#define VARINT_ERROR "malformed record: varint too long or out of range"

static uint64_t seed = 7;
static uint32_t rnd(void) {
  seed = seed * 6364136223846793005ull + 1442695040888963407ull;
  return (uint32_t)(seed >> 32);
}

static void *xrealloc(void *p, size_t n) {
  p = realloc(p, n);
  if (!p) {
    fprintf(stderr, "out of memory\n");
    exit(2);
  }
  return p;
}

/* ---- Growing arrays of records and bytes ---- */

typedef struct recs {
  vmc_record *v;
  size_t n, cap;
} recs;

static void push_rec(recs *a, const vmc_record *r) {
  if (a->n == a->cap) {
    a->cap = a->cap ? 2 * a->cap : 1024;
    a->v = xrealloc(a->v, a->cap * sizeof *a->v);
  }
  a->v[a->n++] = *r;
}

typedef struct bytes {
  unsigned char *b;
  size_t n, cap;
} bytes;

static void put_bytes(bytes *o, const void *p, size_t n) {
  if (o->n + n > o->cap) {
    o->cap = 2 * (o->n + n) + 256;
    o->b = xrealloc(o->b, o->cap);
  }
  memcpy(o->b + o->n, p, n);
  o->n += n;
}

static void put_byte(bytes *o, unsigned v) {
  unsigned char c = (unsigned char)v;
  put_bytes(o, &c, 1);
}

/* Unsigned LEB128; returns its length. */
static int put_varint(bytes *o, uint64_t v) {
  int n = 0;
  do {
    put_byte(o, (v & 0x7f) | (v >> 7 ? 0x80 : 0));
    v >>= 7;
    n++;
  } while (v);
  return n;
}

static void write_file(const char *path, const void *data, size_t len) {
  FILE *f = fopen(path, "wb");
  if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
    fprintf(stderr, "cannot write %s\n", path);
    exit(2);
  }
}

static bytes read_file(const char *path) {
  bytes o = {0};
  FILE *f = fopen(path, "rb");
  char chunk[65536];
  size_t got;
  while (f && (got = fread(chunk, 1, sizeof chunk, f)) > 0)
    put_bytes(&o, chunk, got);
  if (!f || ferror(f)) {
    fprintf(stderr, "cannot read %s\n", path);
    exit(2);
  }
  fclose(f);
  return o;
}

static void write_gzip(const char *path, const void *data, size_t len) {
  gzFile g = gzopen(path, "wb6");
  if (!g || gzwrite(g, data, (unsigned)len) != (int)len || gzclose(g) != Z_OK) {
    fprintf(stderr, "cannot write %s\n", path);
    exit(2);
  }
}

/* data gzip-compressed with a sync flush after its first `at` bytes: the compressed bytes
 * before *z_at inflate to exactly those. */
static bytes gzip_flushed_at(const void *data, size_t len, size_t at, size_t *z_at) {
  z_stream zs;
  memset(&zs, 0, sizeof zs);
  bytes o = {0};
  if (deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    fprintf(stderr, "deflateInit2 failed\n");
    exit(2);
  }
  o.cap = deflateBound(&zs, (uLong)len) + 64;
  o.b = xrealloc(NULL, o.cap);
  zs.next_out = o.b;
  zs.avail_out = (uInt)o.cap;
  zs.next_in = (Bytef *)data;
  zs.avail_in = (uInt)at;
  int rc = deflate(&zs, Z_SYNC_FLUSH);
  *z_at = o.cap - zs.avail_out;
  zs.avail_in = (uInt)(len - at);
  if (rc != Z_OK || deflate(&zs, Z_FINISH) != Z_STREAM_END) {
    fprintf(stderr, "deflate failed\n");
    exit(2);
  }
  o.n = o.cap - zs.avail_out;
  deflateEnd(&zs);
  return o;
}

/* The uncompressed byte offset that a trace's read error names. */
static unsigned long long error_byte(const char *path) {
  vmc_trace_err err;
  vmc_trace_reader *r = vmc_trace_open(path, &err);
  if (!r)
    return 0;
  vmc_record rec;
  while (vmc_trace_next(r, &rec) == 1)
    ;
  const char *m = strstr(vmc_trace_error(r), ": byte ");
  unsigned long long at = m ? strtoull(m + 7, NULL, 10) : 0;
  vmc_trace_close(r);
  return at;
}

/* ---- A binary trace encoded here from the spec (docs/trace-format.md, "Binary encoding"),
 * independently of the library's writer, with the records a reader must return ---- */

typedef struct enc {
  bytes out;
  recs recs;
  uint32_t last[2], lastd[2]; /* per stream (data, fetch) */
  uint32_t pid;               /* the current process */
  uint64_t count;             /* records so far, for the end record */
  int varint_len[11];         /* how many address deltas took 1, 2, ... bytes */
} enc;

static void enc_start(enc *e) {
  memset(e, 0, sizeof *e);
  put_bytes(&e->out, BIN_HEADER, 8);
}

/* Appends an access; returns its offset. The repeat bit is used as the writer uses it. */
static size_t enc_access(enc *e, unsigned op, unsigned priv, uint32_t va, unsigned size) {
  size_t at = e->out.n;
  unsigned s = op == VMC_OP_FETCH, code = 7;
  for (unsigned c = 0; c < 7; c++)
    if (size == 1u << c)
      code = c;
  uint32_t d = va - e->last[s];
  int repeat = d == e->lastd[s];
  put_byte(&e->out, op | priv << 2 | code << 3 | (repeat ? 0x40u : 0));
  if (code == 7)
    put_byte(&e->out, size);
  if (!repeat) {
    uint32_t z = d << 1 ^ (0u - (d >> 31)); /* zigzag */
    e->varint_len[put_varint(&e->out, z)]++;
    e->lastd[s] = d;
  }
  e->last[s] = va;
  vmc_record r = {.kind = VMC_ACCESS, .op = (uint8_t)op, .priv = (uint8_t)priv, .size = (uint8_t)size,
                  .va = va, .pid = e->pid};
  push_rec(&e->recs, &r);
  e->count++;
  return at;
}

/* create, exit or switch */
static size_t enc_event(enc *e, int kind, uint32_t pid) {
  size_t at = e->out.n;
  put_byte(&e->out, kind == VMC_CREATE ? 0x80 : kind == VMC_EXIT ? 0x81 : 0x83);
  put_varint(&e->out, pid);
  if (kind == VMC_SWITCH)
    e->pid = pid;
  vmc_record r = {.kind = (uint8_t)kind, .pid = pid};
  push_rec(&e->recs, &r);
  e->count++;
  return at;
}

static void enc_end(enc *e) {
  put_byte(&e->out, 0xff);
  put_varint(&e->out, e->count);
}

/* Bytes that are not a valid record; returns their offset. */
static size_t enc_raw(enc *e, const char *raw, size_t n) {
  size_t at = e->out.n;
  put_bytes(&e->out, raw, n);
  return at;
}

static void enc_free(enc *e) {
  free(e->out.b);
  free(e->recs.v);
}

/* ---- Reading ---- */

/* A trace to read: a file, or bytes in memory opened under the name `name`. */
typedef struct source {
  const char *name;
  const char *path;
  const unsigned char *data;
  size_t len;
} source;

static vmc_trace_reader *open_source(const source *s) {
  vmc_trace_err err;
  vmc_trace_reader *r =
      s->path ? vmc_trace_open(s->path, &err) : vmc_trace_open_memory(s->data, s->len, s->name, &err);
  CHECK(r != NULL, "%s: %s", s->name, err.msg);
  return r;
}

/* What a reading gave: the records, how it ended (0 or -1) and the error message. */
typedef struct outcome {
  recs recs;
  int rc;
  char err[512];
} outcome;

static int same_rec(const vmc_record *a, const vmc_record *b) {
  if (a->kind != b->kind || a->pid != b->pid || a->va != b->va)
    return 0;
  if (a->kind == VMC_ACCESS)
    return a->op == b->op && a->priv == b->priv && a->size == b->size;
  return a->len == b->len && a->child == b->child && a->prot == b->prot && a->map_kind == b->map_kind &&
         a->map_flags == b->map_flags && a->file_id == b->file_id && a->file_off == b->file_off &&
         a->marker == b->marker && strcmp(a->name, b->name) == 0;
}

static void describe(const vmc_record *r, char *buf, size_t len) {
  size_t n = vmc_record_format(r, buf, len);
  if (r->kind == VMC_ACCESS)
    snprintf(buf + n, len - n, " (pid %u)", r->pid);
}

static void read_one_by_one(const source *s, outcome *o) {
  memset(o, 0, sizeof *o);
  vmc_trace_reader *r = open_source(s);
  if (!r) {
    o->rc = -2;
    return;
  }
  vmc_record rec;
  while ((o->rc = vmc_trace_next(r, &rec)) == 1)
    push_rec(&o->recs, &rec);
  snprintf(o->err, sizeof o->err, "%s", vmc_trace_error(r));
  CHECK(vmc_trace_next(r, &rec) == o->rc, "%s: vmc_trace_next does not return %d again", s->name, o->rc);
  vmc_trace_close(r);
}

static int untouched(const vmc_access_rec *a) {
  static const vmc_access_rec fill = {0xa5a5a5a5u, 0xa5a5a5a5u, 0xa5, 0xa5, 0xa5, 0xa5};
  return memcmp(a, &fill, sizeof *a) == 0;
}

/* Reads with vmc_trace_next_accesses(max) and, when it returns 0, one vmc_trace_next. max 0:
 * a random mix of both calls, with random maxima (some of them <= 0). */
static void read_in_bursts(const source *s, int max, outcome *o) {
  memset(o, 0, sizeof *o);
  vmc_trace_reader *r = open_source(s);
  if (!r) {
    o->rc = -2;
    return;
  }
  vmc_access_rec out[MAX_BURST + 1];
  vmc_record rec;
  uint32_t cur = 0; /* the pid of the last switch read */
  const int failures = check_failures; /* stop at the first failed check */
  for (int first = 1; check_failures == failures; first = 0) {
    int m = max;
    if (max == 0) {
      uint32_t k = rnd() % 16;
      if (k < 3) { /* a record by itself, in the middle of a run of accesses or not */
        if ((o->rc = vmc_trace_next(r, &rec)) != 1)
          break;
        push_rec(&o->recs, &rec);
        if (rec.kind == VMC_SWITCH)
          cur = rec.pid;
        continue;
      }
      m = k == 3 ? -(int)(rnd() % 3) : 1 + (int)(rnd() % MAX_BURST);
    } else if (first) {
      m = (int)(rnd() % 2) - 1; /* 0 or -1 before anything else */
    }
    memset(out, 0xa5, sizeof out);
    int n = vmc_trace_next_accesses(r, out, m);
    if (m <= 0) {
      CHECK(n == 0 && untouched(&out[0]), "%s: max %d returned %d", s->name, m, n);
      continue;
    }
    CHECK(n >= 0 && n <= m, "%s: max %d returned %d", s->name, m, n);
    CHECK(untouched(&out[m]), "%s: max %d: written past out[max - 1]", s->name, m);
    if (n < 0 || n > m)
      break;
    for (int i = 0; i < n && check_failures == failures; i++) {
      const vmc_access_rec *a = &out[i];
      CHECK(a->pid == cur && a->core == 0, "%s: access %zu: pid %u (current process %u), core %u",
            s->name, o->recs.n, a->pid, cur, a->core);
      vmc_record ar = {.kind = VMC_ACCESS, .op = a->op, .priv = a->priv, .size = a->size, .va = a->va,
                       .pid = a->pid};
      push_rec(&o->recs, &ar);
    }
    if (n > 0) {
      if (n < m) /* it stopped before something that is not an access */
        CHECK(vmc_trace_next_accesses(r, out, m) == 0, "%s: returned %d of %d, then more", s->name, n, m);
      continue;
    }
    if ((o->rc = vmc_trace_next(r, &rec)) != 1)
      break;
    CHECK(rec.kind != VMC_ACCESS, "%s: record %zu is an access, yet vmc_trace_next_accesses returned 0",
          s->name, o->recs.n);
    push_rec(&o->recs, &rec);
    if (rec.kind == VMC_SWITCH)
      cur = rec.pid;
  }
  if (check_failures != failures)
    o->rc = -3;
  snprintf(o->err, sizeof o->err, "%s", vmc_trace_error(r));
  CHECK(vmc_trace_next_accesses(r, out, MAX_BURST) == 0, "%s: accesses after the end or an error", s->name);
  CHECK(vmc_trace_next(r, &rec) == o->rc, "%s: vmc_trace_next does not return %d again", s->name, o->rc);
  vmc_trace_close(r);
}

/* Reading `got` gave the same as reading `ref`: the first difference is reported. */
static void compare(const outcome *ref, const outcome *got, const char *what) {
  size_t n = ref->recs.n < got->recs.n ? ref->recs.n : got->recs.n;
  for (size_t i = 0; i < n; i++) {
    if (!same_rec(&ref->recs.v[i], &got->recs.v[i])) {
      char a[200], b[200];
      describe(&ref->recs.v[i], a, sizeof a);
      describe(&got->recs.v[i], b, sizeof b);
      CHECK(0, "%s: record %zu: '%s' one by one, '%s' in bursts", what, i, a, b);
      return;
    }
  }
  CHECK(ref->recs.n == got->recs.n, "%s: %zu records one by one, %zu in bursts", what, ref->recs.n,
        got->recs.n);
  CHECK(ref->rc == got->rc, "%s: ends with %d one by one, %d in bursts", what, ref->rc, got->rc);
  CHECK(strcmp(ref->err, got->err) == 0, "%s: error '%s' one by one, '%s' in bursts", what, ref->err,
        got->err);
}

/* How reading a trace must go: its records (when it fails, the ones before the error; more are
 * allowed when n < 0, for a cut at an unknown place), then the end (err NULL) or an error
 * message containing err. */
typedef struct expect {
  const recs *recs;
  long n;
  const char *err;
} expect;

/* Returns how many records the reference read. */
static size_t check_source(const source *s, const expect *e) {
  outcome ref;
  read_one_by_one(s, &ref);
  size_t n = e->n >= 0 ? (size_t)e->n : e->recs->n;
  CHECK(ref.recs.n <= n, "%s: %zu records read, %zu expected", s->name, ref.recs.n, n);
  if (e->n >= 0 || !e->err)
    CHECK(ref.recs.n == n, "%s: %zu records read, %zu expected (%s)", s->name, ref.recs.n, n, ref.err);
  for (size_t i = 0; i < ref.recs.n && i < n; i++) {
    if (!same_rec(&e->recs->v[i], &ref.recs.v[i])) {
      char a[200], b[200];
      describe(&e->recs->v[i], a, sizeof a);
      describe(&ref.recs.v[i], b, sizeof b);
      CHECK(0, "%s: record %zu: '%s' expected, vmc_trace_next read '%s'", s->name, i, a, b);
      break;
    }
  }
  if (e->err) {
    CHECK(ref.rc == -1, "%s: ends with %d, not with an error", s->name, ref.rc);
    CHECK(strncmp(ref.err, s->name, strlen(s->name)) == 0, "'%s' does not name %s", ref.err, s->name);
    CHECK_CONTAINS(ref.err, e->err);
  } else {
    CHECK(ref.rc == 0, "%s: ends with %d: %s", s->name, ref.rc, ref.err);
  }
  static const int maxima[] = {1, 3, 64, 0, 0};
  for (size_t k = 0; k < sizeof maxima / sizeof maxima[0]; k++) {
    outcome got;
    char what[1200];
    if (maxima[k])
      snprintf(what, sizeof what, "%s, bursts of %d", s->name, maxima[k]);
    else
      snprintf(what, sizeof what, "%s, random mix %zu", s->name, k);
    read_in_bursts(s, maxima[k], &got);
    compare(&ref, &got, what);
    free(got.recs.v);
  }
  free(ref.recs.v);
  return ref.recs.n;
}

/* The same bytes from memory, in a buffer of their exact size, named `name`. */
static size_t check_memory(const char *name, const void *data, size_t len, const expect *e) {
  unsigned char *copy = xrealloc(NULL, len ? len : 1);
  memcpy(copy, data, len);
  source s = {name, NULL, copy, len};
  size_t n = check_source(&s, e);
  free(copy);
  return n;
}

static size_t check_file(const char *path, const expect *e) {
  source s = {path, path, NULL, 0};
  return check_source(&s, e);
}

/* ---- mixed: events and runs of accesses, through the library's writer ---- */

static void access_run(recs *a, uint32_t pid, long n) {
  static const uint8_t sizes[] = {4, 4, 4, 8, 1, 2, 64, 3, 255, 16};
  static uint32_t prev[3];
  for (long i = 0; i < n; i++) {
    vmc_record r = {.kind = VMC_ACCESS, .pid = pid};
    uint32_t k = rnd();
    r.op = (uint8_t)(k % 3);
    r.priv = (uint8_t)(k >> 2 & 1);
    r.size = sizes[k >> 3 & 7 ? k % 10 : 0];
    switch (k >> 8 & 7) {
    case 0: case 1: case 2: r.va = prev[r.op] + r.size; break;           /* sequential */
    case 3: r.va = prev[r.op]; break;                                    /* the same again */
    case 4: case 5: r.va = 0x10000000u + (rnd() & 0xfffffc); break;      /* a heap */
    case 6: r.va = rnd(); break;                                         /* anywhere */
    default: r.va = (k >> 11 & 1) ? 0xfffffff0u : 0; break;              /* the edges */
    }
    if ((uint64_t)r.va + r.size > 0x100000000ull)
      r.va = (uint32_t)(0x100000000ull - r.size);
    prev[r.op] = r.va;
    push_rec(a, &r);
  }
}

static void event(recs *a, vmc_record r) { push_rec(a, &r); }

static void make_mixed(recs *a) {
  access_run(a, 0, 5); /* before the first switch: pid 0 */
  event(a, (vmc_record){.kind = VMC_CREATE, .pid = 1});
  event(a, (vmc_record){.kind = VMC_SWITCH, .pid = 1});
  event(a, (vmc_record){.kind = VMC_MMAP, .pid = 1, .va = 0x10000000, .len = 0x1000000, .prot = 3});
  access_run(a, 1, 150000);
  event(a, (vmc_record){.kind = VMC_MARKER, .marker = 1, .name = "warmup_end"});
  access_run(a, 1, 100000);
  event(a, (vmc_record){.kind = VMC_FORK, .pid = 1, .child = 2});
  event(a, (vmc_record){.kind = VMC_SWITCH, .pid = 2});
  event(a, (vmc_record){.kind = VMC_MMAP, .pid = 2, .va = 0x30000000, .len = 0x100000, .prot = 5,
                        .map_kind = VMC_MAP_FILE, .map_flags = VMC_MAP_POPULATE, .file_id = 9,
                        .file_off = 0x3000});
  access_run(a, 2, 3);
  event(a, (vmc_record){.kind = VMC_MPROTECT, .pid = 2, .va = 0x30000000, .len = 0x1000, .prot = 1});
  for (int i = 0; i < 300; i++) { /* short runs between switches */
    uint32_t pid = 1 + (uint32_t)(i % 2);
    event(a, (vmc_record){.kind = VMC_SWITCH, .pid = pid});
    access_run(a, pid, i % 4);
  }
  event(a, (vmc_record){.kind = VMC_SWITCH, .pid = 0xffffffffu});
  access_run(a, 0xffffffffu, 20000);
  event(a, (vmc_record){.kind = VMC_MUNMAP, .pid = 2, .va = 0x30000000, .len = 0x100000});
  event(a, (vmc_record){.kind = VMC_EXIT, .pid = 2});
  event(a, (vmc_record){.kind = VMC_EXIT, .pid = 1});
}

static void write_trace(const char *path, vmc_encoding enc_, int gz, const recs *a) {
  vmc_trace_err err;
  vmc_trace_writer *w = vmc_trace_writer_open(path, enc_, gz, 1, &err);
  if (!w) {
    fprintf(stderr, "%s\n", err.msg);
    exit(2);
  }
  for (size_t i = 0; i < a->n; i++)
    if (vmc_trace_write(w, &a->v[i]) != 0) {
      fprintf(stderr, "%s\n", vmc_trace_writer_error(w));
      exit(2);
    }
  if (vmc_trace_writer_close(w, &err) != 0) {
    fprintf(stderr, "%s\n", err.msg);
    exit(2);
  }
}

static const struct {
  const char *name;
  vmc_encoding enc;
  int gz;
} kinds[] = {{"mixed.vmt", VMC_ENC_TEXT, 0}, {"mixed.vmt.gz", VMC_ENC_TEXT, 1},
             {"mixed.vmtb", VMC_ENC_BINARY, 0}, {"mixed.vmtb.gz", VMC_ENC_BINARY, 1}};

static void part_mixed(const char *dir) {
  recs a = {0};
  make_mixed(&a);
  expect e = {&a, -1, NULL};
  for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, kinds[k].name);
    write_trace(path, kinds[k].enc, kinds[k].gz, &a);
    check_file(path, &e);
    bytes b = read_file(path);
    if (kinds[k].enc == VMC_ENC_BINARY && !kinds[k].gz) /* bursts must cross buffer refills */
      CHECK(b.n > 1024 * 1024, "%s: only %zu bytes", path, b.n);
    check_memory(path, b.b, b.n, &e);
    free(b.b);
  }
  free(a.v);
}

/* ---- errors ---- */

/* The line (1-based) that starts at offset `at`. */
static long line_at(const unsigned char *b, size_t at) {
  long line = 1;
  for (size_t i = 0; i < at; i++)
    line += b[i] == '\n';
  return line;
}

/* A hand-encoded trace with a bad record `bad` (NULL: an access past 0xffffffff) after
 * `before` good accesses of a run (0: right after a switch), then more accesses and the end
 * record, or nothing more (at_end). Reading must fail there with the message `msg`. */
static void bad_access(const char *name, const char *bad, size_t badlen, const char *msg, int before,
                       int at_end) {
  enc e;
  enc_start(&e);
  enc_event(&e, VMC_CREATE, 5);
  enc_event(&e, VMC_SWITCH, 5);
  for (int i = 0; i < 2000; i++)
    enc_access(&e, i % 3, 0, 0x40000000u + (rnd() & 0x3ffffffc), 4);
  enc_event(&e, VMC_SWITCH, 6);
  for (int i = 0; i < before; i++)
    enc_access(&e, VMC_OP_WRITE, 1, 0x20000000u + 8u * (uint32_t)i, 8);
  size_t at;
  if (bad) {
    at = enc_raw(&e, bad, badlen);
  } else { /* an address past the end */
    at = enc_access(&e, VMC_OP_READ, 0, 0xfffffffe, 4);
    e.recs.n--;
  }
  if (!at_end) {
    for (int i = 0; i < 100; i++)
      enc_access(&e, VMC_OP_READ, 0, 0x1000u * (uint32_t)i, 4);
    enc_end(&e);
  }
  size_t good = e.recs.n - (at_end ? 0 : 100);
  char where[300];
  snprintf(where, sizeof where, ": byte %zu: %s", at, msg);
  char full[300];
  snprintf(full, sizeof full, "%s%s", name, at_end ? ".at_end" : "");
  expect x = {&e.recs, (long)good, where};
  check_memory(full, e.out.b, e.out.n, &x);
  enc_free(&e);
}

/* The content gzip-compressed with a sync flush after flush_at bytes, cut right at the flush
 * and halfway after it: all of the content before the flush can be inflated, so the `fit`
 * records that lie wholly in it must come out (exactly those when the cut is at the flush),
 * then the gzip error, which names the first uncompressed byte it could not deliver. */
static void gzip_cut_after_flush(const char *dir, const char *what, const bytes *content,
                                 size_t flush_at, size_t fit, const recs *a) {
  size_t z_flush;
  bytes z = gzip_flushed_at(content->b, content->n, flush_at, &z_flush);
  const size_t z_cuts[] = {z_flush, z_flush + (z.n - z_flush) / 2};
  for (int c = 0; c < 2; c++) {
    char path[1024];
    snprintf(path, sizeof path, "%s/cut-%s-%d.gz", dir, what, c);
    write_file(path, z.b, z_cuts[c]);
    expect x = {a, c == 0 ? (long)fit : -1, "gzip: unexpected end of compressed data"};
    const size_t n = check_file(path, &x);
    CHECK(n >= fit, "%s: %zu records before the gzip error, %zu fit before the flush", path, n, fit);
    const unsigned long long err_at = error_byte(path);
    CHECK(c == 0 ? err_at == flush_at : err_at > flush_at && err_at < content->n,
          "%s: the error names byte %llu (flush at %zu, content %zu bytes)", path, err_at, flush_at,
          content->n);
  }
  free(z.b);
}

static void part_errors(const char *dir) {
  recs a = {0};
  make_mixed(&a);
  char path[1024];

  /* Binary, cut short at record boundaries and in the middle of records. */
  snprintf(path, sizeof path, "%s/%s", dir, "mixed.vmtb");
  write_trace(path, VMC_ENC_BINARY, 0, &a);
  bytes b = read_file(path);
  /* the end record is 0xff and a 3-byte count */
  size_t cuts[] = {9, 10, 11, 12, 13, b.n / 5, b.n / 3, b.n / 2, b.n / 2 + 1, b.n - 4, b.n - 3, b.n - 1};
  for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
    char name[1100];
    snprintf(name, sizeof name, "%s cut at %zu", path, cuts[i]);
    expect x = {&a, -1, "truncated"};
    check_memory(name, b.b, cuts[i], &x);
  }
  free(b.b);

  /* Gzip-compressed, cut after a sync flush at about 3/4 of the content. Binary: the records
   * that fit before the flush are counted by reading the plain content cut there. Text: the
   * flush is in the middle of a line, which must not be read as a record; the lines before it
   * are one record each (the writer's layout), the header aside. */
  snprintf(path, sizeof path, "%s/%s", dir, "mixed.vmtb");
  b = read_file(path);
  const size_t bin_flush = b.n * 3 / 4;
  expect xplain = {&a, -1, "truncated"};
  const size_t bin_fit = check_memory("the content cut at the flush", b.b, bin_flush, &xplain);
  gzip_cut_after_flush(dir, "binary", &b, bin_flush, bin_fit, &a);
  free(b.b);
  snprintf(path, sizeof path, "%s/%s", dir, "mixed.vmt");
  write_trace(path, VMC_ENC_TEXT, 0, &a);
  b = read_file(path);
  size_t text_flush = b.n * 3 / 4;
  while (b.b[text_flush - 1] != '\n')
    text_flush--;
  text_flush += 5; /* "R u 0" or the like */
  size_t lines = 0;
  for (size_t k = 0; k < text_flush; k++)
    lines += b.b[k] == '\n';
  gzip_cut_after_flush(dir, "text", &b, text_flush, lines - 1, &a);
  free(b.b);

  /* Text with a malformed access line deep in the trace, plain and gzip-compressed. */
  snprintf(path, sizeof path, "%s/%s", dir, "mixed.vmt");
  write_trace(path, VMC_ENC_TEXT, 0, &a);
  b = read_file(path);
  unsigned char *line = NULL;
  for (size_t i = b.n * 3 / 5; i + 8 < b.n && !line; i++)
    if (memcmp(b.b + i, "\nR u 0x", 7) == 0)
      line = b.b + i + 1;
  CHECK(line != NULL, "no read access in the second half of %s", path);
  if (line) {
    line[5] = 'z'; /* "R u 0z..." */
    long at = line_at(b.b, (size_t)(line - b.b));
    char where[100];
    snprintf(where, sizeof where, ":%ld: malformed line: address is not a number", at);
    expect x = {&a, at - 2, where}; /* a header line, then a record a line */
    check_memory(path, b.b, b.n, &x);
    snprintf(path, sizeof path, "%s/%s", dir, "bad.vmt.gz");
    write_gzip(path, b.b, b.n);
    check_file(path, &x);
  }
  free(b.b);
  free(a.v);

  /* Small text traces with a bad access after good ones. */
  static const char text1[] =
      TEXT_HEADER "create 1\nswitch 1\nR u 0x1000 4\nW p 0x1004 8\nR u 0x1000\nR u 0x2000 4\n";
  static const char text2[] =
      TEXT_HEADER "switch 3\nX u 0x400 4\nX u 0x404 4\nX u 0x408 4\nW u 0xfffffffe 4\n";
  recs t = {0};
  event(&t, (vmc_record){.kind = VMC_CREATE, .pid = 1});
  event(&t, (vmc_record){.kind = VMC_SWITCH, .pid = 1});
  event(&t, (vmc_record){.kind = VMC_ACCESS, .op = VMC_OP_READ, .va = 0x1000, .size = 4, .pid = 1});
  event(&t,
        (vmc_record){.kind = VMC_ACCESS, .op = VMC_OP_WRITE, .priv = 1, .va = 0x1004, .size = 8, .pid = 1});
  expect x1 = {&t, 4, ":6: malformed line: missing access size"};
  check_memory("text1.vmt", text1, sizeof text1 - 1, &x1);
  t.n = 0;
  event(&t, (vmc_record){.kind = VMC_SWITCH, .pid = 3});
  for (uint32_t i = 0; i < 3; i++)
    event(&t, (vmc_record){.kind = VMC_ACCESS, .op = VMC_OP_FETCH, .va = 0x400 + 4 * i, .size = 4, .pid = 3});
  expect x2 = {&t, 4, ":6: address out of range"};
  check_memory("text2.vmt", text2, sizeof text2 - 1, &x2);
  free(t.v);

  /* Hand-encoded binary: a bad access in a run, first after an event, last in the data. */
  static const struct {
    const char *bytes;
    size_t len;
    const char *msg;
  } bad[] = {
      {S("\x13\x08"), "access: unknown operation 3"},
      {S("\x3c\x00\x08"), "access size out of range (1..255): 0"},
      {NULL, 0, "address out of range: access runs past 0xffffffff"},
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    for (int before = 0; before <= 40; before += 40)
      for (int at_end = 0; at_end <= 1; at_end++)
        bad_access("bad_access.vmtb", bad[i].bytes, bad[i].len, bad[i].msg, before, at_end);
}

/* ---- varints ---- */

static void part_varints(const char *dir) {
  /* Data addresses jumping so that their deltas take 1, 2, 3, 4 and 5 bytes, back and forth;
   * fetches likewise in their own stream. */
  static const uint32_t data_va[] = {0x00001000, 0x00001008, 0x00081000, 0x00082000, 0x04000000, 0x10000000,
                                     0xfffff000, 0x00001000, 0x80001000, 0x00001000, 0x00001004, 0x00001008,
                                     0x7fff0000, 0x00000000, 0xfffffff0, 0x00000010, 0x00081000, 0x00001000};
  static const uint32_t fetch_va[] = {0x00400000, 0x00400004, 0x00400008, 0x00000000, 0xfffff000, 0x00400000,
                                      0x10000000, 0x0fffffe0, 0x80400000, 0x00400002};
  enc e;
  enc_start(&e);
  enc_event(&e, VMC_CREATE, 300);
  enc_event(&e, VMC_SWITCH, 300);
  for (int round = 0; round < 3; round++) {
    for (size_t i = 0; i < sizeof data_va / sizeof data_va[0]; i++) {
      enc_access(&e, i % 2 ? VMC_OP_WRITE : VMC_OP_READ, (unsigned)round & 1, data_va[i], round == 2 ? 3 : 4);
      if (i < sizeof fetch_va / sizeof fetch_va[0])
        enc_access(&e, VMC_OP_FETCH, 0, fetch_va[i], round == 1 ? 255 : 4);
    }
    enc_event(&e, VMC_SWITCH, 300 + (uint32_t)round);
  }
  size_t no_end = e.out.n;
  enc_end(&e);
  for (int len = 1; len <= 5; len++)
    CHECK(e.varint_len[len] > 0, "no address delta takes %d bytes", len);

  expect x = {&e.recs, -1, NULL};
  check_memory("varints.vmtb", e.out.b, e.out.n, &x);
  /* The library's writer makes the same bytes; read them back from files too, plain and gzip. */
  char path[1024];
  snprintf(path, sizeof path, "%s/varints.vmtb", dir);
  write_trace(path, VMC_ENC_BINARY, 0, &e.recs);
  bytes w = read_file(path);
  CHECK(w.n == e.out.n && memcmp(w.b, e.out.b, w.n) == 0, "the writer encodes the varint trace differently");
  free(w.b);
  check_file(path, &x);
  snprintf(path, sizeof path, "%s/varints.vmtb.gz", dir);
  write_trace(path, VMC_ENC_BINARY, 1, &e.recs);
  check_file(path, &x);
  /* Without its end record, the last varints sit at the very end of the data. */
  expect xcut = {&e.recs, -1, "truncated trace: the end record is missing"};
  check_memory("varints-no-end.vmtb", e.out.b, no_end, &xcut);
  enc_free(&e);

  /* A longer trace cut inside its last varint (1 to 4 of its 5 bytes) or right after it: the
   * decoder's 8-byte reads run into the zeroed pad after the data, which must end the varint. */
  enc_start(&e);
  enc_event(&e, VMC_SWITCH, 1);
  while (e.out.n < 20000)
    enc_access(&e, VMC_OP_WRITE, 0, rnd() & ~3u, 4);
  enc_access(&e, VMC_OP_READ, 0, 0x1000, 4);
  size_t at = enc_access(&e, VMC_OP_READ, 0, 0x80001000, 4); /* zigzag 0xffffffff: 5 bytes */
  CHECK(e.out.n == at + 6, "the last access takes %zu bytes", e.out.n - at);
  for (size_t k = 1; k <= 5; k++) {
    char name[64], msg[100];
    snprintf(name, sizeof name, "cut-in-varint-%zu.vmtb", k);
    if (k < 5)
      snprintf(msg, sizeof msg, ": byte %zu: truncated record at the end of the trace", at);
    else
      snprintf(msg, sizeof msg, ": byte %zu: truncated trace: the end record is missing", at + 6);
    expect xk = {&e.recs, (long)e.recs.n - (k < 5), msg};
    check_memory(name, e.out.b, at + 1 + k, &xk);
  }
  enc_free(&e);

  /* Varints the decoder must refuse: longer than 5 bytes, or a fifth byte past bit 31. */
  static const struct {
    const char *bytes;
    size_t len;
  } bad[] = {
      {S("\x10\x80\x80\x80\x80\x80\x01")},               /* 6 bytes */
      {S("\x10\x88\x80\x80\x80\x80\x00")},               /* 6 bytes, the last one 0 */
      {S("\x10\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01")}, /* 10 bytes */
      {S("\x10\x80\x80\x80\x80\x10")},                   /* bit 32 */
      {S("\x10\x80\x80\x80\x80\x20")},                   /* bit 33 */
      {S("\x10\x80\x80\x80\x80\x40")},                   /* bit 34 */
      {S("\x10\xff\xff\xff\xff\x1f")},                   /* bits 0..32 */
      {S("\x12\x80\x80\x80\x80\x7f")},                   /* a fetch */
      {S("\x3d\x05\x81\x80\x80\x80\x70")},               /* after a size byte */
      {S("\x38\x07\x80\x80\x80\x80\x80\x80\x00")},       /* 7 bytes, after a size byte */
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    for (int before = 0; before <= 50; before += 25)
      for (int at_end = 0; at_end <= 1; at_end++)
        bad_access("bad_varint.vmtb", bad[i].bytes, bad[i].len, VARINT_ERROR, before, at_end);
  /* In an event, which only vmc_trace_next reads. */
  bad_access("bad_switch.vmtb", S("\x83\x80\x80\x80\x80\x10"), VARINT_ERROR, 10, 0);
}

/* ---- small ---- */

static void part_small(const char *dir) {
  static const struct {
    const char *name;
    const char *bytes;
    size_t len;
    int n;           /* records */
    uint32_t va[2];  /* of the accesses among them */
    const char *err; /* NULL: a clean end */
  } cases[] = {
      {"header_only.vmtb", S(BIN_HEADER), 0, {0}, "byte 8: truncated trace: the end record is missing"},
      {"empty.vmtb", S(BIN_HEADER "\xff\x00"), 0, {0}, NULL},
      {"one.vmtb", S(BIN_HEADER "\x10\x08\xff\x01"), 1, {4}, NULL},
      {"one_no_end.vmtb", S(BIN_HEADER "\x10\x08"), 1, {4},
       "byte 10: truncated trace: the end record is missing"},
      {"long_delta.vmtb", S(BIN_HEADER "\x10\xff\xff\xff\xff\x0f\xff\x01"), 1, {0x80000000u}, NULL},
      {"long_delta_no_end.vmtb", S(BIN_HEADER "\x10\xff\xff\xff\xff\x0f"), 1, {0x80000000u},
       "byte 14: truncated trace: the end record is missing"},
      {"cut_varint.vmtb", S(BIN_HEADER "\x10\xff\xff\xff\xff"), 0, {0}, "byte 8: truncated record"},
      {"cut_size.vmtb", S(BIN_HEADER "\x38"), 0, {0}, "byte 8: truncated record"},
      {"cut_end.vmtb", S(BIN_HEADER "\x10\x08\xff"), 1, {4}, "byte 10: truncated record"},
      {"header_only.vmt", S(TEXT_HEADER), 0, {0}, NULL},
      {"one.vmt", S(TEXT_HEADER "R u 0x4 4"), 1, {4}, NULL},
      {"two.vmt", S(TEXT_HEADER "\nR u 4 4\n# c\nR u 0x80000000 4\n"), 2, {4, 0x80000000u}, NULL},
      {"bad.vmt", S(TEXT_HEADER "R u 0x4 4\nR u"), 1, {4}, ":3: malformed line: missing address"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    recs t = {0};
    for (int k = 0; k < cases[i].n; k++)
      event(&t, (vmc_record){.kind = VMC_ACCESS, .op = VMC_OP_READ, .size = 4, .va = cases[i].va[k]});
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, cases[i].name);
    expect x = {&t, cases[i].n, cases[i].err};
    check_memory(path, cases[i].bytes, cases[i].len, &x);
    write_file(path, cases[i].bytes, cases[i].len);
    check_file(path, &x);
    snprintf(path, sizeof path, "%s/%s.gz", dir, cases[i].name);
    write_gzip(path, cases[i].bytes, cases[i].len);
    check_file(path, &x);
    free(t.v);
  }
  /* Switches between single accesses: each access carries the pid of the switch before it. */
  enc e;
  enc_start(&e);
  for (uint32_t pid = 1; pid <= 40; pid++) {
    enc_event(&e, VMC_SWITCH, pid * 0x01010101u);
    for (uint32_t k = 0; k < pid % 3; k++)
      enc_access(&e, VMC_OP_READ, 0, pid * 64 + k, 1);
  }
  enc_end(&e);
  expect x = {&e.recs, -1, NULL};
  check_memory("switches.vmtb", e.out.b, e.out.n, &x);
  enc_free(&e);
}

/* vmc_trace_line after each call on a small text trace (line numbers counted by hand): a bulk
 * call that stops at an event has read that event's line already, yet reports the line of the
 * last access it returned until vmc_trace_next hands the event out. */
static void part_lines(void) {
  static const char text[] = "vmctrace text 1\n" /* 1 */
                             "create 1\n"        /* 2 */
                             "switch 1\n"        /* 3 */
                             "R u 0x1000 4\n"    /* 4 */
                             "# a comment\n"     /* 5 */
                             "R u 0x2000 4\n"    /* 6 */
                             "\n"                /* 7 */
                             "marker 1\n"        /* 8 */
                             "W u 0x3000 4\n"    /* 9 */
                             "exit 1\n";         /* 10 */
  vmc_trace_reader *r = vmc_trace_open_memory(text, sizeof text - 1, "lines.vmt", NULL);
  CHECK(r != NULL, "lines.vmt opens");
  if (!r)
    return;
  vmc_record rec;
  vmc_access_rec a[8];
  static const struct {
    int bulk, want;      /* a bulk call (accesses it must return) or vmc_trace_next (1/0) */
    uint64_t line;
  } steps[] = {{0, 1, 2}, {0, 1, 3}, {1, 2, 6}, {1, 0, 6}, {0, 1, 8}, {1, 1, 9}, {0, 1, 10}, {0, 0, 10}};
  for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
    int got = steps[i].bulk ? vmc_trace_next_accesses(r, a, 8) : vmc_trace_next(r, &rec);
    CHECK(got == steps[i].want, "lines.vmt step %zu: returned %d, want %d", i, got, steps[i].want);
    CHECK(vmc_trace_line(r) == steps[i].line, "lines.vmt step %zu: line %llu, want %llu", i,
          (unsigned long long)vmc_trace_line(r), (unsigned long long)steps[i].line);
  }
  vmc_trace_close(r);
}

int main(int argc, char **argv) {
  if (argc != 3)
    return fprintf(stderr, "usage: test_bulk_read DIR mixed|errors|varints|small|lines\n"), 2;
  if (strcmp(argv[2], "mixed") == 0)
    part_mixed(argv[1]);
  else if (strcmp(argv[2], "errors") == 0)
    part_errors(argv[1]);
  else if (strcmp(argv[2], "varints") == 0)
    part_varints(argv[1]);
  else if (strcmp(argv[2], "small") == 0)
    part_small(argv[1]);
  else if (strcmp(argv[2], "lines") == 0)
    part_lines();
  else
    return fprintf(stderr, "unknown part %s\n", argv[2]), 2;
  char name[64];
  snprintf(name, sizeof name, "traces.bulk_read.%s", argv[2]);
  return check_report(name);
}
