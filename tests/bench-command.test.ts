/**
 * `npm run bench` on a command line it cannot read: the usage and exit status 64, never a stack trace
 * (before, `--help` or a mistyped option ended in parseArgs' TypeError and its stack).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';

function bench(...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'scripts/bench.ts', ...args], { encoding: 'utf8', timeout: 60_000 });
}

test('--help prints the usage with the bench keys and exits 0', () => {
  const result = bench('--help');
  assert.is(result.status, 0, result.stderr);
  assert.match(result.stdout, /^usage: npm run bench -- \[--accounts N\]/);
  assert.match(result.stdout, /keys: seed, .*load/);
});

const refused: Array<[string, string[], RegExp]> = [
  ['an unknown option', ['--acounts', '5'], /Unknown option '--acounts'/],
  ['an option without its value', ['--accounts'], /--accounts/],
  ['an unknown bench', ['serch'], /unknown bench serch; known: seed, /],
  ['a size that is not a positive integer', ['--accounts', 'many', 'search'], /--accounts must be a positive integer, got many/],
];
for (const [what, args, message] of refused) {
  test(`${what} is refused with exit status 64 and no stack trace`, () => {
    const result = bench(...args);
    assert.is(result.status, 64, result.stderr);
    assert.match(result.stderr, message);
    assert.not.match(result.stderr, /\n\s+at /);
  });
}

test.run();
