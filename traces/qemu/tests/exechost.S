@ Test program without libc: 3 stores to its stack, then execve("/bin/true"), a host program
@ that runs untraced: the trace holds the 8 fetches and 3 stores, then the process's exit.
        .syntax unified
        .arm
        .text
        .global _start
_start:
        str     sp, [sp, #-4]           @ 3 stores below the stack pointer
        str     sp, [sp, #-8]
        str     sp, [sp, #-12]
        adr     r0, path                @ execve("/bin/true", argv, NULL)
        adr     r1, argv
        mov     r2, #0
        mov     r7, #11
        svc     #0                      @ 8 instructions
        mov     r0, #1                  @ only if execve failed: exit_group(1)
        mov     r7, #248
        svc     #0
path:   .asciz  "/bin/true"
        .balign 4
argv:   .word   path, 0
