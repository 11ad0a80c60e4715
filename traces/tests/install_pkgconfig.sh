# cmake --install of component vmctrace into a prefix under the build folder, then a small
# program compiled and linked against it through pkg-config only, and again through the
# installed CMake package; it writes and reads a trace.
cmake=$1 build=$2 cc=$3; shift 3
extra="$*"   # extra compiler flags (the sanitizer build needs its runtime)
. "$(dirname "$0")/lib.sh"
"$cmake" --install "$build" --prefix "$PWD/prefix" --component vmctrace >install.log 2>&1 ||
  { cat install.log >&2; fail "cmake --install"; finish; }
pc=$(find prefix -name vmctrace.pc)
[ -n "$pc" ] || { fail "no vmctrace.pc installed"; finish; }
[ -x prefix/bin/vmctrace ] || fail "tool not installed"
[ -f prefix/include/vmctrace/vmctrace.h ] || fail "header not installed"
cat >prog.c <<'C'
#include <stdio.h>
#include <vmctrace/vmctrace.h>
int main(void) {
  vmc_trace_err err;
  vmc_trace_writer *w = vmc_trace_writer_open("p.vmtb.gz", VMC_ENC_BINARY, 1, 0, &err);
  if (!w) { puts(err.msg); return 1; }
  vmc_record r = {.kind = VMC_CREATE, .pid = 3};
  vmc_trace_write(w, &r);
  if (vmc_trace_writer_close(w, &err)) { puts(err.msg); return 1; }
  vmc_trace_reader *rd = vmc_trace_open("p.vmtb.gz", &err);
  if (!rd) { puts(err.msg); return 1; }
  int rc = vmc_trace_next(rd, &r);
  printf("%d %s %u\n", rc, vmc_kind_name(r.kind), r.pid);
  vmc_trace_close(rd);
  return 0;
}
C
flags=$(PKG_CONFIG_PATH="$(dirname "$pc")" pkg-config --cflags --libs vmctrace) || fail "pkg-config"
"$cc" -std=c11 $extra prog.c -o prog $flags 2>cc.log || { cat cc.log >&2; fail "compile and link through pkg-config"; }
[ "$(./prog)" = "1 create 3" ] || fail "the program printed '$(./prog)'"
# The same program through the installed CMake package.
mkdir -p cm && cp prog.c cm/ && cat >cm/CMakeLists.txt <<'C'
cmake_minimum_required(VERSION 3.22)
project(consumer C)
find_package(vmctrace REQUIRED)
add_executable(prog2 prog.c)
target_link_libraries(prog2 PRIVATE vmctrace::vmctrace)
C
"$cmake" -S cm -B cm/build -DCMAKE_PREFIX_PATH="$PWD/prefix" -DCMAKE_C_COMPILER="$cc" \
  -DCMAKE_C_FLAGS="$extra" -DCMAKE_EXE_LINKER_FLAGS="$extra" >cm.log 2>&1 &&
  "$cmake" --build cm/build >>cm.log 2>&1 || { cat cm.log >&2; fail "find_package(vmctrace)"; }
[ "$(cm/build/prog2)" = "1 create 3" ] || fail "the CMake-built program printed '$(cm/build/prog2)'"
finish
