#!/usr/bin/env python3
"""Smoke run of the whole chain on the tiny suite: runner, report, main job's table.

    test_smoke.py SIM WORKDIR      SIM: vmcosim, or the fake (fake_vmcosim.py) when not built
"""
import os
import re
import subprocess
import sys

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
from testlib import SCRIPTS, TINY_SUITE as SUITE, check, fresh_dir, verdict  # noqa: E402


def masked(path):
    with open(path) as f:
        return re.sub(r"tool version git \S+", "tool version git X", f.read())


def main(argv):
    sim, work = argv
    fresh_dir(work)
    res, rep = os.path.join(work, "a", "results"), os.path.join(work, "a", "report")
    r = subprocess.run([sys.executable, os.path.join(SCRIPTS, "runner.py"), "--suite", SUITE, "--sim", sim,
                        "--out", res, "--jobs", "2"], capture_output=True, text=True, timeout=300)
    check(r.returncode == 0, f"runner exit {r.returncode}:\n{r.stderr}")
    n = len([x for x in os.listdir(res) if x.endswith(".json")]) if os.path.isdir(res) else 0
    check(n == 8, f"{n} results, want 8 (2 traces x 4 configurations)")
    r = subprocess.run([sys.executable, os.path.join(SCRIPTS, "report.py"), res, "--out", rep],
                       capture_output=True, text=True, timeout=300)
    check(r.returncode == 0, f"report exit {r.returncode}:\n{r.stderr}")
    for t in ("seq-small", "stride"):
        p = os.path.join(rep, "tables", t + ".md")
        rows = [x for x in open(p)] if os.path.exists(p) else []
        data = [x for x in rows if x.startswith("| 1x")]
        check(len(data) == 4, f"{t}: {len(data)} table rows, want 4")
        # Every figure is a number (the statistics carry everything the table shows; a dash
        # would mean a field the report looks for is gone), except the L2 hit rate without an
        # L2 TLB; hit rates lie between 0 and 100.
        for x in data:
            cells = [c.strip() for c in x.strip().strip("|").split("|")]
            l1, l2, figs = cells[0], cells[1], cells[2:]
            for i, v in enumerate(figs):
                if i == 1 and l2 == "none":
                    check(v == "—", f"{t} {l1} {l2}: L2 hit % '{v}' without an L2 TLB")
                    continue
                check(v.replace(".", "", 1).isdigit(), f"{t} {l1} {l2}: figure {i + 1} is '{v}', not a number")
            check(0 <= float(figs[0]) <= 100 if figs[0].replace(".", "", 1).isdigit() else False,
                  f"{t} {l1}: L1 hit % '{figs[0]}'")
        for plot in (f"miss-{t}.svg", f"miss-{t}.png"):
            check(os.path.exists(os.path.join(rep, "plots", plot)), f"no plot {plot}")
    check(os.path.exists(os.path.join(rep, "index.html")), "no index.html")
    r = subprocess.run([sys.executable, os.path.join(SCRIPTS, "summary_table.py"), res], capture_output=True, text=True)
    check(r.returncode == 0 and len(r.stdout.splitlines()) == 6, f"summary table:\n{r.stdout}{r.stderr}")
    # The whole chain is deterministic: a second run of every job gives the same tables and
    # report (host times are only in host.md). The checkout's version may move between the two
    # runs (others commit meanwhile), so it is masked.
    res2, rep2 = os.path.join(work, "b", "results"), os.path.join(work, "b", "report")
    subprocess.run([sys.executable, os.path.join(SCRIPTS, "runner.py"), "--suite", SUITE, "--sim", sim,
                    "--out", res2, "--jobs", "2"], capture_output=True, timeout=300)
    subprocess.run([sys.executable, os.path.join(SCRIPTS, "report.py"), res2, "--out", rep2], capture_output=True)
    for rel in ["report.md", "index.html", "all.csv"] + [os.path.join("tables", t + e) for t in ("seq-small", "stride")
                                                         for e in (".md", ".csv")]:
        a, b = os.path.join(rep, rel), os.path.join(rep2, rel)
        same = os.path.exists(a) and os.path.exists(b) and masked(a) == masked(b)
        check(same, f"{rel} differs between two runs of the same jobs")
    return verdict("smoke")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
