# Every bad input makes summary, check and convert exit 1 with a message naming the file,
# and convert leaves no output behind.
tool=$1 maker=$2
. "$(dirname "$0")/lib.sh"
"$maker" . --make || fail "could not make the bad files"
n=0
for f in *.trace; do
  n=$((n + 1))
  for cmd in summary check; do
    "$tool" $cmd "$f" >out 2>err; rc=$?
    [ $rc -eq 1 ] || fail "vmctrace $cmd $f exited $rc, want 1"
    expect_in err "$f"
  done
  "$tool" convert "$f" "converted-$f.vmtb" >out 2>err; rc=$?
  [ $rc -eq 1 ] || fail "vmctrace convert $f exited $rc, want 1"
  [ -z "$(ls -A | grep converted)" ] || fail "convert of $f left $(ls -A | grep converted)"
done
[ $n -ge 30 ] || fail "only $n bad files were made"
"$tool" summary no-such-file.vmt 2>err; [ $? -eq 1 ] || fail "missing file: exit status"
expect_in err "no-such-file.vmt: cannot open"
# A folder is refused and left as it was; FIFOs, devices and symbolic links are written through
# (tool_hostile.sh), never replaced by a file.
mkdir dir.vmt
"$tool" gen seq -o dir.vmt --records 10 2>err; [ $? -eq 1 ] || fail "output dir.vmt: exit status"
expect_in err "dir.vmt: is a directory"
[ -d dir.vmt ] || fail "the folder was replaced"
"$tool" frobnicate 2>err; [ $? -eq 2 ] || fail "unknown command: exit status"
finish
