# A real lackey run of ls imports into a valid trace with the requested number of accesses.
tool=$1
. "$(dirname "$0")/lib.sh"
command -v valgrind >/dev/null 2>&1 || { echo "valgrind is not installed: skipped"; exit 77; }
mkdir d && touch d/a d/b
valgrind --tool=lackey --trace-mem=yes --log-file=ls.lackey ls d >/dev/null 2>&1 || fail "valgrind failed"
"$tool" import-lackey ls.lackey ls.vmtb --limit 50000 2>err || fail "import: $(cat err)"
"$tool" check ls.vmtb >/dev/null 2>err || fail "not valid: $(head -3 err)"
"$tool" summary ls.vmtb >s.txt
expect_in s.txt "accesses  50000:"
finish
