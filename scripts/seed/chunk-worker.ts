/** The worker thread of chunks.ts: makes one chunk of COPY text per 'next' message, in order. */
import { parentPort, workerData } from 'node:worker_threads';
import { makeChunk, type ChunkPlan } from './chunks.js';
import { idCursorFrom } from './rows.js';

const plan = workerData as ChunkPlan;
const ids = idCursorFrom(plan.lastIds);
let first = 0;

parentPort!.on('message', () => {
  const last = Math.min(plan.context.accounts, first + plan.chunkSize);
  parentPort!.postMessage(makeChunk(plan.context, ids, first, last));
  first = last;
});
