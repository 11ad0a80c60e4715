#!/usr/bin/env python3
"""arch.sv_consts.*: gen_sv_consts.py on small headers written here.

  test_gen_sv_consts.py GENERATOR

A good header gives the localparams with the values worked out by hand below; each bad header
(a name it does not know, an expression it cannot read or evaluate, a field mask that is not
one run of bits from its shift, a missing file) must stop it with exit status 1, a message
that names the header, the line and the offending text or value, and no output file.
Exit status: the number of failed cases.
"""
import os
import subprocess
import sys
import tempfile

GOOD = '''/* a comment line */
#define VMSA_T_SHIFT      3u
#define VMSA_T_MASK       (0x7u << VMSA_T_SHIFT)
#define VMSA_T_TOP        (~0u & ~VMSA_T_MASK)
#define MMU_T_LAST        (0x40u + 4u)
'''
# Worked by hand: 7 << 3 = 0x38; ~0x38 = 0xFFFFFFC7; 0x40 + 4 = 0x44.
GOOD_LINES = [
    "localparam logic [31:0] VMSA_T_SHIFT", "= 32'h0000_0003;",
    "localparam logic [31:0] VMSA_T_MASK", "= 32'h0000_0038;",
    "localparam logic [31:0] VMSA_T_TOP", "= 32'hFFFF_FFC7;",
    "localparam logic [31:0] MMU_T_LAST", "= 32'h0000_0044;",
]

# (case name, header text, words the message must contain besides the header's path)
BAD = [
    ('unknown_name', '#define VMSA_A 1u\n#define VMSA_B (VMSA_NOPE << 2)\n',
     [':2:', 'VMSA_NOPE', 'not a known constant']),
    ('malformed', '#define VMSA_A 1u <<\n', [':1:', 'cannot evaluate', '1u <<']),
    ('unreadable', '\n\n#define VMSA_A (3u * 4u)\n', [':3:', 'cannot read', '(3u * 4u)']),
    ('mask_with_a_hole', '#define VMSA_F_SHIFT 4u\n#define VMSA_F_MASK 0x50u\n',
     [':2:', 'VMSA_F_MASK = 0x50', 'not one run of bits', 'VMSA_F_SHIFT = 4']),
    ('mask_below_shift', '#define VMSA_F_SHIFT 4u\n#define VMSA_F_MASK 0x0Cu\n',
     [':2:', 'VMSA_F_MASK = 0xC', 'not one run of bits']),
]


def run(generator, out, headers):
    return subprocess.run([sys.executable, generator, out] + headers,
                          capture_output=True, text=True, timeout=60)


def check_good(generator, tmp):
    header = os.path.join(tmp, 'good.h')
    out = os.path.join(tmp, 'good.svh')
    with open(header, 'w') as f:
        f.write(GOOD)
    r = run(generator, out, [header])
    if r.returncode != 0:
        return ['good header: exit %d: %s' % (r.returncode, r.stderr.strip())]
    with open(out) as f:
        text = ' '.join(f.read().split())
    missing = []
    for name, value in zip(GOOD_LINES[::2], GOOD_LINES[1::2]):
        if ' '.join((name + ' ' + value).split()) not in text:
            missing.append('good header: no "%s %s"' % (name, value))
    return missing


def check_bad(generator, tmp, name, text, words):
    header = os.path.join(tmp, name + '.h')
    out = os.path.join(tmp, name + '.svh')
    with open(header, 'w') as f:
        f.write(text)
    r = run(generator, out, [header])
    problems = []
    if r.returncode != 1:
        problems.append('exit %d, expected 1' % r.returncode)
    for w in [header] + words:
        if w not in r.stderr:
            problems.append('message lacks "%s"' % w)
    if os.path.exists(out):
        problems.append('an output file was written')
    return ['%s: %s (stderr: %s)' % (name, p, r.stderr.strip()) for p in problems]


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    generator = argv[1]
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        failures += check_good(generator, tmp)
        for name, text, words in BAD:
            failures += check_bad(generator, tmp, name, text, words)
        missing = os.path.join(tmp, 'absent.h')
        failures += check_bad_missing(generator, tmp, missing)
    for f in failures:
        print('FAIL ' + f)
    print('%d cases, %d failures' % (len(BAD) + 2, len(failures)))
    return min(len(failures), 100)


def check_bad_missing(generator, tmp, missing):
    out = os.path.join(tmp, 'missing.svh')
    r = run(generator, out, [missing])
    if r.returncode == 1 and missing in r.stderr and not os.path.exists(out):
        return []
    return ['missing header: exit %d, stderr %s' % (r.returncode, r.stderr.strip())]


if __name__ == '__main__':
    sys.exit(main(sys.argv))
