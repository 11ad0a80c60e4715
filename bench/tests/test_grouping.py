#!/usr/bin/env python3
"""Configuration sets in the runner: which jobs share a simulator run, and that grouped runs
give the results of one run per job.

    test_grouping.py groups WORKDIR        how make_groups groups and splits (no simulator)
    test_grouping.py equal WORKDIR SIM     a suite run grouped and one process per job
                                           (--group-size 1): the same results; a partly done
                                           group runs only its missing jobs, as one run
"""
import glob
import json
import os
import subprocess
import sys

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
from testlib import BUNDLED, RUNNER, check, fresh_dir, verdict  # noqa: E402
import suite as S  # noqa: E402
from runner import make_groups  # noqa: E402


def cfg(**kw):
    c = dict(S.DEFAULTS)
    c.update(kw)
    return c


def case_groups(work):
    a, b = os.path.join(BUNDLED, "seq-small.vmt"), os.path.join(BUNDLED, "stride.vmtb.gz")
    jobs = [S.Job(a, "sa", cfg(mode="functional", dtlb=f"1x{n}:lru")) for n in (8, 16, 32, 64)]
    jobs += [S.Job(a, "sa", cfg(mode="functional", dtlb="1x8:lru", layout="linux"))]   # other machine
    jobs += [S.Job(a, "sa", cfg(mode="functional", dtlb="1x16:lru"), frag=100)]        # snapshots
    jobs += [S.Job(a, "sa", cfg(mode="cosim", dtlb=f"1x{n}:lru")) for n in (8, 16)]     # RTL: alone
    jobs += [S.Job(b, "sb", cfg(mode="functional", dtlb=f"1x{n}:fifo", walk_cache="0",
                                mem_latency="3..9")) for n in (8, 16, 32)]
    ids = lambda gs: [[jobs.index(j) for j in g] for g in gs]   # noqa: E731
    got = ids(make_groups(jobs, 256, 1))
    want = [[0, 1, 2, 3], [4], [5], [6], [7], [8, 9, 10]]
    check(got == want, f"groups {got}, want {want}")
    got = ids(make_groups(jobs, 3, 1))
    want = [[0, 1, 2], [3], [4], [5], [6], [7], [8, 9, 10]]
    check(got == want, f"--group-size 3: {got}, want {want}")
    got = ids(make_groups(jobs, 1, 1))
    check(got == [[i] for i in range(len(jobs))], f"--group-size 1: {got}")
    # Too few runs for the processes: the largest are halved, never below one job.
    got = ids(make_groups(jobs[:4] + jobs[8:], 256, 4))
    want = [[0, 1], [2, 3], [8], [9, 10]]
    check(got == want, f"split for 4 processes: {got}, want {want}")
    got = ids(make_groups(jobs[:3], 256, 8))
    check(got == [[0], [1], [2]], f"split for 8 processes: {got}")
    check(make_groups([], 256, 2) == [], "no jobs, no runs")


SUITE = """[suite]
name = grouping
description = configuration sets against one run per job
traces = bundled:seq-small.vmt bundled:churn.vmt.gz

[sweep sets]
mode = functional
l1 = 8 32
l1_ways = full 2
l1_policy = lru random
l2tlb = none 64x4:lru

[sweep latency]
mode = functional
l1 = 16
l1_ways = 4
l1_policy = fifo
mem_latency = 1..30 25
walk_cache = 0 16
"""


def results(out):
    docs = {}
    for p in glob.glob(os.path.join(out, "*.json")):
        with open(p) as f:
            d = json.load(f)
        docs[os.path.basename(p)] = {k: v for k, v in d.items() if k not in ("host", "tool")}
    return docs


def runner(suite, sim, out, *extra):
    return subprocess.run([sys.executable, RUNNER, "--suite", suite, "--sim", sim, "--out", out, *extra],
                          capture_output=True, text=True, timeout=600)


def case_equal(work, sim):
    suite = os.path.join(work, "grouping.suite")
    with open(suite, "w") as f:
        f.write(SUITE)
    one, grouped = os.path.join(work, "one"), os.path.join(work, "grouped")
    r = runner(suite, sim, one, "--group-size", "1", "--jobs", "2")
    check(r.returncode == 0 and "to run in 40 simulator runs" in r.stderr, f"one run per job: {r.stderr}")
    r = runner(suite, sim, grouped, "--jobs", "2")
    check(r.returncode == 0 and "40 to run in 2 simulator runs" in r.stderr, f"grouped: {r.stderr}")
    a, b = results(one), results(grouped)
    check(len(a) == 40 and sorted(a) == sorted(b), f"{len(a)} and {len(b)} results, want the same 40")
    for name in sorted(a):
        check(a[name] == b.get(name), f"{name}: the grouped result differs from its own run's")
    # Resume: three results of one set removed; the rerun runs exactly those, as one run.
    gone = sorted(n for n in b if n.startswith("churn-"))[:3]
    for n in gone:
        os.unlink(os.path.join(grouped, n))
    r = runner(suite, sim, grouped, "--jobs", "1")
    check(r.returncode == 0 and "37 already done, 3 to run in 1 simulator runs" in r.stderr, f"resume: {r.stderr}")
    c = results(grouped)
    check(all(c.get(n) == a[n] for n in gone), "a rerun result differs from its own run's")
    check(all(os.path.exists(os.path.join(grouped, "logs", n[:-5] + ".log")) for n in gone), "a job has no log")


def main(argv):
    if len(argv) < 2 or argv[0] not in ("groups", "equal") or (argv[0] == "equal") != (len(argv) == 3):
        print("usage: test_grouping.py groups WORKDIR | equal WORKDIR SIM", file=sys.stderr)
        return 2
    work = fresh_dir(argv[1])
    if argv[0] == "groups":
        case_groups(work)
    else:
        case_equal(work, argv[2])
    return verdict(argv[0])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
