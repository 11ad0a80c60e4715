# Hostile inputs to the vmctrace tool: numbers the one parser must refuse or read as decimal,
# and outputs that must not replace a FIFO or a symlink, nor follow a planted temporary.
tool=$1
. "$(dirname "$0")/lib.sh"

# Numbers: "010" is ten; a space or sign before a number is refused, naming the value.
"$tool" gen seq --records 010 -o ten.vmt || fail "gen --records 010"
"$tool" summary ten.vmt >sum || fail "summary of ten.vmt"
expect_in sum "accesses  10:"
for bad in " 5" "-1" "+5" "5 " "0x" "1e3" "99999999999999999999"; do
  "$tool" gen seq --records "$bad" -o bad.vmt 2>err; rc=$?
  [ $rc -eq 2 ] || fail "gen --records '$bad' exited $rc, want 2"
  expect_in err "--records '$bad'"
done
for bad in 0 10 x " 3"; do
  "$tool" convert ten.vmt out.vmt.gz --level "$bad" 2>err; rc=$?
  [ $rc -eq 2 ] || fail "convert --level '$bad' exited $rc, want 2"
  expect_in err "--level '$bad'"
done

# A FIFO stays a FIFO: the trace goes through it to a reader.
mkfifo pipe.vmt
timeout 20 cat pipe.vmt >from-pipe &
reader=$!
"$tool" convert ten.vmt pipe.vmt || fail "convert onto a FIFO"
wait $reader
[ -p pipe.vmt ] || fail "the FIFO was replaced"
"$tool" convert ten.vmt direct.vmt
cmp -s from-pipe direct.vmt || fail "the FIFO's reader got other bytes than a file"

# A symlink stays a link; its target gets the trace.
echo precious >target.vmt
ln -s target.vmt link.vmt
"$tool" convert ten.vmt link.vmt || fail "convert onto a symlink"
[ -L link.vmt ] || fail "the symlink was replaced"
cmp -s target.vmt direct.vmt || fail "the link's target does not hold the trace"

# A hostile name is only a name; nothing it says runs.
hostile="x
system \"touch PWNED\"
.vmt"
"$tool" convert ten.vmt "$hostile" || fail "convert to a hostile name"
cmp -s "$hostile" direct.vmt || fail "the hostile name does not hold the trace"
[ ! -e PWNED ] || fail "a command in a name ran"

# A planted temporary (every name the old FILE.tmp.PID scheme could use here) is not followed.
echo precious >victim
for pid in $(seq $(($$ - 5)) $(($$ + 50))); do ln -s victim "out.vmt.tmp.$pid"; done
"$tool" convert ten.vmt out.vmt || fail "convert beside planted temporaries"
[ "$(cat victim)" = precious ] || fail "a planted temporary was followed"
[ -z "$(ls -A | grep 'tmp-')" ] || fail "temporaries left: $(ls -A | grep 'tmp-')"

# A writer killed with SIGKILL leaves its temporary; the next write of that name removes it,
# but not the temporary of a writer still running (it holds a lock on it).
"$tool" gen seq --records 10 -o gen.vmt || fail "gen"
echo stale >.gen.vmt.tmp-AbC123
echo live >.gen.vmt.tmp-LiVe99
flock .gen.vmt.tmp-LiVe99 sleep 3 &
holder=$!
sleep 0.5
"$tool" gen seq --records 10 -o gen.vmt || fail "gen beside old temporaries"
[ ! -e .gen.vmt.tmp-AbC123 ] || fail "a stale temporary was left"
[ -e .gen.vmt.tmp-LiVe99 ] || fail "a live writer's temporary was removed"
wait $holder
rm -f .gen.vmt.tmp-LiVe99
# A real SIGKILL in the middle of a large gen, then a rerun.
"$tool" gen seq --records 50000000 -o big.vmt & writer=$!
sleep 0.3
kill -9 $writer 2>/dev/null; wait $writer 2>/dev/null
[ -n "$(ls -A | grep '^.big.vmt.tmp-')" ] || fail "the killed gen left no temporary (test set-up)"
"$tool" gen seq --records 10 -o big.vmt || fail "gen after a SIGKILL"
[ -z "$(ls -A | grep '^.big.vmt.tmp-')" ] || fail "the killed writer's temporary was left"
finish
