"""An independent trace-driven TLB simulator for the tests: no OS, no walks, no faults, just
LRU sets of 4 KiB page numbers, as Dinero IV or cachegrind with page-sized lines count.

It reads Valgrind lackey's --trace-mem log itself (not vmcosim's trace), on the program's own
addresses, so it shares no code with the importer, the firmware, the RTL or the reference
model. The importer keeps VA[19:0] and maps distinct pages to distinct pages, so set indices
(the low bits of the page number) and hits are the same on either side.

LRU misses of every associativity come from one pass per set count: an access hits a W-way
LRU set exactly when fewer than W distinct pages of its set were used since that page's last
use (its stack distance; Mattson et al., 1970)."""

PAGE = 4096
KINDS = ("rd", "wr", "inst")


def lackey_lookups(path, page_cross="split"):
    """The TLB lookups a lackey log makes: a list of (kind, page) per TLB ("i", "d"), in order.
    A modify is a read and a write; an access is looked up once per 255-byte part in each page
    it touches (split) or in its first byte's page only (first)."""
    out = {"i": [], "d": []}
    with open(path) as f:
        for line in f:
            if line.startswith("I "):
                kinds = ("inst",)
            elif line[:3] in (" L ", " S ", " M "):
                kinds = {"L": ("rd",), "S": ("wr",), "M": ("rd", "wr")}[line[1]]
            else:
                continue
            a, s = line[3:].strip().split(",")
            addr, size = int(a, 16), int(s)
            for kind in kinds:
                tlb = out["i" if kind == "inst" else "d"]
                at, left = addr, size
                while left > 0:
                    room = PAGE - at % PAGE
                    part = min(left, room, 255)
                    tlb.append((kind, at // PAGE))
                    if page_cross == "first" and part == room:
                        break
                    at += part
                    left -= part
    return out


def lru_misses(lookups, sets, ways_list):
    """Misses by kind for each way count in ways_list, LRU with `sets` sets (a power of two):
    {ways: {"rd": n, "wr": n, "inst": n}}, and the lookups by kind."""
    stacks = [[] for _ in range(sets)]   # per set, pages most recently used first
    misses = {w: dict.fromkeys(KINDS, 0) for w in ways_list}
    counts = dict.fromkeys(KINDS, 0)
    last = None
    for kind, page in lookups:
        counts[kind] += 1
        if page == last:   # distance 0: a hit everywhere, nothing moves
            continue
        last = page
        st = stacks[page & (sets - 1)]
        try:
            d = st.index(page)
            del st[d]
        except ValueError:
            d = None   # first use: a miss at every size
        st.insert(0, page)
        for w in ways_list:
            if d is None or d >= w:
                misses[w][kind] += 1
    return misses, counts
