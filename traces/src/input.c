/* Byte source for readers: plain or gzip content from a descriptor or from memory.
 * gzip is inflated in large chunks straight into the reader's buffer; plain files are read
 * straight into it too, so the only copy is the one the kernel makes. */
#include "input.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define RAW_CHUNK (256u * 1024u)

static int fail(vmc_input *in, const char *fmt, const char *detail) {
  snprintf(in->err, sizeof in->err, fmt, detail ? detail : "");
  return -1;
}

/* Makes raw bytes available at in->in (reads more from fd when none are left).
 * Returns 1 when bytes are available, 0 at the end of the source, -1 on error. */
static int raw_more(vmc_input *in) {
  if (in->in_len > 0)
    return 1;
  if (in->raw_eof)
    return 0;
  if (in->fd < 0) { /* memory: everything was handed over at open */
    in->raw_eof = 1;
    return 0;
  }
  for (;;) {
    ssize_t got = read(in->fd, in->raw, in->raw_cap);
    if (got < 0 && errno == EINTR)
      continue;
    if (got < 0)
      return fail(in, "read error: %s", strerror(errno));
    if (got == 0) {
      in->raw_eof = 1;
      return 0;
    }
    in->in = in->raw;
    in->in_len = (size_t)got;
    in->consumed += (uint64_t)got;
    return 1;
  }
}

/* Looks at the first two bytes to decide whether the content is gzip. */
static int detect(vmc_input *in) {
  int rc = raw_more(in);
  if (rc < 0)
    return -1;
  if (rc == 0)
    return 0; /* empty: plain, and the reader reports it */
  /* A read may return a single byte; gather a second one for the magic test. */
  if (in->in_len == 1 && in->fd >= 0 && !in->raw_eof) {
    uint8_t first = in->in[0];
    in->raw[0] = first;
    ssize_t got;
    do
      got = read(in->fd, in->raw + 1, in->raw_cap - 1);
    while (got < 0 && errno == EINTR);
    if (got < 0)
      return fail(in, "read error: %s", strerror(errno));
    if (got == 0)
      in->raw_eof = 1;
    in->in = in->raw;
    in->in_len = 1 + (size_t)got;
    in->consumed += (uint64_t)got;
  }
  if (in->in_len >= 2 && in->in[0] == 0x1f && in->in[1] == 0x8b) {
    in->gz = 1;
    memset(&in->zs, 0, sizeof in->zs);
    if (inflateInit2(&in->zs, 16 + MAX_WBITS) != Z_OK)
      return fail(in, "gzip: cannot initialise zlib%s", NULL);
    in->zinit = 1;
  }
  return 0;
}

static void init(vmc_input *in) {
  memset(in, 0, sizeof *in);
  in->fd = -1;
}

int vmc_input_open_fd(vmc_input *in, int fd, int own_fd) {
  init(in);
  in->fd = fd;
  in->own_fd = own_fd;
  struct stat st;
  if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
    in->total = (uint64_t)st.st_size;
  in->raw_cap = RAW_CHUNK;
  in->raw = malloc(in->raw_cap);
  if (!in->raw)
    return fail(in, "out of memory%s", NULL);
  return detect(in);
}

int vmc_input_open_mem(vmc_input *in, const void *data, size_t size) {
  init(in);
  in->mem = data;
  in->mem_size = size;
  in->in = data;
  in->in_len = size;
  in->consumed = size;
  in->total = size;
  in->raw_eof = 1;
  return detect(in);
}

static long read_plain(vmc_input *in, uint8_t *dst, size_t n) {
  size_t done = 0;
  if (in->in_len > 0) { /* bytes read ahead during detection */
    done = in->in_len < n ? in->in_len : n;
    memcpy(dst, in->in, done);
    in->in += done;
    in->in_len -= done;
  }
  while (done < n && !in->raw_eof && in->fd >= 0) {
    ssize_t got = read(in->fd, dst + done, n - done);
    if (got < 0 && errno == EINTR)
      continue;
    if (got < 0) { /* as for gzip: what was read comes first, the error next */
      fail(in, "read error: %s", strerror(errno));
      in->failed = 1;
      return done > 0 ? (long)done : -1;
    }
    if (got == 0) {
      in->raw_eof = 1;
      break;
    }
    done += (size_t)got;
    in->consumed += (uint64_t)got;
  }
  if (done == 0)
    in->done = 1;
  return (long)done;
}

static long inflate_into(vmc_input *in, uint8_t *dst, size_t n);

/* Inflates up to n bytes. When the compressed data breaks off (a cut file, a read error)
 * after this call inflated some content, that content is still delivered and the error waits
 * for the next call: the reader gets every byte before the cut and locates the error by it.
 * Content inflated before corrupt data is dropped: it may be wrong already. */
static long read_gz(vmc_input *in, uint8_t *dst, size_t n) {
  long got = inflate_into(in, dst, n);
  if (got >= 0)
    return got;
  in->failed = 1;
  got = (long)(n - in->zs.avail_out);
  return in->broke_off && got > 0 ? got : -1;
}

static long inflate_into(vmc_input *in, uint8_t *dst, size_t n) {
  z_stream *zs = &in->zs;
  zs->next_out = dst;
  zs->avail_out = (uInt)n;
  while (zs->avail_out > 0 && !in->done) {
    int more = raw_more(in);
    in->broke_off = more <= 0;
    if (more < 0)
      return -1;
    if (more == 0)
      return fail(in, "gzip: unexpected end of compressed data (truncated file?)%s", NULL);
    zs->next_in = (Bytef *)in->in;
    zs->avail_in = (uInt)(in->in_len > UINT32_MAX ? UINT32_MAX : in->in_len);
    uInt before = zs->avail_in;
    int rc = inflate(zs, Z_NO_FLUSH);
    size_t used = before - zs->avail_in;
    in->in += used;
    in->in_len -= used;
    if (rc == Z_STREAM_END) {
      /* Another gzip member may follow (concatenated .gz files are valid gzip). */
      int next = raw_more(in);
      if (next < 0)
        return -1;
      if (next == 0) {
        in->done = 1;
        break;
      }
      if (in->in[0] != 0x1f)
        return fail(in, "gzip: unexpected data after the end of the compressed stream%s", NULL);
      inflateReset(zs);
      continue;
    }
    if (rc == Z_DATA_ERROR)
      return fail(in, "gzip: corrupt compressed data (%s)", zs->msg ? zs->msg : "data error");
    if (rc == Z_MEM_ERROR)
      return fail(in, "gzip: out of memory%s", NULL);
    if (rc != Z_OK && rc != Z_BUF_ERROR)
      return fail(in, "gzip: inflate failed (%s)", zs->msg ? zs->msg : "stream error");
  }
  return (long)(n - zs->avail_out);
}

long vmc_input_read(vmc_input *in, uint8_t *dst, size_t n) {
  if (in->failed)
    return -1;
  if (in->done || n == 0)
    return 0;
  if (n > 0x40000000u)
    n = 0x40000000u;
  return in->gz ? read_gz(in, dst, n) : read_plain(in, dst, n);
}

void vmc_input_close(vmc_input *in) {
  if (in->zinit)
    inflateEnd(&in->zs);
  if (in->own_fd && in->fd >= 0)
    close(in->fd);
  free(in->raw);
  init(in);
}
