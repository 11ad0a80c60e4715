/* vmctrace: reading and writing vmcosim memory-access traces.
 *
 * A trace is a stream of fixed-size records: memory accesses and OS events (process create,
 * exit, fork, context switch, mmap, munmap, mprotect, marker). Two encodings carry the same
 * records: a line-based text form and a compact binary form, each optionally gzip-compressed.
 * The reader detects encoding and compression from the content and streams, so its memory use
 * does not depend on the trace length. docs/trace-format.md specifies both encodings.
 *
 * Reading:
 *   vmc_trace_err err;
 *   vmc_trace_reader *r = vmc_trace_open("run.vmtb.gz", &err);
 *   if (!r) { fprintf(stderr, "%s\n", err.msg); ... }
 *   vmc_record rec;
 *   int rc;
 *   while ((rc = vmc_trace_next(r, &rec)) == 1) { ... }
 *   if (rc < 0) fprintf(stderr, "%s\n", vmc_trace_error(r));   // names file and line/offset
 *   vmc_trace_close(r);
 */
#ifndef VMCTRACE_VMCTRACE_H
#define VMCTRACE_VMCTRACE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Format versions (docs/trace-format.md, "Versions"): version 1 has one core, every record on
 * core 0; version 2 puts each record on a core 0..VMC_MAX_CORES-1. Readers read both (a
 * version-1 trace reads as core 0); vmc_trace_writer_open writes version 1, so single-core
 * traces stay byte-identical to those written before version 2 existed. */
#define VMC_TRACE_VERSION_SINGLE 1u
#define VMC_TRACE_VERSION_MULTICORE 2u
#define VMC_TRACE_VERSION_MAX VMC_TRACE_VERSION_MULTICORE
/* The single-core version, the only one before multi-core traces (kept for old callers). */
#define VMC_TRACE_TEXT_VERSION VMC_TRACE_VERSION_SINGLE
#define VMC_TRACE_BINARY_VERSION VMC_TRACE_VERSION_SINGLE

/* Cores a version-2 trace may name: core indexes 0..VMC_MAX_CORES-1. */
#define VMC_MAX_CORES 8u

/* Record kinds. The numbering is part of neither encoding; it is only the C API. */
typedef enum vmc_kind {
  VMC_ACCESS = 1,   /* a memory access by the current process */
  VMC_CREATE,       /* process pid is created with an empty address space */
  VMC_EXIT,         /* process pid exits; its address space is destroyed */
  VMC_FORK,         /* process pid forks process child (copy-on-write copy of its space) */
  VMC_SWITCH,       /* context switch: pid becomes the current process */
  VMC_MMAP,         /* pid maps [va, va+len) */
  VMC_MUNMAP,       /* pid unmaps [va, va+len) */
  VMC_MPROTECT,     /* pid changes the permissions of [va, va+len) */
  VMC_MARKER,       /* a point of interest, e.g. the end of warm-up */
  VMC_KIND_COUNT
} vmc_kind;

/* Access operations. */
enum { VMC_OP_READ = 0, VMC_OP_WRITE = 1, VMC_OP_FETCH = 2 };

/* Permission bits of mmap and mprotect. */
enum { VMC_PROT_R = 1, VMC_PROT_W = 2, VMC_PROT_X = 4 };

/* What backs an mmap'd region. */
enum { VMC_MAP_ANON = 0, VMC_MAP_FILE = 1, VMC_MAP_DEVICE = 2 };

/* mmap flags. */
enum { VMC_MAP_SHARED = 1, VMC_MAP_POPULATE = 2 };

#define VMC_PAGE_SIZE 4096u
#define VMC_MARKER_NAME_MAX 31u /* characters, [A-Za-z0-9_.:-] */

/* One record. Only the fields that belong to the record's kind are meaningful:
 *   every kind  core: the core the record happens on (always 0 in a version-1 trace)
 *   ACCESS    op, priv, size, va; pid is filled in by the reader with the current process of
 *             the record's core (the pid of the last SWITCH on that core, 0 before the first)
 *   CREATE, EXIT, SWITCH   pid
 *   FORK      pid (parent), child
 *   MMAP      pid, va, len, prot, map_kind, map_flags; file_id and file_off for VMC_MAP_FILE
 *   MUNMAP    pid, va, len
 *   MPROTECT  pid, va, len, prot
 *   MARKER    marker, name ("" when the marker has no name)
 * Ranges (checked by readers and writers alike): pids 1..2^32-1; access size 1..255 with
 * va + size <= 2^32; va and len of mmap/munmap/mprotect multiples of 4096, len > 0 and
 * va + len <= 2^32; file_off a multiple of 4096; core 0..VMC_MAX_CORES-1. */
typedef struct vmc_record {
  uint8_t kind;      /* vmc_kind */
  uint8_t op;        /* VMC_OP_* */
  uint8_t priv;      /* 1 = privileged, 0 = user */
  uint8_t size;      /* access size in bytes */
  uint32_t va;
  uint32_t pid;
  uint32_t len;
  uint32_t child;
  uint8_t prot;      /* VMC_PROT_* bits */
  uint8_t map_kind;  /* VMC_MAP_ANON / FILE / DEVICE */
  uint8_t map_flags; /* VMC_MAP_SHARED | VMC_MAP_POPULATE */
  uint8_t core;      /* 0..VMC_MAX_CORES-1, the core this record happens on */
  uint32_t file_id;
  uint64_t file_off;
  uint32_t marker;
  char name[VMC_MARKER_NAME_MAX + 1];
} vmc_record;

typedef enum vmc_encoding { VMC_ENC_TEXT = 0, VMC_ENC_BINARY = 1 } vmc_encoding;

/* Error messages, e.g. "t.vmt:12: malformed access: expected a size" or
 * "t.vmtb: byte 4096: unknown record kind 0x9a". */
typedef struct vmc_trace_err {
  char msg[512];
} vmc_trace_err;

/* ---- Reading ---- */

typedef struct vmc_trace_reader vmc_trace_reader;

/* Opens a trace file ("-" reads standard input) and checks its header. NULL on error, with
 * the reason in *err (err may be NULL). */
vmc_trace_reader *vmc_trace_open(const char *path, vmc_trace_err *err);

/* The same for a trace held in memory; name is used in error messages. The memory must stay
 * valid until vmc_trace_close. */
vmc_trace_reader *vmc_trace_open_memory(const void *data, size_t size, const char *name,
                                        vmc_trace_err *err);

/* The next record: 1 when *rec was filled, 0 at the end of the trace, -1 on an error (then
 * vmc_trace_error tells which; every later call returns -1 too). */
int vmc_trace_next(vmc_trace_reader *r, vmc_record *rec);

/* Access records in bulk, for replay loops: the fields of an ACCESS record that matter,
 * 12 bytes instead of a whole vmc_record. */
typedef struct vmc_access_rec {
  uint32_t va;
  uint32_t pid;   /* the current process, as in vmc_record */
  uint8_t op;     /* VMC_OP_* */
  uint8_t priv;   /* 1 = privileged, 0 = user */
  uint8_t size;   /* bytes, 1..255 */
  uint8_t core;   /* 0..VMC_MAX_CORES-1; pid is this core's current process */
} vmc_access_rec;

/* Reads up to max consecutive ACCESS records into out and returns how many. It stops before
 * any other record, so 0 means the next record is not an access, the trace has ended or an
 * error happened: vmc_trace_next then returns that record, 0 or -1. Mixing both calls reads
 * every record once, in order; records read by either are checked alike. */
int vmc_trace_next_accesses(vmc_trace_reader *r, vmc_access_rec *out, int max);

/* The last error message, naming the file and the line (text) or byte offset (binary); ""
 * when there was none. */
const char *vmc_trace_error(const vmc_trace_reader *r);

/* The line of the record returned last (text encoding; 0 for binary traces). */
uint64_t vmc_trace_line(const vmc_trace_reader *r);

vmc_encoding vmc_trace_encoding(const vmc_trace_reader *r);
/* The format version from the header: VMC_TRACE_VERSION_SINGLE or _MULTICORE. */
unsigned vmc_trace_version(const vmc_trace_reader *r);
int vmc_trace_compressed(const vmc_trace_reader *r);

/* For progress reports: bytes of the file consumed so far and the file's size (0 when it is
 * not a regular file). */
void vmc_trace_progress(const vmc_trace_reader *r, uint64_t *done, uint64_t *total);

void vmc_trace_close(vmc_trace_reader *r);

/* ---- Writing ---- */

typedef struct vmc_trace_writer vmc_trace_writer;

/* Creates a writer. For a new name or a regular file the data goes to a mkstemp temporary in
 * the same folder as path, which vmc_trace_writer_close renames to path on success; an error or
 * vmc_trace_writer_abort removes it, so a half-written trace never appears under path. "-"
 * writes standard output; a FIFO or device is written directly (never replaced by a file); a
 * symbolic link's target is written by these rules; a folder is refused.
 * level: gzip level 1..9 when compress is non-zero (0 picks the default, 6). */
vmc_trace_writer *vmc_trace_writer_open(const char *path, vmc_encoding enc, int compress,
                                        int level, vmc_trace_err *err);

/* The same for a given format version: VMC_TRACE_VERSION_SINGLE (what vmc_trace_writer_open
 * writes; a record on a core other than 0 is then an error) or VMC_TRACE_VERSION_MULTICORE
 * (records on any core 0..VMC_MAX_CORES-1). A writer never picks the version itself: the
 * header comes first, before the records that would decide it. */
vmc_trace_writer *vmc_trace_writer_open_version(const char *path, vmc_encoding enc, int compress,
                                                int level, unsigned version, vmc_trace_err *err);

/* Appends a record. 0 on success, -1 on error (an invalid record or a write error; see
 * vmc_trace_writer_error). */
int vmc_trace_write(vmc_trace_writer *w, const vmc_record *rec);

/* Appends a comment line (text encoding only; the binary encoding drops comments). */
int vmc_trace_write_comment(vmc_trace_writer *w, const char *text);

const char *vmc_trace_writer_error(const vmc_trace_writer *w);

/* Finishes the trace and moves it into place. 0 on success; -1 on error with the reason in
 * *err (err may be NULL), and then no file is left behind. Frees w in both cases. */
int vmc_trace_writer_close(vmc_trace_writer *w, vmc_trace_err *err);

/* Discards everything written so far, removes the temporary file and frees w. */
void vmc_trace_writer_abort(vmc_trace_writer *w);

/* ---- Helpers ---- */

/* Checks the ranges listed above vmc_record. 0 if valid, else -1 with a message in msg. */
int vmc_record_check(const vmc_record *rec, char *msg, size_t msglen);

/* Formats rec as one line of the text encoding, without the newline: "@CORE " first when the
 * record's core is not 0 (version 2). Returns the length. */
size_t vmc_record_format(const vmc_record *rec, char *buf, size_t buflen);

/* "access", "create", ...: the keyword of a kind as the text encoding spells it. */
const char *vmc_kind_name(int kind);

#ifdef __cplusplus
}
#endif

#endif
