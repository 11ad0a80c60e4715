# gen --fault-pct makes deliberately invalid accesses, which check reports.
tool=$1
. "$(dirname "$0")/lib.sh"
"$tool" gen random --records 10000 --fault-pct 5 --seed 2 -o f.vmt || fail "gen"
"$tool" check f.vmt >out 2>err; [ $? -eq 1 ] || fail "check accepted a faulty trace"
expect_in err "f.vmt: invalid:"
"$tool" summary f.vmt >s.txt || fail "summary of a faulty trace must still work"
expect_in s.txt "valid       no:"
# About 5% of 10000 accesses fault; allow for chance.
n=$(sed -n 's/.*invalid: \([0-9]*\) violations.*/\1/p' err)
[ "$n" -gt 350 ] && [ "$n" -lt 650 ] || fail "$n violations for 5% of 10000 accesses"
finish
