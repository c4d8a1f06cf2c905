/**
 * The issue's own story through the pages and the API: a customer who pays every bill in full with
 * "No particular bill" is 100% compliant; the Financial tab and the payments API show which bill each
 * payment paid and each bill's paid date; a reversal from the payment history opens the bill again.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { randomBytes } from 'node:crypto';
import { importBill } from '../domain/billing/bills.js';
import { db } from '../domain/common/database.js';
import { apiToken, htmxRequest, signIn, type SignedIn } from './support/browser-session.js';
import { createUser, startTestServer, type TestServer } from './support/app-server.js';
import { insertMinimalAccount } from './support/minimal-account.js';
import { TEST_TIME_ZONE, utilityDaysAgo } from './support/time-zone.js';

let server: TestServer;
let agent: SignedIn;
let token: string;

test.before(async () => {
  server = await startTestServer('allocations_pages');
  const a = await createUser(server.db, 'agent');
  agent = await signIn(server.baseUrl, a.email, a.password);
  token = await apiToken(server.baseUrl, a.email, a.password);
});
test.after(async () => { await server.close(); });

/** The utility's calendar day `n` days ago. */
const isoDaysAgo = (n: number) => utilityDaysAgo(n);
/** A datetime-local value `n` days ago at 23:30 in the utility's zone (the evening of that local day). */
const localEvening = (n: number) => `${isoDaysAgo(n)}T23:30`;
const ref = () => `PAY-${randomBytes(5).toString('hex')}`;

async function htmx(path: string, form?: Record<string, string>) {
  const response = await htmxRequest(server.baseUrl, agent, path, form);
  return { status: response.status, html: await response.text() };
}
async function api<T>(path: string): Promise<T> {
  const response = await fetch(`${server.baseUrl}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
  assert.is(response.status, 200, path);
  return (await response.json()) as T;
}

interface Payments { items: Array<{ id: number; reference: string; status: string; billId: number | null; allocations: Array<{ billId: number; amountCents: number; appliedOn: string }> }> }
interface Bills { items: Array<{ id: number; dueDate: string; paidCents: number; paidOn: string | null }> }

test('paying every bill in full with "No particular bill" is 100% compliant, shown bill by bill; a reversal reopens the bill', async () => {
  const account = await insertMinimalAccount(server.db.orm);
  const actor = { userId: null, name: 'test import' };
  const bills = [];
  for (const [issued, due] of [[100, 79], [70, 49]]) {
    const { bill } = await importBill(server.db.orm.em.fork(), account.accountNumber, {
      periodStart: isoDaysAgo(issued + 30), periodEnd: isoDaysAgo(issued + 1), issuedAt: isoDaysAgo(issued), dueDate: isoDaysAgo(due), amountCents: 4_250, usage: 3000,
    }, actor, TEST_TIME_ZONE);
    bills.push(bill);
  }
  // Each paid on its due date, late in the local evening, without naming a bill (the form's default).
  const references = [ref(), ref()];
  for (const [i, days] of [79, 49].entries()) {
    const r = await htmx(`/accounts/${account.accountNumber}/payments`, {
      amount: '42.50', paidAt: localEvening(days), reference: references[i], method: 'ach', status: 'processed', billId: '',
    });
    assert.is(r.status, 200, r.html);
  }

  const tab = await htmx(`/accounts/${account.accountNumber}/financial`);
  assert.match(tab.html, 'data-compliance="100"');
  for (const b of bills) assert.match(tab.html, `data-allocated-bill="${b.id}"`);
  const payments = await api<Payments>(`/accounts/${account.accountNumber}/payments`);
  const byReference = new Map(payments.items.map((p) => [p.reference, p]));
  assert.equal(byReference.get(references[0])?.allocations.map((a) => [a.billId, a.amountCents]), [[bills[0].id, 4_250]]);
  assert.equal(byReference.get(references[1])?.allocations.map((a) => [a.billId, a.amountCents]), [[bills[1].id, 4_250]]);
  const listed = await api<Bills>(`/accounts/${account.accountNumber}/bills`);
  for (const b of listed.items) assert.is(b.paidOn, b.dueDate, 'paid on its due date, in the utility\'s calendar');

  // The older payment bounces after it was processed: the button in the payment history reverses it.
  const bounced = byReference.get(references[0]);
  const reversal = await htmx(`/accounts/${account.accountNumber}/payments/${bounced?.id}/status`, { status: 'failed' });
  assert.is(reversal.status, 200, reversal.html);
  const after = await api<Payments>(`/accounts/${account.accountNumber}/payments`);
  assert.equal(after.items.find((p) => p.reference === references[0])?.allocations, []);
  // Allocations follow the dates: the unnamed later payment now pays the older bill, which is open again.
  assert.equal(after.items.find((p) => p.reference === references[1])?.allocations.map((a) => a.billId), [bills[0].id]);
  const reopened = await api<Bills>(`/accounts/${account.accountNumber}/bills`);
  const paid = new Map(reopened.items.map((b) => [b.id, b]));
  assert.is(paid.get(bills[0].id)?.paidCents, 4_250);
  assert.is(paid.get(bills[0].id)?.paidOn, bills[1].dueDate.toISOString().slice(0, 10), 'paid late, on the later payment\'s day');
  assert.is(paid.get(bills[1].id)?.paidCents, 0);
  assert.is(paid.get(bills[1].id)?.paidOn, null);
  const [row] = await db(server.db.orm.em).selectFrom('account').select('balance_cents').where('id', '=', account.id).execute();
  assert.is(row.balance_cents, 4_250, 'bills − processed payments');
  assert.match((await htmx(`/accounts/${account.accountNumber}/financial`)).html, 'data-compliance="0"');
});

test.run();
