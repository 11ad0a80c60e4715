# The one place where tests get their labels. Every folder registers tests through
# vmcosim_add_test so that label names stay consistent:
#   unit   host C tests of libraries and tools
#   lint   static checks (verilator --lint-only, header/docs agreement)
#   rtl    Verilated benches of the MMU
#   cosim  end-to-end SystemC co-simulation runs
#   bench  long benchmark runs; not part of the default test command
#
#   vmcosim_add_test(NAME traces.reader.truncated_gzip LABEL unit
#                    COMMAND $<TARGET_FILE:t> args... [WILL_FAIL] [TIMEOUT s]
#                    [WORKING_DIRECTORY d] [ENVIRONMENT k=v ...])
set(VMCOSIM_TEST_LABELS unit lint rtl cosim bench)

function(vmcosim_add_test)
  cmake_parse_arguments(T "WILL_FAIL" "NAME;LABEL;TIMEOUT;WORKING_DIRECTORY" "COMMAND;ENVIRONMENT" ${ARGN})
  if(NOT T_NAME OR NOT T_COMMAND OR NOT T_LABEL)
    message(FATAL_ERROR "vmcosim_add_test needs NAME, LABEL and COMMAND")
  endif()
  if(NOT T_LABEL IN_LIST VMCOSIM_TEST_LABELS)
    message(FATAL_ERROR "test ${T_NAME}: unknown label '${T_LABEL}' (known: ${VMCOSIM_TEST_LABELS})")
  endif()
  if(NOT T_WORKING_DIRECTORY)
    set(T_WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
  endif()
  add_test(NAME ${T_NAME} COMMAND ${T_COMMAND} WORKING_DIRECTORY ${T_WORKING_DIRECTORY})
  if(NOT T_TIMEOUT)
    if(T_LABEL STREQUAL "bench")
      set(T_TIMEOUT 1800)
    else()
      set(T_TIMEOUT 300)
    endif()
  endif()
  set_tests_properties(${T_NAME} PROPERTIES LABELS ${T_LABEL} TIMEOUT ${T_TIMEOUT})
  if(T_WILL_FAIL)
    set_tests_properties(${T_NAME} PROPERTIES WILL_FAIL TRUE)
  endif()
  if(T_ENVIRONMENT)
    set_tests_properties(${T_NAME} PROPERTIES ENVIRONMENT "${T_ENVIRONMENT}")
  endif()
endfunction()

# A C test program built from one source file and linked to the given libraries,
# registered under its test name. Test programs exit 0 on pass and print what failed.
function(vmcosim_add_c_test_program target)
  cmake_parse_arguments(P "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${target} ${P_SOURCES})
  target_link_libraries(${target} PRIVATE ${P_LIBS})
  vmcosim_warnings(${target})
endfunction()
