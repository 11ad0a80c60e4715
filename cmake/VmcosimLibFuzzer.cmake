# vmcosim_libfuzzer_clang(<var> <sanitizers>): sets <var> to a clang that builds and links a
# libFuzzer program with -fsanitize=fuzzer,<sanitizers> (e.g. "address,undefined"), or to ""
# when there is none. libFuzzer needs clang while the project builds with gcc, so the fuzz
# targets (traces/fuzz, firmware/test/fuzz) are compiled by invoking this clang directly.
include_guard(GLOBAL)

function(vmcosim_libfuzzer_clang var sanitizers)
  find_program(VMCOSIM_CLANG NAMES clang clang-14 clang-15 clang-16)
  set(${var} "" PARENT_SCOPE)
  if(NOT VMCOSIM_CLANG)
    return()
  endif()
  string(MAKE_C_IDENTIFIER "${sanitizers}" tag)
  set(dir ${CMAKE_BINARY_DIR}/libfuzzer_probe_${tag})
  file(WRITE ${dir}/probe.c
    "#include <stddef.h>\nint LLVMFuzzerTestOneInput(const unsigned char *d, size_t n);\n"
    "int LLVMFuzzerTestOneInput(const unsigned char *d, size_t n) { (void)d; (void)n; return 0; }\n")
  execute_process(
    COMMAND ${VMCOSIM_CLANG} -fsanitize=fuzzer,${sanitizers} ${dir}/probe.c -o ${dir}/probe
    RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
  if(rc EQUAL 0)
    set(${var} ${VMCOSIM_CLANG} PARENT_SCOPE)
  endif()
endfunction()
