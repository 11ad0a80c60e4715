# check: each rule of docs/trace-format.md "Validity", broken once on a known line.
tool=$1
. "$(dirname "$0")/lib.sh"
H="vmctrace text 1"
P="create 1
switch 1
mmap 1 0x01000000 0x2000 r-x anon private
mmap 1 0x10000000 0x2000 rw- anon private"   # lines 2-5 of every case below

# case NAME LINE PHRASE TRACE-BODY: check must fail, naming NAME.vmt:LINE and PHRASE.
# $OPTS (the machine: --layout, --ram-size) is passed to check.
OPTS=
case_() {
  printf '%s\n%s\n' "$H" "$4" >"$1.vmt"
  "$tool" check $OPTS "$1.vmt" >out 2>err; rc=$?
  [ $rc -eq 1 ] || fail "$1: check exited $rc, want 1"
  expect_in err "$1.vmt:$2: $3"
}
case_ no_switch 3 "read at 0x10000000 with no current process" "create 1
R u 0x10000000 4"
case_ unmapped 6 "read at 0x10002000: no region of process 1 maps it" "$P
R u 0x10002000 4"
case_ write_code 6 "write at 0x01000010: the region of process 1 is r-x" "$P
W u 0x01000010 4"
case_ fetch_data 6 "fetch at 0x10000000: the region of process 1 is rw-" "$P
X u 0x10000000 4"
case_ straddle 6 "read at 0x10002000: no region" "$P
R u 0x10001ffe 4"
case_ user_kernel 6 "user read at 0xc0000000: kernel space" "$P
R u 0xc0000000 4"
case_ switch_unknown 6 "switch: process 9 does not exist" "$P
switch 9"
case_ after_munmap 7 "write at 0x10000000: no region" "$P
munmap 1 0x10000000 0x1000
W u 0x10000000 4"
case_ mprotect_hole 6 "mprotect of 0x10000000+0x3000: part of the range is not mapped" "$P
mprotect 1 0x10000000 0x3000 r--"
case_ read_only 7 "write at 0x10000004: the region of process 1 is r--" "$P
mprotect 1 0x10000000 0x2000 r--
W u 0x10000004 4"
case_ overlap 6 "mmap of 0x10001000+0x1000 overlaps a region process 1 already maps" "$P
mmap 1 0x10001000 0x1000 rw- anon private"
case_ kernel_mmap 6 "mmap of 0x40000000+0x1000: outside the user space" "$P
mmap 1 0x40000000 0x1000 rw- device shared"
case_ exited 7 "switch: process 1 does not exist" "$P
exit 1
switch 1"
case_ double_create 6 "create: process 1 already exists" "$P
create 1"
case_ munmap_kernel 6 "munmap of 0x40000000+0x1000: outside the user space 0x01000000-0x3effffff" "$P
munmap 1 0x40000000 0x1000"
case_ mmap_below_user 6 "mmap of 0x00100000+0x1000: outside the user space" "$P
mmap 1 0x00100000 0x1000 rw- anon private"
case_ kernel_unmapped 6 "privileged read at 0x44000000: the kernel maps nothing there (liteos, 64 MiB RAM" "$P
R p 0x44000000 4"
case_ kernel_straddle 6 "privileged write at 0x44000000: the kernel maps nothing there" "$P
W p 0x43fffffe 4"
case_ uncached_fetch 6 "privileged fetch at 0x60000000: the kernel maps no executable memory there" "$P
X p 0x60000000 4"
case_ device_fetch 7 "fetch at 0x20000000: the region of process 1 is device memory (never executable)" "$P
mmap 1 0x20000000 0x1000 r-x device shared
X u 0x20000000 4"
OPTS="--ram-size 16M"
case_ small_ram 6 "privileged read at 0x41000000: the kernel maps nothing there (liteos, 16 MiB RAM" "$P
R p 0x41000000 4"
OPTS="--layout linux"
case_ linux_user_space 6 "read at 0x40000000: no region of process 1 maps it" "$P
R p 0x40000000 4"
case_ linux_kernel_user 6 "user read at 0xc0000000: kernel space (0xc0000000 and up) needs a privileged access" "$P
R u 0xc0000000 4"
OPTS=
case_ fork_later_map 9 "read at 0x20000000: no region of process 2 maps it" "$P
fork 1 2
mmap 1 0x20000000 0x1000 rw- anon private
switch 2
R u 0x20000000 4"

# A valid trace exercising the same rules: fork copies the parent's regions, privileged
# accesses reach the kernel's direct map and uncached alias, mprotect can give write
# permission back, a write-only region is readable (ARM maps w as rw).
printf '%s\n%s\n' "$H" "$P
W u 0x10000000 4
fork 1 2
switch 2
W u 0x10001ffc 4
X u 0x01001ffc 4
R p 0x40000000 4
W p 0x63fffffc 4
X p 0x43fffffc 4
mprotect 2 0x10000000 0x1000 r--
R u 0x10000000 4
mprotect 2 0x10000000 0x1000 rw-
W u 0x10000000 4
exit 2
switch 1
mprotect 1 0x10000000 0x1000 -w-
R u 0x10000000 8" >valid.vmt
"$tool" check valid.vmt >out 2>err || fail "valid.vmt: $(cat err)"
expect_in out "valid.vmt: valid (20 records)"
# The same trace on a machine whose kernel maps less: RAM of 32 MiB ends the direct map at
# 0x41ffffff and the uncached alias at 0x61ffffff.
"$tool" check --ram-size 32M valid.vmt >out 2>err && fail "valid.vmt with 32 MiB: accepted"
expect_in err "valid.vmt:12: privileged write at 0x63fffffc: the kernel maps nothing there"
expect_in err "valid.vmt:13: privileged fetch at 0x43fffffc: the kernel maps nothing there"

# Cores (version 2): each core has its own current process; one process may run on several
# cores (its threads); a record on a core the machine lacks breaks a rule.
H="vmctrace text 2"
OPTS="--cores 2"
case_ core_no_switch 7 "read at 0x10000000 on core 1 with no current process (no switch on core 1 before it)" "$P
R u 0x10000000 4
@1 R u 0x10000000 4"
case_ core_beyond 6 "switch on core 2: the machine has 2 cores (--cores 2)" "$P
@2 switch 1"
case_ core_exit 9 "write at 0x10000000 on core 1 with no current process" "$P
@1 create 2
@1 switch 2
@1 exit 2
@1 W u 0x10000000 4"
case_ core_unmapped_elsewhere 8 "read at 0x10001000: no region of process 1 maps it" "$P
@1 switch 1
@1 munmap 1 0x10001000 0x1000
R u 0x10001000 4"
OPTS=
case_ core_default_one 6 "switch on core 1: the machine has 1 core (--cores 1)" "$P
@1 switch 1"
printf '%s\n%s\n' "$H" "$P
@1 switch 1
@1 W u 0x10000000 4
R u 0x10000004 4
@1 create 2
@1 switch 2
R u 0x10001000 4
@1 exit 2
@1 switch 1
@1 R u 0x01000000 4" >cores.vmt
"$tool" check --cores 2 cores.vmt >out 2>err || fail "cores.vmt: $(cat err)"
expect_in out "cores.vmt: valid (13 records)"
"$tool" summary --cores 2 cores.vmt >out 2>err || fail "summary cores.vmt: $(cat err)"
expect_in out "cores       2 used (version-2 trace)"
expect_in out "  core 0    2 accesses, 1 switches, 3 other events"
expect_in out "  core 1    2 accesses, 3 switches, 2 other events"
"$tool" summary valid.vmt >out && ! grep -q "^cores" out || fail "a version-1 summary names cores"
for bad in "--cores 0" "--cores 9" "--cores 2x" "--cores"; do
  "$tool" check $bad cores.vmt >out 2>err; rc=$?
  [ $rc -eq 2 ] || fail "check $bad: exit $rc, want 2"
done
"$tool" check --cores 9 cores.vmt 2>err; expect_in err "--cores '9': not a number of cores from 1 to 8"

# Bad machine options: usage errors naming the value.
for bad in "--layout vms" "--ram-size 3M5" "--ram-size 0" "--ram-size 1536K" "--ram-size 4G" "--layout"; do
  "$tool" check $bad valid.vmt >out 2>err; rc=$?
  [ $rc -eq 2 ] || fail "check $bad: exit $rc, want 2"
done
"$tool" check --layout vms valid.vmt 2>err; expect_in err "--layout 'vms': not liteos or linux"
"$tool" check --ram-size 0 valid.vmt 2>err; expect_in err "--ram-size 0: must be a non-zero multiple of 1 MiB"
"$tool" check --ram-size 064M valid.vmt >out 2>&1 || fail "--ram-size 064M (64, not octal 52): $(cat out)"
finish
