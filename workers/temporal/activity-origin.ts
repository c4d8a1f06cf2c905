/** Activities run with their workflow's id as the write origin, so the audit rows they write name the workflow. */
import { Context } from '@temporalio/activity';
import { withWriteOrigin } from '../../domain/audit/write-origin.js';

/** The workflow of the activity running now; none when an activity is called outside Temporal (a test). */
function runningWorkflowId(): string | undefined {
  try {
    return Context.current().info.workflowExecution?.workflowId;
  } catch {
    return undefined;
  }
}

/** The same activities, each running with `{ workflowId }` as its write origin (domain/audit/write-origin.ts). */
export function withWorkflowOrigin<A extends object>(activities: A): A {
  const wrapped = Object.entries(activities).map(([name, activity]: [string, (...args: unknown[]) => unknown]) => [name, (...args: unknown[]) => {
    const workflowId = runningWorkflowId();
    return workflowId ? withWriteOrigin({ workflowId }, () => activity(...args)) : activity(...args);
  }]);
  return Object.fromEntries(wrapped) as A;
}
