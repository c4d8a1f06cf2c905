/**
 * One lane of the nightly run (metrics-lanes.ts), on a thread of its own: it opens its own few
 * database connections and works each chunk it is sent with the domain's `workChunk` (under the
 * sender's write origin, so audit rows name the job), answering
 * with the chunk's counts (or the error), until it is told to close.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { withWriteOrigin } from '../../domain/audit/write-origin.js';
import { workChunk } from '../../domain/metrics/metrics-chunk.js';
import { openOrm } from '../database/orm.js';
import type { LaneReply, LaneRequest } from './metrics-lanes.js';

const port = parentPort;
if (!port) throw new Error('metrics-lane.thread runs as a worker thread (metrics-lanes.ts starts it)');
const { databaseUrl, connections } = workerData as { databaseUrl: string; connections: number };
const orm = await openOrm(databaseUrl, { poolMax: connections });
// MikroORM opens without failing when the database cannot be reached; asking once here fails the lane's
// start (and so the opening of every lane) with the reason, rather than the run's first chunk.
await orm.em.getConnection().execute('select 1');
const reply = (message: LaneReply) => port.postMessage(message);

port.on('message', async (request: LaneRequest) => {
  if (request.kind === 'close') {
    await orm.close();
    port.close();
    return;
  }
  try {
    const write = await withWriteOrigin(request.origin, () => workChunk(orm, request.ids, request.context));
    reply({ kind: 'done', id: request.id, write });
  } catch (error) {
    reply({ kind: 'failed', id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
reply({ kind: 'ready' });
