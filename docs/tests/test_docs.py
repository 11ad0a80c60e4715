#!/usr/bin/env python3
"""Checks of what users meet first: the docs' examples and the commands' common behaviour.

    test_docs.py examples SOURCE VMCOSIM WORK   every output an example of README.md,
        docs/user-guide.md or docs/waveforms.md writes is under build/; the README's vmcosim
        lines, run in a copy of the checkout's layout, write nothing outside build/
    test_docs.py speed SOURCE   every "N times faster/slower" of the docs cites the speed
        figures of docs/benchmarks.md and states their range
    test_docs.py cli SOURCE VMCOSIM VMCTRACE WORK   --help and --version exit 0 on stdout for
        every tool; usage errors exit 2; a closed pipe ends output without a traceback
"""
import os
import re
import shlex
import shutil
import subprocess
import sys

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL: " + what, file=sys.stderr)


# Options whose value is a file or folder the command writes.
OUTPUT_OPTIONS = {"--stats", "--wave", "--out", "-o", "--outdir", "--emit-commands"}


def shell_lines(path):
    """The command lines of the ```sh blocks (continuations joined, pipes split)."""
    with open(path) as f:
        text = f.read()
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        for line in block.replace("\\\n", " ").splitlines():
            line = re.sub(r"\s#.*$", "", line).strip()
            for part in line.split("|"):
                if part.strip():
                    yield part.strip()


def outputs(words):
    """The paths a vmcosim, vmctrace or bench command line writes."""
    out = []
    for i, w in enumerate(words[:-1]):
        if w in OUTPUT_OPTIONS:
            out.append(words[i + 1])
    tool = os.path.basename(words[0]) if words else ""
    if tool == "vmctrace" and len(words) > 3 and words[1] in ("import-lackey", "convert"):
        out.append(words[3])
    return out


def case_examples(source, vmcosim, work):
    for doc in ("README.md", "docs/user-guide.md", "docs/waveforms.md"):
        n = 0
        for line in shell_lines(os.path.join(source, doc)):
            words = shlex.split(line.replace("$", ""))
            for o in outputs(words):
                n += 1
                check(o == "-" or o.startswith("build/"), f"{doc}: `{line}` writes {o}, not under build/")
        check(n >= (1 if doc == "README.md" else 4), f"{doc}: only {n} example outputs found")
    # The README's vmcosim lines, run from a folder laid out like the checkout.
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(os.path.join(work, "build", "sim"))
    os.symlink(os.path.join(os.path.abspath(source), "traces"), os.path.join(work, "traces"))
    os.symlink(os.path.abspath(vmcosim), os.path.join(work, "build", "sim", "vmcosim"))
    ran = 0
    for line in shell_lines(os.path.join(source, "README.md")):
        if line.startswith("build/sim/vmcosim"):
            r = subprocess.run(shlex.split(line), cwd=work, capture_output=True, text=True, timeout=250)
            check(r.returncode == 0, f"README: `{line}` exits {r.returncode}: {r.stderr[-300:]}")
            ran += 1
    check(ran >= 3, f"README: {ran} vmcosim lines run")
    check(sorted(os.listdir(work)) == ["build", "traces"], f"README examples wrote {sorted(os.listdir(work))}")
    check(os.path.isfile(os.path.join(work, "build", "ls.json")), "README's --stats file in build/")


def case_speed(source):
    """Every speed ratio the docs state (N times faster or slower) is the speed report's, dated:
    it cites the speed figures, and its numbers are those of that table."""
    import glob
    with open(os.path.join(source, "docs", "benchmarks.md")) as f:
        bench = f.read()
    table = bench[bench.index("### Speed figures"):bench.index("### Co-simulation against")]
    ratios = [float(x) for x in re.findall(r"\((\d+(?:\.\d+)?) times\)", table)]
    check(len(ratios) == 2 and "2026-" in table, f"speed figures table: ratios {ratios}")
    lo, hi = round(min(ratios)), round(max(ratios))
    n = 0
    for doc in [os.path.join(source, "README.md")] + sorted(glob.glob(os.path.join(source, "docs", "*.md"))):
        with open(doc) as f:
            paras = f.read().split("\n\n")
        for p in paras:
            for m in re.finditer(r"(\d+)(?: to |-)(\d+) times (?:faster|slower)|(\d+) times (?:faster|slower)", p):
                n += 1
                where = f"{os.path.relpath(doc, source)}: {m.group(0)!r}"
                check("speed-figures" in p or "speed report" in p, f"{where} does not cite the speed report")
                check((m.group(1), m.group(2)) == (str(lo), str(hi)), f"{where}: the speed report says {lo} to {hi}")
    check(n >= 4, f"only {n} speed ratios found in the docs")


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, **kw)


def case_cli(source, vmcosim, vmctrace, work):
    py = sys.executable
    scripts = os.path.join(source, "bench", "scripts")
    tools = {"vmcosim": [vmcosim], "vmctrace": [vmctrace],
             "vmcosim.sh": [os.path.join(source, "vmcosim.sh")],
             "main-job.sh": [os.path.join(source, "bench", "main-job.sh")]}
    for s in ("runner", "run_job", "report", "summary_table", "check_twins", "speed_report"):
        tools[s + ".py"] = [py, os.path.join(scripts, s + ".py")]
    for name, cmd in tools.items():
        r = run(cmd + ["--help"])
        check(r.returncode == 0 and "usage" in r.stdout.lower() and r.stderr == "",
              f"{name} --help: exit {r.returncode}, stdout {r.stdout[:60]!r}, stderr {r.stderr[-200:]!r}")
        r = run(cmd + ["--version"])
        check(r.returncode == 0 and re.search(r"\d+\.\d+|git [0-9a-f]{7}", r.stdout) and r.stderr == "",
              f"{name} --version: exit {r.returncode}, {r.stdout!r} {r.stderr[-200:]!r}")
        check(len(r.stdout.splitlines()) == 1, f"{name} --version: one line, got {r.stdout!r}")
        r = run(cmd + ["--no-such-option"])
        check(r.returncode == 2 and "Traceback" not in r.stderr,
              f"{name} --no-such-option: exit {r.returncode}, {r.stderr[-200:]!r}")
    for sub in ("summary", "check", "print", "convert", "gen", "import-lackey"):
        r = run([vmctrace, sub, "--help"])
        check(r.returncode == 0 and f"vmctrace {sub}" in r.stdout,
              f"vmctrace {sub} --help: exit {r.returncode}, {r.stdout[:80]!r}")
    # A reader that stops early: no traceback, no error.
    os.makedirs(work, exist_ok=True)
    listing = [py, os.path.join(scripts, "runner.py"), "--suite",
               os.path.join(source, "bench", "suites", "default.suite"), "--sim", vmcosim,
               "--out", work, "--list"]
    p = subprocess.Popen(listing, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = p.stdout.readline()
    p.stdout.close()        # as `| head -1` does
    err = p.stderr.read().decode()
    p.wait(timeout=60)
    check(first and "Traceback" not in err and err == "", f"runner.py --list | head: {err[-300:]!r}")
    check(p.returncode == 0, f"runner.py --list | head: exit {p.returncode}")


if __name__ == "__main__":
    case, args = sys.argv[1], sys.argv[2:]
    {"examples": case_examples, "cli": case_cli, "speed": case_speed}[case](*args)
    print(f"docs {case}: " + ("FAILED" if failures else "ok"))
    sys.exit(1 if failures else 0)
