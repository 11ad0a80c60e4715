#!/usr/bin/env python3
"""Import rule of the co-simulation harness: in sim/src only the firmware bridge's sources
(fw_bridge*.cpp) include firmware headers (firmware/include), and no header does, so the rest
of the harness sees the firmware only through fw_bridge.h and fw_bridge_hal.h.

usage: bridge_includes.py SOURCE_ROOT          check the tree; exit 1 listing every breach
       bridge_includes.py --self-test SOURCE_ROOT WORK
                                               a copy of sim/src with one firmware include
                                               added to top.cpp, and one to fw_bridge.h, must
                                               each be refused (exit 0 when both are)
"""
import os
import re
import shutil
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^">]+)[">]', re.M)


def firmware_headers(root):
    folder = os.path.join(root, "firmware", "include")
    return {n for n in os.listdir(folder) if n.endswith(".h")}


def allowed(name):
    return name.startswith("fw_bridge") and name.endswith(".cpp")


def breaches(root, src):
    fw = firmware_headers(root)
    found = []
    for name in sorted(os.listdir(src)):
        if not name.endswith((".h", ".cpp")) or allowed(name):
            continue
        with open(os.path.join(src, name), encoding="utf-8") as f:
            text = f.read()
        for m in INCLUDE.finditer(text):
            if os.path.basename(m.group(1)) in fw:
                line = text.count("\n", 0, m.start()) + 1
                found.append("sim/src/%s:%d: includes the firmware header %s (only fw_bridge*.cpp may)"
                             % (name, line, m.group(1)))
    return found


def self_test(root, work):
    ok = True
    for victim in ("top.cpp", "fw_bridge.h"):
        copy = os.path.join(work, victim + ".tree")
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(os.path.join(root, "sim", "src"), copy)
        with open(os.path.join(copy, victim), "a", encoding="utf-8") as f:
            f.write('\n#include "los_vm_map.h"\n')
        got = breaches(root, copy)
        if not any(b.startswith("sim/src/%s:" % victim) and "los_vm_map.h" in b for b in got):
            print("bridge_includes: a firmware include added to %s was not refused" % victim)
            ok = False
    return ok


def main(argv):
    if len(argv) == 4 and argv[1] == "--self-test":
        os.makedirs(argv[3], exist_ok=True)
        return 0 if self_test(argv[2], argv[3]) else 1
    if len(argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    found = breaches(argv[1], os.path.join(argv[1], "sim", "src"))
    for b in found:
        print(b)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
