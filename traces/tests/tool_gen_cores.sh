# gen threads|shootdown: the multi-core patterns. The trace is version 2, valid for a machine
# with enough cores (and not for one core), reproducible from its seed, and has the pattern's
# shape, checked here with awk on the printed records, independently of the generator.
tool=$1 pattern=$2
. "$(dirname "$0")/lib.sh"
N=20000
case $pattern in
  threads) opts="--records $N --cores 4 --burst 6 --shared-pct 0 --fetch-pct 0 --footprint 64K" ;;
  shootdown) opts="--records $N --cores 3 --procs 5 --burst 8" ;;
esac
"$tool" gen $pattern $opts --seed 5 -o a.vmt || fail "gen"
"$tool" gen $pattern $opts --seed 5 -o b.vmtb.gz || fail "gen binary"
"$tool" gen $pattern $opts --seed 5 -o a2.vmt && cmp -s a.vmt a2.vmt || fail "same seed, different file"
"$tool" gen $pattern $opts --seed 6 -o c.vmt && ! cmp -s a.vmt c.vmt || fail "different seeds, same trace"
"$tool" print a.vmt >a.txt && "$tool" print b.vmtb.gz >b.txt && cmp -s a.txt b.txt ||
  fail "same seed, different records in text and binary"
[ "$(head -1 a.vmt)" = "vmctrace text 2" ] || fail "not a version-2 trace: $(head -1 a.vmt)"
cores=$(echo "$opts" | sed 's/.*--cores \([0-9]*\).*/\1/')
"$tool" check --cores $cores a.vmt >out 2>err || fail "not valid on $cores cores: $(head -3 err)"
"$tool" check --cores $((cores - 1)) a.vmt >out 2>err && fail "valid on $((cores - 1)) cores"
"$tool" summary --cores $cores a.vmt >s.txt
expect_in s.txt "accesses  $N:"
expect_in s.txt "cores       $cores used (version-2 trace)"
# Records as "CORE KIND FIELDS...": the core prefix made a field of its own, 0 when absent.
awk '/^#/ || /^vmctrace/ { next } { if (substr($1, 1, 1) == "@") { c = substr($1, 2); $1 = "" } else c = 0
     print c, $0 }' a.txt | tr -s ' ' >r.txt
awk_hex='function hex(s,  i, v) { v = 0; s = tolower(substr(s, 3))
  for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
  return v }'
case $pattern in
  threads)
    # One process, switched to once on every core; turns go round in core order; with
    # --shared-pct 0 each core scans its own quarter of the 64 KiB data region word by word.
    [ "$(grep -c ' switch 1$' r.txt)" -eq 4 ] || fail "threads: want one switch per core"
    awk '$2 == "R" || $2 == "W" { if ($1 != last) { if (n++ && $1 != (last + 1) % 4) bad++; last = $1 } }
         END { exit !(n > 100 && bad == 0) }' r.txt || fail "threads: turns not in core order"
    awk "$awk_hex"' $2 == "R" || $2 == "W" { off = hex($4) - 268435456; c = $1
         if (off < c * 16384 || off >= (c + 1) * 16384) bad++
         if ((c in p) && off != c * 16384 + (p[c] - c * 16384 + 4) % 16384) bad++
         p[c] = off } END { exit bad > 0 }' r.txt || fail "threads: a core left its slice or its scan" ;;
  shootdown)
    # Each episode: the region mapped on core h is unmapped in part or made read-only by a
    # thread of the same process on another core, then touched again on h before h unmaps it
    # (but the last episode, which the end of the accesses may cut short).
    awk "$awk_hex"' $2 == "switch" { cur[$1] = $3 }
      $2 == "mmap" && hex($4) >= 536870912 { p = $3; if (!(p in home)) { home[p] = $1; lo[p] = hex($4)
        hi[p] = lo[p] + hex($5); remote[p] = 0; again[p] = 0 } }
      ($2 == "munmap" || $2 == "mprotect") && ($3 in home) { p = $3
        if ($1 != home[p]) { remote[p] = 1; remotes++; if (cur[$1] != p) bad++ }
        else if (hex($4) == lo[p] && hex($4) + hex($5) == hi[p] && $2 == "munmap") {
          episodes++; if (!remote[p] || !again[p]) { bad++; badep = episodes }; delete home[p] } }
      ($2 == "R" || $2 == "W") && (cur[$1] in home) { p = cur[$1]; a = hex($4)
        if (remote[p] && $1 == home[p] && a >= lo[p] && a < hi[p]) again[p] = 1 }
      END { exit !(episodes > 10 && remotes >= episodes && (bad == 0 || (bad == 1 && badep == episodes))) }' r.txt ||
      fail "shootdown: episodes not as documented"
    grep -q ' mprotect .* r--$' r.txt || fail "shootdown: no mprotect to read-only"
    expect_in s.txt "processes   5" ;;
esac
finish
