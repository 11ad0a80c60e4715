#!/usr/bin/env python3
"""Compares two results folders, e.g. before and after a change to the MMU or the firmware:

    compare.py BEFORE AFTER --out DIR [--points PP] [--threshold PCT]

Jobs are matched by trace and configuration (the trace's name and the canonical configuration;
when one folder holds two trace files of one name, their content decides). For each pair and
figure of the report's tables it gives both values and the change: in percentage points for
hit rates, in percent of BEFORE for the other figures. A change beyond --points (hit rates) or
--threshold (the rest) is flagged. Writes DIR/compare.md and DIR/index.html (flagged changes
first, then every pair per trace), DIR/compare.csv (every pair and figure) and
DIR/plots/diff-*.png|svg (the change of the L1 hit rate, walks and fault cycles of every pair,
one colour per trace, the thresholds as lines). Jobs found in one folder only are listed.
Exit status: 0 no change beyond the thresholds, 1 some (or a job in one folder only), 2 bad
usage or no pair.
"""
import csv
import io
import os
import sys

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cli  # noqa: E402
import render  # noqa: E402
import report_plots as P  # noqa: E402
import report_tables as T  # noqa: E402
import results as R  # noqa: E402
import suite as S  # noqa: E402

# (figure, title, format, compared in percentage points)
FIGURES = [(k, t, f, k.endswith("_rate")) for k, t, f in T.FIGURES]
PLOTTED = [("l1_hit_rate", "L1 hit rate"), ("walks", "walks"), ("fault_cycles", "fault cycles")]


def key(r):
    return (r.trace, S.canonical_config(r.cfg))


def pair_up(before, after):
    """[(b, a)] matched by trace name and configuration; a name with two trace files in a
    folder is matched by content too. Returns (pairs, only_before, only_after)."""
    def index(rs):
        by = {}
        for r in rs:
            by.setdefault(key(r), []).append(r)
        return by
    ib, ia = index(before), index(after)
    pairs, only_b, only_a = [], [], []
    for k in sorted(set(ib) | set(ia)):
        bs, as_ = ib.get(k, []), ia.get(k, [])
        if len(bs) == 1 and len(as_) == 1:
            pairs.append((bs[0], as_[0]))
            continue
        by_sha = {a.sha: a for a in as_}
        for b in bs:
            if b.sha in by_sha:
                pairs.append((b, by_sha.pop(b.sha)))
            else:
                only_b.append(b)
        only_a += [a for a in as_ if a.sha in by_sha]
    return pairs, only_b, only_a


def change(b, a, points):
    """The change from b to a: a difference (percentage points) or percent of b; None when
    either is missing or b is 0 and a is not (no percentage of nothing)."""
    if b is None or a is None:
        return None
    if points:
        return a - b
    if b == 0:
        return 0.0 if a == 0 else None
    return 100.0 * (a - b) / b


def flagged(ch, b, a, points, limits):
    if b is None or a is None:
        return (b is None) != (a is None)     # a figure that appeared or vanished
    if ch is None:
        return True                            # from 0 to something
    return abs(ch) > (limits[0] if points else limits[1])


def fmt_change(ch, points):
    if ch is None:
        return T.DASH
    return f"{ch:+.2f} pp" if points else f"{ch:+.2f} %"


def config_text(r):
    return ";".join(f"{p}={r.cfg[p]}" for p in S.PARAMS)


def diff_plot(outdir, pairs, fig, title, points, limit, errors):
    """The change of one figure for every pair: x the pair's number (pairs grouped by trace),
    y the change; labels go into the data file only, never into gnuplot's script."""
    base = "diff-" + fig.replace("_", "-")
    blocks, n = [], 0
    for label in sorted({b.trace for b, _ in pairs}):
        pts = []
        for b, a in pairs:
            if b.trace == label:
                n += 1
                ch = change(b.fig[fig], a.fig[fig], points)
                if ch is not None:
                    pts.append((n, ch))
        if pts:
            blocks.append((label, pts))
    if not blocks:
        return []
    with P.open_output(os.path.join(outdir, base + ".dat")) as f:
        for label, pts in blocks:
            name = "".join(c if c.isprintable() and c != '"' else "_" for c in label)
            f.write(f'pair "{name}"\n' + "".join(f"{x} {y:.6f}\n" for x, y in pts) + "\n\n")
    unit = "percentage points" if points else "% of before"
    body = (f"set title {P.gp_str(f'Change of {title}, after minus before')}\n"
            f"set xlabel 'pair (grouped by trace, in table order)'\nset ylabel {P.gp_str(unit)}\n"
            "set grid\nset key outside right\nset xzeroaxis lt -1\nset offsets 0.5, 0.5, graph 0.05, graph 0.05\n"
            f"plot for [i=0:{len(blocks) - 1}] {P.gp_str(base + '.dat')} index i using 1:2 "
            "with points pt 7 ps 0.8 title columnheader(2), \\\n"
            f"     {limit} with lines dt 2 lc rgb 'gray40' title 'threshold', \\\n"
            f"     {-limit} with lines dt 2 lc rgb 'gray40' notitle\n")
    err = P.draw(outdir, base, body)
    if err:
        errors.append(err)
        return []
    return [(f"Change of {title}", base, f"Change of {title} ({unit}) for each pair; dashed: the threshold.")]


def main(argv):
    ap = cli.parser("compare.py", "Compare two results folders job by job.")
    ap.add_argument("before", help="results folder (the reference)")
    ap.add_argument("after", help="results folder compared with it")
    ap.add_argument("--out", required=True, help="folder for compare.md, index.html, compare.csv, plots/")
    ap.add_argument("--points", type=float, default=0.1,
                    help="flag a hit rate that moves by more than this many percentage points [0.1]")
    ap.add_argument("--threshold", type=float, default=1.0,
                    help="flag any other figure that changes by more than this percentage [1]")
    a = ap.parse_args(argv)
    if a.points < 0 or a.threshold < 0:
        ap.error("--points and --threshold must not be negative")
    loaded = []
    for folder in (a.before, a.after):
        if not os.path.isdir(folder):
            print(f"compare: {folder}: not a folder", file=sys.stderr)
            return 2
        rs, problems = R.load(folder)
        for p in problems:
            print(f"compare: {p}", file=sys.stderr)
        loaded.append(rs)
    pairs, only_b, only_a = pair_up(*loaded)
    if not pairs:
        print(f"compare: no job is in both {a.before} and {a.after}", file=sys.stderr)
        return 2
    limits = (a.points, a.threshold)
    plots = os.path.join(a.out, "plots")
    os.makedirs(plots, exist_ok=True)

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["trace", "config", "figure", "before", "after", "change", "unit", "flagged"])
    flags, per_trace = [], {}
    for b, af in pairs:
        cells = []
        for k, title, f, points in FIGURES:
            vb, va = b.fig[k], af.fig[k]
            ch = change(vb, va, points)
            bad = flagged(ch, vb, va, points, limits)
            w.writerow([b.trace, config_text(b), k, T.fmt(vb, f, ""), T.fmt(va, f, ""),
                        "" if ch is None else f"{ch:.4f}", "pp" if points else "%", int(bad)])
            cell = f"{T.fmt(vb, f)} → {T.fmt(va, f)}"
            if bad:
                flags.append([b.trace, config_text(b), title, T.fmt(vb, f), T.fmt(va, f), fmt_change(ch, points)])
                cell = f"**{cell}**"
            cells.append(cell)
        per_trace.setdefault(b.trace, []).append([b.cfg["dtlb"] if b.cfg["itlb"] == b.cfg["dtlb"] else
                                                  f"{b.cfg['itlb']}/{b.cfg['dtlb']}", S.l2_label(b.cfg),
                                                  config_text(b)] + cells)
    with P.open_output(os.path.join(a.out, "compare.csv")) as f:
        f.write(buf.getvalue())

    tools = lambda rs: ", ".join(sorted({r.tool for r in rs})) or T.DASH   # noqa: E731
    blocks = [("h", 1, "Comparison of two results folders"),
              ("p", f"Before: `{a.before}` ({len(loaded[0])} results, tool {tools(loaded[0])}). "
                    f"After: `{a.after}` ({len(loaded[1])} results, tool {tools(loaded[1])}). "
                    f"{len(pairs)} jobs in both, matched by trace and configuration. Flagged: a hit rate "
                    f"that moves by more than {a.points:g} percentage points, any other figure that "
                    f"changes by more than {a.threshold:g} % (or appears, vanishes, or leaves 0). "
                    "Every pair and figure: [compare.csv](compare.csv)."),
              ("toc",),
              ("h", 2, "Flagged changes"),
              ("p", f"{len(flags)} figure(s) of {len(pairs) * len(FIGURES)} beyond the thresholds." if flags
               else "None: every figure of every pair is within the thresholds.")]
    if flags:
        blocks.append(("table", ["trace", "configuration", "figure", "before", "after", "change"], flags))
    if only_b or only_a:
        blocks += [("h", 2, "Jobs in one folder only"),
                   ("table", ["in", "trace", "configuration"],
                    [["before", r.trace, config_text(r)] for r in only_b] +
                    [["after", r.trace, config_text(r)] for r in only_a])]
    errors = []
    if P.have_gnuplot():
        blocks.append(("h", 2, "Plots"))
        for fig, title in PLOTTED:
            for t, base, cap in diff_plot(plots, pairs, fig, title, fig.endswith("_rate"),
                                          a.points if fig.endswith("_rate") else a.threshold, errors):
                blocks += [("img", t, f"plots/{base}.svg"), ("p", f"{cap} [PNG](plots/{base}.png).")]
    else:
        errors.append("gnuplot is not installed: no plots (install gnuplot-nox)")
    for trace, rows in sorted(per_trace.items()):
        blocks += [("h", 2, trace), ("p", "Each cell: before → after; flagged changes in bold."),
                   ("table", ["DTLB", "L2 TLB", "configuration"] + [t for _, t, _, _ in FIGURES], rows)]
    if errors:
        blocks += [("h", 2, "Problems"), ("ul", errors)]
    with P.open_output(os.path.join(a.out, "compare.md")) as f:
        f.write(render.markdown(blocks))
    with P.open_output(os.path.join(a.out, "index.html")) as f:
        f.write(render.page("vmcosim comparison", blocks))
    for e in errors:
        print(f"compare: {e}", file=sys.stderr)
    print(f"compare: {len(pairs)} pairs, {len(flags)} flagged change(s), {len(only_b)} job(s) only before, "
          f"{len(only_a)} only after: {os.path.join(a.out, 'compare.md')}", file=sys.stderr)
    return 1 if flags or only_b or only_a or errors else 0


if __name__ == "__main__":
    cli.run(main)
