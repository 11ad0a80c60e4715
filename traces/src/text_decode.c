/* Text decoder: one record per line, fields separated by blanks, '#' starts a comment
 * (docs/trace-format.md). Hand-written number parsing: this is the simulator's hot path. */
#include <stdio.h>
#include <string.h>

#include "internal.h"

#define UNLIKELY(x) __builtin_expect(!!(x), 0)

typedef struct cursor {
  const char *p, *lim;
  char *msg;
  size_t msglen;
} cursor;

static int err(cursor *c, const char *fmt, const char *field) {
  snprintf(c->msg, c->msglen, fmt, field);
  return -1;
}

static inline int blank(char ch) { return ch == ' ' || ch == '\t' || ch == '\r'; }

static inline void skip_blanks(cursor *c) {
  while (c->p < c->lim && blank(*c->p))
    c->p++;
}

/* Value of a hex digit, or 16 for anything else. */
static const uint8_t hexval[256] = {
#define X16 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16
    X16, X16, X16,
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 16, 16, 16, 16, 16, 16,          /* 0x30 */
    16, 10, 11, 12, 13, 14, 15, 16, 16, 16, 16, 16, 16, 16, 16, 16, /* 0x40 */
    X16,
    16, 10, 11, 12, 13, 14, 15, 16, 16, 16, 16, 16, 16, 16, 16, 16, /* 0x60 */
    X16, X16, X16, X16, X16, X16, X16, X16, X16
#undef X16
};

/* A field ends at a blank, a comment or the end of the line. */
static inline int field_end(const cursor *c) {
  return c->p >= c->lim || blank(*c->p) || *c->p == '#';
}

/* Parses "0x" hex or decimal up to max. The field name goes into error messages. */
static int number(cursor *c, uint64_t max, uint64_t *out, const char *field) {
  skip_blanks(c);
  if (c->p >= c->lim || *c->p == '#')
    return err(c, "malformed line: missing %s", field);
  const char *p = c->p;
  uint64_t v = 0;
  int over = 0;
  if (c->lim - p > 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') && hexval[(uint8_t)p[2]] < 16) {
    p += 2;
    unsigned d;
    while (p < c->lim && (d = hexval[(uint8_t)*p]) < 16) {
      if (v >> 60)
        over = 1;
      v = v << 4 | d;
      p++;
    }
  } else if (*p >= '0' && *p <= '9') {
    while (p < c->lim && *p >= '0' && *p <= '9') {
      unsigned d = (unsigned)(*p - '0');
      if (v > (UINT64_MAX - d) / 10)
        over = 1;
      v = v * 10 + d;
      p++;
    }
  } else {
    return err(c, "malformed line: %s is not a number", field);
  }
  c->p = p;
  if (!field_end(c))
    return err(c, "malformed line: %s is not a number", field);
  if (over || v > max) {
    char m[96];
    snprintf(m, sizeof m, "%s out of range (at most 0x%llx)", field, (unsigned long long)max);
    return err(c, "%s", m);
  }
  *out = v;
  return 0;
}

/* Reads one word into w (NUL-terminated, truncated to wlen-1). Returns its length. */
static size_t word(cursor *c, char *w, size_t wlen) {
  skip_blanks(c);
  size_t n = 0;
  while (!field_end(c)) {
    if (n + 1 < wlen)
      w[n] = *c->p;
    n++;
    c->p++;
  }
  w[n < wlen ? n : wlen - 1] = 0;
  return n;
}

static int line_end(cursor *c) {
  skip_blanks(c);
  if (c->p < c->lim && *c->p != '#')
    return err(c, "malformed line: unexpected extra field%s", "");
  return 0;
}

static int prot(cursor *c, uint8_t *out) {
  char w[8];
  size_t n = word(c, w, sizeof w);
  if (n == 0)
    return err(c, "malformed line: missing %s", "permissions (like rw-)");
  if (n != 3 || (w[0] != 'r' && w[0] != '-') || (w[1] != 'w' && w[1] != '-') ||
      (w[2] != 'x' && w[2] != '-'))
    return err(c, "malformed line: permissions must look like r-x or rw-, not '%s'", w);
  *out = (uint8_t)((w[0] == 'r' ? VMC_PROT_R : 0) | (w[1] == 'w' ? VMC_PROT_W : 0) |
                   (w[2] == 'x' ? VMC_PROT_X : 0));
  return 0;
}

static int pid(cursor *c, uint32_t *out, const char *field) {
  uint64_t v;
  if (number(c, UINT32_MAX, &v, field))
    return -1;
  if (v == 0)
    return err(c, "%s out of range (must be 1..4294967295)", field);
  *out = (uint32_t)v;
  return 0;
}

static int region(cursor *c, vmc_record *rec) {
  uint64_t va, len;
  if (pid(c, &rec->pid, "pid") || number(c, UINT32_MAX, &va, "address") ||
      number(c, UINT32_MAX, &len, "length"))
    return -1;
  rec->va = (uint32_t)va;
  if (va % VMC_PAGE_SIZE)
    return err(c, "address out of range: %s", "not a multiple of 4096");
  if (len == 0 || len % VMC_PAGE_SIZE)
    return err(c, "length out of range: %s", "must be a non-zero multiple of 4096");
  if (va + len > 0x100000000ull)
    return err(c, "length out of range: %s", "region runs past 0xffffffff");
  rec->len = (uint32_t)len;
  return 0;
}

static int mmap_tail(cursor *c, vmc_record *rec) {
  char w[16];
  if (prot(c, &rec->prot))
    return -1;
  if (word(c, w, sizeof w) == 0)
    return err(c, "malformed line: missing %s", "mapping kind (anon, file or device)");
  if (!strcmp(w, "anon")) {
    rec->map_kind = VMC_MAP_ANON;
  } else if (!strcmp(w, "device")) {
    rec->map_kind = VMC_MAP_DEVICE;
  } else if (!strcmp(w, "file")) {
    uint64_t id, off;
    rec->map_kind = VMC_MAP_FILE;
    if (number(c, UINT32_MAX, &id, "file id") || number(c, UINT64_MAX, &off, "file offset"))
      return -1;
    if (off % VMC_PAGE_SIZE)
      return err(c, "file offset out of range: %s", "not a multiple of 4096");
    rec->file_id = (uint32_t)id;
    rec->file_off = off;
  } else {
    return err(c, "malformed line: unknown mapping kind '%s' (anon, file or device)", w);
  }
  if (word(c, w, sizeof w) == 0)
    return err(c, "malformed line: missing %s", "sharing (private or shared)");
  if (!strcmp(w, "shared"))
    rec->map_flags |= VMC_MAP_SHARED;
  else if (strcmp(w, "private"))
    return err(c, "malformed line: sharing must be private or shared, not '%s'", w);
  skip_blanks(c);
  if (c->p < c->lim && *c->p != '#') {
    if (word(c, w, sizeof w) && !strcmp(w, "populate"))
      rec->map_flags |= VMC_MAP_POPULATE;
    else
      return err(c, "malformed line: expected 'populate' or the end of the line, not '%s'", w);
  }
  return 0;
}

static int marker_tail(cursor *c, vmc_record *rec) {
  uint64_t id;
  if (number(c, UINT32_MAX, &id, "marker id"))
    return -1;
  rec->marker = (uint32_t)id;
  char w[64];
  size_t n = word(c, w, sizeof w);
  if (n > VMC_MARKER_NAME_MAX)
    return err(c, "malformed line: %s", "marker name longer than 31 characters");
  memcpy(rec->name, w, n);
  rec->name[n] = 0;
  char msg[96];
  if (vmc_record_check(rec, msg, sizeof msg))
    return err(c, "malformed line: %s", msg);
  return 0;
}

static int access_line(cursor *c, vmc_record *rec, char op) {
  c->p++;
  skip_blanks(c);
  if (c->p >= c->lim || (*c->p != 'u' && *c->p != 'p') ||
      (c->p + 1 < c->lim && !blank(c->p[1]) && c->p[1] != '#'))
    return err(c, "malformed access: expected %s after the operation", "'u' (user) or 'p' (privileged)");
  rec->priv = *c->p == 'p';
  c->p++;
  uint64_t va, size;
  if (number(c, UINT32_MAX, &va, "address") || number(c, 255, &size, "access size"))
    return -1;
  if (size == 0)
    return err(c, "access size out of range (1..255): %s", "0");
  if (va + size > 0x100000000ull)
    return err(c, "address out of range: %s", "access runs past 0xffffffff");
  rec->kind = VMC_ACCESS;
  rec->op = op == 'R' ? VMC_OP_READ : op == 'W' ? VMC_OP_WRITE : VMC_OP_FETCH;
  rec->va = (uint32_t)va;
  rec->size = (uint8_t)size;
  return line_end(c);
}

/* "@CORE" before a record (version 2): the core it happens on. 0 or -1. */
static int core_prefix(cursor *c, unsigned version, uint8_t *core) {
  if (c->p + 1 >= c->lim || c->p[1] < '0' || c->p[1] > '9')
    return err(c, "malformed line: %s", "'@' must be followed by a core number, as in '@1 R u 0x1000 4'");
  c->p++;
  uint64_t v;
  if (number(c, UINT64_MAX, &v, "core"))
    return -1;
  if (version < VMC_TRACE_VERSION_MULTICORE) {
    char m[120];
    snprintf(m, sizeof m, "core prefix '@%llu' in a version-%u trace: cores need 'vmctrace text 2'",
             (unsigned long long)v, version);
    return err(c, "%s", m);
  }
  if (v >= VMC_MAX_CORES) {
    char m[80];
    snprintf(m, sizeof m, "core out of range (0..%u): %llu", VMC_MAX_CORES - 1, (unsigned long long)v);
    return err(c, "%s", m);
  }
  *core = (uint8_t)v;
  skip_blanks(c);
  if (c->p >= c->lim || *c->p == '#')
    return err(c, "malformed line: %s", "a core prefix without a record");
  return 0;
}

static inline int parse_line(const char *p, const char *lim, unsigned version, vmc_record *rec,
                             char *msg, size_t msglen) {
  cursor c = {p, lim, msg, msglen};
  skip_blanks(&c);
  if (c.p >= c.lim || *c.p == '#')
    return 0;
  uint8_t core = 0;
  if (UNLIKELY(*c.p == '@') && core_prefix(&c, version, &core) < 0)
    return -1;
  rec->core = core;
  char op = *c.p;
  if ((op == 'R' || op == 'W' || op == 'X') && (c.p + 1 == c.lim || blank(c.p[1])))
    return access_line(&c, rec, op) < 0 ? -1 : 1;
  memset(rec, 0, sizeof *rec);
  rec->core = core;
  char w[16];
  word(&c, w, sizeof w);
  int rc;
  if (!strcmp(w, "create") || !strcmp(w, "exit") || !strcmp(w, "switch")) {
    rec->kind = w[0] == 'c' ? VMC_CREATE : w[0] == 'e' ? VMC_EXIT : VMC_SWITCH;
    rc = pid(&c, &rec->pid, "pid");
  } else if (!strcmp(w, "fork")) {
    rec->kind = VMC_FORK;
    rc = pid(&c, &rec->pid, "parent pid") || pid(&c, &rec->child, "child pid") ? -1 : 0;
    if (!rc && rec->pid == rec->child)
      rc = err(&c, "malformed line: %s", "fork: child pid equals parent pid");
  } else if (!strcmp(w, "mmap")) {
    rec->kind = VMC_MMAP;
    rc = region(&c, rec) || mmap_tail(&c, rec) ? -1 : 0;
  } else if (!strcmp(w, "munmap")) {
    rec->kind = VMC_MUNMAP;
    rc = region(&c, rec);
  } else if (!strcmp(w, "mprotect")) {
    rec->kind = VMC_MPROTECT;
    rc = region(&c, rec) || prot(&c, &rec->prot) ? -1 : 0;
  } else if (!strcmp(w, "marker")) {
    rec->kind = VMC_MARKER;
    rc = marker_tail(&c, rec);
  } else {
    char shown[40];
    snprintf(shown, sizeof shown, "%.32s", w);
    return err(&c, "unknown record kind '%s'", shown);
  }
  if (rc < 0 || line_end(&c) < 0)
    return -1;
  return 1;
}

int vmc_text_parse_line(const char *p, const char *lim, unsigned version, vmc_record *rec,
                        char *msg, size_t msglen) {
  return parse_line(p, lim, version, rec, msg, msglen);
}

int vmc_text_decode(struct vmc_trace_reader *r, vmc_record *rec) {
  for (;;) {
    const uint8_t *nl = memchr(r->pos, '\n', (size_t)(r->end - r->pos));
    if (UNLIKELY(!nl)) {
      if (!r->eof) {
        if (r->end - r->pos >= (long)VMC_MAX_LINE) {
          r->line++;
          return vmc_reader_fail_at_line(r, "line longer than %u bytes", VMC_MAX_LINE);
        }
        if (vmc_reader_fill(r, r->bufsize) < 0)
          return -1;
        continue;
      }
      if (r->input_failed) /* the content broke off: a line without its newline is cut */
        return vmc_reader_input_error(r);
      if (r->pos >= r->end)
        return 0;
      nl = r->end; /* last line without a newline */
    }
    const char *line = (const char *)r->pos;
    r->pos = nl < r->end ? nl + 1 : nl;
    r->line++;
    if (UNLIKELY((const char *)nl - line >= (long)VMC_MAX_LINE))
      return vmc_reader_fail_at_line(r, "line longer than %u bytes", VMC_MAX_LINE);
    if (UNLIKELY(memchr(line, 0, (size_t)((const char *)nl - line)) != NULL))
      return vmc_reader_fail_at_line(r, "malformed line: NUL byte (binary data in a text trace?)");
    char msg[160];
    int rc = parse_line(line, (const char *)nl, r->version, rec, msg, sizeof msg);
    if (rc == 0)
      continue;
    if (UNLIKELY(rc < 0))
      return vmc_reader_fail_at_line(r, "%s", msg);
    if (rec->kind == VMC_ACCESS)
      rec->pid = r->cores[rec->core].pid;
    else if (rec->kind == VMC_SWITCH)
      r->cores[rec->core].pid = rec->pid;
    return 1;
  }
}
