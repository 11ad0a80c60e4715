/* Binary decoder: one tag byte, then LEB128 varints (docs/trace-format.md). The buffer keeps
 * at least one whole record (VMC_BIN_MAX_RECORD bytes) unread unless the input ended, and a
 * zeroed pad follows the data, so a record is decoded without bounds checks; a record that
 * ran into the pad is reported as truncated afterwards. */
#include <stddef.h>
#include <string.h>

#include "internal.h"

#define UNLIKELY(x) __builtin_expect(!!(x), 0)
#define LIKELY(x) __builtin_expect(!!(x), 1)

/* Decodes an unsigned LEB128 value of at most `maxbits` bits. NULL when it is too long. */
static inline const uint8_t *get_varint(const uint8_t *p, uint64_t *out, unsigned maxbits) {
  uint64_t v = 0;
  unsigned maxbytes = (maxbits + 6) / 7;
  for (unsigned i = 0;; i++) {
    uint8_t b = *p++;
    if (i == 9 && (b & 0x7e)) /* the tenth byte holds bit 63 only */
      return NULL;
    v |= (uint64_t)(b & 0x7f) << (7 * i);
    if (!(b & 0x80))
      break;
    if (i + 1 >= maxbytes)
      return NULL;
  }
  if (maxbits < 64 && (v >> maxbits))
    return NULL;
  *out = v;
  return p;
}

/* A varint of at most 32 bits. One byte is the common case; longer ones are decoded without a
 * loop on little-endian hosts (the length decides only a mask), so deltas of varying length
 * cost no mispredicted branches. */
static inline const uint8_t *get_u32(const uint8_t *p, uint32_t *out) {
  if (LIKELY(*p < 0x80)) {
    *out = *p;
    return p + 1;
  }
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  uint64_t w;
  memcpy(&w, p, sizeof w); /* the pad keeps 8 bytes readable */
  uint64_t stops = ~w & 0x8080808080ull; /* bytes 0..4 that end the varint */
  if (UNLIKELY(!stops))
    return NULL; /* longer than 5 bytes */
  unsigned n = ((unsigned)__builtin_ctzll(stops) >> 3) + 1;
  w &= ~0ull >> (64 - 8 * n);
  if (UNLIKELY(w & 0x7000000000ull))
    return NULL; /* the fifth byte holds bits 28..31 only */
  *out = (uint32_t)((w & 0x7f) | (w >> 1 & 0x3f80) | (w >> 2 & 0x1fc000) | (w >> 3 & 0xfe00000) |
                    (w >> 4 & 0xf0000000));
  return p + n;
#else
  uint64_t v = 0;
  p = get_varint(p, &v, 32);
  *out = (uint32_t)v;
  return p;
#endif
}

static const uint8_t size_of_code[8] = {1, 2, 4, 8, 16, 32, 64, 0};

static int fail_rec(struct vmc_trace_reader *r, const uint8_t *start, const char *what) {
  return vmc_reader_fail_at_byte(r, r->base + (uint64_t)(start - r->buf), "%s", what);
}

/* The record at start runs past the data. */
static int truncated(struct vmc_trace_reader *r, const uint8_t *start) {
  return vmc_reader_ran_out(r, r->base + (uint64_t)(start - r->buf),
                            "truncated record at the end of the trace");
}

/* After a record was decoded from [start, p): did it run past the data into the pad? */
#define CHECK_END(p)                                                                   \
  do {                                                                                 \
    if (UNLIKELY((p) == NULL))                                                         \
      return fail_rec(r, start, "malformed record: varint too long or out of range");  \
    if (UNLIKELY((p) > r->end))                                                        \
      return truncated(r, start);                                                      \
  } while (0)

/* A core select (tag 0x88 + c, version 2): core c's process and address streams become the
 * current ones. Not a record: it is not counted and returns nothing. */
static int select_core(struct vmc_trace_reader *r, const uint8_t *start) {
  const unsigned c = *start & 7u;
  if (UNLIKELY(r->version < VMC_TRACE_VERSION_MULTICORE))
    return vmc_reader_fail_at_byte(r, r->base + (uint64_t)(start - r->buf),
                                   "core select 0x%02x (core %u) in a version-%u trace: cores other than 0 need version 2",
                                   *start, c, r->version);
  memcpy(r->cores[r->core].last, r->last, sizeof r->last);
  memcpy(r->cores[r->core].lastd, r->lastd, sizeof r->lastd);
  r->cores[r->core].pid = r->cur_pid;
  memcpy(r->last, r->cores[c].last, sizeof r->last);
  memcpy(r->lastd, r->cores[c].lastd, sizeof r->lastd);
  r->cur_pid = r->cores[c].pid;
  r->core = (uint8_t)c;
  r->pos = start + 1;
  return 0;
}

static int decode_event(struct vmc_trace_reader *r, vmc_record *rec, const uint8_t *start) {
  const uint8_t *p = start;
  uint8_t tag = *p++;
  uint64_t v;
  memset(rec, 0, sizeof *rec);
  rec->core = r->core;
  switch (tag) {
  case VMC_TAG_CREATE:
  case VMC_TAG_EXIT:
  case VMC_TAG_SWITCH:
    rec->kind = tag == VMC_TAG_CREATE ? VMC_CREATE : tag == VMC_TAG_EXIT ? VMC_EXIT : VMC_SWITCH;
    p = get_u32(p, &rec->pid);
    break;
  case VMC_TAG_FORK:
    rec->kind = VMC_FORK;
    p = get_u32(p, &rec->pid);
    if (p)
      p = get_u32(p, &rec->child);
    break;
  case VMC_TAG_MMAP:
  case VMC_TAG_MUNMAP:
  case VMC_TAG_MPROTECT:
    rec->kind = tag == VMC_TAG_MMAP ? VMC_MMAP : tag == VMC_TAG_MUNMAP ? VMC_MUNMAP : VMC_MPROTECT;
    p = get_u32(p, &rec->pid);
    if (p)
      p = get_u32(p, &rec->va);
    if (p)
      p = get_u32(p, &rec->len);
    if (!p || tag == VMC_TAG_MUNMAP)
      break;
    {
      uint8_t f = *p++;
      if (tag == VMC_TAG_MPROTECT) {
        if (f & ~7u)
          return fail_rec(r, start, "mprotect: reserved permission bits set");
        rec->prot = f;
        break;
      }
      if (f & 0x80)
        return fail_rec(r, start, "mmap: reserved flag bit 7 set");
      rec->prot = f & 7;
      rec->map_kind = (f >> 3) & 3;
      rec->map_flags = (f >> 5) & 3;
      if (rec->map_kind == 3)
        return fail_rec(r, start, "mmap: unknown mapping kind 3");
      if (rec->map_kind == VMC_MAP_FILE) {
        p = get_u32(p, &rec->file_id);
        if (p)
          p = get_varint(p, &rec->file_off, 64);
      }
    }
    break;
  case VMC_TAG_MARKER: {
    rec->kind = VMC_MARKER;
    p = get_u32(p, &rec->marker);
    if (!p)
      break;
    uint8_t n = *p++;
    if (n > VMC_MARKER_NAME_MAX)
      return fail_rec(r, start, "marker: name longer than 31 bytes");
    if (memchr(p, 0, n))
      return fail_rec(r, start, "marker: NUL byte in the name");
    memcpy(rec->name, p, n);
    rec->name[n] = 0;
    p += n;
    break;
  }
  case VMC_TAG_END:
    p = get_varint(p, &v, 64);
    CHECK_END(p);
    if (v != r->nrec)
      return vmc_reader_fail_at_byte(r, r->base + (uint64_t)(start - r->buf),
                                     "end record counts %llu records but the trace holds %llu",
                                     (unsigned long long)v, (unsigned long long)r->nrec);
    r->pos = p;
    r->seen_end = 1;
    return 0;
  default:
    return vmc_reader_fail_at_byte(r, r->base + (uint64_t)(start - r->buf),
                                   "unknown record kind 0x%02x", tag);
  }
  CHECK_END(p);
  char msg[128];
  if (vmc_record_check(rec, msg, sizeof msg) < 0)
    return fail_rec(r, start, msg);
  if (rec->kind == VMC_SWITCH)
    r->cur_pid = rec->pid;
  r->pos = p;
  r->nrec++;
  return 1;
}

/* The end of the data: only valid right after the end record, and only when the input ended
 * cleanly (a gzip stream cut in its trailer delivers every record, then fails). */
static int at_end(struct vmc_trace_reader *r) {
  if (r->seen_end && !r->input_failed)
    return 0;
  return vmc_reader_ran_out(r, r->base + (uint64_t)(r->end - r->buf),
                            "truncated trace: the end record is missing");
}

/* fail_rec for decode_access: -1 visibly to the compiler, which then knows that a successful
 * return filled the whole record. */
static inline int fail_rec_access(struct vmc_trace_reader *r, const uint8_t *start,
                                  const char *what) {
  fail_rec(r, start, what);
  return -1;
}

/* Decodes the access record at r->pos (its tag has bit 7 clear) into *a. core_hi is the
 * current core shifted to bits 31..24 (the caller's copy of r->core << 24, kept in a register).
 * 1, or -1 with the error set. */
static inline __attribute__((always_inline)) int decode_access(struct vmc_trace_reader *r,
                                                              vmc_access_rec *a, uint32_t core_hi) {
  const uint8_t *start = r->pos, *p = start;
  uint8_t tag = *p++;
  unsigned op = tag & 3;
  if (UNLIKELY(op == 3))
    return fail_rec_access(r, start, "access: unknown operation 3");
  unsigned size = size_of_code[(tag >> 3) & 7];
  if (UNLIKELY(size == 0)) {
    size = *p++;
    if (size == 0) {
      if (p > r->end)
        truncated(r, start);
      else
        fail_rec(r, start, "access size out of range (1..255): 0");
      return -1;
    }
  }
  unsigned s = op == VMC_OP_FETCH;
  uint32_t d;
  if (tag & VMC_TAG_REPEAT) {
    d = r->lastd[s];
  } else {
    uint32_t z;
    p = get_u32(p, &z);
    if (UNLIKELY(p == NULL))
      return fail_rec_access(r, start, "malformed record: varint too long or out of range");
    d = (uint32_t)vmc_unzigzag32(z);
    r->lastd[s] = d;
  }
  uint32_t va = r->last[s] + d;
  r->last[s] = va;
  if (UNLIKELY(p > r->end)) {
    truncated(r, start);
    return -1;
  }
  if (UNLIKELY((uint64_t)va + size > 0x100000000ull))
    return fail_rec_access(r, start, "address out of range: access runs past 0xffffffff");
  a->va = va;
  a->pid = r->cur_pid;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  /* op, priv, size and core are four adjacent bytes: one store built from the tag (priv is
   * tag bit 2), cheaper than the compiler's own merging of four byte stores */
  _Static_assert(offsetof(vmc_access_rec, core) == offsetof(vmc_access_rec, op) + 3, "access layout");
  const uint32_t w = op | (tag & 4u) << 6 | size << 16 | core_hi;
  memcpy((unsigned char *)a + offsetof(vmc_access_rec, op), &w, sizeof w);
#else
  a->op = (uint8_t)op;
  a->priv = (tag >> 2) & 1;
  a->size = (uint8_t)size;
  a->core = (uint8_t)(core_hi >> 24);
#endif
  r->pos = p;
  r->nrec++;
  return 1;
}

/* Keeps a whole record buffered (see the top of this file). 0, or -1 on an input error. */
static inline int keep_record_buffered(struct vmc_trace_reader *r) {
  if (UNLIKELY(r->end - r->pos < VMC_BIN_MAX_RECORD) && !r->eof)
    return vmc_reader_fill(r, VMC_BIN_MAX_RECORD);
  return 0;
}

int vmc_binary_decode(struct vmc_trace_reader *r, vmc_record *rec) {
  for (;;) { /* a loop, not recursion: a trace may hold any number of core selects in a row */
    if (keep_record_buffered(r) < 0)
      return -1;
    if (UNLIKELY(r->seen_end)) {
      if (r->pos >= r->end && !r->eof && vmc_reader_fill(r, 1) < 0)  /* read to the input's end */
        return -1;
      if (r->pos < r->end)
        return vmc_reader_fail_at_byte(r, r->base + (uint64_t)(r->pos - r->buf),
                                       "data after the end record");
      return at_end(r);
    }
    if (UNLIKELY(r->pos >= r->end))
      return at_end(r);
    if (UNLIKELY(*r->pos & 0x80)) {
      if (vmc_tag_is_core(*r->pos)) {
        if (select_core(r, r->pos) < 0)
          return -1;
        continue;
      }
      int rc = decode_event(r, rec, r->pos);
      if (rc == 0) /* end record: check nothing follows */
        continue;
      return rc;
    }
    vmc_access_rec a;
    if (decode_access(r, &a, (uint32_t)r->core << 24) < 0)
      return -1;
    rec->kind = VMC_ACCESS;
    rec->op = a.op;
    rec->priv = a.priv;
    rec->size = a.size;
    rec->va = a.va;
    rec->pid = a.pid;
    rec->core = a.core;
    return 1;
  }
}

/* Accesses in a row from out[n] on, on the core given by core_hi (see decode_access); stops
 * before anything else (an event, a core select, the end, trouble). The whole hot path of a
 * replay. Returns the new n. */
static inline __attribute__((always_inline)) int accesses_in_a_row(struct vmc_trace_reader *r,
                                                                  vmc_access_rec *out, int n, int max,
                                                                  uint32_t core_hi) {
  while (n < max) {
    if (keep_record_buffered(r) < 0)
      break;
    if (UNLIKELY(r->seen_end || r->pos >= r->end || (*r->pos & 0x80)))
      break;
    if (decode_access(r, &out[n], core_hi) < 0)
      break;
    n++;
  }
  return n;
}

/* Version 1: every access on core 0, a constant the compiler folds into the loop, so that
 * single-core traces decode as fast as before cores existed. Anything else is left to
 * vmc_binary_decode (which refuses a core select in a version-1 trace). */
int vmc_binary_decode_accesses_v1(struct vmc_trace_reader *r, vmc_access_rec *out, int max) {
  return accesses_in_a_row(r, out, 0, max, 0);
}

/* Version 2: a core select between accesses does not end the run. */
int vmc_binary_decode_accesses(struct vmc_trace_reader *r, vmc_access_rec *out, int max) {
  int n = 0;
  for (;;) {
    n = accesses_in_a_row(r, out, n, max, (uint32_t)r->core << 24);
    if (n < max && !r->failed && !r->seen_end && r->pos < r->end && vmc_tag_is_core(*r->pos)) {
      select_core(r, r->pos);
      continue;
    }
    return n;
  }
}
