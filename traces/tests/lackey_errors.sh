# import-lackey: a footprint that cannot fit and malformed logs are clear errors (exit 1, no
# output); exactly as many 1 MiB regions as fit (992) still import.
tool=$1
. "$(dirname "$0")/lib.sh"
# n distinct 1 MiB chunks, 16 MiB apart so that none is a neighbour of another.
chunks() { awk -v n=$1 'BEGIN { for (i = 0; i < n; i++) printf " L %x00000,4\n", 16 * i + 4096 }'; }
chunks 992 >fits.lackey
"$tool" import-lackey fits.lackey fits.vmtb 2>err || fail "992 regions must fit: $(cat err)"
"$tool" summary fits.vmtb >s.txt && expect_in s.txt "mmap 992,"
expect_in s.txt "valid       yes"
chunks 993 >big.lackey
"$tool" import-lackey big.lackey big.vmtb 2>err; rc=$?
[ $rc -eq 1 ] || fail "993 regions: exit $rc, want 1"
expect_in err "big.lackey:993: footprint does not fit"
[ ! -e big.vmtb ] || fail "big.vmtb left behind"
printf 'I  0400100a,3\n L 04001ff0,8\nhello\n' >junk.lackey
"$tool" import-lackey junk.lackey junk.vmt 2>err; [ $? -eq 1 ] || fail "junk line accepted"
expect_in err "junk.lackey:3: not a lackey --trace-mem line: 'hello'"
"$tool" import-lackey junk.lackey junk.vmt --skip-junk 2>err || fail "--skip-junk: $(cat err)"
printf ' L 0400zz,8\n' >bad.lackey
"$tool" import-lackey bad.lackey bad.vmt 2>err; [ $? -eq 1 ] || fail "bad address accepted"
expect_in err "bad.lackey:1:"
[ -z "$(ls -A | grep '\.tmp-')" ] || fail "temporary files left"
finish
