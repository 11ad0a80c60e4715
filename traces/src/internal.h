/* Shared between the reader, the writer and the two codecs. Internal to libvmctrace. */
#ifndef VMCTRACE_INTERNAL_H
#define VMCTRACE_INTERNAL_H

#include "input.h"
#include "vmctrace/vmctrace.h"

/* Binary encoding constants (docs/trace-format.md, "Binary encoding"). */
#define VMC_BIN_MAGIC_LEN 6
extern const uint8_t vmc_bin_magic[VMC_BIN_MAGIC_LEN];
#define VMC_BIN_HEADER_LEN 8
enum {
  VMC_TAG_CREATE = 0x80,
  VMC_TAG_EXIT = 0x81,
  VMC_TAG_FORK = 0x82,
  VMC_TAG_SWITCH = 0x83,
  VMC_TAG_MMAP = 0x84,
  VMC_TAG_MUNMAP = 0x85,
  VMC_TAG_MPROTECT = 0x86,
  VMC_TAG_MARKER = 0x87,
  VMC_TAG_CORE = 0x88, /* version 2: 0x88 + c selects core c (0..7); not a record */
  VMC_TAG_END = 0xff
};
/* Is tag one of the core selects 0x88..0x8f? */
static inline int vmc_tag_is_core(unsigned tag) { return (tag & 0xf8u) == VMC_TAG_CORE; }
#define VMC_TAG_REPEAT 0x40 /* access tag bit: reuse the previous delta of this stream */
#define VMC_BIN_MAX_RECORD 64 /* longest encoded record, bytes */

#define VMC_TEXT_MAGIC "vmctrace text"

/* Reader buffer: refilled in big chunks; a zeroed pad after the data lets the binary decoder
 * read a whole record without bounds checks and notice truncation afterwards. */
#define VMC_READ_BUF (512u * 1024u)
#define VMC_READ_PAD 64u
#define VMC_MAX_LINE 4096u

struct vmc_trace_reader {
  int (*decode)(struct vmc_trace_reader *r, vmc_record *rec);
  /* accesses in bulk; stops before other records (vmc_trace_next_accesses) */
  int (*decode_accesses)(struct vmc_trace_reader *r, vmc_access_rec *out, int max);
  uint8_t *buf;
  size_t bufsize;            /* bytes of buf usable for data (a pad follows) */
  const uint8_t *pos, *end;  /* unread bytes */
  uint64_t base;             /* stream offset of buf[0] */
  int eof;                   /* input exhausted: nothing beyond end */
  int input_failed;          /* ...by an input error (in.err): reported where the data runs out */
  int failed;
  unsigned version;          /* from the header: VMC_TRACE_VERSION_* */
  uint32_t cur_pid;          /* binary: the current core's current process, from its last switch */
  /* binary */
  uint32_t last[2], lastd[2]; /* the current core's streams (0 data, 1 fetch): last address, delta */
  uint8_t core;              /* binary: the current core, from the last core select */
  /* Each core's process and streams while another core is current (binary: saved by a core
   * select; text: the current process of each core, kept here always). */
  struct { uint32_t pid, last[2], lastd[2]; } cores[VMC_MAX_CORES];
  uint64_t nrec;
  int seen_end;
  /* text */
  uint64_t line;
  vmc_record pending;        /* read ahead by a bulk read: not an access, next to return */
  int has_pending;
  uint64_t pending_line;     /* its line */
  vmc_encoding enc;
  vmc_input in;
  char name[256];
  char err[512];
};

/* Refills the buffer keeping the unread bytes: afterwards at least `want` bytes are unread
 * unless the input ended (r->eof). 0 or -1 (error set). */
int vmc_reader_fill(struct vmc_trace_reader *r, size_t want);
/* The input's error (a cut or corrupt gzip stream, a read error), located by the content
 * bytes delivered before it. -1. */
int vmc_reader_input_error(struct vmc_trace_reader *r);
/* The data ran out inside a record or before the end record: -1 with the error set, the
 * input's if it failed, else `what` at byte `off`. */
int vmc_reader_ran_out(struct vmc_trace_reader *r, uint64_t off, const char *what);

/* Sets the reader's error: "name: byte OFF: msg" (binary) or "name:LINE: msg" (text). */
int vmc_reader_fail_at_byte(struct vmc_trace_reader *r, uint64_t off, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int vmc_reader_fail_at_line(struct vmc_trace_reader *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

int vmc_text_decode(struct vmc_trace_reader *r, vmc_record *rec);
int vmc_binary_decode(struct vmc_trace_reader *r, vmc_record *rec);
int vmc_binary_decode_accesses(struct vmc_trace_reader *r, vmc_access_rec *out, int max);    /* version 2 */
int vmc_binary_decode_accesses_v1(struct vmc_trace_reader *r, vmc_access_rec *out, int max); /* version 1 */

/* Text encoding: parse one record from a line (without its newline) of a trace of the given
 * version (a "@CORE" prefix needs version 2). 1 record, 0 nothing (blank or comment), -1 error
 * with a message in msg. Shared by the reader and tests. */
int vmc_text_parse_line(const char *p, const char *lim, unsigned version, vmc_record *rec,
                        char *msg, size_t msglen);

/* Binary encoding helpers. */
static inline uint32_t vmc_zigzag32(int32_t v) { return ((uint32_t)v << 1) ^ (uint32_t)(v >> 31); }
static inline int32_t vmc_unzigzag32(uint32_t u) { return (int32_t)((u >> 1) ^ (0u - (u & 1))); }

#endif
