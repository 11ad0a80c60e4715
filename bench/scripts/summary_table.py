#!/usr/bin/env python3
"""The main job's terminal table: TLB hit rates, one row per configuration and one column per
trace, each cell `L1 hit % / L2 hit %` (a dash when the L2 TLB is absent or never looked up).

    summary_table.py RESULTS
"""
import os
import sys

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import report_tables as T  # noqa: E402
import results as R  # noqa: E402
import suite as S  # noqa: E402


def main(argv):
    if len(argv) != 1:
        print("usage: summary_table.py RESULTS", file=sys.stderr)
        return 2
    results, _ = R.load(argv[0])
    if not results:
        print("(no results)")
        return 1
    groups = T.groups(results)
    varying, fixed, value = T.config_columns(results)
    configs = {}
    for label, rs in groups:
        for r in rs:
            key = tuple(value(r, p) for p in varying)
            configs.setdefault(key, (S.config_sort_key(r.cfg), {}))[1][label] = r
    traces = [label for label, _ in groups]
    head = [T.TITLES[p] for p in varying] + traces
    rows = []
    for key, (_, cells) in sorted(configs.items(), key=lambda kv: kv[1][0]):
        row = list(key)
        for t in traces:
            r = cells.get(t)
            row.append("" if r is None else
                       f"{T.fmt(r.fig['l1_hit_rate'], '{:.2f}', '-')}/{T.fmt(r.fig['l2_hit_rate'], '{:.1f}', '-')}")
        rows.append(row)
    width = [max(len(str(x)) for x in col) for col in zip(head, *rows)]
    nconf = len(varying)
    line = (lambda cells: "  ".join(str(c).ljust(w) if i < nconf else str(c).rjust(w)
                                    for i, (c, w) in enumerate(zip(cells, width))).rstrip())
    print("TLB hit rates, L1 hit % / L2 hit %   (" +
          ", ".join(f"{T.TITLES[p]} {v}" for p, v in fixed) + ")")
    print(line(head))
    for row in rows:
        print(line(row))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BrokenPipeError:   # e.g. piped into head
        sys.exit(0)
