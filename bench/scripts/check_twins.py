#!/usr/bin/env python3
"""Asserts that co-simulation and functional mode agree: pairs every result run on the RTL
(mode cosim or lockstep) with its functional twin (same trace content and configuration but
the mode) and compares every TLB, walk, fault and page-size count of their statistics.

    check_twins.py RESULTS [--sweep-too]

Prints each figure that differs (job, trace, configuration, figure, both values) and each job
without a twin. With --sweep-too, functional jobs without a co-simulation twin are allowed
(a suite that also runs a functional sweep, as the default suite does); a co-simulation job
must still have its twin. Exit status: 0 every pair equal, 1 a difference, a job without a twin, an
unreadable result or no pair at all, 2 bad usage. Cycle counts are not compared: functional
mode's are an estimate (docs/cosim.md#modes).
"""
import os
import sys

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cli  # noqa: E402
import results as R  # noqa: E402
import suite as S  # noqa: E402

RTL_MODES = ("cosim", "lockstep")
# Statistics sections compared, and the parts of them that are time, not counts.
SECTIONS = ("itb", "dtb", "l2tb", "walker", "faults", "pageSizes")
NOT_COUNTS = {"walker.walkServiceTime", "faults.handlingCycles", "faults.segfaultList"}


def counts(stats):
    """{"dtb.rdHits": 123, ...}: every integer under the compared sections (rates are
    ratios of these; booleans are not counts)."""
    out = {}

    def walk(prefix, v):
        if prefix in NOT_COUNTS:
            return
        if isinstance(v, dict):
            for k, x in v.items():
                walk(f"{prefix}.{k}", x)
        elif isinstance(v, int) and not isinstance(v, bool):
            out[prefix] = v
    for sec in SECTIONS:
        if sec in stats:
            walk(sec, stats[sec])
        else:
            out[sec] = None   # a missing section is a difference, not a silent pass
    return out


def twin_key(r):
    return (r.sha, tuple((p, r.cfg.get(p, S.EXTRA_DEFAULTS.get(p))) for p in S.PARAMS + S.EXTRA_PARAMS if p != "mode"))


def describe(r):
    return f"{r.id} ({r.trace}, {';'.join(f'{p}={r.cfg[p]}' for p in S.PARAMS if p != 'mode')})"


def main(argv):
    ap = cli.parser("check_twins.py", "Check that co-simulation and functional-mode results agree.")
    ap.add_argument("results", help="results folder")
    ap.add_argument("--sweep-too", action="store_true",
                    help="functional jobs without a co-simulation twin are part of a sweep, not an error")
    args = ap.parse_args(argv)
    folder = args.results
    if not os.path.isdir(folder):
        print(f"check_twins: {folder}: not a folder", file=sys.stderr)
        return 2
    results, problems = R.load(folder)
    bad = [f"unreadable result: {p}" for p in problems]
    functional = {}
    for r in results:
        if r.cfg["mode"] == "functional":
            functional.setdefault(twin_key(r), []).append(r)
    pairs, used = [], set()
    for r in results:
        if r.cfg["mode"] not in RTL_MODES:
            continue
        twins = functional.get(twin_key(r), [])
        if not twins:
            bad.append(f"{describe(r)}: mode {r.cfg['mode']} without a functional twin")
            continue
        pairs.append((r, twins[0]))
        used.add(twins[0].id)
    if not args.sweep_too:
        bad += [f"{describe(r)}: mode functional without a co-simulation twin"
                for r in results if r.cfg["mode"] == "functional" and r.id not in used]
    figures = 0
    for rtl, fun in pairs:
        a, b = counts(rtl.stats), counts(fun.stats)
        figures += len(a)
        for k in sorted(set(a) | set(b)):
            if a.get(k) != b.get(k):
                bad.append(f"{describe(rtl)}: {k} differs: {rtl.cfg['mode']} {a.get(k, 'missing')}, "
                           f"functional {b.get(k, 'missing')} (job {fun.id})")
    for line in bad:
        print(f"check_twins: {line}")
    if not pairs:
        print(f"check_twins: no co-simulation result with a functional twin in {folder}: nothing compared")
        return 1
    verdict = "all equal" if not bad else f"{len(bad)} problem(s)"
    print(f"check_twins: {len(pairs)} pairs, {figures} counts compared (TLB, walk, fault, page size): {verdict}")
    return 1 if bad else 0


if __name__ == "__main__":
    cli.run(main)
