# Progress goes to stderr only when stderr is a terminal (script(1) provides one here).
tool=$1
. "$(dirname "$0")/lib.sh"
"$tool" gen random --records 300000 -o quiet.vmtb 2>err || fail "gen"
[ ! -s err ] || fail "progress printed although stderr is not a terminal: $(cat err)"
command -v script >/dev/null 2>&1 || { echo "script(1) is missing: terminal half skipped"; finish; exit 0; }
script -qec "\"$tool\" gen random --records 300000 -o tty.vmtb" /dev/null >tty.txt 2>&1 </dev/null ||
  fail "gen under script"
expect_in tty.txt "vmctrace gen: "
expect_in tty.txt "M records"
"$tool" check tty.vmtb >/dev/null || fail "the trace made under a terminal is not valid"
finish
