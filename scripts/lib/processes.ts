// Child processes for the scripts: TypeScript entry points run through tsx on this Node,
// waited for and stopped politely.
import { spawn, type ChildProcess } from 'node:child_process';
import { PROJECT_ROOT } from './project-paths.js';

/** Runs a TypeScript entry point on this Node (24) through tsx, as a child process; `preload` modules are imported first. */
export function spawnTs(entry: string, args: string[] = [], env: Record<string, string> = {}, stdio: 'inherit' | 'pipe' = 'inherit', preload: string[] = []): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', ...preload.flatMap((module) => ['--import', module]), entry, ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', stdio, stdio],
  });
}

export function exitOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve(child.exitCode);
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/**
 * Resolves with the exit code once the child has exited AND its piped output has ended
 * ('close'), so the last lines it wrote are read. A grandchild that keeps the pipes open
 * gets `graceMs` after the exit before the streams are given up on.
 */
export function closeOf(child: ChildProcess, graceMs = 5_000): Promise<number> {
  return new Promise((resolve) => {
    let code: number | null = null;
    let grace: NodeJS.Timeout | undefined;
    const finish = () => { clearTimeout(grace); resolve(code ?? 1); };
    // A child that could not start (its program missing) emits 'error' and may never exit: it failed.
    child.once('error', () => { code ??= 127; finish(); });
    child.once('close', (closeCode, signal) => { code ??= closeCode ?? (signal ? 128 : 1); finish(); });
    child.once('exit', (exitCode, signal) => {
      code = exitCode ?? (signal ? 128 : 1);
      grace = setTimeout(() => { child.stdout?.destroy(); child.stderr?.destroy(); finish(); }, graceMs);
    });
  });
}

/** A piped child's exit code and everything it wrote to stdout and stderr, interleaved as it came. */
export async function outputOf(child: ChildProcess): Promise<{ code: number; output: string }> {
  let output = '';
  child.stdout?.on('data', (chunk) => { output += chunk; });
  child.stderr?.on('data', (chunk) => { output += chunk; });
  const code = await closeOf(child);
  return { code, output };
}

/** Runs a TypeScript script to completion; throws when it fails. */
export async function runTs(entry: string, args: string[] = [], env: Record<string, string> = {}): Promise<void> {
  const code = await exitOf(spawnTs(entry, args, env));
  if (code !== 0) throw new Error(`${entry} ${args.join(' ')} exited with code ${code}`);
}

export function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => { clearTimeout(timer); resolve(); });
    child.kill('SIGTERM');
  });
}
