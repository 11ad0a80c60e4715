# Tests of the physical-memory part (label unit): one small C program per test, each linked to
# vmcfw, the host HAL and the checks every firmware test shares (vmcfw_testutil, fw_test.h).
# Included from firmware/phys/part.cmake, before the virtual-memory tests, which use it too.
set(VMCFW_PHYS_TEST_DIR ${PROJECT_SOURCE_DIR}/firmware/test/phys)

add_library(vmcfw_testutil STATIC ${PROJECT_SOURCE_DIR}/firmware/test/fw_test.c)
target_include_directories(vmcfw_testutil PUBLIC ${PROJECT_SOURCE_DIR}/firmware/test)
target_link_libraries(vmcfw_testutil PUBLIC vmcfw)
vmcosim_warnings(vmcfw_testutil)

function(vmcfw_phys_test name source)
  set(target fw_${source})
  vmcosim_add_c_test_program(${target} SOURCES ${VMCFW_PHYS_TEST_DIR}/${source}.c
    LIBS vmcfw vmcfw_hal_host vmcfw_testutil)
  vmcosim_add_test(NAME ${name} LABEL unit COMMAND $<TARGET_FILE:${target}> TIMEOUT 60)
endfunction()

vmcfw_phys_test(fw.buddy.split_merge test_buddy_split_merge)

# The seed document's development example, compiled unchanged. It passes UINT32 values to %zu
# and sets variables it never reads; those warnings belong to the verbatim document text, so
# they are silenced for this one target (our own main file keeps every warning).
add_executable(fw_seed_phys_example
  ${VMCFW_PHYS_TEST_DIR}/seed_phys_example.c ${VMCFW_PHYS_TEST_DIR}/seed_phys_example_main.c)
target_link_libraries(fw_seed_phys_example PRIVATE vmcfw vmcfw_hal_host)
vmcosim_warnings(fw_seed_phys_example)
set_source_files_properties(${VMCFW_PHYS_TEST_DIR}/seed_phys_example.c PROPERTIES
  COMPILE_OPTIONS "-Wno-format;-Wno-unused-but-set-variable;-Wno-missing-prototypes")
vmcosim_add_test(NAME fw.phys.seed_example LABEL unit TIMEOUT 60
  COMMAND ${CMAKE_COMMAND} -DPROGRAM=$<TARGET_FILE:fw_seed_phys_example>
          -DEXPECTED=${VMCFW_PHYS_TEST_DIR}/seed_phys_example.expected
          -P ${VMCFW_PHYS_TEST_DIR}/run_expect.cmake)

# The same example built outside the project against `cmake --install` output, through
# pkg-config. The libraries must exist: the test depends on them being built (ctest after a
# full build). Sanitizer builds pass their flags on, as an outside user of such a build must.
set(VMCFW_INSTALL_EXTRA_FLAGS "")
if(VMCOSIM_SANITIZE)
  set(VMCFW_INSTALL_EXTRA_FLAGS "-fsanitize=address,undefined")
endif()
vmcosim_add_test(NAME fw.phys.seed_example_installed LABEL unit TIMEOUT 120
  COMMAND ${CMAKE_COMMAND} -DBUILD_DIR=${PROJECT_BINARY_DIR}
          -DPREFIX=${CMAKE_CURRENT_BINARY_DIR}/install-check
          -DLIBDIR=${CMAKE_INSTALL_LIBDIR} -DCC=${CMAKE_C_COMPILER}
          -DSRC_DIR=${VMCFW_PHYS_TEST_DIR} "-DEXTRA_FLAGS=${VMCFW_INSTALL_EXTRA_FLAGS}"
          -P ${VMCFW_PHYS_TEST_DIR}/install_check.cmake)
vmcfw_phys_test(fw.buddy.random_model test_buddy_random)
vmcfw_phys_test(fw.buddy.exhaustion test_buddy_exhaustion)
vmcfw_phys_test(fw.buddy.double_free test_buddy_double_free)
vmcfw_phys_test(fw.buddy.contiguous_large test_buddy_large)
vmcfw_phys_test(fw.buddy.refcount test_buddy_refcount)
vmcfw_phys_test(fw.buddy.fraginfo test_buddy_fraginfo)
vmcfw_phys_test(fw.buddy.segments test_buddy_segments)
vmcfw_phys_test(fw.kheap.basic test_kheap_basic)
vmcfw_phys_test(fw.kheap.random test_kheap_random)
vmcfw_phys_test(fw.hal.log test_hal_host_log)
vmcfw_phys_test(fw.hal.ram test_hal_host_ram)
vmcfw_phys_test(fw.list.basic test_list)
