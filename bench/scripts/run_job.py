#!/usr/bin/env python3
"""Runs one benchmark job: one trace under one configuration, through vmcosim.

    run_job.py --sim VMCOSIM --out DIR --trace TRACE --config 'mode=functional;itlb=...'
               [--tool-version TEXT] [--cosim-mode NAME] [--frag-every N]

Writes DIR/ID.json (the job's configuration, the trace's name and sha256, the tool version and
vmcosim's statistics) through a temporary file and a rename, so the result is whole or absent;
the simulator's output goes to DIR/logs/ID.log. This is also the command that the runner's
--emit-commands prints for GNU parallel or a Slurm array. Exit status: 0 done, 1 the job failed
(see the log), 2 bad arguments, 130 interrupted.
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


def sim_args(cfg, cosim_mode, frag_every=0):
    """vmcosim's options for a configuration; every value is given, none left to defaults."""
    mode = cosim_mode if cfg["mode"] == "cosim" else cfg["mode"]
    snapshots = ["--frag-every", str(frag_every)] if frag_every else []
    return ["--mode", mode, "--itlb", cfg["itlb"], "--dtlb", cfg["dtlb"], "--l2tlb", cfg["l2tlb"],
            "--walk-cache", cfg["walk_cache"], "--mem-latency", cfg["mem_latency"],
            "--layout", cfg["layout"], "--ram-size", cfg["ram_size"]] + snapshots


def parse_config(text):
    cfg = dict(S.DEFAULTS)
    for item in filter(None, text.split(";")):
        k, sep, v = item.partition("=")
        if not sep or k not in S.PARAMS:
            raise ValueError(f"--config: '{item}' is not PARAM=VALUE with PARAM one of {', '.join(S.PARAMS)}")
        why = S.check_value(k, v)
        if why:
            raise ValueError(f"--config: {k} = {v}: {why}")
        cfg[k] = v
    return cfg


def remove(path):
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


class JobRun:
    """One job's simulator run and its files: start() launches vmcosim with its output in the
    job's log, finish() turns its statistics into the result file. The runner drives many of
    these itself (no interpreter start per job); main() below drives one."""

    def __init__(self, sim, out, trace, sha, cfg, cosim_mode="rtl", frag_every=0):
        self.out, self.trace, self.sha, self.cfg = out, trace, sha, cfg
        self.name = S.trace_name(trace)
        self.jid = S.job_id(sha, cfg, self.name)
        logs = os.path.join(out, "logs")
        os.makedirs(logs, exist_ok=True)
        self.result = os.path.join(out, self.jid + ".json")
        self.log_path = os.path.join(logs, self.jid + ".log")
        # mkstemp names (never guessable, created by us): vmcosim writes over its own file.
        fd, self.stats_tmp = tempfile.mkstemp(prefix=f"{self.jid}.stats.tmp.", suffix=".json", dir=logs)
        os.close(fd)
        self.cmd = shlex.split(sim) + sim_args(cfg, cosim_mode, frag_every) + \
            ["--stats", self.stats_tmp, "--host-stats", trace]
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

    def abandon(self, why=None):
        """Ends the job without a result: the temporary statistics go, the log is kept."""
        if why and self.log:
            self.log.write(f"run_job: {why}\n")
        remove(self.stats_tmp)
        self.close_log()

    def close_log(self):
        """Puts the log in place (open_output renames its temporary onto the name)."""
        self._log_ctx.close()
        self.log = None

    def finish(self, rc, tool_version):
        """After the simulator exited with rc: 0 and the result written, or 1 (why in the log)."""
        seconds = time.time() - self.t0
        if rc != 0:
            self.abandon(f"the simulator exited with status {rc}")
            return 1
        try:
            with open(self.stats_tmp) as f:
                stats = json.load(f)
        except (OSError, ValueError) as e:
            self.abandon(f"no readable statistics from the simulator: {e}")
            return 1
        remove(self.stats_tmp)
        if isinstance(stats, dict) and stats.get("partial"):
            self.abandon("the simulator marked its statistics partial")
            return 1
        # Everything that differs between two runs of the job goes under the result's `host`:
        # vmcosim's host times, and the trace's folder (config.trace keeps the file name only).
        host_stats = stats.pop("host", None) if isinstance(stats, dict) else None
        if isinstance(stats, dict) and isinstance(stats.get("config"), dict):
            stats["config"]["trace"] = S.as_text(os.path.basename(self.trace))
        doc = {
            "format": RESULT_FORMAT,
            "job": self.jid,
            "trace": {"name": self.name, "file": S.as_text(os.path.basename(self.trace)), "sha256": self.sha},
            "config": self.cfg,
            "tool": {"version": tool_version or version.describe()},
            # Host facts: not part of the deterministic tables.
            "host": {"seconds": round(seconds, 3), "finished": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                     "simulator": host_stats,
                     "traceFolder": S.as_text(os.path.dirname(os.path.abspath(self.trace)))},
            "stats": stats,
        }
        # A temporary renamed into place makes the result appear whole or not at all (no fsync:
        # it would double a short job's time, and a host crash is not what it guards against).
        with open_output(self.result) as f:
            json.dump(doc, f, indent=1, sort_keys=True)
            f.write("\n")
        self.log.write(f"run_job: wrote {self.result} in {seconds:.2f} s\n")
        self.close_log()
        return 0


def main(argv):
    ap = cli.parser("run_job.py", "Run one benchmark job (see docs/benchmarks.md).")
    ap.add_argument("--sim", required=True, help="the vmcosim command (may be 'python3 fake.py')")
    ap.add_argument("--out", required=True, help="results folder")
    ap.add_argument("--trace", required=True)
    ap.add_argument("--config", required=True, help="PARAM=VALUE;... (missing ones take the defaults)")
    ap.add_argument("--tool-version", help="recorded in the result (default: git describe)")
    ap.add_argument("--cosim-mode", default="rtl", help="vmcosim's --mode value for mode=cosim")
    ap.add_argument("--frag-every", type=int, default=0, help="vmcosim's --frag-every (0: not given)")
    a = ap.parse_args(argv)
    try:
        cfg = parse_config(a.config)
    except ValueError as e:
        print(f"run_job: {e}", file=sys.stderr)
        return 2
    if not os.path.isfile(a.trace):
        print(f"run_job: --trace {a.trace}: no such file", file=sys.stderr)
        return 2
    job = JobRun(a.sim, a.out, a.trace, S.file_sha256(a.trace), cfg, a.cosim_mode, a.frag_every)
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
