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
    sha = S.file_sha256(a.trace)
    name = S.trace_name(a.trace)
    jid = S.job_id(sha, cfg, name)
    logs = os.path.join(a.out, "logs")
    os.makedirs(logs, exist_ok=True)
    result = os.path.join(a.out, jid + ".json")
    # mkstemp names (never guessable, created by us): vmcosim writes over its own file.
    fd, stats_tmp = tempfile.mkstemp(prefix=f"{jid}.stats.tmp.", suffix=".json", dir=logs)
    os.close(fd)
    log_path = os.path.join(logs, jid + ".log")
    cmd = shlex.split(a.sim) + sim_args(cfg, a.cosim_mode, a.frag_every) + \
        ["--stats", stats_tmp, "--host-stats", a.trace]

    child = None
    stopping = []

    def stop(signum, _frame):
        # Interrupted: pass the signal on to the simulator; main() then removes the temporary
        # files and exits 130. (Waiting here could deadlock with the wait() in progress.)
        stopping.append(signum)
        if child is not None:
            try:
                os.kill(child.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    t0 = time.time()
    with open_output(log_path, errors="backslashreplace") as log:   # any file name prints
        log.write("$ " + " ".join(shlex.quote(c) for c in cmd) + "\n")
        log.flush()
        if stopping:
            remove(stats_tmp)
            return 130
        try:
            child = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     preexec_fn=die_with_parent())
        except OSError as e:
            log.write(f"run_job: cannot start {cmd[0]}: {e.strerror}\n")
            remove(stats_tmp)
            return 1
        rc = child.wait()
        seconds = time.time() - t0
        if stopping:
            log.write("run_job: interrupted\n")
            remove(stats_tmp)
            return 130
        if rc != 0:
            log.write(f"run_job: the simulator exited with status {rc}\n")
            remove(stats_tmp)
            return 1
        try:
            with open(stats_tmp) as f:
                stats = json.load(f)
        except (OSError, ValueError) as e:
            log.write(f"run_job: no readable statistics from the simulator: {e}\n")
            remove(stats_tmp)
            return 1
        remove(stats_tmp)
        if isinstance(stats, dict) and stats.get("partial"):
            log.write("run_job: the simulator marked its statistics partial\n")
            return 1
        # Everything that differs between two runs of the job goes under the result's `host`:
        # vmcosim's host times, and the trace's folder (config.trace keeps the file name only).
        host_stats = stats.pop("host", None) if isinstance(stats, dict) else None
        if isinstance(stats, dict) and isinstance(stats.get("config"), dict):
            stats["config"]["trace"] = S.as_text(os.path.basename(a.trace))
        doc = {
            "format": RESULT_FORMAT,
            "job": jid,
            "trace": {"name": name, "file": S.as_text(os.path.basename(a.trace)), "sha256": sha},
            "config": cfg,
            "tool": {"version": a.tool_version or version.describe()},
            # Host facts: not part of the deterministic tables.
            "host": {"seconds": round(seconds, 3), "finished": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                     "simulator": host_stats,
                     "traceFolder": S.as_text(os.path.dirname(os.path.abspath(a.trace)))},
            "stats": stats,
        }
        # A temporary renamed into place makes the result appear whole or not at all (no fsync:
        # it would double a short job's time, and a host crash is not what it guards against).
        with open_output(result) as f:
            json.dump(doc, f, indent=1, sort_keys=True)
            f.write("\n")
        log.write(f"run_job: wrote {result} in {seconds:.2f} s\n")
    return 0


if __name__ == "__main__":
    cli.run(main)
