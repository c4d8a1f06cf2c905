/** The service-order state machine, every (status, action) pair. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SERVICE_ORDER_STATUSES, type ServiceOrderStatus } from '../common/enums.js';
import {
  allowedActions, SERVICE_ORDER_ACTIONS, transition, type MoveName, type ServiceOrderAction,
} from './service-order-transitions.js';

type Expect = { to: ServiceOrderStatus; move: MoveName } | { reason: string };

/** Every (status, action) pair: 30 rows, the whole state machine. */
const table: Record<ServiceOrderStatus, Record<ServiceOrderAction, Expect>> = {
  created: {
    assign: { to: 'assigned', move: 'assign' },
    schedule: { reason: 'Cannot schedule an order that is created; assign it first' },
    start: { reason: 'Cannot start an order that is created; assign and schedule it first' },
    complete: { reason: 'Cannot complete an order that is created; assign, schedule and start it first' },
    cancel: { to: 'cancelled', move: 'cancel' },
  },
  assigned: {
    assign: { to: 'assigned', move: 'reassign' },
    schedule: { to: 'scheduled', move: 'schedule' },
    start: { reason: 'Cannot start an order that is assigned; schedule it first' },
    complete: { reason: 'Cannot complete an order that is assigned; schedule and start it first' },
    cancel: { to: 'cancelled', move: 'cancel' },
  },
  scheduled: {
    assign: { to: 'scheduled', move: 'reassign' },
    schedule: { to: 'scheduled', move: 'reschedule' },
    start: { to: 'in_progress', move: 'start' },
    complete: { reason: 'Cannot complete an order that is scheduled; start it first' },
    cancel: { to: 'cancelled', move: 'cancel' },
  },
  in_progress: {
    assign: { reason: 'Cannot reassign an order that is in progress; work has already started' },
    schedule: { reason: 'Cannot reschedule an order that is in progress; work has already started' },
    start: { reason: 'Cannot start an order that is in progress; work has already started' },
    complete: { to: 'completed', move: 'complete' },
    cancel: { to: 'cancelled', move: 'cancel' },
  },
  completed: Object.fromEntries(SERVICE_ORDER_ACTIONS.map((a) => [a,
    { reason: `Cannot ${a} an order that is completed; a completed order cannot change` }])) as Record<ServiceOrderAction, Expect>,
  cancelled: Object.fromEntries(SERVICE_ORDER_ACTIONS.map((a) => [a,
    { reason: `Cannot ${a} an order that is cancelled; a cancelled order cannot change` }])) as Record<ServiceOrderAction, Expect>,
};

for (const from of SERVICE_ORDER_STATUSES) {
  for (const action of SERVICE_ORDER_ACTIONS) {
    const expected = table[from][action];
    const label = 'reason' in expected ? `refused: ${expected.reason}` : `→ ${expected.to} (${expected.move})`;
    test(`${action} on ${from} ${label}`, () => {
      const result = transition(from, action);
      if ('reason' in expected) assert.equal(result, { ok: false, from, reason: expected.reason });
      else assert.equal(result, { ok: true, from, to: expected.to, move: expected.move });
    });
  }
}

const allowedCases: Array<[ServiceOrderStatus, ServiceOrderAction[]]> = [
  ['created', ['assign', 'cancel']],
  ['assigned', ['assign', 'schedule', 'cancel']],
  ['scheduled', ['assign', 'schedule', 'start', 'cancel']],
  ['in_progress', ['complete', 'cancel']],
  ['completed', []],
  ['cancelled', []],
];
for (const [status, actions] of allowedCases) {
  test(`allowedActions(${status})`, () => assert.equal(allowedActions(status), actions));
}

test('the happy path walks created → completed', () => {
  let status: ServiceOrderStatus = 'created';
  for (const action of ['assign', 'schedule', 'start', 'complete'] as const) {
    const result = transition(status, action);
    assert.ok(result.ok, `${action} from ${status}`);
    if (result.ok) status = result.to;
  }
  assert.is(status, 'completed');
});

test.run();
