// `go install` of a Go tool into .tools/bin with a progress line every few seconds, so a first
// run that spends minutes compiling says what it is doing instead of going quiet.
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { TOOLS_BIN } from './project-paths.js';

export function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

interface Progress { modules: number; packages: number; last: string }

const seconds = (startedAt: number) => Math.round((Date.now() - startedAt) / 1000);

function describe(progress: Progress, startedAt: number): string {
  const elapsed = seconds(startedAt);
  const clock = `${Math.floor(elapsed / 60)}m${String(elapsed % 60).padStart(2, '0')}s`;
  return `  … ${clock}: ${progress.modules} modules downloaded, ${progress.packages} packages compiled (${progress.last || 'resolving'})`;
}

/**
 * Runs `go install -v` for the given `module/path@version` targets into `gobin` (.tools/bin). Go's own
 * output (one line per module downloaded or package compiled) is counted, not echoed, and a
 * summary line is logged every `everyMs`; on failure the last lines of Go's output are in the error.
 */
export async function goInstall(targets: string[], label: string, log: (line: string) => void, everyMs = 10_000, gobin = TOOLS_BIN): Promise<void> {
  mkdirSync(gobin, { recursive: true });
  log(`Building ${label} with Go (first run only; about 4 minutes on 2 cores, longer with a cold module cache)…`);
  const startedAt = Date.now();
  const progress: Progress = { modules: 0, packages: 0, last: '' };
  const tail: string[] = [];
  const child = spawn('go', ['install', '-v', ...targets], {
    env: { ...process.env, GOBIN: gobin, GOFLAGS: process.env.GOFLAGS ?? '-buildvcs=false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      tail.push(line);
      if (tail.length > 20) tail.shift();
      if (line.startsWith('go: downloading ')) progress.modules++;
      else if (!line.startsWith('go: ') && !line.includes(' ')) { progress.packages++; progress.last = line; }
    });
  }
  const ticker = setInterval(() => log(describe(progress, startedAt)), everyMs);
  const code = await new Promise<number>((resolve, reject) => {
    child.once('error', (error) => reject(new Error(`Could not run go: ${error.message}. Install Go 1.22+ (https://go.dev/dl/).`)));
    child.once('exit', (exitCode) => resolve(exitCode ?? 1));
  }).finally(() => clearInterval(ticker));
  if (code !== 0) throw new Error(`go install ${targets.join(' ')} failed with exit code ${code}:\n${tail.join('\n')}`);
  log(`Built ${label} in ${seconds(startedAt)} s (${progress.packages} packages compiled).`);
}
