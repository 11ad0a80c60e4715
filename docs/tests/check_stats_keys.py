#!/usr/bin/env python3
"""docs.stats_keys.*: the statistics keys spelled outside the code agree with their sources.

  check_stats_keys.py ROOT              check the tree at ROOT
  check_stats_keys.py --self-test ROOT  the check must catch edited copies of the files

- docs/stats-schema.json's "mmuCounters" lists, as properties and as required keys, exactly
  the keys of the counter list VMC_MMU_COUNTERS (arch/include/vmcosim/mmu_counters.h), in its
  order (the harness writes them from that list);
- every key path bench/scripts/results.py reads from a run's statistics (the strings of its
  _get(st, ...) calls) is a path of the schema.
Each disagreement is printed; the exit status is their number (at most 100).
"""
import json
import os
import re
import shutil
import sys
import tempfile

COUNTERS_H = os.path.join('arch', 'include', 'vmcosim', 'mmu_counters.h')
SCHEMA = os.path.join('docs', 'stats-schema.json')
RESULTS_PY = os.path.join('bench', 'scripts', 'results.py')

COUNTER = re.compile(r'^\s*X\(\s*\w+\s*,\s*\w+\s*,\s*"(\w+)"\s*\)')
GET_CALL = re.compile(r'_get\(\s*st\s*,([^)]*)\)')
STRING = re.compile(r'"([^"]*)"')


def counter_keys(path):
    keys, inside = [], False
    with open(path, encoding='utf-8') as f:
        for line in f:
            if '#define VMC_MMU_COUNTERS(' in line:
                inside = True
                continue
            if inside:
                m = COUNTER.match(line)
                if m:
                    keys.append(m.group(1))
                if not line.rstrip().endswith('\\'):
                    break
    return keys


def find_property(schema, name):
    """The sub-schema of the first property called name, searched depth first."""
    props = schema.get('properties', {}) if isinstance(schema, dict) else {}
    if name in props:
        return props[name]
    for sub in props.values():
        found = find_property(sub, name)
        if found is not None:
            return found
    return None


def schema_has_path(schema, path):
    node = schema
    for k in path.split('.'):
        props = node.get('properties', {}) if isinstance(node, dict) else {}
        if k not in props:
            return False
        node = props[k]
    return True


def check(root):
    problems = []
    keys = counter_keys(os.path.join(root, COUNTERS_H))
    if not keys:
        return ['%s: no VMC_MMU_COUNTERS entries found' % COUNTERS_H]
    with open(os.path.join(root, SCHEMA), encoding='utf-8') as f:
        schema = json.load(f)
    mmu = find_property(schema, 'mmuCounters')
    if mmu is None:
        problems.append('%s: no "mmuCounters" property' % SCHEMA)
    else:
        for what, got in (('properties', list(mmu.get('properties', {}))),
                          ('required', list(mmu.get('required', [])))):
            if got != keys:
                problems.append('%s: mmuCounters %s %s, but %s lists %s'
                                % (SCHEMA, what, got, COUNTERS_H, keys))
    with open(os.path.join(root, RESULTS_PY), encoding='utf-8') as f:
        text = f.read()
    paths = [p for call in GET_CALL.findall(text) for p in STRING.findall(call)]
    if not paths:
        problems.append('%s: no _get(st, ...) key paths found' % RESULTS_PY)
    for p in paths:
        if not schema_has_path(schema, p):
            line = text[:text.index('"%s"' % p)].count('\n') + 1
            problems.append('%s:%d: reads "%s", which is not in %s' % (RESULTS_PY, line, p, SCHEMA))
    return problems


def edited_copy(root, tmp, rel, old, new):
    """A copy of the three checked files under tmp, with one replacement in rel unless old is
    None."""
    for r in (COUNTERS_H, SCHEMA, RESULTS_PY):
        os.makedirs(os.path.dirname(os.path.join(tmp, r)), exist_ok=True)
        shutil.copyfile(os.path.join(root, r), os.path.join(tmp, r))
    if old is None:
        return
    path = os.path.join(tmp, rel)
    with open(path, encoding='utf-8') as f:
        text = f.read()
    if old not in text:
        raise SystemExit('self-test: "%s" not in %s' % (old, rel))
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text.replace(old, new, 1))


def self_test(root):
    """Each edit must be reported, and the unedited copy must pass."""
    edits = [
        (COUNTERS_H, 'X(FLUSHES, flushes, "flushes")', 'X(FLUSHES, flushes, "tlbFlushes")'),
        (COUNTERS_H, 'X(WALKS_L1, walks_l1, "walksL1")                          \\\n', ''),
        (SCHEMA, '"wcacheHits": {', '"walkCacheHits": {'),
        (RESULTS_PY, '"walker.walks"', '"walker.walkz"'),
    ]
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        edited_copy(root, tmp, SCHEMA, None, None)
        if check(tmp):
            print('self-test: the unedited copy fails: %s' % check(tmp))
            failures += 1
    for rel, old, new in edits:
        with tempfile.TemporaryDirectory() as tmp:
            edited_copy(root, tmp, rel, old, new)
            if not check(tmp):
                print('self-test: an edit of %s (%s -> %s) was not reported' % (rel, old, new))
                failures += 1
    print('self-test: %d edits, %d not caught' % (len(edits), failures))
    return failures


def main(argv):
    if len(argv) == 3 and argv[1] == '--self-test':
        return min(self_test(argv[2]), 100)
    if len(argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    problems = check(argv[1])
    for p in problems:
        print(p)
    return min(len(problems), 100)


if __name__ == '__main__':
    sys.exit(main(sys.argv))
