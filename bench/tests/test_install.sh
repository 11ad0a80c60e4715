#!/bin/sh
# An installed prefix runs the workflow: cmake --install into WORK/prefix, then the main job
# through the installed vmcosim-bench on the installed tiny suite and bundled traces (the hit
# rates and the report), the data files in share/vmcosim, and a program built against the
# installed CMake packages vmcmodel and vmcfw.
# Usage: test_install.sh CMAKE BUILD_DIR WORK
set -u
cmake=$1 build=$(cd "$2" && pwd) work=$3
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
work=$(pwd)
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
"$cmake" --install "$build" --prefix "$work/prefix" >install.log 2>&1 || { cat install.log; fail "cmake --install"; }
p=$work/prefix
for f in bin/vmcosim bin/vmctrace bin/vmcosim-bench share/vmcosim/stats-schema.json share/vmcosim/vmcosim.gtkw \
         share/vmcosim/gtkwave-zoom-fit.tcl share/vmcosim/traces/bundled/zipf.vmtb.gz \
         share/vmcosim/bench/main-job.sh share/vmcosim/bench/scripts/report.py share/vmcosim/bench/suites/default.suite \
         lib/cmake/vmcmodel/vmcmodelConfig.cmake lib/cmake/vmcfw/vmcfwConfig.cmake; do
  [ -e "$p/$f" ] || fail "not installed: $f"
done
# The main job from the prefix alone (the checkout is not on any path it uses).
out=$(cd "$work" && "$p/bin/vmcosim-bench" --suite "$p/share/vmcosim/bench/suites/tiny.suite" 2>&1)
rc=$?
[ "$rc" -eq 0 ] || { echo "$out"; fail "vmcosim-bench: exit $rc"; }
echo "$out" | grep -q '^1x8:plru  *none  ' || { echo "$out"; fail "vmcosim-bench: no hit-rate row"; }
[ -f "$work/vmcosim-bench/bench-report/tiny/index.html" ] || fail "vmcosim-bench: no report"
grep -q '"version": "vmcosim [0-9]' "$work"/vmcosim-bench/bench-results/tiny/*.json ||
  fail "results do not record the installed version"
# A program against the installed packages: the model's default geometry, a firmware page.
mkdir -p cm && cat >cm/CMakeLists.txt <<'C'
cmake_minimum_required(VERSION 3.22)
project(consumer C)
find_package(vmcmodel REQUIRED)
find_package(vmcfw REQUIRED)
add_executable(prog prog.c)
target_link_libraries(prog PRIVATE vmcmodel::vmcmodel vmcfw::vmcfw vmcfw::hal_host)
C
cat >cm/prog.c <<'C'
#include <stdio.h>
#include "vmcosim/mmu_model.h"
#include "los_vm_boot.h"
#include "los_vm_phys.h"
int main(void) {
  vmc_mmu_config cfg;
  vmc_mmu_config_default(&cfg);
  if (OsSysMemInit() != 0) return 1;
  LosVmPage *pg = LOS_PhysPageAlloc();
  printf("%ux%u %s\n", cfg.dtlb.sets, cfg.dtlb.ways, pg ? "page" : "none");
  return 0;
}
C
"$cmake" -S cm -B cm/build -DCMAKE_PREFIX_PATH="$p" >cm.log 2>&1 && "$cmake" --build cm/build >>cm.log 2>&1 ||
  { cat cm.log; fail "a program against find_package(vmcmodel) and find_package(vmcfw)"; }
got=$(cm/build/prog 2>&1)
[ "$got" = "1x32 page" ] || fail "the program printed '$got', want '1x32 page' (default DTLB 1x32, a page allocated)"
[ "$fails" -eq 0 ] && echo "install: ok" || echo "install: $fails FAILED"
[ "$fails" -eq 0 ]
