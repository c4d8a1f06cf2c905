/**
 * Runs one uvu test file in a process of its own and reads its result: what scripts/test.ts
 * does for every file, and tests/test-runner.test.ts for its fixtures.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { closeOf, spawnTs } from './processes.js';
import { PROJECT_ROOT } from './project-paths.js';
import { parseUvuSummary, type FileResult } from './uvu-summary.js';

const HOOK_REASONS = pathToFileURL(path.join(PROJECT_ROOT, 'scripts', 'lib', 'uvu-hook-reasons.ts')).href;

/** `file` is relative to the project root; a file still running after `limitMs` is stopped and failed. */
export async function runTestFile(file: string, env: Record<string, string>, limitMs = Number(process.env.TEST_FILE_TIMEOUT_MS ?? 600_000)): Promise<FileResult> {
  const pattern = `^${path.basename(file).replace(/\./g, '\\.')}$`;
  const child = spawnTs('node_modules/uvu/bin.js', [path.dirname(file), pattern, '--color', 'false'], env, 'pipe', [HOOK_REASONS]);
  const started = performance.now();
  let output = '';
  child.stdout?.on('data', (chunk) => { output += chunk; });
  child.stderr?.on('data', (chunk) => { output += chunk; });
  child.once('error', (error) => { output += `\ncould not start the test process: ${error.message}\n`; });
  // A file that hangs is stopped and counted as failed, so one stuck test never stalls CI.
  const timer = setTimeout(() => { output += `\ntimed out after ${limitMs / 1000} s\n`; child.kill('SIGKILL'); }, limitMs);
  const code = await closeOf(child);
  clearTimeout(timer);
  return { ...parseUvuSummary(file, output, code), ms: performance.now() - started };
}
