/**
 * A server under load as its own process tree: the compiled API (`node dist/api/start.js`, as
 * `npm start` runs it) or the hello floor, started on a free port with `API_PROCESSES` processes.
 * Reads the resident memory and CPU time of each process from /proc, which is what the memory and
 * CPU-per-operation rows report.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { PROJECT_ROOT } from '../../lib/project-paths.js';
import { stopChild } from '../../lib/processes.js';

export interface Served {
  baseUrl: string;
  primary: ChildProcess;
  /** The processes serving requests: the cluster workers, or the primary when there is one process. */
  servingPids(): number[];
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    }).on('error', reject);
  });
}

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Resident set size of a process in MB (VmRSS), or NaN once it is gone. */
export function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(safeRead(`/proc/${pid}/status`));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

/** User + system CPU seconds a process has used so far (/proc/PID/stat utime + stime). */
export function cpuSeconds(pid: number): number {
  const stat = safeRead(`/proc/${pid}/stat`);
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ is 100 on Linux
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

async function waitUntilServing(baseUrl: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode} before serving`);
    try {
      const response = await fetch(`${baseUrl}/health/live`);
      await response.arrayBuffer();
      if (response.status < 500) return;
    } catch { /* not listening yet */ }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`server at ${baseUrl} did not answer within ${timeoutMs} ms`);
}

async function startServed(args: string[], env: Record<string, string>, processes: number): Promise<Served> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const primary = spawn(process.execPath, args, {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', API_PROCESSES: String(processes) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  await waitUntilServing(baseUrl, primary);
  // Every worker answers before the run starts: wait until the cluster has forked them all.
  while (processes > 1 && childrenOf(primary.pid as number).length < processes) await new Promise((resolve) => setTimeout(resolve, 100));
  await new Promise((resolve) => setTimeout(resolve, processes > 1 ? 1500 : 0));
  return {
    baseUrl, primary,
    servingPids: () => (processes > 1 ? childrenOf(primary.pid as number) : [primary.pid as number]),
    stop: () => stopChild(primary),
  };
}

/** The compiled API as `npm start` runs it; `npm run build` must have run (the bench says so when not). */
export function startCompiledApi(databaseUrl: string, processes: number, nodeFlags: string[] = []): Promise<Served> {
  const entry = path.join(PROJECT_ROOT, 'dist/api/start.js');
  if (!existsSync(entry)) throw new Error('dist/api/start.js is missing: run `npm run build` first');
  return startServed([...nodeFlags, entry], { DATABASE_URL: databaseUrl, NODE_ENV: 'development', LOG_LEVEL: 'warn' }, processes);
}

/** The bare Hono hello floor, the same number of processes on the same Node. */
export function startHello(processes: number): Promise<Served> {
  return startServed([path.join(PROJECT_ROOT, 'scripts/bench/load/hello-server.ts')], {}, processes);
}
