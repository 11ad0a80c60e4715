#!/usr/bin/env python3
"""compare.py on the report fixture against an edited copy; the expected changes are worked
out by hand from the edits below, not taken from compare.py's output.

    test_compare.py WORKDIR
"""
import csv
import json
import os
import shutil
import subprocess
import sys

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
from testlib import FIXTURES, SCRIPTS, check, fresh_dir, verdict  # noqa: E402

COMPARE = os.path.join(SCRIPTS, "compare.py")
FIXTURE = os.path.join(FIXTURES, "results")


def edit(folder, name, change):
    p = os.path.join(folder, name)
    with open(p) as f:
        doc = json.load(f)
    change(doc["stats"])
    with open(p, "w") as f:
        json.dump(doc, f)


def run(*args):
    return subprocess.run([sys.executable, COMPARE] + list(args), capture_output=True, text=True)


def main(argv):
    work = argv[0]
    fresh_dir(work)
    before, after, out = (os.path.join(work, n) for n in ("before", "after", "out"))
    shutil.copytree(FIXTURE, before)
    shutil.copytree(FIXTURE, after)
    # The after folder's job files get other names: pairs are found by trace and configuration.
    for n in os.listdir(after):
        if n.startswith("alpha-"):
            os.rename(os.path.join(after, n), os.path.join(after, "x" + n))
    # alpha-b: DTLB hits 1510 -> 1560, so L1 hits 1900 -> 1950 of 2000: 95.00 -> 97.50 %
    # (+2.50 pp, flagged); L1 misses 100 -> 50: MPKA 50.00 -> 25.00 (-50.00 %, flagged).
    edit(after, "xalpha-b.json", lambda st: st["dtb"].update(hits=1560, misses=40))
    # alpha-a: fault cycles 1000 -> 1005 (+0.50 %): below the 1 % threshold, not flagged.
    edit(after, "xalpha-a.json", lambda st: st["faults"]["handlingCycles"].update(total=1005))
    os.remove(os.path.join(after, "beta-a.json"))          # beta: in the before folder only

    r = run(before, after, "--out", out)
    check(r.returncode == 1, f"exit {r.returncode} with flagged changes, want 1: {r.stderr}")
    check("3 pairs, 2 flagged change(s), 1 job(s) only before, 0 only after" in r.stderr,
          f"summary line: {r.stderr.strip()}")
    with open(os.path.join(out, "compare.csv")) as f:
        rows = list(csv.DictReader(f))
    flagged = sorted((x["config"].split(";")[1], x["figure"], x["change"]) for x in rows if x["flagged"] == "1")
    check(flagged == [("itlb=1x16:lru", "l1_hit_rate", "2.5000"), ("itlb=1x16:lru", "l1_mpka", "-50.0000")],
          f"flagged: {flagged}")
    fc = [x for x in rows if x["figure"] == "fault_cycles" and "l2tlb=64x4:lru" in x["config"]]
    check(len(fc) == 1 and fc[0]["change"] == "0.5000" and fc[0]["flagged"] == "0",
          f"alpha-a fault cycles: {fc}")
    check(len(rows) == 3 * 9, f"{len(rows)} CSV rows, want 3 pairs x 9 figures")
    with open(os.path.join(out, "compare.md")) as f:
        md = f.read()
    check("| alpha | mode=functional;itlb=1x16:lru;dtlb=1x16:lru;l2tlb=none;walk_cache=8;mem_latency=10;"
          "layout=liteos;ram_size=64M | L1 hit % | 95.00 | 97.50 | +2.50 pp |" in md, "flagged row in compare.md")
    check("| before | beta |" in md, "beta listed as before only")
    for base in ("diff-l1-hit-rate", "diff-walks", "diff-fault-cycles"):
        for ext in ("png", "svg"):
            p = os.path.join(out, "plots", f"{base}.{ext}")
            check(os.path.isfile(p) and os.path.getsize(p) > 1000, f"plot {base}.{ext}")
    with open(os.path.join(out, "index.html")) as f:
        check("<strong>95.00 → 97.50</strong>" in f.read(), "flagged cell in bold in the HTML")
    # Looser thresholds: nothing flagged, but beta is still in one folder only (exit 1).
    r = run(before, after, "--out", out, "--points", "3", "--threshold", "60")
    check(r.returncode == 1 and "0 flagged" in r.stderr, f"loose thresholds: {r.returncode} {r.stderr}")
    # A folder against itself: exit 0.
    r = run(before, before, "--out", out)
    check(r.returncode == 0 and "4 pairs, 0 flagged" in r.stderr, f"same folder: {r.returncode} {r.stderr}")
    # Nothing in common, a missing folder, a negative threshold: exit 2.
    os.makedirs(os.path.join(work, "empty"))
    for args in ([before, os.path.join(work, "empty")], [before, os.path.join(work, "none")],
                 [before, after, "--points", "-1"]):
        r = run(*args, "--out", out)
        check(r.returncode == 2, f"{args}: exit {r.returncode}, want 2")
    return verdict("compare")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
