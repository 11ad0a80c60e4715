#!/usr/bin/env python3
"""End-to-end tests of vmcosim (label cosim). Each case writes a small trace into its own
folder under the build directory, runs vmcosim and checks the statistics against numbers
worked out by hand from the trace and docs/mmu-contract.md (the comments show the working),
or against an independent run (the reference model in functional mode).

usage: cosim_test.py CASE --vmcosim BIN --vmctrace BIN --work DIR --source DIR
"""
import argparse
import json
import os
import re
import signal
import subprocess
import sys
import time

FAILURES = []


def check(cond, what):
    if not cond:
        FAILURES.append(what)
        print("FAIL: " + what, file=sys.stderr)


def eq(got, want, what):
    check(got == want, "%s: got %r, want %r" % (what, got, want))


class Env:
    def __init__(self, a):
        self.vmcosim = a.vmcosim
        self.vmctrace = a.vmctrace
        self.work = a.work
        self.source = a.source
        os.makedirs(self.work, exist_ok=True)

    def path(self, name):
        return os.path.join(self.work, name)

    def trace(self, name, lines):
        p = self.path(name)
        with open(p, "w") as f:
            f.write("vmctrace text 1\n" + "\n".join(lines) + "\n")
        return p

    def run(self, trace, *opts, stats="stats.json", expect_rc=0):
        sp = self.path(stats) if stats else None
        if sp and os.path.exists(sp):
            os.remove(sp)
        cmd = [self.vmcosim, "--quiet", trace] + list(opts) + (["--stats", sp] if sp else [])
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=250)
        if r.returncode != expect_rc:
            print(r.stdout, r.stderr, file=sys.stderr)
        eq(r.returncode, expect_rc, "exit code of " + " ".join(cmd))
        self.last = r
        if sp and os.path.exists(sp):
            with open(sp) as f:
                return json.load(f)
        return None


def va(base, page, off=0):
    return "0x%08x" % (base + page * 4096 + off)


# ---- faults ----------------------------------------------------------------------------------

def case_fault_demand_zero(e):
    # 16 fresh anonymous pages: each first touch (a write) faults once, is zero-filled, and the
    # retry walks again (faulting translations are never cached) and fills the DTLB (1x32 holds
    # all 16). Then a read of each page, and a second pass of reads: all hits.
    lines = ["create 1", "switch 1", "mmap 1 0x10000000 0x10000 rw- anon private"]
    for p in range(16):
        lines += ["W u %s 4" % va(0x10000000, p), "R u %s 4" % va(0x10000000, p, 4)]
    lines += ["R u %s 4" % va(0x10000000, p, 8) for p in range(16)]
    lines += ["exit 1"]
    for layout in ("liteos", "linux"):
        d = e.run(e.trace("dz.vmt", lines), "--layout", layout)
        tag = "demand zero (%s): " % layout
        eq(d["faults"]["total"], 16, tag + "faults")
        eq(d["faults"]["byOutcome"]["demandZero"], 16, tag + "demand-zero pages")
        # The first fault finds no level-2 table (section code), the other 15 a page fault.
        eq(d["faults"]["byKind"]["translationSection"], 1, tag + "translation faults, section")
        eq(d["faults"]["byKind"]["translationPage"], 15, tag + "translation faults, page")
        eq(d["dtb"]["wrAccesses"], 32, tag + "DTLB write lookups (fault + retry per page)")
        eq(d["dtb"]["wrHits"], 0, tag + "DTLB write hits")
        eq(d["dtb"]["rdAccesses"], 32, tag + "DTLB read lookups")
        eq(d["dtb"]["rdHits"], 32, tag + "DTLB read hits")
        eq(d["walker"]["walks"], 32, tag + "walks")
        eq(d["walker"]["walksShortTerminationLevel"]["Level1"], 1, tag + "walks ended at L1")
        eq(d["faults"]["segfaults"], 0, tag + "segfaults")
        eq(d["pageSizes"]["4KiB"], 48, tag + "4 KiB translations")
        eq(d["regionKinds"]["anon"], {"l1Misses": 32, "walks": 32, "faults": 16},
           tag + "all in the anonymous region")


def case_stats_retries(e):
    # Worked by hand (docs/cosim.md, "What one first touch costs"): a first touch misses, walks,
    # faults, and its retry after the handler misses and walks again (faulting translations are
    # never cached). The retry is counted apart; the architectural figures leave it out.
    #   R 0x10000000  first touch: 2 lookups, 2 misses, 1 retry (a miss)
    #   R 0x10000004  hit
    #   W 0x10000008  hit (a demand-zero page of a private rw- region is mapped writable)
    #   R 0x10001000  first touch: 2, 2, 1 retry
    #   W 0x10001000  hit
    #   R 0x30000000  first touch of an r-- page: 2, 2, 1 retry
    #   W 0x30000000  hit that fails the permission check: refused, no retry
    #   X 0x20000000  first touch: ITLB 2, 2, 1 retry;  X 0x20000004  hit
    # DTLB reads 7 lookups, 1 hit, 3 retries (missed) -> architectural 4 lookups, 3 misses
    # DTLB writes 3 lookups, 3 hits, no retry -> architectural 3, 0 misses
    # ITLB 3 lookups, 1 hit, 1 retry -> architectural 2, 1 miss
    # With an L2 TLB every L1 miss looks it up and misses: reads 6 lookups, 3 retries; fetches
    # 2 lookups, 1 retry.
    t = e.trace("retries.vmt", [
        "create 1", "switch 1", "mmap 1 0x10000000 0x2000 rw- anon private",
        "mmap 1 0x20000000 0x1000 r-x anon private", "mmap 1 0x30000000 0x1000 r-- anon private",
        "R u 0x10000000 4", "R u 0x10000004 4", "W u 0x10000008 4", "R u 0x10001000 4",
        "W u 0x10001000 4", "R u 0x30000000 4", "W u 0x30000000 4",
        "X u 0x20000000 4", "X u 0x20000004 4", "exit 1"])
    for mode in ("functional", "rtl"):
        for l2 in ("none", "64x4:lru"):
            tag = "%s, l2tlb %s: " % (mode, l2)
            d = e.run(t, "--mode", mode, "--l2tlb", l2, "--segfault", "continue")
            eq(d["faults"]["segfaults"], 1, tag + "the write to r-- is refused")
            eq([d["dtb"][k] for k in ("rdAccesses", "rdHits", "rdArchAccesses", "rdArchMisses")],
               [7, 1, 4, 3], tag + "DTLB reads: lookups, hits, architectural lookups, misses")
            eq([d["dtb"][k] for k in ("wrAccesses", "wrHits", "wrArchAccesses", "wrArchMisses")],
               [3, 3, 3, 0], tag + "DTLB writes")
            eq([d["dtb"][k] for k in ("retryAccesses", "retryMisses", "archAccesses", "archMisses")],
               [3, 3, 7, 3], tag + "DTLB retries and architectural totals")
            eq([d["itb"][k] for k in ("accesses", "hits", "retryAccesses", "retryMisses",
                                      "archAccesses", "archMisses")],
               [3, 1, 1, 1, 2, 1], tag + "ITLB")
            if l2 != "none":
                eq([d["l2tb"][k] for k in ("rdAccesses", "rdArchAccesses", "instAccesses",
                                           "instArchAccesses", "retryAccesses", "archMisses")],
                   [6, 3, 2, 1, 4, 4], tag + "L2 TLB")


# ---- real programs against an independent TLB simulator -------------------------------------

# (sets, ways) of the ITLB and DTLB: fully associative and set-associative LRU, 16..128 entries.
REAL_GEOMETRIES = [(1, 16), (1, 32), (1, 64), (1, 128), (4, 4), (16, 2), (16, 4), (16, 8)]


def lackey_log(e, name, argv):
    """Runs argv under Valgrind lackey; the log's path."""
    log = os.path.abspath(e.path(name + ".lackey"))
    r = subprocess.run(["valgrind", "--tool=lackey", "--trace-mem=yes", "--log-file=" + log] + argv,
                       cwd=e.work, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                       timeout=120)
    eq(r.returncode, 0, "valgrind lackey " + " ".join(argv) + ": " + r.stderr[-300:])
    return log


def compare_with_reference(e, log, page_cross, geometries, modes):
    """Imports the lackey log, replays it in each geometry and mode, and compares the
    architectural lookups and misses per TLB and access kind with tlb_reference."""
    import tlb_reference as ref
    trace = e.path("real-%s.vmtb" % page_cross)
    rule = [] if page_cross == "split" else ["--page-cross", page_cross]   # split: the default
    r = subprocess.run([e.vmctrace, "import-lackey", log, trace] + rule,
                       capture_output=True, text=True, timeout=120)
    eq(r.returncode, 0, "import-lackey: " + r.stderr)
    lookups = ref.lackey_lookups(log, page_cross)
    want = {}
    for tlb in ("i", "d"):
        for sets in sorted({s for s, _ in geometries}):
            ways = [w for s, w in geometries if s == sets]
            m, counts = ref.lru_misses(lookups[tlb], sets, ways)
            for w in ways:
                want[(tlb, sets, w)] = (m[w], counts)
    for mode in modes:
        for sets, ways in geometries:
            g = "%dx%d:lru" % (sets, ways)
            d = e.run(trace, "--mode", mode, "--itlb", g, "--dtlb", g, "--l2tlb", "none")
            tag = "%s %s %s: " % (page_cross, mode, g)
            eq(d["faults"]["segfaults"], 0, tag + "segfaults")
            for tlb, key, kinds in (("i", "itb", ("inst",)), ("d", "dtb", ("rd", "wr"))):
                m, counts = want[(tlb, sets, ways)]
                got = [(d[key][k + "ArchAccesses"], d[key][k + "ArchMisses"]) for k in kinds]
                eq(got, [(counts[k], m[k]) for k in kinds],
                   tag + key + " architectural (lookups, misses) by kind against the reference")
                check(d[key]["archMisses"] < d[key]["misses"], tag + key + " retries were left out")


def case_real_sort_exact(e):
    # A real program: sort on 200 numbers, the whole run (dynamic loader included, about 1 M
    # lackey lines). Every geometry in both modes, pages split at the boundary; the
    # first-byte rule in functional mode on two geometries.
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    with open(e.path("numbers.txt"), "w") as f:
        f.write("".join("%d\n" % ((i * 7919) % 3001) for i in range(200)))
    log = lackey_log(e, "sort", ["sort", "numbers.txt"])
    compare_with_reference(e, log, "split", REAL_GEOMETRIES, ("functional", "rtl"))
    compare_with_reference(e, log, "first", [(1, 32), (16, 4)], ("functional",))


def case_real_gzip_exact(e):
    # A second real program, of another kind (a compressor's data accesses): gzip -c on 6 KB
    # of generated text, the whole run; every geometry in functional mode.
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    with open(e.path("text.txt"), "w") as f:
        f.write("".join("line %d of %d: %x\n" % (i, (i * 7919) % 3001, i * i) for i in range(240)))
    log = lackey_log(e, "gzip", ["gzip", "-c", "text.txt"])
    compare_with_reference(e, log, "split", REAL_GEOMETRIES, ("functional",))


def seg_trace(e):
    # One page mapped and written, a read of an address no region covers, three more reads.
    return e.trace("segv.vmt", [
        "create 1", "switch 1", "mmap 1 0x10000000 0x1000 rw- anon private",
        "W u 0x10000000 4", "R u 0x05000000 4",
        "R u 0x10000004 4", "R u 0x10000008 4", "R u 0x1000000c 4", "exit 1"])


def case_fault_segv_continue(e):
    d = e.run(seg_trace(e), "--segfault", "continue")
    eq(d["faults"]["segfaults"], 1, "segfaults")
    eq(d["faults"]["byOutcome"]["segfaultNoRegion"], 1, "no-region outcome")
    eq(d["regionKinds"]["none"]["faults"], 1, "the fault was outside every region")
    sf = d["faults"]["segfaultList"][0]
    eq((sf["pid"], sf["va"], sf["op"], sf["action"]), (1, 0x05000000, "read", "access skipped"),
       "segfault record")
    check("no region" in sf["reason"], "reason names the missing region: " + sf["reason"])
    # write: 2 lookups (fault, retry); bad read: 1; three reads hit.
    eq(d["dtb"]["accesses"], 6, "DTLB lookups")
    eq(d["dtb"]["hits"], 3, "DTLB hits")
    eq(d["accesses"]["skipped"], 0, "skipped accesses")
    eq(d["partial"], False, "not partial")


def case_fault_segv_skip_process(e):
    d = e.run(seg_trace(e), "--segfault", "skip-process")
    eq(d["faults"]["segfaults"], 1, "segfaults")
    eq(d["accesses"]["skipped"], 3, "the process's later accesses are skipped")
    eq(d["dtb"]["accesses"], 3, "DTLB lookups")
    procs = {p["pid"]: p for p in d["processes"]}
    eq(procs.get(1, {}).get("skipped"), 3, "skipped, per process")


def case_fault_segv_stop(e):
    d = e.run(seg_trace(e), "--segfault", "stop", expect_rc=5)
    check(d is not None, "statistics written when the run stops")
    if d:
        eq(d["partial"], True, "partial")
        eq(d["accesses"]["total"], 2, "accesses up to the segfault")
        check("segmentation fault" in d["stopReason"], "stop reason: " + d["stopReason"])


def case_fault_permission(e):
    # A read-only page: the read demand-faults; the write hits the DTLB entry and fails the
    # permission check (a permission fault, page); the firmware refuses it. A fetch from a
    # non-executable page: translation fault first (never touched), refused (XN region).
    d = e.run(e.trace("perm.vmt", [
        "create 1", "switch 1", "mmap 1 0x10000000 0x1000 r-- anon private",
        "mmap 1 0x10100000 0x1000 rw- anon private",
        "R u 0x10000000 4", "W u 0x10000000 4", "X u 0x10100000 4", "exit 1"]),
        "--segfault", "continue")
    eq(d["faults"]["byKind"]["permissionPage"], 1, "permission fault of the write")
    eq(d["faults"]["byOutcome"]["segfaultDenied"], 2, "write and fetch refused")
    eq(d["faults"]["segfaults"], 2, "segfaults")
    eq(d["dtb"]["wrHits"], 1, "the refused write was a DTLB hit")
    eq(d["itb"]["instAccesses"], 1, "one ITLB lookup for the fetch")


def case_fault_oom(e):
    # 1 MiB of RAM (256 pages, some taken by the kernel's tables and heap), 2 MiB of fresh
    # anonymous memory written page by page: once the pages run out, every further first touch
    # ends "out of physical memory"; the run goes on and ends normally.
    lines = ["create 1", "switch 1", "mmap 1 0x10000000 0x200000 rw- anon private"]
    lines += ["W u %s 4" % va(0x10000000, p) for p in range(512)]
    d = e.run(e.trace("oom.vmt", lines), "--ram-size", "1M", "--segfault", "continue")
    o = d["faults"]["byOutcome"]
    check(o["outOfMemory"] > 0, "out-of-memory outcomes: %d" % o["outOfMemory"])
    eq(o["demandZero"] + o["outOfMemory"], 512, "every page either allocated or out of memory")
    check(o["demandZero"] < 256, "fewer pages than RAM holds: %d" % o["demandZero"])
    eq(d["faults"]["segfaults"], o["outOfMemory"], "each out-of-memory reported as a segfault")
    check(any("out of physical memory" in s["reason"] for s in d["faults"]["segfaultList"]),
          "reason names the exhaustion")
    check(d["physMem"][-1]["freePages"] < 8, "memory exhausted at the end")


# ---- memory-map operations ----------------------------------------------------------------------

def case_mm_munmap(e):
    # 4 populated pages read twice (4 misses, 4 hits), the upper two unmapped; the lower two
    # still hit, the upper two fault (translation, page) instead of hitting stale entries.
    d = e.run(e.trace("munmap.vmt", [
        "create 1", "switch 1", "mmap 1 0x10000000 0x4000 rw- anon private populate"] +
        ["R u %s 4" % va(0x10000000, p) for p in range(4)] * 2 +
        ["munmap 1 0x10002000 0x2000"] +
        ["R u %s 4" % va(0x10000000, p, 16) for p in range(4)] + ["exit 1"]),
        "--segfault", "continue")
    eq(d["dtb"]["hits"], 6, "DTLB hits")
    eq(d["faults"]["byKind"]["translationPage"], 2, "faults after munmap")
    eq(d["faults"]["byOutcome"]["segfaultNoRegion"], 2, "unmapped pages refused")
    check(d["tlbMaintenance"]["flushTlbMva"] + d["tlbMaintenance"]["flushTlbAsid"] +
          d["tlbMaintenance"]["flushTlb"] >= 1, "munmap invalidated the TLB")


def case_mm_mprotect(e):
    # write (miss); mprotect r--; read (miss: the entry was invalidated; walk gives RO); write:
    # DTLB hit with a permission fault, refused; mprotect rw-: the firmware keeps private pages
    # read-only and grants write on the next write fault (los_vm_map.h, OsVmMprotect), so the
    # descriptor does not change and is not invalidated; the last write hits, faults
    # (permission), the page is reused (its descriptor changes: invalidated), and the retry
    # misses. DTLB: 2 hits, 3 misses, of which 1 a retry.
    d = e.run(e.trace("mprotect.vmt", [
        "create 1", "switch 1", "mmap 1 0x10000000 0x1000 rw- anon private populate",
        "W u 0x10000000 4", "mprotect 1 0x10000000 0x1000 r--", "R u 0x10000004 4",
        "W u 0x10000008 4", "mprotect 1 0x10000000 0x1000 rw-", "W u 0x1000000c 4",
        "exit 1"]), "--segfault", "continue")
    eq(d["faults"]["total"], 2, "faults")
    eq(d["faults"]["byKind"]["permissionPage"], 2, "permission faults of the two writes")
    eq(d["faults"]["byOutcome"]["segfaultDenied"], 1, "the write to r-- refused")
    eq(d["faults"]["byOutcome"]["cowReuse"], 1, "write granted after mprotect rw-")
    eq((d["dtb"]["hits"], d["dtb"]["misses"], d["dtb"]["retryMisses"]), (2, 3, 1),
       "DTLB hits, misses, retry misses")
    eq(d["tlbMaintenance"]["flushTlbMva"], 2, "TLBIMVA: mprotect r-- and the write grant")


def case_map_sections_vs_pages(e):
    # 4 MiB read page by page twice over: the kernel's direct map (privileged, 1 MiB sections)
    # and a populated user region (4 KiB pages). DTLB 1x32, L2TLB 64x4 (256 entries).
    # Sections: one miss and one walk (ended at level 1) per MiB; pages: every access misses
    # both levels and walks to level 2.
    lines = ["create 1", "switch 1", "mmap 1 0x10000000 0x400000 rw- anon private populate"]
    lines += ["R p %s 4" % va(0x40000000, p) for p in range(1024)]
    lines += ["R u %s 4" % va(0x10000000, p) for p in range(1024)]
    d = e.run(e.trace("sections.vmt", lines))
    eq(d["pageSizes"]["1MiB"], 1024, "translations by sections")
    eq(d["pageSizes"]["4KiB"], 1024, "translations by small pages")
    eq(d["walker"]["walksShortTerminationLevel"]["Level1"], 4, "section walks")
    eq(d["walker"]["walksShortTerminationLevel"]["Level2"], 1024, "page walks")
    eq(d["dtb"]["hits"], 1020, "DTLB hits (sections only)")
    eq(d["accesses"]["privileged"], 1024, "privileged accesses")
    eq(d["regionKinds"]["kernel"]["l1Misses"], 4, "direct-map misses (kernel space)")
    eq(d["regionKinds"]["anon"]["l1Misses"], 1024, "user-region misses")


# ---- processes ------------------------------------------------------------------------------------

def case_proc_asid(e):
    # Two processes map the same 4 pages (populated). Each reads them once (misses: other ASID),
    # then again after switches: ASID-tagged entries survive the switches, so every access of
    # the second round hits. DTLB 1x32 holds all 8 entries.
    lines = ["create 1", "create 2",
             "mmap 1 0x10000000 0x4000 rw- anon private populate",
             "mmap 2 0x10000000 0x4000 rw- anon private populate"]
    for _ in range(2):
        for pid in (1, 2):
            lines += ["switch %d" % pid] + ["R u %s 4" % va(0x10000000, p) for p in range(4)]
    d = e.run(e.trace("asid.vmt", lines))
    eq(d["dtb"]["accesses"], 16, "DTLB lookups")
    eq(d["dtb"]["hits"], 8, "second round hits")
    eq(d["faults"]["total"], 0, "no faults (populated)")
    procs = {p["pid"]: p for p in d["processes"]}
    for pid in (1, 2):
        eq((procs[pid]["l1Hits"], procs[pid]["l1Misses"]), (4, 4), "pid %d hits/misses" % pid)
    check(procs[1]["asid"] != procs[2]["asid"] and procs[1]["asid"] and procs[2]["asid"],
          "distinct ASIDs")


def case_proc_fork_cow(e):
    # Parent writes a private page (demand zero), forks. The child reads (no fault: read-only
    # copy), writes: permission fault, copy on write. The parent writes: permission fault, the
    # page has one user left: reused.
    d = e.run(e.trace("fork.vmt", [
        "create 1", "switch 1", "mmap 1 0x10000000 0x1000 rw- anon private",
        "W u 0x10000000 4", "fork 1 2", "switch 2", "R u 0x10000000 4", "W u 0x10000000 4",
        "switch 1", "W u 0x10000004 4", "exit 2", "exit 1"]))
    o = d["faults"]["byOutcome"]
    eq((o["demandZero"], o["cowCopy"], o["cowReuse"]), (1, 1, 1), "demand zero, copy, reuse")
    eq(d["faults"]["byKind"]["permissionPage"], 2, "permission faults of the two writes")
    eq(d["faults"]["segfaults"], 0, "segfaults")
    eq(d["osEvents"]["fork"], 1, "fork events")


# ---- modes ----------------------------------------------------------------------------------------

TLB_KEYS = ["itb", "dtb", "l2tb"]


def tlb_figures(d):
    out = {k: d[k] for k in TLB_KEYS}
    out["walks"] = (d["walker"]["walks"], d["walker"]["walksShortTerminationLevel"],
                    d["walker"]["walkCacheHits"])
    out["faults"] = d["faults"]["byKind"], d["faults"]["byOutcome"]
    out["pageSizes"] = d["pageSizes"]
    return out


def case_functional_equals_rtl(e):
    # The functional mode (reference model) must count exactly what the RTL counts.
    for t, cfg in (("zipf.vmtb.gz", []), ("multiproc.vmtb.gz", []),
                   ("churn.vmt.gz", ["--itlb", "4x4:fifo", "--dtlb", "8x4:lru", "--l2tlb",
                                     "none", "--walk-cache", "0"])):
        tr = os.path.join(e.source, "traces", "bundled", t)
        r = e.run(tr, *cfg, stats="rtl.json")
        f = e.run(tr, "--mode", "functional", *cfg, stats="fun.json")
        a, b = tlb_figures(r), tlb_figures(f)
        for k in a:
            eq(b[k], a[k], "%s: functional %s equals the RTL's" % (t, k))


def case_stats_systemc_time(e):
    # SystemC time follows the cycle count: at the end it equals hardware + firmware cycles
    # since the start, whatever the yield quantum.
    tr = os.path.join(e.source, "traces", "bundled", "churn.vmt.gz")
    seen = {"rtl": set(), "functional": set()}
    for q in ("1", "777", "10000", "100000000"):
        for mode in seen:
            d = e.run(tr, "--mode", mode, "--quantum", q)
            c = d["cycles"]
            eq(c["systemcTimeNs"], c["sinceStart"], "%s, quantum %s: SystemC time" % (mode, q))
            check(c["sinceStart"] > c["total"], "since start includes boot and warm-up")
            seen[mode].add(c["sinceStart"])
    for mode in seen:
        eq(len(seen[mode]), 1, mode + ": the quantum changes nothing but when SystemC runs")


def case_stats_mmu_counters(e):
    # The harness's own counts against the MMU's performance counters (contract §7), on traces
    # without a warm-up marker (so both count from boot): every figure the counters also give.
    for tr, mode in (("fork.vmt", "rtl"), ("mm.vmt", "rtl"), ("mm.vmt", "functional")):
        if tr == "fork.vmt":
            p = e.trace(tr, ["create 1", "switch 1", "mmap 1 0x10000000 0x1000 rw- anon private",
                             "W u 0x10000000 4", "fork 1 2", "switch 2", "R u 0x10000000 4",
                             "W u 0x10000000 4", "switch 1", "W u 0x10000004 4", "X u 0x10000000 4",
                             "R u 0x05000000 4", "exit 2", "exit 1"])
        else:
            cut = e.path("mm.vmt")
            with open(cut, "w") as f:
                subprocess.run([e.vmctrace, "print", os.path.join(e.source, "traces", "bundled",
                                "churn.vmt.gz"), "--limit", "20000"], stdout=f, check=True)
            lines = [l for l in open(cut) if "marker" not in l]
            with open(cut, "w") as f:
                f.writelines(lines)
            p = cut
        d = e.run(p, "--mode", mode, "--segfault", "continue")
        c = d["mmuCounters"]
        tag = "%s (%s): " % (tr, mode)
        eq(c["requests"], d["accesses"]["translations"], tag + "requests")
        eq(c["itlbLookups"], d["itb"]["accesses"], tag + "ITLB lookups")
        eq(c["itlbHits"], d["itb"]["hits"], tag + "ITLB hits")
        eq(c["dtlbLookups"], d["dtb"]["accesses"], tag + "DTLB lookups")
        eq(c["dtlbHits"], d["dtb"]["hits"], tag + "DTLB hits")
        eq(c["l2tlbLookups"], d["l2tb"]["accesses"], tag + "L2TLB lookups")
        eq(c["l2tlbHits"], d["l2tb"]["hits"], tag + "L2TLB hits")
        eq(c["walks"], d["walker"]["walks"], tag + "walks")
        eq(c["walksL1"], d["walker"]["walksShortTerminationLevel"]["Level1"], tag + "walks ended at L1")
        eq(c["walksL2"], d["walker"]["walksShortTerminationLevel"]["Level2"], tag + "walks ended at L2")
        eq(c["wcacheHits"], d["walker"]["walkCacheHits"], tag + "walk-cache hits")
        k = d["faults"]["byKind"]
        eq(c["faultTrans"], k["translationSection"] + k["translationPage"], tag + "translation faults")
        eq(c["faultPerm"], k["permissionSection"] + k["permissionPage"], tag + "permission faults")
        tm = d["tlbMaintenance"]
        check(c["flushes"] >= sum(tm.values()), tag + "flushes include those after boot")
        if mode == "rtl":
            eq(c["walkCycles"] > 0, d["walker"]["walks"] > 0, tag + "walk cycles counted")


def case_lockstep_bundled(e):
    # Every bundled single-core trace (the multi-core ones are in a folder of their own), whole,
    # in lockstep: no divergence, and every translation compared.
    folder = os.path.join(e.source, "traces", "bundled")
    for t in sorted(f for f in os.listdir(folder) if os.path.isfile(os.path.join(folder, f))):
        tr = os.path.join(folder, t)
        d = e.run(tr, "--mode", "lockstep", "--segfault", "continue", stats="lock.json")
        if d:
            # compared counts from boot; translations from the warm-up marker
            check(d["lockstepCompared"] >= d["accesses"]["translations"], t + ": compared")
            check(d["accesses"]["translations"] > 0, t + ": translations")


def case_lockstep_configs(e):
    # Other geometries, policies, layouts and a RAM small enough to run out, in lockstep.
    configs = [
        ["--itlb", "4x4:random", "--dtlb", "8x4:fifo", "--l2tlb", "none", "--walk-cache", "0",
         "--layout", "linux"],
        ["--itlb", "1x8:lru", "--dtlb", "2x8:plru", "--l2tlb", "128x8:random", "--walk-cache",
         "16", "--mem-latency", "1..30", "--large-pages"],
        ["--itlb", "1x256:lru", "--dtlb", "64x4:plru", "--l2tlb", "256x4:fifo", "--walk-cache",
         "1", "--ram-size", "8M"],
    ]
    for cfg in configs:
        for t in ("multiproc.vmtb.gz", "churn.vmt.gz"):
            tr = os.path.join(e.source, "traces", "bundled", t)
            d = e.run(tr, "--mode", "lockstep", "--segfault", "continue", *cfg, stats="cfg.json")
            if d:
                check(d["lockstepCompared"] >= d["accesses"]["translations"] > 0,
                      "%s %s: compared" % (t, " ".join(cfg)))
            if "8M" in cfg and t.startswith("multiproc"):
                check(d["faults"]["byOutcome"]["outOfMemory"] > 0, "8 MiB runs out on multiproc")


def case_lockstep_latency(e):
    # Random walker latency 3..17: the walk service time stays within the bounds a walk of
    # one or two reads can take, and the same seed gives the same statistics.
    tr = os.path.join(e.source, "traces", "bundled", "multiproc.vmtb.gz")
    a = e.run(tr, "--mode", "lockstep", "--mem-latency", "3..17", "--seed", "7", stats="l1.json")
    b = e.run(tr, "--mode", "lockstep", "--mem-latency", "3..17", "--seed", "7", stats="l2.json")
    eq(a, b, "same seed, same statistics")
    w = a["walker"]["walkServiceTime"]
    check(w["min"] >= 3 and w["max"] <= 2 * 17 + 4 and w["max"] > w["min"],
          "walk service time %d..%d within 3..38" % (w["min"], w["max"]))


def case_lockstep_divergence(e):
    # A divergence injected after request 3000 (the model alone loses its TLB entries): the run
    # stops with exit code 4 and a report of both answers and the walk; the statistics are
    # partial; a waveform window around the divergence is written by the re-run.
    tr = os.path.join(e.source, "traces", "bundled", "seq-small.vmt")
    w = e.path("div.fst")
    d = e.run(tr, "--mode", "lockstep", "--inject-divergence", "3000", "--wave", w,
              "--wave-trigger", "divergence", "--wave-around", "20", expect_rc=4)
    err = e.last.stderr
    for want in ("lockstep divergence at cycle", "request 3001", "rtl:", "model:", "walk:",
                 "hit_level 0x1 != 0x3", "around divergence 1"):
        check(want in err, "report has '%s': %s" % (want, err))
    eq(d["partial"], True, "partial statistics")
    eq(d["stopReason"], "lockstep divergence", "stop reason")
    eq(d["lockstepCompared"], 3001, "requests compared up to the divergence")
    check(d.get("divergence", "").startswith("lockstep divergence at cycle"),
          "the report is in the statistics")
    check(os.path.exists(w) and len(fst_times(e, w)) > 0, "waveform window around it")


# ---- statistics -------------------------------------------------------------------------------

def case_stats_schema(e):
    sys.path.insert(0, "/usr/lib/python3/dist-packages")
    import jsonschema
    with open(os.path.join(e.source, "docs", "stats-schema.json")) as f:
        schema = json.load(f)
    for tr, opts in (("multiproc.vmtb.gz", ["--frag-every", "20000"]), ("churn.vmt.gz", ["--mode", "functional",
                                                                  "--host-stats"])):
        d = e.run(os.path.join(e.source, "traces", "bundled", tr), *opts)
        jsonschema.validate(d, schema)
    d = e.run(seg_trace(e), "--segfault", "stop", expect_rc=5)
    jsonschema.validate(d, schema)
    d = e.run(os.path.join(e.source, "traces", "bundled", "seq-small.vmt"), "--mode", "lockstep",
              "--inject-divergence", "100", expect_rc=4)
    jsonschema.validate(d, schema)


def case_stats_deterministic(e):
    tr = os.path.join(e.source, "traces", "bundled", "churn.vmt.gz")
    blobs = []
    for i in range(2):
        e.run(tr, "--mem-latency", "2..9", "--frag-every", "9973", stats="det%d.json" % i)
        with open(e.path("det%d.json" % i), "rb") as f:
            blobs.append(f.read())
    check(blobs[0] == blobs[1], "two runs give byte-identical statistics")


def case_stats_double_hit_check(e):
    # The RTL's double-hit assertion checks software, not the answer: turning it on or off in
    # RTL mode must not change a single figure of the statistics.
    tr = os.path.join(e.source, "traces", "bundled", "multiproc.vmtb.gz")
    blobs = []
    for v in ("on", "off"):
        e.run(tr, "--double-hit-check", v, stats="dh-%s.json" % v)
        with open(e.path("dh-%s.json" % v), "rb") as f:
            blobs.append(f.read())
    check(blobs[0] == blobs[1], "statistics identical with the double-hit check on and off")


def case_stats_skip_idle(e):
    # Skipping the walker's memory waits (one RTL edge for the whole wait) must not change a
    # single figure, the MMU's own CNT_WALK_CYCLES included, on walk-heavy traces, with fixed
    # and drawn latencies (1 leaves nothing to skip), without L2TLB and walk cache, and in
    # lockstep mode, where every response is compared with the reference model as well.
    folder = os.path.join(e.source, "traces", "bundled")
    runs = [("zipf.vmtb.gz", ["--mode", "rtl"]),
            ("zipf.vmtb.gz", ["--mode", "rtl", "--mem-latency", "1..40", "--seed", "7"]),
            ("churn.vmt.gz", ["--mode", "rtl", "--l2tlb", "none", "--walk-cache", "0",
                              "--mem-latency", "25"]),
            ("churn.vmt.gz", ["--mode", "rtl", "--mem-latency", "1"]),
            ("multiproc.vmtb.gz", ["--mode", "lockstep", "--mem-latency", "3..12"])]
    for i, (t, opts) in enumerate(runs):
        blobs = {}
        for v in ("on", "off"):
            name = "skip%d-%s.json" % (i, v)
            e.run(os.path.join(folder, t), "--segfault", "continue", *opts, "--skip-idle", v,
                  stats=name)
            with open(e.path(name), "rb") as f:
                blobs[v] = f.read()
        tag = "%s %s: " % (t, " ".join(opts))
        check(blobs["on"] == blobs["off"], tag + "statistics identical with --skip-idle on and off")
        d = json.loads(blobs["on"])
        check(d["mmuCounters"]["walkCycles"] >= d["walker"]["walks"] * 3,
              tag + "the MMU counted every cycle of its walks")
    r = subprocess.run([e.vmcosim, os.path.join(folder, "seq-small.vmt"), "--skip-idle", "yes"],
                       capture_output=True, text=True)
    check(r.returncode == 2 and "--skip-idle" in r.stderr and "'yes'" in r.stderr,
          "bad --skip-idle value: " + r.stderr)


def runs_trace(e):
    """A trace with faults that end a run of accesses, refused accesses (denied, no region,
    execute-never), accesses that cross a page, an mprotect, two processes, and accesses to
    one page of several kinds and privileges in a row."""
    lines = ["create 1", "create 2", "switch 1",
             "mmap 1 0x10000000 0x8000 rw- anon private",
             "mmap 1 0x20000000 0x2000 r-- anon private populate"]
    for i in range(200):
        lines.append("%s u %s 4" % ("RW"[i % 2], va(0x10000000, (i * 5) % 8, (i * 36) % 4096)))
        if i % 37 == 0:
            lines.append("R u %s 8" % va(0x10000000, i % 7, 4092))     # crosses a page
        if i == 90:
            lines += ["W u 0x20000010 4", "R u 0x30000000 4",       # denied, no region
                      "X u 0x20000000 4"]                           # execute-never
        if i == 120:
            lines += ["switch 2", "mmap 2 0x10000000 0x4000 rw- anon private"]
            lines += ["W u %s 4" % va(0x10000000, k % 4, 8 * k) for k in range(40)]
            lines += ["mprotect 2 0x10000000 0x2000 r--", "W u 0x10000000 4", "switch 1"]
        if i == 195:   # one page read again and again, then written (refused), then privileged
            lines += ["R u 0x20000%03x 4" % (16 + 4 * k) for k in range(4)]
            lines += ["W u 0x20000040 4", "R u 0x20000044 4", "R p 0x20000048 4",
                      "R p 0x2000004c 4", "X u 0x20000050 4"]
    lines += ["exit 2", "exit 1"]
    return e.trace("runs.vmt", lines)


def case_stats_runs(e):
    # RTL and functional mode translate accesses in runs and count them afterwards; lockstep
    # mode goes access by access. Both must give the same statistics (the RTL answers in both):
    # faults that end a run, segmentation faults with each policy, accesses that cross a page,
    # several processes, --frag-every snapshots inside a run.
    tr = runs_trace(e)

    def figures(d):
        d["config"].pop("mode")
        d.pop("lockstepCompared", None)
        return d
    for policy in ("continue", "skip-process", "stop"):
        rc = 5 if policy == "stop" else 0
        opts = ["--segfault", policy, "--frag-every", "23"]
        runs = e.run(tr, *opts, stats="runs-%s.json" % policy, expect_rc=rc)
        single = e.run(tr, "--mode", "lockstep", *opts, stats="single-%s.json" % policy,
                       expect_rc=rc)
        check(runs["faults"]["total"] > 0 and runs["accesses"]["pageCrossing"] > 0,
              "the trace has faults and page crossings (%s)" % policy)
        check(figures(runs) == figures(single),
              "statistics in runs equal those access by access (%s)" % policy)


def case_stats_warmup(e):
    # Accesses before "marker 1 warmup_end" are not counted; a marker snapshots free memory.
    lines = ["create 1", "switch 1", "mmap 1 0x10000000 0x2000 rw- anon private populate",
             "R u 0x10000000 4", "R u 0x10001000 4", "W u 0x10000000 4", "marker 1 warmup_end",
             "R u 0x10000000 4", "W u 0x10001000 4", "exit 1"]
    d = e.run(e.trace("warm.vmt", lines))
    eq(d["accesses"]["total"], 2, "accesses after warm-up")
    eq(d["dtb"]["hits"], 2, "both hit")
    eq([p["where"] for p in d["physMem"]], ["marker 1 warmup_end", "end"], "snapshots")


def case_stats_warmup_option(e):
    # --warmup N resets the statistics after the N-th trace access, as a warmup_end marker there
    # does. 20 fresh pages (each first touch: miss, fault, retry), 10 re-reads (hits), then 10
    # more re-reads and 3 first touches. --warmup 30 leaves 13 accesses: 10 hits and 3 first
    # touches (6 lookups, 3 retries), 3 faults. The same figures, cycles included, as the trace
    # with the marker after access 30, in both modes (RTL mode replays hits in runs, which must
    # end where the statistics reset).
    head = ["create 1", "switch 1", "mmap 1 0x10000000 0x20000 rw- anon private"]
    first = ["R u %s 4" % va(0x10000000, p) for p in range(20)]
    first += ["R u %s 4" % va(0x10000000, p, 8) for p in range(10)]
    rest = ["R u %s 4" % va(0x10000000, p, 8) for p in range(10, 20)]
    rest += ["W u %s 4" % va(0x10000000, p) for p in range(20, 23)] + ["exit 1"]
    plain = e.trace("plain.vmt", head + first + rest)
    marked = e.trace("marked.vmt", head + first + ["marker 1 warmup_end"] + rest)
    for mode in ("functional", "rtl"):
        tag = mode + ": "
        d = e.run(plain, "--mode", mode, "--dtlb", "32e32w:lru", "--warmup", "30", stats="w.json")
        eq(d["config"]["warmup"], 30, tag + "config.warmup")
        eq(d["config"]["dtlb"], "1x32:lru", tag + "32e32w:lru is 1x32:lru")
        eq(d["accesses"]["total"], 13, tag + "accesses after the warm-up")
        eq([d["dtb"][k] for k in ("accesses", "hits", "retryAccesses", "archAccesses", "archMisses")],
           [16, 10, 3, 13, 3], tag + "DTLB after the warm-up")
        eq(d["faults"]["total"], 3, tag + "faults after the warm-up")
        m = e.run(marked, "--mode", mode, "--dtlb", "1x32:lru", stats="m.json")
        for k in ("itb", "dtb", "l2tb", "walker", "faults", "cycles", "pageSizes", "regionKinds"):
            eq(d[k], m[k], tag + k + " equal to the marker's")
        d0 = e.run(plain, "--mode", mode, "--dtlb", "1x32:lru", "--warmup", "1000", stats="w0.json")
        eq(d0["accesses"]["total"], 43, tag + "--warmup beyond the trace: no reset")


def case_stats_host_window(e):
    # --host-stats times the statistics' window, as gem5's hostSeconds: after a long warm-up
    # (60 000 accesses) and a short measured part (600), the window's CPU time is a small part of
    # the run's (ratio about 1/100; asserted with a wide margin, so a loaded machine passes), and
    # the rates are the window's accesses over the window's times.
    lines = ["create 1", "switch 1", "mmap 1 0x10000000 0x2000 rw- anon private populate"]
    lines += ["R u %s 4" % va(0x10000000, i & 1, 4 * (i % 1000)) for i in range(60000)]
    lines += ["marker 1 warmup_end"]
    lines += ["W u %s 4" % va(0x10000000, i & 1, 4 * i) for i in range(600)] + ["exit 1"]
    d = e.run(e.trace("window.vmt", lines), "--host-stats")
    h = d["host"]
    eq(d["accesses"]["total"], 600, "accesses after warm-up")
    check(0 < h["cpuSeconds"] < 0.25 * h["runCpuSeconds"],
          "window CPU time %r is a small part of the run's %r" % (h["cpuSeconds"], h["runCpuSeconds"]))
    check(0 < h["seconds"] <= h["runSeconds"], "window wall time %r within the run's %r"
          % (h["seconds"], h["runSeconds"]))
    for rate, secs in (("accessesPerSecond", "seconds"), ("accessesPerCpuSecond", "cpuSeconds")):
        # seconds are written with 6 decimals: the product is off by at most rate * 0.5 us
        check(abs(h[rate] * h[secs] - 600) <= h[rate] * 0.5e-6 + 1e-3,
              "%s is accesses / %s" % (rate, secs))


def case_stats_frag_every(e):
    # 16 fresh pages, 4 accesses each (a write that faults and allocates one zeroed page, then
    # 3 reads), nothing after the last access. --frag-every N snapshots after every N-th
    # access: floor(64 / N) of them, the k-th at k*N accesses. Pages allocated by then: one per
    # page touched, ceil(a / 4) after a accesses (the level-2 table comes with the first page,
    # before any snapshot), so free pages between two snapshots drop by the pages touched.
    lines = ["create 1", "switch 1", "mmap 1 0x10000000 0x10000 rw- anon private"]
    for p in range(16):
        lines += ["W u %s 4" % va(0x10000000, p)] + ["R u %s 4" % va(0x10000000, p, 4 * i) for i in (1, 2, 3)]
    tr = e.trace("frag.vmt", lines)
    for n in (4, 7):
        d = e.run(tr, "--frag-every", str(n), "--mode", "functional")
        eq(d["config"]["fragEvery"], n, "fragEvery in the configuration")
        eq(d["accesses"]["total"], 64, "accesses")
        snaps = [s for s in d["physMem"] if s["where"].startswith("access ")]
        eq(len(snaps), 64 // n, "snapshots with --frag-every %d" % n)
        eq([s["where"] for s in snaps], ["access %d" % (k * n) for k in range(1, 64 // n + 1)],
           "snapshot names")
        eq([s["accesses"] for s in snaps], [k * n for k in range(1, 64 // n + 1)], "snapshot accesses")
        touched = [-(-s["accesses"] // 4) for s in snaps]
        eq([a["freePages"] - b["freePages"] for a, b in zip(snaps, snaps[1:])],
           [tb - ta for ta, tb in zip(touched, touched[1:])], "free pages drop by the pages touched")
        for s in d["physMem"]:   # the free lists add up to the free pages
            eq(sum(c << k for k, c in enumerate(s["freeBlocks"])), s["freePages"], s["where"] + ": free lists")
        check(all(a["cycle"] < b["cycle"] for a, b in zip(snaps, snaps[1:])), "cycles increase")
        end = d["physMem"][-1]
        eq(end["where"], "end", "the last snapshot is the end")
        eq(end["accesses"], 64, "the end has seen every access")
        if 64 % n == 0:   # the last periodic snapshot is taken after the last access: the end's
            eq(dict(snaps[-1], where="end"), end, "last periodic snapshot equals the end's")
    d = e.run(tr, "--mode", "functional")
    eq([s["where"] for s in d["physMem"]], ["end"], "no periodic snapshot by default")
    eq(d["config"]["fragEvery"], 0, "fragEvery 0 by default")


# ---- waveforms ----------------------------------------------------------------------------------

def fst_times(e, fst):
    r = subprocess.run(["fst2vcd", "-f", fst], capture_output=True, text=True)
    eq(r.returncode, 0, "fst2vcd parses " + fst)
    times = [int(l[1:]) for l in r.stdout.splitlines() if l.startswith("#")]
    check("$enddefinitions" in r.stdout, fst + ": VCD header")
    check("clk_i" in r.stdout and "req_va_i" in r.stdout, fst + ": port signals")
    return times


def case_wave_window(e):
    # 200 cycles from the warm-up marker (simulated time, from the marker's snapshot), where
    # the trace reads and writes back to back: one dump per half cycle, all inside the window.
    tr = os.path.join(e.source, "traces", "bundled", "seq-small.vmt")
    m = e.run(tr)["physMem"][0]["cycle"]
    w = e.path("window.fst")
    e.run(tr, "--wave", w, "--wave-window", "%d:%d" % (m, m + 200), stats=None)
    t = fst_times(e, w)
    check(t and min(t) >= m * 1000 and max(t) < (m + 200) * 1000,
          "times within the window: %s..%s" % (t and min(t), t and max(t)))
    check(len(t) >= 200, "one dump per half cycle (%d)" % len(t))


def case_wave_window_gap(e):
    # Windows that start inside the firmware's zero-RTL-time gaps (seq-small spends most of its
    # cycles in the fault handler) or lie wholly in one: each still gets a waveform whose samples
    # lie in the window. A window after the run's end is an error that names it, nothing written.
    tr = os.path.join(e.source, "traces", "bundled", "seq-small.vmt")
    end = e.run(tr)["cycles"]["sinceStart"]
    for a, b in ((1000, 1200), (end // 3, end // 3 + 5), (end // 2, end // 2 + 1)):
        w = e.path("gap-%d.fst" % a)
        e.run(tr, "--wave", w, "--wave-window", "%d:%d" % (a, b), stats=None)
        t = fst_times(e, w)
        check(t and min(t) >= a * 1000 and max(t) < b * 1000,
              "window %d:%d has samples inside it: %s" % (a, b, t[:3]))
    w = e.path("after-end.fst")
    if os.path.exists(w):
        os.remove(w)
    r = subprocess.run([e.vmcosim, tr, "--quiet", "--wave", w, "--wave-window",
                        "%d:%d" % (end + 1000, end + 2000)], capture_output=True, text=True)
    check(r.returncode != 0 and "ended before the waveform window" in r.stderr,
          "a window after the end is refused: %d %s" % (r.returncode, r.stderr))
    check(not os.path.exists(w), "nothing written for a window after the end")


def case_wave_trigger(e):
    # Around the 3rd fault: a window of +-50 cycles, written by a re-run.
    tr = os.path.join(e.source, "traces", "bundled", "seq-small.vmt")
    w = e.path("trigger.fst")
    if os.path.exists(w):
        os.remove(w)
    e.run(tr, "--wave", w, "--wave-trigger", "fault:3", "--wave-around", "50")
    check(os.path.exists(w), "triggered window written")
    if os.path.exists(w):
        t = fst_times(e, w)
        check(len(t) > 0, "window has samples")
    check("around fault 3" in e.last.stderr, "run names the window: " + e.last.stderr)


def mmu_changes(fst, names):
    """(time in ps, name, value) for each change of the named signals of the top-level mmu
    scope in a dump, read with fst2vcd (value -1 when it holds x or z)."""
    vcd = subprocess.run(["fst2vcd", "-f", fst], capture_output=True, text=True).stdout
    ids, scope, t = {}, [], 0
    value = lambda bits: int(bits, 2) if set(bits) <= set("01") else -1
    for line in vcd.splitlines():
        p = line.split()
        if line.startswith("$scope"):
            scope.append(p[2])
        elif line.startswith("$upscope"):
            scope.pop()
        elif line.startswith("$var") and scope == ["mmu"] and p[4] in names:
            ids[p[3]] = p[4]
        elif line.startswith("#"):
            t = int(line[1:])
        elif line[:1] == "b" and len(p) == 2 and p[1] in ids:
            yield t, ids[p[1]], value(p[0][1:])
        elif line[:1] in ("0", "1", "x", "z") and line[1:] in ids:
            yield t, ids[line[1:]], value(line[0])


def tlbi_writes(fst):
    """Times of the register-port writes to a TLB maintenance register (0x040-0x04C): APB
    access phases (psel, penable, pwrite) read from the waveform itself."""
    v, times = {}, []
    for t, name, x in mmu_changes(fst, ("psel_i", "penable_i", "pwrite_i", "paddr_i")):
        v[name] = x
        if (name == "penable_i" and x == 1 and v.get("psel_i") == 1 and v.get("pwrite_i") == 1 and
                0x40 <= v.get("paddr_i", -1) <= 0x4C):
            times.append(t)
    return times


def tcl_marker(path):
    """The marker time (ps) a GTKWave start-up script written by vmcosim sets, or None."""
    with open(path) as f:
        m = re.search(r"gtkwave::setMarker (\d+)", f.read())
    check(m is not None, "marker in the script " + path)
    return int(m.group(1)) if m else None


def case_wave_trigger_maint(e):
    # Around the 2nd TLB maintenance command since boot: the marker sits on it. Checked
    # against a dump of the run from cycle 0 to the marker: exactly two maintenance writes
    # there, the second within the cycle before the marker.
    tr = os.path.join(e.source, "traces", "bundled", "churn.vmt.gz")
    w = e.path("m2.fst")
    e.run(tr, "--wave", w, "--wave-trigger", "maint:2", "--wave-around", "200", stats=None)
    check("around maint 2" in e.last.stderr, "run names the window: " + e.last.stderr)
    mark = tcl_marker(e.path("m2.tcl"))
    if mark is None:
        return
    full = e.path("upto.fst")
    e.run(tr, "--wave", full, "--wave-window", "0:%d" % (mark // 1000 + 1), stats=None)
    writes = [t for t in tlbi_writes(full) if t <= mark]
    eq(len(writes), 2, "maintenance writes up to the marker %d: %s" % (mark, writes))
    check(writes and mark - 1000 <= writes[-1] <= mark, "the 2nd just before the marker: %s" % writes)
    check(any(mark - 1000 <= t <= mark for t in tlbi_writes(w)), "and in the window's own dump")


def case_wave_vcd(e):
    tr = os.path.join(e.source, "traces", "bundled", "seq-small.vmt")
    m = e.run(tr)["physMem"][0]["cycle"]
    w = e.path("w.vcd")
    e.run(tr, "--wave", w, "--wave-window", "%d:%d" % (m, m + 100), stats=None)
    with open(w) as f:
        text = f.read()
    stamps = [l for l in text.splitlines() if l.startswith("#")]
    check("$enddefinitions" in text and len(stamps) >= 100, "VCD written (%d stamps)" % len(stamps))
    check(not os.path.exists(w + ".tmp.fst"), "temporary FST removed")


def case_wave_gtkw_signals(e):
    # Every signal the GTKWave save file docs/vmcosim.gtkw names exists in a waveform.
    tr = os.path.join(e.source, "traces", "bundled", "seq-small.vmt")
    w = e.path("g.fst")
    e.run(tr, "--wave", w, "--wave-window", "0:20000", stats=None)
    r = subprocess.run(["fst2vcd", "-f", w], capture_output=True, text=True)
    names, scope = set(), []
    for line in r.stdout.splitlines():
        p = line.split()
        if line.startswith("$scope"):
            scope.append(p[2])
        elif line.startswith("$upscope"):
            scope.pop()
        elif line.startswith("$var"):
            rng = p[5] if len(p) > 6 and p[5].startswith("[") else ""
            names.add(".".join(scope + [p[4]]) + rng)
        elif line.startswith("$enddefinitions"):
            break
    with open(os.path.join(e.source, "docs", "vmcosim.gtkw")) as f:
        wanted = [l.strip() for l in f if l.strip() and l[0] not in "[@-*"]
    check(len(wanted) > 40, "signals in the save file: %d" % len(wanted))
    for s in wanted:
        check(s in names, "the waveform has " + s)


def case_wave_gtkw_per_run(e):
    # Beside a waveform: WAVE.gtkw (the dump named, every signal of docs/vmcosim.gtkw) and
    # WAVE.tcl, which zooms on the trigger with the marker on it: the fault response must be
    # in the dump within the cycle before the marker (read from the dump, not from vmcosim).
    tr = os.path.join(e.source, "traces", "bundled", "churn.vmt.gz")
    w = e.path("f3.fst")
    e.run(tr, "--wave", w, "--wave-trigger", "fault:3", "--wave-around", "200", stats=None)
    with open(e.path("f3.gtkw")) as f:
        gtkw = f.read()
    check('[dumpfile] "%s"\n' % os.path.realpath(w) in gtkw, "the save file names the dump")
    with open(os.path.join(e.source, "docs", "vmcosim.gtkw")) as f:
        wanted = [l.strip() for l in f if l.strip() and l[0] not in "[@-*"]
    check(all(("\n%s\n" % s) in gtkw for s in wanted), "the save file has every signal of docs/vmcosim.gtkw")
    with open(e.path("f3.tcl")) as f:
        tcl = f.read()
    m = re.search(r"setZoomRangeTimes (\d+) (\d+)\ngtkwave::setMarker (\d+)", tcl)
    check(m is not None, "zoom and marker in the script: " + tcl)
    if not m:
        return
    lo, hi, mark = (int(x) for x in m.groups())
    check(lo < mark < hi and hi - lo <= 81000, "zoom %d..%d ps around the marker %d" % (lo, hi, mark))
    rises = [t for t, _, x in mmu_changes(w, ("rsp_fault_o",)) if x != 0]
    check(any(mark - 1000 <= x <= mark for x in rises), "a fault response just before the marker %d: %s" % (mark, rises))
    # A window: the script zooms to it; a whole run: zoom to fit.
    e.run(os.path.join(e.source, "traces", "bundled", "seq-small.vmt"), "--wave", e.path("w.fst"),
          "--wave-window", "51000:51400", stats=None)
    with open(e.path("w.tcl")) as f:
        check("setZoomRangeTimes 51000000 51400000" in f.read(), "window zoom")


# ---- command line -------------------------------------------------------------------------------

def case_cli_help(e):
    r = subprocess.run([e.vmcosim, "--help"], capture_output=True, text=True)
    eq(r.returncode, 0, "--help exit code")
    for opt in ("--mode", "--itlb", "--dtlb", "--l2tlb", "--walk-cache", "--layout", "--ram-size",
                "--mem-latency", "--seed", "--fw-mem-cycles", "--segfault", "--stats", "--wave",
                "--wave-window", "--wave-trigger", "--quantum", "--frag-every",
                "--double-hit-check"):
        check(opt in r.stdout, "--help lists " + opt)
    eq(r.stderr, "", "no banner or noise on stderr")


def case_cli_bad_options(e):
    tr = os.path.join(e.source, "traces", "bundled", "seq-small.vmt")
    bad = [
        (["--mode", "fast"], "--mode"), (["--itlb", "3x4:lru"], "--itlb"),
        (["--dtlb", "1x32:mru"], "--dtlb"), (["--itlb", "1x4096:lru"], "itlb"),
        (["--l2tlb", "64x3:plru"], "--l2tlb"), (["--walk-cache", "x"], "--walk-cache"),
        (["--layout", "bsd"], "--layout"), (["--ram-size", "3K"], "--ram-size"),
        (["--mem-latency", "9..3"], "--mem-latency"), (["--mem-latency", "0"], "--mem-latency"),
        (["--segfault", "ignore"], "--segfault"), (["--seed", "-1"], "--seed"),
        (["--wave-window", "5:9"], "--wave"), (["--wave", "w.fst", "--wave-window", "9:5"],
                                                "--wave-window"),
        (["--wave", "w.fst", "--wave-trigger", "sneeze"], "--wave-trigger"),
        (["--bogus"], "--bogus"), (["--quantum", "0"], "--quantum"),
        (["--mode", "functional", "--wave", "w.fst"], "--wave"),
        (["--frag-every", "-1"], "--frag-every '-1'"), (["--frag-every", "ten"], "--frag-every 'ten'"),
        (["--frag-every", "99999999999999999999"], "--frag-every"),
        (["--double-hit-check", "yes"], "--double-hit-check 'yes'"),
    ]
    for opts, name in bad:
        r = subprocess.run([e.vmcosim, tr] + opts, capture_output=True, text=True)
        eq(r.returncode, 2, "exit code for " + " ".join(opts))
        check(name in r.stderr, "message names %s: %s" % (name, r.stderr.strip()))
    r = subprocess.run([e.vmcosim], capture_output=True, text=True)
    eq(r.returncode, 2, "no trace")
    # An unwritable statistics file is refused before the run (exit code 6).
    r = subprocess.run([e.vmcosim, tr, "--stats", e.path("no/such/dir/s.json")],
                       capture_output=True, text=True)
    eq(r.returncode, 6, "unwritable --stats")
    check("--stats" in r.stderr, "message names --stats: " + r.stderr.strip())


def case_cli_bad_trace(e):
    p = e.trace("bad.vmt", ["create 1", "switch 1", "R u 0x1000 four"])
    d = e.run(p, expect_rc=3)
    check(d is None and not os.path.exists(e.path("stats.json")), "no statistics file")
    check("bad.vmt:4" in e.last.stderr, "error names file and line: " + e.last.stderr.strip())
    leftovers = [f for f in os.listdir(e.work) if ".tmp." in f]
    eq(leftovers, [], "no temporary files")
    e.run(e.path("missing.vmt"), expect_rc=3)
    with open(e.path("trunc.vmtb"), "wb") as f:
        f.write(b"\x89VMTB\n\x01\x00\x80\x01")
    e.run(e.path("trunc.vmtb"), expect_rc=3)
    check("trunc.vmtb" in e.last.stderr, "binary error names the file: " + e.last.stderr.strip())


def case_cli_one_core_only(e):
    """A version-2 trace whose records are all on core 0 replays as its version-1 twin (the same
    statistics, byte for byte); a record on another core is refused (exit 3, naming the record),
    never replayed as if it were on core 0."""
    body = ["create 1", "switch 1", "mmap 1 0x01000000 0x4000 rw- anon private"] + \
           ["R u %s 4" % va(0x01000000, k % 4, 8 * k) for k in range(40)]
    for name, prefix in (("v2.vmt", ""), ("core1.vmt", "@1 ")):
        lines = body[:20] + [prefix + "R u 0x01000000 4"] + body[20:]   # record 21
        with open(e.path(name), "w") as f:
            f.write("vmctrace text 2\n" + "\n".join(lines) + "\n")
    d1 = e.run(e.trace("v1.vmt", body[:20] + ["R u 0x01000000 4"] + body[20:]), stats="v1.json")
    d2 = e.run(e.path("v2.vmt"), stats="v2.json")
    for d in (d1, d2):
        d["config"].pop("trace")   # the file names differ
    eq(d2, d1, "statistics of a version-2 trace on core 0 and of its version-1 twin")
    subprocess.run([e.vmctrace, "convert", e.path("core1.vmt"), e.path("core1.vmtb")], check=True)
    for name in ("core1.vmt", "core1.vmtb"):
        d = e.run(e.path(name), stats=None, expect_rc=3)
        check(d is None, "no statistics")
        check("%s: record 21: a record on core 1" % name in e.last.stderr,
              "the refusal names the file and the record: " + e.last.stderr.strip())


def interrupted_run(cmd):
    """Runs cmd (vmcosim reading the trace "-") on an endless trace on standard input and
    interrupts it after a second; returns its exit code."""
    import threading
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    head = b"vmctrace text 1\ncreate 1\nswitch 1\nmmap 1 0x10000000 0x10000 rw- anon private\n"
    chunk = b"".join(b"R u 0x%08x 4\n" % (0x10000000 + (i * 4100) % 0x10000) for i in range(4096))

    def feed():
        try:
            p.stdin.write(head)
            while p.poll() is None:
                p.stdin.write(chunk)
        except (BrokenPipeError, ValueError, OSError):
            pass
    t = threading.Thread(target=feed, daemon=True)
    t.start()
    time.sleep(1.0)
    p.send_signal(signal.SIGINT)
    p.wait(timeout=60)
    return p.returncode


def case_cli_sigint(e):
    # An endless trace on standard input, interrupted after a second.
    sp = e.path("int.json")
    eq(interrupted_run([e.vmcosim, "--quiet", "-", "--stats", sp]), 130, "exit code after SIGINT")
    with open(sp) as f:
        d = json.load(f)
    eq(d["partial"], True, "partial statistics")
    check(d["accesses"]["total"] > 0, "some accesses: %d" % d["accesses"]["total"])
    eq(d["stopReason"], "interrupted", "stop reason")


def case_cli_stats_stdout(e):
    # --stats - : the JSON alone on standard output, the same bytes as --stats FILE; the summary
    # moves to standard error. --quiet: nothing at all on either stream.
    tr = os.path.join(e.source, "traces", "bundled", "seq-small.vmt")
    base = [e.vmcosim, "--mode", "functional", tr]
    e.run(tr, "--mode", "functional", stats="file.json")
    with open(e.path("file.json")) as f:
        want = f.read()
    r = subprocess.run(base + ["--stats", "-"], capture_output=True, text=True)
    eq(r.returncode, 0, "exit code with --stats -")
    eq(r.stdout, want, "--stats - writes the JSON file's bytes to stdout")
    check("TLB" in r.stderr and "hit rate" in r.stderr, "summary on stderr: " + r.stderr[:80])
    check(not os.path.exists("-") and not os.path.exists(e.path("-")), "no file named '-'")
    r = subprocess.run(base + ["--quiet"], capture_output=True, text=True)
    eq((r.returncode, r.stdout, r.stderr), (0, "", ""), "--quiet prints nothing")
    r = subprocess.run(base + ["--quiet", "--stats", "-"], capture_output=True, text=True)
    eq((r.stdout, r.stderr), (want, ""), "--quiet --stats -: the JSON only")


def case_stats_summary_text(e):
    # The summary's walk and fault lines say what the JSON says: walks by the table they ended
    # at, and the mean handling cost per fault (total cycles / faults, worked out here).
    tr = os.path.join(e.source, "traces", "bundled", "churn.vmt.gz")
    sp = e.path("s.json")
    r = subprocess.run([e.vmcosim, "--mode", "functional", tr, "--stats", sp],
                       capture_output=True, text=True)
    eq(r.returncode, 0, "exit code")
    with open(sp) as f:
        d = json.load(f)
    lv = d["walker"]["walksShortTerminationLevel"]
    walks = "ended at the level-1 table %d, at a level-2 table %d" % (lv["Level1"], lv["Level2"])
    check(walks in r.stdout, "summary says: " + walks)
    n, cyc = d["faults"]["total"], d["faults"]["handlingCycles"]["total"]
    check(n > 1000, "churn has faults: %d" % n)
    mean = "handling cycles %d, mean %.1f per fault" % (cyc, cyc / n)
    check(mean in r.stdout, "summary says: " + mean)


def case_cli_outdir_config(e):
    # --outdir: stats, summary and configuration of a run in one folder; --config with that
    # configuration (or the statistics file) repeats the run byte for byte.
    import shutil
    tr = os.path.join(e.source, "traces", "bundled", "churn.vmt.gz")
    d1, d2, d3 = e.path("run1"), e.path("run2"), e.path("run3")
    for d in (d1, d2, d3):
        shutil.rmtree(d, ignore_errors=True)
    opts = ["--mode", "functional", "--dtlb", "16x4:lru", "--large-pages", "--seed", "7",
            "--mem-latency", "5..20", "--fw-entry-cycles", "70"]
    r = subprocess.run([e.vmcosim, tr, "--outdir", d1] + opts, capture_output=True, text=True)
    eq(r.returncode, 0, "exit code with --outdir")
    eq(sorted(os.listdir(d1)), ["config.json", "stats.json", "summary.txt"], "files in the run's folder")
    with open(os.path.join(d1, "summary.txt")) as f:
        eq(f.read(), r.stdout, "summary.txt is the printed summary")
    with open(os.path.join(d1, "config.json")) as f:
        cfg = json.load(f)
    want = {"trace": tr, "mode": "functional", "dtlb": "16x4:lru", "largePages": True, "seed": 7,
            "memLatency": "5..20"}
    eq({k: cfg[k] for k in want}, want, "config.json holds the options given")
    eq(cfg["cost"]["excEntry"], 70, "config.json: cost.excEntry")
    with open(os.path.join(d1, "stats.json")) as f:
        first = f.read()
    eq(json.loads(first)["config"], cfg, "config.json is the statistics' config")
    for src, d in ((os.path.join(d1, "config.json"), d2), (os.path.join(d1, "stats.json"), d3)):
        r = subprocess.run([e.vmcosim, "--quiet", "--config", src, "--outdir", d], capture_output=True, text=True)
        eq(r.returncode, 0, "exit code with --config " + src)
        with open(os.path.join(d, "stats.json")) as f:
            eq(f.read(), first, "--config %s repeats the run byte for byte" % os.path.basename(src))
    # Options after --config override it; a trace on the command line replaces the file's.
    d = e.run(os.path.join(e.source, "traces", "bundled", "seq-small.vmt"), "--config",
              os.path.join(d1, "config.json"), "--dtlb", "1x8:lru")
    eq((d["config"]["dtlb"], d["config"]["seed"], d["config"]["trace"].endswith("seq-small.vmt")),
       ("1x8:lru", 7, True), "command line over --config")
    # Bad files: the message names the file, the line and the key.
    bad = [('{\n "mode": "functional",\n "colour": "red"\n}\n', "k.json:3: colour: unknown key"),
           ('{\n "itlb": "3x4:lru"\n}\n', "k.json:2: itlb: --itlb '3x4:lru'"),
           ('{\n "largePages": 1\n}\n', "k.json:2: largePages: not true or false"),
           ('{\n "seed": 7,\n "mode" "rtl"\n}\n', "k.json:3: expected ':'"),
           ('[1, 2]\n', "k.json: not a JSON object")]
    for text, msg in bad:
        with open(e.path("k.json"), "w") as f:
            f.write(text)
        r = subprocess.run([e.vmcosim, tr, "--config", e.path("k.json")], capture_output=True, text=True)
        eq(r.returncode, 2, "exit code for a bad --config: " + msg)
        check(msg in r.stderr, "message %r in %r" % (msg, r.stderr.strip()))
    r = subprocess.run([e.vmcosim, tr, "--config", e.path("none.json")], capture_output=True, text=True)
    check(r.returncode == 2 and "none.json: cannot read" in r.stderr, "missing --config file: " + r.stderr)


CASES = {n[5:]: f for n, f in globals().items() if n.startswith("case_")}

def main(cases):
    """Runs the case named on the command line (also used by hostile_test.py)."""
    ap = argparse.ArgumentParser()
    ap.add_argument("case", choices=sorted(cases))
    ap.add_argument("--vmcosim", required=True)
    ap.add_argument("--vmctrace", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--source", required=True)
    a = ap.parse_args()
    cases[a.case](Env(a))
    if FAILURES:
        print("%s: %d check(s) failed" % (a.case, len(FAILURES)), file=sys.stderr)
        sys.exit(1)
    print(a.case + ": passed")


if __name__ == "__main__":
    main(CASES)
