/**
 * The benches that run the compiled code, as production does (`dist/`: the API as `npm start` runs it, the
 * `import:bills` command, the Temporal worker). `npm run bench` builds `dist/` from the working tree before
 * they run: a `dist/` left from an earlier checkout would otherwise be measured under the commit the section
 * is stamped with, and on a fresh clone they would stop at a missing file after the seed and the nightly
 * run had taken a quarter of an hour.
 */
import { execFileSync } from 'node:child_process';
import type { Bench } from './bench-kit.js';
import { loadBench } from './load.bench.js';
import { serviceOrdersBench } from './service-orders.bench.js';
import { PROJECT_ROOT } from '../lib/project-paths.js';

/** The benches that start programs from `dist/`. */
export const RUNS_COMPILED_CODE: ReadonlySet<Bench> = new Set([loadBench, serviceOrdersBench]);

/** Whether any of the benches about to run needs `dist/` built first. */
export function needsBuild(selected: readonly Bench[]): boolean {
  return selected.some((bench) => RUNS_COMPILED_CODE.has(bench));
}

/** `npm run build` in the project, its output shown; throws when the build fails. */
export function buildCompiledCode(): void {
  execFileSync('npm', ['run', '-s', 'build'], { cwd: PROJECT_ROOT, stdio: 'inherit' });
}
