/**
 * One namespace, one deployment: two databases pointed at the same Temporal namespace number their
 * orders alike; the second one's start is refused loudly instead of adopting the first one's workflow.
 * A move nobody answers says why: no worker, or Temporal unreachable.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { db as query } from '../domain/common/database.js';
import { DomainError } from '../domain/common/errors.js';
import { createServiceOrder } from '../domain/service-orders/service-orders.js';
import { workflowIdFor } from '../domain/service-orders/service-order-workflow.js';
import { workflowInputFor } from '../domain/service-orders/service-order-workflow-input.js';
import { deploymentIdOf } from '../domain/settings/deployment.js';
import { logger } from '../infra/logger.js';
import { createOutboxRelay, temporalHandlers } from '../infra/outbox/outbox-relay.js';
import { moveServiceOrder, startServiceOrderWorkflow } from '../infra/temporal/service-order-workflows.js';
import { DEPLOYMENT_MEMO } from '../infra/temporal/workflow-deployment.js';
import { TemporalGateway } from '../infra/temporal/temporal-connection.js';
import { assignUpdate } from '../workflows/service-order.contract.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { insertMinimalAccount, insertTechnician } from './support/minimal-account.js';
import { testTemporalAddress } from './support/temporal-worker.js';
import { TEST_TIME_ZONE } from './support/time-zone.js';

const actor = { userId: null, name: 'Deployment Test' };
// No worker polls this queue: workflows started here stay put, which is all these tests need.
const taskQueue = `deployment-${randomBytes(4).toString('hex')}`;
let first: TestDatabase;
let second: TestDatabase;
let gateway: TemporalGateway;

test.before(async () => {
  [first, second] = await Promise.all([createTestDatabase('deploy_a'), createTestDatabase('deploy_b')]);
  gateway = new TemporalGateway(testTemporalAddress(), 'default');
});
test.after(async () => {
  await gateway.close();
  await Promise.all([first.drop(), second.drop()]);
});

/** Both databases hand out the same next order number, as two fresh installations would. */
async function sameNextOrderNumber() {
  const next = 100_000 + Math.floor(Math.random() * 89_000_000);
  for (const database of [first, second]) {
    await query(database.orm.em).selectNoFrom((eb) => eb.fn('setval', [sql.lit('service_order_number_seq'), eb.val(next)]).as('value')).execute();
  }
}

async function createAndRelay(database: TestDatabase) {
  const account = await insertMinimalAccount(database.orm);
  const created = await createServiceOrder(database.orm.em.fork(), { accountNumber: account.accountNumber, type: 'repair', description: 'Leak' }, actor, TEST_TIME_ZONE);
  const relay = createOutboxRelay({ orm: database.orm, log: logger(), handlers: temporalHandlers(gateway, taskQueue) });
  return { orderNumber: created.orderNumber, delivered: await relay.relayNow(created.outboxId), outboxId: created.outboxId };
}

const outboxRow = (database: TestDatabase, id: number) =>
  query(database.orm.em).selectFrom('outbox_message').select(['relayed_at', 'last_error']).where('id', '=', id).executeTakeFirstOrThrow();
const workflowState = (database: TestDatabase, orderNumber: string) =>
  query(database.orm.em).selectFrom('service_order').select('workflow_state').where('order_number', '=', orderNumber).executeTakeFirstOrThrow();

test('each database is its own deployment, with an id made by its first migration', async () => {
  const [a, b] = [await deploymentIdOf(first.orm.em.fork()), await deploymentIdOf(second.orm.em.fork())];
  assert.match(a, /^[0-9a-f-]{36}$/);
  assert.is.not(a, b);
});

test('a second deployment on the same namespace refuses the first one’s workflow instead of adopting it', async () => {
  await sameNextOrderNumber();
  const mine = await createAndRelay(first);
  assert.ok(mine.delivered, 'the first deployment starts its workflow');
  const description = await (await gateway.workflowClient()).workflow.getHandle(workflowIdFor(mine.orderNumber)).describe();
  assert.is(description.memo?.[DEPLOYMENT_MEMO], await deploymentIdOf(first.orm.em.fork()));

  const theirs = await createAndRelay(second);
  assert.is(theirs.orderNumber, mine.orderNumber, 'the same order number in both databases');
  assert.is(theirs.delivered, false, 'the start is refused');
  const row = await outboxRow(second, theirs.outboxId);
  assert.is(row.relayed_at, null, 'the intent waits, it is not marked delivered');
  assert.match(row.last_error ?? '', /belongs to deployment .* not to this one .* share one Temporal namespace/);
  assert.is((await workflowState(second, theirs.orderNumber)).workflow_state, 'waiting_to_start');

  // The first deployment delivering its own intent again is still idempotent.
  const input = await workflowInputFor(first.orm.em.fork(), mine.orderNumber);
  assert.is(await startServiceOrderWorkflow(await gateway.workflowClient(), taskQueue, input!, await deploymentIdOf(first.orm.em.fork())), 'already running');
});

test('a workflow started before deployments were recorded (no memo) is still adopted', async () => {
  const account = await insertMinimalAccount(first.orm);
  const created = await createServiceOrder(first.orm.em.fork(), { accountNumber: account.accountNumber, type: 'repair', description: 'Old' }, actor, TEST_TIME_ZONE);
  const input = await workflowInputFor(first.orm.em.fork(), created.orderNumber);
  await (await gateway.workflowClient()).workflow.start('serviceOrderWorkflow', { taskQueue, workflowId: workflowIdFor(created.orderNumber), args: [input!] });
  assert.is(await startServiceOrderWorkflow(await gateway.workflowClient(), taskQueue, input!, await deploymentIdOf(first.orm.em.fork())), 'already running');
});

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    assert.instance(error, DomainError);
    return error as DomainError;
  }
  throw new Error('the move was answered');
}

test('a move that no worker takes says so, not "Temporal is not reachable"', async () => {
  const technicianId = await insertTechnician(first.orm);
  const { orderNumber, delivered } = await createAndRelay(first);
  assert.ok(delivered);
  const error = await refusal(moveServiceOrder(await gateway.workflowClient(), orderNumber, assignUpdate, { actor, technicianId }, 2000));
  assert.is(error.status, 503);
  assert.match(error.message, `No Temporal worker is polling task queue "${taskQueue}"`);
  assert.is(error.details?.reason, 'no_worker');
  assert.not.match(error.message, 'not reachable');
});

test('a move while Temporal is unreachable says that', async () => {
  const nowhere = new TemporalGateway('127.0.0.1:1', 'default');
  try {
    const error = await refusal(moveServiceOrder(await nowhere.workflowClient(), 'SO-1', assignUpdate, { actor, technicianId: 1 }, 2000));
    assert.is(error.status, 503);
    assert.is(error.message, 'Temporal is not reachable right now; try again shortly.');
  } finally {
    await nowhere.close();
  }
});

test.run();
