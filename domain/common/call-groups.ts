/**
 * Calls made at about the same moment, answered by one statement: a `callGroup` collects the
 * calls that arrive before the event loop turns (every callback that was ready: answers from
 * PostgreSQL, Redis, new requests) and hands them to `run` together, once the loop has nothing
 * else ready. Nothing is cached: every call is answered by a statement sent after it was made.
 * A lone call is not held back, so an idle process answers as fast as before.
 *
 * Why: on two cores a statement's round trip (a socket write and a wake-up on both sides) cost
 * more CPU than what most statements do (BENCHMARKS.md, "Where the CPU went"), so under load many
 * calls sharing one statement cost less than each sending its own.
 */
import DataLoader from 'dataloader';

/** Groups are cut at this size so that no single statement grows without bound. */
const MOST_PER_GROUP = 200;

/**
 * `run` gets the group's calls in the order they were made and answers each in the same position
 * (an Error there rejects that call alone).
 */
export function callGroup<Call, Answer>(run: (calls: readonly Call[]) => Promise<ArrayLike<Answer | Error>>): (call: Call) => Promise<Answer> {
  const loader = new DataLoader<Call, Answer>(run, { cache: false, maxBatchSize: MOST_PER_GROUP, batchScheduleFn: (send) => setImmediate(send) });
  return (call) => loader.load(call);
}
