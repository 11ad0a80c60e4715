#!/usr/bin/env python3
"""The `cores` sweep key and cores_table.py (several cores, docs/benchmarks.md).

    test_cores.py WORKDIR

- A job with cores = 1 has the id of the same job without the key; cores = 4 (also spelled
  0x4) adds `;cores=4` to the hashed text (ids recomputed here from the documented rule:
  sha256 of the trace's SHA-256, a newline and the PARAM=VALUE list); bad values are refused
  with file, line and value.
- run_job passes --cores only when it is not 1, and runs multi-core jobs alone (no set).
- The `l2tlb_shared` key: `off` keeps the id, `on` adds `;l2tlb_shared=on`; rows with one core or
  no L2TLB are left out as impossible; run_job passes --l2tlb-shared; tables label the L2 TLB
  "shared"; bad values are refused.
- cores_table.py on a hand-made result: the per-core rows (hit rates worked out by hand).
"""
import hashlib
import json
import os
import subprocess
import sys

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
from testlib import SCRIPTS, check, fresh_dir, verdict  # noqa: E402
import run_job  # noqa: E402
import suite as S  # noqa: E402

BASE = ("mode=functional;itlb=1x32:plru;dtlb=1x32:plru;l2tlb=64x4:lru;walk_cache=8;"
        "mem_latency=10;layout=liteos;ram_size=64M")


def write(work, name, text):
    p = os.path.join(work, name)
    with open(p, "w") as f:
        f.write(text)
    return p


def want_id(sha, text):
    return "seq-small-" + hashlib.sha256((sha + "\n" + text).encode()).hexdigest()[:16]


def test_suite(work):
    p = write(work, "c.suite", "[suite]\nname = c\ntraces = bundled:seq-small.vmt\n\n"
              "[sweep a]\ncores = 1 0x4\n\n[sweep b]\nl2tlb = 64x4:lru\n")
    jobs, _ = S.expand(S.parse(p))
    check(len(jobs) == 2, f"two jobs (cores 1 from both sweeps is one job): {len(jobs)}")
    ids = sorted(j.id for j in jobs)
    sha = jobs[0].sha
    want = sorted([want_id(sha, BASE), want_id(sha, BASE + ";cores=4")])
    check(ids == want, f"job ids {ids}, want {want}")
    four = [j for j in jobs if j.cfg.get("cores")]
    check(len(four) == 1 and four[0].cfg["cores"] == "4", "the cores=4 job says 4")
    args = run_job.shared_args(four[0].cfg, "rtl")
    check(args[args.index("--cores") + 1] == "4", f"--cores 4 passed: {args}")
    one = [j for j in jobs if not j.cfg.get("cores")][0]
    check("--cores" not in run_job.shared_args(one.cfg, "rtl"), "no --cores for one core")
    check(run_job.group_key(four[0].cfg) is None, "a multi-core job runs alone")
    check(run_job.group_key(one.cfg) is not None, "a one-core functional job may share a run")
    check(run_job.parse_config(BASE + ";cores=4")["cores"] == "4", "--config reads cores")
    check("cores" not in run_job.parse_config(BASE + ";cores=1"), "--config cores=1 is one core")
    for bad, why in (("9", "at most 8"), ("0", "at least 1 core"), ("two", "")):
        q = write(work, "bad.suite", f"[suite]\nname = c\ntraces = bundled:seq-small.vmt\n\n[sweep a]\ncores = {bad}\n")
        try:
            S.parse(q)
            check(False, f"cores = {bad} refused")
        except S.SuiteError as e:
            check(f"bad.suite:6: cores = {bad}" in str(e) and why in str(e), f"cores = {bad}: {e}")


def test_shared_l2(work):
    p = write(work, "s.suite", "[suite]\nname = s\ntraces = bundled:seq-small.vmt\n\n"
              "[sweep a]\ncores = 1 4\nl2tlb = none 64x4:lru\nl2tlb_shared = off on\n")
    jobs, impossible = S.expand(S.parse(p))
    # 2 x 2 x 2 rows; `on` with one core (2 rows) or with no L2TLB (1 more row) cannot run.
    check(impossible == 3 and len(jobs) == 5, f"5 jobs, 3 left out: {len(jobs)}, {impossible}")
    sha = jobs[0].sha
    none = BASE.replace("l2tlb=64x4:lru", "l2tlb=none")
    want = sorted([want_id(sha, BASE), want_id(sha, none), want_id(sha, BASE + ";cores=4"),
                   want_id(sha, none + ";cores=4"), want_id(sha, BASE + ";cores=4;l2tlb_shared=on")])
    check(sorted(j.id for j in jobs) == want, f"job ids {sorted(j.id for j in jobs)}, want {want}")
    shared = [j for j in jobs if j.cfg.get("l2tlb_shared")]
    check(len(shared) == 1 and "--l2tlb-shared" in run_job.shared_args(shared[0].cfg, "rtl"),
          "--l2tlb-shared passed")
    check(all("--l2tlb-shared" not in run_job.shared_args(j.cfg, "rtl") for j in jobs
              if j not in shared), "no --l2tlb-shared for the others")
    check(S.l2_label(shared[0].cfg) == "64x4:lru shared", "the table's L2 TLB says shared")
    check(run_job.parse_config(BASE + ";cores=4;l2tlb_shared=on")["l2tlb_shared"] == "on",
          "--config reads l2tlb_shared")
    check("l2tlb_shared" not in run_job.parse_config(BASE + ";cores=4;l2tlb_shared=off"),
          "--config l2tlb_shared=off is the default")
    q = write(work, "bad.suite", "[suite]\nname = c\ntraces = bundled:seq-small.vmt\n\n"
              "[sweep a]\nl2tlb_shared = yes\n")
    try:
        S.parse(q)
        check(False, "l2tlb_shared = yes refused")
    except S.SuiteError as e:
        check("bad.suite:6: l2tlb_shared = yes" in str(e) and "not on or off" in str(e), str(e))


def test_table(work):
    res = fresh_dir(os.path.join(work, "results"))
    def core(c, acc, ih, il, dh, dl, sent, recv, wait, lost, clock):
        return {"core": c, "accesses": acc, "translations": acc, "itlb": {"accesses": il, "hits": ih},
                "dtlb": {"accesses": dl, "hits": dh}, "l2tlb": {"accesses": 0, "hits": 0},
                "walks": 3, "faults": 1,
                "cycles": {"hardware": 1, "firmware": 2, "shootdownWait": wait, "shootdownLost": lost,
                           "total": clock},
                "shootdownsSent": {"flushTlbIs": 0, "flushTlbMvaIs": sent, "flushTlbAsidIs": 1,
                                   "flushTlbMvaAllAsidIs": 0},
                "shootdownsReceived": recv}
    cores = {"count": 2, "shootdownCycles": 10, "localShootdownInjected": False,
             "shootdowns": {"flushTlbIs": 0, "flushTlbMvaIs": 3, "flushTlbAsidIs": 2,
                            "flushTlbMvaAllAsidIs": 0, "received": 5, "waitCycles": 50, "lostCycles": 50},
             "perCore": [core(0, 100, 3, 4, 45, 60, 3, 1, 40, 10, 999),
                         core(1, 50, 0, 0, 1, 3, 0, 4, 10, 40, 777)]}
    doc = {"format": "vmcosim-bench-result 1", "job": "t-1", "trace": {"name": "t", "sha256": "0" * 64},
           "config": dict(S.DEFAULTS, cores="2"), "stats": {"cores": cores}}
    with open(os.path.join(res, "t-1.json"), "w") as f:
        json.dump(doc, f)
    md = os.path.join(work, "cores.md")
    r = subprocess.run([sys.executable, os.path.join(SCRIPTS, "cores_table.py"), res, "--out", md],
                       capture_output=True, text=True)
    check(r.returncode == 0, f"cores_table exit {r.returncode}: {r.stderr}")
    rows = [line.split() for line in r.stdout.splitlines() if line.startswith("  ")]
    # core 0: I-TLB 3/4 = 75.00 %, D-TLB 45/60 = 75.00 %, sent 3 + 1 = 4; core 1: no fetch,
    # D-TLB 1/3 = 33.33 %, sent 0 + 1 = 1.
    check(rows[1:] == [["0", "100", "75.00", "75.00", "3", "1", "4", "1", "40", "10", "999"],
                       ["1", "50", "-", "33.33", "3", "1", "1", "4", "10", "40", "777"]],
          f"per-core rows: {rows}")
    check("2 cores, 5 broadcast TLB commands, wait 50 and lost 50 cycles at 10 per command" in r.stdout,
          "the job's line: " + r.stdout.splitlines()[0])
    with open(md) as f:
        check("| 1 | 50 | - | 33.33 |" in f.read(), "the Markdown table")
    empty = fresh_dir(os.path.join(work, "empty"))
    r = subprocess.run([sys.executable, os.path.join(SCRIPTS, "cores_table.py"), empty],
                       capture_output=True, text=True)
    check(r.returncode == 0 and "(no multi-core results)" in r.stdout, "no multi-core results")


def main():
    work = fresh_dir(sys.argv[1])
    test_suite(work)
    test_shared_l2(work)
    test_table(work)
    return verdict("test_cores")


if __name__ == "__main__":
    sys.exit(main())
