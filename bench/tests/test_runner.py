#!/usr/bin/env python3
"""Tests of the benchmark runner against the fake simulator (fake_vmcosim.py):

    test_runner.py CASE WORKDIR      CASE: parallel, resume, failure, interrupt

Each case runs the tiny suite (2 traces x 4 configurations = 8 jobs) in a fresh WORKDIR and
exits 0 on pass, 1 with the failed checks printed."""
import glob
import hashlib
import json
import os
import signal
import subprocess
import sys
import time

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
from testlib import BUNDLED, FAKE_SIM as FAKE, HERE, RUNNER, TINY_SUITE as SUITE  # noqa: E402
from testlib import check, fresh_dir, verdict  # noqa: E402

JOBS = 8   # 2 traces x (l1 8, 32) x (l2 none, 64x4:lru)


def run(out, *extra, env=None, suite=SUITE, **kw):
    e = dict(os.environ, **(env or {}))
    cmd = [sys.executable, RUNNER, "--suite", suite, "--sim", FAKE, "--out", out, *extra]
    return subprocess.run(cmd, env=e, capture_output=True, text=True, timeout=120, **kw)


def results(out):
    return sorted(os.path.basename(p) for p in glob.glob(os.path.join(out, "*.json")))


def leftovers(out):
    """Temporary files anywhere in the results folder."""
    return [os.path.join(d, n) for d, _, ns in os.walk(out) for n in ns if ".tmp" in n]


def events(path):
    try:
        with open(path) as f:
            return [line.split() for line in f if line.strip()]
    except FileNotFoundError:
        return []


def case_parallel(work):
    out, ev = os.path.join(work, "out"), os.path.join(work, "events")
    # One trace (4 jobs), each sleeping 1 s: long enough that two overlap even on a busy host.
    r = run(out, "--jobs", "2", "--trace", os.path.join(BUNDLED, "seq-small.vmt"),
            env={"FAKE_VMCOSIM_SLEEP": "1", "FAKE_VMCOSIM_EVENTS": ev})
    check(r.returncode == 0, f"runner exit {r.returncode}: {r.stderr}")
    check(len(results(out)) == 4, f"{len(results(out))} results, want 4")
    # Concurrency from the fake's start/end times, one mark per process (the 4 jobs run as 2
    # configuration sets of 2, to fill --jobs 2): at most 2 at once, and 2 reached.
    marks = sorted({(float(t), 1 if k == "start" else -1, who.rsplit(":", 1)[1]) for k, who, t in events(ev)})
    marks = [(t, d) for t, d, _ in marks]
    level, peak = 0, 0
    for _, d in sorted(marks, key=lambda m: (m[0], m[1])):
        level += d
        peak = max(peak, level)
    check(peak == 2, f"peak concurrency {peak}, want 2 with --jobs 2")
    # Every result names its trace by content hash and carries its configuration and version.
    want_sha = {}
    for n in ("seq-small.vmt", "stride.vmtb.gz"):
        with open(os.path.join(BUNDLED, n), "rb") as f:
            want_sha[n] = hashlib.sha256(f.read()).hexdigest()
    geoms = set()
    for n in results(out):
        with open(os.path.join(out, n)) as f:
            d = json.load(f)
        check(d["job"] + ".json" == n, f"{n}: job id {d['job']} differs from the file name")
        check(d["trace"]["sha256"] == want_sha.get(d["trace"]["file"]), f"{n}: wrong trace hash")
        check(d["tool"]["version"] not in ("", None), f"{n}: no tool version")
        check(d["config"]["mode"] == "functional", f"{n}: mode {d['config']['mode']}")
        check(d["stats"]["accesses"]["total"] == 100000 and d["stats"]["schema"] == "vmcosim-stats/1", f"{n}: the fake's statistics are not embedded")
        geoms.add((d["trace"]["file"], d["config"]["dtlb"], d["config"]["l2tlb"]))
    check(len(geoms) == 4, f"{len(geoms)} distinct (trace, L1, L2) in the results, want 4")
    check(not leftovers(out), f"temporary files left: {leftovers(out)}")


def case_resume(work):
    out, ev = os.path.join(work, "out"), os.path.join(work, "events")
    env = {"FAKE_VMCOSIM_EVENTS": ev}
    r = run(out, env=env)
    check(r.returncode == 0 and len(results(out)) == JOBS, f"first run: exit {r.returncode}, {len(results(out))} results")
    stamp = {n: os.stat(os.path.join(out, n)).st_mtime_ns for n in results(out)}
    os.unlink(ev)
    r = run(out, env=env)
    check(r.returncode == 0, f"second run exit {r.returncode}")
    check(not events(ev), f"second run started the simulator {len(events(ev)) // 2} times, want 0")
    check(f"{JOBS} already done, 0 to run" in r.stderr, f"second run did not report the skips: {r.stderr}")
    check(all(os.stat(os.path.join(out, n)).st_mtime_ns == stamp[n] for n in stamp), "a result was rewritten")
    victim = results(out)[3]
    os.unlink(os.path.join(out, victim))
    r = run(out, env=env)
    starts = [e for e in events(ev) if e[0] == "start"]
    check(len(starts) == 1 and victim in results(out), f"after removing {victim}: {len(starts)} runs, want 1")
    os.unlink(ev)
    r = run(out, "--rerun", env=env)
    starts = [e for e in events(ev) if e[0] == "start"]
    check(r.returncode == 0 and len(starts) == JOBS, f"--rerun ran {len(starts)} jobs, want {JOBS}")
    # The same jobs have the same ids in another folder: ids come from content and config.
    r2 = run(os.path.join(work, "other"), "--list")
    ids = sorted(line.split("\t")[0] + ".json" for line in r2.stdout.splitlines())
    check(ids == results(out), "job ids differ between two listings of the same suite")
    # Cluster hand-off: emitted lines, run by a plain shell, make the same results as the
    # runner. With --jobs 1 each trace's 4 functional jobs are one line (one configuration
    # set, no split to fill more processes); the first line is run here, then only the other
    # is emitted.
    other = os.path.join(work, "cluster")
    r = run(other, "--emit-commands", "-", "--jobs", "1")
    lines = r.stdout.splitlines()
    check(r.returncode == 0 and len(lines) == 2, f"--emit-commands: {len(lines)} lines, want 2 (one per trace)")
    check(all(line.count("--config ") == 4 for line in lines), "each line runs its trace's 4 configurations")
    subprocess.run(["sh", "-c", lines[0]], timeout=60)
    made = results(other)
    check(len(made) == 4 and set(made) <= set(results(out)), f"the emitted command made {made}")
    r = run(other, "--emit-commands", "-", "--jobs", "1")
    check(r.returncode == 0 and r.stdout.splitlines() == lines[1:], "emitted again: not exactly the jobs left")
    # A Slurm job array for the jobs left, run by a stand-in sbatch that runs each array task
    # here: together the results are the runner's; a second script would have nothing to do.
    # With --jobs 4 the 4 jobs left are split into 4 runs.
    script = os.path.join(work, "jobs.sbatch")
    r = run(other, "--emit-slurm", script, "--slurm-parallel", "4", "--jobs", "4")
    with open(script) as f:
        text = f.read()
    check(r.returncode == 0 and "#SBATCH --array=1-4%4\n" in text, f"--emit-slurm: {r.stderr} {text}")
    r = subprocess.run([os.path.join(HERE, "fake_sbatch.sh"), script], capture_output=True, text=True, timeout=120)
    check(r.returncode == 0, f"stand-in sbatch: exit {r.returncode}: {r.stderr}")
    check(results(other) == results(out), f"after the array: {results(other)}, want {results(out)}")
    r = run(other, "--emit-slurm", script + "2")
    check(r.returncode == 0 and "nothing to run" in r.stderr and not os.path.exists(script + "2"),
          f"nothing left: {r.stderr}")
    # The tiny suite plus a sweep that asks for buddy snapshots (frag_every) in one of its
    # configurations: still 8 jobs, and the 2 results of that configuration (one per trace),
    # made without snapshots, run again with --frag-every; then nothing is left to run.
    with open(SUITE) as f:
        text = f.read()
    snap = os.path.join(work, "snap.suite")
    with open(snap, "w") as f:
        f.write(text +
                "[sweep snap]\nl1 = 8\nl1_policy = plru\nl2tlb = none\nfrag_every = 7 stride:9\n")
    os.unlink(ev)
    r = run(out, env=env, suite=snap)
    starts = [e for e in events(ev) if e[0] == "start"]
    check(r.returncode == 0 and len(starts) == 2 and f"{JOBS} jobs, 6 already done, 2 to run" in r.stderr,
          f"snapshots asked: {len(starts)} jobs ran, want 2: {r.stderr}")
    frag = {}
    for n in results(out):
        with open(os.path.join(out, n)) as f:
            d = json.load(f)
        frag[(d["trace"]["name"], d["config"]["itlb"], d["config"]["l2tlb"])] = d["stats"]["config"]["fragEvery"]
    check(frag.get(("seq-small", "1x8:plru", "none")) == 7 and frag.get(("stride", "1x8:plru", "none")) == 9 and
          sorted(frag.values()) == [0] * 6 + [7, 9], f"--frag-every per trace: {frag}")
    os.unlink(ev)
    r = run(out, env=env, suite=snap)
    check(not events(ev) and f"{JOBS} already done, 0 to run" in r.stderr, "snapshot results not taken as done")


def case_failure(work):
    out = os.path.join(work, "out")
    r = run(out, env={"FAKE_VMCOSIM_FAIL": "stride"})
    check(r.returncode == 1, f"runner exit {r.returncode} with failing jobs, want 1")
    names = results(out)
    check(len(names) == 4 and all(n.startswith("seq-small-") for n in names),
          f"the other jobs did not all complete: {names}")
    check(r.stderr.count("FAILED") >= 4, "failed jobs are not reported")
    check("simulated failure for the test" in r.stderr, "the failed job's log is not shown")
    logs = glob.glob(os.path.join(out, "logs", "stride-*.log"))
    check(len(logs) == 4, f"{len(logs)} logs of failed jobs kept, want 4")
    check(all("simulated failure" in open(p).read() for p in logs), "a kept log lacks the error")
    check("4 done, 4 failed" in r.stderr, f"no summary of the counts: {r.stderr[-300:]}")
    check(not leftovers(out), f"temporary files left: {leftovers(out)}")
    # A simulator that cannot start: every job fails with the reason in its log.
    out2 = os.path.join(work, "nosim")
    r = subprocess.run([sys.executable, RUNNER, "--suite", SUITE, "--sim", "/no/such/vmcosim", "--out", out2],
                       capture_output=True, text=True, timeout=120)
    logs = glob.glob(os.path.join(out2, "logs", "*.log"))
    check(r.returncode == 1 and results(out2) == [], f"missing simulator: exit {r.returncode}")
    check(len(logs) == JOBS and all("cannot start /no/such/vmcosim" in open(p).read() for p in logs),
          "missing simulator: the logs do not say so")
    check(not glob.glob(os.path.join(out2, "logs", "*.err")), "side files of run_job left in logs/")


def alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def case_interrupt(work):
    out, ev = os.path.join(work, "out"), os.path.join(work, "events")
    env = dict(os.environ, FAKE_VMCOSIM_SLEEP="3", FAKE_VMCOSIM_EVENTS=ev)
    p = subprocess.Popen([sys.executable, RUNNER, "--suite", SUITE, "--sim", FAKE, "--out", out, "--jobs", "2"],
                         env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 20
    while len([e for e in events(ev) if e[0] == "start"]) < 2 and time.time() < deadline:
        time.sleep(0.05)
    check(len(events(ev)) >= 2, "the jobs did not start")
    # The fake writes its temporary statistics only at the end; make sure a run_job temp exists
    # too by interrupting while both jobs sleep.
    p.send_signal(signal.SIGINT)
    try:
        _, err = p.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        p.kill()
        check(False, "the runner did not stop within 30 s of SIGINT")
        return
    check(p.returncode == 130, f"runner exit {p.returncode} after SIGINT, want 130")
    check(not leftovers(out), f"temporary files left: {leftovers(out)}")
    check(results(out) == [], f"results written by interrupted jobs: {results(out)}")
    check("interrupted" in err and "0 done" in err, f"no summary after the interrupt: {err[-300:]}")
    pids = [int(e[1].rsplit(":", 1)[1]) for e in events(ev) if e[0] == "start"]
    time.sleep(0.2)
    check(not any(alive(x) for x in pids), "a simulator process outlived the interrupt")
    # A rerun completes everything that was interrupted.
    r = run(out)
    check(r.returncode == 0 and len(results(out)) == JOBS, f"rerun after interrupt: exit {r.returncode}, {len(results(out))} results")


def main(argv):
    cases = {"parallel": case_parallel, "resume": case_resume, "failure": case_failure, "interrupt": case_interrupt}
    if len(argv) != 2 or argv[0] not in cases:
        print(f"usage: test_runner.py {'|'.join(cases)} WORKDIR", file=sys.stderr)
        return 2
    work = argv[1]
    fresh_dir(work)
    cases[argv[0]](work)
    return verdict(argv[0])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
