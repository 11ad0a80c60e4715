"""The report's plots, drawn by gnuplot (pngcairo and svg terminals) from data files written
next to them; each plot keeps its .gp script and .dat data so it can be redrawn or restyled.
Every function returns [(title, basename, caption)] for the plots it made."""
import os
import re
import shutil
import subprocess

import suite as S
from output_file import open_output

# vmcosim's `other` includes the exception entry and exit; the plot shows the two apart.
FAULT_PARTS = ["alloc", "pgtable", "tlb", "exceptionEntryExit", "other"]
PART_TITLES = {"alloc": "allocator", "pgtable": "page tables", "tlb": "TLB maintenance",
               "exceptionEntryExit": "exception entry/exit", "other": "other (region lookup, bookkeeping)"}


POLICY_COLORS = {"lru": "#1f77b4", "plru": "#d62728", "fifo": "#2ca02c", "random": "#9467bd"}
ASSOC_STYLES = {0: (1, 7), 4: (2, 5), 2: (3, 9), 1: (4, 13)}   # ways (0: full) -> (dash, point)
PREV = "''"   # gnuplot's name for the data file of the previous plot element


def safe(label):
    return re.sub(r"[^A-Za-z0-9_.-]", "_", label)


# Control characters (a newline would end gnuplot's command and start another) and Unicode line
# separators; labels come from trace names and results folders, never trusted as code.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def printable(s):
    """A label with every control character shown as '?' (one line, no command in it)."""
    return _UNPRINTABLE.sub("?", str(s))


def gp_str(s):
    """A gnuplot string literal of s: single-quoted (gnuplot substitutes neither backquotes
    nor @macros there), quotes doubled, control characters replaced; data never becomes code."""
    return "'" + printable(s).replace("'", "''") + "'"


def dat_str(s):
    """A label as one double-quoted field of a .dat file (for xtic())."""
    return '"' + printable(s).replace('"', "'") + '"'


def geom(text):
    m = re.fullmatch(r"(\d+)x(\d+):(\w+)", text)
    return (int(m.group(1)), int(m.group(2)), m.group(3)) if m else None


def have_gnuplot():
    return shutil.which("gnuplot") is not None


def draw(outdir, base, body):
    """Writes base.gp and runs it for base.png and base.svg. Returns an error text or None."""
    with open_output(os.path.join(outdir, base + ".gp")) as f:
        f.write(body)
    for term, ext in (("pngcairo size 960,600 font 'sans,10'", "png"), ("svg size 960,600 font 'sans,10'", "svg")):
        script = f"set terminal {term}\nset output {gp_str(base + '.' + ext)}\n" + body
        r = subprocess.run(["gnuplot"], input=script, text=True, cwd=outdir, capture_output=True)
        if r.returncode != 0:
            return f"gnuplot failed on {base}.gp: {r.stderr.strip()[:300]}"
    return None


def reference(rs):
    """The row a trace's single-configuration plots use: vmcosim's default configuration when
    the suite has it, else the first row in table order."""
    for r in rs:
        if all(r.cfg[p] == S.DEFAULTS[p] for p in S.PARAMS if p != "mode"):
            return r
    return rs[0]


def miss_plot(outdir, label, rs, errors):
    """L1 miss rate against L1 entries, one line per replacement policy and associativity;
    the other parameters are held at those of the trace's first row."""
    first = rs[0].cfg
    rest = [p for p in S.PARAMS if p not in ("itlb", "dtlb")]
    series = {}
    for r in rs:
        g = geom(r.cfg["dtlb"])
        if not g or r.fig["l1_hit_rate"] is None or any(r.cfg[p] != first[p] for p in rest):
            continue
        sets, ways, pol = g
        assoc = "full" if sets == 1 else f"{ways}-way"
        series.setdefault((pol, 0 if sets == 1 else ways, assoc), {})[sets * ways] = 100.0 - r.fig["l1_hit_rate"]
    if not series or all(len(v) < 2 for v in series.values()):
        return []
    base = "miss-" + safe(label)
    plots = []
    with open_output(os.path.join(outdir, base + ".dat")) as f:
        for i, (key, pts) in enumerate(sorted(series.items())):
            f.write(f"# {key[0]} {key[2]}\n")
            for e in sorted(pts):
                f.write(f"{e} {pts[e]:.6f}\n")
            f.write("\n\n")
            pol, ways, assoc = key
            # Colour by policy, dash and point type by associativity, so 12 lines stay apart.
            color = POLICY_COLORS.get(pol, "black")
            style = ASSOC_STYLES.get(ways, (4, 11))
            plots.append(f"{gp_str(base + '.dat')} index {i} with linespoints lc rgb {gp_str(color)} "
                         f"dt {style[0]} pt {style[1]} title {gp_str(pol + ' ' + assoc)}")
    body = (f"set title {gp_str('L1 TLB miss rate: ' + label)}\nset logscale x 2\nset xlabel 'L1 TLB entries (ITLB and DTLB each)'\n"
            "set ylabel 'L1 miss rate (%)'\nset offsets graph 0.03, graph 0.03, 0, 0\nset pointsize 1.2\nset grid\nset key outside right\nset yrange [0:*]\n"
            "plot " + ", \\\n     ".join(plots) + "\n")
    err = draw(outdir, base, body)
    if err:
        errors.append(err)
        return []
    fixed = ", ".join(f"{p} {first[p]}" for p in rest)
    return [(f"L1 miss rate against entries: {label}", base, f"Other parameters: {fixed}.")]


def hist_buckets(h):
    """{lo: count} from vmcosim's [{lo, hi, count}] buckets (hi excluded), and {lo: hi}."""
    counts, his = {}, {}
    for e in h:
        if isinstance(e, dict) and e.get("count"):
            counts[e["lo"]] = counts.get(e["lo"], 0) + e["count"]
            his[e["lo"]] = e.get("hi")
    return counts, his


def walk_hist_plot(outdir, label, rs, errors):
    """Walk service times at the reference configuration, one bar series per L2 TLB setting
    of the rows that differ from it only in the L2 TLB (so L2 on and off side by side)."""
    ref = reference(rs)
    same = [r for r in rs if all(r.cfg[p] == ref.cfg[p] for p in S.PARAMS if p != "l2tlb")]
    series = [(r.cfg["l2tlb"], *hist_buckets(r.fig["walk_hist"])) for r in same]
    series = [x for x in series if x[1]]
    if not series:
        return []
    his = {}
    for _, _, h in series:
        his.update(h)
    base = "walks-" + safe(label)
    with open_output(os.path.join(outdir, base + ".dat")) as f:
        f.write("# cycles " + " ".join(f"walks(L2 {printable(name)})" for name, _, _ in series) + "\n")
        for lo in sorted(his):
            f.write(f'"[{lo},{his[lo]})" ' + " ".join(str(c.get(lo, 0)) for _, c, _ in series) + "\n")
    plots = ", \\\n     ".join(f"{gp_str(base + '.dat') if i == 0 else PREV} using {i + 2}"
                                  f"{':xtic(1)' if i == 0 else ''} title {gp_str('L2 TLB ' + name)}"
                                  for i, (name, _, _) in enumerate(series))
    body = (f"set title {gp_str('Walk service time: ' + label)}\nset style data histograms\n"
            "set style histogram clustered gap 1\nset style fill solid 0.7 border -1\n"
            "set xlabel 'walk service time (cycles)'\nset ylabel 'walks'\nset grid ytics\n"
            "set key outside right\nset xtics rotate by -30\nset yrange [0:*]\n"
            f"plot {plots}\n")
    err = draw(outdir, base, body)
    if err:
        errors.append(err)
        return []
    cfg = ", ".join(f"{p} {ref.cfg[p]}" for p in S.PARAMS if p != "l2tlb")
    return [(f"Walk service time: {label}", base, f"Configuration: {cfg}; L2 TLB as in the key.")]


def fault_cost_plot(outdir, groups, errors):
    rows = []
    for label, rs in groups:
        ref = reference(rs)
        parts = ref.fig["fault_parts"]
        if parts:
            v = {p: parts.get(p, 0) for p in FAULT_PARTS}
            v["other"] -= v["exceptionEntryExit"]
            rows.append((label, [v[p] for p in FAULT_PARTS]))
    if not rows:
        return []
    base = "fault-cost"
    with open_output(os.path.join(outdir, base + ".dat")) as f:
        f.write("# trace " + " ".join(FAULT_PARTS) + " (firmware cycles spent handling faults)\n")
        for label, v in rows:
            f.write(dat_str(label) + " " + " ".join(str(x) for x in v) + "\n")
    cols = ", \\\n     ".join(
        f"{gp_str(base + '.dat') if i == 0 else PREV} using {i + 2}{':xtic(1)' if i == 0 else ''} "
        f"title {gp_str(PART_TITLES[p])}" for i, p in enumerate(FAULT_PARTS))
    body = ("set title 'Fault handling cost by part'\nset style data histograms\nset style histogram rowstacked\n"
            "set style fill solid 0.8 border -1\nset boxwidth 0.7\nset ylabel 'firmware cycles'\n"
            "set grid ytics\nset key outside right\nset xtics rotate by -30\nset yrange [0:*]\n"
            f"plot {cols}\n")
    err = draw(outdir, base, body)
    if err:
        errors.append(err)
        return []
    return [("Fault-cost breakdown", base,
             "Firmware cycles spent on faults, by part, for each trace's reference configuration "
             "(vmcosim's default when the suite has it, else the first row of its table).")]


def frag_values(s):
    """(free pages in %, unusable free-space index for a 1 MiB request in per mille) of one
    physMem snapshot; None for what it lacks."""
    free, total = s.get("freePages"), s.get("totalPages")
    u = s.get("unusableIndexPermille")
    return (100.0 * free / total if free is not None and total else None,
            u[8] if isinstance(u, list) and len(u) > 8 else None)


def has_accesses(snaps):
    return all(isinstance(s.get("accesses"), int) for s in snaps) and max(s["accesses"] for s in snaps) > 0


def frag_points(snaps, share):
    """[(x, free %, unusable)] of one run's snapshots: x is the share of the trace's accesses
    read (%) when `share`, else the simulated cycle. The share puts runs of 5 k and of 1 M
    accesses on one axis; it needs every snapshot's access count (vmcosim since --frag-every)."""
    total = max(s["accesses"] for s in snaps) if share else 0
    pts = [((100.0 * s["accesses"] / total) if share else s.get("cycle"),) + frag_values(s) for s in snaps]
    return sorted(p for p in pts if p[0] is not None and None not in p[1:])


def frag_plot(outdir, groups, errors):
    runs = [(label, [s for s in reference(rs).fig["frag"] if isinstance(s, dict)]) for label, rs in groups]
    runs = [(label, snaps) for label, snaps in runs if snaps]
    share = bool(runs) and all(has_accesses(snaps) for _, snaps in runs)   # one x axis for all
    series = [(label, frag_points(snaps, share)) for label, snaps in runs]
    series = [(label, pts) for label, pts in series if pts]
    if not series:
        return []
    base = "fragmentation"
    free, unusable = [], []
    most = max(len(p) for _, p in series)
    style = "lines lw 2" if most > 12 else "linespoints"
    with open_output(os.path.join(outdir, base + ".dat")) as f:
        for i, (label, pts) in enumerate(series):
            xname = "accesses-%" if share else "cycle"
            f.write(f"# {printable(label)}: {xname} free-pages-% unusable-index-1MiB-permille\n")
            for x, fr, u in pts:
                f.write(f"{x:.3f} {fr:.1f} {u}\n" if share else f"{x} {fr:.1f} {u}\n")
            f.write("\n\n")
            # 9 traces, 8 colours: the ninth and later lines are dashed.
            look = f"with {style} lc {i % 8 + 1} dt {1 + i // 8}"
            free.append(f"{gp_str(base + '.dat')} index {i} using 1:2 {look} title {gp_str(label)}")
            unusable.append(f"{gp_str(base + '.dat')} index {i} using 1:3 {look} notitle")
    xlabel = "trace accesses read (% of the run)" if share else "simulated cycle"
    body = ("set multiplot layout 2,1 title 'Buddy allocator over the run'\n"
            "set grid\nset key outside right\nset lmargin 12\nset rmargin 20\n"
            + ("set xrange [0:100]\n" if share else "") +
            "set ylabel 'free pages (%)'\nset format x ''\nset yrange [*:*]\nplot " + ", \\\n     ".join(free) + "\n"
            f"set xlabel {gp_str(xlabel)}\nset format x '%g'\nset ylabel 'unusable for 1 MiB (per mille)'\n"
            "set yrange [0:*]\nplot " + ", \\\n     ".join(unusable) + "\nunset multiplot\n")
    err = draw(outdir, base, body)
    if err:
        errors.append(err)
        return []
    if most == 1:
        note = "Only end-of-run snapshots exist in these results (one point per trace)."
    elif most <= 3:
        note = ("vmcosim took snapshots only at the trace markers and at the end of the run; a suite "
                "key frag_every (vmcosim --frag-every N) adds one every N accesses.")
    else:
        note = ("Snapshots every N trace accesses (the suite's frag_every, vmcosim --frag-every), at "
                "the trace markers and at the end of the run" +
                ("; x is the share of the trace's accesses read, so runs of every length span the axis" if share
                 else "") + ". A line's last point is the end of the run, after the trace's last events "
                "(a process exit frees its memory: the step at the end).")
    return [("Buddy fragmentation", base, "Free pages, and the unusable free-space index for a 1 MiB "
             "(order 8) request: the share of free pages in blocks smaller than 1 MiB; for each trace's "
             "reference configuration. " + note)]
