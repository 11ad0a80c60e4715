# convert and print: every encoding carries the same records; encoding and compression come
# from the content, not the name; failures leave no output behind.
tool=$1
. "$(dirname "$0")/lib.sh"
"$tool" gen churn --records 20000 --seed 3 -o a.vmt || fail "gen"
for f in b.vmtb b.vmtb.gz b.vmt.gz c.vmt; do
  "$tool" convert a.vmt $f || fail "convert a.vmt $f"
done
"$tool" convert b.vmtb.gz d.vmt --text || fail "convert back"
"$tool" print a.vmt >a.txt || fail "print a.vmt"
n=$(wc -l <a.txt)
[ "$n" -gt 20000 ] || fail "print gave $n lines"
for f in b.vmtb b.vmtb.gz b.vmt.gz c.vmt d.vmt; do
  "$tool" print $f >p.txt || fail "print $f"
  cmp -s a.txt p.txt || fail "$f prints differently from a.vmt"
done
# Names do not matter: a gzip'd binary trace called .txt still reads.
cp b.vmtb.gz misnamed.txt
"$tool" print misnamed.txt >p.txt && cmp -s a.txt p.txt || fail "misnamed.txt"
# Output names choose the encoding; flags override.
[ "$(head -c 2 b.vmt.gz | od -An -tx1 | tr -d ' ')" = 1f8b ] || fail "b.vmt.gz is not gzip"
[ "$(head -c 15 c.vmt)" = "vmctrace text 1" ] || fail "c.vmt is not text"
"$tool" convert a.vmt e.vmt --binary --gzip && [ "$(head -c 2 e.vmt | od -An -tx1 | tr -d ' ')" = 1f8b ] ||
  fail "--binary --gzip"
# gzip's own tool reads our gzip and we read its.
gzip -dc b.vmt.gz | cmp -s - a.txt || fail "gzip -dc b.vmt.gz differs from the text"
gzip -c a.txt >ext.gz && "$tool" print ext.gz | cmp -s - a.txt || fail "a gzip made by gzip(1)"
# Concatenated gzip members read as one stream.
head -n 100 a.txt | gzip >m1.gz && tail -n +101 a.txt | gzip >m2.gz && cat m1.gz m2.gz >multi.vmt.gz
"$tool" print multi.vmt.gz | cmp -s - a.txt || fail "two concatenated gzip members"
# print --limit stops early; the output is a trace itself.
"$tool" print a.vmt --limit 5 >five.vmt
[ "$(wc -l <five.vmt)" -eq 6 ] || fail "print --limit 5 gave $(wc -l <five.vmt) lines"
"$tool" summary five.vmt >s.txt && expect_in s.txt "records     5"
# stdin and stdout.
"$tool" convert - f.vmtb <a.vmt && "$tool" print f.vmtb | cmp -s - a.txt || fail "stdin"
# Version 2 (cores) survives convert and print in every encoding; version 1 stays version 1.
printf 'vmctrace text 2\ncreate 1\nswitch 1\n@3 switch 1\nR u 0x00001000 4\n@3 W u 0x00002000 8\n' >v2.vmt
for f in v2.vmtb v2.vmtb.gz v2.vmt.gz; do
  "$tool" convert v2.vmt $f && "$tool" print $f | cmp -s - v2.vmt || fail "version 2 through $f"
done
[ "$(head -c 8 v2.vmtb | od -An -tx1 | tr -d ' ')" = 89564d54420a0200 ] || fail "v2.vmtb: not a version-2 header"
[ "$(head -c 8 b.vmtb | od -An -tx1 | tr -d ' ')" = 89564d54420a0100 ] || fail "b.vmtb: not a version-1 header"
# A folder that does not exist: exit 1, clear message.
"$tool" convert a.vmt no/such/dir/x.vmtb 2>err; [ $? -eq 1 ] || fail "bad output folder: exit status"
expect_in err "no/such/dir/x.vmtb: cannot create"
[ -z "$(ls -A | grep '\.tmp-')" ] || fail "temporary files left: $(ls -A | grep '\.tmp-')"
finish
