# Virtual-memory part of the firmware: short-descriptor page tables, level-2 table pool, ASIDs
# and context switch, the two layout profiles, address spaces and regions, vmalloc, kmap, the
# page-fault handler, fork/mmap/munmap/mprotect, and their tests. Included by
# firmware/CMakeLists.txt after it defines vmcfw.
set(VMCFW_VM_DIR ${CMAKE_CURRENT_LIST_DIR})

target_sources(vmcfw PRIVATE
  ${VMCFW_VM_DIR}/mmu_desc.c
  ${VMCFW_VM_DIR}/mmu_l2pool.c
  ${VMCFW_VM_DIR}/mmu_tlb.c
  ${VMCFW_VM_DIR}/mmu_asid.c
  ${VMCFW_VM_DIR}/mmu_context.c
  ${VMCFW_VM_DIR}/mmu_map.c
  ${VMCFW_VM_DIR}/mmu_query.c
  ${VMCFW_VM_DIR}/vm_layout.c
  ${VMCFW_VM_DIR}/vm_region_tree.c
  ${VMCFW_VM_DIR}/vm_region.c
  ${VMCFW_VM_DIR}/vm_space.c
  ${VMCFW_VM_DIR}/vm_page_ref.c
  ${VMCFW_VM_DIR}/vm_pagecache.c
  ${VMCFW_VM_DIR}/vm_filemap.c
  ${VMCFW_VM_DIR}/vm_shmem.c
  ${VMCFW_VM_DIR}/vm_fault.c
  ${VMCFW_VM_DIR}/vm_vmalloc.c
  ${VMCFW_VM_DIR}/vm_kmap.c
  ${VMCFW_VM_DIR}/vm_highmap.c
  ${VMCFW_VM_DIR}/vm_fork.c
  ${VMCFW_VM_DIR}/vm_mmap.c
  ${VMCFW_VM_DIR}/vm_check.c)

include(${PROJECT_SOURCE_DIR}/firmware/test/vm/tests.cmake)
