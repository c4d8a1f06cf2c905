/**
 * The commands on a command line they cannot read: the usage and exit status 64, never a stack trace (before,
 * `--help` or a mistyped option ended in parseArgs' TypeError and its stack); `--help` prints the usage (exit 0).
 * All read their options through scripts/lib/command-line.ts; `npm run bench` is checked in full.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';

function run(script: string, ...args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8', timeout: 60_000 });
}
const bench = (...args: string[]) => run('scripts/bench.ts', ...args);

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

const commands: Array<[string, string]> = [
  ['scripts/seed.ts', 'npm run seed'],
  ['scripts/import-bills.ts', 'npm run import:bills'],
  ['scripts/create-user.ts', 'npm run user:create'],
  ['scripts/allocations-rebuild.ts', 'npm run allocations:rebuild'],
  ['scripts/temporal-server.ts', 'npm run temporal:server'],
];
for (const [script, command] of commands) {
  test(`${command}: --help prints its usage, a mistyped option gets it with exit status 64 and no stack trace`, () => {
    const help = run(script, '--help');
    assert.is(help.status, 0, help.stderr);
    assert.ok(help.stdout.startsWith(`usage: ${command} -- `), help.stdout);
    const wrong = run(script, '--no-such-option');
    assert.is(wrong.status, 64, wrong.stderr);
    assert.match(wrong.stderr, /Unknown option '--no-such-option'/);
    assert.ok(wrong.stderr.includes(`usage: ${command} -- `), wrong.stderr);
    assert.not.match(wrong.stderr, /\n\s+at /);
  });
}

test.run();
