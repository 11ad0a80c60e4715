#!/usr/bin/env python3
"""Runs a benchmark suite: every (trace, configuration) pair is a job writing its own result
DIR/ID.json; finished ones are skipped on the next run, a failed job is reported with its log
and does not stop the others. Functional-mode jobs of one trace that differ only in their TLB
configuration run as one vmcosim process, a configuration set simulated in one pass (at most
--group-size configurations; groups are split until there are --jobs of them); other jobs run
one per process. Processes run in parallel. The runner starts each simulator itself
(run_job.GroupRun, no interpreter per process); --emit-commands and --emit-slurm write the
same processes as run_job.py command lines.

    runner.py --suite FILE --sim VMCOSIM --out DIR [--trace FILE...] [--jobs N] [--rerun]
              [--group-size N]
    runner.py ... --emit-commands FILE|-     one shell command per job, for GNU parallel
    runner.py ... --emit-slurm SCRIPT        a Slurm job-array script running those commands

Exit status: 0 every job done, 1 some job failed, 2 bad usage or suite, 130 interrupted.
"""
import json
import os
import shlex
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True   # no __pycache__ in the source tree
sys.path.insert(0, HERE)
import cli  # noqa: E402
from parent_death import die_with_parent  # noqa: E402
from output_file import open_output  # noqa: E402
import results as R  # noqa: E402
from run_job import GroupRun, group_key, tail  # noqa: E402
import suite as S  # noqa: E402
import version  # noqa: E402


def fmt_time(s):
    s = int(s)
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


def sim_version(sim):
    """`vmcosim --version`, recorded in every result beside the checkout's version."""
    try:
        out = subprocess.run(shlex.split(sim) + ["--version"], capture_output=True, text=True, timeout=30)
        line = out.stdout.strip().splitlines()[0] if out.returncode == 0 and out.stdout.strip() else ""
        return line or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def cosim_mode_name(sim):
    """vmcosim's name for the co-simulation mode: `cosim` if its --help lists it, else `rtl`."""
    try:
        out = subprocess.run(shlex.split(sim) + ["--help"], capture_output=True, text=True, timeout=30)
        for line in out.stdout.splitlines():
            if "--mode" in line and "cosim" in line:
                return "cosim"
    except (OSError, subprocess.SubprocessError):
        pass
    return "rtl"


def group_command(group, a, tool_version, cosim_mode):
    """run_job.py's command line for a group of jobs (one --config each), with `python3` from
    the PATH of whatever machine runs it (for --emit-commands and --emit-slurm)."""
    first = group[0]
    argv = ["python3", os.path.join(HERE, "run_job.py"), "--sim", a.sim,
            "--out", os.path.abspath(a.out), "--trace", os.path.abspath(first.trace)]
    for job in group:
        argv += ["--config", S.canonical_config(job.cfg)]
    argv += ["--tool-version", tool_version, "--cosim-mode", cosim_mode]
    if first.frag_every:
        argv += ["--frag-every", str(first.frag_every)]
    return argv


def make_groups(jobs, group_size, processes):
    """The jobs as simulator runs, in job order: jobs of one trace with the same group_key and
    frag_every share a run, at most group_size to a run; then the largest runs are halved
    until there are `processes` runs (or none can be split), so every core has work."""
    groups, where = [], {}
    for j in jobs:
        key = group_key(j.cfg)
        at = where.get((j.trace, key, j.frag_every)) if key is not None else None
        if at is None or len(groups[at]) >= group_size:
            if key is not None:
                where[(j.trace, key, j.frag_every)] = len(groups)
            groups.append([j])
        else:
            groups[at].append(j)
    while len(groups) < processes:
        big = max(range(len(groups)), key=lambda i: len(groups[i]), default=None)
        if big is None or len(groups[big]) < 2:
            break
        g = groups[big]
        groups[big:big + 1] = [g[:len(g) // 2], g[len(g) // 2:]]
    return groups


def is_done(job, out):
    """A job is done when its result exists, and, if it asks for buddy snapshots, the result
    has them at the same interval (a result made before the suite asked is run again)."""
    path = os.path.join(out, job.id + ".json")
    if not os.path.exists(path):
        return False
    if not job.frag_every:
        return True
    try:
        with open(path) as f:
            return json.load(f)["stats"]["config"].get("fragEvery") == job.frag_every
    except (OSError, ValueError, KeyError, TypeError):
        return False


def emit_slurm(a, suite_name, lines, skipped):
    """SCRIPT.commands holds one job command per line; SCRIPT is an sbatch job-array script
    whose task i runs line i. Paths are quoted for the shell; the suite's name goes only into a
    comment line, as printable text."""
    if a.slurm_parallel < 1:
        print(f"runner: --slurm-parallel {a.slurm_parallel}: must be at least 1", file=sys.stderr)
        return 2
    if not lines:
        print(f"runner: nothing to run ({skipped} jobs already done): no Slurm script written", file=sys.stderr)
        return 0
    script = os.path.abspath(a.emit_slurm)
    commands = script + ".commands"
    name = "".join(c if c.isprintable() else "?" for c in suite_name)
    with open_output(commands) as f:
        f.write("".join(line + "\n" for line in lines))
    with open_output(script) as f:
        f.write("#!/bin/sh\n"
                f"# vmcosim suite {name}: {len(lines)} jobs, one per array task (docs/benchmarks.md).\n"
                f"#SBATCH --array=1-{len(lines)}%{a.slurm_parallel}\n"
                "#SBATCH --job-name=vmcosim\n"
                "#SBATCH --ntasks=1\n"
                f"#SBATCH --output={shlex.quote(os.path.join(os.path.abspath(a.out), 'logs', 'slurm-%A_%a.out'))}\n"
                ': "${SLURM_ARRAY_TASK_ID:?run by sbatch as a job array}"\n'
                f"sed -n \"${{SLURM_ARRAY_TASK_ID}}p\" {shlex.quote(commands)} | sh\n")
    os.chmod(script, 0o755)
    print(f"runner: Slurm array of {len(lines)} jobs ({skipped} already done): sbatch {script}", file=sys.stderr)
    return 0


class Progress:
    """One self-rewriting line on a terminal; otherwise one line per finished job."""

    def __init__(self, total, tty):
        self.total, self.tty, self.t0, self.done, self.last = total, tty, time.time(), 0, 0.0

    def line(self, running):
        el = time.time() - self.t0
        eta = "--:--" if not self.done else fmt_time(el / self.done * (self.total - self.done))
        return f"[{self.done}/{self.total}] elapsed {fmt_time(el)}  left ~{eta}  running {running}"

    def tick(self, running, force=False):
        if self.tty and (force or time.time() - self.last > 0.25):
            self.last = time.time()
            sys.stderr.write("\r\033[K" + self.line(running))
            sys.stderr.flush()

    def finished(self, job, ok, seconds, running):
        self.done += 1
        if self.tty:
            self.tick(running, force=True)
        else:
            word = "ok" if ok else "FAILED"
            print(f"[{self.done}/{self.total}] {word} {job.id} ({seconds:.1f} s)", file=sys.stderr)

    def message(self, text):
        if self.tty:
            sys.stderr.write("\r\033[K")
        print(text, file=sys.stderr)

    def end(self):
        if self.tty:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


def main(argv):
    ap = cli.parser("runner.py", "Run a benchmark suite (docs/benchmarks.md).")
    ap.add_argument("--suite", required=True, help="suite file")
    ap.add_argument("--sim", required=True, help="vmcosim command (a path, or e.g. 'python3 fake.py')")
    ap.add_argument("--out", required=True, help="results folder")
    ap.add_argument("--trace", nargs="+", help="run on these traces instead of the suite's")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="parallel jobs [cores]")
    ap.add_argument("--rerun", action="store_true", help="run jobs whose result already exists")
    ap.add_argument("--group-size", type=int, default=256, metavar="N",
                    help="at most N functional-mode configurations of one trace per simulator run"
                         " (1: a run per job) [256]")
    ap.add_argument("--emit-commands", metavar="FILE", help="write the job commands (one per line) and exit; - for stdout")
    ap.add_argument("--emit-slurm", metavar="SCRIPT",
                    help="write a Slurm job-array script (sbatch SCRIPT) and its commands SCRIPT.commands, and exit")
    ap.add_argument("--slurm-parallel", type=int, default=64, metavar="N",
                    help="with --emit-slurm: at most N array tasks at once [64]")
    ap.add_argument("--list", action="store_true", help="print the jobs (id, trace, configuration) and exit")
    ap.add_argument("--list-traces", action="store_true", help="print the suite's trace files and exit")
    ap.add_argument("--merge", action="store_true",
                    help="run into a results folder that holds another suite's results (one report for both)")
    a = ap.parse_args(argv)
    if a.jobs < 1:
        ap.error(f"--jobs {a.jobs}: must be at least 1")
    if a.group_size < 1:
        ap.error(f"--group-size {a.group_size}: must be at least 1")
    for t in a.trace or []:
        if not os.path.isfile(t):
            print(f"runner: --trace {t}: no such file", file=sys.stderr)
            return 2
    try:
        suite = S.parse(a.suite)
        jobs, impossible = S.expand(suite, [os.path.abspath(t) for t in a.trace] if a.trace else None)
    except S.SuiteError as e:
        print(f"runner: {e}", file=sys.stderr)
        return 2
    if a.list_traces:
        for t in sorted({j.trace for j in jobs}):
            print(t)
        return 0
    if a.list:
        for j in jobs:
            print(f"{j.id}\t{j.name}\t{S.canonical_config(j.cfg)}" +
                  (f"\tfrag_every={j.frag_every}" if j.frag_every else ""))
        return 0
    # One suite per results folder, unless asked: a report must not mix suites unnoticed.
    label = suite.name + (" (traces: " + " ".join(sorted({j.name for j in jobs})) + ")" if a.trace else "")
    err = R.claim(a.out, label, a.merge)
    if err:
        print(f"runner: {err}", file=sys.stderr)
        return 2
    logs = os.path.join(a.out, "logs")
    os.makedirs(logs, exist_ok=True)
    todo = [j for j in jobs if a.rerun or not is_done(j, a.out)]
    skipped = len(jobs) - len(todo)
    groups = make_groups(todo, a.group_size, a.jobs)
    tool_version = f"{version.describe()}; {sim_version(a.sim)}"
    cosim_mode = cosim_mode_name(a.sim) if any(j.cfg["mode"] == "cosim" for j in todo) else "rtl"
    lines = [" ".join(shlex.quote(c) for c in group_command(g, a, tool_version, cosim_mode))
             for g in groups]
    if a.emit_slurm:
        return emit_slurm(a, suite.name, lines, skipped)
    if a.emit_commands:
        text = "".join(line + "\n" for line in lines)
        if a.emit_commands == "-":
            sys.stdout.write(text)
        else:
            with open(a.emit_commands, "w") as f:
                f.write(text)
            print(f"runner: {len(lines)} commands for {len(todo)} jobs in {a.emit_commands} ({skipped} already done)",
                  file=sys.stderr)
        return 0
    note = f", {impossible} impossible combinations left out" if impossible else ""
    print(f"runner: suite {suite.name}: {len(jobs)} jobs, {skipped} already done, {len(todo)} to run"
          f" in {len(groups)} simulator runs, {min(a.jobs, max(1, len(groups)))} at a time{note}", file=sys.stderr)

    interrupted = []

    def on_signal(signum, _frame):
        interrupted.append(signum)

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    prog = Progress(len(todo), sys.stderr.isatty())
    pending = list(reversed(groups))
    running = []       # (GroupRun, its jobs)
    ok, failed = 0, []

    def failure(j, why):
        failed.append(j)
        log = os.path.join(a.out, "logs", j.id + ".log")
        prog.message(f"runner: job {j.id} FAILED ({why}): {j.trace} {S.canonical_config(j.cfg)}\n"
                     f"  log {log}, last lines:\n" + "\n".join("    " + x for x in tail(log)))

    while (pending or running) and not interrupted:
        while pending and len(running) < a.jobs and not interrupted:
            g = pending.pop()
            j = g[0]
            # Each run in its own session: a terminal Ctrl-C reaches the runner only, and the
            # runner ends every run's whole process group itself.
            try:
                run = GroupRun(a.sim, a.out, j.trace, j.sha, [x.cfg for x in g], cosim_mode, j.frag_every)
            except OSError as e:
                for x in g:
                    prog.finished(x, False, 0.0, len(running))
                    failure(x, f"cannot prepare its files: {e}")
                continue
            if run.start(start_new_session=True):
                running.append((run, g))
            else:
                for x in g:
                    prog.finished(x, False, 0.0, len(running))
                    failure(x, "the simulator did not start")
        for entry in list(running):
            run, g = entry
            rc = run.child.poll()
            if rc is None:
                continue
            running.remove(entry)
            good = run.finish(rc, tool_version) == 0
            for x in g:
                prog.finished(x, good, time.time() - run.t0, len(running))
                if good:
                    ok += 1
                else:
                    failure(x, f"exit {rc}")
        prog.tick(len(running))
        time.sleep(0.02)
    if interrupted:
        for run, _g in running:
            try:
                os.killpg(run.child.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for run, _g in running:
            try:
                run.child.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(run.child.pid, signal.SIGKILL)
                run.child.wait()
            run.abandon("interrupted")
    prog.end()
    el = fmt_time(time.time() - prog.t0)
    not_run = len(todo) - ok - len(failed)
    summary = f"runner: {ok} done, {len(failed)} failed, {skipped} skipped (result exists)"
    if interrupted:
        summary += f", {not_run} not run or stopped (interrupted)"
    print(f"{summary}; {el} elapsed; results in {a.out}", file=sys.stderr)
    for j in failed:
        print(f"runner: failed: {j.id} (log {os.path.join(a.out, 'logs', j.id + '.log')})", file=sys.stderr)
    if interrupted:
        return 130
    return 1 if failed else 0


if __name__ == "__main__":
    cli.run(main)
