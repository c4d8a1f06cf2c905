// The test runner's counting and time limit (scripts/lib/test-file-run.ts, scripts/lib/uvu-summary.ts): fixture files
// outside the runner's discovery (tests/fixtures/runner/*.fixture.ts) run through the same code as every test file.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeOf } from '../scripts/lib/processes.js';
import { runTestFile } from '../scripts/lib/test-file-run.js';
import { parseUvuSummary } from '../scripts/lib/uvu-summary.js';

const fixture = (name: string) => runTestFile(`tests/fixtures/runner/${name}.fixture.ts`, {}, 60_000);

test('a file with one skipped and one failing test counts one failure, one skip, and shows why', async () => {
  const result = await fixture('skip-and-failure');
  assert.equal([result.passed, result.failed, result.skipped], [0, 1, 1]);
  assert.match(result.output, 'arithmetic went wrong on purpose');
});

test('a failing before hook counts as a failure and its reason is shown', async () => {
  const result = await fixture('before-hook-fails');
  assert.ok(result.failed >= 1, `counted ${result.failed} failures`);
  assert.is(result.passed, 0);
  assert.match(result.output, 'HOOK FAILED  before hook');
  assert.match(result.output, 'the database for this fixture is unreachable on purpose');
});

test("a suite's failing after hook counts as a failure with its reason, though its test passed", async () => {
  const result = await fixture('suite-after-hook-fails');
  assert.ok(result.failed >= 1, `counted ${result.failed} failures`);
  assert.match(result.output, 'after hook of suite "cleanup"');
  assert.match(result.output, 'could not drop the fixture database on purpose');
});

test('passing tests next to a skipped one pass, with the skip counted once', async () => {
  const result = await fixture('pass-and-skip');
  assert.equal([result.passed, result.failed, result.skipped], [2, 0, 1]);
});

test('a file that hangs is stopped and failed at its time limit, and so is every process it started', async () => {
  const pidFile = path.join(mkdtempSync(path.join(os.tmpdir(), 'cistern-runner-')), 'child.pid');
  const result = await runTestFile('tests/fixtures/runner/hangs-with-a-child.fixture.ts', { FIXTURE_PID_FILE: pidFile }, 8_000);
  assert.is(result.failed, 1);
  assert.match(result.output, 'timed out after 8 s');
  const child = Number(readFileSync(pidFile, 'utf8'));
  assert.ok(child > 0, 'the fixture started its child');
  // Killed and not yet reaped (a zombie) counts as gone: whoever inherited it reaps it in its own time.
  const alive = () => {
    try { return !execFileSync('ps', ['-o', 'stat=', '-p', String(child)], { encoding: 'utf8' }).trim().startsWith('Z'); } catch { return false; }
  };
  for (let i = 0; i < 50 && alive(); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  assert.not.ok(alive(), `the fixture's child ${child} was killed with it`);
});

test('a test process that cannot start is a failed exit, not a crash of the runner', async () => {
  assert.is(await closeOf(spawn('/no/such/program', [], { stdio: ['ignore', 'pipe', 'pipe'] })), 127);
});

const summary = (total: number, passed: number, skipped: number) =>
  `x.test.ts\n\n  Total:     ${total}\n  Passed:    ${passed}\n  Skipped:   ${skipped}\n  Duration:  1.00ms\n\n`;

// uvu's Total leaves skipped tests out already; the exit code may be lost (a file that calls process.exit(0)).
const CASES: Array<{ name: string; output: string; exitCode: number; failed: number; passed: number; skipped: number }> = [
  { name: 'one skip, one failure, exit 0', output: summary(1, 0, 1), exitCode: 0, failed: 1, passed: 0, skipped: 1 },
  { name: 'one skip, two failures', output: summary(2, 0, 1), exitCode: 1, failed: 2, passed: 0, skipped: 1 },
  { name: 'two passes, one skip', output: summary(2, 2, 1), exitCode: 0, failed: 0, passed: 2, skipped: 1 },
  { name: 'all passed but the process failed', output: summary(3, 3, 0), exitCode: 1, failed: 1, passed: 3, skipped: 0 },
  { name: 'a hook failure uvu does not count', output: `  HOOK FAILED  after hook\n    Error: x\n${summary(1, 1, 0)}`, exitCode: 0, failed: 1, passed: 1, skipped: 0 },
  { name: 'no summary at all (crashed)', output: 'Error: cannot find module\n', exitCode: 1, failed: 1, passed: 0, skipped: 0 },
];

for (const c of CASES) {
  test(`parse: ${c.name}`, () => {
    const result = parseUvuSummary('x.test.ts', c.output, c.exitCode);
    assert.equal([result.passed, result.failed, result.skipped], [c.passed, c.failed, c.skipped]);
  });
}

test.run();
