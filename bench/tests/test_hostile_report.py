#!/usr/bin/env python3
"""report.py on a results folder whose trace names are hostile: a newline and a gnuplot
`system` command (as a shared results folder or a trace file name can hold). No command may
run, and the report is made as for any name.

    test_hostile_report.py WORKDIR
"""
import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPORT = os.path.join(os.path.dirname(HERE), "scripts", "report.py")
FIXTURE = os.path.join(HERE, "fixtures", "results")


def hostile(tag):
    """A name that closes gnuplot's string and command, runs a command, and opens a new one."""
    return f"{tag}'\nsystem \"touch PWNED-{tag}\"\nprint '\r\x1b[2J\u2028`touch PWNED-bq-{tag}`"


def main(argv):
    work = argv[0]
    shutil.rmtree(work, ignore_errors=True)
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
    failures = []
    if r.returncode != 0:
        failures.append(f"report exit {r.returncode}: {r.stderr}")
    ran = [os.path.join(d, f) for d, _, fs in os.walk(work) for f in fs if f.startswith("PWNED")]
    if ran:
        failures.append(f"commands from names ran: {ran}")
    if "gnuplot failed" in r.stderr:
        failures.append("gnuplot refused a script: " + r.stderr)
    plots = os.listdir(os.path.join(out, "plots")) if os.path.isdir(os.path.join(out, "plots")) else []
    if not any(p.endswith(".svg") for p in plots):
        failures.append(f"no plots drawn: {plots}")
    for f in failures:
        print("FAIL: " + f)
    print("hostile report: " + ("FAILED" if failures else "ok"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
