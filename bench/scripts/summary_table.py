#!/usr/bin/env python3
"""The main job's terminal table: TLB hit rates, one column per trace, each cell
`L1 hit % / L2 hit %` (a dash when the L2 TLB is absent or never looked up).

    summary_table.py RESULTS [--all]

Up to MAX_ROWS configurations it shows them all. A bigger sweep (the default suite has 144
configurations per trace) is cut to a slice that fits on a screen: the level-1 sizes and
associativities, with every other parameter held at one representative value (replacement
policy plru, vmcosim's default L2 TLB, ...); a line names the slice. The report's per-trace
tables have every configuration; --all prints them all here too.
"""
import os
import re
import sys

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cli  # noqa: E402
import report_tables as T  # noqa: E402
import results as R  # noqa: E402
import suite as S  # noqa: E402

MAX_ROWS = 30
# The representative value of a parameter held fixed in the slice, when the results have it;
# else the first value in table order. plru: the RTL's cheap policy, in between LRU and FIFO.
PREFERRED = dict(S.DEFAULTS, policy="plru")
TITLES = dict(T.TITLES, entries="L1 entries", ways="ways", policy="L1 policy")


def split_l1(view):
    """Replaces the `l1` geometry (SETSxWAYS:POLICY) of a row by entries, ways and policy, so
    that the slice can hold the policy and keep the size and associativity."""
    m = re.fullmatch(r"(\d+)x(\d+):(\w+)", view.get("l1", ""))
    if not m:
        return None
    sets, ways = int(m.group(1)), int(m.group(2))
    out = {k: v for k, v in view.items() if k != "l1"}
    out.update(entries=sets * ways, ways="full" if sets == 1 else f"{ways}-way", policy=m.group(3))
    return out


def main(argv):
    ap = cli.parser("summary_table.py", "Print the TLB hit rates of a results folder, one column per trace.")
    ap.add_argument("results", help="results folder")
    ap.add_argument("--all", action="store_true", help=f"every configuration, not a slice of at most {MAX_ROWS}")
    a = ap.parse_args(argv)
    show_all = a.all
    if not os.path.isdir(a.results):
        print(f"summary_table: {a.results}: not a folder", file=sys.stderr)
        return 2
    results, _ = R.load(a.results)
    if not results:
        print("(no results)")
        return 1
    groups = T.groups(results)
    traces = [label for label, _ in groups]
    varying, fixed, value = T.config_columns(results)
    rows = {}      # configuration (tuple of varying values) -> (sort key, view, {trace: result})
    for label, rs in groups:
        for r in rs:
            key = tuple(value(r, p) for p in varying)
            rows.setdefault(key, (S.config_sort_key(r.cfg), dict(zip(varying, key)), {}))[2][label] = r
    ordered = [v for _, v in sorted(rows.items(), key=lambda kv: kv[1][0])]
    cols, note = varying, None
    if len(ordered) > MAX_ROWS and not show_all:
        ordered, cols, note = cut(ordered, varying)

    def cell(r):
        return "" if r is None else \
            f"{T.fmt(r.fig['l1_hit_rate'], '{:.2f}', '-')}/{T.fmt(r.fig['l2_hit_rate'], '{:.1f}', '-')}"
    head = [TITLES[p] for p in cols] + traces
    table = [[str(view[p]) for p in cols] + [cell(cells.get(t)) for t in traces] for _, view, cells in ordered]
    width = [max(len(x) for x in col) for col in zip(head, *table)]
    line = (lambda cs: "  ".join(c.ljust(w) if i < len(cols) else c.rjust(w)
                                 for i, (c, w) in enumerate(zip(cs, width))).rstrip())
    print("TLB hit rates, L1 hit % / L2 hit %   (" + ", ".join(f"{T.TITLES[p]} {v}" for p, v in fixed) + ")")
    if note:
        print(note)
    print(line(head))
    for row in table:
        print(line(row))
    return 0


def cut(ordered, varying):
    """The slice of a big sweep: (rows, columns, the line that says what is shown)."""
    split = [(k, split_l1(view), cells) for k, view, cells in ordered] if "l1" in varying else []
    if split and all(v is not None for _, v, _ in split):
        params = ["entries", "ways", "policy"] + [p for p in varying if p != "l1"]
        keep = ["entries", "ways"]
        ordered = split
    else:   # no shared L1 geometry to split: keep the first varying parameter
        params, keep = varying, varying[:1]
    held = {}
    for p in params:
        if p in keep:
            continue
        values = list(dict.fromkeys(view[p] for _, view, _ in ordered))   # in table order
        held[p] = PREFERRED.get(p) if PREFERRED.get(p) in values else values[0]
        if len(values) == 1:
            del held[p]
    sliced = [x for x in ordered if all(x[1][p] == v for p, v in held.items())]
    # The L1 TLB does not depend on the L2 TLB behind it; say so only when the results agree.
    same = ""
    if held.get("l2tlb", "none") != "none":
        twins = {tuple(sorted((p, v) for p, v in view.items() if p != "l2tlb")): cells
                 for _, view, cells in ordered if view.get("l2tlb") == "none"}
        pairs = [(cells, twins.get(tuple(sorted((p, v) for p, v in view.items() if p != "l2tlb"))))
                 for _, view, cells in sliced]
        if pairs and all(tw is not None and set(tw) == set(c) and
                         all(tw[t].fig["l1_hit_rate"] == c[t].fig["l1_hit_rate"] for t in c)
                         for c, tw in pairs):
            same = "; without an L2 TLB the L1 hit rates are the same"
    # Size ascending; within a size, fully associative first, then fewer and fewer ways.
    if keep == ["entries", "ways"]:
        sliced.sort(key=lambda x: (x[1]["entries"], 0 if x[1]["ways"] == "full" else
                                   1.0 / int(x[1]["ways"].split("-")[0])))
    more = ""
    if len(sliced) > MAX_ROWS:
        more = f"; the first {MAX_ROWS} rows"
        sliced = sliced[:MAX_ROWS]
    note = (f"Shown: {len(sliced)} of {len(ordered)} configurations per trace, " +
            ", ".join(f"{TITLES[p]} {v}" for p, v in held.items()) + f"{same}{more}.\n"
            "Every policy, associativity and L2 TLB setting: the report's per-trace tables.")
    return sliced, keep, note


if __name__ == "__main__":
    cli.run(main)
