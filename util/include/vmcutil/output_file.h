/* Writing an output file without clobbering what must not be clobbered.
 *
 *   "-"                      standard output, written directly
 *   a FIFO, device, socket   opened and written directly (never replaced by a regular file)
 *   a regular file, new name written to a mkstemp temporary beside it, renamed onto it only
 *                            when everything was written (readers never see half a file)
 *   a symlink                the same rules applied to its target: the target is written,
 *                            the link stays
 *   a directory              refused
 *
 * A writer killed with SIGKILL leaves its temporary behind; the next vmc_output_open of the same
 * name removes such temporaries (those no live writer holds an flock on).
 *
 * Usage: vmc_output_open, write to .fd (or to vmc_output_stream), then vmc_output_commit, or
 * vmc_output_abort on failure (removes the temporary). */
#ifndef VMCUTIL_OUTPUT_FILE_H
#define VMCUTIL_OUTPUT_FILE_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int fd;       /* where to write; set it to -1 if something else (gzclose) closed it */
  FILE *stream; /* from vmc_output_stream, closed by commit/abort */
  char *target; /* the name renamed onto (a symlink's target), NULL when written directly */
  char *tmp;    /* the temporary, NULL when written directly */
} vmc_output_file;

/* 0, or -1 with a message naming the path in err. */
int vmc_output_open(vmc_output_file *o, const char *path, char *err, size_t errlen);
/* A stdio stream on the output (owned by o). NULL on failure. */
FILE *vmc_output_stream(vmc_output_file *o);
/* Flushes and closes, then renames the temporary into place. 0, or -1 with a message (the
 * temporary is removed). */
int vmc_output_commit(vmc_output_file *o, char *err, size_t errlen);
/* Closes and removes the temporary; the target is untouched. */
void vmc_output_abort(vmc_output_file *o);

/* Whether vmc_output_open would succeed, without writing anything and without blocking on a
 * FIFO: for a program that should refuse an unwritable output before a long run. */
int vmc_output_check(const char *path, char *err, size_t errlen);

/* 1 when both names reach the same existing file (device and inode), so that a tool can refuse
 * to write its output over one of its inputs. */
int vmc_same_file(const char *a, const char *b);

#ifdef __cplusplus
}
#endif

#endif
