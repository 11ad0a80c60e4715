# The libFuzzer harness of the firmware's public API (fuzz_api.c), built in the sanitizer build
# (VMCOSIM_SANITIZE) when clang with libFuzzer works. libFuzzer needs clang and the project
# builds with gcc, so, as for the trace readers (traces/fuzz/), clang compiles the firmware
# sources and the host HAL directly, with coverage, ASan and UBSan. Test fw.fuzz.api is a short,
# seeded run; docs/firmware.md says how to run it for longer.
if(NOT VMCOSIM_SANITIZE)
  return()
endif()
set(VMCFW_FUZZ_RUNS 300 CACHE STRING "libFuzzer -runs for the fw.fuzz.api test")
include(VmcosimLibFuzzer)
vmcosim_libfuzzer_clang(VMCFW_CLANG "address,undefined")
if(NOT VMCFW_CLANG)
  message(STATUS "firmware: clang with libFuzzer not found; the fuzz test fw.fuzz.api is not registered")
  return()
endif()

set(fw_fuzz_dir ${PROJECT_SOURCE_DIR}/firmware/test/fuzz)
file(GLOB fw_fuzz_sources CONFIGURE_DEPENDS
  ${PROJECT_SOURCE_DIR}/firmware/phys/*.c ${PROJECT_SOURCE_DIR}/firmware/vm/*.c
  ${PROJECT_SOURCE_DIR}/firmware/hal/host/*.c)
list(APPEND fw_fuzz_sources ${PROJECT_SOURCE_DIR}/util/src/ram_block.c)
file(GLOB fw_fuzz_headers CONFIGURE_DEPENDS
  ${PROJECT_SOURCE_DIR}/firmware/include/*.h ${PROJECT_SOURCE_DIR}/firmware/phys/*.h
  ${PROJECT_SOURCE_DIR}/firmware/vm/*.h ${PROJECT_SOURCE_DIR}/firmware/hal/host/*.h
  ${PROJECT_SOURCE_DIR}/util/include/vmcutil/ram_block.h)
set(fw_fuzzer ${CMAKE_CURRENT_BINARY_DIR}/fuzz_api)
add_custom_command(
  OUTPUT ${fw_fuzzer}
  COMMAND ${VMCFW_CLANG} -std=c11 -g -O1 -D_POSIX_C_SOURCE=200809L
          -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
          -I${PROJECT_SOURCE_DIR}/firmware/include -I${PROJECT_SOURCE_DIR}/firmware/hal/host
          -I${PROJECT_SOURCE_DIR}/util/include -I${PROJECT_SOURCE_DIR}/arch/include
          -fsanitize-coverage-ignorelist=${fw_fuzz_dir}/coverage-ignore.txt
          ${fw_fuzz_dir}/fuzz_api.c ${fw_fuzz_sources} -o ${fw_fuzzer}
  DEPENDS ${fw_fuzz_dir}/fuzz_api.c ${fw_fuzz_sources} ${fw_fuzz_headers} ${fw_fuzz_dir}/coverage-ignore.txt
  COMMENT "Building the libFuzzer target fuzz_api with clang"
  VERBATIM)
add_custom_target(vmcfw_fuzz_api ALL DEPENDS ${fw_fuzzer})

vmcosim_add_test(NAME fw.fuzz.api LABEL unit TIMEOUT 120
  WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}
  COMMAND sh ${fw_fuzz_dir}/run-fuzz.sh ${fw_fuzzer} ${fw_fuzz_dir}/corpus ${VMCFW_FUZZ_RUNS})
