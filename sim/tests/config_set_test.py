#!/usr/bin/env python3
"""Configuration sets (vmcosim --next-configuration, label cosim): several TLB configurations
simulated in one pass must each give the statistics of a separate run of that configuration,
byte for byte. The reference is always the separate runs. Same command line as cosim_test.py,
whose helpers this file uses.

usage: config_set_test.py CASE --vmcosim BIN --vmctrace BIN --work DIR --source DIR
"""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cosim_test import check, eq, interrupted_run, main, runs_trace  # noqa: E402

# Per-configuration options: sizes, associativities, every policy, the L2 TLB on and off,
# walk caches of 0, 1, 8 and 16 entries, fixed and drawn walker latencies.
CONFIGS = [
    [],
    ["--itlb", "1x8:lru", "--dtlb", "1x8:lru", "--l2tlb", "none"],
    ["--itlb", "2x4:fifo", "--dtlb", "16x4:random", "--l2tlb", "64x4:lru", "--walk-cache", "0"],
    ["--itlb", "1x64:plru", "--dtlb", "64e2w:lru", "--l2tlb", "128x8:random", "--walk-cache", "16",
     "--mem-latency", "1..30"],
    ["--itlb", "4x2:random", "--dtlb", "1x256:fifo", "--l2tlb", "none", "--walk-cache", "1",
     "--mem-latency", "3..12"],
    ["--itlb", "1x16:lru", "--dtlb", "2x2:plru", "--l2tlb", "32x2:fifo", "--mem-latency", "25"],
    ["--mem-latency", "1..40"],
]

# Shared options, taken in turn by the traces: seeds, segmentation-fault policies, snapshots,
# layouts, large pages, a warm-up and a RAM small enough to run out on the larger traces.
SHARED = [
    [],
    ["--seed", "7", "--segfault", "continue", "--frag-every", "5000"],
    ["--layout", "linux", "--large-pages"],
    ["--warmup", "1000", "--ram-size", "16M", "--seed", "3"],
]


def run(e, cmd):
    r = subprocess.run([e.vmcosim, "--quiet", "--mode", "functional"] + cmd,
                       capture_output=True, text=True, timeout=600)
    return r.returncode, r.stderr


def read(path):
    with open(path, "rb") as f:
        return f.read()


def compare_set(e, tag, trace, shared, configs, expect_rc=None):
    """One pass over configs against a separate run of each; returns the set's exit code."""
    cmd = [trace] + shared
    for k, c in enumerate(configs):
        cmd += (["--next-configuration"] if k else []) + c + ["--stats", e.path("set%d.json" % k)]
    rc, err = run(e, cmd)
    if expect_rc is not None:
        eq(rc, expect_rc, tag + ": exit code of the set (%s)" % err.strip())
    for k, c in enumerate(configs):
        one = e.path("one%d.json" % k)
        rc1, err1 = run(e, [trace] + shared + c + ["--stats", one])
        what = "%s, configuration %d %s" % (tag, k + 1, " ".join(c) or "(defaults)")
        eq(rc, rc1, what + ": exit code as a separate run's (%s)" % (err.strip() or err1.strip()))
        check(os.path.exists(e.path("set%d.json" % k)), what + ": statistics written")
        if os.path.exists(e.path("set%d.json" % k)) and os.path.exists(one):
            check(read(e.path("set%d.json" % k)) == read(one),
                  what + ": statistics byte-identical to a separate run")
    return rc


def case_equals_separate(e):
    # Every bundled single-core trace (not the multicore folder), all the configurations in one pass.
    folder = os.path.join(e.source, "traces", "bundled")
    for i, t in enumerate(sorted(f for f in os.listdir(folder) if os.path.isfile(os.path.join(folder, f)))):
        shared = SHARED[i % len(SHARED)]
        compare_set(e, "%s %s" % (t, " ".join(shared)), os.path.join(folder, t), shared, CONFIGS)


def case_faults(e):
    # cosim_test.py's trace of faults, refused accesses, page crossings and two processes, under
    # each segmentation-fault policy (stop: partial statistics, exit 5, in every configuration).
    p = runs_trace(e)
    for policy, rc in (("continue", 0), ("skip-process", 0), ("stop", 5)):
        got = compare_set(e, "faults, --segfault " + policy, p,
                          ["--segfault", policy, "--frag-every", "23"], CONFIGS, expect_rc=rc)
        if policy == "stop" and got == 5:
            d = json.loads(read(e.path("set%d.json" % (len(CONFIGS) - 1))))
            eq(d["partial"], True, "stop: the last configuration's statistics are partial")


def case_bad_options(e):
    tr = os.path.join(e.source, "traces", "bundled", "seq-small.vmt")
    nc = "--next-configuration"
    bad = [
        (["--mode", "rtl", "--stats", "a.json", nc, "--stats", "b.json"], "--mode functional"),
        (["--mode", "lockstep", nc], "--mode functional"),
        (["--mode", "functional", "--outdir", e.path("od"), nc], "--outdir"),
        (["--mode", "functional", "--stats", "s.json", nc, "--stats", "s.json"],
         "configurations 1 and 2: the same --stats s.json"),
        (["--mode", "functional", "--stats", "s.json", nc, "--stats", "./sub/../s.json"],
         "configurations 1 and 2: the same --stats ./sub/../s.json (also named s.json)"),
        (["--mode", "functional", "--stats", "s.json", nc, "--stats", "link/s.json"],
         "configurations 1 and 2: the same --stats link/s.json (also named s.json)"),
        (["--mode", "functional", nc, nc, "--itlb", "3x4:lru"], "configuration 3: --itlb '3x4:lru'"),
        (["--mode", "functional", "--mem-latency", "9..3", nc], "configuration 1: --mem-latency"),
        (["--mode", "functional", nc, "--walk-cache", "x"], "configuration 2: --walk-cache 'x'"),
        (["--mode", "functional", nc, "--dtlb", "1x4096:lru", "--itlb", "1x8:lru"],
         "configuration 2: --dtlb"),
        (["--mode", "functional", nc, "--stats"], "configuration 2: --stats: missing value"),
    ]
    if os.path.exists(e.path("s.json")):
        os.remove(e.path("s.json"))   # left by an earlier run of this case: the check below is this run's
    os.makedirs(e.path("sub"), exist_ok=True)
    if not os.path.lexists(e.path("link")):
        os.symlink(".", e.path("link"))   # a folder link back to the work folder
    for opts, words in bad:
        r = subprocess.run([e.vmcosim, tr] + opts, capture_output=True, text=True, cwd=e.work)
        eq(r.returncode, 2, "exit code for " + " ".join(opts))
        check(words in r.stderr, "message for %s has '%s': %s" % (" ".join(opts), words,
                                                                   r.stderr.strip()))
    check(not os.path.exists(e.path("s.json")), "nothing written after a refusal")
    # --stats - for one configuration: standard output holds its JSON alone (the summaries of
    # every configuration go to standard error), the same as its file in a quiet run.
    r = subprocess.run([e.vmcosim, tr, "--mode", "functional", "--stats", e.path("f1.json"), nc,
                        "--dtlb", "1x8:lru", "--stats", "-"], capture_output=True, text=True)
    eq(r.returncode, 0, "--stats - in a set")
    r2 = subprocess.run([e.vmcosim, tr, "--mode", "functional", "--quiet", "--dtlb", "1x8:lru",
                         "--stats", e.path("f2.json")], capture_output=True, text=True)
    with open(e.path("f2.json")) as f:
        eq(r.stdout, f.read(), "standard output is configuration 2's JSON alone")
    check("configuration 1 of 2:" in r.stderr and "configuration 2 of 2:" in r.stderr,
          "both summaries on standard error: " + r.stderr[:200])
    # An unwritable file of any configuration is refused before the run.
    r = subprocess.run([e.vmcosim, tr, "--mode", "functional", "--stats", e.path("ok.json"), nc,
                        "--stats", e.path("no/such/dir/s.json")], capture_output=True, text=True)
    eq(r.returncode, 6, "unwritable --stats of configuration 2")


def case_sigint(e):
    # An endless trace on standard input, interrupted: every configuration's statistics are
    # written, marked partial, over the same accesses.
    outs = [e.path("int%d.json" % k) for k in range(3)]
    cmd = [e.vmcosim, "--quiet", "--mode", "functional", "-", "--stats", outs[0],
           "--next-configuration", "--dtlb", "1x8:lru", "--stats", outs[1],
           "--next-configuration", "--l2tlb", "none", "--stats", outs[2]]
    eq(interrupted_run(cmd), 130, "exit code after SIGINT")
    docs = []
    for o in outs:
        with open(o) as f:
            docs.append(json.load(f))
    for k, d in enumerate(docs):
        eq(d["partial"], True, "configuration %d: partial" % (k + 1))
        eq(d["stopReason"], "interrupted", "configuration %d: stop reason" % (k + 1))
        eq(d["accesses"], docs[0]["accesses"], "configuration %d: the same accesses" % (k + 1))
    check(docs[0]["accesses"]["total"] > 0, "some accesses")
    check(docs[1]["config"]["dtlb"] != docs[0]["config"]["dtlb"], "each its own configuration")


CASES = {n[5:]: f for n, f in globals().items() if n.startswith("case_")}

if __name__ == "__main__":
    main(CASES)
