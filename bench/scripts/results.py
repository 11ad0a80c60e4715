"""Reading a results folder, and the one place that knows where each figure lives in
vmcosim's statistics JSON (docs/stats-schema.json). A figure the statistics do not carry is
None and shows as a dash: missing, never invented."""
import json
import os

import suite as S

RESULT_FORMAT = "vmcosim-bench-result 1"
# The suites whose jobs a results folder holds, one per line, as the runner records them: one
# suite per folder unless merging was asked for (docs/benchmarks.md#jobs-ids-and-results).
SUITES_FILE = "suites.txt"


def suites(folder):
    """The suites recorded in a results folder, in the order they came; [] when none is."""
    try:
        with open(os.path.join(folder, SUITES_FILE), encoding="utf-8") as f:
            return [line.rstrip("\n") for line in f if line.strip()]
    except FileNotFoundError:
        return []


def claim(folder, suite, merge):
    """Records that SUITE runs into FOLDER. Returns an error text, without recording, when the
    folder holds another suite's results and merge is false."""
    known = suites(folder)
    if suite in known:
        return None
    if known and not merge:
        return (f"{folder} holds the results of suite {', '.join(repr(s) for s in known)}, not {suite!r}: "
                "give another results folder, or --merge to put both in one report")
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, SUITES_FILE), "a", encoding="utf-8") as f:
        f.write(suite + "\n")
    return None


class Result:
    def __init__(self, path, doc):
        self.path = path
        self.id = doc["job"]
        self.trace = doc["trace"]["name"]
        self.sha = doc["trace"]["sha256"]
        self.cfg = dict(S.DEFAULTS, **doc["config"])
        self.tool = doc.get("tool", {}).get("version", "unknown")
        self.host = doc.get("host", {})
        self.stats = doc.get("stats", {})
        self.fig = figures(self.stats)


def load(folder):
    """Every whole result in the folder (temporary and foreign files are ignored), sorted by
    trace and configuration. Returns (results, problems) where problems name unreadable files."""
    out, problems = [], []
    for n in sorted(os.listdir(folder)):
        if not n.endswith(".json") or n.startswith("."):
            continue
        p = os.path.join(folder, n)
        try:
            with open(p) as f:
                doc = json.load(f)
            if doc.get("format") != RESULT_FORMAT:
                problems.append(f"{p}: not a benchmark result (format {doc.get('format')!r})")
                continue
            out.append(Result(p, doc))
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
            problems.append(f"{p}: unreadable result: {e}")
    out.sort(key=lambda r: (r.trace, r.sha, S.config_sort_key(r.cfg)))
    return out, problems


def _get(d, *paths):
    """The first of several key paths ("a.b.c") present in d, else None."""
    for path in paths:
        cur = d
        for k in path.split("."):
            if isinstance(cur, dict) and k in cur:
                cur = cur[k]
            else:
                cur = None
                break
        if cur is not None:
            return cur
    return None


def _add(*vals):
    """Sum of counters, None when any is missing."""
    return None if any(v is None for v in vals) else sum(vals)


def _ratio(a, b, scale=1.0):
    if a is None or b is None or b == 0:
        return None
    return scale * a / b


def figures(st):
    """The figures of the tables and plots, from one run's statistics (vmcosim-stats/1)."""
    f = {}
    f["accesses"] = _get(st, "accesses.total")
    # Level 1 is the ITLB (fetches) and the DTLB (reads, writes) together.
    f["itlb_lookups"], f["itlb_hits"] = _get(st, "itb.accesses"), _get(st, "itb.hits")
    f["dtlb_lookups"], f["dtlb_hits"] = _get(st, "dtb.accesses"), _get(st, "dtb.hits")
    f["l1_lookups"] = _add(f["itlb_lookups"], f["dtlb_lookups"])
    f["l1_hits"] = _add(f["itlb_hits"], f["dtlb_hits"])
    f["l2_lookups"], f["l2_hits"] = _get(st, "l2tb.accesses"), _get(st, "l2tb.hits")
    f["l1_misses"] = None if f["l1_lookups"] is None or f["l1_hits"] is None else f["l1_lookups"] - f["l1_hits"]
    f["l1_hit_rate"] = _ratio(f["l1_hits"], f["l1_lookups"], 100.0)
    f["itlb_hit_rate"] = _ratio(f["itlb_hits"], f["itlb_lookups"], 100.0)
    f["dtlb_hit_rate"] = _ratio(f["dtlb_hits"], f["dtlb_lookups"], 100.0)
    f["l2_hit_rate"] = _ratio(f["l2_hits"], f["l2_lookups"], 100.0)
    f["l1_mpka"] = _ratio(f["l1_misses"], f["accesses"], 1000.0)
    f["walks"] = _get(st, "walker.walks")
    f["walk_mpka"] = _ratio(f["walks"], f["accesses"], 1000.0)
    f["walk_cycles"] = _get(st, "walker.walkServiceTime.sum")
    f["walk_samples"] = _get(st, "walker.walkServiceTime.samples")
    f["avg_walk_cycles"] = _ratio(f["walk_cycles"], f["walk_samples"])
    f["walk_hist"] = _get(st, "walker.walkServiceTime.buckets") or []
    f["faults"] = _get(st, "faults.total")
    parts = _get(st, "faults.handlingCycles") or {}
    f["fault_parts"] = parts if isinstance(parts, dict) else {}
    f["fault_cycles"] = f["fault_parts"].get("total")
    f["cycles"] = _get(st, "cycles.total")
    f["frag"] = _get(st, "physMem") or []
    f["host_seconds"] = _get(st, "host.seconds")
    f["host_aps"] = _get(st, "host.accessesPerSecond")
    return f
