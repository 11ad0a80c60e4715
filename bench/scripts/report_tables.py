"""The per-trace tables of the report: one row per configuration, the configuration
parameters that vary within the trace as the first columns, then the figures. Markdown rows
and CSV text; both are sorted and hold no host-dependent values, so the same results give
byte-identical tables."""
import csv
import io

import suite as S

DASH = "—"

# (figure key, column title, format)
FIGURES = [
    ("l1_hit_rate", "L1 hit %", "{:.2f}"),
    ("l2_hit_rate", "L2 hit %", "{:.2f}"),
    ("l1_mpka", "L1 MPKA", "{:.2f}"),
    ("walk_mpka", "walks PKA", "{:.2f}"),
    ("walks", "walks", "{}"),
    ("avg_walk_cycles", "avg walk cycles", "{:.1f}"),
    ("faults", "faults", "{}"),
    ("fault_cycles", "fault cycles", "{}"),
    ("cycles", "sim. cycles", "{}"),
]
# Raw counts added to the CSV for people who want to compute their own figures.
CSV_EXTRA = ["itlb_hit_rate", "dtlb_hit_rate", "accesses", "l1_lookups", "l1_hits", "l2_lookups", "l2_hits", "walk_cycles"]
TITLES = {"mode": "mode", "itlb": "ITLB", "dtlb": "DTLB", "l1": "L1 TLB (I and D)", "l2tlb": "L2 TLB",
          "walk_cache": "walk cache", "mem_latency": "mem. latency", "layout": "layout",
          "ram_size": "RAM"}


def fmt(v, f, empty=DASH):
    if v is None:
        return empty
    return f.format(v)


def groups(results):
    """Results by trace: [(label, [results])] where the label is the trace name, with the
    start of its hash when two different trace files share a name."""
    by = {}
    for r in results:
        by.setdefault((r.trace, r.sha), []).append(r)
    names = {}
    for (name, sha) in by:
        names.setdefault(name, []).append(sha)
    out = []
    for (name, sha), rs in sorted(by.items()):
        label = name if len(names[name]) == 1 else f"{name} ({sha[:8]})"
        out.append((label, rs))
    return out


def config_columns(rs):
    """The configuration columns of a trace's table (parameters that vary) and the fixed ones."""
    same_l1 = all(r.cfg["itlb"] == r.cfg["dtlb"] for r in rs)
    params = ["mode", "l1", "l2tlb", "walk_cache", "mem_latency", "layout", "ram_size"] if same_l1 else S.PARAMS
    value = (lambda r, p: r.cfg["itlb"] if p == "l1" else S.l2_label(r.cfg) if p == "l2tlb" else r.cfg[p])
    varying = [p for p in params if len({value(r, p) for r in rs}) > 1]
    fixed = [(p, value(rs[0], p)) for p in params if p not in varying]
    return varying, fixed, value


def markdown_table(rs):
    """(header, rows, fixed) of one trace's table."""
    varying, fixed, value = config_columns(rs)
    header = [TITLES[p] for p in varying] + [t for _, t, _ in FIGURES]
    rows = [[value(r, p) for p in varying] + [fmt(r.fig[k], f) for k, _, f in FIGURES] for r in rs]
    return header, rows, fixed


def csv_text(rs):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["trace", "sha256", "job"] + S.PARAMS + [k for k, _, _ in FIGURES] + CSV_EXTRA)
    for r in rs:
        w.writerow([r.trace, r.sha, r.id] + [r.cfg[p] for p in S.PARAMS] +
                   [fmt(r.fig[k], f, "") for k, _, f in FIGURES] +
                   [fmt(r.fig[k], "{:.2f}" if k.endswith("_rate") else "{}", "") for k in CSV_EXTRA])
    return buf.getvalue()
