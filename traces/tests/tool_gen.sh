# gen PATTERN: the trace is valid, reproducible from its seed, and has the pattern's shape
# (checked here with awk on the printed records, independently of the generator).
tool=$1 pattern=$2
. "$(dirname "$0")/lib.sh"
N=30000
opts="--records $N --footprint 4M --fetch-pct 0"
case $pattern in
  stride) opts="$opts --stride 8192" ;;
  phases) opts="$opts --phases 4 --ws 64K" ;;
  multiproc) opts="--records $N --procs 3 --quantum 500" ;;
  churn) opts="--records $N" ;;
esac
"$tool" gen $pattern $opts --seed 5 -o a.vmt || fail "gen"
"$tool" gen $pattern $opts --seed 5 -o b.vmtb.gz || fail "gen binary"
"$tool" gen $pattern $opts --seed 6 -o c.vmt || fail "gen other seed"
"$tool" check a.vmt >out 2>err || fail "not valid: $(head -3 err)"
"$tool" print a.vmt >a.txt; "$tool" print b.vmtb.gz >b.txt
cmp -s a.txt b.txt || fail "same seed, different records in text and binary"
"$tool" gen $pattern $opts --seed 5 -o a2.vmt && cmp -s a.vmt a2.vmt || fail "same seed, different file"
cmp -s a.vmt c.vmt && fail "different seeds, same trace"
"$tool" summary a.vmt >s.txt
expect_in s.txt "accesses  $N:"
[ "$(grep -c '^marker 1 warmup_end$' a.txt)" -eq 1 ] || fail "no warm-up marker"
# Data accesses as decimal offsets from the data region, one per line.
awk 'function hex(s,  i, v) { v = 0; s = tolower(substr(s, 3))
       for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
       return v }
     ($1 == "R" || $1 == "W") { a = hex($3); if (a >= 268435456 && a < 536870912) print a - 268435456 }' \
  a.txt >data.txt
case $pattern in
  seq)    # each data access 4 bytes after the previous one
    awk 'NR > 1 && $1 != (p + 4) % 4194304 { bad++ } { p = $1 } END { exit bad > 0 }' data.txt ||
      fail "seq: not sequential" ;;
  stride) # each 8192 bytes after the previous one
    awk 'NR > 1 && $1 != (p + 8192) % 4194304 { bad++ } { p = $1 } END { exit bad > 0 }' data.txt ||
      fail "stride: not strided" ;;
  random) # 1024 pages, uniform: no page gets 1% of the accesses, and most pages are touched
    awk '{ c[int($1 / 4096)]++ } END { for (p in c) { n++; if (c[p] > max) max = c[p] }
          exit !(max < NR / 100 && n > 900) }' data.txt || fail "random: not uniform" ;;
  zipf)   # s = 1 over 1024 pages: the hottest page draws 1/H(1024) ~ 13% of the accesses
    awk '{ c[int($1 / 4096)]++ } END { for (p in c) if (c[p] > max) max = c[p]
          exit !(max > NR * 0.10 && max < NR * 0.17) }' data.txt || fail "zipf: wrong skew" ;;
  phases) # 4 phases, working sets of 16 pages: each quarter of the trace touches <= 16 pages
    awk -v n=$(wc -l <data.txt) '{ q = int(4 * (NR - 1) / n); k = q " " int($1 / 4096)
          if (!(k in seen)) { seen[k] = 1; pages[q]++ } }
          END { for (q = 0; q < 4; q++) if (pages[q] > 17 || pages[q] < 8) bad++; exit bad > 0 }' data.txt ||
      fail "phases: working sets not confined" ;;
  multiproc)
    expect_in s.txt "processes   3"
    [ "$(grep -c '^fork 1 ' a.txt)" -eq 2 ] || fail "multiproc: want 2 forks"
    [ "$(grep -c '^switch ' a.txt)" -gt 30 ] || fail "multiproc: too few context switches" ;;
  churn)
    [ "$(grep -c '^mmap ' a.txt)" -gt 10 ] || fail "churn: too few mmaps"
    [ "$(grep -c '^munmap ' a.txt)" -gt 10 ] || fail "churn: too few munmaps"
    grep -q '^mmap .* file ' a.txt || fail "churn: no file mapping"
    grep -q '^mprotect ' a.txt || fail "churn: no mprotect" ;;
esac
finish
