/**
 * The worker thread of chunks.ts: makes one chunk of COPY text per 'next' message, in
 * order, and hands its buffers over (transferred, not copied).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { makeChunk, type ChunkPlan } from './chunks.js';
import { idCursorFrom } from './rows.js';

const plan = workerData as ChunkPlan;
const ids = idCursorFrom(plan.lastIds);
let first = 0;

parentPort!.on('message', () => {
  const last = Math.min(plan.context.accounts, first + plan.chunkSize);
  const chunk = makeChunk(plan.context, ids, first, last);
  parentPort!.postMessage(chunk, chunk.tables.map((t) => t.bytes.buffer as ArrayBuffer));
  first = last;
});
