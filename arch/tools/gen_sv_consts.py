#!/usr/bin/env python3
"""Writes the contract's constants as SystemVerilog, for rtl/mmu_pkg.sv to include.

Usage: gen_sv_consts.py OUT.svh HEADER.h ...

From the C headers it takes every object-like `#define VMSA_* / MMU_*` whose value is a
constant expression (numbers, earlier names, | & ~ << >> + - and parentheses), the VMSA_SIZE_*
enumerators and the counter list VMC_MMU_COUNTERS (mmu_counters.h). It writes one 32-bit
`localparam` per constant, the counter events as a packed struct (cnt_events_t, first counter
in the most significant bit) and NumCounters. The output is rewritten only when it changes.
A value it cannot evaluate is an error naming the header, the line and the text, exit 1; so
is a NAME_MASK beside a NAME_SHIFT that is not one run of bits starting at the shift (the RTL
decodes such fields with constant part-selects d[NAME_SHIFT +: width], rtl/mmu_pkg.sv).
"""
import os
import re
import sys
import tempfile

DEFINE = re.compile(r'^\s*#\s*define\s+((?:VMSA|MMU)_\w+)\s+(.*?)\s*(?:/\*.*)?$')
ENUM = re.compile(r'^\s*(VMSA_SIZE_\w+)\s*=\s*(\w+)\s*,?')
COUNTER = re.compile(r'^\s*X\((\w+),\s*(\w+),\s*"(\w+)"\)')
TOKEN = re.compile(r'\s*(?:(0[xX][0-9A-Fa-f]+|\d+)[uUlL]*|([A-Za-z_]\w*)|(<<|>>|[|&~+\-()]))')


class GenError(Exception):
    pass


def evaluate(text, known, where):
    """Evaluates a C constant expression over `known`, as 32-bit unsigned."""
    out = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise GenError('%s: cannot read "%s"' % (where, text))
        num, name, op = m.groups()
        if num is not None:
            out.append(str(int(num, 16) if num[:2] in ('0x', '0X') else int(num, 10)))
        elif name is not None:
            if name not in known:
                raise GenError('%s: "%s" uses %s, which is not a known constant'
                               % (where, text, name))
            out.append(str(known[name]))
        else:
            out.append(op)
        pos = m.end()
    try:
        # only digits, parentheses and the operators above reach eval
        return eval(' '.join(out), {'__builtins__': {}}) & 0xFFFFFFFF
    except Exception as e:  # a malformed expression such as "1 <<"
        raise GenError('%s: cannot evaluate "%s": %s' % (where, text, e))


def check_fields(known, where_of):
    """Every NAME_MASK with a NAME_SHIFT is one run of bits from the shift up."""
    for name, mask in known.items():
        if not name.endswith('_MASK') or name[:-5] + '_SHIFT' not in known:
            continue
        shift = known[name[:-5] + '_SHIFT']
        width = bin(mask).count('1')
        if shift > 31 or mask != (((1 << width) - 1) << shift) & 0xFFFFFFFF or mask == 0:
            raise GenError('%s: %s = 0x%X is not one run of bits starting at %s = %d'
                           % (where_of[name], name, mask, name[:-5] + '_SHIFT', shift))


def read_header(path, known, order, counters, where_of):
    with open(path, encoding='utf-8') as f:
        lines = f.read().splitlines()
    for n, line in enumerate(lines, 1):
        where = '%s:%d' % (path, n)
        m = DEFINE.match(line)
        if m and '(' not in m.group(1):
            name, value = m.group(1), m.group(2)
            if not value or line.split(name, 1)[1].startswith('('):
                continue  # empty or function-like
            known[name] = evaluate(value, known, where)
            where_of[name] = where
            order.append(name)
            continue
        m = ENUM.match(line)
        if m:
            known[m.group(1)] = evaluate(m.group(2), known, where)
            order.append(m.group(1))
            continue
        m = COUNTER.match(line)
        if m:
            counters.append(m.group(2))


def render(order, known, counters, sources):
    w = max([28] + [len(n) for n in order])
    out = ['// Generated at build time by arch/tools/gen_sv_consts.py from %s.'
           % ', '.join(sources),
           '// Do not edit: change the C header. Included by rtl/mmu_pkg.sv inside the package.',
           '']
    for name in order:
        v = known[name]
        out.append("  localparam logic [31:0] %-*s = 32'h%04X_%04X;" % (w, name, v >> 16, v & 0xFFFF))
    if counters:
        out += ['',
                '  // One-cycle event pulses counted by the performance counters (mmu_regs), in',
                '  // register order (VMC_MMU_COUNTERS): the first counter is the top bit.',
                '  typedef struct packed {']
        out += ['    logic %s;' % c for c in counters]
        out += ['  } cnt_events_t;', '',
                '  localparam int unsigned NumCounters = %d;' % len(counters)]
    return '\n'.join(out) + '\n'


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    out_path, headers = argv[1], argv[2:]
    known, order, counters, where_of = {}, [], [], {}
    try:
        for h in headers:
            read_header(h, known, order, counters, where_of)
        check_fields(known, where_of)
    except (GenError, OSError) as e:
        print('gen_sv_consts: %s' % e, file=sys.stderr)
        return 1
    text = render(order, known, counters, [os.path.basename(h) for h in headers])
    try:
        with open(out_path, encoding='utf-8') as f:
            if f.read() == text:
                return 0
    except OSError:
        pass
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(os.path.abspath(out_path)), suffix='.tmp')
    with os.fdopen(fd, 'w', encoding='utf-8') as f:
        f.write(text)
    os.replace(tmp, out_path)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
