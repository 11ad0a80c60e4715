#!/usr/bin/env python3
"""check_twins.py, the assertion that co-simulation and functional mode agree.

    test_twins.py fixture WORKDIR        the hand-made pair in fixtures/twins
    test_twins.py suite WORKDIR SIM      2 small bundled traces x 2 configurations x both modes
                                         through the runner with SIM, then the checker
"""
import json
import os
import shutil
import subprocess
import sys

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
from testlib import FIXTURES, SCRIPTS, check, fresh_dir, verdict  # noqa: E402

CHECK = os.path.join(SCRIPTS, "check_twins.py")
FIXTURE = os.path.join(FIXTURES, "twins")


def checker(folder, *opts):
    r = subprocess.run([sys.executable, CHECK, *opts, folder], capture_output=True, text=True, timeout=60)
    return r.returncode, r.stdout + r.stderr


def case_fixture(work):
    # gamma-rtl (cosim) and gamma-fun (functional): same trace and configuration; of their
    # counts only l2tb.rdHits differs (30 against 31). Cycles and walk times differ too, and
    # must not count. Counts compared, by hand: itb 6, dtb 9, l2tb 12, walker 5 (walks,
    # pdFaults, walkCacheHits, Level1, Level2), faults 6 (total, segfaults, 2 kinds, 2
    # outcomes), pageSizes 4 = 42.
    rc, out = checker(FIXTURE)
    check(rc == 1, f"a differing count: exit {rc}, want 1\n{out}")
    check("gamma-rtl (gamma, " in out and "l2tb.rdHits differs: cosim 30, functional 31 (job gamma-fun)" in out,
          f"the figure, job and values are not named:\n{out}")
    check(out.count("differs") == 1, f"only l2tb.rdHits differs, got:\n{out}")
    check("1 pairs, 42 counts compared" in out, f"pair and count total:\n{out}")
    # The same pair with the count put right passes.
    good = os.path.join(work, "good")
    shutil.copytree(FIXTURE, good)
    path = os.path.join(good, "gamma-fun.json")
    with open(path) as f:
        doc = json.load(f)
    doc["stats"]["l2tb"]["rdHits"] = 30
    with open(path, "w") as f:
        json.dump(doc, f)
    rc, out = checker(good)
    check(rc == 0 and "all equal" in out, f"an equal pair: exit {rc}\n{out}")
    # A co-simulation result without its functional twin, and the other way round.
    for gone, left, want in (("gamma-fun", "gamma-rtl", "mode cosim without a functional twin"),
                             ("gamma-rtl", "gamma-fun", "mode functional without a co-simulation twin")):
        one = os.path.join(work, "alone-" + left)
        os.makedirs(one)
        shutil.copy(os.path.join(FIXTURE, left + ".json"), one)
        rc, out = checker(one)
        check(rc == 1 and f"{left} (gamma, " in out and want in out, f"{gone} removed: exit {rc}\n{out}")
    # --sweep-too: a functional job alone belongs to a sweep; a co-simulation job alone is
    # still an error. With the good pair next to it, the pair is checked and passes.
    rc, out = checker(os.path.join(work, "alone-gamma-rtl"), "--sweep-too")
    check(rc == 1 and "mode cosim without a functional twin" in out, f"--sweep-too, cosim alone: exit {rc}\n{out}")
    sweep = os.path.join(work, "sweep")
    shutil.copytree(good, sweep)
    extra = os.path.join(sweep, "delta-fun.json")
    with open(os.path.join(sweep, "gamma-fun.json")) as f:
        doc = json.load(f)
    doc["config"]["l2tlb"] = "none"
    doc["job"] = "delta-fun"
    with open(extra, "w") as f:
        json.dump(doc, f)
    rc, out = checker(sweep)
    check(rc == 1 and "without a co-simulation twin" in out, f"a sweep job without --sweep-too: exit {rc}\n{out}")
    rc, out = checker(sweep, "--sweep-too")
    check(rc == 0 and "1 pairs" in out and "all equal" in out, f"a sweep job with --sweep-too: exit {rc}\n{out}")
    rc, out = checker(os.path.join(work, "no-such-folder"))
    check(rc == 2, f"a missing folder: exit {rc}")


SUITE = """[suite]
traces = bundled:seq-small.vmt bundled:stride.vmtb.gz
[sweep twins]
expand = zip
mode = cosim cosim functional functional
l1 = 8 32 8 32
l1_ways = full 4 full 4
l1_policy = plru lru plru lru
l2tlb = none 64x4:lru none 64x4:lru
"""


def case_suite(work, sim):
    suite = os.path.join(work, "twins.suite")
    with open(suite, "w") as f:
        f.write(SUITE)
    res = os.path.join(work, "results")
    r = subprocess.run([sys.executable, os.path.join(SCRIPTS, "runner.py"), "--suite", suite, "--sim", sim,
                        "--out", res, "--jobs", "2"], capture_output=True, text=True, timeout=120)
    check(r.returncode == 0, f"runner exit {r.returncode}:\n{r.stderr}")
    n = len([x for x in os.listdir(res) if x.endswith(".json")]) if os.path.isdir(res) else 0
    check(n == 8, f"{n} results, want 8 (2 traces x 2 configurations x 2 modes)")
    rc, out = checker(res)
    check(rc == 0 and "4 pairs" in out and "all equal" in out, f"checker on the real pairs: exit {rc}\n{out}")


def main(argv):
    case, work = argv[0], argv[1]
    fresh_dir(work)
    if case == "fixture":
        case_fixture(work)
    else:
        case_suite(work, argv[2])
    return verdict(f"twins {case}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
