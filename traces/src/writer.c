/* Writers for both encodings. A regular output goes to a temporary file next to the target and
 * is renamed into place only when everything was written, so readers never see half a trace;
 * FIFOs, devices and "-" are written directly (vmcutil/output_file.h has the rules). */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "vmcutil/output_file.h"

#define OUT_BUF (256u * 1024u)

struct vmc_trace_writer {
  vmc_encoding enc;
  vmc_output_file out; /* .fd is the plain output, or -1 once gz owns it */
  gzFile gz;          /* compressed output, or NULL */
  char *path;         /* the name given, for messages; NULL for stdout */
  uint8_t *buf;
  size_t used;
  unsigned version;    /* VMC_TRACE_VERSION_*: version 1 takes only core-0 records */
  uint32_t last[2], lastd[2]; /* binary predictors of the current core, as in the decoder */
  uint8_t core;        /* binary: the current core (the last core select) */
  struct { uint32_t last[2], lastd[2]; } cores[VMC_MAX_CORES]; /* the other cores' predictors */
  uint64_t nrec;
  int failed;
  char err[512];
};

static int wfail(struct vmc_trace_writer *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int wfail(struct vmc_trace_writer *w, const char *fmt, ...) {
  if (w->failed)
    return -1;
  char msg[400];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  snprintf(w->err, sizeof w->err, "%s: %s", w->path ? w->path : "<stdout>", msg);
  w->failed = 1;
  return -1;
}

static int flush(struct vmc_trace_writer *w) {
  if (w->failed)
    return -1;
  const uint8_t *p = w->buf;
  size_t n = w->used;
  w->used = 0;
  if (w->gz) {
    if (n && gzwrite(w->gz, p, (unsigned)n) != (int)n) {
      int zerr;
      const char *m = gzerror(w->gz, &zerr);
      return wfail(w, "write error: %s", zerr == Z_ERRNO ? strerror(errno) : m);
    }
    return 0;
  }
  while (n) {
    ssize_t put = write(w->out.fd, p, n);
    if (put < 0 && errno == EINTR)
      continue;
    if (put < 0)
      return wfail(w, "write error: %s", strerror(errno));
    p += put;
    n -= (size_t)put;
  }
  return 0;
}

static inline int room(struct vmc_trace_writer *w, size_t need) {
  if (w->used + need > OUT_BUF)
    return flush(w);
  return w->failed ? -1 : 0;
}

static void set_err(vmc_trace_err *err, const char *msg) {
  if (err)
    snprintf(err->msg, sizeof err->msg, "%s", msg);
}

/* "dir/.name.tmp-XXXXXX" next to path. */
static void destroy(struct vmc_trace_writer *w) {
  free(w->buf);
  free(w->path);
  free(w);
}

vmc_trace_writer *vmc_trace_writer_open(const char *path, vmc_encoding enc, int compress,
                                        int level, vmc_trace_err *err) {
  return vmc_trace_writer_open_version(path, enc, compress, level, VMC_TRACE_VERSION_SINGLE, err);
}

vmc_trace_writer *vmc_trace_writer_open_version(const char *path, vmc_encoding enc, int compress,
                                                int level, unsigned version, vmc_trace_err *err) {
  char msg[512];
  if (version < VMC_TRACE_VERSION_SINGLE || version > VMC_TRACE_VERSION_MAX) {
    snprintf(msg, sizeof msg, "%s: cannot write trace version %u (versions 1 to %u exist)", path, version,
             VMC_TRACE_VERSION_MAX);
    set_err(err, msg);
    return NULL;
  }
  struct vmc_trace_writer *w = calloc(1, sizeof *w);
  if (!w || !(w->buf = malloc(OUT_BUF))) {
    free(w);
    snprintf(msg, sizeof msg, "%s: out of memory", path);
    set_err(err, msg);
    return NULL;
  }
  w->enc = enc;
  w->version = version;
  w->path = strcmp(path, "-") ? strdup(path) : NULL;
  if (vmc_output_open(&w->out, path, msg, sizeof msg) != 0) {
    set_err(err, msg);
    destroy(w);
    return NULL;
  }
  if (compress) {
    char mode[8];
    snprintf(mode, sizeof mode, "wb%d", level >= 1 && level <= 9 ? level : 6);
    w->gz = gzdopen(w->out.fd, mode);
    if (!w->gz) {
      snprintf(msg, sizeof msg, "%s: cannot start gzip output", path);
      set_err(err, msg);
      vmc_output_abort(&w->out);
      destroy(w);
      return NULL;
    }
    w->out.fd = -1;
    gzbuffer(w->gz, OUT_BUF);
  }
  if (enc == VMC_ENC_BINARY) {
    memcpy(w->buf, vmc_bin_magic, VMC_BIN_MAGIC_LEN);
    w->buf[6] = (uint8_t)(version & 0xff);
    w->buf[7] = (uint8_t)(version >> 8);
    w->used = VMC_BIN_HEADER_LEN;
  } else {
    w->used = (size_t)snprintf((char *)w->buf, OUT_BUF, VMC_TEXT_MAGIC " %u\n", version);
  }
  return w;
}

static inline uint8_t *put_varint(uint8_t *p, uint64_t v) {
  while (v >= 0x80) {
    *p++ = (uint8_t)(v | 0x80);
    v >>= 7;
  }
  *p++ = (uint8_t)v;
  return p;
}

static int size_code(unsigned size) {
  switch (size) {
  case 1: return 0;
  case 2: return 1;
  case 4: return 2;
  case 8: return 3;
  case 16: return 4;
  case 32: return 5;
  case 64: return 6;
  default: return 7;
  }
}

/* Emits a core select when rec is on another core than the last record, swapping the address
 * predictors as the decoder does. */
static uint8_t *select_core(struct vmc_trace_writer *w, uint8_t *p, unsigned core) {
  memcpy(w->cores[w->core].last, w->last, sizeof w->last);
  memcpy(w->cores[w->core].lastd, w->lastd, sizeof w->lastd);
  memcpy(w->last, w->cores[core].last, sizeof w->last);
  memcpy(w->lastd, w->cores[core].lastd, sizeof w->lastd);
  w->core = (uint8_t)core;
  *p++ = (uint8_t)(VMC_TAG_CORE + core);
  return p;
}

static void encode_binary(struct vmc_trace_writer *w, const vmc_record *rec) {
  uint8_t *start = w->buf + w->used, *p = start;
  if (rec->core != w->core)
    p = select_core(w, p, rec->core);
  switch (rec->kind) {
  case VMC_ACCESS: {
    unsigned s = rec->op == VMC_OP_FETCH;
    int sc = size_code(rec->size);
    uint32_t d = rec->va - w->last[s];
    uint8_t tag = (uint8_t)(rec->op | (unsigned)rec->priv << 2 | (unsigned)sc << 3);
    if (d == w->lastd[s])
      tag |= VMC_TAG_REPEAT;
    *p++ = tag;
    if (sc == 7)
      *p++ = rec->size;
    if (d != w->lastd[s])
      p = put_varint(p, vmc_zigzag32((int32_t)d));
    w->last[s] = rec->va;
    w->lastd[s] = d;
    break;
  }
  case VMC_CREATE:
  case VMC_EXIT:
  case VMC_SWITCH:
    *p++ = rec->kind == VMC_CREATE ? VMC_TAG_CREATE : rec->kind == VMC_EXIT ? VMC_TAG_EXIT : VMC_TAG_SWITCH;
    p = put_varint(p, rec->pid);
    break;
  case VMC_FORK:
    *p++ = VMC_TAG_FORK;
    p = put_varint(p, rec->pid);
    p = put_varint(p, rec->child);
    break;
  case VMC_MMAP:
  case VMC_MUNMAP:
  case VMC_MPROTECT:
    *p++ = rec->kind == VMC_MMAP ? VMC_TAG_MMAP : rec->kind == VMC_MUNMAP ? VMC_TAG_MUNMAP : VMC_TAG_MPROTECT;
    p = put_varint(p, rec->pid);
    p = put_varint(p, rec->va);
    p = put_varint(p, rec->len);
    if (rec->kind == VMC_MPROTECT)
      *p++ = rec->prot;
    if (rec->kind == VMC_MMAP) {
      *p++ = (uint8_t)(rec->prot | rec->map_kind << 3 | rec->map_flags << 5);
      if (rec->map_kind == VMC_MAP_FILE) {
        p = put_varint(p, rec->file_id);
        p = put_varint(p, rec->file_off);
      }
    }
    break;
  case VMC_MARKER: {
    size_t n = strnlen(rec->name, VMC_MARKER_NAME_MAX);
    *p++ = VMC_TAG_MARKER;
    p = put_varint(p, rec->marker);
    *p++ = (uint8_t)n;
    memcpy(p, rec->name, n);
    p += n;
    break;
  }
  }
  w->used += (size_t)(p - start);
}

int vmc_trace_write(vmc_trace_writer *w, const vmc_record *rec) {
  char msg[128];
  if (w->failed)
    return -1;
  if (vmc_record_check(rec, msg, sizeof msg) < 0)
    return wfail(w, "record %llu (%s): %s", (unsigned long long)w->nrec + 1, vmc_kind_name(rec->kind), msg);
  if (rec->core && w->version < VMC_TRACE_VERSION_MULTICORE)
    return wfail(w, "record %llu (%s): core %u in a version-%u trace (a trace with several cores is version 2)",
                 (unsigned long long)w->nrec + 1, vmc_kind_name(rec->kind), rec->core, w->version);
  if (room(w, 192) < 0)
    return -1;
  if (w->enc == VMC_ENC_BINARY) {
    encode_binary(w, rec);
  } else {
    char *p = (char *)w->buf + w->used;
    size_t n = vmc_record_format(rec, p, 180);
    p[n] = '\n';
    w->used += n + 1;
  }
  w->nrec++;
  return 0;
}

int vmc_trace_write_comment(vmc_trace_writer *w, const char *text) {
  if (w->failed)
    return -1;
  if (w->enc == VMC_ENC_BINARY)
    return 0;
  /* One comment line per line of text, each starting with "# ". */
  const char *s = text;
  do {
    const char *nl = strchr(s, '\n');
    size_t n = nl ? (size_t)(nl - s) : strlen(s);
    if (n > VMC_MAX_LINE - 8)
      n = VMC_MAX_LINE - 8;
    if (room(w, n + 4) < 0)
      return -1;
    char *p = (char *)w->buf + w->used;
    p[0] = '#';
    p[1] = ' ';
    memcpy(p + 2, s, n);
    p[n + 2] = '\n';
    w->used += n + 3;
    s = nl ? nl + 1 : NULL;
  } while (s && *s);
  return 0;
}

const char *vmc_trace_writer_error(const vmc_trace_writer *w) { return w->failed ? w->err : ""; }

static void close_output(struct vmc_trace_writer *w) {
  if (w->gz) {
    int rc = gzclose(w->gz);
    w->gz = NULL;
    if (rc != Z_OK)
      wfail(w, "write error while finishing the gzip stream (%s)", rc == Z_ERRNO ? strerror(errno) : "zlib error");
  }
}

int vmc_trace_writer_close(vmc_trace_writer *w, vmc_trace_err *err) {
  if (!w->failed && w->enc == VMC_ENC_BINARY) {
    if (room(w, 16) == 0) {
      uint8_t *p = w->buf + w->used;
      *p++ = VMC_TAG_END;
      p = put_varint(p, w->nrec);
      w->used = (size_t)(p - w->buf);
    }
  }
  flush(w);
  close_output(w);
  char msg[400];
  if (w->failed)
    vmc_output_abort(&w->out);
  else if (vmc_output_commit(&w->out, msg, sizeof msg) != 0)
    w->failed = 1, snprintf(w->err, sizeof w->err, "%s", msg);
  int rc = w->failed ? -1 : 0;
  if (rc < 0)
    set_err(err, w->err);
  destroy(w);
  return rc;
}

void vmc_trace_writer_abort(vmc_trace_writer *w) {
  if (!w)
    return;
  w->failed = 1;
  close_output(w);
  vmc_output_abort(&w->out);
  destroy(w);
}
