// The Temporal CLI (which carries the dev server) in .tools/bin, built with `go install` the first time.
import path from 'node:path';
import { goInstall, isExecutable } from './go-install.js';
import { TOOLS_BIN } from './project-paths.js';

/** Later tags of the CLI carry a `replace` directive that `go install` refuses (docs/architecture.md). */
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';

/** The `temporal` CLI from PATH or the project's tool folder, or null. */
export function findTemporalCli(): string | null {
  const candidates = [
    process.env.TEMPORAL_CLI,
    path.join(TOOLS_BIN, 'temporal'),
    ...(process.env.PATH ?? '').split(path.delimiter).map((dir) => path.join(dir, 'temporal')),
  ].filter((file): file is string => !!file);
  return candidates.find(isExecutable) ?? null;
}

/** Finds the CLI, or builds it with `go install` into `.tools/bin` (a few minutes the first time, with progress lines). */
export async function ensureTemporalCli(log: (line: string) => void = console.log): Promise<string> {
  const found = findTemporalCli();
  if (found) return found;
  await goInstall([TEMPORAL_CLI_MODULE], 'the Temporal CLI', log);
  const built = path.join(TOOLS_BIN, 'temporal');
  if (!isExecutable(built)) throw new Error(`go install finished but ${built} is missing`);
  return built;
}
