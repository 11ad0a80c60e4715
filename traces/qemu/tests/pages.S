@ Test program of known behaviour, without libc: maps 16 anonymous pages, writes one word to
@ each of the first 10, makes pages 4..7 read-only, reads those 4, unmaps the 16 pages and
@ exits. Executed by hand: 81 instructions (fetches of 4 bytes), 10 stores, 4 loads, and
@ 10 demand-zero faults (the program touches no other anonymous page: not even its stack).
        .syntax unified
        .arm
        .text
        .global _start
_start:
        mov     r0, #0                  @ mmap2(NULL, 16 pages, PROT_READ|PROT_WRITE,
        mov     r1, #0x10000            @       MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)
        mov     r2, #3
        mov     r3, #0x22
        mvn     r4, #0
        mov     r5, #0
        mov     r7, #192
        svc     #0                      @ 8 instructions so far
        mov     r8, r0                  @ 9
        mov     r6, #10
        mov     r1, r8                  @ 11
1:      str     r6, [r1]                @ one store per page: 10 x 4 instructions
        add     r1, r1, #4096
        subs    r6, r6, #1
        bne     1b                      @ 51
        add     r0, r8, #0x4000         @ mprotect(base + 4 pages, 4 pages, PROT_READ)
        mov     r1, #0x4000
        mov     r2, #1
        mov     r7, #125
        svc     #0                      @ 56
        add     r1, r8, #0x4000
        mov     r6, #4                  @ 58
2:      ldr     r3, [r1]                @ one load per read-only page: 4 x 4 instructions
        add     r1, r1, #4096
        subs    r6, r6, #1
        bne     2b                      @ 74
        mov     r0, r8                  @ munmap(base, 16 pages)
        mov     r1, #0x10000
        mov     r7, #91
        svc     #0                      @ 78
        mov     r0, #0                  @ exit_group(0)
        mov     r7, #248
        svc     #0                      @ 81
