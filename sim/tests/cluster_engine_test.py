#!/usr/bin/env python3
"""End-to-end tests of vmcosim's cluster engine, --rtl-cluster (label cosim; docs/cosim.md
"Several cores"): RTL and lockstep modes through one Verilated mmu_cluster against the lone
engine (one mmu_top per core, the broadcast written by the harness), which is a separate
implementation of the same contract; the refusals; config.json. And --l2tlb-shared: the model's
cluster (functional mode) against the RTL's, and the effect of sharing against a count made here
from the trace.

usage: cluster_engine_test.py CASE --vmcosim BIN --vmctrace BIN --work DIR --source DIR
"""
import collections
import glob
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cosim_test import check, eq, main  # noqa: E402
from multicore_test import rises, threads_and_requests, vcd_changes  # noqa: E402


def bundled(e):
    traces = sorted(glob.glob(os.path.join(e.source, "traces", "bundled", "multicore", "*.vmt*")))
    check(len(traces) >= 3, "bundled multi-core traces: %d" % len(traces))
    return traces


def stats_bytes(e, trace, name, *opts):
    e.run(trace, *opts, stats=name)
    with open(e.path(name), "rb") as f:
        return f.read()


def case_rtl_cluster_identical(e):
    # Per-core cycles on the cluster's one clock are counted so that they equal the lone
    # engine's (docs/cosim.md): every statistic, cycles, shootdowns and each core's MMU
    # counters included, is the same byte for byte, in RTL mode with four cores, and with a
    # random walk latency (each core's draws are its own in both engines).
    for t in bundled(e):
        name = os.path.basename(t)
        for opts in (["--cores", "4"], ["--cores", "4", "--mem-latency", "3..40", "--seed", "7"]):
            lone = stats_bytes(e, t, "lone.json", "--mode", "rtl", *opts)
            cl = stats_bytes(e, t, "cluster.json", "--mode", "rtl", "--rtl-cluster", *opts)
            eq(cl, lone, "%s %s: statistics of the cluster engine against the lone engine"
               % (name, " ".join(opts)))
            d = json.loads(cl)
            sd = d["cores"]["shootdowns"]
            # The comparison covers broadcasts (performed by the cluster's hardware here).
            check(sd["received"] > 0, name + ": broadcasts in the run")
            check(d["accesses"]["total"] > 0, name + ": the trace ran")


def case_rtl_cluster_lockstep(e):
    # Lockstep with the cluster engine: each core of the Verilated cluster beside its core of
    # the model's cluster, every answer and register read compared; no divergence, and the
    # statistics equal the lone engine's lockstep run. An injected divergence (the model forgets
    # its TLBs after request 100, so request 101 differs) is reported.
    traces = bundled(e)
    for t in traces:
        name = os.path.basename(t)
        lone = stats_bytes(e, t, "lone.json", "--mode", "lockstep", "--cores", "4")
        cl = stats_bytes(e, t, "cluster.json", "--mode", "lockstep", "--cores", "4", "--rtl-cluster")
        eq(cl, lone, name + ": lockstep statistics, cluster engine against lone engine")
        d = json.loads(cl)
        check(d["lockstepCompared"] >= d["accesses"]["translations"] > 0,
              name + ": lockstep compared every translation")
    e.run(traces[0], "--mode", "lockstep", "--cores", "4", "--rtl-cluster", "--inject-divergence",
          "100", stats=None, expect_rc=4)
    check("lockstep divergence" in e.last.stderr and "request 101:" in e.last.stderr,
          "the injected divergence is reported: " + e.last.stderr[:200])


def case_rtl_cluster_bad(e):
    # Refusals name the option (exit 2).
    t = bundled(e)[0]
    for opts, what in ((["--mode", "functional", "--cores", "2"], "--rtl-cluster: functional mode"),
                       (["--mode", "rtl"], "--rtl-cluster: needs --cores 2"),
                       (["--mode", "lockstep", "--cores", "1"], "--rtl-cluster: needs --cores 2"),
                       (["--mode", "rtl", "--cores", "2", "--wave", "w.fst", "--wave-trigger", "miss"],
                        "--rtl-cluster and --wave-trigger")):
        e.run(t, "--rtl-cluster", *opts, stats=None, expect_rc=2)
        check(what in e.last.stderr, "refusal of %s: %s" % (opts, e.last.stderr.strip()))


def run_and_replay(e, trace, *opts):
    """A run with --outdir, then --config of its config.json: the outputs must be the same
    bytes. Returns the first run's folder."""
    d1, d2 = e.path("run1"), e.path("run2")
    for d in (d1, d2):
        shutil.rmtree(d, ignore_errors=True)
    first = [e.vmcosim, "--quiet", trace] + list(opts) + ["--outdir", d1]
    replay = [e.vmcosim, "--quiet", "--config", os.path.join(d1, "config.json"), "--outdir", d2]
    for cmd in (first, replay):
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=250)
        eq(r.returncode, 0, "exit code of %s: %s" % (cmd[2:], r.stderr[-300:]))
    for name in ("stats.json", "summary.txt"):
        with open(os.path.join(d1, name)) as a, open(os.path.join(d2, name)) as b:
            check(a.read() == b.read(), "%s: %s replayed byte for byte" % (opts, name))
    return d1


def config_json(folder):
    with open(os.path.join(folder, "config.json")) as f:
        return json.load(f)


def case_rtl_cluster_config(e):
    # config.json of a cluster-engine run says rtlCluster (and a lone-engine run's does not);
    # --config replays it byte for byte.
    t = os.path.join(e.source, "traces", "bundled", "multicore", "shootdown.vmtb.gz")
    d = run_and_replay(e, t, "--mode", "rtl", "--cores", "4", "--rtl-cluster")
    eq(config_json(d).get("rtlCluster"), True, "config.json says rtlCluster")
    d = run_and_replay(e, t, "--mode", "rtl", "--cores", "4")
    check("rtlCluster" not in config_json(d), "the lone engine's config.json has no rtlCluster")

def case_rtl_cluster_wave(e):
    # --wave with the cluster engine and three cores: one file of the cluster's own hierarchy
    # (top scope "cluster"), a scope per core (mmu_cluster.g_core[k].u_mmu), one clock, so time
    # stamps rise. Core k's req_valid_i pulses once per request it was given (counted from the
    # trace's text, threads_and_requests). The statistics with --wave equal those without and the lone
    # engine's. A --wave-window's stamps lie in the window.
    cores = 3
    t, want = threads_and_requests(e, cores)
    run = ["--mode", "rtl", "--cores", str(cores)]
    lone = stats_bytes(e, t, "lone.json", *run)
    wave = e.path("w.vcd")
    eq(stats_bytes(e, t, "wave.json", *run, "--rtl-cluster", "--wave", wave), lone,
       "statistics with --rtl-cluster --wave against the lone engine without")
    with open(wave) as f:
        changes, stamps, tops = vcd_changes(f.read())
    eq(tops, ["cluster"], "one top scope: the cluster")
    check(stamps == sorted(stamps) and len(set(stamps)) == len(stamps), "time stamps rise")
    scope = "cluster.mmu_cluster.g_core[%d].u_mmu."
    for c in range(cores):
        names = {n for n in changes if n.startswith(scope % c)}
        check(len(names) > 500, "core %d's scope has its MMU's signals (%d)" % (c, len(names)))
        eq(len(rises(changes, scope % c + "req_valid_i")), want[c], "core %d: req_valid_i pulses" % c)
    with open(e.path("w.gtkw")) as f:
        gtkw = f.read()
    check(all("\n%sreq_valid_i\n" % (scope % c) in gtkw for c in range(cores)),
          "the GTKWave file names every core's scope")
    a, b = stamps[len(stamps) // 3] // 1000, stamps[len(stamps) // 2] // 1000
    win = e.path("win.vcd")
    e.run(t, *run, "--rtl-cluster", "--wave", win, "--wave-window", "%d:%d" % (a, b), stats=None)
    with open(win) as f:
        _, wstamps, _ = vcd_changes(f.read())
    # (the last sample may lie past the end: the first edge after a firmware gap, kept as a
    # one-core dump keeps it)
    check(wstamps and a * 1000 <= min(wstamps) and max(wstamps[:-1]) < b * 1000,
          "window %d:%d: stamps %s..%s" % (a, b, wstamps[:1], wstamps[-1:]))


def per_core_tlbs(d):
    keys = ("accesses", "translations", "itlb", "dtlb", "l2tlb", "walks", "faults",
            "shootdownsSent", "shootdownsReceived", "cycles")
    return [{k: c[k] for k in keys} for c in d["cores"]["perCore"]]


def case_l2tlb_shared_equal(e):
    # One L2TLB for the four cores: the model's cluster (functional mode) and the RTL's
    # (mmu_cluster with l2tlb_shared_i = 1) give the same per-core L1 and L2 lookups, hits and
    # hit rates, walks, faults and cycles (the replay drives one core at a time, so no core
    # waits for the shared L2's arbiter) on every bundled multi-core trace; lockstep compares every
    # answer (fills and victims of the shared L2 included) without a divergence.
    for t in bundled(e):
        name = os.path.basename(t)
        f = e.run(t, "--mode", "functional", "--cores", "4", "--l2tlb-shared", stats="f.json")
        r = e.run(t, "--mode", "rtl", "--cores", "4", "--l2tlb-shared", stats="r.json")
        eq(per_core_tlbs(r), per_core_tlbs(f), name + ": per-core figures, RTL against the model")
        eq(r["l2tb"], f["l2tb"], name + ": L2TLB totals")
        eq((r["config"].get("l2tlbShared"), f["config"].get("l2tlbShared")), (True, True),
           name + ": config.l2tlbShared")
        d = e.run(t, "--mode", "lockstep", "--cores", "4", "--l2tlb-shared", stats="l.json")
        check(d["lockstepCompared"] >= d["accesses"]["translations"] > 0,
              name + ": lockstep compared every translation")
        p = e.run(t, "--mode", "functional", "--cores", "4", stats="p.json")
        check("l2tlbShared" not in p["config"], name + ": no l2tlbShared key when not set")


def pages_by_cores(e, trace):
    """{(pid, 4 KiB page): set of cores that touched it}, before and after the statistics'
    reset (the warmup_end marker), from the trace's text."""
    text = subprocess.run([e.vmctrace, "print", trace], check=True, capture_output=True,
                          text=True, timeout=120).stdout
    cur = collections.defaultdict(int)
    before, after = collections.defaultdict(set), collections.defaultdict(set)
    pages = before
    for line in text.splitlines():
        w = line.split()
        c = int(w[0][1:]) if w and w[0].startswith("@") else 0
        w = w[1:] if w and w[0].startswith("@") else w
        if w[:1] == ["switch"]:
            cur[c] = int(w[1])
        elif w[:1] == ["marker"] and w[2:3] == ["warmup_end"]:
            pages = after
        elif w[:1] and w[0] in ("R", "W", "X"):
            pages[(cur[c], int(w[2], 16) >> 12)].add(c)
    return before, after


def case_l2tlb_shared_more_hits(e):
    # Threads of one process share their pages: counted here from the trace, most pages the
    # threads trace touches are touched by several cores, so with private L2TLBs each core's
    # first use of a page misses its own L2 (a walk per page and core), and with one shared L2
    # only the first core's does: more L2 hits and fewer walks. On this small trace the shared
    # L2 (the same geometry, now for four cores) does not run out of room.
    # Lower bounds, from the part after the statistics reset: a core walks every page it had
    # not used before (private), the cluster every page no core had used before (shared).
    t = os.path.join(e.source, "traces", "bundled", "multicore", "threads.vmtb.gz")
    before, after = pages_by_cores(e, t)
    multi = sum(1 for p in set(before) | set(after) if len(before[p] | after[p]) > 1)
    check(multi > len(set(before) | set(after)) // 2, "pages touched by several cores: %d" % multi)
    new_pairs = sum(len(cs - before.get(p, set())) for p, cs in after.items())
    new_pages = sum(1 for p in after if p not in before)
    check(new_pairs > new_pages, "private L2s must walk more (%d) than a shared one (%d)"
          % (new_pairs, new_pages))
    for mode in ("functional", "rtl"):
        priv = e.run(t, "--mode", mode, "--cores", "4", stats="priv.json")
        shared = e.run(t, "--mode", mode, "--cores", "4", "--l2tlb-shared", stats="shared.json")
        check(shared["l2tb"]["hits"] > priv["l2tb"]["hits"],
              "%s: L2 hits shared %d > private %d" % (mode, shared["l2tb"]["hits"],
                                                      priv["l2tb"]["hits"]))
        check(shared["walker"]["walks"] < priv["walker"]["walks"],
              "%s: walks shared %d < private %d" % (mode, shared["walker"]["walks"],
                                                    priv["walker"]["walks"]))
        check(priv["walker"]["walks"] >= new_pairs, "%s: private walks %d >= new page-core pairs %d"
              % (mode, priv["walker"]["walks"], new_pairs))
        check(shared["walker"]["walks"] >= new_pages, "%s: shared walks %d >= new pages %d"
              % (mode, shared["walker"]["walks"], new_pages))


def case_l2tlb_shared_bad(e):
    # Refusals name the option (exit 2).
    t = bundled(e)[0]
    for opts, what in ((["--mode", "functional"], "--l2tlb-shared: needs --cores 2"),
                       (["--mode", "rtl", "--cores", "1"], "--l2tlb-shared: needs --cores 2"),
                       (["--mode", "functional", "--cores", "2", "--l2tlb", "none"],
                        "--l2tlb-shared: needs a level-2 TLB")):
        e.run(t, "--l2tlb-shared", *opts, stats=None, expect_rc=2)
        check(what in e.last.stderr, "refusal of %s: %s" % (opts, e.last.stderr.strip()))


def case_l2tlb_shared_config(e):
    # config.json of a shared-L2 run says l2tlbShared, and --config replays it byte for byte.
    t = os.path.join(e.source, "traces", "bundled", "multicore", "threads.vmtb.gz")
    d = run_and_replay(e, t, "--mode", "rtl", "--cores", "4", "--l2tlb-shared")
    eq(config_json(d).get("l2tlbShared"), True, "config.json says l2tlbShared")
    with open(os.path.join(d, "summary.txt")) as f:
        check("cores 4 sharing one L2 TLB" in f.read(), "the summary says the L2 is shared")


if __name__ == "__main__":
    main({n[5:]: f for n, f in globals().items() if n.startswith("case_")})
