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
# An output that is not a regular file is refused and left as it was (a rename over it would
# replace a device such as /dev/null, a FIFO or a symbolic link by a file).
touch target.vmt && ln -s target.vmt link.vmt && mkfifo fifo.vmt && mkdir dir.vmt
for out in link.vmt fifo.vmt dir.vmt; do
  "$tool" gen seq -o $out --records 10 2>err; [ $? -eq 1 ] || fail "output $out: exit status"
  expect_in err "$out: not a regular file"
done
[ -L link.vmt ] && [ -p fifo.vmt ] && [ -d dir.vmt ] && [ ! -s target.vmt ] || fail "a special output was replaced"
"$tool" frobnicate 2>err; [ $? -eq 2 ] || fail "unknown command: exit status"
finish
