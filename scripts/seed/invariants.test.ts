/** The rules the seeded data must keep (money, readings, meters, orders, the showcase account), on ~300 accounts. */
import pg from 'pg';
import { createHash } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { verifyPassword } from '../../domain/auth/password.js';
import { config } from '../../infra/config.js';
import { SERVICE_ORDER_STATUSES, SERVICE_ORDER_TYPES } from '../../domain/common/enums.js';
import { computeBalance } from '../../domain/billing/balance.js';
import { paymentCompliance } from '../../domain/billing/payment-compliance.js';
import { createTestDatabase, type TestDatabase } from '../../tests/support/database.js';
import { seedDatabase } from './seed-database.js';

const AS_OF = '2026-11-28';
let db: TestDatabase;
let client: pg.Client;

test.before(async () => {
  db = await createTestDatabase('seed_invariants');
  await seedDatabase({ databaseUrl: db.url, accounts: 300, seed: 42, months: 24, asOf: AS_OF });
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
  // Dates cast to timestamptz must land on UTC midnight, as the rules compare UTC days.
  await client.query(`set time zone 'UTC'`);
});

test.after(async () => {
  await client.end();
  await db.drop();
});

async function rows<T extends object = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
  return (await client.query(sql, params)).rows as T[];
}
async function count(sql: string, params: unknown[] = []): Promise<number> {
  return Number((await rows<{ n: string }>(sql, params))[0].n);
}

test('every balance is bills minus processed payments, to the cent', async () => {
  const wrong = await count(`
    select count(*) as n from account a
    where a.balance_cents <> coalesce((select sum(amount_cents) from bill b where b.account_id = a.id), 0)
                           - coalesce((select sum(amount_cents) from payment p where p.account_id = a.id and p.status = 'processed'), 0)`);
  assert.is(wrong, 0);
  assert.ok(await count(`select count(*) as n from account where balance_cents > 0`) > 0);
});

test('overdue since and last billing date agree with the domain rules', async () => {
  const asOf = new Date(`${AS_OF}T00:00:00Z`);
  const accounts = await rows<{ id: number; overdue_since: string | null; last_billing_date: string | null }>(
    `select id, to_char(overdue_since, 'YYYY-MM-DD') as overdue_since, to_char(last_billing_date, 'YYYY-MM-DD') as last_billing_date from account order by id`);
  const bills = await rows<{ account_id: number; issued_at: Date; due_date: Date; amount_cents: string }>(`select account_id, issued_at::timestamptz as issued_at, due_date::timestamptz as due_date, amount_cents from bill`);
  const payments = await rows<{ account_id: number; paid_at: Date; amount_cents: string; status: 'processed' | 'pending' | 'failed' }>(`select account_id, paid_at, amount_cents, status from payment`);
  for (const account of accounts) {
    const own = bills.filter((b) => b.account_id === account.id);
    const balance = computeBalance({
      asOf, timeZone: 'UTC', adjustments: [],
      bills: own.map((b) => ({ issuedAt: b.issued_at, dueDate: b.due_date, amountCents: Number(b.amount_cents) })),
      payments: payments.filter((p) => p.account_id === account.id).map((p) => ({ paidAt: p.paid_at, amountCents: Number(p.amount_cents), status: p.status })),
    });
    assert.is(account.overdue_since, balance.overdueSince?.toISOString().slice(0, 10) ?? null, `overdue since of account ${account.id}`);
    const latest = own.map((b) => b.issued_at.toISOString().slice(0, 10)).sort().at(-1) ?? null;
    assert.is(account.last_billing_date, latest, `last billing date of account ${account.id}`);
  }
});

test('readings only go up on a meter, except the planted regressions, and consumption is the difference', async () => {
  const readings = await rows<{ value: string; prev: string | null; consumption: string | null; flags: string[]; verification_status: string; meter_replaced: boolean }>(`
    select value, lag(value) over w as prev, consumption, flags, verification_status, meter_replaced
    from reading window w as (partition by meter_id order by read_at)`);
  const drops = readings.filter((r) => r.prev !== null && Number(r.value) < Number(r.prev));
  assert.ok(drops.length > 0, 'a regression is planted');
  for (const r of drops) {
    assert.equal(r.flags, ['regression']);
    assert.is(r.verification_status, 'pending');
  }
  for (const r of readings.filter((x) => x.prev !== null && !x.flags.includes('regression'))) {
    assert.is(Number(r.consumption), Number(r.value) - Number(r.prev));
  }
  const replacedFirst = await count(`
    select count(*) as n from reading r where r.meter_replaced
    and (r.consumption <> r.value or exists (select 1 from reading e where e.meter_id = r.meter_id and e.read_at < r.read_at))`);
  assert.is(replacedFirst, 0, 'the first reading of a replacing meter counts from zero');
});

test('every kind of anomaly is present, pending, and nothing else is flagged', async () => {
  const flagged = await rows<{ flag: string; status: string; n: string }>(
    `select flags[1] as flag, verification_status as status, count(*) as n from reading where cardinality(flags) > 0 group by 1, 2 order by 1`);
  assert.equal(flagged.map((f) => f.flag), ['high', 'regression', 'zero']);
  assert.ok(flagged.every((f) => f.status === 'pending'));
  assert.is(await count(`select count(*) as n from reading where verification_status = 'pending' and cardinality(flags) = 0`), 0);
});

test('a meter has at most one open assignment; every meter in service has one, retired ones a closed one', async () => {
  assert.is(await count(`select count(*) as n from (select meter_id from meter_assignment where unassigned_at is null group by 1 having count(*) > 1) x`), 0);
  const withoutOpen = await rows<{ reading_status: string; closed: string }>(`
    select m.reading_status, (select count(*) from meter_assignment a where a.meter_id = m.id) as closed
    from meter m where not exists (select 1 from meter_assignment a where a.meter_id = m.id and a.unassigned_at is null)`);
  assert.ok(withoutOpen.length > 0, 'some meters were replaced');
  assert.ok(withoutOpen.every((m) => m.reading_status === 'inactive' && m.closed === '1'));
  assert.is(await count(`select count(*) as n from (select connection_id from meter_assignment where unassigned_at is null group by 1 having count(*) <> 1) x`), 0);
});

test('WU-10001 is the documented John Doe', async () => {
  const [john] = await rows<Record<string, string | number>>(`
    select a.id, a.first_name, a.last_name, a.status, m.meter_number, m.device_number, m.type, m.model
    from account a join service_connection c on c.account_id = a.id
    join meter_assignment ma on ma.connection_id = c.id and ma.unassigned_at is null join meter m on m.id = ma.meter_id
    where a.account_number = 'WU-10001'`);
  assert.equal(
    { first: john.first_name, last: john.last_name, status: john.status, meter: john.meter_number, device: john.device_number, type: john.type, model: john.model },
    { first: 'John', last: 'Doe', status: 'active', meter: 'M-5678', device: 'D-9012', type: 'Residential', model: 'Aquaflow X200' },
  );
  const [latest] = await rows<{ value: string; verification_status: string }>(
    `select r.value, r.verification_status from reading r join meter m on m.id = r.meter_id where m.meter_number = 'M-5678' order by r.read_at desc limit 1`);
  assert.equal(latest, { value: '12580', verification_status: 'verified' });
  const bills = await rows<{ id: number; due_date: Date; amount_cents: string }>(`select id, due_date::timestamptz as due_date, amount_cents from bill where account_id = $1`, [john.id]);
  const allocations = await rows<{ bill_id: number; amount_cents: string; applied_on: string }>(`select bill_id, amount_cents, applied_on::text as applied_on from payment_allocation where account_id = $1`, [john.id]);
  const compliance = paymentCompliance(
    bills.map((b) => ({ id: String(b.id), dueDate: b.due_date, amountCents: Number(b.amount_cents) })),
    allocations.map((a) => ({ billId: String(a.bill_id), amountCents: Number(a.amount_cents), appliedOn: a.applied_on })),
    new Date(`${AS_OF}T12:00:00Z`), 'America/Chicago',
  );
  assert.equal([compliance.onTime, compliance.billsDue, compliance.percent], [11, 12, 91.7]);
});

test('exactly one open tampering flag, on an active account', async () => {
  const open = await rows<{ kind: string; status: string }>(`select f.kind, a.status from fraud_flag f join account a on a.id = f.account_id where f.closed_at is null`);
  assert.equal(open, [{ kind: 'tampering', status: 'active' }]);
});

test('service orders of every type in every status, with histories that lead to their status', async () => {
  const combos = await count(`select count(*) as n from (select distinct type, status from service_order) x`);
  assert.is(combos, SERVICE_ORDER_TYPES.length * SERVICE_ORDER_STATUSES.length);
  const orders = await rows<{ status: string; workflow_state: string; completed_at: Date | null; cancel_reason: string | null; order_number: string; workflow_id: string; moves: Array<{ s: number; f: string | null; t: string }> }>(`
    select o.status, o.workflow_state, o.completed_at, o.cancel_reason, o.order_number, o.workflow_id,
      (select json_agg(json_build_object('s', sequence, 'f', from_status, 't', to_status) order by sequence) from service_order_transition t where t.order_id = o.id) as moves
    from service_order o`);
  for (const o of orders) {
    assert.match(o.order_number, /^SO-\d+$/);
    assert.is(o.workflow_id, `service-order-${o.order_number}`);
    assert.equal(o.moves.map((m) => m.s), o.moves.map((_, i) => i + 1));
    assert.equal([o.moves[0].f, o.moves[0].t], [null, 'created']);
    for (let i = 1; i < o.moves.length; i++) assert.is(o.moves[i].f, o.moves[i - 1].t);
    assert.is(o.moves[o.moves.length - 1].t, o.status);
    const terminal = o.status === 'completed' || o.status === 'cancelled';
    assert.is(o.workflow_state, terminal ? 'closed' : 'waiting_to_start');
    assert.is(o.completed_at !== null, o.status === 'completed');
    assert.is(o.cancel_reason !== null, o.status === 'cancelled');
  }
  assert.ok(await count(`select count(*) as n from service_order where rating between 1 and 5`) > 0);
});

test('a complaint open for more than 30 days exists, and resolved ones', async () => {
  assert.ok(await count(`select count(*) as n from complaint where status = 'open' and opened_at < $1::date - 30`, [AS_OF]) >= 1);
  assert.ok(await count(`select count(*) as n from complaint where status = 'resolved' and resolved_at is not null`) > 0);
});

test('documents are real PDFs with their recorded size and checksum', async () => {
  const versions = await rows<{ content: Buffer; size_bytes: number; sha256: string }>(`select content, size_bytes, sha256 from document_version`);
  assert.ok(versions.length >= 2);
  for (const v of versions) {
    assert.is(v.content.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.is(v.content.length, v.size_bytes);
    assert.is(createHash('sha256').update(v.content).digest('hex'), v.sha256);
  }
});

test('the demo users (one per staff role, and the consumer of WU-10001) sign in with the demo password', async () => {
  const users = await rows<{ email: string; role: string; password_hash: string; account_number: string | null }>(
    `select u.email, u.role, u.password_hash, a.account_number from app_user u left join account a on a.id = u.account_id order by u.id`);
  assert.equal(users.map((u) => [u.email, u.role, u.account_number]), [
    ['agent@example.com', 'agent', null], ['dispatcher@example.com', 'dispatcher', null], ['admin@example.com', 'admin', null],
    ['john.doe@example.com', 'consumer', 'WU-10001'],
  ]);
  for (const u of users) assert.ok(await verifyPassword(config().DEMO_PASSWORD, u.password_hash), u.email);
});

test('id sequences continue after the seeded rows', async () => {
  for (const table of ['account', 'bill', 'payment', 'reading', 'service_order', 'service_order_transition', 'note', 'technician']) {
    const [{ next, max }] = await rows<{ next: string; max: number }>(
      `select nextval(pg_get_serial_sequence('${table}', 'id')) as next, (select max(id) from "${table}") as max`);
    assert.is(Number(next), max + 1, table);
  }
});

test('every table the seed fills has statistics, the trigger-filled name words too', async () => {
  // reltuples is -1 until a table is first analyzed or vacuumed.
  const unanalyzed = await rows<{ relname: string }>(
    `select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind = 'r' and c.reltuples < 0
       and c.relname in ('account', 'meter', 'bill', 'payment', 'reading', 'name_word_deletion')`);
  assert.equal(unanalyzed.map((r) => r.relname), []);
  assert.ok(await count('select count(*)::text as n from name_word_deletion') > 0, 'the name words were filled');
});

test('the name words filled after the load are exactly every word of every name with its deletions, and the trigger is back', async () => {
  const expected = `select distinct d as deletion, w as word from (select distinct unnest(f_name_words(first_name, last_name)) as w from account) as words
    cross join lateral unnest(f_word_deletions(w)) as d`;
  assert.is(await count(`select count(*)::text as n from (${expected} except select deletion, word from name_word_deletion) as missing`), 0, 'none missing');
  assert.is(await count(`select count(*)::text as n from (select deletion, word from name_word_deletion except ${expected}) as extra`), 0, 'none extra');
  const [trigger] = await rows<{ enabled: string }>(`select tgenabled as enabled from pg_trigger where tgname = 'name_word_deletion_insert'`);
  assert.is(trigger.enabled, 'A', 'enabled always, as the migration left it');
});

test.run();
