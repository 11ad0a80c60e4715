#!/usr/bin/env bash
# The main job behind `./vmcosim.sh run`: for now, the statistics of every bundled trace.
# Usage: bench/main-job.sh BUILD_DIR [trace files...]
set -euo pipefail
build=${1:?usage: main-job.sh BUILD_DIR [traces...]}; shift
here=$(cd "$(dirname "$0")/.." && pwd)
tool="$build/traces/vmctrace"
[ -x "$tool" ] || { echo "main-job: $tool is not built" >&2; exit 1; }
if [ $# -eq 0 ]; then
  set -- "$here"/traces/bundled/*.vmt*
fi
for t in "$@"; do
  echo "== ${t#"$here"/}"
  "$tool" summary "$t"
done
