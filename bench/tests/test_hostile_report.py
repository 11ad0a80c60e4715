#!/usr/bin/env python3
"""report.py on a results folder whose trace names are hostile: a newline and a gnuplot
`system` command (as a shared results folder or a trace file name can hold). No command may
run, and the report is made as for any name.

    test_hostile_report.py WORKDIR
"""
import json
import os
import subprocess
import sys

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
from testlib import FIXTURES, SCRIPTS, check, fresh_dir, verdict  # noqa: E402

REPORT = os.path.join(SCRIPTS, "report.py")
FIXTURE = os.path.join(FIXTURES, "results")


def hostile(tag):
    """A name that closes gnuplot's string and command, runs a command, and opens a new one."""
    return f"{tag}'\nsystem \"touch PWNED-{tag}\"\nprint '\r\x1b[2J\u2028`touch PWNED-bq-{tag}`"


def main(argv):
    work = argv[0]
    fresh_dir(work)
    results, out = os.path.join(work, "results"), os.path.join(work, "report")
    os.makedirs(results)
    for i, name in enumerate(sorted(os.listdir(FIXTURE))):
        if not name.endswith(".json") or name == "notes.json":
            continue
        with open(os.path.join(FIXTURE, name)) as f:
            doc = json.load(f)
        doc["trace"]["name"] = hostile(doc["trace"]["name"])
        with open(os.path.join(results, name), "w") as f:
            json.dump(doc, f)
    r = subprocess.run([sys.executable, REPORT, results, "--out", out], capture_output=True,
                       text=True, cwd=work)
    check(r.returncode == 0, f"report exit {r.returncode}: {r.stderr}")
    ran = [os.path.join(d, f) for d, _, fs in os.walk(work) for f in fs if f.startswith("PWNED")]
    check(not ran, f"commands from names ran: {ran}")
    check("gnuplot failed" not in r.stderr, "gnuplot refused a script: " + r.stderr)
    plots = os.listdir(os.path.join(out, "plots")) if os.path.isdir(os.path.join(out, "plots")) else []
    check(any(p.endswith(".svg") for p in plots), f"no plots drawn: {plots}")
    return verdict("hostile report")

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
