/* import-lackey: Valgrind `--tool=lackey --trace-mem=yes` output to a vmctrace trace.
 *
 * Relocation: an x86-64 program touches addresses far above 4 GiB. Each 1 MiB chunk of the
 * original address space that the program touches gets a 1 MiB slot of the 32-bit user space
 * 0x01000000-0x3F000000 (992 slots), with the offset inside the chunk kept. So every 4 KiB
 * page stays distinct (the chunk map is one-to-one) and VA[19:0] is unchanged, which keeps
 * the low 8 bits of every virtual page number (VA[19:12], the bits that index TLB sets).
 * Neighbouring chunks get neighbouring slots when free, so regions that cross a 1 MiB boundary
 * stay contiguous. A slot is mmap'd when first touched: r-x for a fetch, rw- for data; a later
 * access that needs another permission adds it with mprotect. An access that crosses a 4 KiB
 * page is split at the page boundary (the MMU translates each part separately). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#include "common.h"

#define SLOT_BASE 0x01000000u
#define SLOT_SIZE 0x100000u
#define NSLOTS 992u /* (0x3F000000 - 0x01000000) / 1 MiB */
#define HASH_SIZE 2048u
#define PID 1u

typedef struct importer {
  vmc_trace_writer *w;
  uint64_t key[HASH_SIZE];  /* original chunk number + 1; 0 = empty */
  uint16_t slot_of[HASH_SIZE];
  uint8_t slot_used[NSLOTS];
  uint8_t slot_prot[NSLOTS];
  uint32_t cursor;
  uint32_t nslots;
  uint64_t limit, accesses;
  uint64_t skip, skipped; /* lackey accesses dropped at the start (e.g. the dynamic loader) */
  int failed;
  char err[512];
} importer;

static uint32_t hash(uint64_t chunk) { return (uint32_t)((chunk * 0x9e3779b97f4a7c15ull) >> 53); }

static int find(const importer *im, uint64_t chunk) {
  for (uint32_t h = hash(chunk);; h = (h + 1) % HASH_SIZE) {
    if (im->key[h] == 0)
      return -1;
    if (im->key[h] == chunk + 1)
      return im->slot_of[h];
  }
}

static void emit(importer *im, const vmc_record *rec) {
  if (!im->failed && vmc_trace_write(im->w, rec) < 0) {
    im->failed = 1;
    snprintf(im->err, sizeof im->err, "%s", vmc_trace_writer_error(im->w));
  }
}

static int take_slot(importer *im, uint64_t chunk) {
  int s = -1, nb;
  if (chunk > 0 && (nb = find(im, chunk - 1)) >= 0 && nb + 1 < (int)NSLOTS && !im->slot_used[nb + 1])
    s = nb + 1;
  else if ((nb = find(im, chunk + 1)) >= 0 && nb > 0 && !im->slot_used[nb - 1])
    s = nb - 1;
  if (s < 0) {
    /* Leave a free slot after each new run so that it can grow upwards. */
    for (uint32_t i = im->cursor; i < NSLOTS && s < 0; i++)
      if (!im->slot_used[i] && (i == 0 || !im->slot_used[i - 1]))
        s = (int)i;
    for (uint32_t i = 0; i < NSLOTS && s < 0; i++)
      if (!im->slot_used[i])
        s = (int)i;
    if (s < 0)
      return -1;
    im->cursor = (uint32_t)s + 2;
  }
  im->slot_used[s] = 1;
  im->nslots++;
  uint32_t h = hash(chunk);
  while (im->key[h])
    h = (h + 1) % HASH_SIZE;
  im->key[h] = chunk + 1;
  im->slot_of[h] = (uint16_t)s;
  return s;
}

/* Relocates one original address, mapping or widening its slot first. */
static int relocate(importer *im, uint64_t addr, int op, uint32_t *va) {
  static const uint8_t need[3] = {VMC_PROT_R, VMC_PROT_W, VMC_PROT_X};
  uint64_t chunk = addr >> 20;
  int s = find(im, chunk);
  if (s < 0) {
    s = take_slot(im, chunk);
    if (s < 0) {
      snprintf(im->err, sizeof im->err,
               "footprint does not fit: the program touches more than %u distinct 1 MiB regions, "
               "the 32-bit user space 0x01000000-0x3F000000 holds %u (use --limit to import less)",
               NSLOTS, NSLOTS);
      return -1;
    }
    uint8_t prot = op == VMC_OP_FETCH ? VMC_PROT_R | VMC_PROT_X : VMC_PROT_R | VMC_PROT_W;
    vmc_record m = {.kind = VMC_MMAP, .pid = PID, .va = SLOT_BASE + (uint32_t)s * SLOT_SIZE, .len = SLOT_SIZE,
                    .prot = prot, .map_kind = VMC_MAP_ANON};
    emit(im, &m);
    im->slot_prot[s] = prot;
  }
  if (!(im->slot_prot[s] & need[op])) {
    im->slot_prot[s] |= need[op];
    vmc_record m = {.kind = VMC_MPROTECT, .pid = PID, .va = SLOT_BASE + (uint32_t)s * SLOT_SIZE, .len = SLOT_SIZE,
                    .prot = im->slot_prot[s]};
    emit(im, &m);
  }
  *va = SLOT_BASE + (uint32_t)s * SLOT_SIZE + (uint32_t)(addr & (SLOT_SIZE - 1));
  return 0;
}

/* One lackey access, split at page boundaries. 0, or -1 when the footprint does not fit. */
static int import_access(importer *im, int op, uint64_t addr, uint64_t size) {
  if (im->skipped < im->skip) {
    im->skipped++;
    return 0;
  }
  while (size > 0 && im->accesses < im->limit) {
    uint64_t to_page_end = VMC_PAGE_SIZE - (addr & (VMC_PAGE_SIZE - 1));
    uint64_t part = size < to_page_end ? size : to_page_end;
    if (part > 255)
      part = 255;
    uint32_t va;
    if (relocate(im, addr, op, &va) < 0)
      return -1;
    vmc_record r = {.kind = VMC_ACCESS, .op = (uint8_t)op, .va = va, .size = (uint8_t)part};
    emit(im, &r);
    im->accesses++;
    addr += part;
    size -= part;
  }
  return 0;
}

/* Parses "HEX,DEC" (after the operation letter). 0 or -1. */
static int parse_addr_size(const char *p, uint64_t *addr, uint64_t *size) {
  while (*p == ' ')
    p++;
  uint64_t a = 0;
  int digits = 0;
  for (;; p++, digits++) {
    int d = *p >= '0' && *p <= '9' ? *p - '0' : *p >= 'a' && *p <= 'f' ? *p - 'a' + 10
          : *p >= 'A' && *p <= 'F' ? *p - 'A' + 10 : -1;
    if (d < 0)
      break;
    if (digits >= 16)
      return -1;
    a = a << 4 | (uint64_t)d;
  }
  if (!digits || *p++ != ',')
    return -1;
  uint64_t s = 0;
  digits = 0;
  for (; *p >= '0' && *p <= '9'; p++, digits++) {
    if (digits >= 6)
      return -1;
    s = s * 10 + (uint64_t)(*p - '0');
  }
  while (*p == ' ' || *p == '\r' || *p == '\n')
    p++;
  if (!digits || s == 0 || *p)
    return -1;
  *addr = a;
  *size = s;
  return 0;
}

static const char *base_name(const char *path) {
  if (!strcmp(path, "-"))
    return "from standard input";
  const char *s = strrchr(path, '/');
  return s ? s + 1 : path;
}

static int usage(void) {
  tool_error("usage: vmctrace import-lackey IN OUT [--limit N] [--skip N] [--skip-junk] [--text|--binary] [--gzip]");
  return EXIT_USAGE;
}

int cmd_import_lackey(int argc, char **argv) {
  const char *in = NULL, *out = NULL;
  uint64_t limit = UINT64_MAX, skip = 0;
  int skip_junk = 0, enc_opt = -1, gz_opt = -1;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--limit") && i + 1 < argc) {
      if (tool_parse_u64(argv[++i], 0, &limit) || limit == 0)
        return usage();
    } else if (!strcmp(argv[i], "--skip") && i + 1 < argc) {
      if (tool_parse_u64(argv[++i], 0, &skip))
        return usage();
    } else if (!strcmp(argv[i], "--skip-junk")) {
      skip_junk = 1;
    } else if (!strcmp(argv[i], "--text")) {
      enc_opt = VMC_ENC_TEXT;
    } else if (!strcmp(argv[i], "--binary")) {
      enc_opt = VMC_ENC_BINARY;
    } else if (!strcmp(argv[i], "--gzip")) {
      gz_opt = 1;
    } else if (argv[i][0] == '-' && argv[i][1]) {
      return usage();
    } else if (!in) {
      in = argv[i];
    } else if (!out) {
      out = argv[i];
    } else {
      return usage();
    }
  }
  if (!in || !out)
    return usage();
  struct stat st;
  uint64_t in_size = strcmp(in, "-") && stat(in, &st) == 0 && S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
  gzFile f = strcmp(in, "-") ? gzopen(in, "rb") : gzdopen(0, "rb");
  if (!f)
    return tool_error("%s: cannot open", in), 1;
  gzbuffer(f, 1u << 18);
  vmc_encoding enc;
  int gz;
  tool_output_format(out, &enc, &gz);
  if (enc_opt >= 0)
    enc = (vmc_encoding)enc_opt;
  if (gz_opt >= 0)
    gz = gz_opt;
  importer *im = calloc(1, sizeof *im);
  vmc_trace_err err;
  if (!im || !(im->w = vmc_trace_writer_open(out, enc, gz, 0, &err))) {
    if (im)
      tool_error("%s", err.msg);
    free(im);
    gzclose(f);
    return 1;
  }
  im->limit = limit;
  im->skip = skip;
  char note[400];
  snprintf(note, sizeof note,
           "imported from Valgrind lackey output %s by vmctrace import-lackey\n"
           "each touched 1 MiB chunk is relocated to a 1 MiB slot in 0x01000000-0x3F000000, VA[19:0] kept",
           base_name(in));
  vmc_trace_write_comment(im->w, note);
  vmc_record r = {.kind = VMC_CREATE, .pid = PID};
  emit(im, &r);
  r.kind = VMC_SWITCH;
  emit(im, &r);

  char line[512];
  uint64_t lineno = 0, junk = 0;
  int status = 0;
  while (!im->failed && im->accesses < limit && gzgets(f, line, sizeof line)) {
    lineno++;
    if ((lineno & 0xffff) == 0) {
      if (tool_interrupted())
        break;
      tool_progress_bytes("import-lackey", im->accesses, (uint64_t)gzoffset(f), in_size);
    }
    size_t n = strlen(line);
    if (n == sizeof line - 1 && line[n - 1] != '\n') { /* overlong: never a lackey line */
      snprintf(im->err, sizeof im->err, "%s:%llu: line too long for lackey output", in, (unsigned long long)lineno);
      status = 1;
      break;
    }
    uint64_t addr, size;
    int op = -1;
    if (line[0] == 'I' && line[1] == ' ')
      op = VMC_OP_FETCH;
    else if (line[0] == ' ' && line[2] == ' ' && (line[1] == 'L' || line[1] == 'S' || line[1] == 'M'))
      op = line[1] == 'S' ? VMC_OP_WRITE : VMC_OP_READ;
    if (op >= 0 && parse_addr_size(line + 2, &addr, &size) == 0) {
      /* A modify is a read then a write of the same bytes. */
      if (import_access(im, op, addr, size) < 0 || (line[1] == 'M' && import_access(im, VMC_OP_WRITE, addr, size) < 0)) {
        char why[sizeof im->err];
        snprintf(why, sizeof why, "%s", im->err);
        snprintf(im->err, sizeof im->err, "%.150s:%llu: %.330s", in, (unsigned long long)lineno, why);
        status = 1;
        break;
      }
      continue;
    }
    if (line[0] == '=' && line[1] == '=') /* Valgrind's own messages */
      continue;
    if (line[0] == '\n' || (line[0] == '\r' && line[1] == '\n'))
      continue;
    if (skip_junk) {
      junk++;
      continue;
    }
    line[strcspn(line, "\r\n")] = 0;
    snprintf(im->err, sizeof im->err, "%s:%llu: not a lackey --trace-mem line: '%.60s' (--skip-junk ignores such lines)",
             in, (unsigned long long)lineno, line);
    status = 1;
    break;
  }
  int zerr = Z_OK;
  const char *zmsg = gzerror(f, &zerr);
  if (!status && zerr != Z_OK && zerr != Z_BUF_ERROR) {
    snprintf(im->err, sizeof im->err, "%s: read error: %s", in, zmsg);
    status = 1;
  } else if (!status && zerr == Z_BUF_ERROR) {
    snprintf(im->err, sizeof im->err, "%s: truncated gzip input", in);
    status = 1;
  }
  gzclose(f);
  tool_progress_done();
  if (tool_interrupted()) {
    vmc_trace_writer_abort(im->w);
    free(im);
    tool_error("interrupted");
    return EXIT_INTERRUPTED;
  }
  if (!status && !im->failed) {
    r.kind = VMC_EXIT;
    emit(im, &r);
  }
  if (status || im->failed) {
    tool_error("%s", im->err);
    vmc_trace_writer_abort(im->w);
    free(im);
    return 1;
  }
  if (vmc_trace_writer_close(im->w, &err) < 0) {
    tool_error("%s", err.msg);
    free(im);
    return 1;
  }
  fprintf(stderr, "vmctrace import-lackey: %llu lines, %llu accesses, %u regions of 1 MiB%s\n",
          (unsigned long long)lineno, (unsigned long long)im->accesses, im->nslots,
          junk ? " (some non-lackey lines skipped)" : "");
  free(im);
  return 0;
}
