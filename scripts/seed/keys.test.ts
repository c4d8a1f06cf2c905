/**
 * The seed sets the seeded tables' keys aside for the load (keys.ts): afterwards every
 * primary, unique and foreign key is back exactly as the migrations made it, still
 * enforced, and a seed whose rows would break one fails as a whole.
 */
import type pg from 'pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createTestDatabase, type TestDatabase } from '../../tests/support/database.js';
import { seedDatabase } from './seed-database.js';

const options = { accounts: 30, seed: 42, months: 24, asOf: '2026-11-28' };
let db: TestDatabase;

const withClient = <T>(work: (client: pg.Client) => Promise<T>) => db.withClient(work);

async function refused(work: Promise<unknown>, expected: RegExp): Promise<void> {
  const error = await work.then(() => null, (e: Error) => e);
  assert.ok(error, `expected a refusal matching ${expected}`);
  assert.match(`${error.message} ${(error as { constraint?: string }).constraint ?? ""}`, expected, error.message);
}

/** Every constraint and index of the schema with its definition and whether it is validated. */
const schemaKeys = () => withClient(async (client) => (await client.query(`
  select conrelid::regclass::text as "table", conname as name, contype as kind, convalidated as valid, pg_get_constraintdef(oid) as definition
  from pg_constraint where connamespace = 'public'::regnamespace order by 1, 2`)).rows);
const schemaIndexes = () => withClient(async (client) => (await client.query(`
  select indexname, indexdef from pg_indexes where schemaname = 'public' order by 1`)).rows);

test.before(async () => {
  db = await createTestDatabase('seed_keys');
});
test.after(async () => db.drop());

test('after a seed, every key and index is back as the migrations made it', async () => {
  const [keys, indexes] = [await schemaKeys(), await schemaIndexes()];
  assert.ok(keys.some((k) => k.name === 'payment_reference_unique'), 'the schema has the keys this test is about');
  const result = await seedDatabase({ ...options, databaseUrl: db.url, reset: true });
  assert.ok(result.seeded);
  assert.equal(await schemaKeys(), keys);
  assert.equal(await schemaIndexes(), indexes);
});

test('the restored keys are enforced: a duplicate payment reference and a dangling account are refused', async () => {
  await withClient(async (client) => {
    const { rows } = await client.query(`select reference, account_id from payment order by id limit 1`);
    await refused(client.query(`insert into payment (account_id, reference, paid_at, amount_cents, method, status, created_at)
      values ($1, $2, now(), 100, 'cash', 'processed', now())`, [rows[0].account_id, rows[0].reference]), /payment_reference_unique/);
    await refused(client.query(`insert into note (account_id, thread, version, body, author_name, created_at)
      values (987654321, gen_random_uuid(), 1, 'x', 'y', now())`), /note_account_id_foreign/);
  });
});

test.run();
