#!/usr/bin/env python3
"""What several cores cost the simulator (issue 16 item 6): vmcosim --cores N on a trace of N
threads against --cores 1 on one of those threads alone, in each mode.

    cores_bench.py --vmcosim BIN --vmctrace BIN --work DIR [--cores 2,4]
                   [--modes functional,rtl,lockstep,functional-l2shared,rtl-cluster,rtl-l2shared]
                   [--records R] [--burst B] [--repeat K] [--check]

(rtl-cluster: the N cores through --rtl-cluster; *-l2shared: with --l2tlb-shared; the one-core
run of each is the plain mode's.)

For each N, `vmctrace gen threads --cores N` makes a trace of N threads, N x R accesses in all,
each core taking turns of about B accesses (default 8, a fine interleaving: the ARM tracer's
threads take turns of thousands); its core 0 alone (the thread that creates the
process, maps its memory and ends it: a valid one-thread trace of about R accesses) is the
one-core trace. So N cores do N times the work of one core, and the goal is that they cost at
most N times as much: the cost per access may not grow with the cores. Each round runs every
mode on every trace once, one after another (this machine's speed drifts over minutes, so the
two runs of a ratio are taken side by side); a run's cost is the CPU time of the vmcosim process
(user + system, from the kernel's accounting of the child), less the start-up: the cost of the
same command on an empty trace (process, models, boot; a few milliseconds, which a long run
would hide and a short one-core run would not), measured in the same round. The figure of a
round is

    ratio = N x (replay CPU time per access, N cores) / (replay CPU time per access, one core)

(N x R accesses against about R: dividing by the accesses keeps a thread that drew a few more
accesses than another from moving the figure). Prints, per mode and N, the median CPU times
(start-up included), the accesses per replay CPU second, and the median ratio over the rounds
with its lowest and highest, and the same ratio of whole runs (start-up included); with --check
exits 1 unless every median ratio (of replays) is at most N.
"""
import argparse
import os
import resource
import statistics
import subprocess
import sys

# A mode's vmcosim options: (one core, N cores). The one-core run of every RTL variant is a lone
# mmu_top, so the cluster engine and the shared L2TLB are weighed against the plain RTL mode.
MODE_OPTIONS = {
    "functional": (["--mode", "functional"], ["--mode", "functional"]),
    "rtl": (["--mode", "rtl"], ["--mode", "rtl"]),
    "lockstep": (["--mode", "lockstep"], ["--mode", "lockstep"]),
    "functional-l2shared": (["--mode", "functional"], ["--mode", "functional", "--l2tlb-shared"]),
    "rtl-cluster": (["--mode", "rtl"], ["--mode", "rtl", "--rtl-cluster"]),
    "rtl-l2shared": (["--mode", "rtl"], ["--mode", "rtl", "--l2tlb-shared"]),
}
MODES = tuple(MODE_OPTIONS)


def cpu_seconds(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def count_accesses(text_trace):
    """Access records of a text trace: lines whose operation (after an optional @core) is R, W or X."""
    n = 0
    with open(text_trace) as f:
        for line in f:
            words = line.split(None, 2)
            if words and words[0].startswith("@"):
                words = words[1:]
            n += bool(words) and words[0] in ("R", "W", "X")
    return n


def make_traces(a, cores):
    """The N-core trace and its core 0 alone, binary, with their access counts."""
    name = "threads-%dc-b%d" % (cores, a.burst)
    many = os.path.join(a.work, name + ".vmtb")
    subprocess.run([a.vmctrace, "gen", "threads", "-o", many, "--seed", "7", "--records",
                    str(cores * a.records), "--cores", str(cores), "--footprint", "1M",
                    "--burst", str(a.burst)], check=True)
    text = os.path.join(a.work, name + ".vmt")
    subprocess.run([a.vmctrace, "convert", many, text], check=True)
    one_text = os.path.join(a.work, name + "-core0.vmt")
    with open(text) as f, open(one_text, "w") as g:
        g.writelines(line for line in f if not line.startswith("@"))
    one = os.path.join(a.work, name + "-core0.vmtb")
    subprocess.run([a.vmctrace, "convert", one_text, one], check=True)
    return (one, count_accesses(one_text)), (many, count_accesses(text))


def number_list(text, what, allowed=None):
    items = [s.strip() for s in text.split(",") if s.strip()]
    if allowed is not None:
        bad = [s for s in items if s not in allowed]
        if bad or not items:
            sys.exit("cores_bench.py: --%s: expected some of %s, got '%s'" %
                     (what, ",".join(allowed), text))
        return items
    try:
        values = [int(s, 10) for s in items]
    except ValueError:
        values = []
    if not values or any(v < 2 or v > 8 for v in values):
        sys.exit("cores_bench.py: --%s: expected core counts 2..8 separated by commas, got '%s'" %
                 (what, text))
    return values


def main():
    ap = argparse.ArgumentParser(description="vmcosim --cores N against one core")
    ap.add_argument("--vmcosim", required=True)
    ap.add_argument("--vmctrace", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--cores", default="2,4", help="core counts, e.g. 2,4")
    ap.add_argument("--modes", default="functional,rtl", help="some of " + ",".join(MODES))
    ap.add_argument("--records", type=int, default=1000000, help="accesses per thread")
    ap.add_argument("--burst", type=int, default=8, help="accesses per turn of a core")
    ap.add_argument("--repeat", type=int, default=5, help="rounds")
    ap.add_argument("--check", action="store_true")
    a = ap.parse_args()
    core_counts = number_list(a.cores, "cores")
    modes = number_list(a.modes, "modes", MODES)
    if a.records < 1 or a.repeat < 1 or a.burst < 1:
        sys.exit("cores_bench.py: --records, --burst and --repeat must be at least 1")
    os.makedirs(a.work, exist_ok=True)
    empty = os.path.join(a.work, "empty.vmt")
    with open(empty, "w") as f:
        f.write("vmctrace text 2\n")
    traces = {n: make_traces(a, n) for n in core_counts}
    # Per mode and N: CPU times of [one core, N cores, empty on one core, empty on N cores].
    times = {(m, n): ([], [], [], []) for m in modes for n in core_counts}
    for _ in range(a.repeat):
        for m in modes:
            for n in core_counts:
                runs = [(1, traces[n][0][0]), (n, traces[n][1][0]), (1, empty), (n, empty)]
                for k, (cores, trace) in enumerate(runs):
                    opts = MODE_OPTIONS[m][0 if cores == 1 else 1]
                    times[(m, n)][k].append(cpu_seconds(
                        [a.vmcosim, "--quiet"] + opts + ["--cores", str(cores), trace]))
    failed = False
    for m in modes:
        for n in core_counts:
            (_, acc1), (_, accn) = traces[n]
            t1, tn, e1, en = times[(m, n)]
            s1, sn = statistics.median(e1), statistics.median(en)   # start-up
            def ratio_of(pairs, start1, startn):
                return sorted(n * (max(b - startn, 1e-6) / accn) / (max(o - start1, 1e-6) / acc1)
                              for o, b in pairs)
            ratios = ratio_of(zip(t1, tn), s1, sn)
            whole = statistics.median(ratio_of(zip(t1, tn), 0, 0))
            ratio = statistics.median(ratios)
            m1, mn = statistics.median(t1), statistics.median(tn)
            print("%-10s %d cores: one core %d accesses, median %.3f CPU s (%.2f M/s); %d cores %d "
                  "accesses, median %.3f CPU s (%.2f M/s); start-up %.4f / %.4f s; cost %.2f x one "
                  "core (rounds %.2f..%.2f; at most %d allowed); whole runs %.2f x" %
                  (m, n, acc1, m1, acc1 / (m1 - s1) / 1e6, n, accn, mn, accn / (mn - sn) / 1e6,
                   s1, sn, ratio, ratios[0], ratios[-1], n, whole))
            if ratio > n:
                failed = True
                print("%s: %d cores cost more than %d x one core" % (m, n, n),
                      file=sys.stderr if a.check else sys.stdout)
    return 1 if a.check and failed else 0


if __name__ == "__main__":
    sys.exit(main())
