/**
 * The hourly check that each running service-order workflow and its read model agree (docs/rules.md#service-orders):
 * divergences are reported (audit row, attention on the order) and repaired where the workflow is plainly right.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { audit } from '../audit/audit.js';
import { db } from '../common/database.js';
import type { OrderState, ServiceOrderWorkflows } from './service-order-workflow.js';

type Compared = Pick<OrderState, 'status' | 'technicianId' | 'scheduledFor' | 'windowMinutes' | 'overdue' | 'transitions'>;

export interface Divergence {
  orderNumber: string;
  /** Each field that differs, as the workflow and the read model have it; `workflow: null` when none is running. */
  fields: Partial<Record<keyof Compared | 'running', { workflow: unknown; readModel: unknown }>>;
  repaired: boolean;
}

export interface ReconcileReport { checked: number; diverged: Divergence[] }

export interface ReconcileOptions {
  /** How many workflows are queried at once. */
  concurrency?: number;
  /** A divergence is read again after this pause before it is reported: a move may have been halfway recorded. */
  confirmAfterMs?: number;
}

/** The read model of the orders whose workflow should be running, in the workflow's terms. */
function readModels(em: EntityManager, orderNumbers?: string[]) {
  return db(em).selectFrom('service_order as o')
    .select((eb) => [
      'o.id', 'o.order_number', 'o.status', 'o.technician_id', 'o.scheduled_for', 'o.window_minutes', 'o.overdue',
      eb.selectFrom('service_order_transition as t').whereRef('t.order_id', '=', 'o.id')
        .select((sub) => sub.fn.countAll<string>().as('n')).as('transitions'),
    ])
    .where('o.workflow_state', '=', 'running')
    .$if(orderNumbers !== undefined, (q) => q.where('o.order_number', 'in', orderNumbers!))
    .orderBy('o.id');
}
type ReadModel = Awaited<ReturnType<ReturnType<typeof readModels>['execute']>>[number];

function asCompared(row: ReadModel): Compared {
  return {
    status: row.status, technicianId: row.technician_id, scheduledFor: row.scheduled_for?.toISOString() ?? null,
    windowMinutes: row.window_minutes, overdue: row.overdue, transitions: Number(row.transitions),
  };
}

const sameInstant = (a: string | null, b: string | null) => (a === null || b === null ? a === b : Date.parse(a) === Date.parse(b));

/** The fields where the workflow and the read model differ (none when they agree). */
export function differences(workflow: OrderState | null, readModel: Compared): Divergence['fields'] {
  if (!workflow) return { running: { workflow: null, readModel: readModel.status } };
  const fields: Divergence['fields'] = {};
  const keys: (keyof Compared)[] = ['status', 'technicianId', 'windowMinutes', 'overdue', 'transitions'];
  for (const key of keys) if (workflow[key] !== readModel[key]) fields[key] = { workflow: workflow[key], readModel: readModel[key] };
  if (!sameInstant(workflow.scheduledFor, readModel.scheduledFor)) fields.scheduledFor = { workflow: workflow.scheduledFor, readModel: readModel.scheduledFor };
  return fields;
}

/**
 * Safe to repair: both sides hold the same recorded moves (so the workflow's state is the
 * history's) and only the order row drifted; an overdue mark is only ever added.
 */
const repairable = (fields: Divergence['fields'], workflow: OrderState | null) =>
  workflow !== null && !fields.transitions && !fields.running && !(fields.overdue && workflow.overdue === false);

/** Rewrites the order row from the workflow's state, if its history has not moved meanwhile. */
async function repair(em: EntityManager, orderNumber: string, workflow: OrderState): Promise<boolean> {
  return em.transactional(async (tx) => {
    const [row] = await readModels(tx, [orderNumber]).execute();
    if (!row || Number(row.transitions) !== workflow.transitions) return false;
    await db(tx).updateTable('service_order').set({
      status: workflow.status, technician_id: workflow.technicianId, window_minutes: workflow.windowMinutes,
      scheduled_for: workflow.scheduledFor === null ? null : new Date(workflow.scheduledFor), overdue: workflow.overdue,
      attention: null, updated_at: sql`now()`,
    }).where('id', '=', row.id).execute();
    return true;
  });
}

async function report(em: EntityManager, divergence: Divergence) {
  await em.transactional(async (tx) => {
    if (!divergence.repaired) {
      const attention = `Its workflow and this record disagree (${Object.keys(divergence.fields).join(', ')}); check its history before moving it.`;
      await db(tx).updateTable('service_order').set({ attention, updated_at: sql`now()` }).where('order_number', '=', divergence.orderNumber).execute();
    }
    await audit(tx, {
      userId: null, userName: 'system', action: divergence.repaired ? 'service_order.divergence_repaired' : 'service_order.divergence',
      entity: 'service_order', entityId: divergence.orderNumber, after: { fields: divergence.fields },
    });
  });
}

/** The orders whose workflow and read model differ, each read twice (with a pause) to let moves in flight land. */
async function findDivergences(em: EntityManager, workflows: Pick<ServiceOrderWorkflows, 'state'>, rows: ReadModel[], options: Required<ReconcileOptions>) {
  const found: Array<{ orderNumber: string; workflow: OrderState | null }> = [];
  for (let i = 0; i < rows.length; i += options.concurrency) {
    const batch = rows.slice(i, i + options.concurrency);
    const states = await Promise.all(batch.map((row) => workflows.state(row.order_number)));
    batch.forEach((row, k) => {
      if (Object.keys(differences(states[k], asCompared(row))).length) found.push({ orderNumber: row.order_number, workflow: states[k] });
    });
  }
  if (!found.length) return [];
  await new Promise((resolve) => setTimeout(resolve, options.confirmAfterMs));
  const again = await readModels(em.fork(), found.map((f) => f.orderNumber)).execute();
  const confirmed: Array<{ row: ReadModel; workflow: OrderState | null }> = [];
  for (const row of again) {
    const workflow = await workflows.state(row.order_number);
    if (Object.keys(differences(workflow, asCompared(row))).length) confirmed.push({ row, workflow });
  }
  return confirmed;
}

/** Compares every running workflow with its read model; reports each divergence and repairs the safe ones. */
export async function reconcileServiceOrders(
  em: EntityManager, workflows: Pick<ServiceOrderWorkflows, 'state'>, options: ReconcileOptions = {},
): Promise<ReconcileReport> {
  const settings = { concurrency: options.concurrency ?? 8, confirmAfterMs: options.confirmAfterMs ?? 5000 };
  const rows = await readModels(em.fork()).execute();
  const diverged: Divergence[] = [];
  for (const { row, workflow } of await findDivergences(em, workflows, rows, settings)) {
    const fields = differences(workflow, asCompared(row));
    const repaired = repairable(fields, workflow) && workflow !== null && (await repair(em.fork(), row.order_number, workflow));
    const divergence = { orderNumber: row.order_number, fields, repaired };
    await report(em.fork(), divergence);
    diverged.push(divergence);
  }
  return { checked: rows.length, diverged };
}
