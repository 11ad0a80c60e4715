#!/usr/bin/env python3
"""Signals and the main job's process tree (fake simulator that sleeps):
  main_job_sigterm  SIGTERM to main-job.sh reaches the runner at once: exit 130 within seconds,
                    no simulator left running, no further job started
  runner_sigkill    SIGKILL of the runner (nothing can be caught): the in-flight jobs and their
                    simulators die with it instead of running on as orphans

    test_signals.py CASE WORKDIR BUILD_DIR
"""
import os
import signal
import subprocess
import sys
import time

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
from testlib import BENCH, FAKE_SIM as FAKE, RUNNER, TINY_SUITE as SUITE  # noqa: E402
from testlib import check, fresh_dir, verdict  # noqa: E402

MAIN_JOB = os.path.join(BENCH, "main-job.sh")


def started(ev):
    """The simulator processes started (the fake writes a line per configuration of a set)."""
    try:
        with open(ev) as f:
            pids = [int(line.split()[1].rsplit(":", 1)[1]) for line in f if line.startswith("start")]
    except FileNotFoundError:
        return []
    return list(dict.fromkeys(pids))


def alive(pid):
    """Running (a zombie waiting for its reaper counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False


def wait_for(cond, seconds):
    deadline = time.time() + seconds
    while not cond() and time.time() < deadline:
        time.sleep(0.05)
    return cond()


def launch(cmd, ev):
    env = dict(os.environ, FAKE_VMCOSIM_SLEEP="30", FAKE_VMCOSIM_EVENTS=ev)
    p = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         text=True)
    check(wait_for(lambda: len(started(ev)) >= 2, 30), "the jobs did not start")
    return p


def main_job_sigterm(work, build):
    ev = os.path.join(work, "events")
    # The tiny suite in both layouts: 4 simulator runs (a configuration set per trace and
    # layout), 2 at a time, so 2 are still to start when SIGTERM comes.
    suite = os.path.join(work, "layouts.suite")
    with open(SUITE) as f, open(suite, "w") as g:
        g.write(f.read() + "layout = liteos linux\n")
    p = launch([MAIN_JOB, build, "--sim", FAKE, "--suite", suite, "--out", os.path.join(work, "o"),
                "--jobs", "2", "--no-speed"], ev)
    t0 = time.time()
    p.send_signal(signal.SIGTERM)
    try:
        p.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        p.kill()
        check(False, "main-job.sh did not stop within 20 s of SIGTERM")
        return
    check(p.returncode == 130, f"main-job.sh exit {p.returncode} after SIGTERM, want 130")
    check(time.time() - t0 < 20, "slow to stop")
    pids = started(ev)
    check(wait_for(lambda: not any(alive(x) for x in pids), 10), "a simulator outlived SIGTERM")
    check(len(pids) == 2, f"simulator runs started after SIGTERM: {len(pids)} in all, want 2")


def runner_sigkill(work, build):
    ev = os.path.join(work, "events")
    p = launch([sys.executable, RUNNER, "--suite", SUITE, "--sim", FAKE, "--out",
                os.path.join(work, "o"), "--jobs", "2"], ev)
    p.kill()
    p.wait()
    pids = started(ev)
    check(wait_for(lambda: not any(alive(x) for x in pids), 15),
          f"simulators outlived the runner's SIGKILL: {[x for x in pids if alive(x)]}")
    for x in pids:   # do not leave them behind if the check failed
        if alive(x):
            os.kill(x, signal.SIGKILL)


def main(argv):
    case, work, build = argv
    fresh_dir(work)
    {"main_job_sigterm": main_job_sigterm, "runner_sigkill": runner_sigkill}[case](work, build)
    return verdict(case)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
