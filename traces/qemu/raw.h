/* The raw stream the qemu plugin writes and `vmctrace record` reads: one file per guest
 * thread (named after its host thread id; a process's first thread has the process's pid), a
 * sequence of little-endian 64-bit words. It is an
 * internal format between two programs of the same build, not a trace format.
 *
 * A word whose top byte is 0 is an access: bits 31..0 the guest address, 39..32 the size in
 * bytes, 41..40 the operation (VMC_OP_READ, _WRITE, _FETCH). Any other top byte is the tag of
 * an event; its low 56 bits and the words after it are the event's payload (RAW_WORDS gives
 * how many follow). Strings (RAW_PATH) are a length in the tag word and the bytes, padded with
 * zeros to whole words. */
#ifndef VMCTRACE_QEMU_RAW_H
#define VMCTRACE_QEMU_RAW_H

#include <stdint.h>

enum raw_tag {
  RAW_START = 1,   /* low bits: RAW_START_*; words: own host thread id, parent host pid (fork)
                    * or the process's host pid (thread);
                    * a RAW_START after a RAW_EXEC in the same stream begins the new image */
  RAW_SYSCALL = 2, /* low bits: number; words: a1..a6, result */
  RAW_PATH = 3,    /* low bits: length; the bytes follow (the file of the event before) */
  RAW_MAP = 4,     /* start-up region: low bits: prot (VMC_PROT_*), bit 8 shared;
                    * words: start, end, file offset; a RAW_PATH follows (length 0 = anonymous) */
  RAW_EXEC = 5,    /* execve of an ARM program is about to replace this image; RAW_PATH follows */
  RAW_ERROR = 6,   /* the plugin stopped the program; RAW_PATH holds the reason */
};

enum { RAW_START_ROOT = 0, RAW_START_FORK = 1, RAW_START_THREAD = 2 };

#define RAW_TAG_SHIFT 56
#define RAW_TAG(w) ((unsigned)((w) >> RAW_TAG_SHIFT))
#define RAW_LOW(w) ((w) & ((UINT64_C(1) << RAW_TAG_SHIFT) - 1))
#define RAW_WORD(tag, low) (((uint64_t)(tag) << RAW_TAG_SHIFT) | (uint64_t)(low))
#define RAW_ACCESS(va, size, op) \
  ((uint64_t)(uint32_t)(va) | ((uint64_t)(size) << 32) | ((uint64_t)(op) << 40))
#define RAW_PATH_MAX 4096
/* A syscall result is an error when, as a 32-bit value, it lies in -4095..-1. */
#define RAW_SYSCALL_FAILED(ret) ((uint32_t)(ret) > 0xfffff000u)

/* Words that follow the tag word of fixed-size events. */
#define RAW_SYSCALL_WORDS 7
#define RAW_START_WORDS 2
#define RAW_MAP_WORDS 3

/* ARM EABI syscall numbers the recorder interprets. */
enum {
  SYS_exit = 1, SYS_fork = 2, SYS_execve = 11, SYS_brk = 45, SYS_munmap = 91,
  SYS_wait4 = 114, SYS_clone = 120, SYS_mprotect = 125, SYS_mremap = 163, SYS_vfork = 190,
  SYS_mmap2 = 192, SYS_madvise = 220, SYS_exit_group = 248, SYS_waitid = 280,
};

#endif
