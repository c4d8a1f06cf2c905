/** What git knows about the benchmarked code: the commit checked out and the commits since one that touch given paths. */
import { execFileSync } from 'node:child_process';
import { PROJECT_ROOT } from '../lib/project-paths.js';
import type { Change } from './bench-report.js';

function git(args: string[]): string {
  return execFileSync('git', args, { cwd: PROJECT_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

export function headCommit(): string {
  return git(['rev-parse', 'HEAD']);
}

/** Whether the working tree has uncommitted changes under `paths`. */
export function hasUncommittedChanges(paths: readonly string[]): boolean {
  return git(['status', '--porcelain', '--', ...paths]) !== '';
}

/** Commits after `since` (up to HEAD) that touch `paths`, newest first; 'unknown-commit' when `since` is not in this history. */
export function changesSince(since: string, paths: readonly string[]): Change[] | 'unknown-commit' {
  try {
    git(['merge-base', '--is-ancestor', since, 'HEAD']);
  } catch {
    return 'unknown-commit';
  }
  const log = git(['log', '--format=%H%x09%s', `${since}..HEAD`, '--', ...paths]);
  return log === '' ? [] : log.split('\n').map((line) => {
    const [commit, ...subject] = line.split('\t');
    return { commit, subject: subject.join('\t') };
  });
}
