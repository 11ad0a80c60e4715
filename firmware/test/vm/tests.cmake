# Tests of the virtual-memory part (label unit): one small C program per test, linked to vmcfw,
# the host HAL and the test helpers (vm_test.c: boot, checks, an independent table walker).
# Included from firmware/vm/part.cmake.
set(VMCFW_VM_TEST_DIR ${PROJECT_SOURCE_DIR}/firmware/test/vm)

add_library(vmcfw_vm_testutil STATIC ${VMCFW_VM_TEST_DIR}/vm_test.c)
target_link_libraries(vmcfw_vm_testutil PUBLIC vmcfw vmcfw_hal_host)
# Tests may reach the internal headers (e.g. the region tree invariant check).
target_include_directories(vmcfw_vm_testutil PUBLIC ${VMCFW_VM_TEST_DIR} ${PROJECT_SOURCE_DIR}/firmware/vm)
vmcosim_warnings(vmcfw_vm_testutil)
if(TARGET vmcmodel)
  # The reference model's walker as a second, independent oracle.
  target_link_libraries(vmcfw_vm_testutil PUBLIC vmcmodel)
  target_compile_definitions(vmcfw_vm_testutil PRIVATE VM_TEST_HAVE_VMCMODEL=1)
endif()

# vmcfw_vm_test(<test name> <source without .c>)
function(vmcfw_vm_test name source)
  set(target fw_vm_${source})
  if(NOT TARGET ${target})
    vmcosim_add_c_test_program(${target} SOURCES ${VMCFW_VM_TEST_DIR}/${source}.c
      LIBS vmcfw_vm_testutil)
  endif()
  vmcosim_add_test(NAME ${name} LABEL unit COMMAND $<TARGET_FILE:${target}> ${ARGN} TIMEOUT 60)
endfunction()

vmcfw_vm_test(fw.pgtable.desc_golden test_desc_golden)
vmcfw_vm_test(fw.pgtable.map_section test_pgtable_map section)
vmcfw_vm_test(fw.pgtable.map_pages test_pgtable_map pages)
vmcfw_vm_test(fw.pgtable.mixed test_pgtable_map mixed)
vmcfw_vm_test(fw.pgtable.large_pages test_pgtable_ops large)
vmcfw_vm_test(fw.pgtable.section_split test_pgtable_ops split)
vmcfw_vm_test(fw.pgtable.protect test_pgtable_ops protect)
vmcfw_vm_test(fw.pgtable.move test_pgtable_ops move)
vmcfw_vm_test(fw.pgtable.l2_sharing test_pgtable_ops l2share)
vmcfw_vm_test(fw.pgtable.asid test_pgtable_ops asid)
vmcfw_vm_test(fw.pgtable.context_switch test_pgtable_ops switch)
vmcfw_vm_test(fw.pgtable.errors test_pgtable_ops errors)
vmcfw_vm_test(fw.region.api test_region api)
vmcfw_vm_test(fw.region.tree test_region tree)
vmcfw_vm_test(fw.region.misc_api test_region misc)
vmcfw_vm_test(fw.space.liteos_layout test_space liteos)
vmcfw_vm_test(fw.space.linux_layout test_space linux)
vmcfw_vm_test(fw.space.highmem_kmap test_space highmem)
vmcfw_vm_test(fw.vmalloc.basic test_space vmalloc)
vmcfw_vm_test(fw.space.create_destroy test_space destroy)
