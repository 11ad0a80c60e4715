"""Benchmark suite files: parsing, checking and expansion into jobs.

The format is described in docs/benchmarks.md. In short: INI-like sections; `[suite]` holds
the name and the traces; every `[sweep NAME]` lists values per parameter, and its jobs are the
cross product of those lists (or, with `expand = zip`, the i-th values taken together), each
run on every trace. Errors name the file, the line and the value (SuiteError).
"""
import glob
import hashlib
import itertools
import os
import re

from number import parse_number

# Parameters of one configuration, in the order used for sorting and for the job id; the
# defaults mirror vmcosim's own (sim --help) so that a result always states every value.
PARAMS = ["mode", "itlb", "dtlb", "l2tlb", "walk_cache", "mem_latency", "layout", "ram_size"]
DEFAULTS = {
    "mode": "functional", "itlb": "1x32:plru", "dtlb": "1x32:plru", "l2tlb": "64x4:lru",
    "walk_cache": "8", "mem_latency": "10", "layout": "liteos", "ram_size": "64M",
}
# Shorthands that set ITLB and DTLB together: l1 = entries, l1_ways = ways or `full`.
L1_KEYS = ["l1", "l1_ways", "l1_policy"]
# `cores` (vmcosim --cores, 1..8) and `l2tlb_shared` (--l2tlb-shared: on or off) are machine
# parameters outside PARAMS: a job names one only when it is not its default, so jobs without
# them keep their ids, tables and plots (docs/benchmarks.md).
EXTRA_PARAMS = ["cores", "l2tlb_shared"]
EXTRA_DEFAULTS = {"cores": "1", "l2tlb_shared": "off"}
MAX_CORES = 8
SWEEP_KEYS = set(PARAMS) | set(EXTRA_PARAMS) | set(L1_KEYS) | {"traces", "expand", "frag_every"}
SUITE_KEYS = {"name", "description", "traces"}
MODES = ("functional", "cosim", "lockstep")
POLICIES = ("lru", "plru", "fifo", "random")
LAYOUTS = ("liteos", "linux")
TRACE_SUFFIXES = (".vmtb.gz", ".vmt.gz", ".vmtb", ".vmt")
# vmcosim's limits (sim/src/options.cpp, models/include/vmcosim/mmu_model.h), checked here so
# that a value that cannot run is an error before anything runs.
MAX_WALK_CACHE = 4096
MAX_LATENCY = 100000
MAX_RAM_SIZE = 0xFFF00000
MAX_SETS, MAX_WAYS = 65536, 1024
MAX_TLB_ENTRIES = MAX_SETS * MAX_WAYS

# The repository root: bench/scripts/../..; `bundled:NAME` names a file in traces/bundled
# (with or without its suffixes).
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUNDLED = os.path.join(REPO, "traces", "bundled")


class SuiteError(Exception):
    def __init__(self, path, line, msg):
        super().__init__(f"{path}:{line}: {msg}" if line else f"{path}: {msg}")


def is_pow2(n):
    return n >= 1 and n & (n - 1) == 0


def check_geometry(text, may_be_none=False):
    """Returns None when `text` is a valid SETSxWAYS:POLICY (or `none`), else the reason."""
    if may_be_none and text == "none":
        return None
    m = re.fullmatch(r"([^x:]+)x([^x:]+):([a-z]+)", text)
    if not m:
        return "not SETSxWAYS:POLICY" + (" or none" if may_be_none else "")
    try:
        sets, ways = parse_number(m.group(1)), parse_number(m.group(2))
    except ValueError as e:
        return f"{e} in '{text}'"
    policy = m.group(3)
    if not is_pow2(sets):
        return f"sets = {sets}: not a power of two"
    if ways < 1:
        return "ways must be at least 1"
    if sets > MAX_SETS or ways > MAX_WAYS:
        return f"{sets}x{ways}: more than {MAX_SETS} sets or {MAX_WAYS} ways"
    if policy not in POLICIES:
        return f"policy '{policy}': not one of {', '.join(POLICIES)}"
    if policy == "plru" and not is_pow2(ways):
        return f"plru needs a power-of-two way count (ways = {ways})"
    return None


def geometry_key(text):
    """Sort key of a geometry: absent first, then by entries, ways, policy."""
    m = re.fullmatch(r"([^x:]+)x([^x:]+):([a-z]+)", text)
    if not m:
        return (0, 0, 0, text)
    sets, ways = parse_number(m.group(1)), parse_number(m.group(2))
    return (1, sets * ways, ways, m.group(3))


def config_sort_key(cfg):
    key = []
    for p in PARAMS:
        v = cfg[p]
        if p in ("itlb", "dtlb", "l2tlb"):
            key.append(geometry_key(v))
        elif p in ("walk_cache",):
            key.append((parse_number(v), v))
        elif p == "mem_latency":
            key.append(tuple(parse_number(x) for x in v.split("..")))
        else:
            key.append((0, v))
    key.append((parse_number(cfg.get("cores", "1")), cfg.get("l2tlb_shared", "off")))
    return tuple(key)


def l2_label(cfg):
    """The L2 TLB as tables, plots and comparisons show it: its geometry, "shared" when the
    cores share it."""
    return cfg["l2tlb"] + (" shared" if cfg.get("l2tlb_shared") == "on" else "")


def canonical_config(cfg):
    """One line naming every parameter (the extra ones only when not their default), the text
    hashed into the job id."""
    return ";".join(f"{p}={cfg[p]}" for p in PARAMS + [p for p in EXTRA_PARAMS if p in cfg])


def drop_extra_defaults(cfg):
    """Removes the extra parameters that have their default value (one spelling: one job id)."""
    for p, default in EXTRA_DEFAULTS.items():
        if cfg.get(p) == default:
            del cfg[p]
    return cfg


def as_text(name):
    """A file name as text: the bytes of a non-UTF-8 name (surrogates in Python) become U+FFFD,
    so that results stay valid JSON and print anywhere."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def trace_name(path):
    """The trace's name for tables and job ids: its file name without the trace suffixes."""
    base = as_text(os.path.basename(path))
    for s in TRACE_SUFFIXES:
        if base.endswith(s):
            return base[: -len(s)]
    return base


def file_sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def job_id(trace_sha, cfg, name):
    """Deterministic: the same trace content and configuration give the same id, anywhere."""
    digest = hashlib.sha256((trace_sha + "\n" + canonical_config(cfg)).encode()).hexdigest()
    safe = re.sub(r"[^A-Za-z0-9_.-]", "_", name)
    return f"{safe}-{digest[:16]}"


# ---- values ---------------------------------------------------------------------------------

def check_value(key, v):
    """Returns the reason a value is refused, or None."""
    if key == "mode":
        return None if v in MODES else f"not one of {', '.join(MODES)}"
    if key in ("itlb", "dtlb"):
        return check_geometry(v)
    if key == "l2tlb":
        return check_geometry(v, may_be_none=True)
    if key == "walk_cache":
        return _number_reason(v, maximum=MAX_WALK_CACHE)
    if key == "mem_latency":
        parts = v.split("..")
        if len(parts) > 2:
            return "not N or MIN..MAX (cycles)"
        why = next(filter(None, (_number_reason(x, maximum=MAX_LATENCY) for x in parts)), None)
        if why:
            return why
        lo, hi = parse_number(parts[0]), parse_number(parts[-1])
        if lo < 1 or hi < lo:
            return "latency must be >= 1 and MAX >= MIN"
        return None
    if key == "layout":
        return None if v in LAYOUTS else f"not one of {', '.join(LAYOUTS)}"
    if key == "ram_size":
        why = _number_reason(v, suffix="binary", maximum=1 << 32)
        if why:
            return why
        size = parse_number(v, "binary")
        if size == 0 or size % (1 << 20) or size > MAX_RAM_SIZE:
            return "must be a non-zero multiple of 1M below 4G, such as 64M"
        return None
    if key == "l1":
        why = _number_reason(v, maximum=MAX_TLB_ENTRIES)
        return why or (None if is_pow2(parse_number(v)) else "not a power-of-two entry count")
    if key == "l1_ways":
        if v == "full":
            return None
        why = _number_reason(v, maximum=MAX_TLB_ENTRIES)
        return why or (None if parse_number(v) >= 1 else "not a way count or `full`")
    if key == "l1_policy":
        return None if v in POLICIES else f"not one of {', '.join(POLICIES)}"
    if key == "expand":
        return None if v in ("cross", "zip") else "not cross or zip"
    if key == "cores":
        why = _number_reason(v, maximum=MAX_CORES)
        return why or (None if parse_number(v) >= 1 else "at least 1 core")
    if key == "l2tlb_shared":
        return None if v in ("on", "off") else "not on or off"
    if key == "frag_every":
        why = _number_reason(v.rsplit(":", 1)[-1])
        return f"not N or TRACE:N (accesses): {why}" if why else None
    return None


def _number_reason(text, suffix=None, maximum=None):
    """None when text is a number within maximum (vmcosim's parser), else the reason."""
    try:
        parse_number(text, suffix, maximum if maximum is not None else (1 << 64) - 1)
        return None
    except ValueError as e:
        return str(e)


def _l1_geometry(entries, ways, policy):
    """ITLB/DTLB text for the l1 shorthand, or None when the combination is impossible."""
    e = parse_number(entries)
    w = e if ways == "full" else parse_number(ways)
    if w > e or e % w or not is_pow2(e // w):
        return None
    geom = f"{e // w}x{w}:{policy}"
    return geom if check_geometry(geom) is None else None


# ---- parsing --------------------------------------------------------------------------------

class Sweep:
    def __init__(self, name, line):
        self.name, self.line = name, line
        self.values = {}     # key -> (list of values, line)


class Suite:
    def __init__(self, path):
        self.path = path
        self.name = os.path.splitext(os.path.basename(path))[0]
        self.description = ""
        self.traces = []     # resolved paths
        self.sweeps = []


def _resolve_traces(path, lineno, words):
    """`bundled:PATTERN` is traces/bundled; other words are paths relative to the suite file.
    Glob patterns are expanded (sorted); a word that names nothing is an error."""
    out = []
    base = os.path.dirname(os.path.abspath(path))
    for w in words:
        if w.startswith("bundled:"):
            pattern = os.path.join(BUNDLED, w[len("bundled:"):])
        else:
            pattern = os.path.join(base, w)
        hits = sorted(glob.glob(pattern)) if glob.has_magic(pattern) else \
            ([pattern] if os.path.isfile(pattern) else [])
        if not hits and not glob.has_magic(pattern):   # a trace's name as tables show it: zipf
            hits = [pattern + s for s in TRACE_SUFFIXES if os.path.isfile(pattern + s)]
            if len(hits) > 1:
                raise SuiteError(path, lineno, f"traces: '{w}' names several trace files: " +
                                 ", ".join(os.path.basename(h) for h in hits) + "; give the suffix")
        if glob.has_magic(pattern):   # a pattern picks trace files only (not a README)
            hits = [h for h in hits if h.endswith(TRACE_SUFFIXES) and os.path.isfile(h)]
        if not hits:
            raise SuiteError(path, lineno, f"traces: '{w}' names no trace file")
        out.extend(os.path.normpath(h) for h in hits)
    return out


def parse(path):
    try:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
    except OSError as e:
        raise SuiteError(path, 0, f"cannot read: {e.strerror}")
    except UnicodeDecodeError:
        raise SuiteError(path, 0, "not UTF-8 text")
    suite = Suite(path)
    section = None           # None, "suite" or a Sweep
    seen_suite = False
    names = set()
    for lineno, raw in enumerate(lines, 1):
        text = re.sub(r"(^|\s)#.*$", "", raw).strip()
        if not text:
            continue
        m = re.fullmatch(r"\[\s*([^\]]*?)\s*\]", text)
        if m:
            head = m.group(1).split()
            if head == ["suite"]:
                if seen_suite:
                    raise SuiteError(path, lineno, "a second [suite] section")
                section, seen_suite = "suite", True
            elif len(head) == 2 and head[0] == "sweep":
                if not re.fullmatch(r"[A-Za-z0-9_.-]+", head[1]):
                    raise SuiteError(path, lineno, f"sweep name '{head[1]}': use letters, digits, _ . -")
                if head[1] in names:
                    raise SuiteError(path, lineno, f"sweep '{head[1]}' is defined twice")
                names.add(head[1])
                section = Sweep(head[1], lineno)
                suite.sweeps.append(section)
            else:
                raise SuiteError(path, lineno, f"unknown section '{text}' (want [suite] or [sweep NAME])")
            continue
        m = re.fullmatch(r"([A-Za-z0-9_]+)\s*=\s*(.*)", text)
        if not m:
            raise SuiteError(path, lineno, f"'{text}': not KEY = VALUES or [section]")
        key, words = m.group(1), m.group(2).split()
        if section is None:
            raise SuiteError(path, lineno, f"'{key}' before any [suite] or [sweep NAME] section")
        if not words and key != "description":
            raise SuiteError(path, lineno, f"{key}: no value")
        if section == "suite":
            if key not in SUITE_KEYS:
                raise SuiteError(path, lineno, f"unknown key '{key}' in [suite] (known: {', '.join(sorted(SUITE_KEYS))})")
            if key == "name":
                suite.name = " ".join(words)
            elif key == "description":
                suite.description = m.group(2).strip()
            else:
                suite.traces = _resolve_traces(path, lineno, words)
            continue
        if key not in SWEEP_KEYS:
            raise SuiteError(path, lineno, f"unknown key '{key}' in [sweep {section.name}] (known: {', '.join(sorted(SWEEP_KEYS))})")
        if key in section.values:
            raise SuiteError(path, lineno, f"'{key}' given twice in [sweep {section.name}] (list the values on one line)")
        if key == "traces":
            section.values[key] = (_resolve_traces(path, lineno, words), lineno)
            continue
        if key == "frag_every" and sum(":" not in w for w in words) > 1:
            raise SuiteError(path, lineno, "frag_every: one N for every trace, then TRACE:N for single traces")
        if key == "expand" and len(words) != 1:
            raise SuiteError(path, lineno, "expand: one value, cross or zip")
        for w in words:
            why = check_value(key, w)
            if why:
                raise SuiteError(path, lineno, f"{key} = {w}: {why}")
        section.values[key] = (words, lineno)
    if not suite.sweeps:
        raise SuiteError(path, 0, "no [sweep NAME] section: nothing to run")
    for sw in suite.sweeps:
        _check_sweep(path, sw)
        # A TRACE:N that names none of the sweep's traces is a typo (--trace may replace them
        # later; then the names simply do not match).
        words, line = sw.values.get("frag_every", ([], 0))
        names = {trace_name(t) for t in sw.values.get("traces", (suite.traces, 0))[0]}
        for w in words:
            if ":" in w and w.rsplit(":", 1)[0] not in names:
                raise SuiteError(path, line, f"frag_every = {w}: no trace of [sweep {sw.name}] is called "
                                 f"'{w.rsplit(':', 1)[0]}' (traces: {', '.join(sorted(names))})")
    return suite


def _check_sweep(path, sw):
    v = sw.values
    l1 = [k for k in L1_KEYS if k in v]
    if l1 and ("itlb" in v or "dtlb" in v):
        raise SuiteError(path, v[l1[0]][1], f"[sweep {sw.name}]: use either l1/l1_ways/l1_policy or itlb/dtlb")
    if l1 and "l1" not in v:
        raise SuiteError(path, v[l1[0]][1], f"[sweep {sw.name}]: {l1[0]} needs l1 = ENTRIES")
    if v.get("expand", (["cross"], 0))[0][0] == "zip":
        lens = {k: len(vals) for k, (vals, _) in v.items() if k not in ("expand", "traces", "frag_every")}
        if len(set(lens.values())) > 1:
            line = v["expand"][1]
            raise SuiteError(path, line, f"[sweep {sw.name}]: expand = zip needs lists of one length, got " +
                             ", ".join(f"{k} {n}" for k, n in sorted(lens.items())))


# ---- expansion ------------------------------------------------------------------------------

def configs(sweep):
    """The configurations of one sweep (dicts over PARAMS) and the number of impossible
    l1 combinations left out (e.g. 4 ways of 8 entries is fine, 16 ways of 8 is not)."""
    v = {k: vals for k, (vals, _) in sweep.values.items() if k not in ("traces", "expand", "frag_every")}
    zipped = sweep.values.get("expand", (["cross"], 0))[0][0] == "zip"
    keys = sorted(v)
    if zipped:
        rows = list(zip(*(v[k] for k in keys)))
    else:
        rows = list(itertools.product(*(v[k] for k in keys)))
    out, skipped = [], 0
    for row in rows:
        d = dict(zip(keys, row))
        if "l1" in d:
            geom = _l1_geometry(d.pop("l1"), d.pop("l1_ways", "full"), d.pop("l1_policy", "plru"))
            if geom is None:
                skipped += 1
                continue
            d["itlb"] = d["dtlb"] = geom
        cfg = dict(DEFAULTS)
        cfg.update(d)
        if cfg.get("cores") is not None:
            cfg["cores"] = str(parse_number(cfg["cores"]))   # one spelling: the same job id
        drop_extra_defaults(cfg)
        # One L2TLB shared by the cores needs several cores and an L2TLB (vmcosim refuses it
        # otherwise): such rows of a cross product are left out, as impossible L1 geometries are.
        if cfg.get("l2tlb_shared") == "on" and ("cores" not in cfg or cfg["l2tlb"] == "none"):
            skipped += 1
            continue
        out.append(cfg)
    return out, skipped


def frag_every(sweep, name):
    """vmcosim's --frag-every for a trace of the sweep: its TRACE:N, else the bare N, else 0."""
    words = sweep.values.get("frag_every", ([], 0))[0]
    named = {w.rsplit(":", 1)[0]: parse_number(w.rsplit(":", 1)[1]) for w in words if ":" in w}
    bare = [parse_number(w) for w in words if ":" not in w]
    return named.get(name, bare[0] if bare else 0)


class Job:
    """One trace under one configuration. frag_every (buddy snapshots every N accesses) is not
    part of the id: it adds snapshots to the statistics and changes no other figure."""

    def __init__(self, trace, sha, cfg, frag=0):
        self.trace, self.sha, self.cfg, self.frag_every = trace, sha, cfg, frag
        self.name = trace_name(trace)
        self.id = job_id(sha, cfg, self.name)


def expand(suite, traces=None):
    """All jobs of the suite, deduplicated and sorted (trace name, configuration); a job listed by
    several sweeps takes the frag_every of the first sweep that sets one. `traces`,
    when given, replaces every trace list of the suite. Returns (jobs, skipped)."""
    shas = {}
    jobs, skipped = {}, 0
    for sw in suite.sweeps:
        tr = traces or sw.values.get("traces", (suite.traces, 0))[0]
        if not tr:
            raise SuiteError(suite.path, sw.line, f"[sweep {sw.name}]: no traces (set traces = in [suite] or the sweep, or give --trace)")
        cfgs, n = configs(sw)
        skipped += n * len(tr)
        for t in tr:
            if t not in shas:
                shas[t] = file_sha256(t)
            frag = frag_every(sw, trace_name(t))
            for c in cfgs:
                j = jobs.setdefault(Job(t, shas[t], c).id, Job(t, shas[t], c))
                # A job that several sweeps list runs once, with snapshots if one asks for them.
                j.frag_every = j.frag_every or frag
    ordered = sorted(jobs.values(), key=lambda j: (j.name, j.sha, config_sort_key(j.cfg)))
    return ordered, skipped
