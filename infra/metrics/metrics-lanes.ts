/**
 * The nightly run's chunks worked on several threads (docs/operations.md#nightly-metrics-threads):
 * the rules are plain JavaScript, so one thread kept one core busy while the other waited. Each
 * lane is a worker thread with its own few database connections that reads, computes and writes
 * whole chunks (metrics-lane.thread.ts); the run's own thread only hands out chunk ids and adds
 * up the counts. Only ids, the run's settings, the write origin (for the audit rows) and the counts
 * cross between threads.
 */
import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { MikroORM } from '@mikro-orm/postgresql';
import { runNightlyMetrics, type MetricsRunOptions, type MetricsRunResult } from '../../domain/metrics/metrics-run.js';
import type { ChunkContext, ChunkWorker } from '../../domain/metrics/metrics-chunk.js';
import type { ChunkWrite } from '../../domain/metrics/metrics-write.js';
import { currentWriteOrigin, type WriteOrigin } from '../../domain/audit/write-origin.js';
import { siblingModule, startModuleWorker } from '../threads/module-worker.js';

export type LaneRequest = { kind: 'chunk'; id: number; ids: number[]; context: ChunkContext; origin: WriteOrigin } | { kind: 'close' };
export type LaneReply = { kind: 'ready' } | { kind: 'done'; id: number; write: ChunkWrite } | { kind: 'failed'; id: number; error: string };

/** Connections per lane: one chunk reading while the one before it writes. */
const LANE_CONNECTIONS = 3;
/**
 * A lane's young generation, in MB. V8 sizes it from the machine's memory (up to 3 × 64 MB here), and
 * each lane has its own: two lanes then took a run from ~530 to ~890 MB resident. A chunk's objects
 * live for one chunk, so a small young generation collects them as well.
 */
const LANE_YOUNG_GENERATION_MB = 32;
/** Chunks in flight per lane: while one waits on PostgreSQL, the lane computes the other. */
export const CHUNKS_PER_LANE = 2;

export interface MetricsLanes {
  work: ChunkWorker;
  /** How many chunks the run should keep in flight. */
  parallel: number;
  close(): Promise<void>;
}

interface Lane { worker: Worker; pending: Map<number, { resolve(write: ChunkWrite): void; reject(error: Error): void }>; broken: Error | null }

/** The lane count a setting asks for: 0 means one per core. */
export function laneCount(setting: number, cores = os.availableParallelism()): number {
  return setting > 0 ? setting : Math.max(1, cores);
}

function startLane(worker: Worker): Promise<Lane> {
  const lane: Lane = { worker, pending: new Map(), broken: null };
  const fail = (error: Error) => {
    lane.broken ??= error;
    for (const waiting of lane.pending.values()) waiting.reject(error);
    lane.pending.clear();
  };
  return new Promise((resolve, reject) => {
    worker.on('message', (reply: LaneReply) => {
      if (reply.kind === 'ready') resolve(lane);
      else if (reply.kind === 'done') lane.pending.get(reply.id)?.resolve(reply.write);
      else lane.pending.get(reply.id)?.reject(new Error(`nightly metrics chunk failed on a lane: ${reply.error}`));
      if (reply.kind !== 'ready') lane.pending.delete(reply.id);
    });
    worker.on('error', (error) => {
      fail(error);
      reject(error);
    });
    worker.on('exit', (code) => {
      fail(new Error(`a nightly metrics lane stopped (exit code ${code})`));
      reject(new Error(`a nightly metrics lane stopped before it was ready (exit code ${code})`));
    });
  });
}

/**
 * The lane the next chunk goes to: of the lanes still working, the one with the fewest chunks
 * waiting, so a slow chunk never holds up the others' turns. A lane that broke has none waiting and
 * would otherwise win every later chunk; it is chosen only when every lane is broken (its error then
 * fails the chunk).
 */
export function pickLane<L extends Pick<Lane, 'pending' | 'broken'>>(lanes: readonly L[]): L {
  const working = lanes.filter((lane) => !lane.broken);
  if (!working.length) return lanes[0];
  return working.reduce((best, candidate) => (candidate.pending.size < best.pending.size ? candidate : best));
}

/** `count` lanes over the database at `databaseUrl`, each ready to work chunks. */
export async function openMetricsLanes(databaseUrl: string, count: number): Promise<MetricsLanes> {
  const workers = Array.from({ length: count }, () =>
    startModuleWorker(siblingModule(import.meta.url, 'metrics-lane.thread'), { databaseUrl, connections: LANE_CONNECTIONS },
      { maxYoungGenerationSizeMb: LANE_YOUNG_GENERATION_MB }));
  const started = await Promise.allSettled(workers.map(startLane));
  const failure = started.find((result) => result.status === 'rejected');
  if (failure) {
    // One lane could not start: stop them all, so no thread (or its ports) keeps the process alive.
    await Promise.all(workers.map((worker) => worker.terminate()));
    throw failure.reason;
  }
  const lanes = started.map((result) => (result as PromiseFulfilledResult<Lane>).value);
  let nextId = 0;
  const work: ChunkWorker = (ids, context) => {
    const lane = pickLane(lanes);
    if (lane.broken) return Promise.reject(lane.broken);
    const id = nextId++;
    return new Promise<ChunkWrite>((resolve, reject) => {
      lane.pending.set(id, { resolve, reject });
      // The job's origin goes along: the lane's audit rows name the job, as the run's own would.
      lane.worker.postMessage({ kind: 'chunk', id, ids, context, origin: currentWriteOrigin() } satisfies LaneRequest);
    });
  };
  return {
    work,
    parallel: count * CHUNKS_PER_LANE,
    async close() {
      await Promise.all(lanes.map(async (lane) => {
        if (lane.broken) return;
        const exited = new Promise((resolve) => lane.worker.once('exit', resolve));
        lane.worker.postMessage({ kind: 'close' } satisfies LaneRequest);
        await exited;
      }));
    },
  };
}

/**
 * Runs `run` with lanes when `setting` asks for two or more (0: one per core), or with none (the
 * run then works its chunks in its own thread), and closes the lanes after it, whatever happens.
 */
export async function withMetricsLanes<T>(orm: MikroORM, setting: number, run: (lanes: MetricsLanes | null) => Promise<T>): Promise<T> {
  const count = laneCount(setting);
  if (count < 2) return run(null);
  const lanes = await openMetricsLanes(String(orm.config.get('clientUrl')), count);
  try {
    return await run(lanes);
  } finally {
    await lanes.close();
  }
}

/**
 * The nightly run as the jobs worker runs it: its chunks on `threads` lanes (0: one per core; 1: on
 * the run's own thread), each lane keeping `CHUNKS_PER_LANE` chunks in flight.
 */
export function runNightlyMetricsOnLanes(
  orm: MikroORM, threads: number, options: Omit<MetricsRunOptions, 'chunkWorker' | 'parallel'>,
): Promise<MetricsRunResult> {
  return withMetricsLanes(orm, threads, (lanes) =>
    runNightlyMetrics(orm, { ...options, ...(lanes && { chunkWorker: lanes.work, parallel: lanes.parallel }) }));
}
