/**
 * Accounts in chunks, already turned into COPY text table by table (UTF-8 bytes, see
 * copy-buffer.ts). Generation runs in a worker thread one chunk ahead of the load, so the
 * CPU work of making rows overlaps Postgres ingesting the previous chunk (the machine has
 * two cores: one each). The in-process source does the same work without a thread, for
 * debugging and as a fallback.
 */
import { Worker } from 'node:worker_threads';
import { generateAccount, generationFor } from './account-generator.js';
import type { SeedContext } from './context.js';
import { CopyBuffer } from './copy-buffer.js';
import { copyLine } from './copy-text.js';
import { ACCOUNT_TABLES, idCursorFrom, type AccountTable, type IdCursor } from './rows.js';

/** One table's rows of a chunk as COPY text, UTF-8 encoded. */
export interface TableText { table: AccountTable; columns: string[]; bytes: Uint8Array; rows: number }
export interface Chunk { last: number; tables: TableText[]; generateMs: number }

export interface ChunkPlan {
  context: SeedContext;
  lastIds: Partial<Record<AccountTable, number>>;
  chunkSize: number;
}

/** Generates accounts [first, last) and serialises them, table by table in load order. */
export function makeChunk(context: SeedContext, ids: IdCursor, first: number, last: number): Chunk {
  const started = Date.now();
  const generation = generationFor(context);
  const buffers = new Map<AccountTable, CopyBuffer>();
  const columns = new Map<AccountTable, string[]>();
  for (let index = first; index < last; index++) {
    const rows = generateAccount(index, generation, ids);
    for (const table of ACCOUNT_TABLES) {
      const list = rows[table] as object[];
      if (list.length === 0) continue;
      if (!columns.has(table)) {
        columns.set(table, Object.keys(list[0]));
        buffers.set(table, new CopyBuffer());
      }
      const cols = columns.get(table)!;
      const out = buffers.get(table)!;
      for (const row of list) out.add(copyLine(row, cols));
    }
  }
  const tables = ACCOUNT_TABLES.filter((t) => columns.has(t)).map((table) => {
    const out = buffers.get(table)!;
    return { table, columns: columns.get(table)!, bytes: out.take(), rows: out.rows };
  });
  return { last, tables, generateMs: Date.now() - started };
}

export async function* inProcessChunks(plan: ChunkPlan): AsyncGenerator<Chunk> {
  const ids = idCursorFrom(plan.lastIds);
  for (let first = 0; first < plan.context.accounts; first += plan.chunkSize) {
    yield makeChunk(plan.context, ids, first, Math.min(plan.context.accounts, first + plan.chunkSize));
  }
}

/** Node's flags without the ones that load tsx (`--import tsx`, `--require …/tsx/…`), which the worker does itself. */
export function flagsWithoutTsx(execArgv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const flag = execArgv[i];
    if ((flag === '--import' || flag === '--require' || flag === '--loader') && execArgv[i + 1]?.includes('tsx')) i++;
    else if (!/^--(import|require|loader)=.*tsx/.test(flag)) kept.push(flag);
  }
  return kept;
}

/**
 * Starts chunk-worker.ts with tsx registered inside the thread: on Node 20 a worker does
 * not inherit the `--import tsx` hooks and cannot load a .ts file; registering it there
 * (and not passing the flag on, so it is never registered twice) works on every version.
 */
function startChunkWorker(plan: ChunkPlan): Worker {
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./chunk-worker.ts', import.meta.url).href;
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true, workerData: plan, execArgv: flagsWithoutTsx(process.execArgv) });
}

/** Chunks from a worker thread that stays at most `ahead` chunks in front of the consumer. */
export async function* workerChunks(plan: ChunkPlan, ahead = 2): AsyncGenerator<Chunk> {
  const worker = startChunkWorker(plan);
  const total = Math.ceil(plan.context.accounts / plan.chunkSize);
  const ready: Chunk[] = [];
  let failure: unknown = null;
  let wake: (() => void) | null = null;
  const notify = () => { wake?.(); wake = null; };
  worker.on('message', (chunk: Chunk) => { ready.push(chunk); notify(); });
  worker.on('error', (error) => { failure = error; notify(); });
  worker.on('exit', (code) => { if (code !== 0 && failure === null) failure = new Error(`seed worker exited with ${code}`); notify(); });
  let requested = 0;
  const request = () => { if (requested < total) { worker.postMessage('next'); requested++; } };
  try {
    for (let i = 0; i < ahead; i++) request();
    for (let received = 0; received < total; received++) {
      while (ready.length === 0 && failure === null) await new Promise<void>((resolve) => { wake = resolve; });
      if (failure !== null) throw failure;
      request();
      yield ready.shift()!;
    }
  } finally {
    await worker.terminate();
  }
}
