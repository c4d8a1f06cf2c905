/** What git knows about the benchmarked code: the commit checked out and the commits since one that touch given paths. */
import { execFileSync } from 'node:child_process';
import { PROJECT_ROOT } from '../lib/project-paths.js';
import type { Change } from './bench-report.js';

/**
 * Files under a bench's sources that no benchmarked process runs: the migration snapshot is what
 * `migration:create` diffs the entities against, so a commit that only rewrites it leaves every
 * number as it was and marks no section stale.
 */
const NEVER_RUN = [':(exclude)migrations/.snapshot-cistern.json'];

function git(args: string[], cwd: string): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

export function headCommit(cwd = PROJECT_ROOT): string {
  return git(['rev-parse', 'HEAD'], cwd);
}

/** Whether the working tree has uncommitted changes under `paths`. */
export function hasUncommittedChanges(paths: readonly string[], cwd = PROJECT_ROOT): boolean {
  return git(['status', '--porcelain', '--', ...paths, ...NEVER_RUN], cwd) !== '';
}

/** Commits after `since` (up to HEAD) that touch `paths`, newest first; 'unknown-commit' when `since` is not in this history. */
export function changesSince(since: string, paths: readonly string[], cwd = PROJECT_ROOT): Change[] | 'unknown-commit' {
  try {
    git(['merge-base', '--is-ancestor', since, 'HEAD'], cwd);
  } catch {
    return 'unknown-commit';
  }
  const log = git(['log', '--format=%H%x09%s', `${since}..HEAD`, '--', ...paths, ...NEVER_RUN], cwd);
  return log === '' ? [] : log.split('\n').map((line) => {
    const [commit, ...subject] = line.split('\t');
    return { commit, subject: subject.join('\t') };
  });
}
