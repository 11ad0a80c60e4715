#!/usr/bin/env bash
# The project's one entry point for its two everyday commands:
#   ./vmcosim.sh run    build, then run the main job on the bundled traces
#   ./vmcosim.sh test   build and run the whole test suite (also under ASan/UBSan)
# Both install missing Debian packages first (apt-get, through sudo when not root).
set -euo pipefail
cd "$(dirname "$0")"

BUILD_DIR=${VMCOSIM_BUILD_DIR:-build}
SAN_BUILD_DIR=${VMCOSIM_SAN_BUILD_DIR:-build-sanitize}
JOBS=${VMCOSIM_JOBS:-$(nproc 2>/dev/null || echo 2)}

# Debian packages the build, the tests and the main job need.
PACKAGES=(cmake ninja-build gcc g++ make pkg-config zlib1g-dev verilator libsystemc-dev
          clang libclang-rt-14-dev gnuplot-nox gtkwave python3 python3-jsonschema
          valgrind qemu-user gcc-arm-linux-gnueabihf libc6-dev-armhf-cross)

die() { echo "vmcosim.sh: error: $*" >&2; exit 1; }

missing_packages() {
  local p
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' || echo "$p"
  done
}

ensure_packages() {
  command -v dpkg-query >/dev/null 2>&1 ||
    die "this is not a Debian-like system; install the equivalents of: ${PACKAGES[*]}"
  local missing
  missing=$(missing_packages | tr '\n' ' ')
  [ -z "${missing// /}" ] && return 0
  echo "vmcosim.sh: installing missing packages: $missing"
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 ||
      die "missing packages ($missing) and not root, and sudo is not available; run: apt-get install $missing"
    sudo=(sudo)
  fi
  # shellcheck disable=SC2086
  if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq ||
     ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing; then
    die "could not install: $missing; install them by hand with: sudo apt-get install $missing"
  fi
  missing=$(missing_packages | tr '\n' ' ')
  [ -z "${missing// /}" ] || die "still missing after apt-get: $missing"
}

configure_and_build() { # dir, extra cmake args...
  local dir=$1; shift
  cmake -S . -B "$dir" -G Ninja "$@" >/dev/null || die "cmake configure failed in $dir"
  cmake --build "$dir" -j "$JOBS" || die "build failed in $dir"
}

cmd_run() {
  case "${1:-}" in --help|-h|--version) exec bench/main-job.sh "$1" ;; esac   # no build for these
  ensure_packages
  configure_and_build "$BUILD_DIR"
  bench/main-job.sh "$BUILD_DIR" "$@"
}

cmd_test() {
  ensure_packages
  # Unit tests under ASan+UBSan first, then the full suite, so the run ends with its summary.
  configure_and_build "$SAN_BUILD_DIR" -DVMCOSIM_SANITIZE=ON -DVMCOSIM_WITH_RTL=OFF -DVMCOSIM_WITH_SIM=OFF
  ctest --test-dir "$SAN_BUILD_DIR" -L unit -j "$JOBS" --output-on-failure ||
    die "unit tests failed under the sanitizers (build dir $SAN_BUILD_DIR)"
  configure_and_build "$BUILD_DIR"
  ctest --test-dir "$BUILD_DIR" -LE bench -j "$JOBS" --output-on-failure
}

usage() {
  cat <<EOF
usage: ./vmcosim.sh run [main-job options]   build in $BUILD_DIR/, then run the main job
                                             (bench/main-job.sh; 'run --help' lists its options)
       ./vmcosim.sh test                     build and run the test suite (sanitizer build first)
       ./vmcosim.sh --help | --version
Both install missing Debian packages first. VMCOSIM_BUILD_DIR, VMCOSIM_SAN_BUILD_DIR and
VMCOSIM_JOBS change the build folders and the parallelism.
EOF
}

case "${1:-}" in
  run)  shift; cmd_run "$@" ;;
  test) shift; cmd_test "$@" ;;
  --help|-h|help) usage ;;
  --version) echo "vmcosim.sh $(python3 bench/scripts/version.py)" ;;
  *) usage >&2; exit 2 ;;
esac
