# Pairs a printed trace (first file) with the lackey log it was imported from (second file)
# and checks what import-lackey promises; see lackey_valgrind.sh. Exit status 1 on a mismatch.
# -v limit=N pairs only the first N access lines of the log (import-lackey --limit N).

function hex(s,  i, v) { v = 0; s = tolower(s); if (substr(s, 1, 2) == "0x") s = substr(s, 3)
  for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
  return v }
function key(x) { return sprintf("%.0f", x) }
function emit(op, a, s,  part, room, op_page, r_page) {
  while (s > 0 && m < n) {
    room = 4096 - a % 4096; part = s < room ? s : room; if (part > 255) part = 255
    m++
    if (top[m] != op || tsz[m] != part || tva[m] % 1048576 != a % 1048576) {
      if (!bad++) printf "access %d: log %s 0x%x,%d; trace %s 0x%x %d\n", m, op, a, part, top[m], tva[m], tsz[m]
    }
    op_page = key(int(a / 4096)); r_page = key(int(tva[m] / 4096))
    if ((op_page in fwd && fwd[op_page] != r_page) || (r_page in back && back[r_page] != op_page)) {
      if (!bad++) printf "access %d: page mapping is not one to one\n", m
    }
    fwd[op_page] = r_page; back[r_page] = op_page
    a += part; s -= part
  }
}
FNR == NR { if ($1 == "R" || $1 == "W" || $1 == "X") { n++; top[n] = $1; tva[n] = hex($3); tsz[n] = $4 }; next }
/^==/ { next }
{
  c = substr($0, 2, 1); op = ""
  if (substr($0, 1, 1) == "I") op = "X"
  else if (c == "L" || c == "M") op = "R"
  else if (c == "S") op = "W"
  if (op == "") next
  if (limit && ++lines > limit) next
  rest = substr($0, 3); gsub(/ /, "", rest); split(rest, f, ",")
  a = hex(f[1]); emit(op, a, f[2] + 0)
  if (op != "X" && c == "M") emit("W", a, f[2] + 0)
}
END { if (m != n) { printf "paired %d of %d accesses\n", m, n; bad++ }
      pages = 0; for (p in fwd) pages++; printf "%d accesses, %d pages paired\n", m, pages; exit bad > 0 }
