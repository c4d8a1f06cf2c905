/**
 * Starting a worker thread on one of our modules, from the TypeScript sources (tsx: tests,
 * scripts, the dev workers) or from the compiled JavaScript (dist/, production) alike.
 */
import { type ResourceLimits, Worker } from 'node:worker_threads';

/** The sibling module `name` of `importMetaUrl`, in whichever form (.ts or .js) the caller itself runs as. */
export function siblingModule(importMetaUrl: string, name: string): URL {
  return new URL(`./${name}${importMetaUrl.endsWith('.ts') ? '.ts' : '.js'}`, importMetaUrl);
}

/**
 * Node's flags without the modules preloaded into this thread (`--import`, `--require`, `--loader`):
 * tsx is registered by the worker itself, and a test runner's own preloads (TypeScript files that
 * only tsx can load) are for its main thread, not for a worker.
 */
export function flagsWithoutPreloads(execArgv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const flag = execArgv[i];
    if (flag === '--import' || flag === '--require' || flag === '--loader' || flag === '-r') i++;
    else if (!/^--(import|require|loader)=/.test(flag)) kept.push(flag);
  }
  return kept;
}

/**
 * A worker running `entry`. A .ts entry gets tsx registered inside the thread: a worker does not
 * always inherit the `--import tsx` hooks (Node 20 does not), and registering it there, without
 * passing the preloads on, never registers it twice.
 */
export function startModuleWorker(entry: URL, workerData: unknown, resourceLimits?: ResourceLimits): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { workerData, resourceLimits });
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData, resourceLimits, execArgv: flagsWithoutPreloads(process.execArgv) });
}
