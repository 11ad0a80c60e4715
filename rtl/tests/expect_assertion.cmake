# Runs one bench case that must be stopped by an RTL assertion: a non-zero exit status and the
# assertion's message on the output. -DCMD="exe|case" -DMESSAGE=regex
string(REPLACE "|" ";" CMD "${CMD}")
execute_process(COMMAND ${CMD} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc EQUAL 0)
  message(FATAL_ERROR "the case ended normally:\n${out}${err}")
endif()
if(NOT "${out}${err}" MATCHES "${MESSAGE}")
  message(FATAL_ERROR "stopped (status ${rc}) without the expected assertion '${MESSAGE}':\n${out}${err}")
endif()
message(STATUS "assertion fired as expected (status ${rc})")
