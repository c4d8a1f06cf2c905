/**
 * Property (fast-check) over the real services and database: random sequences of bills, payments (naming a bill
 * or not), settlements and reversals keep every allocation within its payment and its bill and equal to a brute-force
 * reference, the rebuild equal to
 * the stored rows, the balance equal to bills − processed payments, and compliance equal to a brute-force reference.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import { loadAccountProfile } from '../domain/accounts/account-profile.js';
import { importBill } from '../domain/billing/bills.js';
import { rebuildAllocations } from '../domain/billing/payment-allocations.js';
import { recordPayment, settlePayment } from '../domain/billing/payments.js';
import { db } from '../domain/common/database.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { insertMinimalAccount } from './support/minimal-account.js';
import { TEST_TIME_ZONE } from './support/time-zone.js';

const SEED = Number(process.env.PROPERTY_SEED ?? 20261130);
// 150 runs: the reservation rule's first defect (two payments keeping one future bill's amount twice) took 100–140 to show.
const RUNS = Number(process.env.PROPERTY_RUNS ?? 150);
const DAY = 86_400_000;
const actor = { userId: null, name: 'allocation property' };
let database: TestDatabase;
let references = 0;

test.before(async () => { database = await createTestDatabase('allocations_property'); });
test.after(async () => { await database.drop(); });

const em = () => database.orm.em.fork();
const localDay = new Intl.DateTimeFormat('en-CA', { timeZone: TEST_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
const utcIso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const addDays = (iso: string, days: number) => utcIso(Date.parse(`${iso}T00:00:00Z`) + days * DAY);

type Step =
  | { kind: 'bill'; amountCents: number }
  | { kind: 'pay'; amountCents: number; minutesAgo: number; named: number | null; status: 'processed' | 'pending' | 'failed' }
  | { kind: 'settle'; which: number; outcome: 'processed' | 'failed' }
  | { kind: 'reverse'; which: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('bill' as const), amountCents: fc.oneof({ arbitrary: fc.constant(0), weight: 1 }, { arbitrary: fc.integer({ min: 1, max: 40_000 }), weight: 9 }) }), weight: 4 },
  {
    arbitrary: fc.record({
      kind: fc.constant('pay' as const), amountCents: fc.integer({ min: 1, max: 30_000 }),
      minutesAgo: fc.integer({ min: 0, max: 330 * 1440 }), named: fc.option(fc.nat(20), { nil: null, freq: 2 }),
      status: fc.oneof({ arbitrary: fc.constant('processed' as const), weight: 6 }, { arbitrary: fc.constant('pending' as const), weight: 2 }, { arbitrary: fc.constant('failed' as const), weight: 1 }),
    }),
    weight: 5,
  },
  { arbitrary: fc.record({ kind: fc.constant('settle' as const), which: fc.nat(20), outcome: fc.constantFrom('processed' as const, 'failed' as const) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('reverse' as const), which: fc.nat(20) }), weight: 1 },
);

interface Bill { id: number; issuedOn: string; dueOn: string; amountCents: number }
interface Payment { id: number; billId: number | null; paidAt: Date; amountCents: number; status: 'processed' | 'pending' | 'failed' }

/** Runs the steps through the services: bills a month apart ending before today, payments backdated at random. */
async function play(accountNumber: string, steps: Step[], now: Date): Promise<{ bills: Bill[]; payments: Payment[] }> {
  const today = localDay.format(now);
  const bills: Bill[] = [];
  const payments: Payment[] = [];
  for (const s of steps) {
    if (s.kind === 'bill' && bills.length < 11) {
      const issuedOn = addDays(today, -330 + 30 * bills.length);
      const dueOn = addDays(issuedOn, 21);
      const { bill } = await importBill(em(), accountNumber, {
        periodStart: addDays(issuedOn, -30), periodEnd: addDays(issuedOn, -1), issuedAt: issuedOn, dueDate: dueOn, amountCents: s.amountCents, usage: 1000,
      }, actor, TEST_TIME_ZONE);
      bills.push({ id: bill.id, issuedOn, dueOn, amountCents: s.amountCents });
    } else if (s.kind === 'pay') {
      const paidAt = new Date(now.getTime() - 60_000 - s.minutesAgo * 60_000);
      // A payer names any bill there is: one issued on the day they pay, or a later one (a payment keyed in late,
      // dated before the bill it names was issued, which then keeps that bill's amount for it).
      const billId = s.named === null || bills.length === 0 ? null : bills[s.named % bills.length].id;
      references += 1;
      const saved = await recordPayment(em(), accountNumber, {
        paidAt, reference: `PROP-${SEED}-${references}`, amountCents: s.amountCents, method: 'ach', status: s.status, billId,
      }, actor, TEST_TIME_ZONE);
      payments.push({ id: saved.id, billId, paidAt, amountCents: s.amountCents, status: s.status });
    } else if (s.kind === 'settle' || s.kind === 'reverse') {
      const from = s.kind === 'settle' ? 'pending' : 'processed';
      const candidates = payments.filter((p) => p.status === from);
      if (candidates.length === 0) continue;
      const payment = candidates[s.which % candidates.length];
      const outcome = s.kind === 'settle' ? s.outcome : 'failed';
      await settlePayment(em(), payment.id, outcome, actor, { timeZone: TEST_TIME_ZONE });
      payment.status = outcome;
    }
  }
  return { bills, payments };
}

/**
 * The reference, day by day and written apart from the rule: each day, that day's bills open and take first
 * what payments dated before them kept for them, then the credit left by earlier payments (oldest payment
 * first); then that day's processed payments pay their named bill (or, when it is not issued yet, keep for it
 * what of its amount earlier payments have not kept), then open bills oldest due date first. A bill is on time
 * if it was covered by the end of its due day. Gives what each payment paid each bill, and the compliance.
 */
function referenceAllocation(bills: Bill[], payments: Payment[], now: Date) {
  const today = localDay.format(now);
  const processed = payments.filter((p) => p.status === 'processed')
    .map((p) => ({ ...p, day: localDay.format(p.paidAt), left: p.amountCents, kept: 0 }))
    .sort((a, b) => a.day.localeCompare(b.day) || a.paidAt.getTime() - b.paidAt.getTime() || a.id - b.id);
  const state = bills.map((b) => ({ ...b, paid: 0, kept: 0, open: false, coveredOn: null as string | null }));
  const order = [...state].sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.issuedOn.localeCompare(b.issuedOn) || a.id - b.id);
  const allocations = new Map<string, number>();
  const move = (p: { id: number; left: number }, b: (typeof state)[number], on: string) => {
    const amount = Math.min(p.left, b.amountCents - b.paid);
    if (amount <= 0) return;
    p.left -= amount; b.paid += amount;
    allocations.set(`${p.id}→${b.id}`, (allocations.get(`${p.id}→${b.id}`) ?? 0) + amount);
    if (b.paid >= b.amountCents) b.coveredOn ??= on;
  };
  const first = [...bills.map((b) => b.issuedOn), ...processed.map((p) => p.day), today].sort()[0];
  for (let day = first; day <= today; day = addDays(day, 1)) {
    for (const b of order) {
      if (b.issuedOn !== day) continue;
      b.open = true;
      for (const p of processed) {
        if (p.billId !== b.id || p.kept === 0) continue;
        const kept = { id: p.id, left: p.kept };
        move(kept, b, day);
        p.kept = 0;
      }
      for (const p of processed) if (p.day < day) move(p, b, day);
    }
    for (const p of processed) {
      if (p.day !== day) continue;
      const named = state.find((b) => b.id === p.billId);
      if (named?.open) move(p, named, day);
      else if (named) {
        p.kept = Math.min(p.left, named.amountCents - named.kept);
        named.kept += p.kept;
        p.left -= p.kept;
      }
      for (const b of order) if (b.open) move(p, b, day);
    }
  }
  const windowStart = utcIso(Date.UTC(Number(today.slice(0, 4)) - 1, Number(today.slice(5, 7)) - 1, Number(today.slice(8, 10))));
  const due = order.filter((b) => b.dueOn < today && b.dueOn > windowStart);
  const late = due.filter((b) => b.amountCents > 0 && (b.coveredOn === null || b.coveredOn > b.dueOn));
  return {
    compliance: {
      billsDue: due.length,
      late: late.map((b) => String(b.id)),
      percent: due.length === 0 ? null : Math.round(((due.length - late.length) / due.length) * 1000) / 10,
    },
    allocations: Object.fromEntries([...allocations].sort(([a], [b]) => a.localeCompare(b))),
  };
}

async function checkAccount(account: { id: number; accountNumber: string }, bills: Bill[], payments: Payment[], now: Date): Promise<void> {
  const q = db(database.orm.em.fork());
  const rows = await q.selectFrom('payment_allocation').select(['payment_id', 'bill_id', 'amount_cents']).where('account_id', '=', account.id).execute();
  const sum = (key: 'payment_id' | 'bill_id', id: number) => rows.filter((r) => r[key] === id).reduce((s, r) => s + r.amount_cents, 0);
  for (const p of payments) {
    const allocated = sum('payment_id', p.id);
    assert.ok(allocated <= p.amountCents, `payment ${p.id}: ${allocated} allocated of ${p.amountCents}`);
    if (p.status !== 'processed') assert.is(allocated, 0, `payment ${p.id} is ${p.status} and allocates nothing`);
  }
  for (const b of bills) assert.ok(sum('bill_id', b.id) <= b.amountCents, `bill ${b.id} over-allocated`);
  for (const r of rows) assert.ok(r.amount_cents > 0, 'no empty allocation rows');

  const stored = await q.selectFrom('account').select('balance_cents').where('id', '=', account.id).executeTakeFirstOrThrow();
  const billed = bills.reduce((s, b) => s + b.amountCents, 0);
  const paid = payments.filter((p) => p.status === 'processed').reduce((s, p) => s + p.amountCents, 0);
  assert.is(stored.balance_cents, billed - paid, 'balance = bills − processed payments');

  const reference = referenceAllocation(bills, payments, now);
  const byPair = new Map<string, number>();
  for (const r of rows) byPair.set(`${r.payment_id}→${r.bill_id}`, (byPair.get(`${r.payment_id}→${r.bill_id}`) ?? 0) + r.amount_cents);
  assert.equal(Object.fromEntries([...byPair].sort(([a], [b]) => a.localeCompare(b))), reference.allocations, 'each payment pays each bill what the reference says');
  const { insights } = await loadAccountProfile(em(), account.accountNumber, TEST_TIME_ZONE, now);
  assert.equal(
    { billsDue: insights.compliance.billsDue, late: insights.compliance.lateBillIds, percent: insights.compliance.percent },
    reference.compliance, 'compliance = the brute-force reference',
  );
}

test('random bills, payments, settlements and reversals keep the allocation invariants through the services', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 8, maxLength: 30, size: 'max' }), async (steps) => {
      const account = await insertMinimalAccount(database.orm);
      const now = new Date();
      const { bills, payments } = await play(account.accountNumber, steps, now);
      await checkAccount(account, bills, payments, now);
      const rebuild = await rebuildAllocations(em(), TEST_TIME_ZONE, { write: false });
      assert.equal(rebuild.differingAccounts, [], 'the rebuild equals the stored rows');
    }),
    { seed: SEED, numRuns: RUNS },
  );
});

test('the rebuild reports a planted difference and corrects it', async () => {
  const q = db(database.orm.em.fork());
  const victim = await q.selectFrom('payment_allocation').innerJoin('account', 'account.id', 'payment_allocation.account_id')
    .select(['payment_allocation.id', 'account.account_number']).orderBy('payment_allocation.id').executeTakeFirst();
  assert.ok(victim, 'the property run left allocations behind');
  await q.updateTable('payment_allocation').set((eb) => ({ amount_cents: eb('amount_cents', '+', 1) })).where('id', '=', victim.id).execute();
  const found = await rebuildAllocations(em(), TEST_TIME_ZONE, { write: true });
  assert.equal(found.differingAccounts, [victim.account_number]);
  assert.is(found.staleRows, 1);
  assert.is(found.missingRows, 1);
  const after = await rebuildAllocations(em(), TEST_TIME_ZONE, { write: false });
  assert.equal(after.differingAccounts, []);
  assert.is(after.expectedRows, after.storedRows);
});

test.run();
