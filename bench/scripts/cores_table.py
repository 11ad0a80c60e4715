#!/usr/bin/env python3
"""Per-core TLB hit rates and shootdown costs of the multi-core results in a results folder
(jobs run with vmcosim --cores N: the statistics' `cores` object, docs/stats-schema.json).

    cores_table.py RESULTS [--out FILE.md]

One block per job: a line naming trace and configuration, then one row per core: accesses,
I-TLB and D-TLB hit rates, walks, faults, broadcast TLB commands sent and received, the
cycles it waited for others' shootdowns and lost to them, and its clock. With --out the same
table goes to a Markdown file (through the safe writer). Results without a `cores` object (one
core) are left out; none at all prints a line saying so.
"""
import os
import sys

sys.dont_write_bytecode = True   # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cli  # noqa: E402
import output_file  # noqa: E402
import results as R  # noqa: E402
import suite as S  # noqa: E402

HEAD = ["core", "accesses", "I-TLB hit %", "D-TLB hit %", "walks", "faults", "IS sent",
        "IS received", "wait cycles", "lost cycles", "clock"]
SENT_KEYS = ("flushTlbIs", "flushTlbMvaIs", "flushTlbAsidIs", "flushTlbMvaAllAsidIs")


def pct(tlb):
    return "-" if not tlb["accesses"] else f"{100.0 * tlb['hits'] / tlb['accesses']:.2f}"


def rows(cores):
    for c in cores["perCore"]:
        yield [str(c["core"]), str(c["accesses"]), pct(c["itlb"]), pct(c["dtlb"]), str(c["walks"]),
               str(c["faults"]), str(sum(c["shootdownsSent"][k] for k in SENT_KEYS)),
               str(c["shootdownsReceived"]), str(c["cycles"]["shootdownWait"]),
               str(c["cycles"]["shootdownLost"]), str(c["cycles"]["total"])]


def blocks(results):
    """(title, rows) per multi-core result, in the folder's order (trace, configuration)."""
    out = []
    for r in results:
        cores = r.stats.get("cores") if isinstance(r.stats, dict) else None
        if not isinstance(cores, dict):
            continue
        sd = cores["shootdowns"]
        title = (f"{r.trace} ({S.canonical_config(r.cfg)}): {cores['count']} cores, "
                 f"{sum(sd[k] for k in SENT_KEYS)} broadcast TLB commands, wait {sd['waitCycles']} "
                 f"and lost {sd['lostCycles']} cycles at {cores['shootdownCycles']} per command")
        out.append((title, list(rows(cores))))
    return out


def text(bs):
    lines = []
    for title, rs in bs:
        width = [max(len(x) for x in col) for col in zip(HEAD, *rs)]
        lines.append(title)
        for row in [HEAD] + rs:
            lines.append("  " + "  ".join(c.rjust(w) for c, w in zip(row, width)))
    return "\n".join(lines) + "\n"


def markdown(bs):
    out = ["# Several cores: per-core TLB hit rates and shootdown costs", ""]
    for title, rs in bs:
        out += [title.replace("|", "\\|"), "", "| " + " | ".join(HEAD) + " |",
                "|" + "---|" * len(HEAD)] + ["| " + " | ".join(r) + " |" for r in rs] + [""]
    return "\n".join(out)


def main(argv):
    ap = cli.parser("cores_table.py", "Print per-core TLB hit rates and shootdown costs of multi-core results.")
    ap.add_argument("results", help="results folder")
    ap.add_argument("--out", help="also write the table as Markdown to this file")
    a = ap.parse_args(argv)
    if not os.path.isdir(a.results):
        print(f"cores_table: {a.results}: not a folder", file=sys.stderr)
        return 2
    results, _ = R.load(a.results)
    bs = blocks(results)
    if not bs:
        print("(no multi-core results)")
        return 0
    sys.stdout.write(text(bs))
    if a.out:
        try:
            output_file.write_output(a.out, markdown(bs))
        except OSError as e:
            print(f"cores_table: --out {a.out}: {e.strerror or e}", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    cli.run(main)
