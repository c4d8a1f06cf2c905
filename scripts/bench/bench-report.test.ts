/** BENCHMARKS.md bookkeeping: sections found again with their provenance, stale lines, failures and the exit code. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { BenchSection } from './bench-kit.js';
import { exitCodeFor, failures, mergeSection, renderSection, sectionsOf, staleLine, withStaleLine, type Change, type Provenance } from './bench-report.js';
import { firstRunProblem, secondsAllowed } from './metrics.bench.js';
import { seedSecondsAllowed } from './seed.bench.js';

const COMMIT = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const provenance: Provenance = { commit: COMMIT, sources: ['scripts/seed/', 'migrations/'] };
const section = (pass?: boolean, value = '1.0 s'): BenchSection => ({ title: 'Thing', rows: [{ metric: 'time', value, target: '< 2 s', pass }] });
const rendered = renderSection(section(true), 'seed', '2026-11-30 04:00 UTC on a box', provenance);

test('a rendered section is found again with its commit and sources', () => {
  const found = sectionsOf(`# Benchmarks\n\n${rendered}\n`);
  assert.is(found.length, 1);
  assert.is(found[0].key, 'seed');
  assert.equal(found[0].provenance, { ...provenance, dirty: false });
  assert.match(found[0].text, '_Code: commit `a1b2c3d4e5`; measures `scripts/seed/`, `migrations/`._');
});

test('a dirty measurement says so and is read back as dirty', () => {
  const dirty = renderSection(section(true), 'seed', 'now', { ...provenance, dirty: true });
  assert.match(dirty, 'with uncommitted changes');
  assert.is(sectionsOf(dirty)[0].provenance?.dirty, true);
});

test('an old section without provenance is found, with none', () => {
  const old = '<!-- bench:metrics -->\n## Old\n\n_Measured then._\n<!-- /bench:metrics -->';
  assert.equal(sectionsOf(old).map((s) => [s.key, s.provenance]), [['metrics', null]]);
});

test('merging replaces the section of that key (old or new marker) and appends a new key', () => {
  const old = '# B\n\n<!-- bench:seed -->\nold\n<!-- /bench:seed -->\n\n<!-- bench:search -->\nkeep\n<!-- /bench:search -->\n';
  const once = mergeSection(old, 'seed', rendered);
  assert.ok(once.includes(rendered) && once.includes('keep') && !once.includes('old'));
  const twice = mergeSection(once, 'seed', rendered.replace('Thing', 'Other'));
  assert.is(sectionsOf(twice).length, 2);
  assert.ok(twice.includes('## Other') && !twice.includes('## Thing'));
  const appended = mergeSection(old, 'seed-1m', rendered.replaceAll('bench:seed', 'bench:seed-1m'));
  assert.equal(sectionsOf(appended).map((s) => s.key), ['seed', 'search', 'seed-1m']);
});

const change = (n: number): Change => ({ commit: `${n}`.padStart(40, 'f'), subject: `change ${n}` });
const staleCases: Array<[string, Provenance | null, Change[] | 'unknown-commit', RegExp | null]> = [
  ['no commits since: not stale', provenance, [], null],
  ['one commit touches its sources', provenance, [change(1)], /^stale: code changed since a1b2c3d4e5 \(1 commit touch its sources: `ffffffffff` change 1\)\.$/],
  ['seven commits: five listed and the rest counted', provenance, [1, 2, 3, 4, 5, 6, 7].map(change), /7 commits .*change 5; and 2 more\)\.$/],
  ['no provenance recorded', null, [], /^stale: measured before sections recorded/],
  ['commit not in this history (rebased away)', provenance, 'unknown-commit', /^stale: commit a1b2c3d4e5 is not in this history/],
];
for (const [name, given, changes, expected] of staleCases) {
  test(`staleLine: ${name}`, () => {
    const line = staleLine(given, changes);
    if (expected === null) assert.is(line, null);
    else assert.match(line ?? '', expected);
  });
}

test('the stale line goes after the Measured and Code lines, is replaced on the next check and removed when fresh', () => {
  const stale = withStaleLine(rendered, 'stale: code changed since x.');
  const lines = stale.split('\n');
  assert.is(lines[lines.findIndex((l) => l.startsWith('_Code:')) + 1], '**stale: code changed since x.**');
  const again = withStaleLine(stale, 'stale: code changed since y.');
  assert.is(again.split('\n').filter((l) => l.startsWith('**stale: ')).length, 1);
  assert.ok(again.includes('since y.'));
  assert.is(withStaleLine(again, null), rendered);
});

const failureCases: Array<[string, Array<{ key: string; section?: BenchSection; error?: string }>, string[], number]> = [
  ['all targets met', [{ key: 'seed', section: section(true) }, { key: 'search', section: section(undefined) }], [], 0],
  ['one row failed', [{ key: 'seed', section: section(true) }, { key: 'metrics', section: section(false, '3.0 s') }], ['metrics: time was 3.0 s, target < 2 s'], 1],
  ['a bench did not finish', [{ key: 'search', error: 'GET … → 500' }], ['search: did not finish: GET … → 500'], 1],
  ['nothing run', [], [], 0],
];
for (const [name, results, expected, code] of failureCases) {
  test(`failures and exit code: ${name}`, () => {
    const found = failures(results);
    assert.equal(found, expected);
    assert.is(exitCodeFor(found), code);
  });
}

const limitCases: Array<[number, number, number]> = [[1000, 120, 180], [100_000, 120, 180], [1_000_000, 300, 720]];
for (const [accounts, metrics, seed] of limitCases) {
  test(`targets at ${accounts} accounts: nightly metrics ${metrics} s, seed ${seed} s`, () => {
    assert.is(secondsAllowed(accounts), metrics);
    assert.is(seedSecondsAllowed(accounts), seed);
  });
}

const firstRunCases: Array<[number, boolean]> = [[0, true], [1, false], [18_765, false], [1_000_000, false]];
for (const [scored, measurable] of firstRunCases) {
  test(`the nightly's first run ${measurable ? 'is' : 'is not'} measured with ${scored} accounts scored before it`, () => {
    const problem = firstRunProblem(scored);
    assert.is(problem === null, measurable);
    if (problem) assert.match(problem, /seed it again/i);
  });
}

test.run();
