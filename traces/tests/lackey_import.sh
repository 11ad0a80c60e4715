# import-lackey on a hand-made lackey log; the expected trace is worked out by hand:
#   chunk 0x40 (0x04001000) first touched by a fetch -> slot 0 (0x01000000), r-x
#   chunk 0x1ff (stack 0x1ffefff8)                   -> slot 2 (one free slot left after slot 0)
#   M 0x0402a000 -> read, then mprotect slot 0 to rwx, then write
#   chunk 0x7ff0 (0x7ff000ffe, 4 bytes) crosses a page -> 2 + 2 bytes, slot 4
#   chunk 0x41 is next to chunk 0x40 -> slot 1, right after slot 0
#   a fetch from the stack chunk (rw-) -> mprotect slot 2 to rwx
# Every relocated address keeps VA[19:0], so the low 8 bits of each page number stay.
tool=$1 src=$2
. "$(dirname "$0")/lib.sh"
cp "$src/data/sample.lackey" .
"$tool" import-lackey sample.lackey out.vmt 2>err || fail "import: $(cat err)"
diff -u "$src/data/sample.expected.vmt" out.vmt >&2 || fail "import differs from the hand-worked trace"
"$tool" check out.vmt >/dev/null || fail "imported trace is not valid"
# The same from a gzip'd log, to binary.
gzip -c sample.lackey >sample.lackey.gz
"$tool" import-lackey sample.lackey.gz out.vmtb 2>err || fail "import gz: $(cat err)"
"$tool" print out.vmtb >p.txt && grep -v '^#' out.vmt | cmp -s - p.txt || fail "gzip input / binary output differ"
# --limit counts accesses.
"$tool" import-lackey sample.lackey lim.vmt --limit 3 2>err || fail "import --limit"
[ "$(grep -c '^[RWX] ' lim.vmt)" -eq 3 ] || fail "--limit 3 gave $(grep -c '^[RWX] ' lim.vmt) accesses"
tail -n 1 lim.vmt | grep -qx 'exit 1' || fail "--limit: trace does not end with exit 1"
finish
