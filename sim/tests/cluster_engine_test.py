#!/usr/bin/env python3
"""End-to-end tests of vmcosim's cluster engine, --rtl-cluster (label cosim; docs/cosim.md
"Several cores"): RTL and lockstep modes through one Verilated mmu_cluster against the lone
engine (one mmu_top per core, the broadcast written by the harness), which is a separate
implementation of the same contract; the refusals; config.json.

usage: cluster_engine_test.py CASE --vmcosim BIN --vmctrace BIN --work DIR --source DIR
"""
import glob
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cosim_test import check, eq, main  # noqa: E402


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
                       (["--mode", "rtl", "--cores", "2", "--wave", "w.fst"], "--rtl-cluster and --wave")):
        e.run(t, "--rtl-cluster", *opts, stats=None, expect_rc=2)
        check(what in e.last.stderr, "refusal of %s: %s" % (opts, e.last.stderr.strip()))


def case_rtl_cluster_config(e):
    # config.json of a cluster-engine run says rtlCluster (and a lone-engine run's does not);
    # --config replays it byte for byte.
    t = os.path.join(e.source, "traces", "bundled", "multicore", "shootdown.vmtb.gz")
    d1, d2 = e.path("run1"), e.path("run2")
    for d in (d1, d2):
        shutil.rmtree(d, ignore_errors=True)
    first = [e.vmcosim, "--quiet", t, "--mode", "rtl", "--cores", "4", "--rtl-cluster", "--outdir", d1]
    replay = [e.vmcosim, "--quiet", "--config", os.path.join(d1, "config.json"), "--outdir", d2]
    for cmd in (first, replay):
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=250)
        eq(r.returncode, 0, "exit code of %s: %s" % (cmd[2:], r.stderr[-300:]))
    for d in (d1, d2):
        with open(os.path.join(d, "config.json")) as f:
            eq(json.load(f).get("rtlCluster"), True, d + ": config.json says rtlCluster")
    for name in ("stats.json", "summary.txt"):
        with open(os.path.join(d1, name)) as a, open(os.path.join(d2, name)) as b:
            check(a.read() == b.read(), name + " replayed byte for byte")
    lone = e.path("lone")
    shutil.rmtree(lone, ignore_errors=True)
    r = subprocess.run(first[:-3] + ["--outdir", lone], capture_output=True, text=True, timeout=250)
    eq(r.returncode, 0, "lone run: " + r.stderr[-300:])
    with open(os.path.join(lone, "config.json")) as f:
        check("rtlCluster" not in json.load(f), "the lone engine's config.json has no rtlCluster")


if __name__ == "__main__":
    main({n[5:]: f for n, f in globals().items() if n.startswith("case_")})
