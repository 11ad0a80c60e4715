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
# Policies that give the same miss rates (FIFO and random, LRU and PLRU often do) must stay
# apart where their lines coincide: each policy has its own open point shape and line width,
# so a thin line on a thick one and two shapes on one point both show.
POLICY_LOOKS = {"lru": (6, 3.0), "plru": (8, 1.5), "fifo": (4, 3.0), "random": (12, 1.5)}   # (point, width)
ASSOC_DASHES = {0: 1, 4: 2, 2: 3, 1: 4}   # ways (0: full) -> dash type
# Distinct colours for up to 10 traces (gnuplot's default cycle has 8).
TRACE_COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
                "#7f7f7f", "#bcbd22", "#17becf"]
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


def title(text, config):
    """gnuplot's title command: TEXT, and the configuration on a second line (both escaped;
    the line break is this code's own, never data)."""
    return f"set title {gp_str(text)}.\"\\n\".{gp_str(config)}\n"


def config_text(cfg, params):
    return ", ".join(f"{p} {cfg[p]}" for p in params)


def geom(text):
    m = re.fullmatch(r"(\d+)x(\d+):(\w+)", text)
    return (int(m.group(1)), int(m.group(2)), m.group(3)) if m else None


def have_gnuplot():
    return shutil.which("gnuplot") is not None


def draw(outdir, base, body):
    """Writes base.gp and runs it for base.png and base.svg. Returns an error text or None."""
    with open_output(os.path.join(outdir, base + ".gp")) as f:
        f.write(body)
    # noenhanced: an underscore in a label (walk_cache) is an underscore, not a subscript.
    for term, ext in (("pngcairo size 960,600 font 'sans,10' noenhanced", "png"),
                      ("svg size 960,600 font 'sans,10' noenhanced", "svg")):
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
            # Colour, point shape and width by policy, dash type by associativity.
            point, width = POLICY_LOOKS.get(pol, (2, 1.0))
            plots.append(f"{gp_str(base + '.dat')} index {i} with linespoints lc rgb {gp_str(POLICY_COLORS.get(pol, 'black'))} "
                         f"dt {ASSOC_DASHES.get(ways, 5)} pt {point} lw {width} title {gp_str(pol + ' ' + assoc)}")
    # Miss rates that span decades (1.8 % at 8 entries, 0.01 % from 64 on) need a log scale.
    rates = [v for pts in series.values() for v in pts.values()]
    positive = [v for v in rates if v > 0]
    log = len(positive) >= 2 and max(positive) >= 100 * min(positive)
    yscale = ("set logscale y\nset yrange [*:*]\n" if log else "set yrange [0:*]\n")
    fixed = config_text(first, rest)
    body = (title(f"L1 TLB miss rate: {label}", fixed) + "set logscale x 2\nset xlabel 'L1 TLB entries (ITLB and DTLB each)'\n"
            "set ylabel 'L1 miss rate (%)" + (", log scale" if log else "") + "'\n"
            "set offsets graph 0.03, graph 0.03, 0, 0\nset pointsize 1.3\nset grid\nset key outside right\n" + yscale +
            "plot " + ", \\\n     ".join(plots) + "\n")
    err = draw(outdir, base, body)
    if err:
        errors.append(err)
        return []
    note = (" The y axis is logarithmic: the miss rates span decades" +
            ("; a miss rate of 0 has no point." if len(positive) < len(rates) else ".")) if log else ""
    return [(f"L1 miss rate against entries: {label}", base, f"Other parameters: {fixed}.{note}")]


def hist_buckets(h):
    """{lo: count} from vmcosim's [{lo, hi, count}] buckets (hi excluded), and {lo: hi}."""
    counts, his = {}, {}
    for e in h:
        if isinstance(e, dict) and e.get("count"):
            counts[e["lo"]] = counts.get(e["lo"], 0) + e["count"]
            his[e["lo"]] = e.get("hi")
    return counts, his


def walk_hist_plot(outdir, label, rs, errors):
    """The distribution of walk service times at the reference configuration, as a CDF (share
    of walks done within x cycles; vmcosim counts each cycle apart up to 64), one line per L2
    TLB setting of the rows that differ from it only in the L2 TLB (L2 on and off together)."""
    ref = reference(rs)
    same = [r for r in rs if all(r.cfg[p] == ref.cfg[p] for p in S.PARAMS if p != "l2tlb") and
            r.cfg.get("cores") == ref.cfg.get("cores")]
    series = [(S.l2_label(r.cfg), *hist_buckets(r.fig["walk_hist"])) for r in same]
    series = [x for x in series if x[1]]
    if not series:
        return []
    base = "walks-" + safe(label)
    plots = []
    with open_output(os.path.join(outdir, base + ".dat")) as f:
        for i, (name, counts, his) in enumerate(series):
            total, done = sum(counts.values()), 0
            f.write(f"# L2 TLB {printable(name)}: walk cycles (bucket end), % of walks done\n")
            f.write(f"{min(counts)} 0.000\n")
            for lo in sorted(counts):
                done += counts[lo]
                f.write(f"{his[lo]} {100.0 * done / total:.3f}\n")
            f.write("\n\n")
            plots.append(f"{gp_str(base + '.dat')} index {i} with steps lw 2 lc rgb {gp_str(TRACE_COLORS[i % 10])} "
                         f"title {gp_str('L2 TLB ' + name)}")
    cfg = config_text(ref.cfg, [p for p in S.PARAMS if p != "l2tlb"])
    body = (title(f"Walk service time: {label}", cfg) +
            "set xlabel 'walk service time (cycles)'\nset ylabel 'walks done within x cycles (%)'\n"
            "set grid\nset key outside right\nset yrange [0:100]\nset offsets graph 0.02, graph 0.02, 0, 0\n"
            "plot " + ", \\\n     ".join(plots) + "\n")
    err = draw(outdir, base, body)
    if err:
        errors.append(err)
        return []
    return [(f"Walk service time: {label}", base,
             f"Cumulative share of walks by service time. Configuration: {cfg}; L2 TLB as in the key.")]


def fault_cost_plot(outdir, groups, errors):
    """Fault handling cost by part at each trace's reference configuration, twice: per fault
    (what one fault costs) and per 1000 trace accesses (what faults cost the run)."""
    rows = []
    for label, rs in groups:
        ref = reference(rs)
        parts, faults, acc = ref.fig["fault_parts"], ref.fig["faults"], ref.fig["accesses"]
        if parts:
            v = {p: parts.get(p, 0) for p in FAULT_PARTS}
            v["other"] -= v["exceptionEntryExit"]
            rows.append((label, [v[p] for p in FAULT_PARTS], faults, acc))
    if not rows:
        return []
    none = [label for label, _, faults, _ in rows if not faults]
    made = []
    for base, per, ylabel, what in (
            ("fault-cost-per-fault", lambda n, a: n, "firmware cycles per fault", "Fault handling cost per fault"),
            ("fault-cost-per-1000", lambda n, a: a / 1000.0 if a else None,
             "firmware cycles per 1000 accesses", "Fault handling cost per 1000 trace accesses")):
        with open_output(os.path.join(outdir, base + ".dat")) as f:
            f.write("# trace " + " ".join(FAULT_PARTS) + f" ({ylabel}; a trace without faults: no bar)\n")
            for label, v, faults, acc in rows:
                d = per(faults, acc)
                name = label + (" (no faults)" if not faults else "")
                f.write(dat_str(name) + " " + " ".join(f"{x / d:.3f}" if d else "0" for x in v) + "\n")
        cols = ", \\\n     ".join(
            f"{gp_str(base + '.dat') if i == 0 else PREV} using {i + 2}{':xtic(1)' if i == 0 else ''} "
            f"title {gp_str(PART_TITLES[p])}" for i, p in enumerate(FAULT_PARTS))
        body = (title(what, "each trace's reference configuration") +
                "set style data histograms\nset style histogram rowstacked\n"
                f"set style fill solid 0.8 border -1\nset boxwidth 0.7\nset ylabel {gp_str(ylabel)}\n"
                "set grid ytics\nset key outside right\nset xtics rotate by -30\nset yrange [0:*]\n"
                f"plot {cols}\n")
        err = draw(outdir, base, body)
        if err:
            errors.append(err)
            continue
        made.append((what, base, f"{what}, split by part, for each trace's reference configuration (vmcosim's "
                     "default when the suite has it, else the first row of its table)." +
                     (f" No bar: no fault in {', '.join(none)}." if none else "")))
    return made


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
    """([(x, free %, unusable)] during the run, the same at its end) of one run's snapshots: x
    is the share of the trace's accesses read (%) when `share`, else the simulated cycle. The
    share puts runs of 5 k and of 1 M accesses on one axis; it needs every snapshot's access
    count (vmcosim since --frag-every). The end-of-run snapshot comes after the trace's last
    events (a process exit frees its memory), so it is drawn apart, not joined to the line."""
    total = max(s["accesses"] for s in snaps) if share else 0
    pts = [((100.0 * s["accesses"] / total) if share else s.get("cycle"),) + frag_values(s) for s in snaps]
    ok = [(p, s.get("where") == "end") for p, s in zip(pts, snaps) if p[0] is not None and None not in p[1:]]
    return sorted(p for p, end in ok if not end), sorted(p for p, end in ok if end)


def frag_plot(outdir, groups, errors):
    runs = [(label, [s for s in reference(rs).fig["frag"] if isinstance(s, dict)]) for label, rs in groups]
    runs = [(label, snaps) for label, snaps in runs if snaps]
    share = bool(runs) and all(has_accesses(snaps) for _, snaps in runs)   # one x axis for all
    series = [(label, frag_points(snaps, share)) for label, snaps in runs]
    series = [(label, run, end) for label, (run, end) in series if run or end]
    if not series:
        return []
    base = "fragmentation"
    free, unusable = [], []
    most = max(len(run) + len(end) for _, run, end in series)
    style = "lines lw 2" if most > 12 else "linespoints pt 7"
    block = 0
    with open_output(os.path.join(outdir, base + ".dat")) as f:
        for i, (label, run, end) in enumerate(series):
            xname = "accesses-%" if share else "cycle"
            # Ten distinct colours; from the eleventh trace on, dashed.
            color = f"lc rgb {gp_str(TRACE_COLORS[i % 10])} dt {1 + i // 10}"
            for pts, what, look in ((run, "", f"with {style} {color}"),
                                    (end, " (end of run)", f"with points pt 7 ps 1.3 {color}")):
                if not pts:
                    continue
                f.write(f"# {printable(label)}{what}: {xname} free-pages-% unusable-index-1MiB-permille\n")
                for x, fr, u in pts:
                    f.write(f"{x:.3f} {fr:.1f} {u}\n" if share else f"{x} {fr:.1f} {u}\n")
                f.write("\n\n")
                key = f"title {gp_str(label)}" if pts is run or not run else "notitle"
                free.append(f"{gp_str(base + '.dat')} index {block} using 1:2 {look} {key}")
                unusable.append(f"{gp_str(base + '.dat')} index {block} using 1:3 {look} notitle")
                block += 1
    xlabel = "trace accesses read (% of the run)" if share else "simulated cycle"
    cfgs = {config_text(reference(rs).cfg, S.PARAMS) for _, rs in groups}
    cfg = cfgs.pop() if len(cfgs) == 1 else "each trace's reference configuration"
    body = (f"set multiplot layout 2,1 title {gp_str('Buddy allocator over the run')}.\"\\n\".{gp_str(cfg)}\n"
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
                 else "") + ". The dot apart from each line is the end of the run, after the trace's last "
                "events (a process exit frees its memory), so it is not joined to the line.")
    return [("Buddy fragmentation", base, "Free pages, and the unusable free-space index for a 1 MiB "
             "(order 8) request: the share of free pages in blocks smaller than 1 MiB; for each trace's "
             "reference configuration. " + note)]
