/*
 * LiteOS-A basic types and return codes, as code written against the LiteOS-A documents
 * expects them. Addresses of the simulated machine are 32-bit (PADDR_T, VADDR_T); host
 * pointers (what LOS_KernelMalloc or OsVmPageToVaddr return) are the host's width.
 */
#ifndef LOS_TYPEDEF_H
#define LOS_TYPEDEF_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>

#define VOID   void
typedef uint8_t   UINT8;
typedef uint16_t  UINT16;
typedef uint32_t  UINT32;
typedef uint64_t  UINT64;
typedef int8_t    INT8;
typedef int16_t   INT16;
typedef int32_t   INT32;
typedef int64_t   INT64;
typedef char      CHAR;
typedef uintptr_t UINTPTR;
typedef intptr_t  INTPTR;
typedef size_t    size_t_los;
typedef bool      BOOL;
typedef int       STATUS_T;

typedef UINT32 PADDR_T;   /* physical address of the simulated machine */
typedef UINT32 VADDR_T;   /* virtual address of the simulated machine  */
typedef UINT32 PTE_T;     /* one short-format descriptor               */

#ifndef TRUE
#define TRUE  true
#endif
#ifndef FALSE
#define FALSE false
#endif

#define LOS_OK     0U
#define LOS_NOK    1U

#define STATIC     static
#define INLINE     inline
#define LITE_OS_SEC_TEXT
#define LITE_OS_SEC_TEXT_INIT
#define LITE_OS_SEC_TEXT_MINOR
#define LITE_OS_SEC_DATA
#define LITE_OS_SEC_BSS
#define LITE_OS_SEC_RODATA

#ifndef UNUSED
#define UNUSED(var) ((VOID)(var))
#endif

#endif /* LOS_TYPEDEF_H */
