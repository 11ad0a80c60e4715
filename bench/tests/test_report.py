#!/usr/bin/env python3
"""Report test on a hand-written results folder (fixtures/results): the table cells below were
computed by hand from the counts in the fixture files, not copied from the report's output.

    test_report.py WORKDIR
"""
import os
import subprocess
import sys

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
from testlib import FIXTURES, SCRIPTS, check, fresh_dir, read, verdict  # noqa: E402

REPORT = os.path.join(SCRIPTS, "report.py")
FIXTURE = os.path.join(FIXTURES, "results")


# alpha-b: 1900/2000 L1 hits = 95.00 %; no L2 lookups; 100 misses per 2000 = 50.00 MPKA;
#   100 walks = 50.00 PKA; 2500 cycles / 100 walks = 25.0; faults 10; 300+200+100+400 = 1000.
# alpha-a: same L1; L2 75/100 = 75.00 %; 25 walks / 2 k = 12.50 PKA; 750 / 25 = 30.0.
# alpha-c: 1960/2000 = 98.00 % (ITLB 396/400 = 99.00 %, DTLB 1564/1600 = 97.75 %); 40 misses = 20.00 MPKA; 40 walks = 20.00 PKA; 1000 / 40 = 25.0.
# Row order: L1 16 before 32; within 16, L2 none before 64x4.
ALPHA_ROWS = [
    "| 1x16:lru | none | 95.00 | — | 50.00 | 50.00 | 100 | 25.0 | 10 | 1000 | 60000 |",
    "| 1x16:lru | 64x4:lru | 95.00 | 75.00 | 50.00 | 12.50 | 25 | 30.0 | 10 | 1000 | 50000 |",
    "| 1x32:lru | none | 98.00 | — | 20.00 | 20.00 | 40 | 25.0 | 10 | 1000 | 45000 |",
]
ALPHA_HEADER = ("| L1 TLB (I and D) | L2 TLB | L1 hit % | L2 hit % | L1 MPKA | walks PKA | walks | "
                "avg walk cycles | faults | fault cycles | sim. cycles |")
# beta-a alone: nothing varies, so no configuration columns. 2997/3000 = 99.90 %; L2 1/3 =
# 33.33 %; 3 misses per 3000 = 1.00 MPKA; 2 walks per 3000 = 0.67 PKA; 101 / 2 = 50.5.
BETA_ROW = "| 99.90 | 33.33 | 1.00 | 0.67 | 2 | 50.5 | 0 | 0 | 7000 |"
ALPHA_CSV_LINE = ("alpha," + "a" * 64 + ",alpha-c,functional,1x32:lru,1x32:lru,none,8,10,liteos,64M,"
                  "98.00,,20.00,20.00,40,25.0,10,1000,45000,99.00,97.75,2000,2000,1960,0,0,1000")
PLOTS = ["miss-alpha", "walks-alpha", "walks-beta", "fault-cost-per-fault", "fault-cost-per-1000", "fragmentation"]


def main(argv):
    work = argv[0]
    fresh_dir(work)
    out1, out2 = os.path.join(work, "r1"), os.path.join(work, "r2")
    r = subprocess.run([sys.executable, REPORT, FIXTURE, "--out", out1], capture_output=True, text=True)
    check(r.returncode == 0, f"report exit {r.returncode}: {r.stderr}")
    check("notes.json: not a benchmark result" in r.stderr, "a foreign JSON file is not reported")
    check(".alpha-z" not in r.stderr, "a temporary file was read as a result")
    alpha = read(os.path.join(out1, "tables", "alpha.md"))
    check(ALPHA_HEADER in alpha, "alpha: header")
    pos = [alpha.find(row) for row in ALPHA_ROWS]
    check(all(p >= 0 for p in pos), f"alpha: rows missing: {[r for r, p in zip(ALPHA_ROWS, pos) if p < 0]}")
    check(pos == sorted(pos), "alpha: rows out of order")
    check("Fixed: mode functional, walk cache 8, mem. latency 10, layout liteos, RAM 64M" in alpha, "alpha: fixed line")
    beta = read(os.path.join(out1, "tables", "beta.md"))
    check(BETA_ROW in beta, "beta: row")
    check("mem. latency 20" in beta, "beta: fixed latency")
    check(ALPHA_CSV_LINE in read(os.path.join(out1, "tables", "alpha.csv")).splitlines(), "alpha.csv: alpha-c line")
    all_csv = read(os.path.join(out1, "all.csv")).splitlines()
    check(len(all_csv) == 5 and all_csv[0].startswith("trace,sha256,job,"), f"all.csv: {len(all_csv)} lines, want 5")
    md = read(os.path.join(out1, "report.md"))
    html = read(os.path.join(out1, "index.html"))
    for row in ALPHA_ROWS + [BETA_ROW]:
        check(row in md, f"report.md lacks {row}")
        cells = [c.strip() for c in row.strip("|").split("|")]
        check("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>" in html, f"index.html lacks {row}")
    for p in PLOTS:
        png, svg = (os.path.join(out1, "plots", f"{p}.{e}") for e in ("png", "svg"))
        check(os.path.exists(png) and read_bytes(png)[:8] == b"\x89PNG\r\n\x1a\n", f"{p}.png missing or not a PNG")
        check(os.path.exists(svg) and "<svg" in read(svg), f"{p}.svg missing or not SVG")
        check(f'<img src="plots/{p}.svg"' in html, f"index.html does not show {p}")
        check(f"](plots/{p}.svg)" in md, f"report.md does not show {p}")
    # Both fragmentation snapshots of alpha reach the plot's data.
    frag = read(os.path.join(out1, "plots", "fragmentation.dat"))
    # alpha-b (the reference row of alpha: the first in table order) has 900 and 950 of 1000
    # pages free and 500 and 600 per mille unusable for 1 MiB.
    # The second is the end of the run: a block of its own (a dot, not joined to the line).
    check("# alpha: cycle free-pages-% unusable-index-1MiB-permille\n1000 90.0 500\n\n\n"
          "# alpha (end of run): cycle free-pages-% unusable-index-1MiB-permille\n50000 95.0 600\n" in frag,
          f"fragmentation.dat: alpha's snapshots: {frag!r}")
    # Walk times of alpha's reference row (alpha-b, L2 none: 60 in [16,32), 40 in [32,64))
    # beside the row that differs only in its L2 TLB (alpha-a, 64x4:lru: 5 and 20), as CDFs:
    # none: 60/100 = 60 % done by 32 cycles, 100 % by 64; 64x4:lru: 5/25 = 20 %, then 100 %.
    walks = read(os.path.join(out1, "plots", "walks-alpha.dat"))
    check(walks == "# L2 TLB none: walk cycles (bucket end), % of walks done\n16 0.000\n32 60.000\n64 100.000\n\n\n"
          "# L2 TLB 64x4:lru: walk cycles (bucket end), % of walks done\n16 0.000\n32 20.000\n64 100.000\n\n\n",
          f"walks-alpha.dat: {walks!r}")
    # Every plot's title names its configuration on a second line.
    check("set title 'Walk service time: alpha'.\"\\n\".'mode functional, itlb 1x16:lru, dtlb 1x16:lru, walk_cache 8, "
          "mem_latency 10, layout liteos, ram_size 64M'" in read(os.path.join(out1, "plots", "walks-alpha.gp")),
          "walks-alpha.gp: the configuration in the title")
    # Fault cost of alpha's reference row: alloc 300, page tables 200, TLB 100, entry/exit 150,
    # and other 400 - 150 = 250 (vmcosim's `other` includes entry/exit); beta had no fault.
    # per fault: 10 faults, so 30 20 10 15 25; per 1000 accesses: 2000 accesses, so 150 100 50 75 125.
    cost = read(os.path.join(out1, "plots", "fault-cost-per-fault.dat"))
    check('"alpha" 30.000 20.000 10.000 15.000 25.000\n' in cost and '"beta (no faults)" 0 0 0 0 0\n' in cost,
          f"fault-cost-per-fault.dat: {cost!r}")
    cost = read(os.path.join(out1, "plots", "fault-cost-per-1000.dat"))
    check('"alpha" 150.000 100.000 50.000 75.000 125.000\n' in cost, f"fault-cost-per-1000.dat: {cost!r}")
    check("No bar: no fault in beta." in md, "the empty bar is explained")
    check("Host times" in read(os.path.join(out1, "host.md")) and "2026" not in md, "host facts leak into report.md")
    # A contents list linking every section (summary, one per trace, the two cross-trace plots).
    toc = "".join(f'<li><a href="#{s}">{t}</a></li>' for s, t in
                  (("summary", "Summary"), ("alpha", "alpha"), ("beta", "beta"),
                   ("fault-cost", "Fault cost"), ("fragmentation", "Fragmentation")))
    check(f"<nav><p>Contents</p><ul>{toc}</ul></nav>" in html, "index.html: contents list")
    check('<h2 id="alpha">alpha</h2>' in html and "[alpha](#alpha)" in md, "trace section and its link")
    check("<details>" not in html, "a table of 3 rows is not folded")
    check("Modelled in every mode: `fault cycles`" in md and "in mode functional the reference model's estimate" in md,
          "report.md says which figures are modelled estimates")
    # HTML folds tables of more than 20 rows, and only those.
    import render
    for n, folded in ((20, False), (21, True)):
        page = render.page("t", [("table", ["a"], [[i] for i in range(n)])])
        check((f"<details><summary>table of {n} rows (click to open)</summary>" in page) == folded and
              ("</table></details>" in page) == folded, f"a table of {n} rows: folded should be {folded}")
    # Deterministic: a second report from the same results is identical (host.md included,
    # as the fixture's host facts are fixed).
    subprocess.run([sys.executable, REPORT, FIXTURE, "--out", out2], capture_output=True)
    for d, _, names in os.walk(out1):
        for n in names:
            if n.endswith(".png"):
                continue   # cairo's PNG bytes may vary with fonts; the SVG and data are compared
            a = os.path.join(d, n)
            b = os.path.join(out2, os.path.relpath(a, out1))
            check(os.path.exists(b) and read_bytes(a) == read_bytes(b), f"not deterministic: {os.path.relpath(a, out1)}")
    frag_over_the_run(work)
    return verdict("report")


def frag_over_the_run(work):
    """Snapshots every N accesses (vmcosim --frag-every): x is the share of the run's accesses,
    so a short and a long trace both span 0..100 %. Two hand-made results: gamma, 400 accesses,
    snapshots at 100, 200 (a marker), 300 and the end; delta, 2000 accesses, at 1000 and the end."""
    import json
    res = os.path.join(work, "frag-results")
    os.makedirs(res)
    runs = {"gamma": [(100, 990), (200, 980), (300, 960), (400, 950)], "delta": [(1000, 500), (2000, 250)]}
    for name, snaps in runs.items():
        with open(os.path.join(FIXTURE, "beta-a.json")) as f:
            doc = json.load(f)
        doc["job"], doc["trace"]["name"], doc["trace"]["sha256"] = name, name, name[0] * 64
        doc["stats"]["physMem"] = [{"where": "access %d" % a, "cycle": 10 * a, "accesses": a, "freePages": fr,
                                    "totalPages": 1000, "unusableIndexPermille": [0] * 8 + [a // 10]}
                                   for a, fr in snaps]
        with open(os.path.join(res, name + ".json"), "w") as f:
            json.dump(doc, f)
    out = os.path.join(work, "frag-report")
    subprocess.run([sys.executable, REPORT, res, "--out", out], capture_output=True)
    dat = read(os.path.join(out, "plots", "fragmentation.dat"))
    # gamma: 100/400 = 25 %, 99.0 % free, 10 per mille; ...; delta: 1000/2000 = 50 %, 50.0 % free.
    want = ("# delta: accesses-% free-pages-% unusable-index-1MiB-permille\n50.000 50.0 100\n100.000 25.0 200\n\n\n"
            "# gamma: accesses-% free-pages-% unusable-index-1MiB-permille\n25.000 99.0 10\n50.000 98.0 20\n"
            "75.000 96.0 30\n100.000 95.0 40\n\n\n")
    check(dat == want, f"fragmentation.dat over the run: {dat!r}")
    check("trace accesses read (% of the run)" in read(os.path.join(out, "plots", "fragmentation.gp")), "x axis label")
    check("Snapshots every N trace accesses" in read(os.path.join(out, "report.md")), "caption names the snapshots")


def read_bytes(p):
    with open(p, "rb") as f:
        return f.read()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
