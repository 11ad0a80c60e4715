#!/usr/bin/env python3
"""What several cores cost the simulator (issue 16 item 6): vmcosim --cores N on a trace of N
threads against --cores 1 on a trace of one thread doing the same per-thread work.

    cores_bench.py --vmcosim BIN --vmctrace BIN --work DIR [--cores N] [--records R]
                   [--repeat K] [--check]

The N-core trace comes from `vmctrace gen threads` (N x R records, each thread about R); the
one-core trace is its core 0 alone (the thread that creates the process, maps its memory and
ends it), about R records. Each trace is run K times,
interleaved (this machine's speed drifts over minutes), in functional mode; the figure is the
median CPU time of the vmcosim process (user + system, from the kernel's accounting of the
child). Prints both medians, accesses per CPU second and the ratio; with --check exits 1 unless
N cores cost at most N times one core.
"""
import argparse
import os
import resource
import statistics
import subprocess
import sys


def cpu_seconds(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    ap = argparse.ArgumentParser(description="vmcosim --cores N against one core")
    ap.add_argument("--vmcosim", required=True)
    ap.add_argument("--vmctrace", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--cores", type=int, default=4)
    ap.add_argument("--records", type=int, default=1000000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--check", action="store_true")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    # The N-core trace, and its core 0 alone (the thread that creates the process, maps its
    # memory and exits it: a valid one-thread trace of about R records) as the one-core trace.
    many = os.path.join(a.work, "threads-%dc.vmtb" % a.cores)
    subprocess.run([a.vmctrace, "gen", "threads", "-o", many, "--seed", "7", "--records",
                    str(a.cores * a.records), "--cores", str(a.cores), "--footprint", "1M"], check=True)
    text = os.path.join(a.work, "threads-%dc.vmt" % a.cores)
    subprocess.run([a.vmctrace, "convert", many, text], check=True)
    one_text = os.path.join(a.work, "threads-1c.vmt")
    with open(text) as f, open(one_text, "w") as g:
        g.writelines(line for line in f if not line.startswith("@"))
    one = os.path.join(a.work, "threads-1c.vmtb")
    subprocess.run([a.vmctrace, "convert", one_text, one], check=True)
    traces = {1: one, a.cores: many}
    records = {n: sum(1 for _ in open(t)) for n, t in ((1, one_text), (a.cores, text))}
    times = {n: [] for n in traces}
    for _ in range(a.repeat):
        for n, t in traces.items():
            times[n].append(cpu_seconds([a.vmcosim, "--quiet", "--mode", "functional",
                                         "--cores", str(n), t]))
    one, many = statistics.median(times[1]), statistics.median(times[a.cores])
    print("one core, %d records: median %.3f CPU s (%.1f M records/s)" %
          (records[1], one, records[1] / one / 1e6))
    print("%d cores, %d records: median %.3f CPU s (%.1f M records/s)" %
          (a.cores, records[a.cores], many, records[a.cores] / many / 1e6))
    ratio = many / one
    print("%d cores cost %.2f x one core (at most %d x allowed)" % (a.cores, ratio, a.cores))
    if a.check and ratio > a.cores:
        print("FAIL: %d cores cost more than %d x one core" % (a.cores, a.cores), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
