/* Opening a trace: pick the source, detect the encoding from the first bytes, check the
 * header, then hand each next() to the encoding's decoder. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

const uint8_t vmc_bin_magic[VMC_BIN_MAGIC_LEN] = {0x89, 'V', 'M', 'T', 'B', '\n'};

static void set_err(vmc_trace_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void set_err(vmc_trace_err *err, const char *fmt, ...) {
  if (!err)
    return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err->msg, sizeof err->msg, fmt, ap);
  va_end(ap);
}

int vmc_reader_fail_at_byte(struct vmc_trace_reader *r, uint64_t off, const char *fmt, ...) {
  char msg[400];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  snprintf(r->err, sizeof r->err, "%.200s: byte %llu: %.280s", r->name, (unsigned long long)off, msg);
  r->failed = 1;
  return -1;
}

int vmc_reader_fail_at_line(struct vmc_trace_reader *r, const char *fmt, ...) {
  char msg[400];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  snprintf(r->err, sizeof r->err, "%.200s:%llu: %.280s", r->name, (unsigned long long)r->line, msg);
  r->failed = 1;
  return -1;
}

int vmc_reader_input_error(struct vmc_trace_reader *r) {
  uint64_t off = r->base + (uint64_t)(r->end - r->buf);
  snprintf(r->err, sizeof r->err, "%.200s: byte %llu of the uncompressed content: %.250s", r->name,
           (unsigned long long)off, r->in.err);
  r->failed = 1;
  return -1;
}

int vmc_reader_ran_out(struct vmc_trace_reader *r, uint64_t off, const char *what) {
  if (r->input_failed)
    return vmc_reader_input_error(r);
  return vmc_reader_fail_at_byte(r, off, "%s", what);
}

/* An input error ends the data like the end of the input does: the bytes delivered before it
 * are decoded first, and the error is reported where they run out (vmc_reader_ran_out). */
int vmc_reader_fill(struct vmc_trace_reader *r, size_t want) {
  size_t left = (size_t)(r->end - r->pos);
  if (r->pos != r->buf) {
    memmove(r->buf, r->pos, left);
    r->base += (uint64_t)(r->pos - r->buf);
    r->pos = r->buf;
    r->end = r->buf + left;
  }
  while (!r->eof && left < want && left < r->bufsize) {
    long got = vmc_input_read(&r->in, r->buf + left, r->bufsize - left);
    if (got < 0) {
      r->input_failed = 1;
      got = 0;
    }
    if (got == 0)
      r->eof = 1;
    left += (size_t)got;
    r->end = r->buf + left;
  }
  memset(r->buf + left, 0, VMC_READ_PAD);
  return 0;
}

static int no_decode(struct vmc_trace_reader *r, vmc_record *rec) {
  (void)r;
  (void)rec;
  return -1;
}

/* Bulk reading on top of the record decoder: a record that is not an access is kept for the
 * next vmc_trace_next. */
static int decode_accesses_one_by_one(struct vmc_trace_reader *r, vmc_access_rec *out, int max) {
  int n = 0;
  while (n < max && !r->has_pending) {
    uint64_t line = r->line;
    if (r->decode(r, &r->pending) != 1)
      break;
    const vmc_record *rec = &r->pending;
    if (rec->kind != VMC_ACCESS) {
      r->has_pending = 1;
      r->pending_line = r->line; /* vmc_trace_line stays at the last record handed out */
      r->line = line;
      break;
    }
    vmc_access_rec *a = &out[n++];
    a->va = rec->va;
    a->pid = rec->pid;
    a->op = rec->op;
    a->priv = rec->priv;
    a->size = rec->size;
    a->core = rec->core;
  }
  return n;
}

/* Reads the header and selects the decoder. 0 or -1 with r->err set. */
static int start(struct vmc_trace_reader *r) {
  if (vmc_reader_fill(r, VMC_MAX_LINE) < 0)
    return -1;
  size_t have = (size_t)(r->end - r->pos);
  if (r->input_failed) { /* the content broke off: only a whole header may be read */
    int whole = have > 0 && (r->pos[0] == vmc_bin_magic[0] ? have >= VMC_BIN_HEADER_LEN
                                                             : memchr(r->pos, '\n', have) != NULL);
    if (!whole)
      return vmc_reader_input_error(r);
  }
  if (have == 0) {
    snprintf(r->err, sizeof r->err, "%s: empty file: a trace starts with a header", r->name);
    return -1;
  }
  if (r->pos[0] == vmc_bin_magic[0]) {
    r->enc = VMC_ENC_BINARY;
    if (have < VMC_BIN_HEADER_LEN || memcmp(r->pos, vmc_bin_magic, VMC_BIN_MAGIC_LEN) != 0)
      return vmc_reader_fail_at_byte(r, 0, "bad magic: not a vmctrace binary header (truncated or corrupt)");
    unsigned version = r->pos[6] | (unsigned)r->pos[7] << 8;
    if (version < VMC_TRACE_VERSION_SINGLE || version > VMC_TRACE_VERSION_MAX)
      return vmc_reader_fail_at_byte(r, 6, "unsupported binary trace version %u (this reader reads versions 1 to %u)",
                                     version, VMC_TRACE_VERSION_MAX);
    r->version = version;
    r->pos += VMC_BIN_HEADER_LEN;
    r->decode = vmc_binary_decode;
    r->decode_accesses = version >= VMC_TRACE_VERSION_MULTICORE ? vmc_binary_decode_accesses
                                                                : vmc_binary_decode_accesses_v1;
    return 0;
  }
  r->enc = VMC_ENC_TEXT;
  r->line = 1;
  size_t mlen = sizeof VMC_TEXT_MAGIC - 1;
  if (have < mlen || memcmp(r->pos, VMC_TEXT_MAGIC, mlen) != 0 ||
      (have > mlen && r->pos[mlen] != ' ' && r->pos[mlen] != '\t'))
    return vmc_reader_fail_at_byte(r, 0, "bad magic: not a vmctrace trace (expected a '" VMC_TEXT_MAGIC
                                         " %u' first line or the binary magic \\x89VMTB)", VMC_TRACE_TEXT_VERSION);
  const uint8_t *nl = memchr(r->pos, '\n', have);
  if ((!nl && !r->eof) || (nl && nl - r->pos >= (long)VMC_MAX_LINE))
    return vmc_reader_fail_at_line(r, "line longer than %u bytes", VMC_MAX_LINE);
  const char *p = (const char *)r->pos + mlen, *lim = nl ? (const char *)nl : (const char *)r->end;
  while (p < lim && (*p == ' ' || *p == '\t'))
    p++;
  unsigned long version = 0;
  int digits = 0;
  while (p < lim && *p >= '0' && *p <= '9' && digits < 9) {
    version = version * 10 + (unsigned long)(*p++ - '0');
    digits++;
  }
  while (p < lim && (*p == ' ' || *p == '\t' || *p == '\r'))
    p++;
  if (!digits || (p < lim && *p != '#'))
    return vmc_reader_fail_at_line(r, "malformed header: expected '" VMC_TEXT_MAGIC " %u'", VMC_TRACE_TEXT_VERSION);
  if (version < VMC_TRACE_VERSION_SINGLE || version > VMC_TRACE_VERSION_MAX)
    return vmc_reader_fail_at_line(r, "unsupported text trace version %lu (this reader reads versions 1 to %u)",
                                   version, VMC_TRACE_VERSION_MAX);
  r->version = (unsigned)version;
  r->pos = nl ? nl + 1 : r->end;
  r->decode = vmc_text_decode;
  r->decode_accesses = decode_accesses_one_by_one;
  return 0;
}

/* bufsize: VMC_READ_BUF, or less for a small plain trace in memory (cheaper to set up, which
 * matters when a fuzzer opens millions of them). */
static struct vmc_trace_reader *alloc_reader(const char *name, size_t bufsize) {
  struct vmc_trace_reader *r = calloc(1, sizeof *r);
  if (!r)
    return NULL;
  r->bufsize = bufsize;
  r->buf = malloc(bufsize + VMC_READ_PAD);
  if (!r->buf) {
    free(r);
    return NULL;
  }
  r->pos = r->end = r->buf;
  r->decode = no_decode;
  r->decode_accesses = decode_accesses_one_by_one;
  snprintf(r->name, sizeof r->name, "%s", name);
  return r;
}

static vmc_trace_reader *finish_open(struct vmc_trace_reader *r, int in_rc, vmc_trace_err *err) {
  if (in_rc < 0) {
    set_err(err, "%.200s: %.250s", r->name, r->in.err);
    vmc_trace_close(r);
    return NULL;
  }
  if (start(r) < 0) {
    set_err(err, "%s", r->err);
    vmc_trace_close(r);
    return NULL;
  }
  return r;
}

vmc_trace_reader *vmc_trace_open(const char *path, vmc_trace_err *err) {
  int is_stdin = strcmp(path, "-") == 0;
  int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    set_err(err, "%s: cannot open: %s", path, strerror(errno));
    return NULL;
  }
  struct vmc_trace_reader *r = alloc_reader(is_stdin ? "<stdin>" : path, VMC_READ_BUF);
  if (!r) {
    if (!is_stdin)
      close(fd);
    set_err(err, "%s: out of memory", path);
    return NULL;
  }
  int rc = vmc_input_open_fd(&r->in, fd, !is_stdin);
  return finish_open(r, rc, err);
}

vmc_trace_reader *vmc_trace_open_memory(const void *data, size_t size, const char *name,
                                        vmc_trace_err *err) {
  int gz = size >= 2 && ((const uint8_t *)data)[0] == 0x1f && ((const uint8_t *)data)[1] == 0x8b;
  size_t bufsize = gz ? 16 * VMC_MAX_LINE : size >= VMC_READ_BUF ? VMC_READ_BUF : size < 2 * VMC_MAX_LINE ? 2 * VMC_MAX_LINE : size;
  struct vmc_trace_reader *r = alloc_reader(name ? name : "<memory>", bufsize);
  if (!r) {
    set_err(err, "%s: out of memory", name ? name : "<memory>");
    return NULL;
  }
  int rc = vmc_input_open_mem(&r->in, data, size);
  return finish_open(r, rc, err);
}

int vmc_trace_next(vmc_trace_reader *r, vmc_record *rec) {
  if (r->failed)
    return -1;
  if (__builtin_expect(r->has_pending, 0)) {
    *rec = r->pending;
    r->has_pending = 0;
    r->line = r->pending_line;
    return 1;
  }
  return r->decode(r, rec);
}

int vmc_trace_next_accesses(vmc_trace_reader *r, vmc_access_rec *out, int max) {
  if (r->failed || max <= 0)
    return 0;
  return r->decode_accesses(r, out, max);
}

const char *vmc_trace_error(const vmc_trace_reader *r) { return r->failed ? r->err : ""; }

vmc_encoding vmc_trace_encoding(const vmc_trace_reader *r) { return r->enc; }

unsigned vmc_trace_version(const vmc_trace_reader *r) { return r->version; }

uint64_t vmc_trace_line(const vmc_trace_reader *r) { return r->enc == VMC_ENC_TEXT ? r->line : 0; }

int vmc_trace_compressed(const vmc_trace_reader *r) { return r->in.gz; }

void vmc_trace_progress(const vmc_trace_reader *r, uint64_t *done, uint64_t *total) {
  if (done)
    *done = r->in.consumed;
  if (total)
    *total = r->in.total;
}

void vmc_trace_close(vmc_trace_reader *r) {
  if (!r)
    return;
  vmc_input_close(&r->in);
  free(r->buf);
  free(r);
}
