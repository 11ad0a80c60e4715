#!/usr/bin/env python3
"""Checks the import rules between the parts (arch/import-rules.txt).

Usage: check_imports.py ROOT RULES        exit 0 when every rule holds, 1 with the violations
       check_imports.py --self-test       exit 0 when the checker catches planted violations

An include names a header of folder D when a file under D has that path as its tail
("vmcosim/mmu_model.h" is models/include/vmcosim/mmu_model.h), unless the including file's own
folder holds it. A bad rules file is reported with its file name and line, exit 2.
"""
import os
import re
import sys
import tempfile

INCLUDE = re.compile(r'^\s*(?:#\s*include|`include)\s*[<"]([^">]+)[">]')
SKIP_DIRS = {'.git', '__pycache__'}
SOURCE_SUFFIXES = ('.c', '.h', '.cpp', '.hpp', '.cc', '.sv', '.svh', '.vlt', '.txt', '.cmake',
                   '.in', '.py', '.sh')


class RuleError(Exception):
    pass


class Rule:
    def __init__(self, name, where):
        self.name, self.where = name, where
        self.why = ''
        self.files, self.excepts, self.no_include_from, self.no_line = [], [], [], []


def parse_rules(path):
    rules, rule = [], None
    with open(path, encoding='utf-8') as f:
        for n, raw in enumerate(f, 1):
            line = raw.strip()
            if not line or line.startswith('#'):
                continue
            key, _, rest = line.partition(' ')
            rest = rest.strip()
            where = '%s:%d' % (path, n)
            if key == 'rule':
                if not rest:
                    raise RuleError('%s: rule without a name' % where)
                rule = Rule(rest, where)
                rules.append(rule)
                continue
            if rule is None:
                raise RuleError('%s: "%s" before the first rule' % (where, key))
            if key == 'why':
                rule.why = rest
            elif key == 'files':
                rule.files += rest.split()
            elif key == 'except':
                rule.excepts += rest.split()
            elif key == 'no-include-from':
                rule.no_include_from += [d.strip('/') for d in rest.split()]
            elif key == 'no-line':
                try:
                    rule.no_line.append(re.compile(rest))
                except re.error as e:
                    raise RuleError('%s: bad regex "%s": %s' % (where, rest, e))
            else:
                raise RuleError('%s: unknown key "%s"' % (where, key))
    for r in rules:
        if not r.files or not (r.no_include_from or r.no_line):
            raise RuleError('%s: rule %s needs files and no-include-from or no-line'
                            % (r.where, r.name))
    return rules


def glob_match(path, pattern):
    """fnmatch where ** spans folders and * stays inside one."""
    rx = ''
    i = 0
    while i < len(pattern):
        if pattern.startswith('**/', i):
            rx += '(?:.*/)?'
            i += 3
        elif pattern.startswith('**', i):
            rx += '.*'
            i += 2
        elif pattern[i] == '*':
            rx += '[^/]*'
            i += 1
        else:
            rx += re.escape(pattern[i])
            i += 1
    return re.fullmatch(rx, path) is not None


def tree_files(root):
    out = []
    for d, dirs, files in os.walk(root):
        # build folders hold generated copies; they are not the parts' sources
        dirs[:] = sorted(x for x in dirs
                         if x not in SKIP_DIRS and not x.startswith('build'))
        rel = os.path.relpath(d, root)
        for f in sorted(files):
            out.append(f if rel == '.' else rel.replace(os.sep, '/') + '/' + f)
    return out


def names_header_of(include, including, folder, all_files):
    """True when `include` (as written in file `including`) names a file under folder."""
    sibling = os.path.dirname(including) + '/' + include if '/' in including else include
    if os.path.normpath(sibling).replace(os.sep, '/') in all_files:
        return os.path.normpath(sibling).startswith(folder + '/')
    tail = '/' + include
    return any(f.startswith(folder + '/') and ('/' + f).endswith(tail) for f in all_files)


def check(root, rules):
    files = tree_files(root)
    file_set = set(files)
    violations = []
    for r in rules:
        chosen = [f for f in files
                  if any(glob_match(f, g) for g in r.files)
                  and not any(glob_match(f, g) for g in r.excepts)
                  and (f.endswith(SOURCE_SUFFIXES) or os.path.basename(f) == 'CMakeLists.txt')]
        for f in chosen:
            with open(os.path.join(root, f), encoding='utf-8', errors='replace') as fh:
                lines = fh.read().splitlines()
            for n, line in enumerate(lines, 1):
                m = INCLUDE.match(line)
                if m:
                    for d in r.no_include_from:
                        if names_header_of(m.group(1), f, d, file_set):
                            violations.append('%s:%d: [%s] includes %s from %s/ (%s)'
                                              % (f, n, r.name, m.group(1), d, r.why))
                for rx in r.no_line:
                    if rx.search(line):
                        violations.append('%s:%d: [%s] matches "%s" (%s)'
                                          % (f, n, r.name, rx.pattern, r.why))
    return violations


def self_test():
    """Plants one violation of each kind in a small tree and checks that each is reported,
    and that the same tree without them passes."""
    rules_text = ('rule no-model\nwhy test\nfiles fw/**\nexcept fw/test/**\n'
                  'no-include-from models\n\n'
                  'rule no-word\nwhy test\nfiles fw/CMakeLists.txt\nno-line models/\n')
    clean = {
        'models/include/vmcosim/model.h': '',
        'arch/include/vmcosim/regs.h': '',
        'fw/a.c': '#include "vmcosim/regs.h"\n#include "local.h"\n',
        'fw/local.h': '',
        'fw/test/t.c': '#include "vmcosim/model.h"\n',
        'fw/CMakeLists.txt': 'install(DIRECTORY arch/include)\n',
    }
    planted = dict(clean)
    planted['fw/b.c'] = '#include <stdio.h>\n  #  include "vmcosim/model.h"\n'
    planted['fw/CMakeLists.txt'] = 'install(DIRECTORY ${ROOT}/models/include)\n'
    failures = 0
    for tree, expect in ((clean, []), (planted, ['fw/CMakeLists.txt:1: [no-word]',
                                                 'fw/b.c:2: [no-model]'])):
        with tempfile.TemporaryDirectory() as root:
            for rel, text in tree.items():
                os.makedirs(os.path.dirname(os.path.join(root, rel)), exist_ok=True)
                with open(os.path.join(root, rel), 'w') as f:
                    f.write(text)
            rules_path = os.path.join(root, 'rules.txt')
            with open(rules_path, 'w') as f:
                f.write(rules_text)
            got = sorted(v.split(' ', 2)[0] + ' ' + v.split(' ', 2)[1]
                         for v in check(root, parse_rules(rules_path)))
            if got != expect:
                print('self-test: expected %s, got %s' % (expect, got))
                failures += 1
    with tempfile.NamedTemporaryFile('w', suffix='.txt', delete=False) as f:
        f.write('rule r\nfiles x\nbogus y\n')
    try:
        parse_rules(f.name)
        print('self-test: an unknown key was accepted')
        failures += 1
    except RuleError as e:
        if ':3:' not in str(e):
            print('self-test: the error does not name the line: %s' % e)
            failures += 1
    finally:
        os.unlink(f.name)
    return failures


def main(argv):
    if argv[1:] == ['--self-test']:
        return 1 if self_test() else 0
    if len(argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    root, rules_path = argv[1], argv[2]
    try:
        rules = parse_rules(rules_path)
    except (RuleError, OSError) as e:
        print('check_imports: %s' % e, file=sys.stderr)
        return 2
    violations = check(root, rules)
    for v in violations:
        print(v)
    print('%d rules, %d violations' % (len(rules), len(violations)))
    return 1 if violations else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
