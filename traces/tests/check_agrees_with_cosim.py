#!/usr/bin/env python3
"""`vmctrace check` and `vmcosim` agree on what a valid trace is (docs/trace-format.md,
"Validity"): for seeded random small traces on both layouts and several RAM sizes, check
calls a trace valid exactly when vmcosim, with the same --layout and --ram-size, runs it with
no segmentation fault (--segfault stop: exit 5) and no refused OS event (osEvents.failed).

vmcosim's answer comes from the firmware (its layout, regions and fault handler); check's from
the tool's own model of the documented rules: two separate readings of the same rules.

usage: check_agrees_with_cosim.py VMCTRACE VMCOSIM [CASES] [SEED]
"""
import json
import os
import random
import subprocess
import sys
import tempfile

MIB = 1 << 20
PAGE = 4096
# (layout, RAM) pairs: small, default, and past each profile's direct-map limit.
MACHINES = [("liteos", 16 * MIB), ("liteos", 64 * MIB), ("liteos", 600 * MIB),
            ("linux", 16 * MIB), ("linux", 64 * MIB), ("linux", 1000 * MIB)]
# Addresses where the rules change in either profile (user range ends, kernel window ends at
# each RAM size above, vmalloc and kmap areas), taken from the profiles' documentation.
EDGES = [0x0, 0x00010000, 0x01000000, 0x20000000, 0x3E000000, 0x3F000000, 0x40000000,
         0x41000000, 0x44000000, 0x60000000, 0x61000000, 0x64000000, 0x65800000,
         0x80000000, 0x81000000, 0xA2000000, 0xBF000000, 0xC0000000, 0xC1000000, 0xC4000000,
         0xE5800000, 0xF8000000, 0xFF000000, 0xFFC00000, 0xFFFFF000]
PROTS = ["---", "r--", "-w-", "--x", "rw-", "r-x", "-wx", "rwx"]


# Inside the user range of one profile or both, where mmaps mostly go.
USER_SPOTS = [0x00010000, 0x01000000, 0x01000000, 0x20000000, 0x20000000, 0x3E000000, 0x40000000,
              0xBE000000]


def near_edge(rng):
    """A page-aligned address at, just below or just above an edge."""
    return (rng.choice(EDGES) + rng.choice([-2, -1, 0, 0, 1]) * PAGE) & 0xFFFFF000


def make_trace(rng):
    lines = ["vmctrace text 1", "create 1", "switch 1"]
    regions = []
    for _ in range(rng.randint(0, 3)):
        va = rng.choice(USER_SPOTS) + PAGE * rng.randint(0, 4) if rng.random() < 0.8 else near_edge(rng)
        pages = rng.randint(1, 3)
        end = va + pages * PAGE
        if end > 1 << 32 or any(va < e and s < end for s, e in regions):
            continue  # overlapping mmaps are a separate, stricter rule of check's
        regions.append((va, end))
        kind = rng.choice(["anon private", "anon shared", "device shared"])
        lines.append(f"mmap 1 0x{va:08x} 0x{pages * PAGE:x} {rng.choice(PROTS)} {kind}")
    if regions and rng.random() < 0.3:
        s, e = rng.choice(regions)
        lines.append(f"mprotect 1 0x{s:08x} 0x{e - s:x} {rng.choice(PROTS)}")
    if rng.random() < 0.15:
        va = near_edge(rng)
        pages = 1 if va == 0xFFFFF000 else rng.randint(1, 2)
        lines.append(f"munmap 1 0x{va:08x} 0x{PAGE * pages:x}")
    for _ in range(rng.randint(1, 2)):
        if regions and rng.random() < 0.75:
            s, e = rng.choice(regions)
            va = rng.randrange(s, e)
        else:
            va = (near_edge(rng) + rng.choice([0, 4, PAGE - 4, PAGE - 2])) & 0xFFFFFFFF
        size = rng.choice([1, 4, 8])
        if va + size > 1 << 32:
            size = 1
        lines.append(f"{rng.choice('RRWX')} {rng.choice('up')} 0x{va:08x} {size}")
    return "\n".join(lines) + "\n"


def run(cmd):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def main():
    vmctrace, vmcosim = sys.argv[1], sys.argv[2]
    cases = int(sys.argv[3]) if len(sys.argv) > 3 else 400
    rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 2026)
    counts = {"valid": 0, "invalid": 0}
    with tempfile.TemporaryDirectory() as tmp:
        trace, stats = os.path.join(tmp, "t.vmt"), os.path.join(tmp, "s.json")
        for i in range(cases):
            layout, ram = MACHINES[i % len(MACHINES)]
            text = make_trace(rng)
            with open(trace, "w") as f:
                f.write(text)
            machine = ["--layout", layout, "--ram-size", f"{ram // MIB}M"]
            sim = run([vmcosim, "--mode", "functional", "--quiet", "--segfault", "stop",
                       "--stats", stats] + machine + [trace])
            if sim.returncode not in (0, 5):
                sys.exit(f"case {i}: vmcosim exit {sim.returncode}: {sim.stderr}\n{text}")
            with open(stats) as f:
                failed = json.load(f)["osEvents"]["failed"]
            sim_valid = sim.returncode == 0 and failed == 0
            chk = run([vmctrace, "check"] + machine + [trace])
            if chk.returncode not in (0, 1):
                sys.exit(f"case {i}: vmctrace check exit {chk.returncode}: {chk.stderr}\n{text}")
            if (chk.returncode == 0) != sim_valid:
                sys.exit(f"case {i} ({layout}, {ram // MIB} MiB): check says "
                         f"{'valid' if chk.returncode == 0 else 'invalid'}, vmcosim "
                         f"{'ran it' if sim_valid else 'did not'} (exit {sim.returncode}, "
                         f"failed events {failed})\n--- trace\n{text}--- check\n{chk.stderr}"
                         f"--- vmcosim\n{sim.stderr}")
            counts["valid" if sim_valid else "invalid"] += 1
    # Both verdicts must occur often, or the comparison proves little.
    if min(counts.values()) < cases // 10:
        sys.exit(f"too one-sided: {counts}")
    print(f"{cases} traces: check and vmcosim agree ({counts['valid']} valid, "
          f"{counts['invalid']} invalid)")


if __name__ == "__main__":
    main()
