/* The byte source under a reader: a file descriptor or a memory block, transparently
 * gunzipped when the content starts with the gzip magic. Internal to libvmctrace. */
#ifndef VMCTRACE_INPUT_H
#define VMCTRACE_INPUT_H

#include <stddef.h>
#include <stdint.h>
#include <zlib.h>

typedef struct vmc_input {
  int fd;                 /* -1 for a memory source */
  int own_fd;             /* close fd at the end */
  const uint8_t *mem;     /* memory source */
  size_t mem_size, mem_pos;
  uint8_t *raw;           /* raw (possibly compressed) bytes read from fd, not yet used */
  size_t raw_cap;
  const uint8_t *in;      /* next raw byte to hand out or inflate */
  size_t in_len;          /* raw bytes available at in */
  int raw_eof;            /* the source has no more bytes */
  int gz;                 /* the content is gzip */
  int zinit;              /* zs is initialised */
  z_stream zs;
  int done;               /* all content delivered */
  int failed;             /* an error is in err: every later read returns -1 */
  int broke_off;          /* the compressed data ended early (cut, read error) */
  uint64_t consumed;      /* raw bytes taken from the source (for progress) */
  uint64_t total;         /* source size, 0 if unknown */
  char err[256];          /* set when a read fails */
} vmc_input;

/* Open on a descriptor (taking ownership when own_fd) or on memory. 0 or -1 (see in->err). */
int vmc_input_open_fd(vmc_input *in, int fd, int own_fd);
int vmc_input_open_mem(vmc_input *in, const void *data, size_t size);

/* Reads up to n bytes of content into dst. Returns the count, 0 at the end, -1 on error. */
long vmc_input_read(vmc_input *in, uint8_t *dst, size_t n);

void vmc_input_close(vmc_input *in);

#endif
