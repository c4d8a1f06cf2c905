/**
 * The service-orders bench's floor, registered only by its own worker (floor-worker.ts), never in
 * production: a workflow whose update does nothing, so a lifecycle of it (start + 4 updates, the last
 * one ending it) costs what Temporal and the worker cost alone, without our rules, activities or SQL.
 */
import { condition, defineUpdate, setHandler } from '@temporalio/workflow';

/** `true` on the last update ends the workflow, as the service order's completion does. */
export const noopUpdate = defineUpdate<number, [boolean]>('noop');

export async function benchNoopWorkflow(): Promise<number> {
  let updates = 0;
  let done = false;
  setHandler(noopUpdate, (last) => {
    updates++;
    done ||= last;
    return updates;
  });
  await condition(() => done);
  return updates;
}
