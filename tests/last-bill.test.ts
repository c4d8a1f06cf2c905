/**
 * The bill import's shortcut for a bill that comes last (domain/billing/last-bill.ts): for each kind of account,
 * whether the shortcut answers, and when it does, that its dates are the full replay's and that the replay
 * would change no allocation. The batch import's end state is compared with row-by-row importing in
 * tests/bill-import-batch.test.ts.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sql } from 'kysely';
import type { EntityManager } from '@mikro-orm/postgresql';
import { lastBillDates } from '../domain/billing/last-bill.js';
import { loadLedgers, moneyDates, reallocation } from '../domain/billing/account-ledger.js';
import { recordPayment } from '../domain/billing/payments.js';
import { db } from '../domain/common/database.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { insertAccountFixture } from './support/account-fixture.js';
import { insertRow } from './support/rows.js';
import { TEST_TIME_ZONE, utilityDaysAgo } from './support/time-zone.js';

let database: TestDatabase;
const actor = { userId: null, name: 'last bill test' };
const asOf = new Date(`${utilityDaysAgo(3)}T18:00:00Z`);
const today = utilityDaysAgo(0);

test.before(async () => {
  database = await createTestDatabase('last_bill');
});
test.after(async () => {
  await database.drop();
});

interface NewBillDays { periodStart: string; periodEnd: string; issuedAt: string; dueDate: string; amountCents: number }

/** The billing run's usual bill: the period after the fixture's history, issued yesterday, due in three weeks. */
const nextBill: NewBillDays = { periodStart: utilityDaysAgo(2), periodEnd: utilityDaysAgo(1), issuedAt: utilityDaysAgo(1), dueDate: utilityDaysAgo(-20), amountCents: 4_200 };

async function insertBill(em: EntityManager, accountId: number, bill: NewBillDays): Promise<number> {
  return insertRow(db(em), 'bill', {
    account_id: accountId, period_start: bill.periodStart, period_end: bill.periodEnd, issued_at: bill.issuedAt, due_date: bill.dueDate,
    amount_cents: bill.amountCents, usage: 10, created_at: sql<Date>`now()`,
  });
}

async function pay(accountNumber: string, paidAt: Date, amountCents: number): Promise<void> {
  await recordPayment(database.orm.em.fork(), accountNumber, {
    paidAt, reference: `LB-${accountNumber}-${amountCents}`, amountCents, method: 'cash', status: 'processed',
  }, actor, TEST_TIME_ZONE);
}

/** An account with the fixture's history (a year of bills and payments, one late, one pending), or none at all. */
async function account(number: string, history = true): Promise<{ id: number; accountNumber: string }> {
  if (history) return insertAccountFixture(database.orm, { accountNumber: number, asOf, months: 12, records: false });
  const id = await insertRow(db(database.orm.em), 'account', {
    account_number: number, first_name: 'Nora', last_name: 'New', service_address: '1 New Street', city: 'Springfield', postal_code: '62701',
    customer_since: utilityDaysAgo(40), status: 'active', rate_plan: 'Standard Residential', billing_cycle: 'monthly', payment_method: 'manual',
    balance_cents: 0, created_at: sql<Date>`now()`, updated_at: sql<Date>`now()`,
  });
  return { id, accountNumber: number };
}

/** `overdueSince`: the date the case expects, so the comparison with the replay is not only of empty dates. */
const CASES: { name: string; setUp: () => Promise<{ id: number; bill: NewBillDays }>; last: boolean; overdueSince?: string }[] = [
  {
    name: 'a billing run: the period after the history, no credit left',
    setUp: async () => ({ id: (await account('WU-71001')).id, bill: nextBill }), last: true,
  },
  {
    name: 'no history at all',
    setUp: async () => ({ id: (await account('WU-71002', false)).id, bill: nextBill }), last: true,
  },
  {
    name: 'an unpaid bill past due: overdue since its due date, read without the replay',
    setUp: async () => {
      const { id } = await account('WU-71003');
      await insertBill(database.orm.em.fork(), id, { periodStart: '2001-01-01', periodEnd: '2001-01-28', issuedAt: utilityDaysAgo(50), dueDate: utilityDaysAgo(30), amountCents: 99_000 });
      return { id, bill: nextBill };
    },
    last: true, overdueSince: utilityDaysAgo(30),
  },
  {
    name: 'a credit left: the new bill takes it, so the replay decides',
    setUp: async () => {
      const { id, accountNumber } = await account('WU-71004');
      await pay(accountNumber, new Date(`${utilityDaysAgo(3)}T15:00:00Z`), 900_000);
      return { id, bill: nextBill };
    },
    last: false,
  },
  {
    name: 'a payment made after the new bill was issued',
    setUp: async () => {
      const { id, accountNumber } = await account('WU-71005');
      await pay(accountNumber, new Date(Date.now() - 60_000), 100);
      return { id, bill: nextBill };
    },
    last: false,
  },
  {
    name: 'a new bill due before a bill already there (an old period)',
    setUp: async () => ({ id: (await account('WU-71006')).id, bill: { ...nextBill, periodStart: '1999-01-01', periodEnd: '1999-01-28', issuedAt: '1999-01-28', dueDate: '1999-02-20' } }),
    last: false,
  },
  {
    name: 'a new bill issued before a bill already there, though due last',
    setUp: async () => ({ id: (await account('WU-71007')).id, bill: { ...nextBill, issuedAt: utilityDaysAgo(60), dueDate: utilityDaysAgo(-60) } }),
    last: false,
  },
];

for (const c of CASES) {
  test(`last bill: ${c.name}`, async () => {
    const { id, bill } = await c.setUp();
    const em = database.orm.em.fork();
    const billId = await insertBill(em, id, bill);
    const answered = await lastBillDates(em, [{ accountId: id, billId }], today);
    assert.is(answered.has(id), c.last);
    const ledger = (await loadLedgers(em, [id])).get(id);
    assert.ok(ledger);
    if (!c.last) return;
    // What the shortcut stands for: the replay moves nothing, and the dates are the replay's.
    const { stale, missing, expected } = reallocation(ledger, TEST_TIME_ZONE);
    assert.equal([stale, missing, expected.filter((a) => a.billId === billId)], [[], [], []]);
    assert.equal(answered.get(id), moneyDates(ledger, new Date(), TEST_TIME_ZONE));
    if (c.overdueSince) assert.is(answered.get(id)?.overdueSince, c.overdueSince);
  });
}

test.run();
