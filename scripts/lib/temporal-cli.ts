// The Temporal CLI (which carries the dev server) in .tools/bin, built with `go install` the first time.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync } from 'node:fs';
import path from 'node:path';
import { TOOLS_BIN } from './project-paths.js';

/** Later tags of the CLI carry a `replace` directive that `go install` refuses (docs/architecture.md). */
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The `temporal` CLI from PATH or the project's tool folder, or null. */
export function findTemporalCli(): string | null {
  const candidates = [
    process.env.TEMPORAL_CLI,
    path.join(TOOLS_BIN, 'temporal'),
    ...(process.env.PATH ?? '').split(path.delimiter).map((dir) => path.join(dir, 'temporal')),
  ].filter((file): file is string => !!file);
  return candidates.find(isExecutable) ?? null;
}

/** Finds the CLI, or builds it with `go install` into `.tools/bin` (a few minutes the first time). */
export function ensureTemporalCli(log: (line: string) => void = console.log): string {
  const found = findTemporalCli();
  if (found) return found;
  mkdirSync(TOOLS_BIN, { recursive: true });
  log(`Building the Temporal CLI: go install ${TEMPORAL_CLI_MODULE} (first run only; takes a few minutes)…`);
  const result = spawnSync('go', ['install', TEMPORAL_CLI_MODULE], {
    env: { ...process.env, GOBIN: TOOLS_BIN, GOFLAGS: process.env.GOFLAGS ?? '-buildvcs=false' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.error) throw new Error(`Could not run go: ${result.error.message}. Install Go 1.22+ or put a temporal CLI on PATH.`);
  if (result.status !== 0) throw new Error(`go install ${TEMPORAL_CLI_MODULE} failed with exit code ${result.status}`);
  const built = path.join(TOOLS_BIN, 'temporal');
  if (!isExecutable(built)) throw new Error(`go install finished but ${built} is missing`);
  return built;
}
