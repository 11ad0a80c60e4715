"""What every bench/tests/*.py test shares: the bench paths, check() with its list of failures,
a fresh work folder, and the verdict line and exit status.

A test imports it after `sys.dont_write_bytecode = True`, so that neither this module nor the
scripts it puts on sys.path leave a __pycache__ in the source tree."""
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BENCH = os.path.dirname(HERE)
SCRIPTS = os.path.join(BENCH, "scripts")
SUITES = os.path.join(BENCH, "suites")
FIXTURES = os.path.join(HERE, "fixtures")
BUNDLED = os.path.join(os.path.dirname(BENCH), "traces", "bundled")
RUNNER = os.path.join(SCRIPTS, "runner.py")
TINY_SUITE = os.path.join(SUITES, "tiny.suite")
FAKE_SIM = f"{sys.executable} {os.path.join(HERE, 'fake_vmcosim.py')}"   # the fake simulator

if SCRIPTS not in sys.path:
    sys.path.insert(0, SCRIPTS)   # the modules under test (suite, number, render, ...)

failures = []


def check(cond, what):
    """Records and prints a failed check; returns cond."""
    if not cond:
        failures.append(what)
        print(f"FAIL: {what}")
    return cond


def fresh_dir(path):
    """path, emptied (or made)."""
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


def read(path):
    with open(path) as f:
        return f.read()


def verdict(name):
    """Prints 'name: ok' or 'name: FAILED'; the exit status (1 on any failed check)."""
    print(f"{name}: " + ("FAILED" if failures else "ok"))
    return 1 if failures else 0
