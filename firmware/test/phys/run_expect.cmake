# Runs PROGRAM and checks that it exits 0 and that its standard output is exactly the content
# of EXPECTED. Usage: cmake -DPROGRAM=... -DEXPECTED=... -P run_expect.cmake
execute_process(COMMAND ${PROGRAM} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
file(READ ${EXPECTED} want)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${PROGRAM} exited with ${rc}\nstdout:\n${out}\nstderr:\n${err}")
endif()
if(NOT out STREQUAL want)
  message(FATAL_ERROR "${PROGRAM} printed:\n${out}\nexpected:\n${want}\nstderr:\n${err}")
endif()
message(STATUS "output as expected:\n${out}")
