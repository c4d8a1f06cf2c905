// The checks CI runs besides the tests: types, lint and layer boundaries. Each is an npm
// script (package.json holds the command lines); tests/static-checks.test.ts runs them.
import { spawn } from 'node:child_process';
import { exitOf } from './processes.js';
import { PROJECT_ROOT } from './project-paths.js';

export const STATIC_CHECKS = ['typecheck', 'lint', 'check:boundaries'] as const;

export interface CheckResult { ok: boolean; output: string }

/** Runs one of the npm scripts above; `output` is what it printed, for the failure message. */
export async function runStaticCheck(script: (typeof STATIC_CHECKS)[number]): Promise<CheckResult> {
  const child = spawn('npm', ['run', '--silent', script], { cwd: PROJECT_ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => { output += chunk; });
  child.stderr.on('data', (chunk) => { output += chunk; });
  const code = await exitOf(child);
  return { ok: code === 0, output: output.trim() };
}
