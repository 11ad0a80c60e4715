/* import-lackey: Valgrind `--tool=lackey --trace-mem=yes` output to a vmctrace trace.
 *
 * Relocation: an x86-64 program touches addresses far above 4 GiB. Each 1 MiB chunk of the
 * original address space that the program touches gets a 1 MiB slot of the 32-bit user space
 * 0x01000000-0x3F000000 (992 slots), with the offset inside the chunk kept. So every 4 KiB
 * page stays distinct (the chunk map is one-to-one) and VA[19:0] is unchanged, which keeps
 * the low 8 bits of every virtual page number (VA[19:12], the bits that index TLB sets).
 * Neighbouring chunks get neighbouring slots when free, so regions that cross a 1 MiB boundary
 * stay contiguous. A slot is mmap'd rwx when first touched, and never changed: the trace holds
 * no protection change the program did not make. --skip, --limit and --warmup all count lackey
 * access lines (I, L, S, M), whatever they become. */
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

/* How an access that crosses a 4 KiB boundary is imported (--page-cross). */
typedef enum { CROSS_SPLIT, CROSS_FIRST } cross_rule;

typedef struct importer {
  vmc_trace_writer *w;
  uint64_t key[HASH_SIZE];  /* original chunk number + 1; 0 = empty */
  uint16_t slot_of[HASH_SIZE];
  uint8_t slot_used[NSLOTS];
  uint64_t last_chunk;      /* the last chunk relocated, and its slot's base (a cache) */
  uint32_t last_base;
  uint32_t cursor;
  uint32_t nslots;
  cross_rule cross;
  uint64_t accesses;        /* access records written */
  uint64_t lines;           /* lackey access lines seen (I, L, S, M), skipped ones included */
  uint64_t skip, limit;     /* in lackey access lines */
  uint64_t warmup;          /* marker after this many imported lines; 0 = none */
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

/* The base of the slot that holds chunk, mapping it first when new. Every slot is mapped rwx
 * at its first touch: lackey carries no permissions, and a slot that allowed less would need a
 * protection change the program never made, which would perturb the TLBs (invalidations, write
 * faults) where a tool without an OS sees nothing. 0 when the footprint does not fit. */
static uint32_t slot_base(importer *im, uint64_t chunk) {
  if (chunk == im->last_chunk && im->last_base)
    return im->last_base;
  int s = find(im, chunk);
  if (s < 0) {
    s = take_slot(im, chunk);
    if (s < 0) {
      snprintf(im->err, sizeof im->err,
               "footprint does not fit: the program touches more than %u distinct 1 MiB regions, "
               "the 32-bit user space 0x01000000-0x3F000000 holds %u (use --limit to import less)",
               NSLOTS, NSLOTS);
      return 0;
    }
    vmc_record m = {.kind = VMC_MMAP, .pid = PID, .va = SLOT_BASE + (uint32_t)s * SLOT_SIZE, .len = SLOT_SIZE,
                    .prot = VMC_PROT_R | VMC_PROT_W | VMC_PROT_X, .map_kind = VMC_MAP_ANON};
    emit(im, &m);
  }
  im->last_chunk = chunk;
  im->last_base = SLOT_BASE + (uint32_t)s * SLOT_SIZE;
  return im->last_base;
}

/* One lackey access (already past --skip). An access that crosses a 4 KiB boundary is split at
 * the boundary (CROSS_SPLIT), or keeps only its part in the first byte's page (CROSS_FIRST).
 * 0, or -1 when the footprint does not fit. */
static int import_access(importer *im, int op, uint64_t addr, uint64_t size) {
  while (size > 0) {
    uint64_t to_page_end = VMC_PAGE_SIZE - (addr & (VMC_PAGE_SIZE - 1));
    uint64_t part = size < to_page_end ? size : to_page_end;
    if (part > 255)
      part = 255;
    uint32_t base = slot_base(im, addr >> 20);
    if (!base)
      return -1;
    vmc_record r = {.kind = VMC_ACCESS, .op = (uint8_t)op, .va = base + (uint32_t)(addr & (SLOT_SIZE - 1)),
                    .size = (uint8_t)part};
    emit(im, &r);
    im->accesses++;
    if (im->cross == CROSS_FIRST && part == to_page_end)
      break;
    addr += part;
    size -= part;
  }
  return 0;
}

/* Hex digit values, -1 for anything else. */
static signed char hex_val[256];

static void hex_init(void) {
  memset(hex_val, -1, sizeof hex_val);
  for (int i = 0; i < 10; i++)
    hex_val['0' + i] = (signed char)i;
  for (int i = 0; i < 6; i++)
    hex_val['a' + i] = hex_val['A' + i] = (signed char)(10 + i);
}

/* Parses "HEX,DEC" (after the operation letter) up to the end of a NUL-terminated line. 0 or -1. */
static int parse_addr_size(const char *p, uint64_t *addr, uint64_t *size) {
  while (*p == ' ')
    p++;
  uint64_t a = 0;
  int digits = 0, d;
  for (; (d = hex_val[(unsigned char)*p]) >= 0; p++, digits++) {
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
  while (*p == ' ' || *p == '\r')
    p++;
  if (!digits || s == 0 || *p)
    return -1;
  *addr = a;
  *size = s;
  return 0;
}

/* Lines of the (possibly gzip'd) log, read in large blocks: gzgets per line costs more than
 * the parsing. A line is handed out NUL-terminated, without its newline. */
#define LINE_MAX_LEN 511
#define BLOCK (1u << 18)

typedef struct line_reader {
  gzFile f;
  char buf[BLOCK + LINE_MAX_LEN + 2];
  size_t pos, end;
  int eof;
} line_reader;

/* The next line, NULL at the end of input or on a read error (see gzerror); *too_long is set
 * for a line longer than LINE_MAX_LEN (never a lackey line). */
static char *next_line(line_reader *lr, int *too_long) {
  for (;;) {
    char *start = lr->buf + lr->pos;
    char *nl = memchr(start, '\n', lr->end - lr->pos);
    if (nl) {
      *nl = 0;
      lr->pos = (size_t)(nl - lr->buf) + 1;
      *too_long = nl - start > LINE_MAX_LEN;
      return start;
    }
    size_t left = lr->end - lr->pos;
    if (left > LINE_MAX_LEN) {
      *too_long = 1;
      return start;
    }
    if (lr->eof) {
      if (!left)
        return NULL;
      start[left] = 0; /* a last line without a newline */
      lr->pos = lr->end;
      *too_long = 0;
      return start;
    }
    memmove(lr->buf, start, left);
    lr->pos = 0;
    lr->end = left;
    int n = gzread(lr->f, lr->buf + left, BLOCK);
    if (n <= 0)
      lr->eof = 1;
    else
      lr->end += (size_t)n;
  }
}

static const char *base_name(const char *path) {
  if (!strcmp(path, "-"))
    return "from standard input";
  const char *s = strrchr(path, '/');
  return s ? s + 1 : path;
}

static int usage(void) {
  tool_error("usage: vmctrace import-lackey IN OUT [--skip N] [--limit N] [--warmup N] [--page-cross split|first] "
             "[--skip-junk] [--text|--binary] [--gzip] [--level N]");
  return EXIT_USAGE;
}

/* One line of the log: an access imported, skipped or beyond --limit, or Valgrind's own or a
 * blank line. 1 for a line that is none of these, -1 when the footprint does not fit. */
static int import_line(importer *im, const char *line) {
  int op;
  if (line[0] == 'I' && line[1] == ' ')
    op = VMC_OP_FETCH;
  else if (line[0] == ' ' && (line[1] == 'L' || line[1] == 'S' || line[1] == 'M') && line[2] == ' ')
    op = line[1] == 'S' ? VMC_OP_WRITE : VMC_OP_READ;
  else
    return (line[0] == '=' && line[1] == '=') || line[0] == 0 || (line[0] == '\r' && line[1] == 0) ? 0 : 1;
  uint64_t addr, size;
  if (parse_addr_size(line + 2, &addr, &size) < 0)
    return 1;
  if (++im->lines <= im->skip)
    return 0;
  /* A modify is a read then a write of the same bytes. */
  if (import_access(im, op, addr, size) < 0 || (line[1] == 'M' && import_access(im, VMC_OP_WRITE, addr, size) < 0))
    return -1;
  if (im->lines - im->skip == im->warmup) {
    vmc_record m = {.kind = VMC_MARKER, .marker = 1};
    strcpy(m.name, "warmup_end");
    emit(im, &m);
  }
  return 0;
}

int cmd_import_lackey(int argc, char **argv) {
  const char *in = NULL, *out = NULL;
  uint64_t limit = UINT64_MAX, skip = 0, warmup = 0;
  int skip_junk = 0, enc_opt = -1, gz_opt = -1, level = 0;
  cross_rule cross = CROSS_SPLIT;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--limit") && i + 1 < argc) {
      if (tool_parse_u64(argv[++i], 0, &limit) || limit == 0)
        return usage();
    } else if (!strcmp(argv[i], "--skip") && i + 1 < argc) {
      if (tool_parse_u64(argv[++i], 0, &skip))
        return usage();
    } else if (!strcmp(argv[i], "--warmup") && i + 1 < argc) {
      if (tool_parse_u64(argv[++i], 0, &warmup))
        return usage();
    } else if (!strcmp(argv[i], "--page-cross") && i + 1 < argc) {
      i++;
      if (!strcmp(argv[i], "split"))
        cross = CROSS_SPLIT;
      else if (!strcmp(argv[i], "first"))
        cross = CROSS_FIRST;
      else
        return usage();
    } else if (!strcmp(argv[i], "--level") && i + 1 < argc) {
      if (tool_parse_level(argv[++i], &level))
        return tool_error("import-lackey: --level '%s': not a number from 1 to 9", argv[i]), EXIT_USAGE;
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
  if (warmup && limit != UINT64_MAX && warmup >= limit) {
    tool_error("--warmup %llu must be below --limit %llu", (unsigned long long)warmup, (unsigned long long)limit);
    return EXIT_USAGE;
  }
  hex_init();
  struct stat st;
  uint64_t in_size = strcmp(in, "-") && stat(in, &st) == 0 && S_ISREG(st.st_mode) ? (uint64_t)st.st_size : 0;
  line_reader *lr = calloc(1, sizeof *lr);
  if (!lr)
    return tool_error("out of memory"), 1;
  lr->f = strcmp(in, "-") ? gzopen(in, "rb") : gzdopen(0, "rb");
  if (!lr->f) {
    free(lr);
    return tool_error("%s: cannot open", in), 1;
  }
  gzbuffer(lr->f, 1u << 18);
  vmc_encoding enc;
  int gz;
  tool_output_format(out, enc_opt, gz_opt, &enc, &gz);
  importer *im = calloc(1, sizeof *im);
  vmc_trace_err err;
  if (!im || !(im->w = vmc_trace_writer_open(out, enc, gz, level, &err))) {
    if (im)
      tool_error("%s", err.msg);
    free(im);
    gzclose(lr->f);
    free(lr);
    return 1;
  }
  im->limit = limit;
  im->skip = skip;
  im->warmup = warmup;
  im->cross = cross;
  char note[400];
  snprintf(note, sizeof note,
           "imported from Valgrind lackey output %s by vmctrace import-lackey\n"
           "each touched 1 MiB chunk is relocated to a 1 MiB slot in 0x01000000-0x3F000000, VA[19:0] kept\n"
           "page-crossing accesses: %s",
           base_name(in), cross == CROSS_SPLIT ? "split at the page boundary" : "first byte's page only");
  vmc_trace_write_comment(im->w, note);
  vmc_record r = {.kind = VMC_CREATE, .pid = PID};
  emit(im, &r);
  r.kind = VMC_SWITCH;
  emit(im, &r);

  uint64_t lineno = 0, junk = 0, end = skip > UINT64_MAX - limit ? UINT64_MAX : skip + limit;
  int status = 0, too_long;
  char *line;
  while (!im->failed && im->lines < end && (line = next_line(lr, &too_long))) {
    lineno++;
    if ((lineno & 0xffff) == 0) {
      if (tool_interrupted())
        break;
      tool_progress_bytes("import-lackey", im->accesses, (uint64_t)gzoffset(lr->f), in_size);
    }
    if (too_long) {
      snprintf(im->err, sizeof im->err, "%s:%llu: line too long for lackey output", in, (unsigned long long)lineno);
      status = 1;
      break;
    }
    int rc = import_line(im, line);
    if (rc < 0) {
      char why[sizeof im->err];
      snprintf(why, sizeof why, "%s", im->err);
      snprintf(im->err, sizeof im->err, "%.150s:%llu: %.330s", in, (unsigned long long)lineno, why);
      status = 1;
      break;
    }
    if (rc == 0)
      continue;
    if (skip_junk) {
      junk++;
      continue;
    }
    line[strcspn(line, "\r")] = 0;
    snprintf(im->err, sizeof im->err, "%s:%llu: not a lackey --trace-mem line: '%.60s' (--skip-junk ignores such lines)",
             in, (unsigned long long)lineno, line);
    status = 1;
    break;
  }
  int zerr = Z_OK;
  const char *zmsg = gzerror(lr->f, &zerr);
  if (!status && zerr != Z_OK && zerr != Z_BUF_ERROR) {
    snprintf(im->err, sizeof im->err, "%s: read error: %s", in, zmsg);
    status = 1;
  } else if (!status && zerr == Z_BUF_ERROR) {
    snprintf(im->err, sizeof im->err, "%s: truncated gzip input", in);
    status = 1;
  }
  gzclose(lr->f);
  free(lr);
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
  uint64_t imported = im->lines > skip ? im->lines - skip : 0;
  fprintf(stderr, "vmctrace import-lackey: %llu lines, %llu lackey accesses imported, %llu access records, %u regions of 1 MiB%s\n",
          (unsigned long long)lineno, (unsigned long long)imported, (unsigned long long)im->accesses, im->nslots,
          junk ? " (some non-lackey lines skipped)" : "");
  if (warmup && imported < warmup)
    fprintf(stderr, "vmctrace import-lackey: warning: no warm-up marker, only %llu lackey accesses were imported (--warmup %llu)\n",
            (unsigned long long)imported, (unsigned long long)warmup);
  free(im);
  return 0;
}
