/* Record ranges and the text spelling of one record; shared by the readers, the writers and
 * the tool. */
#include <stdio.h>
#include <string.h>

#include "internal.h"

static const char *const kind_names[VMC_KIND_COUNT] = {
    [VMC_ACCESS] = "access", [VMC_CREATE] = "create",   [VMC_EXIT] = "exit",
    [VMC_FORK] = "fork",     [VMC_SWITCH] = "switch",   [VMC_MMAP] = "mmap",
    [VMC_MUNMAP] = "munmap", [VMC_MPROTECT] = "mprotect", [VMC_MARKER] = "marker",
};

const char *vmc_kind_name(int kind) {
  if (kind <= 0 || kind >= VMC_KIND_COUNT)
    return "?";
  return kind_names[kind];
}

static int bad(char *msg, size_t msglen, const char *what) {
  if (msg && msglen)
    snprintf(msg, msglen, "%s", what);
  return -1;
}

static int marker_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '_' || c == '.' || c == ':' || c == '-';
}

static int check_range(const vmc_record *rec, char *msg, size_t msglen) {
  if (rec->pid == 0)
    return bad(msg, msglen, "pid out of range (must be 1..4294967295)");
  if (rec->va % VMC_PAGE_SIZE)
    return bad(msg, msglen, "address out of range: not a multiple of 4096");
  if (rec->len == 0 || rec->len % VMC_PAGE_SIZE)
    return bad(msg, msglen, "length out of range: must be a non-zero multiple of 4096");
  if ((uint64_t)rec->va + rec->len > 0x100000000ull)
    return bad(msg, msglen, "length out of range: region runs past 0xffffffff");
  return 0;
}

int vmc_record_check(const vmc_record *rec, char *msg, size_t msglen) {
  if (rec->core >= VMC_MAX_CORES) {
    if (msg && msglen)
      snprintf(msg, msglen, "core out of range (0..%u): %u", VMC_MAX_CORES - 1, rec->core);
    return -1;
  }
  switch (rec->kind) {
  case VMC_ACCESS:
    if (rec->op > VMC_OP_FETCH)
      return bad(msg, msglen, "unknown access operation");
    if (rec->priv > 1)
      return bad(msg, msglen, "privilege must be 0 or 1");
    if (rec->size == 0)
      return bad(msg, msglen, "access size out of range (1..255)");
    if ((uint64_t)rec->va + rec->size > 0x100000000ull)
      return bad(msg, msglen, "address out of range: access runs past 0xffffffff");
    return 0;
  case VMC_CREATE:
  case VMC_EXIT:
  case VMC_SWITCH:
    return rec->pid ? 0 : bad(msg, msglen, "pid out of range (must be 1..4294967295)");
  case VMC_FORK:
    if (!rec->pid || !rec->child)
      return bad(msg, msglen, "pid out of range (must be 1..4294967295)");
    if (rec->pid == rec->child)
      return bad(msg, msglen, "fork: child pid equals parent pid");
    return 0;
  case VMC_MMAP:
    if (check_range(rec, msg, msglen))
      return -1;
    if (rec->prot > 7)
      return bad(msg, msglen, "unknown permission bits");
    if (rec->map_kind > VMC_MAP_DEVICE)
      return bad(msg, msglen, "unknown mapping kind");
    if (rec->map_flags > (VMC_MAP_SHARED | VMC_MAP_POPULATE))
      return bad(msg, msglen, "unknown mapping flags");
    if (rec->map_kind == VMC_MAP_FILE && rec->file_off % VMC_PAGE_SIZE)
      return bad(msg, msglen, "file offset out of range: not a multiple of 4096");
    return 0;
  case VMC_MUNMAP:
    return check_range(rec, msg, msglen);
  case VMC_MPROTECT:
    if (check_range(rec, msg, msglen))
      return -1;
    return rec->prot > 7 ? bad(msg, msglen, "unknown permission bits") : 0;
  case VMC_MARKER: {
    size_t n = strnlen(rec->name, sizeof rec->name);
    if (n > VMC_MARKER_NAME_MAX)
      return bad(msg, msglen, "marker name longer than 31 characters");
    for (size_t i = 0; i < n; i++)
      if (!marker_char(rec->name[i]))
        return bad(msg, msglen, "marker name may only hold A-Z a-z 0-9 _ . : -");
    return 0;
  }
  default:
    return bad(msg, msglen, "unknown record kind");
  }
}

/* Small hand-written formatters: the text writer is on the conversion hot path. */
static char *put_str(char *p, const char *s) {
  while (*s)
    *p++ = *s++;
  return p;
}

static char *put_dec(char *p, uint64_t v) {
  char tmp[24];
  int n = 0;
  do {
    tmp[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  while (n)
    *p++ = tmp[--n];
  return p;
}

static const char hexdig[] = "0123456789abcdef";

static char *put_hex32(char *p, uint32_t v) { /* always 8 digits: columns line up */
  *p++ = '0';
  *p++ = 'x';
  for (int s = 28; s >= 0; s -= 4)
    *p++ = hexdig[(v >> s) & 15];
  return p;
}

static char *put_hex(char *p, uint64_t v) { /* shortest form */
  char tmp[16];
  int n = 0;
  do {
    tmp[n++] = hexdig[v & 15];
    v >>= 4;
  } while (v);
  *p++ = '0';
  *p++ = 'x';
  while (n)
    *p++ = tmp[--n];
  return p;
}

static char *put_prot(char *p, unsigned prot) {
  *p++ = prot & VMC_PROT_R ? 'r' : '-';
  *p++ = prot & VMC_PROT_W ? 'w' : '-';
  *p++ = prot & VMC_PROT_X ? 'x' : '-';
  return p;
}

size_t vmc_record_format(const vmc_record *rec, char *buf, size_t buflen) {
  char line[160];
  char *p = line;
  if (rec->core) {
    *p++ = '@';
    p = put_dec(p, rec->core);
    *p++ = ' ';
  }
  switch (rec->kind) {
  case VMC_ACCESS:
    *p++ = "RWX?"[rec->op & 3];
    *p++ = ' ';
    *p++ = rec->priv ? 'p' : 'u';
    *p++ = ' ';
    p = put_hex32(p, rec->va);
    *p++ = ' ';
    p = put_dec(p, rec->size);
    break;
  case VMC_CREATE:
  case VMC_EXIT:
  case VMC_SWITCH:
    p = put_str(p, vmc_kind_name(rec->kind));
    *p++ = ' ';
    p = put_dec(p, rec->pid);
    break;
  case VMC_FORK:
    p = put_str(p, "fork ");
    p = put_dec(p, rec->pid);
    *p++ = ' ';
    p = put_dec(p, rec->child);
    break;
  case VMC_MMAP:
  case VMC_MUNMAP:
  case VMC_MPROTECT:
    p = put_str(p, vmc_kind_name(rec->kind));
    *p++ = ' ';
    p = put_dec(p, rec->pid);
    *p++ = ' ';
    p = put_hex32(p, rec->va);
    *p++ = ' ';
    p = put_hex(p, rec->len);
    if (rec->kind == VMC_MUNMAP)
      break;
    *p++ = ' ';
    p = put_prot(p, rec->prot);
    if (rec->kind == VMC_MPROTECT)
      break;
    if (rec->map_kind == VMC_MAP_FILE) {
      p = put_str(p, " file ");
      p = put_dec(p, rec->file_id);
      *p++ = ' ';
      p = put_hex(p, rec->file_off);
    } else {
      p = put_str(p, rec->map_kind == VMC_MAP_DEVICE ? " device" : " anon");
    }
    p = put_str(p, rec->map_flags & VMC_MAP_SHARED ? " shared" : " private");
    if (rec->map_flags & VMC_MAP_POPULATE)
      p = put_str(p, " populate");
    break;
  case VMC_MARKER:
    p = put_str(p, "marker ");
    p = put_dec(p, rec->marker);
    if (rec->name[0]) {
      *p++ = ' ';
      size_t n = strnlen(rec->name, VMC_MARKER_NAME_MAX);
      memcpy(p, rec->name, n);
      p += n;
    }
    break;
  default:
    p = put_str(p, "# unknown record");
    break;
  }
  size_t n = (size_t)(p - line);
  if (buflen) {
    size_t c = n < buflen - 1 ? n : buflen - 1;
    memcpy(buf, line, c);
    buf[c] = 0;
  }
  return n;
}
