/**
 * Where the current write comes from: the HTTP request, the Temporal workflow or the BullMQ job
 * whose work it is. The edges set it around their work; the audit log reads it for every row.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface WriteOrigin {
  // One of the three is set.
  /** The request's id, as its X-Request-Id header answers it. */
  requestId?: string;
  /** The workflow whose activity does the write. */
  workflowId?: string;
  /** The job doing the write, as `queue:id`. */
  jobId?: string;
}

const origins = new AsyncLocalStorage<WriteOrigin>();

/**
 * Runs `work` (and every await inside it) with `origin` as the origin of its writes. It replaces
 * any outer one: a job or an activity started from inside a request is not that request's write.
 */
export function withWriteOrigin<T>(origin: WriteOrigin, work: () => T): T {
  return origins.run(origin, work);
}

/** The origin set around the current work; empty outside any (a script, a test calling a service). */
export function currentWriteOrigin(): WriteOrigin {
  return origins.getStore() ?? {};
}
