/**
 * Runs one uvu test file in a process of its own and reads its result: what scripts/test.ts
 * does for every file, and tests/test-runner.test.ts for its fixtures.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { closeOf, spawnTs } from './processes.js';
import { PROJECT_ROOT } from './project-paths.js';
import { parseUvuSummary, type FileResult } from './uvu-summary.js';

const HOOK_REASONS = pathToFileURL(path.join(PROJECT_ROOT, 'scripts', 'lib', 'uvu-hook-reasons.ts')).href;

/**
 * Every process started under `pid`, however deep. Read before anything is killed: a killed
 * parent's children pass to init and could no longer be found by their parent.
 */
export function descendantsOf(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const line of execFileSync('ps', ['-e', '-o', 'pid=,ppid='], { encoding: 'utf8' }).trim().split('\n')) {
    const [child, parent] = line.trim().split(/\s+/).map(Number);
    children.set(parent, [...(children.get(parent) ?? []), child]);
  }
  const found: number[] = [];
  for (let queue = [...(children.get(pid) ?? [])]; queue.length;) {
    const next = queue.shift() as number;
    found.push(next);
    queue = queue.concat(children.get(next) ?? []);
  }
  return found;
}

/** Kills `pid` and everything it started (a timed-out chaos test once left its API and workers running for hours). */
function killTree(pid: number | undefined): void {
  if (pid === undefined) return;
  for (const each of [pid, ...descendantsOf(pid)]) {
    try { process.kill(each, 'SIGKILL'); } catch { /* gone already */ }
  }
}

/** `file` is relative to the project root; a file still running after `limitMs` is stopped and failed. */
export async function runTestFile(file: string, env: Record<string, string>, limitMs = Number(process.env.TEST_FILE_TIMEOUT_MS ?? 600_000)): Promise<FileResult> {
  const pattern = `^${path.basename(file).replace(/\./g, '\\.')}$`;
  const child = spawnTs('node_modules/uvu/bin.js', [path.dirname(file), pattern, '--color', 'false'], env, 'pipe', [HOOK_REASONS]);
  const started = performance.now();
  let output = '';
  child.stdout?.on('data', (chunk) => { output += chunk; });
  child.stderr?.on('data', (chunk) => { output += chunk; });
  child.once('error', (error) => { output += `\ncould not start the test process: ${error.message}\n`; });
  // A file that hangs is stopped and counted as failed, so one stuck test never stalls CI; the processes it
  // started go with it (its own clean-up never runs), or they would run on beside the rest of the suite.
  const timer = setTimeout(() => { output += `\ntimed out after ${limitMs / 1000} s\n`; killTree(child.pid); }, limitMs);
  const code = await closeOf(child);
  clearTimeout(timer);
  return { ...parseUvuSummary(file, output, code), ms: performance.now() - started };
}
