#!/usr/bin/env python3
"""The speed report: runs the other parts' speed benchmarks from a build folder, reads the
figures they print, and writes one table (speed.md). A benchmark that is not built, fails, or
does not print a figure gives "missing" with the reason; nothing is estimated.

    speed_report.py BUILD_DIR [--quick] [--out FILE] [--trace TRACE]

The figures depend on the host and its load: the file says when and where they were taken.
"""
import glob
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cli  # noqa: E402
import run_job  # noqa: E402
import suite as S  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class Speed:
    def __init__(self):
        self.rows = []     # (figure, value or None, unit, source, note)

    def add(self, figure, value, unit, source, note=""):
        self.rows.append((figure, value, unit, source, note))

    def get(self, figure):
        for f, v, *_ in self.rows:
            if f == figure:
                return v
        return None


def run(argv, timeout=600):
    """(exit status, stdout + stderr text), or (None, reason) when it cannot start."""
    try:
        r = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
        return r.returncode, r.stdout + r.stderr
    except FileNotFoundError:
        return None, "not built"
    except subprocess.TimeoutExpired:
        return None, f"no answer within {timeout} s"


def table_lines(text):
    """Rows of a printed table split on runs of two or more blanks (labels keep their spaces)."""
    return [re.split(r"\s{2,}", line.strip()) for line in text.splitlines() if line.strip()]


def num(s):
    try:
        return float(s.rstrip("x"))
    except (ValueError, AttributeError):
        return None


def trace_decode(build, quick, sp, tmp):
    exe = os.path.join(build, "bench", "trace-decode", "bench_trace_decode")
    src = "bench/trace-decode"
    rc, out = run([exe, "--records", "1000000" if quick else "20000000", "--repeat", "1" if quick else "3", "--dir", tmp])
    found = {}
    if rc == 0:
        for cells in table_lines(out):
            if len(cells) >= 4 and cells[0] in ("binary", "binary+gzip", "text", "text+gzip"):
                found[cells[0]] = num(cells[3])
    for enc in ("binary", "binary+gzip", "text", "text+gzip"):
        v = found.get(enc)
        note = "" if v is not None else (out.strip().splitlines()[-1][:120] if rc not in (0, None) and out.strip()
                                         else ("not built" if rc is None else "no such line in its output"))
        sp.add(f"trace decode, {enc}", v and v * 1e6, "records/s", src, note)


def model(build, quick, sp):
    exe = os.path.join(build, "bench", "model", "bench_model")
    rc, out = run([exe, "--seconds", "0.1" if quick else "0.4"])
    found = {}
    if rc == 0:
        for line in out.splitlines():
            c = line.split()
            if len(c) >= 6 and c[0] == "default" and c[1] in ("hit", "miss"):
                found[c[1]] = (num(c[4]), num(c[5]))
    for stream in ("hit", "miss"):
        full, fast = found.get(stream, (None, None))
        why = "" if stream in found else ("not built" if rc is None else "no 'default' row in its output")
        sp.add(f"reference model, translate, {stream} stream (default TLBs)", full and full * 1e6,
               "translations/s", "bench/model", why)
        sp.add(f"reference model, translate_fast, {stream} stream (default TLBs)", fast and fast * 1e6,
               "translations/s", "bench/model", why)


def firmware(build, quick, sp):
    exe = os.path.join(build, "bench", "firmware", "bench_phys_alloc")
    rc, out = run([exe, "200000" if quick else "2000000"])
    v = None
    if rc == 0:
        for cells in table_lines(out):
            if cells[0].startswith("single page alloc+free pairs") and len(cells) >= 2:
                v = num(cells[1])
    # The benchmark counts allocations and frees as operations; one allocation per pair.
    sp.add("buddy allocator, single-page alloc+free pairs", v and v / 2, "allocations/s", "bench/firmware (phys_alloc)",
           "" if v else ("not built" if rc is None else "no such row in its output"))
    exe = os.path.join(build, "bench", "firmware", "bench_fault")
    rc, out = run([exe, "20000" if quick else "1000000"])
    found = {}
    if rc == 0:
        for cells in table_lines(out):
            if len(cells) >= 3 and cells[0].startswith(("demand zero", "copy-on-write")):
                found[cells[0].split(" (")[0]] = num(cells[2])
    for kind in ("demand zero", "copy-on-write"):
        v = found.get(kind)
        sp.add(f"host time per fault, {kind} (firmware handler alone)", v, "ns", "bench/firmware (fault)",
               "" if v else ("not built" if rc is None else "no such row in its output"))


def bench_cosim(build, quick, sp):
    """bench/cosim: the same trace (mostly TLB hits) as a bare loop over the Verilated MMU, as the
    full co-simulation and in functional mode."""
    exe = os.path.join(build, "bench", "cosim", "bench_cosim")
    # The 400 000-access trace in both modes: a shorter one times startup more than the loop.
    trace = os.path.join(build, "bench", "cosim", "hot.vmtb")
    rc, out = run([exe, os.path.join(build, "sim", "vmcosim"), trace, "10", "2" if quick else "5"])
    for key, label in (("bare loop", "bare RTL loop"), ("full cosim", "co-simulation (RTL mode)"),
                       ("functional", "functional mode")):
        m = re.search(rf"^{key}\s+([0-9.]+) M accesses/s", out, re.M) if rc is not None else None
        note = "" if m else ("not built" if rc is None else
                             f"exit {rc}, no '{key}' line: " + (out.strip().splitlines() or [""])[-1][:100])
        sp.add(f"{label}, hit-heavy trace ({os.path.basename(trace)})", m and float(m.group(1)) * 1e6,
               "accesses/s", "bench/cosim (bench_cosim)", note)


def functional_vs_reference(build, quick, sp):
    """bench/functional: vmcosim --mode functional (64-entry fully associative LRU ITLB and DTLB,
    no L2TLB) on a raw binary trace of a real program against the benchmark's own reference loop
    (decode + lookups), CPU time, interleaved. Full: the 10 M-access gzip trace (run.sh makes it
    with valgrind); quick: the bundled 1 M-access gzip trace."""
    d = os.path.join(build, "bench", "functional")
    if quick:
        trace = os.path.join(d, "gzip-1m.vmtb")
        argv = [os.path.join(d, "bench_functional"), "--vmcosim", os.path.join(build, "sim", "vmcosim"),
                "--trace", trace, "--repeat", "2", "--dir", d]
    else:
        trace = os.path.join(d, "gzip-10m.vmtb")
        argv = [os.path.join(REPO, "bench", "functional", "run.sh"), build, "5"]
    rc, out = run(argv)
    name = os.path.basename(trace)
    for key, label in (("reference loop", f"reference loop (decode + 64-entry FA LRU lookups), {name}"),
                       ("vmcosim functional, statistics window", f"functional mode, 64-entry FA LRU I/D, {name}"),
                       ("vmcosim functional, whole process", f"functional mode, 64-entry FA LRU I/D, {name}, whole process")):
        m = re.search(rf"^{key}\s+([0-9.]+)", out, re.M) if rc == 0 else None
        note = "" if m else ("not built" if rc is None else
                             f"exit {rc}, no '{key}' line: " + (out.strip().splitlines() or [""])[-1][:100])
        sp.add(label, m and float(m.group(1)) * 1e6, "accesses/CPU s", "bench/functional", note)
    return name


def process_cpu(argv, timeout=600):
    """(CPU seconds of the child process, wall seconds), or (None, reason) when it failed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.monotonic()
    rc, out = run(argv, timeout)
    wall = time.monotonic() - t
    if rc != 0:
        return None, ("not built" if rc is None else f"exit {rc}: " + (out.strip().splitlines() or [""])[-1][:100])
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, wall


WALK_HEAVY = ("zipf.vmtb.gz", "churn.vmt.gz")


def rtl_vs_functional(build, quick, sp):
    """Whole-process CPU time of vmcosim in RTL mode (--skip-idle on and off) against functional
    mode on the walk-heavy bundled traces, interleaved rounds, best of each."""
    exe = os.path.join(build, "sim", "vmcosim")
    ratios = []
    for name in WALK_HEAVY:
        trace = os.path.join(REPO, "traces", "bundled", name)
        kinds = {"functional": ["--mode", "functional"],
                 "RTL, --skip-idle on": ["--mode", "rtl", "--skip-idle", "on"],
                 "RTL, --skip-idle off": ["--mode", "rtl", "--skip-idle", "off"]}
        best, why = {}, {}
        for _ in range(1 if quick else 3):
            for k, args in kinds.items():
                cpu, wall = process_cpu([exe, *args, "--quiet", trace])
                if cpu is None:
                    why[k] = wall
                elif k not in best or cpu < best[k]:
                    best[k] = cpu
        for k in kinds:
            sp.add(f"vmcosim whole process, {k}, {name}", best.get(k), "CPU s", "vmcosim (speed_report.py)",
                   why.get(k, "") if k not in best else "")
        f = best.get("functional")
        for k in ("RTL, --skip-idle on", "RTL, --skip-idle off"):
            ratios.append((f"{k} / functional, whole process, {name}", best[k] / f if f and k in best else None))
    return ratios


def cosim_walk_heavy(build, quick, sp, tmp):
    """bench_cosim (co-simulation against the bare Verilated loop) on the walk-heavy traces, each
    converted to a raw binary trace in the temporary folder (bench_cosim writes beside it)."""
    ratios = []
    for name in WALK_HEAVY:
        raw = os.path.join(tmp, name.split(".")[0] + ".vmtb")
        rc, out = run([os.path.join(build, "traces", "vmctrace"), "convert",
                       os.path.join(REPO, "traces", "bundled", name), raw, "--binary", "--no-gzip"])
        if rc == 0:
            rc, out = run([os.path.join(build, "bench", "cosim", "bench_cosim"),
                           os.path.join(build, "sim", "vmcosim"), raw, "10", "1" if quick else "3"])
        found = {}
        for key in ("bare loop", "full cosim"):
            m = re.search(rf"^{key}\s+([0-9.]+) M accesses/s", out, re.M) if rc is not None else None
            found[key] = m and float(m.group(1)) * 1e6
            note = "" if m else ("not built" if rc is None else
                                 f"exit {rc}, no '{key}' line: " + (out.strip().splitlines() or [""])[-1][:100])
            label = "bare RTL loop" if key == "bare loop" else "co-simulation (RTL mode)"
            sp.add(f"{label}, {name} (bench_cosim)", found[key], "accesses/s", "bench_cosim", note)
        full, bare = found["full cosim"], found["bare loop"]
        ratios.append((f"co-simulation / bare RTL loop, {name}", full / bare if full and bare else None))
    return ratios


def sweep_suite(tmp):
    """The default suite's header and its l1-sweep section (copied as data; --trace puts the
    trace in), as a suite file, and that sweep's configurations."""
    with open(os.path.join(REPO, "bench", "suites", "default.suite")) as f:
        text = f.read()
    keep, section = [], None
    for line in text.splitlines():
        if line.startswith("["):
            section = line.strip()
        if section in ("[suite]", "[sweep l1-sweep]"):
            keep.append(line)
    suite = os.path.join(tmp, "sweep.suite")
    with open(suite, "w") as f:
        f.write("\n".join(keep) + "\n")
    return suite, S.configs(S.parse(suite).sweeps[0])[0]


def one_pass(exe, cfgs, trace, tmp):
    """vmcosim with every configuration of cfgs as one configuration set: (wall s, max RSS in
    MiB), or (None, reason)."""
    argv = [exe, "--quiet"] + run_job.shared_args(cfgs[0], "rtl")
    for k, c in enumerate(cfgs):
        argv += (["--next-configuration"] if k else []) + run_job.config_args(c) + \
            ["--stats", os.path.join(tmp, f"set-{k}.json")]
    t = time.monotonic()
    try:
        p = subprocess.Popen(argv + [trace], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    except OSError as e:
        return None, str(e)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.monotonic() - t
    err = p.stderr.read().decode(errors="replace")
    p.stderr.close()
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        return None, f"exit {p.returncode}: " + (err.strip().splitlines() or [""])[-1][:100]
    return wall, usage.ru_maxrss / 1024   # Linux: KiB


def sweep_cost(build, quick, sp, tmp):
    """The default suite's functional sweep (section l1-sweep) of one trace, wall time, as a
    multiple of one functional run of vmcosim's default configuration on it: through the runner
    (configuration sets, and one process per job with --group-size 1), and as one vmcosim
    process simulating every configuration in one pass (with its memory). Rounds interleaved,
    best of each. Full runs only: on the 10 M-access trace of bench/functional."""
    trace = os.path.join(build, "bench", "functional", "gzip-10m.vmtb")
    label = f"default suite's l1-sweep of {os.path.basename(trace)} through the runner"
    if quick or not os.path.exists(trace):
        sp.add(label, None, "s", "bench/scripts/runner.py",
               "full runs only" if quick else "no trace: bench/functional/run.sh makes it")
        return []
    exe = os.path.join(build, "sim", "vmcosim")
    name = os.path.basename(trace)
    suite, cfgs = sweep_suite(tmp)
    n = len(cfgs)
    kinds = {"sets": [], "one process per job": ["--group-size", "1"]}
    best = {k: None for k in list(kinds) + ["one run", "one pass"]}
    note = {k: "" for k in best}
    rss = None
    for _ in range(2):
        cpu, wall = process_cpu([exe, "--mode", "functional", "--quiet", trace])
        if cpu is None:
            note["one run"] = wall
        elif best["one run"] is None or wall < best["one run"]:
            best["one run"] = wall
        wall, mem = one_pass(exe, cfgs, trace, tmp)
        if wall is None:
            note["one pass"] = mem
        else:
            best["one pass"] = wall if best["one pass"] is None else min(best["one pass"], wall)
            rss = mem if rss is None else max(rss, mem)
        for kind, extra in kinds.items():
            argv = [sys.executable, os.path.join(REPO, "bench", "scripts", "runner.py"), "--suite", suite,
                    "--sim", exe, "--out", os.path.join(tmp, "sweep"), "--trace", trace, "--rerun"] + extra
            t = time.monotonic()
            rc, out = run(argv, timeout=3600)
            if rc == 0:
                wall = time.monotonic() - t
                best[kind] = wall if best[kind] is None else min(best[kind], wall)
            else:
                note[kind] = "not built" if rc is None else f"exit {rc}: " + (out.strip().splitlines() or [""])[-1][:100]
    sp.add(f"one functional run of {name}, default configuration", best["one run"], "s (wall)",
           "vmcosim (speed_report.py)", note["one run"])
    sp.add(f"{label}, configuration sets", best["sets"], "s (wall)", "bench/scripts/runner.py",
           note["sets"] or f"{n} jobs, {os.cpu_count()} parallel")
    sp.add(f"{label}, one process per job", best["one process per job"], "s (wall)",
           "bench/scripts/runner.py --group-size 1", note["one process per job"] or f"{n} jobs, {os.cpu_count()} parallel")
    sp.add(f"l1-sweep of {name}, all {n} configurations in one vmcosim pass", best["one pass"], "s (wall)",
           "vmcosim --next-configuration", note["one pass"])
    sp.add(f"l1-sweep of {name} in one vmcosim pass, max resident memory", rss, "MiB",
           "vmcosim --next-configuration", note["one pass"])
    one = best["one run"]
    ratio = (lambda v: v / one if v and one else None)
    return [(f"default l1-sweep ({n} configurations) through the runner, configuration sets / one functional run, wall, {name}",
             ratio(best["sets"])),
            (f"default l1-sweep ({n} configurations) through the runner, one process per job / one functional run, wall, {name}",
             ratio(best["one process per job"])),
            (f"default l1-sweep ({n} configurations) in one vmcosim pass, one core / one functional run, wall, {name}",
             ratio(best["one pass"]))]


def bare_rtl(build, quick, sp):
    exes = sorted(e for e in glob.glob(os.path.join(build, "bench", "rtl", "rtl_speed_*")) if "notrace" not in e)
    if not exes:
        sp.add("bare Verilated MMU, one DTLB hit per cycle", None, "accesses/s", "bench/rtl", "not built")
        return
    rc, out = run([exes[0], "--cycles", "1000000" if quick else "3000000", "--dtlb", "1x32:plru"])
    m = re.search(r"cycles_per_s=([0-9.]+)", out) if rc == 0 else None
    # One request per cycle, every one a hit: cycles/s is accesses/s.
    sp.add("bare Verilated MMU, one DTLB hit per cycle", m and float(m.group(1)), "accesses/s",
           f"bench/rtl ({os.path.basename(exes[0])})", "" if m else "no cycles_per_s in its output")


def cluster_rtl(build, quick, sp):
    """bench/rtl's cluster_speed: the Verilated cluster with 1, 2, 4, 8 active cores against a
    lone mmu_top in the same run, one DTLB hit per core per cycle; returns the cost ratios."""
    exe = os.path.join(build, "bench", "rtl", "cluster_speed")
    rc, out = run([exe, "--cycles", "200000" if quick else "1000000", "--rounds", "1" if quick else "3"])
    rows = {r[0]: r for r in table_lines(out) if len(r) == 3} if rc == 0 else {}
    note = "" if rows else ("not built" if rc is None else f"cluster_speed exited {rc}")
    lone = rows.get("lone mmu_top")
    sp.add("bare Verilated lone mmu_top, one DTLB hit per cycle (cluster_speed)", lone and num(lone[1]),
           "cycles/s", "bench/rtl (cluster_speed)", note)
    ratios = []
    for n in (1, 2, 4, 8):
        r = rows.get(f"cluster, {n} cores")
        sp.add(f"bare Verilated cluster, {n} cores, one DTLB hit per core per cycle", r and num(r[1]),
               "cycles/s", "bench/rtl (cluster_speed)", note if not rows else ("" if r else "not in this build"))
        ratios.append((f"cluster of {n} cores / lone mmu_top, CPU time per cycle (at most {n} is the goal)",
                       r and num(r[2])))
    return ratios


def simulator(build, trace, sp, tmp):
    exe = os.path.join(build, "sim", "vmcosim")
    for mode, label in (("rtl", "co-simulation (RTL MMU + firmware)"), ("functional", "functional mode (model + firmware)")):
        stats = os.path.join(tmp, f"speed-{mode}.json")
        rc, out = run([exe, "--mode", mode, "--host-stats", "--quiet", "--stats", stats, trace])
        v, note = None, ""
        if rc is None:
            note = "vmcosim not built"
        elif rc != 0:
            note = f"vmcosim exited {rc}: " + (out.strip().splitlines() or [""])[-1][:100]
        else:
            try:
                with open(stats) as f:
                    v = json.load(f).get("host", {}).get("accessesPerSecond")
            except (OSError, ValueError) as e:
                note = f"no statistics: {e}"
            if v is None and not note:
                note = "no host.accessesPerSecond in its statistics"
        sp.add(f"{label}, {os.path.basename(trace)} (walks and faults included)", v, "accesses/s",
               "vmcosim --host-stats", note)


def fmt(v, unit=""):
    if v is None:
        return "missing"
    if unit == "ns":
        return f"{v:.0f}"
    if unit.startswith(("s", "CPU s")):
        return f"{v:.3f}"
    if v >= 1e6:
        return f"{v / 1e6:.2f} M"
    if v >= 1e3:
        return f"{v / 1e3:.1f} k"
    return f"{v:.3g}"


def main(argv):
    ap = cli.parser("speed_report.py", "Collect the speed benchmarks' figures into speed.md.")
    ap.add_argument("build")
    ap.add_argument("--quick", action="store_true", help="short runs (seconds in all)")
    ap.add_argument("--out", help="write the Markdown here (default: standard output)")
    ap.add_argument("--trace", default=os.path.join(REPO, "traces", "bundled", "zipf.vmtb.gz"),
                    help="trace for the simulator's speed [bundled zipf]")
    a = ap.parse_args(argv)
    sp = Speed()
    t0 = time.time()
    with tempfile.TemporaryDirectory() as tmp:
        trace_decode(a.build, a.quick, sp, tmp)
        model(a.build, a.quick, sp)
        bench_cosim(a.build, a.quick, sp)
        simulator(a.build, a.trace, sp, tmp)
        real = functional_vs_reference(a.build, a.quick, sp)
        more_ratios = rtl_vs_functional(a.build, a.quick, sp)
        more_ratios += cosim_walk_heavy(a.build, a.quick, sp, tmp)
        more_ratios += sweep_cost(a.build, a.quick, sp, tmp)
        bare_rtl(a.build, a.quick, sp)
        more_ratios += cluster_rtl(a.build, a.quick, sp)
        firmware(a.build, a.quick, sp)
    hot = "hot.vmtb"
    cosim = sp.get(f"co-simulation (RTL mode), hit-heavy trace ({hot})")
    func = sp.get(f"functional mode, hit-heavy trace ({hot})")
    bare = sp.get(f"bare RTL loop, hit-heavy trace ({hot})")
    ratio = (lambda x, y: x / y if x and y else None)
    zipf = os.path.basename(a.trace)
    ratios = [("co-simulation / bare RTL loop (same trace)", ratio(cosim, bare)),
              ("functional mode / co-simulation (same trace)", ratio(func, cosim)),
              (f"functional mode / co-simulation, {zipf} (walks and faults included)",
               ratio(sp.get(f"functional mode (model + firmware), {zipf} (walks and faults included)"),
                     sp.get(f"co-simulation (RTL MMU + firmware), {zipf} (walks and faults included)"))),
              (f"functional mode / reference loop, {real} (CPU time, statistics window)",
               ratio(sp.get(f"functional mode, 64-entry FA LRU I/D, {real}"),
                     sp.get(f"reference loop (decode + 64-entry FA LRU lookups), {real}"))),
              ("reference model translate_fast, hit stream / functional mode",
               ratio(sp.get("reference model, translate_fast, hit stream (default TLBs)"), func)),
              ("trace decode, binary+gzip / functional mode",
               ratio(sp.get("trace decode, binary+gzip"), func))] + more_ratios
    lines = ["# Speed report", "",
             f"Host-dependent figures, taken {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on "
             f"{platform.node() or 'this host'} ({os.cpu_count()} cores, {platform.machine()}), "
             f"{'quick' if a.quick else 'full'} runs, {time.time() - t0:.0f} s in all. "
             "`missing`: the benchmark is not built or does not print that figure (reason in the note).", "",
             "| figure | value | unit | from | note |", "|---|---|---|---|---|"]
    lines += [f"| {f} | {fmt(v, u)} | {u} | {s} | {n} |" for f, v, u, s, n in sp.rows]
    lines += ["", "| ratio | value |", "|---|---|"]
    lines += [f"| {n} | {'missing' if v is None else f'{v:.3f}'} |" for n, v in ratios]
    text = "\n".join(lines) + "\n"
    if a.out:
        os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
        with open(a.out + ".tmp", "w") as f:
            f.write(text)
        os.replace(a.out + ".tmp", a.out)
        print(f"speed: {sum(v is not None for _, v, *_ in sp.rows)} of {len(sp.rows)} figures measured: {a.out}",
              file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    cli.run(main)
