#!/usr/bin/env python3
"""A stand-in for vmcosim in the runner's tests: takes vmcosim's options, writes statistics
JSON of the same shape with numbers made up from the configuration, and can be told to fail,
to sleep, or to log when it starts and ends (environment variables below). It does not read
the trace, so tests of the runner do not depend on the simulator.

  FAKE_VMCOSIM_FAIL=TEXT    exit 1 (with a message) when TEXT occurs in the trace path
  FAKE_VMCOSIM_SLEEP=S      sleep S seconds before writing the statistics
  FAKE_VMCOSIM_EVENTS=FILE  append "start ID TIME" and "end ID TIME" lines to FILE, one per
                            configuration (ID ends with the process id; one TIME per process)
"""
import json
import os
import re
import sys
import time


def geom_entries(g):
    m = re.fullmatch(r"(\d+)x(\d+):(\w+)", g)
    return (int(m.group(1)) * int(m.group(2)), m.group(3)) if m else (0, "none")


def main(argv):
    if "--help" in argv:
        print("usage: vmcosim [options] TRACE\n  --mode rtl|functional|lockstep  (fake)")
        return 0
    if "--version" in argv:
        print("vmcosim 0.0-fake")
        return 0
    # Options; --next-configuration starts another configuration of a set (its own --itlb,
    # --dtlb, --l2tlb, --walk-cache, --mem-latency, --stats; the rest shared), as in vmcosim.
    sets, trace, i = [{}], None, 0
    while i < len(argv):
        a = argv[i]
        if a == "--next-configuration":
            sets.append({})
        elif a in ("--host-stats", "--quiet"):
            sets[-1][a] = True
        elif a.startswith("--"):
            sets[-1][a] = argv[i + 1]
            i += 1
        else:
            trace = a
        i += 1
    per_config = ("--itlb", "--dtlb", "--l2tlb", "--walk-cache", "--mem-latency", "--stats")
    shared = {k: v for s in sets for k, v in s.items() if k not in per_config}
    configs = [dict(shared, **{k: v for k, v in s.items() if k in per_config}) for s in sets]
    events = os.environ.get("FAKE_VMCOSIM_EVENTS")
    mes = [f"{os.path.basename(trace)}:{o.get('--itlb')}:{o.get('--l2tlb')}:{os.getpid()}" for o in configs]
    if events:
        with open(events, "a") as f:
            now = time.time()
            f.write("".join(f"start {me} {now:.6f}\n" for me in mes))
    fail = os.environ.get("FAKE_VMCOSIM_FAIL")
    if fail and fail in trace:
        print(f"vmcosim: {trace}: simulated failure for the test", file=sys.stderr)
        return 1
    time.sleep(float(os.environ.get("FAKE_VMCOSIM_SLEEP", "0")))
    for opts in configs:
        write_stats(opts)
    if events:
        with open(events, "a") as f:
            now = time.time()
            f.write("".join(f"end {me} {now:.6f}\n" for me in mes))
    return 0


def write_stats(opts):
    entries, policy = geom_entries(opts["--dtlb"])
    l2_entries, _ = geom_entries(opts["--l2tlb"])
    accesses = 100000
    l1_miss = 64000 // entries + {"lru": 0, "plru": 10, "fifo": 20, "random": 30}[policy]
    l2_hits = l1_miss // 2 if l2_entries else 0
    walks = l1_miss - l2_hits
    lat = int(opts["--mem-latency"].split("..")[0])
    walk_cycles = walks * (2 * lat + 3)
    tb = (lambda n, h: {"accesses": n, "hits": h, "misses": n - h})
    stats = {   # a subset of docs/stats-schema.json, same names
        "schema": "vmcosim-stats/1", "partial": False, "stopReason": "",
        "config": {"fragEvery": int(opts.get("--frag-every", 0))},
        "accesses": {"total": accesses, "read": 60000, "write": 20000, "fetch": 20000},
        "itb": tb(20000, 20000 - l1_miss // 4), "dtb": tb(80000, 80000 - (l1_miss - l1_miss // 4)),
        "l2tb": tb(l1_miss if l2_entries else 0, l2_hits),
        "walker": {"walks": walks, "walkServiceTime": {
            "samples": walks, "sum": walk_cycles,
            "buckets": [{"lo": 2 * lat, "hi": 4 * lat - 1, "count": walks}]}},
        "faults": {"total": 40, "handlingCycles": {"alloc": 4000, "pgtable": 3000, "tlb": 1000, "other": 1500,
                                                   "exceptionEntryExit": 500, "total": 10000}},
        "physMem": [{"where": "end", "cycle": 500000, "freePages": 15000,
                     "unusableIndexPermille": [0, 0, 0, 0, 10, 20, 30, 40, 50]}],
        "cycles": {"hardware": accesses + walk_cycles, "firmware": 10000,
                   "total": accesses + walk_cycles + 10000},
    }
    if opts.get("--host-stats"):
        stats["host"] = {"seconds": 0.01, "accessesPerSecond": 1e7}
    with open(opts["--stats"] + ".tmp", "w") as f:
        json.dump(stats, f)
    os.replace(opts["--stats"] + ".tmp", opts["--stats"])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
