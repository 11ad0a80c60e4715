# Installs the firmware component into a fresh prefix under the build directory, then builds
# outside code against it the way a user would, with `cc $(pkg-config --cflags --libs vmcfw)`:
#   1. every installed header compiles on its own (nothing it includes is missing);
#   2. the seed's physical-memory example builds and prints its three verification lines.
# Variables: BUILD_DIR, PREFIX, LIBDIR, CC, SRC_DIR (this folder), EXTRA_FLAGS (e.g. the
# sanitizer flags the libraries were built with; ';'-separated).
file(REMOVE_RECURSE ${PREFIX})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --component vmcfw --prefix ${PREFIX}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install failed (${rc}):\n${out}\n${err}")
endif()

set(ENV{PKG_CONFIG_PATH} ${PREFIX}/${LIBDIR}/pkgconfig)
execute_process(COMMAND pkg-config --cflags --libs vmcfw
  RESULT_VARIABLE rc OUTPUT_VARIABLE pc ERROR_VARIABLE err OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "pkg-config --cflags --libs vmcfw failed:\n${err}")
endif()
message(STATUS "pkg-config --cflags --libs vmcfw: ${pc}")
separate_arguments(pc_flags UNIX_COMMAND "${pc}")
execute_process(COMMAND pkg-config --cflags vmcfw OUTPUT_VARIABLE pc_c OUTPUT_STRIP_TRAILING_WHITESPACE)
separate_arguments(pc_cflags UNIX_COMMAND "${pc_c}")

set(work ${PREFIX}-work)
file(REMOVE_RECURSE ${work})
file(MAKE_DIRECTORY ${work})

file(GLOB headers RELATIVE ${PREFIX}/include/vmcfw ${PREFIX}/include/vmcfw/*.h
  ${PREFIX}/include/vmcfw/vmcosim/*.h)
if(NOT headers)
  message(FATAL_ERROR "no headers installed under ${PREFIX}/include/vmcfw")
endif()
foreach(h ${headers})
  file(WRITE ${work}/tu.c "#include \"${h}\"\n")
  execute_process(COMMAND ${CC} -std=c11 -Wall -Wextra -Werror ${pc_cflags} -c ${work}/tu.c -o ${work}/tu.o
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "installed header ${h} does not compile on its own:\n${out}\n${err}")
  endif()
endforeach()
list(LENGTH headers nheaders)
message(STATUS "${nheaders} installed headers compile standalone")

# The example is verbatim from the LiteOS-A document: %zu with UINT32 arguments and variables
# that are set but never read. Those warnings are the document's, not ours.
execute_process(COMMAND ${CC} ${EXTRA_FLAGS} -Wno-format -Wno-unused-but-set-variable
    ${SRC_DIR}/seed_phys_example.c ${SRC_DIR}/seed_phys_example_main.c ${pc_flags}
    -o ${work}/seed_phys_example
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "building the seed example against the install failed:\n${out}\n${err}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -DPROGRAM=${work}/seed_phys_example
    -DEXPECTED=${SRC_DIR}/seed_phys_example.expected -P ${SRC_DIR}/run_expect.cmake
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the installed seed example failed:\n${out}\n${err}")
endif()
message(STATUS "seed example built with pkg-config runs as documented")
