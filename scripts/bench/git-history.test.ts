/** Which commits make a bench section stale, in a throwaway repository: its sources count, the migration snapshot does not. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { changesSince, hasUncommittedChanges, headCommit } from './git-history.js';

const repo = mkdtempSync(path.join(tmpdir(), 'cistern-git-history-'));
const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args], { cwd: repo, encoding: 'utf8' });

function commit(file: string, text: string, message: string): string {
  mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
  writeFileSync(path.join(repo, file), text);
  git('add', '-A');
  git('commit', '-q', '-m', message);
  return headCommit(repo);
}

test.after(() => rmSync(repo, { recursive: true, force: true }));

test('a commit to a source counts; one that only rewrites the migration snapshot does not', () => {
  git('init', '-q');
  const measured = commit('migrations/Migration1.ts', 'one', 'first migration');
  commit('migrations/.snapshot-cistern.json', '{}', 'snapshot only');
  assert.equal(changesSince(measured, ['migrations/'], repo), []);
  assert.not.ok(hasUncommittedChanges(['migrations/'], repo));
  writeFileSync(path.join(repo, 'migrations/.snapshot-cistern.json'), '{"tables": []}');
  assert.not.ok(hasUncommittedChanges(['migrations/'], repo), 'an uncommitted snapshot leaves the run clean');
  const second = commit('migrations/Migration2.ts', 'two', 'second migration');
  assert.equal(changesSince(measured, ['migrations/'], repo), [{ commit: second, subject: 'second migration' }]);
  writeFileSync(path.join(repo, 'migrations/Migration2.ts'), 'changed');
  assert.ok(hasUncommittedChanges(['migrations/'], repo));
});

test.run();
