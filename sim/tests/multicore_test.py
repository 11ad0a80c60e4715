#!/usr/bin/env python3
"""End-to-end tests of vmcosim --cores N (label cosim; docs/cosim.md "Several cores"). Each
case writes a small version-2 trace (records on cores: "@C " before the record) and checks the
statistics against figures worked out by hand from the trace, docs/mmu-contract.md and the
firmware's maintenance rules (docs/firmware.md "Several cores"); the comments show the working.
Negative controls run the same trace with --inject-local-shootdown (broadcasts act on the
issuing core only) and show the stale translation that the broadcast removes.

usage: multicore_test.py CASE --vmcosim BIN --vmctrace BIN --work DIR --source DIR
"""
import glob
import json
import os
import shutil
import stat
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cosim_test import check, eq, interrupted_run, main, tcl_marker  # noqa: E402

P = 0x10000000   # the page the cases share


def trace2(e, name, lines):
    """A version-2 text trace."""
    p = e.path(name)
    with open(p, "w") as f:
        f.write("vmctrace text 2\n" + "\n".join(lines) + "\n")
    return p


def run_full(e, trace, *opts):
    """vmcosim without --quiet: (the statistics' bytes, the summary on stdout)."""
    sp = e.path("full.json")
    r = subprocess.run([e.vmcosim, trace, "--stats", sp] + list(opts), capture_output=True,
                       text=True, timeout=250)
    eq(r.returncode, 0, "exit code of %s %s: %s" % (trace, opts, r.stderr[-300:]))
    with open(sp) as f:
        return f.read(), r.stdout


def core(d, c):
    return d["cores"]["perCore"][c]


def case_cores_unmap_then_fault(e):
    # Threads of process 1 on cores 0 and 1 (both switched to it). Core 0 writes P first: a
    # demand-zero fault and its retry (2 DTLB lookups, no hit). Core 1 reads P twice: a miss (its
    # walk finds the new page, no fault) and a hit. Core 0 unmaps P: the space ran on cores 0 and
    # 1, so the firmware broadcasts one TLBIMVAIS (one page) and waits at BCAST_SYNC. Core 1's
    # next read of P then misses, walks, faults (no region) and is a segmentation fault.
    #   core 0: 1 access, DTLB 2 lookups 0 hits, 1 fault; sent 1 TLBIMVAIS, waited 1 x 37
    #   core 1: 3 accesses, DTLB 3 lookups 1 hit, 1 fault; received 1, lost 37 cycles
    lines = ["create 1", "switch 1", "@1 switch 1", "mmap 1 0x%08x 0x2000 rw- anon private" % P,
             "W u 0x%08x 4" % P, "@1 R u 0x%08x 4" % P, "@1 R u 0x%08x 4" % (P + 4),
             "munmap 1 0x%08x 0x1000" % P, "@1 R u 0x%08x 4" % (P + 8)]
    t = trace2(e, "unmap.vmt", lines)
    d = e.run(t, "--mode", "functional", "--cores", "2", "--shootdown-cycles", "37",
              "--segfault", "continue")
    eq(d["cores"]["count"], 2, "cores")
    eq([core(d, 0)[k] for k in ("accesses", "faults")], [1, 1], "core 0: accesses, faults")
    eq([core(d, 0)["dtlb"][k] for k in ("accesses", "hits")], [2, 0], "core 0: DTLB")
    eq([core(d, 1)[k] for k in ("accesses", "faults")], [3, 1], "core 1: accesses, faults")
    eq([core(d, 1)["dtlb"][k] for k in ("accesses", "hits")], [3, 1], "core 1: DTLB")
    eq(core(d, 0)["shootdownsSent"]["flushTlbMvaIs"], 1, "core 0 broadcast one TLBIMVAIS")
    eq(core(d, 1)["shootdownsReceived"], 1, "core 1 received it")
    eq(core(d, 0)["cycles"]["shootdownWait"], 37, "core 0 waited for core 1")
    eq(core(d, 1)["cycles"]["shootdownLost"], 37, "core 1 lost the cycles of one command")
    eq(d["cores"]["shootdowns"]["flushTlbMvaIs"], 1, "shootdowns in all")
    eq(d["tlbMaintenance"]["flushTlbMva"], 1, "the TLBIMVAIS is the firmware's one TLBIMVA")
    eq(d["faults"]["segfaults"], 1, "core 1's read after the unmap is a segmentation fault")
    sf = d["faults"]["segfaultList"][0]
    eq((sf["pid"], sf["va"]), (1, P + 8), "the segmentation fault is core 1's read")
    eq(d["faults"]["total"], 2, "faults in all")
    for c in (0, 1):
        cy = core(d, c)["cycles"]
        eq(cy["total"], cy["hardware"] + cy["firmware"] + cy["shootdownLost"], "core %d's clock" % c)
    check(core(d, 0)["cycles"]["firmware"] >= 37, "the wait is in core 0's firmware cycles")

    # Negative control: the unmap's TLBIMVAIS acts on core 0 only; core 1 keeps its stale
    # translation, so its last read hits a page that is no longer mapped: no fault at all.
    d = e.run(t, "--mode", "functional", "--cores", "2", "--shootdown-cycles", "37",
              "--segfault", "continue", "--inject-local-shootdown")
    eq([core(d, 1)["dtlb"][k] for k in ("accesses", "hits")], [3, 2],
       "injected: core 1 hits its stale entry")
    eq(d["faults"]["segfaults"], 0, "injected: the stale translation hides the segmentation fault")
    eq(core(d, 1)["shootdownsReceived"], 0, "injected: nothing reached core 1")


def case_cores_broadcast_all(e):
    # Four cores run process 1. Core 0 writes P (fault and retry), cores 1-3 read it (a miss
    # each), then every core reads P again (a hit each). Core 2 makes P read-only: the space ran
    # on all four cores, so one TLBIMVAIS reaches every core. Every core's next read misses
    # and walks (the page is readable, no fault).
    #   core 0: DTLB 4 lookups (fault, retry, hit, miss), 1 hit
    #   cores 1-3: DTLB 3 lookups (miss, hit, miss), 1 hit
    #   core 2 sent 1 and waited 11 (the other cores do the command at once: the wait is per
    #   command, not per core); cores 0, 1, 3 lost 11 each
    lines = ["create 1", "switch 1", "@1 switch 1", "@2 switch 1", "@3 switch 1",
             "mmap 1 0x%08x 0x1000 rw- anon private" % P, "W u 0x%08x 4" % P]
    lines += ["@%d R u 0x%08x 4" % (c, P) for c in (1, 2, 3)]
    lines += ["%sR u 0x%08x 4" % ("@%d " % c if c else "", P + 4) for c in range(4)]
    lines += ["@2 mprotect 1 0x%08x 0x1000 r--" % P]
    lines += ["%sR u 0x%08x 4" % ("@%d " % c if c else "", P + 8) for c in range(4)]
    t = trace2(e, "bcast.vmt", lines)
    d = e.run(t, "--mode", "functional", "--cores", "4", "--shootdown-cycles", "11")
    want = {0: [4, 1], 1: [3, 1], 2: [3, 1], 3: [3, 1]}
    for c in range(4):
        eq([core(d, c)["dtlb"][k] for k in ("accesses", "hits")], want[c], "core %d: DTLB" % c)
        eq(core(d, c)["shootdownsReceived"], 0 if c == 2 else 1, "core %d received" % c)
        eq(core(d, c)["cycles"]["shootdownLost"], 0 if c == 2 else 11, "core %d lost" % c)
    eq(core(d, 2)["shootdownsSent"]["flushTlbMvaIs"], 1, "core 2 sent one TLBIMVAIS")
    eq(core(d, 2)["cycles"]["shootdownWait"], 11, "core 2's wait: one command")
    eq(d["faults"]["total"], 1, "one fault (core 0's first write)")
    eq(d["cores"]["shootdowns"]["lostCycles"], 33, "three cores lost 11 each")

    # Negative control: the protection change reaches core 2 only; the others keep hitting
    # their stale read-write entries.
    d = e.run(t, "--mode", "functional", "--cores", "4", "--shootdown-cycles", "11",
              "--inject-local-shootdown")
    for c in (0, 1, 3):
        eq(core(d, c)["dtlb"]["hits"], want[c][1] + 1, "injected: core %d hits its stale entry" % c)
    eq(core(d, 2)["dtlb"]["hits"], 1, "injected: core 2 itself misses")


def case_cores_deterministic(e):
    # The same multi-core trace twice gives the same bytes (statistics and summary); and the
    # per-core figures add up to the run's.
    lines = ["create 1", "switch 1", "@1 create 2", "@1 switch 2",
             "mmap 1 0x%08x 0x8000 rw- anon private" % P, "@1 mmap 2 0x%08x 0x8000 rw- anon private" % P]
    for k in range(64):
        lines.append("%sW u 0x%08x 4" % ("@1 " if k % 3 == 0 else "", P + (k * 4104) % 0x8000))
        if k % 16 == 15:
            lines.append("munmap 1 0x%08x 0x1000" % (P + 0x1000 * (k // 16)))
    t = trace2(e, "det.vmt", lines)
    outs = []
    for run in range(2):
        outs += run_full(e, t, "--mode", "functional", "--cores", "3", "--mem-latency", "5..20",
                         "--segfault", "continue")
    eq(outs[2], outs[0], "statistics of two runs")
    eq(outs[3], outs[1], "summaries of two runs")
    check("core 2: 0 accesses" in outs[1], "the summary has a line per core")
    d = json.loads(outs[0])
    sys.path.insert(0, "/usr/lib/python3/dist-packages")
    import jsonschema
    with open(os.path.join(e.source, "docs", "stats-schema.json")) as f:
        jsonschema.validate(d, json.load(f))
    per = d["cores"]["perCore"]
    eq(sum(c["accesses"] for c in per), d["accesses"]["total"], "per-core accesses add up")
    eq(sum(c["dtlb"]["accesses"] for c in per), d["dtb"]["accesses"], "per-core DTLB lookups add up")
    eq(sum(c["mmuCounters"]["walks"] for c in per), d["mmuCounters"]["walks"],
       "per-core MMU walk counters add up")
    eq(per[2]["accesses"], 0, "core 2 ran nothing")


def case_cores_one_core_identical(e):
    # --cores 1 is today's single-core run: the same bytes as no --cores, on every bundled trace
    # (statistics and summary); and the statistics have no "cores" key.
    traces = sorted(glob.glob(os.path.join(e.source, "traces", "bundled", "*.vmt*")))
    check(len(traces) >= 10, "bundled traces found: %d" % len(traces))
    for t in traces:
        name = os.path.basename(t)
        got = []
        for opts in ([], ["--cores", "1"]):
            got += run_full(e, t, "--mode", "functional", *opts)
        eq(got[2], got[0], name + ": statistics with --cores 1")
        eq(got[3], got[1], name + ": summary with --cores 1")
        check('"cores"' not in got[0], name + ": no cores key on one core")
        check(got[1].startswith("vmcosim functional: ") and "cores" not in got[1],
              name + ": a one-core summary")


def case_cores_rtl(e):
    # Four Verilated MMUs (RTL mode) against four reference models (functional mode) on the
    # bundled multi-core traces: every per-core TLB, walk, fault and shootdown figure equal, and
    # the cycles too: the model's estimate follows the RTL's timing rules, a broadcast command
    # included (each receiving core spends a register write on it); lockstep: no divergence.
    folder = os.path.join(e.source, "traces", "bundled", "multicore")
    traces = sorted(glob.glob(os.path.join(folder, "*.vmt*")))
    check(len(traces) >= 2, "bundled multi-core traces: %d" % len(traces))
    keys = ("accesses", "translations", "itlb", "dtlb", "l2tlb", "walks", "faults",
            "shootdownsSent", "shootdownsReceived", "cycles")
    for t in traces:
        name = os.path.basename(t)
        got = {}
        for mode in ("functional", "rtl"):
            d = e.run(t, "--mode", mode, "--cores", "4", stats=mode + ".json")
            got[mode] = ([{k: c[k] for k in keys} for c in d["cores"]["perCore"]],
                         d["cores"]["shootdowns"], d["faults"]["total"], d["walker"]["walks"],
                         d["cycles"])
        eq(got["rtl"], got["functional"], name + ": per-core figures, RTL against the model")
        d = e.run(t, "--mode", "lockstep", "--cores", "4", stats="lock.json")
        check(d["lockstepCompared"] >= d["accesses"]["translations"] > 0, name + ": lockstep compared")


def case_cores_maintenance_counted(e):
    # tlbMaintenance counts every maintenance command the firmware wrote, broadcast ones too.
    # The MMUs count independently what they executed (FLUSHES): every core executes each
    # broadcast command and its own local ones, so over the cores
    #   sum(FLUSHES) = boot's commands + commands written + broadcasts received by other cores.
    # The bundled trace's warm-up marker is dropped: the MMU counters are not reset by it.
    cut = e.path("shootdown.vmt")
    with open(cut, "w") as f:
        subprocess.run([e.vmctrace, "print", os.path.join(e.source, "traces", "bundled",
                        "multicore", "shootdown.vmtb.gz")], stdout=f, check=True)
    lines = [l for l in open(cut) if "marker" not in l]
    with open(cut, "w") as f:
        f.writelines(lines)
    boot = e.run(trace2(e, "boot.vmt", ["@3 create 1"]), "--mode", "functional", "--cores", "4",
                 stats="boot.json")["mmuCounters"]["flushes"]
    d = e.run(cut, "--mode", "functional", "--cores", "4")
    written = sum(d["tlbMaintenance"].values())
    sd = d["cores"]["shootdowns"]
    broadcast = sum(sd[k] for k in ("flushTlbIs", "flushTlbMvaIs", "flushTlbAsidIs",
                                    "flushTlbMvaAllAsidIs"))
    check(broadcast > 0 and sd["received"] == 3 * broadcast, "every broadcast reached 3 cores")
    eq(written, d["mmuCounters"]["flushes"] - boot - sd["received"],
       "commands written, from the MMUs' FLUSHES")
    for k in ("flushTlb", "flushTlbMva", "flushTlbAsid", "flushTlbMvaAllAsid"):
        check(d["tlbMaintenance"][k] >= sd[k + "Is"], k + " includes its broadcasts")


def case_cores_config_replay(e):
    # A 4-core run's config.json (--outdir) read back with --config repeats the run: the same
    # cores, shootdown cost and injection, so byte-identical statistics. Each setting is also
    # one the figures depend on (a replay on one core could not run this trace at all).
    tr = os.path.join(e.source, "traces", "bundled", "multicore", "shootdown.vmtb.gz")
    for opts in (["--shootdown-cycles", "37"], ["--inject-local-shootdown"]):
        d1, d2 = e.path("run1"), e.path("run2")
        for d in (d1, d2):
            shutil.rmtree(d, ignore_errors=True)
        first = [e.vmcosim, "--quiet", tr, "--mode", "functional", "--cores", "4", "--outdir", d1]
        replay = [e.vmcosim, "--quiet", "--config", os.path.join(d1, "config.json"), "--outdir", d2]
        for cmd in (first + opts, replay):
            r = subprocess.run(cmd, capture_output=True, text=True, timeout=250)
            eq(r.returncode, 0, "exit code of %s: %s" % (cmd[2:], r.stderr[-300:]))
        with open(os.path.join(d1, "config.json")) as f:
            cfg = json.load(f)
        eq((cfg["cores"], cfg["shootdownCycles"], cfg["localShootdownInjected"]),
           (4, 37 if "--shootdown-cycles" in opts else 100, "--inject-local-shootdown" in opts),
           "config.json of %s" % opts)
        for name in ("stats.json", "summary.txt"):
            with open(os.path.join(d1, name)) as a, open(os.path.join(d2, name)) as b:
                check(a.read() == b.read(), "%s: %s replayed byte for byte" % (opts, name))


def vcd_changes(text):
    """A VCD's changes, read independently of vmcosim: ({signal path: [(time, value)]}, the time
    stamps in file order, the top scopes in order). A path joins its scopes with '.'."""
    lines = iter(text.splitlines())
    ids, scopes, tops = {}, [], []
    for line in lines:
        w = line.split()
        if w[:1] == ["$scope"]:
            scopes.append(w[2])
            if len(scopes) == 1:
                tops.append(w[2])
        elif w[:1] == ["$upscope"]:
            scopes.pop()
        elif w[:1] == ["$var"]:
            ids.setdefault(w[3], []).append(".".join(scopes + [w[4]]))
        elif w[:1] == ["$enddefinitions"]:
            break
    changes, stamps, t = {n: [] for names in ids.values() for n in names}, [], 0
    for line in lines:
        if not line or line[0] == "$":
            continue
        if line[0] == "#":
            t = int(line[1:])
            stamps.append(t)
            continue
        value, code = line[1:].split() if line[0] in "bBrR" else (line[0], line[1:])
        for n in ids.get(code, ()):
            changes[n].append((t, value))
    return changes, stamps, tops


def fst_changes(path):
    r = subprocess.run(["fst2vcd", "-f", path], capture_output=True, text=True, timeout=120)
    eq(r.returncode, 0, "fst2vcd reads " + path)
    return vcd_changes(r.stdout)


def rises(changes, signal):
    """How often a single-bit signal rose (x or 0 to 1), and when."""
    last, at = None, []
    for t, v in changes.get(signal, []):
        if v == "1" and last != "1":
            at.append(t)
        last = v
    return at


def threads_and_requests(e, cores):
    """A small `vmctrace gen threads` trace on `cores` cores, and the requests each core's MMU
    gets from it, counted from its text: an access is one request, the first touch of a page
    (anywhere) a demand fault and its retry, two."""
    t = e.path("threads.vmtb")
    subprocess.run([e.vmctrace, "gen", "threads", "-o", t, "--records", "300", "--cores",
                    str(cores)], check=True, timeout=60)
    text = subprocess.run([e.vmctrace, "print", t], check=True, capture_output=True, text=True,
                          timeout=60).stdout
    want, seen = [0] * cores, set()
    for line in text.splitlines():
        w = line.split()
        c = int(w[0][1:]) if w and w[0].startswith("@") else 0
        w = w[1:] if w and w[0].startswith("@") else w
        if w and w[0] in ("R", "W", "X"):
            page = int(w[2], 16) >> 12
            want[c] += 1 if page in seen else 2
            seen.add(page)
    check(min(want) > 0, "every core has accesses: %s" % want)
    return t, want


def case_cores_wave(e):
    # --wave with two cores: ONE file (VCD here, through the FST), a top scope per core (core0,
    # core1) with the same signal set. Core k's signal changes in it are exactly those of its
    # own dump (--wave-keep-cores keeps them; compared through fst2vcd), time stamps rise, and
    # each core's req_valid_i pulses once per request it was given: an access is one request,
    # the first touch of a page (anywhere) a demand fault and its retry, two. Counted here from
    # the trace's text (vmctrace print). The statistics are the same with and without --wave.
    t, want = threads_and_requests(e, 2)
    wave = e.path("w.vcd")
    e.run(t, "--mode", "rtl", "--cores", "2", stats="plain.json")
    with open(e.path("plain.json"), "rb") as f:
        plain = f.read()
    e.run(t, "--mode", "rtl", "--cores", "2", "--wave", wave, "--wave-keep-cores", stats="wave.json")
    with open(e.path("wave.json"), "rb") as f:
        eq(f.read(), plain, "statistics with --wave against without")
    with open(wave) as f:
        merged, stamps, tops = vcd_changes(f.read())
    eq(tops, ["core0", "core1"], "top scopes of the one file")
    check(stamps == sorted(stamps) and len(set(stamps)) == len(stamps), "time stamps rise")
    sets = [{n.split(".", 1)[1] for n in merged if n.startswith("core%d." % c)} for c in (0, 1)]
    check(len(sets[0]) > 500 and sets[0] == sets[1], "the same signals under each core's scope")
    for c in (0, 1):
        own, own_stamps, own_tops = fst_changes(e.path("w.core%d.fst" % c))
        eq(own_tops, ["core%d" % c], "core %d's own dump: its scope" % c)
        mine = {n: v for n, v in merged.items() if n.startswith("core%d." % c)}
        eq(sorted(mine), sorted(own), "core %d: signals" % c)
        differ = [n for n in own if own[n] != mine[n]]
        eq(differ[:3], [], "core %d: signals whose changes differ from its own dump" % c)
        check(set(own_stamps) <= set(stamps), "core %d's times are in the merged file" % c)
        eq(len(rises(mine, "core%d.req_valid_i" % c)), want[c], "core %d: req_valid_i pulses" % c)
    with open(e.path("w.gtkw")) as f:
        gtkw = f.read()
    check(all("\n-core%d\n" % c in gtkw and "\ncore%d.req_valid_i\n" % c in gtkw for c in (0, 1))
          and "\nmmu." not in gtkw, "the GTKWave file lists every core's scope")
    named = [l.split("[")[0] for l in gtkw.splitlines() if l and l[0] not in "[@-*"]
    eq(sorted({n.split(".", 1)[0] for n in named}), ["core0", "core1"], "the save file's scopes")
    eq([n for n in named if n not in merged][:3], [], "save-file signals missing from the waveform")
    left = [n for n in os.listdir(e.work) if n.startswith(".vmcosim-wave")]
    eq(left, [], "the cores' scratch dumps are removed")


def case_cores_wave_trigger(e):
    # --wave-trigger with two cores. The trace (hand-made): both cores run process 1; core 0
    # touches page P (fault 1, on core 0), then reads it 40 times; core 1 touches P + 0x1000
    # (fault 2, on core 1). fault:2 is core 1's: the run names core 1, the window is the same
    # cycles on both cores' clocks, the marker is on core 1's clock, and core 1's scope shows a
    # fault response in the cycle before the marker, core 0's none near it.
    lines = ["create 1", "switch 1", "@1 switch 1", "mmap 1 0x%08x 0x4000 rw- anon private" % P,
             "W u 0x%08x 4" % P] + ["R u 0x%08x 4" % (P + 4 * i) for i in range(40)] + \
            ["@1 W u 0x%08x 4" % (P + 0x1000)]
    t = trace2(e, "trig.vmt", lines)
    w = e.path("f2.fst")
    e.run(t, "--mode", "rtl", "--cores", "2", "--wave", w, "--wave-trigger", "fault:2",
          "--wave-around", "100", stats=None)
    check("around fault 2" in e.last.stderr and "on core 1's clock" in e.last.stderr,
          "the run names the trigger and its core: " + e.last.stderr.strip())
    mark = tcl_marker(e.path("f2.tcl"))
    if mark is None:
        return
    ch, stamps, tops = fst_changes(w)
    eq(tops, ["core0", "core1"], "both cores in the window")
    check(stamps and stamps[0] >= mark - 100000 and stamps[-1] <= mark + 101000,
          "samples within the window %d..%d: %s..%s" % (mark - 100000, mark + 101000,
                                                       stamps[:1], stamps[-1:]))
    faults = [[tt for tt, v in ch["core%d.rsp_fault_o" % c] if v.strip("b0") not in ("", "x")]
              for c in (0, 1)]
    check(any(mark - 1000 <= tt <= mark for tt in faults[1]),
          "core 1: a fault response just before the marker %d: %s" % (mark, faults[1]))
    check(not any(mark - 5000 <= tt <= mark + 5000 for tt in faults[0]),
          "core 0: no fault response near the marker: %s" % faults[0])


def maint_writes(changes, scope):
    """Times of a scope's register-port writes to a TLB maintenance register (0x040-0x05C,
    the local and the IS commands): APB access phases read from the waveform itself."""
    v, at, events = {}, [], []
    for name in ("psel_i", "penable_i", "pwrite_i", "paddr_i"):
        events += [(t, name, x) for t, x in changes[scope + "." + name]]
    for t, name, x in sorted(events, key=lambda ev: ev[0]):
        v[name] = int(x.lstrip("b"), 2) if set(x.lstrip("b")) <= set("01") else -1
        if (name == "penable_i" and v[name] == 1 and v.get("psel_i") == 1 and
                v.get("pwrite_i") == 1 and 0x40 <= v.get("paddr_i", -1) <= 0x5C):
            at.append(t)
    return at


def case_cores_wave_trigger_maint(e):
    # maint:K with two cores counts every core's maintenance commands. The trace: both cores
    # run process 1 and touch P; then core 1 unmaps P, which the space ran on both cores, so
    # core 1 broadcasts a TLBIMVAIS: the run's last command. K is found from outside: the
    # largest K for which vmcosim writes a window. That window must name core 1 and hold
    # core 1's write of a maintenance register within the cycle before the marker.
    lines = ["create 1", "switch 1", "@1 switch 1", "mmap 1 0x%08x 0x2000 rw- anon private" % P,
             "W u 0x%08x 4" % P, "@1 R u 0x%08x 4" % (P + 4), "@1 munmap 1 0x%08x 0x1000" % P]
    t = trace2(e, "maint.vmt", lines)
    w, last = e.path("m.fst"), None
    for k in range(1, 200):
        e.run(t, "--mode", "rtl", "--cores", "2", "--wave", w, "--wave-trigger", "maint:%d" % k,
              "--wave-around", "50", stats=None)
        if "there was no maint number %d" % k in e.last.stderr:
            break
        last = k
    check(last is not None and last < 199, "maintenance commands counted: %s" % last)
    e.run(t, "--mode", "rtl", "--cores", "2", "--wave", w, "--wave-trigger", "maint:%d" % last,
          "--wave-around", "50", stats=None)
    check("on core 1's clock" in e.last.stderr, "the last command is core 1's: " + e.last.stderr)
    mark = tcl_marker(e.path("m.tcl"))
    if mark is None:
        return
    writes = maint_writes(fst_changes(w)[0], "core1")
    check(any(mark - 1000 <= x <= mark for x in writes),
          "core 1 writes a maintenance register just before the marker %d: %s" % (mark, writes))


def case_cores_wave_outputs(e):
    # With two cores the one output follows the single-core rules: a FIFO gets the merged VCD
    # (and stays a FIFO), an unwritable path is refused before the run, and an interrupted run
    # (Ctrl-C) leaves partial statistics and a complete waveform, no scratch dumps.
    shutil.rmtree(e.work)   # a fresh folder: the FIFO, and what is left in it at the end
    os.makedirs(e.work)
    t = e.path("threads.vmtb")
    subprocess.run([e.vmctrace, "gen", "threads", "-o", t, "--records", "200", "--cores", "2"],
                   check=True, timeout=60)
    e.run(t, "--mode", "rtl", "--cores", "2", "--wave", e.path("plain.vcd"), stats=None)
    with open(e.path("plain.vcd"), "rb") as f:
        plain = f.read()
    os.mkfifo(e.path("pipe.vcd"))
    with open(e.path("from-pipe.vcd"), "wb") as sink:
        reader = subprocess.Popen(["timeout", "120", "cat", e.path("pipe.vcd")], stdout=sink)
        e.run(t, "--mode", "rtl", "--cores", "2", "--wave", e.path("pipe.vcd"), stats=None)
        reader.wait(timeout=150)
    with open(e.path("from-pipe.vcd"), "rb") as f:
        got = f.read()
    check(stat.S_ISFIFO(os.lstat(e.path("pipe.vcd")).st_mode), "the FIFO stays")
    # fst2vcd writes the conversion date in the header; compare from the first $var on.
    check(b"$var" in got and got[got.find(b"$var"):] == plain[plain.find(b"$var"):],
          "the FIFO's reader got the merged VCD")
    e.run(t, "--mode", "rtl", "--cores", "2", "--wave", e.path("no/such/dir/w.fst"), stats=None,
          expect_rc=6)
    check("--wave" in e.last.stderr and "no/such/dir/w.fst" in e.last.stderr,
          "the refusal names the file: " + e.last.stderr.strip())
    sp, w = e.path("int.json"), e.path("int.fst")
    eq(interrupted_run([e.vmcosim, "--quiet", "-", "--mode", "rtl", "--cores", "2", "--wave", w,
                        "--stats", sp]), 130, "exit code after SIGINT")
    with open(sp) as f:
        eq(json.load(f)["partial"], True, "partial statistics")
    r = subprocess.run(["fst2vcd", "-f", w], capture_output=True, text=True, timeout=120)
    head = r.stdout[:r.stdout.find("$enddefinitions")]
    _, _, tops = vcd_changes(head + "$enddefinitions $end\n")
    check(r.returncode == 0 and tops == ["core0", "core1"] and "\n#" in r.stdout,
          "the interrupted run's waveform is whole: %d %s" % (r.returncode, tops))
    left = [n for n in os.listdir(e.work) if n.startswith(".vmcosim-wave") or ".tmp" in n]
    eq(left, [], "temporaries left")


def case_cores_bad(e):
    # A record on a core beyond --cores: exit 3, naming the file and the record; bad --cores.
    t = trace2(e, "core3.vmt", ["create 1", "switch 1", "@1 switch 1", "@3 switch 1"])
    e.run(t, "--mode", "functional", "--cores", "2", stats=None, expect_rc=3)
    check("core3.vmt: record 4: a record on core 3, but --cores is 2" in e.last.stderr,
          "the error names the file, the record and the core: " + e.last.stderr.strip())
    for opts, what in ((["--cores", "9"], "--cores '9'"), (["--cores", "0"], "--cores '0'"),
                       (["--inject-local-shootdown"], "needs --cores 2")):
        e.run(t, *opts, stats=None, expect_rc=2)
        check(what in e.last.stderr, "refusal of %s: %s" % (opts, e.last.stderr.strip()))


if __name__ == "__main__":
    main({n[5:]: f for n, f in globals().items() if n.startswith("case_")})
