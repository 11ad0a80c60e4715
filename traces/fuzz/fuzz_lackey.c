/* libFuzzer target for vmctrace import-lackey, run as the command runs: the input's first byte
 * picks options (--page-cross, --skip-junk, --skip, --warmup, text or binary output), the rest
 * is the log, written to a file. The command must exit 0 or 1 (never crash: ASan, UBSan); on 1
 * no output is left; on 0 the output reads back as valid records whose accesses all lie in the
 * relocation window 0x01000000-0x3F000000 and whose mmaps are 1 MiB slots there. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../tool/common.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static char dir[512]; /* a fresh folder for the input and output files, removed at exit */

static void remove_dir(void) { rmdir(dir); }

static void fail(const char *what, const char *detail) {
  /* stdout: the test closes the command's stderr (libFuzzer keeps its own report there) */
  printf("fuzz_lackey: %s: %s\n", what, detail);
  fflush(stdout);
  abort();
}

static void check_output(const char *out) {
  vmc_trace_err err;
  vmc_trace_reader *r = vmc_trace_open(out, &err);
  if (!r)
    fail("the import's output does not open", err.msg);
  vmc_record rec;
  char msg[128];
  int rc;
  while ((rc = vmc_trace_next(r, &rec)) == 1) {
    if (vmc_record_check(&rec, msg, sizeof msg) != 0)
      fail("invalid record in the output", msg);
    if (rec.kind == VMC_ACCESS && (rec.va < 0x01000000u || (uint64_t)rec.va + rec.size > 0x3F000000u))
      fail("access outside the relocation window", out);
    if (rec.kind == VMC_MMAP && (rec.va < 0x01000000u || rec.va >= 0x3F000000u || rec.len != 0x100000u))
      fail("mmap that is not a slot", out);
  }
  if (rc < 0)
    fail("the import's output does not read back", vmc_trace_error(r));
  vmc_trace_close(r);
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size) {
  if (size < 1)
    return 0;
  if (!dir[0]) {
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/vmc-fuzz-lackey-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    if (!mkdtemp(dir))
      fail("mkdtemp", dir);
    atexit(remove_dir);
  }
  char in[sizeof dir + 16], out[sizeof dir + 16];
  const unsigned flags = data[0];
  snprintf(in, sizeof in, "%s/in.log", dir);
  snprintf(out, sizeof out, "%s/out.%s", dir, flags & 1 ? "vmtb" : "vmt");
  FILE *f = fopen(in, "wb");
  if (!f || fwrite(data + 1, 1, size - 1, f) != size - 1 || fclose(f) != 0)
    fail("cannot write the input", in);
  char *argv[12];
  int argc = 0;
  argv[argc++] = "import-lackey";
  argv[argc++] = in;
  argv[argc++] = out;
  argv[argc++] = "--page-cross";
  argv[argc++] = flags & 2 ? "first" : "split";
  if (flags & 4)
    argv[argc++] = "--skip-junk";
  if (flags & 8)
    argv[argc++] = "--skip", argv[argc++] = "1";
  if (flags & 16)
    argv[argc++] = "--warmup", argv[argc++] = "2";
  const int rc = cmd_import_lackey(argc, argv);
  if (rc == 0)
    check_output(out);
  else if (rc != 1)
    fail("exit status neither 0 nor 1", in);
  else if (access(out, F_OK) == 0)
    fail("a failed import left its output", out);
  unlink(out);
  unlink(in);
  return 0;
}
