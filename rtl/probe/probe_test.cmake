# The vmcprobe tests: run with -DPROBE=... -DFIXTURE=... -DDIR=... -DMODE=ok|errors|large.
#   ok:     probe the fixture's accesses (with --check) and compare with the hand-worked output
#   large:  the same tables inside a sparse 64 MiB image based at 0, with two more L2 tables
#           (one in the image's last kilobyte): the paged memory loads it and reads it back
#   errors: bad inputs give exit status 2 and a message that names the file and line
file(MAKE_DIRECTORY ${DIR})
execute_process(COMMAND ${FIXTURE} ${DIR} ${MODE} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "probe_fixture failed")
endif()
set(common --image ${DIR}/tables.bin@0x00100000 --accesses ${DIR}/accesses.txt)

function(expect_error what pattern)
  execute_process(COMMAND ${PROBE} ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 2)
    message(FATAL_ERROR "${what}: exit status ${rc}, want 2 (stderr: ${err})")
  endif()
  if(NOT err MATCHES "${pattern}")
    message(FATAL_ERROR "${what}: message '${err}' does not match '${pattern}'")
  endif()
  message(STATUS "${what}: ${err}")
endfunction()

if(MODE STREQUAL "ok")
  execute_process(COMMAND ${PROBE} ${common} --regs ${DIR}/regs.txt --check
                  --itlb 1x4:lru --dtlb 2x2:plru --l2tlb none --walk-cache 2
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  file(READ ${DIR}/expected.txt want)
  if(NOT rc EQUAL 0 OR NOT out STREQUAL want)
    message(FATAL_ERROR "vmcprobe: exit ${rc}\n--- got\n${out}--- want\n${want}--- stderr\n${err}")
  endif()
  # The default configuration (with an L2TLB) answers the same translations.
  execute_process(COMMAND ${PROBE} ${common} --regs ${DIR}/regs.txt --check
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out2 ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "vmcprobe default configuration: exit ${rc}: ${err}")
  endif()
elseif(MODE STREQUAL "large")
  execute_process(COMMAND ${PROBE} --image ${DIR}/large.bin --accesses ${DIR}/large_accesses.txt
                  --regs ${DIR}/regs.txt --check --itlb 1x4:lru --dtlb 2x2:plru --l2tlb none
                  --walk-cache 2 RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  file(READ ${DIR}/large_expected.txt want)
  if(NOT rc EQUAL 0 OR NOT out STREQUAL want)
    message(FATAL_ERROR "vmcprobe large image: exit ${rc}\n--- got\n${out}--- want\n${want}--- stderr\n${err}")
  endif()
  file(REMOVE ${DIR}/large.bin)
else()
  expect_error("missing image" "nope.bin: cannot open"
               --image ${DIR}/nope.bin --regs ${DIR}/regs.txt --accesses ${DIR}/accesses.txt)
  expect_error("bad base" "bad base address"
               --image ${DIR}/tables.bin@0x10zz --regs ${DIR}/regs.txt --accesses ${DIR}/accesses.txt)
  expect_error("bad number" "bad_number.txt:1: bad number '0x1000zz'" ${common} --regs ${DIR}/bad_number.txt)
  expect_error("bad key" "bad_key.txt:2: unknown register 'ttbr9'" ${common} --regs ${DIR}/bad_key.txt)
  expect_error("bad access" "bad_access.txt:3: bad access kind 'q'"
               --image ${DIR}/tables.bin@0x00100000 --regs ${DIR}/regs.txt --accesses ${DIR}/bad_access.txt)
  expect_error("bad geometry" "--dtlb: sets = 3: not a power of two" ${common} --regs ${DIR}/regs.txt --dtlb 3x2:lru)
  expect_error("too big" "itlb" ${common} --regs ${DIR}/regs.txt --itlb 1x100000:lru)
  expect_error("missing option" "required" --regs ${DIR}/regs.txt)
  # The project's number parser: no space or sign before a number (strtoull skipped them).
  expect_error("space before a number" "--walk-cache: bad number ' 2'" ${common} --regs ${DIR}/regs.txt
               --walk-cache " 2")
  expect_error("sign before a base" "bad base address" --image ${DIR}/tables.bin@+0x00100000
               --regs ${DIR}/regs.txt --accesses ${DIR}/accesses.txt)
  expect_error("space in a geometry" "--itlb" ${common} --regs ${DIR}/regs.txt --itlb " 1x4:lru")
  # Directories are refused (they read as empty and gave an answer); sizes are checked first.
  expect_error("directory as --regs" "is a directory" ${common} --regs ${DIR})
  expect_error("directory as --accesses" "is a directory" --image ${DIR}/tables.bin@0x00100000
               --regs ${DIR}/regs.txt --accesses ${DIR})
  expect_error("directory as --image" "is a directory" --image ${DIR}@0 --regs ${DIR}/regs.txt
               --accesses ${DIR}/accesses.txt)
  expect_error("image past 4 GiB" "larger than an image" --image ${DIR}/tables.bin@0xFFFFF000
               --regs ${DIR}/regs.txt --accesses ${DIR}/accesses.txt)
endif()
