#!/usr/bin/env python3
"""Hostile-input tests of vmcosim (label cosim): numbers that used to be misread, outputs that
must not replace special files, names that must stay names. Same command line as
cosim_test.py, whose helpers this file uses.

usage: hostile_test.py CASE --vmcosim BIN --vmctrace BIN --work DIR --source DIR
"""
import json
import os
import stat
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cosim_test import check, eq, main  # noqa: E402


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
    tr = bundled(e)
    want = e.run(tr, stats="plain.json")
    fifo = e.path("stats.fifo")
    if os.path.exists(fifo):
        os.remove(fifo)
    os.mkfifo(fifo)
    reader = subprocess.Popen(["timeout", "60", "cat", fifo], stdout=subprocess.PIPE)
    r = subprocess.run([e.vmcosim, "--quiet", tr, "--stats", fifo], capture_output=True,
                       text=True, timeout=120)
    got = reader.communicate(timeout=90)[0]
    eq(r.returncode, 0, "exit code with --stats onto a FIFO: " + r.stderr)
    check(stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was replaced by a regular file")
    check(got and json.loads(got) == want, "the FIFO's reader got the statistics")

    for name in ("target.json", "link.json", "victim"):
        if os.path.lexists(e.path(name)):
            os.remove(e.path(name))
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


CASES = {n[5:]: f for n, f in globals().items() if n.startswith("case_")}

if __name__ == "__main__":
    main(CASES)
