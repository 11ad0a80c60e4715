/*
 * Error codes of the virtual-memory part, with LiteOS-A's names and values (negative, 0 is
 * success). Guarded one by one so that another header defining the same names with the same
 * values does not clash.
 */
#ifndef LOS_VM_ERRNO_H
#define LOS_VM_ERRNO_H

#ifndef LOS_ERRNO_VM_NO_ERROR
#define LOS_ERRNO_VM_NO_ERROR        (0)
#endif
#ifndef LOS_ERRNO_VM_NOT_FOUND
#define LOS_ERRNO_VM_NOT_FOUND       (-2)   /* no mapping / no region at the address */
#endif
#ifndef LOS_ERRNO_VM_NO_MEMORY
#define LOS_ERRNO_VM_NO_MEMORY       (-5)   /* out of physical pages or table memory */
#endif
#ifndef LOS_ERRNO_VM_NOT_VALID
#define LOS_ERRNO_VM_NOT_VALID       (-7)   /* unaligned address or length (LOS_VaddrToPaddrMmap) */
#endif
#ifndef LOS_ERRNO_VM_INVALID_ARGS
#define LOS_ERRNO_VM_INVALID_ARGS    (-8)
#endif
#ifndef LOS_ERRNO_VM_ALREADY_EXISTS
#define LOS_ERRNO_VM_ALREADY_EXISTS  (-14)  /* the range is already mapped           */
#endif
#ifndef LOS_ERRNO_VM_BUSY
#define LOS_ERRNO_VM_BUSY            (-33)  /* a region is already there (LOS_VaddrToPaddrMmap) */
#endif
#ifndef LOS_ERRNO_VM_OUT_OF_RANGE
#define LOS_ERRNO_VM_OUT_OF_RANGE    (-37)
#endif
#ifndef LOS_ERRNO_VM_NO_RESOURCES
#define LOS_ERRNO_VM_NO_RESOURCES    (-41)  /* no free ASID                          */
#endif
#ifndef LOS_ERRNO_VM_ACCESS_DENIED
#define LOS_ERRNO_VM_ACCESS_DENIED   (-43)  /* access not allowed by the region      */
#endif
#ifndef LOS_ERRNO_VM_MAP_FAILED
#define LOS_ERRNO_VM_MAP_FAILED      (-46)
#endif

#endif /* LOS_VM_ERRNO_H */
