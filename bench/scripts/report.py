#!/usr/bin/env python3
"""Turns a results folder into a report folder:

    report.py RESULTS --out REPORT

REPORT/report.md and REPORT/index.html (same content: contents list, a section per trace;
pictures from plots/, relative links),
REPORT/tables/TRACE.md and .csv, REPORT/all.csv, REPORT/plots/*.png|svg (+ .gp, .dat), and
REPORT/host.md with host times and dates, kept apart because they differ from run to run.
Everything else is a function of the results only: the same results give identical files.
Merges whatever results exist (e.g. from a cluster run). Exit status: 0, 1 when there is no
result or a plot failed, 2 bad usage.
"""
import os
import sys

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cli  # noqa: E402
from output_file import write_output  # noqa: E402
import render  # noqa: E402
import report_plots as P  # noqa: E402
import report_tables as T  # noqa: E402
import results as R  # noqa: E402

FIGURE_NOTES = [
    "`L1 hit %`: level-1 TLB hits (ITLB for fetches, DTLB for reads and writes) per L1 lookup.",
    "`L2 hit %`: L2 TLB hits per L2 lookup (L1 misses); a dash when there is no L2 TLB.",
    "`L1 MPKA`: L1 misses per thousand accesses; `walks PKA`: table walks per thousand accesses.",
    "`avg walk cycles`: walk service time summed over walks, divided by the walks.",
    "`faults`, `fault cycles`: MMU faults and the firmware cycles spent handling them.",
    "`sim. cycles`: simulated cycles of the whole run (hardware and firmware).",
    "Counted in every mode: hits, misses, walks, faults. Modelled in every mode: `fault cycles` and the "
    "firmware part of `sim. cycles` (the firmware's cost model, vmcosim's `--fw-*-cycles`). `avg walk "
    "cycles`, walk times and the hardware part of `sim. cycles`: clock cycles of the Verilated RTL in "
    "mode cosim and lockstep; in mode functional the reference model's estimate from the RTL's timing rules.",
]


def write(path, text):
    write_output(path, text)


def main(argv):
    ap = cli.parser("report.py", "Make the benchmark report from a results folder.")
    ap.add_argument("results")
    ap.add_argument("--out", required=True)
    ap.add_argument("--title", default="vmcosim benchmark report")
    ap.add_argument("--merge", action="store_true", help="report a folder that holds several suites' results")
    a = ap.parse_args(argv)
    if not os.path.isdir(a.results):
        print(f"report: {a.results}: not a folder", file=sys.stderr)
        return 2
    suites = R.suites(a.results)
    if len(suites) > 1 and not a.merge:
        print(f"report: {a.results} holds the results of {len(suites)} suites ({', '.join(suites)}): "
              "--merge to report them together", file=sys.stderr)
        return 2
    results, problems = R.load(a.results)
    for p in problems:
        print(f"report: {p}", file=sys.stderr)
    if not results:
        print(f"report: no results in {a.results}", file=sys.stderr)
        return 1
    tables, plots = os.path.join(a.out, "tables"), os.path.join(a.out, "plots")
    os.makedirs(tables, exist_ok=True)
    os.makedirs(plots, exist_ok=True)
    groups = T.groups(results)
    errors = []
    gp = P.have_gnuplot()
    if not gp:
        errors.append("gnuplot is not installed: no plots (install gnuplot-nox)")

    tools = sorted({r.tool for r in results})
    modes = sorted({r.cfg["mode"] for r in results})
    blocks = [("h", 1, a.title),
              ("p", f"{len(results)} results for {len(groups)} traces from `{os.path.basename(os.path.abspath(a.results))}`"
                    f" ({'suites ' + ', '.join(suites) + ', merged' if len(suites) > 1 else 'suite ' + suites[0] if suites else 'suite not recorded'}); "
                    f"mode {', '.join(modes)}; tool version {', '.join(tools)}. "
                    "Host times and dates are in [host.md](host.md)" +
                    (", the speed of the simulator and its parts in [speed.md](speed.md)."
                     if os.path.exists(os.path.join(a.out, "speed.md")) else ".")),
              ("ul", FIGURE_NOTES)]
    if problems:
        blocks += [("p", "Files in the results folder that are not readable results:"), ("ul", problems)]
    blocks.append(("toc",))

    summary = []
    for label, rs in groups:
        rated = [r for r in rs if r.fig["l1_hit_rate"] is not None]
        best = max(rated, key=lambda r: r.fig["l1_hit_rate"], default=None)
        worst = min(rated, key=lambda r: r.fig["l1_hit_rate"], default=None)
        acc = rs[0].fig["accesses"]
        summary.append([f"[{label}](#{render.slug(label)})", T.fmt(acc, "{}"), len(rs),
                        T.fmt(worst and worst.fig["l1_hit_rate"], "{:.2f}"), worst.cfg["dtlb"] if worst else T.DASH,
                        T.fmt(best and best.fig["l1_hit_rate"], "{:.2f}"), best.cfg["dtlb"] if best else T.DASH])
    blocks += [("h", 2, "Summary"),
               ("table", ["trace", "accesses", "configurations", "lowest L1 hit %", "at L1",
                          "highest L1 hit %", "at L1"], summary)]

    all_csv = None
    for label, rs in groups:
        header, rows, fixed = T.markdown_table(rs)
        csv = T.csv_text(rs)
        all_csv = csv if all_csv is None else all_csv + csv.split("\n", 1)[1]
        name = P.safe(label)
        write(os.path.join(tables, name + ".csv"), csv)
        write(os.path.join(tables, name + ".md"), render.markdown(
            [("h", 2, label), ("p", "Fixed: " + ", ".join(f"{T.TITLES[p]} {v}" for p, v in fixed)),
             ("table", header, rows)]))
        blocks += [("h", 2, label),
                   ("p", f"Trace sha256 `{rs[0].sha}`. Fixed: " +
                    (", ".join(f"{T.TITLES[p]} {v}" for p, v in fixed) or "nothing") +
                    f". Table as [CSV](tables/{name}.csv)."),
                   ("table", header, rows)]
        if gp:
            for title, base, cap in P.miss_plot(plots, label, rs, errors) + P.walk_hist_plot(plots, label, rs, errors):
                blocks += [("img", title, f"plots/{base}.svg"),
                           ("p", f"{cap} [PNG](plots/{base}.png), [SVG](plots/{base}.svg).")]
    write(os.path.join(a.out, "all.csv"), all_csv)
    if gp:
        for head, fn in (("Fault cost", P.fault_cost_plot), ("Fragmentation", P.frag_plot)):
            made = fn(plots, groups, errors)
            blocks.append(("h", 2, head))
            if not made:
                blocks.append(("p", "No data for this plot in these results."))
            for title, base, cap in made:
                blocks += [("img", title, f"plots/{base}.svg"),
                           ("p", f"{cap} [PNG](plots/{base}.png), [SVG](plots/{base}.svg).")]
    if errors:
        blocks += [("h", 2, "Problems"), ("ul", errors)]
    write(os.path.join(a.out, "report.md"), render.markdown(blocks))
    write(os.path.join(a.out, "index.html"), render.page(a.title, blocks))

    host = [("h", 1, "Host times (not deterministic)"),
            ("p", "Wall-clock seconds of each job on the host that ran it, and when it finished."),
            ("table", ["job", "trace", "seconds", "finished (UTC)"],
             [[r.id, r.trace, T.fmt(r.host.get("seconds"), "{}"), r.host.get("finished", T.DASH)] for r in results])]
    total = sum(r.host.get("seconds") or 0 for r in results)
    host.insert(2, ("p", f"Sum of job times: {total:.1f} s over {len(results)} jobs."))
    write(os.path.join(a.out, "host.md"), render.markdown(host))
    for e in errors:
        print(f"report: {e}", file=sys.stderr)
    if len(suites) > 1:
        print(f"report: merged the results of suites {', '.join(suites)}", file=sys.stderr)
    print(f"report: {len(results)} results, {len(groups)} traces: {os.path.join(a.out, 'report.md')} "
          f"and {os.path.join(a.out, 'index.html')}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    cli.run(main)
