@ Test program of known behaviour, without libc: the system calls whose trace records are
@ worked out rather than copied (docs/qemu-tracer.md): brk grows the break by 3 pages and
@ shrinks it by 2, a 4-page anonymous mapping shrinks in place to 2 pages with mremap,
@ madvise(MADV_DONTNEED) drops its first page, munmap removes it. One store to each page
@ while it is mapped.
        .syntax unified
        .arm
        .text
        .global _start
_start:
        mov     r0, #0                  @ brk(0): the break b0
        mov     r7, #45
        svc     #0
        mov     r8, r0
        add     r0, r8, #0x3000         @ brk(b0 + 3 pages)
        svc     #0
        mov     r1, r8                  @ a store to each new page
        str     r0, [r1]
        add     r1, r1, #0x1000
        str     r0, [r1]
        add     r1, r1, #0x1000
        str     r0, [r1]
        add     r0, r8, #0x1000         @ brk(b0 + 1 page): 2 pages given back
        svc     #0
        mov     r0, #0                  @ mmap2(NULL, 4 pages, rw-, private anonymous)
        mov     r1, #0x4000
        mov     r2, #3
        mov     r3, #0x22
        mvn     r4, #0
        mov     r5, #0
        mov     r7, #192
        svc     #0
        mov     r9, r0
        add     r1, r9, #0x3000         @ a store to its last page
        str     r0, [r1]
        mov     r0, r9                  @ mremap(a, 4 pages, 2 pages, 0): shrinks in place
        mov     r1, #0x4000
        mov     r2, #0x2000
        mov     r3, #0
        mov     r7, #163
        svc     #0
        mov     r0, r9                  @ madvise(a, 1 page, MADV_DONTNEED)
        mov     r1, #0x1000
        mov     r2, #4
        mov     r7, #220
        svc     #0
        str     r0, [r9]
        mov     r0, r9                  @ munmap(a, 2 pages)
        mov     r1, #0x2000
        mov     r7, #91
        svc     #0
        mov     r0, #0                  @ exit_group(0)
        mov     r7, #248
        svc     #0
