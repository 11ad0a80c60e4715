# summary of a hand-made trace; the expected numbers are worked out by hand in the comments.
tool=$1
. "$(dirname "$0")/lib.sh"
cat >t.vmt <<'T'
vmctrace text 1
create 1
switch 1
mmap 1 0x01000000 0x4000 r-x anon private
mmap 1 0x10000000 0x10000 rw- anon private
X u 0x01000000 4
X u 0x01000004 4
X u 0x01001ffe 4
R u 0x10000000 8
W u 0x10000ff8 8
W u 0x10003000 4
create 2
switch 2
mmap 2 0x10000000 0x1000 rw- anon shared
R u 0x10000000 4
R p 0xc0000000 4
marker 1 warmup_end
exit 2
switch 1
R u 0x10000004 4
T
# 19 records; the marker is record 16. Accesses: fetch 3, read 4 (two by pid 1, two by pid 2), write 2; one privileged.
# pid 1 pages: 0x01000, 0x01001, 0x01002 (the fetch at 0x01001ffe crosses), 0x10000, 0x10003 = 5.
# pid 2 pages: 0x10000, 0xc0000 = 2. Total 7 pages = 28 KiB. Range 0x01000000 to 0xc0000003.
"$tool" convert t.vmt t.vmtb.gz || fail "convert"
# Valid for the linux layout, where 0xc0000000 is the start of the kernel's direct map.
for f in t.vmt t.vmtb.gz; do
  "$tool" summary --layout linux $f >s.txt 2>err || fail "summary $f failed: $(cat err)"
  expect_in s.txt "records     19"
  expect_in s.txt "accesses  9: read 4, write 2, fetch 3; privileged 1"
  expect_in s.txt "events    create 2, exit 1, fork 0, switch 3, mmap 3, munmap 0, mprotect 0, marker 1"
  expect_in s.txt "processes   2"
  expect_in s.txt "pid 1      7 accesses (r 2, w 2, x 3), 5 pages (20.0 KiB), 0x01000000-0x10003003"
  expect_in s.txt "pid 2      2 accesses (r 2, w 0, x 0), 2 pages (8.0 KiB), 0x10000000-0xc0000003"
  expect_in s.txt "pages       7 distinct 4 KiB pages over all processes, footprint 28.0 KiB"
  expect_in s.txt "range       0x01000000-0xc0000003"
  expect_in s.txt "markers     1 warmup_end at record 16"
  expect_in s.txt "valid       yes"
done
expect_in s.txt "encoding    binary + gzip"
"$tool" summary t.vmt >s.txt
expect_in s.txt "encoding    text, $(wc -c <t.vmt | tr -d ' ') bytes"
# The default layout (liteos, 64 MiB) maps nothing at 0xc0000000.
expect_in s.txt "valid       no: 1 violations; first: t.vmt:16: privileged read at 0xc0000000: the kernel maps nothing there"
finish
