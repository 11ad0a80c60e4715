#!/usr/bin/env python3
"""Runs benchmark jobs of one trace through one vmcosim process: one job (one configuration),
or a group of functional-mode jobs that share everything but the TLB configuration, simulated
in one pass as a configuration set (vmcosim --next-configuration, docs/cosim.md).

    run_job.py --sim VMCOSIM --out DIR --trace TRACE --config 'mode=functional;itlb=...'
               [--config ...] [--tool-version TEXT] [--cosim-mode NAME] [--frag-every N]

Writes DIR/ID.json per job (the job's configuration, the trace's name and sha256, the tool
version and vmcosim's statistics) through a temporary file and a rename, so each result is
whole or absent; the simulator's output goes to DIR/logs/ID.log (a group's to
DIR/logs/groups/ID.log, ID its first job's, named in each job's log). This is also the
command that the runner's --emit-commands prints for GNU parallel or a Slurm array. Exit
status: 0 done, 1 the jobs failed (see the log), 2 bad arguments, 130 interrupted.
"""
import contextlib
import json
import os
import shlex
import signal
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cli  # noqa: E402
from output_file import open_output  # noqa: E402
from parent_death import die_with_parent  # noqa: E402
import suite as S  # noqa: E402
import version  # noqa: E402

RESULT_FORMAT = "vmcosim-bench-result 1"


# The parameters of one configuration of a set (vmcosim's per-configuration options); jobs
# that differ only in these share one simulator run in functional mode.
SET_PARAMS = ("itlb", "dtlb", "l2tlb", "walk_cache", "mem_latency")


def shared_args(cfg, cosim_mode, frag_every=0):
    """vmcosim's options that a configuration set shares; every value given."""
    mode = cosim_mode if cfg["mode"] == "cosim" else cfg["mode"]
    snapshots = ["--frag-every", str(frag_every)] if frag_every else []
    cores = ["--cores", cfg["cores"]] if cfg.get("cores", "1") != "1" else []
    shared = ["--l2tlb-shared"] if cfg.get("l2tlb_shared") == "on" else []
    return (["--mode", mode, "--layout", cfg["layout"], "--ram-size", cfg["ram_size"]] + cores +
            shared + snapshots)


def config_args(cfg):
    """vmcosim's options of one configuration; every value given, none left to defaults."""
    return ["--itlb", cfg["itlb"], "--dtlb", cfg["dtlb"], "--l2tlb", cfg["l2tlb"],
            "--walk-cache", cfg["walk_cache"], "--mem-latency", cfg["mem_latency"]]


def group_key(cfg):
    """What jobs of one trace must share to run as one configuration set: functional mode
    and every machine parameter; None for a job that runs alone."""
    if cfg["mode"] != "functional" or cfg.get("cores", "1") != "1":   # vmcosim: sets run one core
        return None
    return tuple((p, cfg[p]) for p in S.PARAMS if p not in SET_PARAMS)


def parse_config(text):
    cfg = dict(S.DEFAULTS)
    for item in filter(None, text.split(";")):
        k, sep, v = item.partition("=")
        if not sep or k not in S.PARAMS + S.EXTRA_PARAMS:
            raise ValueError(f"--config: '{item}' is not PARAM=VALUE with PARAM one of "
                             f"{', '.join(S.PARAMS + S.EXTRA_PARAMS)}")
        why = S.check_value(k, v)
        if why:
            raise ValueError(f"--config: {k} = {v}: {why}")
        cfg[k] = v
    return S.drop_extra_defaults(cfg)


def remove(path):
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


class Job:
    """One job's files: its result, its log, and the simulator's temporary statistics."""

    def __init__(self, out, trace, sha, cfg, logs):
        self.cfg = cfg
        self.jid = S.job_id(sha, cfg, S.trace_name(trace))
        self.result = os.path.join(out, self.jid + ".json")
        self.log_path = os.path.join(logs, self.jid + ".log")
        # mkstemp names (never guessable, created by us): vmcosim writes over its own file.
        fd, self.stats_tmp = tempfile.mkstemp(prefix=f"{self.jid}.stats.tmp.", suffix=".json", dir=logs)
        os.close(fd)


class GroupRun:
    """One simulator run and its jobs' files: start() launches vmcosim with its output in the
    log, finish() turns each configuration's statistics into its job's result. One job, or a
    group of jobs (same trace, same group_key) as one configuration set. The runner drives
    many of these itself (no interpreter start per run); main() below drives one."""

    def __init__(self, sim, out, trace, sha, cfgs, cosim_mode="rtl", frag_every=0):
        self.out, self.trace, self.sha = out, trace, sha
        self.name = S.trace_name(trace)
        logs = os.path.join(out, "logs")
        os.makedirs(logs, exist_ok=True)
        self.jobs = []
        try:
            for c in cfgs:
                self.jobs.append(Job(out, trace, sha, c, logs))
        except OSError:
            self._remove_temporaries()
            raise
        first = self.jobs[0]
        if len(self.jobs) == 1:
            self.log_path = first.log_path
        else:
            os.makedirs(os.path.join(logs, "groups"), exist_ok=True)
            self.log_path = os.path.join(logs, "groups", first.jid + ".log")
        self.cmd = shlex.split(sim) + shared_args(first.cfg, cosim_mode, frag_every)
        for k, j in enumerate(self.jobs):
            self.cmd += (["--next-configuration"] if k else []) + config_args(j.cfg) + ["--stats", j.stats_tmp]
        self.cmd += ["--host-stats", trace]
        self.log, self.child, self.t0 = None, None, None
        self._log_ctx = contextlib.ExitStack()   # keeps the log's open_output alive until closed

    def start(self, **popen):
        """Opens the log (any file name prints) and starts the simulator; False, with the
        reason in the log, when it cannot start. popen: extra Popen arguments."""
        self.t0 = time.time()
        self.log = self._log_ctx.enter_context(open_output(self.log_path, errors="backslashreplace"))
        self.log.write("$ " + " ".join(shlex.quote(c) for c in self.cmd) + "\n")
        self.log.flush()
        try:
            self.child = subprocess.Popen(self.cmd, stdout=self.log, stderr=subprocess.STDOUT,
                                          stdin=subprocess.DEVNULL, preexec_fn=die_with_parent(), **popen)
        except OSError as e:
            self.log.write(f"run_job: cannot start {self.cmd[0]}: {e.strerror}\n")
            self.abandon()
            return False
        return True

    def _remove_temporaries(self):
        for j in self.jobs:
            remove(j.stats_tmp)

    def abandon(self, why=None):
        """Ends every job without a result: the temporary statistics go, the logs are kept."""
        if why and self.log:
            self.log.write(f"run_job: {why}\n")
        self._remove_temporaries()
        self.close_log()
        self._job_logs(lambda j: why or "the simulator did not run")

    def close_log(self):
        """Puts the log in place (open_output renames its temporary onto the name)."""
        self._log_ctx.close()
        self.log = None

    def _job_logs(self, line_of):
        """A group's jobs each get a log of their own: the group's log named, its last lines
        after a failure, and line_of(job)."""
        if len(self.jobs) == 1:
            return
        group_log = os.path.join("groups", os.path.basename(self.log_path))
        for k, j in enumerate(self.jobs):
            with open_output(j.log_path, errors="backslashreplace") as f:
                f.write(f"run_job: configuration {k + 1} of {len(self.jobs)} of one simulator run;"
                        f" its output: {group_log}\n")
                line = line_of(j)
                if not os.path.exists(j.result):
                    f.write("".join(x + "\n" for x in tail(self.log_path)))
                f.write(f"run_job: {line}\n")

    def finish(self, rc, tool_version):
        """After the simulator exited with rc: 0 and every result written, or 1 (why in the
        log). Configurations are written or abandoned together: a set ends as one run."""
        seconds = time.time() - self.t0
        if rc != 0:
            self.abandon(f"the simulator exited with status {rc}")
            return 1
        docs = []
        for j in self.jobs:
            try:
                with open(j.stats_tmp) as f:
                    stats = json.load(f)
            except (OSError, ValueError) as e:
                self.abandon(f"no readable statistics from the simulator: {e}")
                return 1
            if isinstance(stats, dict) and stats.get("partial"):
                self.abandon("the simulator marked its statistics partial")
                return 1
            docs.append(self._result(j, stats, seconds, tool_version))
        self._remove_temporaries()
        for j, doc in zip(self.jobs, docs):
            # A temporary renamed into place makes the result appear whole or not at all (no
            # fsync: it would double a short job's time, and a host crash is not what it guards
            # against).
            with open_output(j.result) as f:
                json.dump(doc, f, indent=1, sort_keys=True)
                f.write("\n")
        self.log.write("".join(f"run_job: wrote {j.result} in {seconds:.2f} s\n" for j in self.jobs))
        self.close_log()
        self._job_logs(lambda j: f"wrote {j.result}")
        return 0

    def _result(self, job, stats, seconds, tool_version):
        # Everything that differs between two runs of the job goes under the result's `host`:
        # vmcosim's host times, and the trace's folder (config.trace keeps the file name only).
        # A job of a group of N is given 1/N of the run's time, so job times still add up.
        host_stats = stats.pop("host", None) if isinstance(stats, dict) else None
        if isinstance(stats, dict) and isinstance(stats.get("config"), dict):
            stats["config"]["trace"] = S.as_text(os.path.basename(self.trace))
        n = len(self.jobs)
        host = {"seconds": round(seconds / n, 3), "finished": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "simulator": host_stats,
                "traceFolder": S.as_text(os.path.dirname(os.path.abspath(self.trace)))}
        if n > 1:
            host["group"] = {"configurations": n, "seconds": round(seconds, 3)}
        return {
            "format": RESULT_FORMAT,
            "job": job.jid,
            "trace": {"name": self.name, "file": S.as_text(os.path.basename(self.trace)), "sha256": self.sha},
            "config": job.cfg,
            "tool": {"version": tool_version or version.describe()},
            "host": host,   # host facts: not part of the deterministic tables
            "stats": stats,
        }


def tail(path, n=15):
    """The last n lines of a log."""
    try:
        with open(path, errors="replace") as f:
            return f.read().splitlines()[-n:]
    except OSError:
        return ["(no log)"]


def main(argv):
    ap = cli.parser("run_job.py", "Run one benchmark job (see docs/benchmarks.md).")
    ap.add_argument("--sim", required=True, help="the vmcosim command (may be 'python3 fake.py')")
    ap.add_argument("--out", required=True, help="results folder")
    ap.add_argument("--trace", required=True)
    ap.add_argument("--config", required=True, action="append",
                    help="PARAM=VALUE;... (missing ones take the defaults); several: one configuration"
                         " set in functional mode, each configuration a job")
    ap.add_argument("--tool-version", help="recorded in the result (default: git describe)")
    ap.add_argument("--cosim-mode", default="rtl", help="vmcosim's --mode value for mode=cosim")
    ap.add_argument("--frag-every", type=int, default=0, help="vmcosim's --frag-every (0: not given)")
    a = ap.parse_args(argv)
    try:
        cfgs = [parse_config(c) for c in a.config]
    except ValueError as e:
        print(f"run_job: {e}", file=sys.stderr)
        return 2
    if len(cfgs) > 1 and (group_key(cfgs[0]) is None or any(group_key(c) != group_key(cfgs[0]) for c in cfgs)):
        print("run_job: several --config: functional mode, and the same " +
              ", ".join(p for p in S.PARAMS if p not in SET_PARAMS and p != "mode") +
              " in each (one configuration set)", file=sys.stderr)
        return 2
    if not os.path.isfile(a.trace):
        print(f"run_job: --trace {a.trace}: no such file", file=sys.stderr)
        return 2
    job = GroupRun(a.sim, a.out, a.trace, S.file_sha256(a.trace), cfgs, a.cosim_mode, a.frag_every)
    stopping = []

    def stop(signum, _frame):
        # Interrupted: pass the signal on to the simulator; main() then removes the temporary
        # files and exits 130. (Waiting here could deadlock with the wait() in progress.)
        stopping.append(signum)
        if job.child is not None:
            try:
                os.kill(job.child.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    if stopping or not job.start():
        job.abandon()
        return 130 if stopping else 1
    rc = job.child.wait()
    if stopping:
        job.abandon("interrupted")
        return 130
    return job.finish(rc, a.tool_version)


if __name__ == "__main__":
    cli.run(main)
