/**
 * Whether the activity attempt running now is past its time. A move's activity has 5 seconds an attempt
 * (workflows/service-order.ts); when one overruns, the workflow stops waiting for it and tries again or refuses
 * the move ("not recorded, the order is unchanged"), but the overrunning attempt itself runs on in this process.
 * Committing then would record a move the workflow counts as not made, and the next move would find its
 * history row taken. So a move's transaction asks this just before committing, and rolls back when late.
 */
import { Context } from '@temporalio/activity';

/** Room left for the commit itself: an attempt this close to its end rolls back rather than race it. */
const COMMIT_MARGIN_MS = 250;

/** A clock started now for the running attempt: true once it is cancelled or its start-to-close time is (nearly) spent. Never late outside Temporal (a test calling the activity). */
export function attemptClock(now: () => number = Date.now): () => boolean {
  let context: Context;
  try {
    context = Context.current();
  } catch {
    return () => false;
  }
  const startedAt = now();
  const limitMs = context.info.startToCloseTimeoutMs;
  return () => context.cancellationSignal.aborted || (limitMs > 0 && now() - startedAt > limitMs - COMMIT_MARGIN_MS);
}
