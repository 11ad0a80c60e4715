#!/usr/bin/env python3
"""Hostile-input tests of vmcosim (label cosim): numbers that used to be misread, outputs that
must not replace special files, names that must stay names. Same command line as
cosim_test.py, whose helpers this file uses.

usage: hostile_test.py CASE --vmcosim BIN --vmctrace BIN --work DIR --source DIR
"""
import json
import os
import shutil
import stat
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cosim_test import check, eq, main  # noqa: E402


def fresh(e):
    """An empty work folder: the cases plant links and FIFOs that a rerun would trip over."""
    shutil.rmtree(e.work, ignore_errors=True)
    os.makedirs(e.work)


def bundled(e, name="seq-small.vmt"):
    return os.path.join(e.source, "traces", "bundled", name)


def case_numbers(e):
    # Leading zeros are decimal (they used to be octal: 010M was 8 MiB, 010 was 8).
    d = e.run(bundled(e), "--ram-size", "010M", "--mem-latency", "010", "--walk-cache", "010",
              "--seed", "0x10")
    c = d["config"]
    eq(c["ramSize"], 10 * 1024 * 1024, "--ram-size 010M")
    eq(c["memLatency"], "10", "--mem-latency 010")
    eq(c["walkCache"], 10, "--walk-cache 010")
    eq(c["seed"], 16, "--seed 0x10")
    # A leading space or sign is not a number (" -1" used to be 2^64-1); nor is octal-only junk.
    for opt, val in (("--seed", " -1"), ("--frag-every", " -1"), ("--seed", " 5"),
                     ("--mem-latency", "+3"), ("--ram-size", "64 M"), ("--quantum", "0x"),
                     ("--seed", "18446744073709551616"), ("--ram-size", "5G")):
        r = subprocess.run([e.vmcosim, bundled(e), opt, val], capture_output=True, text=True)
        eq(r.returncode, 2, "exit code for %s '%s'" % (opt, val))
        check(opt in r.stderr and ("'%s'" % val) in r.stderr,
              "message names %s '%s': %s" % (opt, val, r.stderr.strip()))



def case_stats_outputs(e):
    """--stats onto a FIFO, a symlink, a hostile name and beside a planted temporary."""
    fresh(e)
    tr = bundled(e)
    want = e.run(tr, stats="plain.json")
    fifo = e.path("stats.fifo")
    os.mkfifo(fifo)
    reader = subprocess.Popen(["timeout", "60", "cat", fifo], stdout=subprocess.PIPE)
    r = subprocess.run([e.vmcosim, "--quiet", tr, "--stats", fifo], capture_output=True,
                       text=True, timeout=120)
    got = reader.communicate(timeout=90)[0]
    eq(r.returncode, 0, "exit code with --stats onto a FIFO: " + r.stderr)
    check(stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was replaced by a regular file")
    check(got and json.loads(got) == want, "the FIFO's reader got the statistics")

    os.symlink("target.json", e.path("link.json"))
    d = e.run(tr, stats="link.json")
    check(os.path.islink(e.path("link.json")), "the symlink was replaced")
    check(d == want, "the link's target holds the statistics")

    hostile = 'x\nsystem "touch PWNED"\n.json'
    check(e.run(tr, stats=hostile) == want, "statistics under a hostile name")
    check(not os.path.exists(e.path("PWNED")), "a command in a name ran")

    # The old temporary name was FILE.tmp.PID; exec keeps the shell's PID for vmcosim.
    with open(e.path("victim"), "w") as f:
        f.write("precious\n")
    script = 'ln -s victim s.json.tmp.$$ && exec "$0" --quiet "$1" --stats s.json'
    r = subprocess.run(["sh", "-c", script, e.vmcosim, tr], cwd=e.work, capture_output=True,
                       text=True, timeout=120)
    eq(r.returncode, 0, "exit code beside a planted temporary: " + r.stderr)
    with open(e.path("victim")) as f:
        eq(f.read(), "precious\n", "the planted temporary's target")
    for f in os.listdir(e.work):
        if ".tmp." in f and os.path.islink(e.path(f)):
            os.remove(e.path(f))
    check(not [f for f in os.listdir(e.work) if "tmp-" in f], "temporaries left")



def case_wave_outputs(e):
    """--wave: standard output keeps only the summary; an output over the input is refused;
    FIFO, symlink and planted temporaries as for --stats."""
    fresh(e)
    tr = e.path("seq.vmt")
    shutil.copy(bundled(e), tr)
    with open(tr, "rb") as f:
        original = f.read()
    # The first example of docs/waveforms.md printed 55 "previous dump" warnings on stdout.
    r = subprocess.run([e.vmcosim, "--quiet", "--wave", e.path("run.fst"), tr],
                       capture_output=True, text=True, timeout=250)
    eq(r.returncode, 0, "exit code with --wave: " + r.stderr)
    eq(r.stdout, "", "standard output with --wave --quiet")
    check(os.path.getsize(e.path("run.fst")) > 1000, "an FST was written")
    # Outputs that are the input (by name or through a link) are refused, the trace intact.
    os.symlink("seq.vmt", e.path("seq-link.vmt"))
    for opt, out in (("--wave", tr), ("--wave", e.path("seq-link.vmt")), ("--stats", tr)):
        r = subprocess.run([e.vmcosim, "--quiet", tr, opt, out], capture_output=True, text=True)
        eq(r.returncode, 2, f"exit code with {opt} the input {out}")
        check("input" in r.stderr and opt in r.stderr, f"message for {opt} = input: {r.stderr}")
        with open(tr, "rb") as f:
            check(f.read() == original, f"{opt} {out} changed the input trace")
    r = subprocess.run([e.vmcosim, "--quiet", tr, "--stats", e.path("x.fst"), "--wave",
                        e.path("x.fst")], capture_output=True, text=True)
    eq(r.returncode, 2, "--stats and --wave the same file")
    # A VCD through a FIFO: the reader gets what a plain file gets, the FIFO stays.
    window = ["--wave-window", "51000:51400"]
    r = subprocess.run([e.vmcosim, "--quiet", tr, "--wave", e.path("plain.vcd")] + window,
                       capture_output=True, text=True, timeout=250)
    eq(r.returncode, 0, "plain VCD: " + r.stderr)
    os.mkfifo(e.path("pipe.vcd"))
    # The reader copies to a file: a pipe back to this process would fill up and stall it.
    with open(e.path("from-pipe.vcd"), "wb") as sink:
        reader = subprocess.Popen(["timeout", "120", "cat", e.path("pipe.vcd")], stdout=sink)
        r = subprocess.run([e.vmcosim, "--quiet", tr, "--wave", e.path("pipe.vcd")] + window,
                           capture_output=True, text=True, timeout=250)
        reader.wait(timeout=150)
    with open(e.path("from-pipe.vcd"), "rb") as f:
        got = f.read()
    eq(r.returncode, 0, "VCD onto a FIFO: " + r.stderr)
    check(stat.S_ISFIFO(os.lstat(e.path("pipe.vcd")).st_mode), "the FIFO was replaced")
    with open(e.path("plain.vcd"), "rb") as f:
        plain = f.read()
    # fst2vcd writes the conversion date in the header; compare from the first $var on.
    check(got[got.find(b"$var"):] == plain[plain.find(b"$var"):] and b"$var" in got,
          "the FIFO's reader got the VCD")
    # A symlink stays; the old VCD scratch name (FILE.tmp.fst) planted as a link is not followed.
    with open(e.path("victim"), "w") as f:
        f.write("precious\n")
    os.symlink("victim", e.path("w.vcd.tmp.fst"))
    os.symlink("w.vcd", e.path("w-link.vcd"))
    r = subprocess.run([e.vmcosim, "--quiet", tr, "--wave", e.path("w-link.vcd")] + window,
                       capture_output=True, text=True, timeout=250)
    eq(r.returncode, 0, "VCD through a symlink: " + r.stderr)
    check(os.path.islink(e.path("w-link.vcd")), "the symlink was replaced")
    with open(e.path("w.vcd"), "rb") as f:
        data = f.read()
    check(data[data.find(b"$var"):] == plain[plain.find(b"$var"):], "the link's target holds the VCD")
    with open(e.path("victim")) as f:
        eq(f.read(), "precious\n", "the planted scratch name's target")
    left = [n for n in os.listdir(e.work) if "tmp-" in n or n.startswith(".vmcosim-wave")]
    eq(left, [], "temporaries left")



def case_non_utf8_path(e):
    """A trace whose file name is not UTF-8 (Latin-1 'café'): vmcosim's JSON and the runner's
    results stay valid UTF-8 JSON (the byte shown as U+FFFD) and nothing stops."""
    fresh(e)
    name = os.path.join(os.fsencode(e.work), b"caf\xe9.vmt")
    shutil.copy(bundled(e), name)
    sp = e.path("s.json")
    r = subprocess.run([os.fsencode(e.vmcosim), b"--quiet", name, b"--stats", os.fsencode(sp)],
                       capture_output=True, timeout=120)
    eq(r.returncode, 0, "vmcosim exit code: %r" % r.stderr)
    with open(sp, encoding="utf-8") as f:
        d = json.load(f)
    check(d["config"]["trace"].endswith("caf\ufffd.vmt"), "config.trace: %r" % d["config"]["trace"])
    runner = os.path.join(e.source, "bench", "scripts", "runner.py")
    suite = os.path.join(e.source, "bench", "suites", "tiny.suite")
    out = e.path("results")
    r = subprocess.run([sys.executable, runner, "--suite", suite, "--sim", e.vmcosim, "--out", out,
                        "--trace", os.fsdecode(name)], capture_output=True, timeout=250)
    eq(r.returncode, 0, "runner exit code: %r" % r.stderr[-600:])
    docs = []
    for n in sorted(os.listdir(out)):
        if n.endswith(".json"):
            with open(os.path.join(out, n), encoding="utf-8") as f:
                docs.append(json.load(f))
    check(len(docs) == 4 and all(x["trace"]["name"] == "caf\ufffd" for x in docs),
          "4 results named caf\ufffd: %r" % [x["trace"]["name"] for x in docs])



def case_results_reproducible(e):
    """The same suite run twice, on copies of the trace in two folders: the result files are
    byte for byte the same once the one documented varying field, `host`, is taken out."""
    fresh(e)
    runner = os.path.join(e.source, "bench", "scripts", "runner.py")
    suite = os.path.join(e.source, "bench", "suites", "tiny.suite")
    texts = []
    for run in ("a", "b"):
        os.makedirs(e.path(run))
        tr = e.path(os.path.join(run, "seq-small.vmt"))
        shutil.copy(bundled(e), tr)
        out = e.path(os.path.join(run, "results"))
        r = subprocess.run([sys.executable, runner, "--suite", suite, "--sim", e.vmcosim, "--out",
                            out, "--trace", tr], capture_output=True, text=True, timeout=250)
        eq(r.returncode, 0, "runner exit code: " + r.stderr[-400:])
        got = {}
        for n in sorted(os.listdir(out)):
            if n.endswith(".json"):
                with open(os.path.join(out, n), encoding="utf-8") as f:
                    doc = json.load(f)
                check(set(doc["host"]) >= {"seconds", "simulator"}, "host holds the run's times")
                del doc["host"]
                got[n] = json.dumps(doc, indent=1, sort_keys=True)
        texts.append(got)
    eq(len(texts[0]), 4, "results per run")
    eq(sorted(texts[0]), sorted(texts[1]), "result names")
    for n in texts[0]:
        check(texts[0][n] == texts[1].get(n), "result %s differs outside host" % n)


def case_oom_warmup(e):
    """Out of memory before the warm-up marker survives the statistics reset: 1 MiB of RAM
    (fewer than 256 free pages) and 512 fresh pages written by pid 1 in the warm-up, then 40
    accesses of pid 1, skipped (default policy) since the process was killed. The run says so
    in the JSON, the summary and exit code 7. Under --segfault continue nothing of the window is
    skipped: the counts, exit code 0. With 8 MiB nothing runs out."""
    fresh(e)
    base = 0x10000000
    warm = ["create 1", "switch 1", "mmap 1 0x10000000 0x200000 rw- anon private"]
    warm += ["W u 0x%08x 4" % (base + p * 4096) for p in range(512)]
    later = ["R u 0x%08x 4" % (base + (p % 8) * 4096) for p in range(40)]
    for how, lines, opts in (
            ("marker", warm + ["marker 1 warmup_end"] + later, []),
            ("--warmup", warm + later, ["--warmup", "512"])):
        tr = e.trace("oom-%s.vmt" % how.strip("-"), lines)
        d = e.run(tr, "--ram-size", "1M", *opts, expect_rc=7)
        w = d["faults"]["warmup"]
        check(w["outOfMemory"] >= 1, how + ": warm-up out-of-memory count %d" % w["outOfMemory"])
        eq(w["segfaults"], w["outOfMemory"], how + ": every warm-up segfault was out of memory")
        eq(d["faults"]["segfaults"], 0, how + ": no segfault in the window")
        eq(d["accesses"]["skipped"], 40, how + ": the window's accesses of the killed process")
        eq(d["partial"], False, how + ": the run completed")
        r = subprocess.run([e.vmcosim, tr, "--ram-size", "1M"] + opts, capture_output=True,
                           text=True, timeout=250)
        eq(r.returncode, 7, how + ": exit code with the summary")
        check("WARM-UP OUT OF MEMORY: %d " % w["outOfMemory"] in r.stdout,
              how + ": the summary says it: " + r.stdout[:300])
        check("out of physical memory before the statistics reset" in e.last.stderr,
              how + ": stderr says it even with --quiet: " + e.last.stderr[-300:])
        d = e.run(tr, "--ram-size", "1M", "--segfault", "continue", *opts)
        wc = d["faults"]["warmup"]
        check(wc["outOfMemory"] > w["outOfMemory"], how + ": continue, every later page ran out too")
        eq(wc["segfaults"], wc["outOfMemory"], how + ": continue, all out of memory")
        eq(d["faults"]["segfaults"], 0, how + ": continue, the 8 pages read were allocated first")
        eq(d["accesses"]["skipped"], 0, how + ": continue, the window's accesses run")
        d = e.run(tr, "--ram-size", "8M", *opts)
        eq(d["faults"]["warmup"], {"segfaults": 0, "outOfMemory": 0}, how + ": 8 MiB, no shortage")
        eq(d["accesses"]["skipped"], 0, how + ": 8 MiB, nothing skipped")


CASES = {n[5:]: f for n, f in globals().items() if n.startswith("case_")}

if __name__ == "__main__":
    main(CASES)
