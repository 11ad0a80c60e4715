# A real lackey run of ls imports into a valid trace, and the relocation keeps its promises,
# checked here independently of the importer by pairing the log with the trace (awk):
#   every access keeps its operation, its size (after splitting at 4 KiB boundaries) and its
#   address bits [19:0], hence the low 8 bits of its page number;
#   original and relocated pages correspond one to one (distinct pages stay distinct);
#   --limit N imports every access of the first N access lines, and nothing else;
#   every slot is mapped rwx and nothing changes a protection (the program made no mprotect).
tool=$1
. "$(dirname "$0")/lib.sh"
command -v valgrind >/dev/null 2>&1 || { echo "valgrind is not installed: skipped"; exit 77; }
N=50000
mkdir d && touch d/a d/b
valgrind --tool=lackey --trace-mem=yes --log-file=ls.lackey ls d >/dev/null 2>&1 || fail "valgrind failed"
"$tool" import-lackey ls.lackey ls.vmtb --limit $N 2>err || fail "import: $(cat err)"
"$tool" check ls.vmtb >/dev/null 2>err || fail "not valid: $(head -3 err)"
"$tool" print ls.vmtb >ls.txt
grep -q '^mprotect' ls.txt && fail "the importer made up a protection change"
grep '^mmap' ls.txt | grep -qv ' rwx anon private$' && fail "a slot is not mapped rwx"
awk -v limit=$N -f "$(dirname "$0")/lackey_pair.awk" ls.txt ls.lackey >pair.txt 2>&1 || fail "relocation check: $(cat pair.txt)"
cat pair.txt
finish
