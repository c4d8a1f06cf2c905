/** Same seed and as-of date ⇒ the same rows, in the generator and in the database; another seed ⇒ other rows. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createTestDatabase, type TestDatabase } from '../../tests/support/database.js';
import { generateAccount, generationFor } from './account-generator.js';
import type { SeedContext } from './context.js';
import { dayFromIso } from './days.js';
import { idCursorFrom, type AccountRows } from './rows.js';
import { seedDatabase } from './seed-database.js';
import { tableDigests } from './table-digest.js';
import { technicianSeeds } from './technicians.js';

const AS_OF = '2026-11-28';
const databases: TestDatabase[] = [];

test.after(async () => {
  await Promise.all(databases.map((db) => db.drop()));
});

function context(seed: number, asOf = AS_OF): SeedContext {
  return {
    seed, asOfDay: dayFromIso(asOf), months: 24, accounts: 80,
    users: { agent: { id: 1, name: 'Alex Agent' }, dispatcher: { id: 2, name: 'Dana Dispatcher' }, admin: { id: 3, name: 'Ada Admin' } },
    technicians: technicianSeeds(seed).map((t, i) => ({ id: i + 1, name: t.name, skills: t.skills })),
    timeZone: 'America/Chicago',
  };
}

function generateAll(ctx: SeedContext): AccountRows[] {
  const generation = generationFor(ctx);
  const ids = idCursorFrom();
  return Array.from({ length: ctx.accounts }, (_, index) => generateAccount(index, generation, ids));
}

test('the generator gives deep-equal rows for the same seed and as-of date', () => {
  assert.equal(generateAll(context(42)), generateAll(context(42)));
});

test('another seed gives other people and other numbers (WU-10001 stays John Doe)', () => {
  const [a, b] = [generateAll(context(42)), generateAll(context(7))];
  assert.equal(b[0].account[0].first_name, 'John');
  assert.not.equal(a.slice(1).map((r) => r.account[0].last_name), b.slice(1).map((r) => r.account[0].last_name));
  assert.not.equal(a.map((r) => r.bill.map((x) => x.amount_cents)), b.map((r) => r.bill.map((x) => x.amount_cents)));
});

test('an account is generated the same whatever was generated before it (streamable)', () => {
  const generation = generationFor(context(42));
  const alone = generateAccount(17, generation, idCursorFrom());
  const inSequence = generateAll(context(42))[17];
  assert.equal(alone.account[0].account_number, inSequence.account[0].account_number);
  assert.equal(alone.reading.map((r) => [r.read_at, r.value]), inSequence.reading.map((r) => [r.read_at, r.value]));
  assert.equal(alone.payment.map((p) => [p.paid_at, p.amount_cents]), inSequence.payment.map((p) => [p.paid_at, p.amount_cents]));
});

test('another as-of date moves the history with it', () => {
  const later = generateAll(context(42, '2027-03-01'));
  const john = later[0];
  assert.is(john.reading[john.reading.length - 1].value, 12_580);
  assert.ok(john.reading[john.reading.length - 1].read_at < '2027-03-01');
});

test('two databases seeded with the same options hold identical rows, whatever the chunking or thread', async () => {
  const options = { accounts: 70, seed: 42, months: 24, asOf: AS_OF };
  const digests = [];
  for (const [label, chunkSize, worker] of [['seed_same_a', 25, true], ['seed_same_b', 1000, false]] as const) {
    const db = await createTestDatabase(label);
    databases.push(db);
    await seedDatabase({ ...options, databaseUrl: db.url, chunkSize, worker });
    digests.push(await db.withClient(tableDigests));
  }
  assert.equal(digests[0], digests[1]);
  assert.ok(Number(digests[0].reading.split(':')[0]) > 1000, 'readings were seeded');
});

test.run();
