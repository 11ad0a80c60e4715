#!/usr/bin/env python3
"""Suite files: expansion counts worked out by hand, and errors that name file, line and value.

    test_suite.py WORKDIR
"""
import os
import subprocess
import sys

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
from testlib import BENCH, RUNNER, check, fresh_dir, verdict  # noqa: E402
import suite as S  # noqa: E402


def listing(path, *extra):
    r = subprocess.run([sys.executable, RUNNER, "--suite", path, "--sim", "true", "--out",
                        os.path.dirname(path), "--list", *extra], capture_output=True, text=True)
    return r.returncode, r.stdout.splitlines(), r.stderr


def write(work, name, text):
    p = os.path.join(work, name)
    with open(p, "w") as f:
        f.write(text)
    return p


GOOD = """# comment line
[suite]
name = t   # a trailing comment
traces = bundled:seq-small.vmt

[sweep cross]
l1 = 8 16 32      # 3 sizes
l1_ways = full 2 16
l1_policy = lru fifo
l2tlb = none 64x4:lru

[sweep pairs]
expand = zip
itlb = 1x8:lru 2x4:fifo
dtlb = 1x16:lru 4x4:random
walk_cache = 0 16
"""
# cross: sizes x ways = 9 pairs, of which 16 ways of 8 and 16 ways of 16 ... let us count:
#   8: full (1x8), 2 (4x2), 16 (impossible)   -> 2
#   16: full, 2 (8x2), 16 (1x16, the same geometry as full: a duplicate job) -> 3, one duplicate
#   32: full, 2, 16 (2x16)                     -> 3
#   8 geometries x 2 policies x 2 L2 = 32 configurations, 1 duplicate x 2 x 2 = 4 of them;
#   so 28 distinct; plus 2 zipped pairs = 30 jobs on one trace.
GOOD_JOBS = 30

BAD = [
    # (file text, expected fragment of the message: file:line: ...)
    ("[suite]\ntraces = bundled:seq-small.vmt\n[sweep a]\nl1 = 12\n", ":4: l1 = 12: not a power-of-two entry count"),
    ("[suite]\ntraces = bundled:seq-small.vmt\n[sweep a]\nitlb = 3x4:lru\n", ":4: itlb = 3x4:lru: sets = 3: not a power of two"),
    ("[suite]\ntraces = bundled:seq-small.vmt\n[sweep a]\ndtlb = 1x6:plru\n", ":4: dtlb = 1x6:plru: plru needs a power-of-two way count"),
    ("[suite]\ntraces = bundled:seq-small.vmt\n[sweep a]\nl2tlb = big\n", ":4: l2tlb = big: not SETSxWAYS:POLICY or none"),
    ("[suite]\ntraces = bundled:seq-small.vmt\n[sweep a]\nmode = fast\n", ":4: mode = fast: not one of functional, cosim, lockstep"),
    ("[suite]\ntraces = bundled:seq-small.vmt\n\n[sweep a]\nl1 = 8\ncolour = red\n", ":6: unknown key 'colour' in [sweep a]"),
    ("[suite]\ntraces = bundled:no-such-trace.vmt\n[sweep a]\nl1 = 8\n", ":2: traces: 'bundled:no-such-trace.vmt' names no trace file"),
    ("[suite]\ntraces = bundled:seq-small.vmt\n[sweep a]\nl1 = 8\n[sweep a]\nl1 = 16\n", ":5: sweep 'a' is defined twice"),
    ("[suite]\ntraces = bundled:seq-small.vmt\n[sweep a]\nl1 = 8\nl1 = 16\n", ":5: 'l1' given twice"),
    ("[suite]\ntraces = bundled:seq-small.vmt\n[sweep a]\nexpand = zip\nitlb = 1x8:lru\ndtlb = 1x8:lru 1x16:lru\n",
     ":4: [sweep a]: expand = zip needs lists of one length"),
    ("[suite]\ntraces = bundled:seq-small.vmt\n[sweep a]\nl1 = 8\nitlb = 1x8:lru\n", "use either l1/l1_ways/l1_policy or itlb/dtlb"),
    ("[suite]\ntraces = bundled:seq-small.vmt\n[sweep a]\nmem_latency = 20..10\n", ":4: mem_latency = 20..10: latency must be >= 1 and MAX >= MIN"),
    ("[suite]\ntraces = bundled:seq-small.vmt\n", ": no [sweep NAME] section"),
    ("[suite]\ntraces = bundled:seq-small.vmt\n[sweep a]\nl1 8\n", ":4: 'l1 8': not KEY = VALUES"),
    ("l1 = 8\n", ":1: 'l1' before any [suite] or [sweep NAME] section"),
    ("[suite]\n[bench]\n", ":2: unknown section '[bench]'"),
    ("[suite]\ntraces = bundled:seq-small.vmt\n[sweep a]\nl1 = 8\nfrag_every = 100 200\n",
     ":5: frag_every: one N for every trace, then TRACE:N"),
    ("[suite]\ntraces = bundled:seq-small.vmt\n[sweep a]\nl1 = 8\nfrag_every = -5\n", ":5: frag_every = -5: not N or TRACE:N"),
    ("[suite]\ntraces = bundled:seq-small.vmt\n[sweep a]\nl1 = 8\nfrag_every = zipf:100\n",
     ":5: frag_every = zipf:100: no trace of [sweep a] is called 'zipf' (traces: seq-small)"),
]
# frag_every: the bare N for every trace, TRACE:N for one; a job that two sweeps list runs once,
# with the snapshots one of them asks for. 2 traces x l1 8, 32 = 4 jobs; the l1 32 ones snapshot.
FRAG = """[suite]
traces = bundled:seq-small.vmt bundled:stride.vmtb.gz
[sweep all]
l1 = 8 32
[sweep snap]
l1 = 32
frag_every = 50 stride:4000
"""
FRAG_WANT = [("seq-small", "1x8:plru", None), ("seq-small", "1x32:plru", "frag_every=50"),
             ("stride", "1x8:plru", None), ("stride", "1x32:plru", "frag_every=4000")]


def main(argv):
    work = argv[0]
    fresh_dir(work)
    rc, lines, err = listing(write(work, "good.suite", GOOD))
    check(rc == 0, f"good suite refused: {err}")
    check(len(lines) == GOOD_JOBS, f"good suite: {len(lines)} jobs, want {GOOD_JOBS}")
    check(any("itlb=2x4:fifo;dtlb=4x4:random;l2tlb=64x4:lru;walk_cache=16" in x for x in lines), "zip pair 2 missing")
    check(not any("itlb=1x8:lru;dtlb=4x4:random" in x for x in lines), "zip made a cross product")
    check(len({x.split("\t")[0] for x in lines}) == GOOD_JOBS, "job ids are not unique")
    # The messages come from the suite module (in this process, for speed); the runner prints
    # them as they are and exits 2, checked on two of them.
    for i, (text, want) in enumerate(BAD):
        path = write(work, f"bad{i}.suite", text)
        try:
            S.parse(path)
            err = ""
        except S.SuiteError as e:
            err = str(e)
        check(f"{path}{want}" in err if want.startswith(":") else want in err,
              f"bad{i}: message {err.strip()!r} lacks {want!r}")
        if i in (0, len(BAD) - 1):
            rc, _, out = listing(path)
            check(rc == 2 and err in out, f"bad{i}: runner exit {rc}, want 2 with the message")
    rc, lines, err = listing(write(work, "frag.suite", FRAG))
    got = [(x.split("\t")[1], x.split("\t")[2].split(";")[1][5:], (x.split("\t") + [None])[3]) for x in lines]
    check(rc == 0 and got == FRAG_WANT, f"frag_every: {got or err}")
    # A trace named as the tables name it (bundled:zipf, ./mine) is the one file with that name
    # and a trace suffix: the same jobs as with the suffix; two such files are an error.
    one = "[suite]\ntraces = %s\n[sweep a]\nl1 = 8\n"
    _, full, _ = listing(write(work, "full.suite", one % "bundled:zipf.vmtb.gz"))
    rc, short, err = listing(write(work, "short.suite", one % "bundled:zipf"))
    check(rc == 0 and short == full and len(full) == 1 and "\tzipf\t" in full[0],
          f"bundled:zipf: {short or err} against {full}")
    for sfx in (".vmt", ".vmt.gz"):
        write(work, "mine" + sfx, "")
    path = write(work, "two.suite", one % "mine")
    rc, _, err = listing(path)
    check(rc == 2 and f"{path}:2: traces: 'mine' names several trace files: mine.vmt.gz, mine.vmt" in err,
          f"ambiguous name: exit {rc}, {err.strip()!r}")
    # --trace replaces the suite's traces; a missing one is an error naming it.
    rc, lines, _ = listing(os.path.join(BENCH, "suites", "tiny.suite"), "--trace",
                           os.path.join(BENCH, "..", "traces", "bundled", "zipf.vmtb.gz"))
    check(rc == 0 and len(lines) == 4 and all("\tzipf\t" in x for x in lines), "--trace did not replace the traces")
    rc, _, err = listing(os.path.join(BENCH, "suites", "tiny.suite"), "--trace", "/no/such.vmt")
    check(rc == 2 and "/no/such.vmt" in err, "a missing --trace file is not named")
    return verdict("suite")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
