# Version-1 traces written before version 2 existed (the bundled ones) read and re-encode
# unchanged: convert to the same encoding gives the same bytes (text: the same lines but the
# comments, which convert drops), and the text printed from the binary converts back to the
# same binary.
tool=$1 dir=$2
. "$(dirname "$0")/lib.sh"
n=0
for f in "$dir"/*.vmt*; do
  name=$(basename "$f")
  case $name in *.gz) gzip -dc "$f" >orig ;; *) cp "$f" orig ;; esac
  case $name in *.vmtb*) ;; *) grep -v '^#' orig >lines && mv lines orig ;; esac
  case $name in *.vmtb*) out=again.vmtb ;; *) out=again.vmt ;; esac
  [ "$("$tool" summary "$f" | grep -c '^cores')" -eq 0 ] || continue # version 2: not the subject here
  n=$((n + 1))
  "$tool" convert "$f" $out --no-gzip || fail "convert $name"
  cmp -s orig $out || fail "$name: convert changed the bytes"
  "$tool" print "$f" >printed.vmt && "$tool" convert printed.vmt $out --no-gzip || fail "print $name"
  case $name in *.vmtb*) cmp -s orig $out || fail "$name: print then convert changed the bytes" ;; esac
done
[ $n -ge 10 ] || fail "only $n version-1 bundled traces"
finish
