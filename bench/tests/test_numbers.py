#!/usr/bin/env python3
"""The Python number parser (bench/scripts/number.py) and the suite values it checks.

    test_numbers.py PART WORKDIR [C_PARSER]
      same_as_c    seeded random texts: parse_number answers what the C parser
                   (util/tests/test_number lines KIND) answers, value or kind of refusal
      suite_values values that cannot run are refused by the suite check, naming line and value
      suite_fuzz   seeded mutations of a valid suite: parse() returns or raises SuiteError,
                   never another exception (a property test; the standard library only)
"""
import os
import random
import subprocess
import sys

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
from testlib import check, verdict  # noqa: E402
import suite as S  # noqa: E402
from number import BAD_SUFFIX, NOT_A_NUMBER, parse_number  # noqa: E402


def random_text(rng):
    """Mostly number-like texts: digits, 0x, suffixes, signs, spaces, junk, huge values."""
    parts = ["0", "1", "9", "00", "0x", "0X", "f", "F", "a", "K", "k", "M", "m", "G", "g", "T",
             "B", "x", "-", "+", " ", "\t", ".", "e", "_", "18446744073709551615", "99999999999",
             "\u0663", "ffffffffffffffff"]
    return "".join(rng.choice(parts) for _ in range(rng.randint(0, 5)))


def same_as_c(work, c_parser):
    rng = random.Random(12)
    texts = sorted({random_text(rng) for _ in range(30000)})
    texts = [t for t in texts if "\n" not in t]
    reasons = {NOT_A_NUMBER: "1", BAD_SUFFIX: "2"}
    for kind in ("none", "binary", "decimal"):
        r = subprocess.run([c_parser, "lines", kind], input="\n".join(texts) + "\n",
                           capture_output=True, encoding="utf-8", check=True)
        answers = r.stdout.splitlines()
        check(len(answers) == len(texts), f"{kind}: {len(answers)} answers for {len(texts)} texts")
        wrong = 0
        for text, c in zip(texts, answers):
            try:
                py = f"ok {parse_number(text, None if kind == 'none' else kind)}"
            except ValueError as e:
                py = "err " + reasons.get(str(e), "3")
            if py != c and wrong < 10:
                wrong += 1
                check(False, f"{kind} {text!r}: Python {py}, C {c}")
    print(f"same_as_c: {len(texts)} texts x 3 suffix kinds")


SUITE = """[suite]
traces = bundled:seq-small.vmt
[sweep s]
l1 = 8 32
walk_cache = 0 16
mem_latency = 10 5..20
ram_size = 64M
"""


def suite_values(work):
    os.makedirs(work, exist_ok=True)
    # The examples that used to pass the check and fail at run time, and octal-looking values
    # that are decimal now.
    bad = [("mem_latency", "999999"), ("ram_size", "5G"), ("ram_size", "3K"),
           ("walk_cache", "4097"), ("walk_cache", "0x"), ("l1", "\u0663\u0662"),
           ("mem_latency", "1..999999"), ("itlb", "1x2048:lru"), ("frag_every", "-1"),
           ("l1_ways", "0")]
    for key, value in bad:
        text = "\n".join(x for x in SUITE.splitlines() if not x.startswith(key + " ")) + \
            f"\n{key} = {value}\n"
        path = os.path.join(work, "bad.suite")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        try:
            S.parse(path)
            check(False, f"{key} = {value} was accepted")
        except S.SuiteError as e:
            check(f"{key} = {value}" in str(e) and "bad.suite:" in str(e),
                  f"{key} = {value}: message {e}")
    good = SUITE.replace("walk_cache = 0 16", "walk_cache = 0 016 0x10").replace(
        "mem_latency = 10 5..20", "mem_latency = 09 05..020")
    path = os.path.join(work, "good.suite")
    with open(path, "w", encoding="utf-8") as f:
        f.write(good)
    sw = S.parse(path).sweeps[0]
    cfgs, _ = S.configs(sw)
    check(sorted({S.config_sort_key(c)[4] for c in cfgs}) == [(0, "0"), (16, "016"), (16, "0x10")],
          "walk_cache values read as decimal and hex")
    check(sorted({S.config_sort_key(c)[5] for c in cfgs}) == [(5, 20), (9,)],
          "mem_latency 09 and 05..020 read as decimal")


def suite_fuzz(work):
    os.makedirs(work, exist_ok=True)
    rng = random.Random(2026)
    path = os.path.join(work, "fuzz.suite")
    pieces = ["[", "]", "=", "x", ":", "..", "#", " ", "\n", "0", "9", "0x", "K", "G", "-",
              "sweep", "suite", "l1", "full", "lru", "zip", "traces", "bundled:*", "\u0663", "\t"]
    kinds = {}
    for i in range(3000):
        text = list(SUITE)
        for _ in range(rng.randint(1, 6)):
            op, at = rng.randrange(3), rng.randrange(len(text) + 1)
            if op == 0 and text:
                del text[min(at, len(text) - 1)]
            elif op == 1:
                text.insert(at, rng.choice(pieces))
            else:
                text[min(at, len(text) - 1):min(at, len(text) - 1) + 1] = [rng.choice(pieces)]
        with open(path, "w", encoding="utf-8") as f:
            f.write("".join(text))
        try:
            s = S.parse(path)
            S.expand(s)
            kinds["ok"] = kinds.get("ok", 0) + 1
        except S.SuiteError:
            kinds["SuiteError"] = kinds.get("SuiteError", 0) + 1
        except Exception as e:  # noqa: BLE001 -- the property under test
            check(False, f"mutation {i}: {type(e).__name__}: {e}\n{''.join(text)}")
            break
    print(f"suite_fuzz: {kinds}")
    check(kinds.get("ok", 0) > 20 and kinds.get("SuiteError", 0) > 100,
          f"the mutations should give both outcomes: {kinds}")


def main(argv):
    part, work = argv[0], argv[1]
    if part == "same_as_c":
        same_as_c(work, argv[2])
    elif part == "suite_values":
        suite_values(work)
    elif part == "suite_fuzz":
        suite_fuzz(work)
    else:
        print(f"unknown part {part}")
        return 2
    return verdict(part)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
