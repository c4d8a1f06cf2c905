/**
 * Every process's connections plan for short queries (infra/database/orm.ts): the jobs worker, the Temporal
 * worker and the commands open them the way the API does, so PostgreSQL never JIT-compiles a bulk statement
 * (a nightly chunk, a bill import batch) whose estimate passes `jit_above_cost`.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sql } from 'kysely';
import { db as query } from '../domain/common/database.js';
import { openOrm, type Orm } from '../infra/database/orm.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

let db: TestDatabase;
let worker: Orm;

test.before(async () => {
  db = await createTestDatabase('connection_settings');
  worker = await openOrm(db.url, { poolMax: 1 }); // as workers/jobs.ts and scripts/import-bills.ts open theirs
});
test.after(async () => {
  await worker.close();
  await db.drop();
});

/** A statement PostgreSQL would compile: every cost passes the threshold, set for this transaction only. */
const COMPILABLE = `explain (analyze, format json) select sum(x * 2) from generate_series(1, 1000) as x`;

test('a worker\'s or a command\'s connection opens without JIT and parallel workers', async () => {
  const { rows } = await sql<{ jit: string; workers: string }>`select current_setting('jit') as jit, current_setting('max_parallel_workers_per_gather') as workers`.execute(query(worker.em.fork()));
  assert.equal(rows[0], { jit: 'off', workers: '0' });
});

test('a statement whose estimate passes the JIT threshold is not compiled on such a connection, as it is on a default one', async () => {
  const plan = await worker.em.fork().transactional(async (em) => {
    await sql`set local jit_above_cost = 0`.execute(query(em));
    return (await sql<{ 'QUERY PLAN': unknown }>`${sql.raw(COMPILABLE)}`.execute(query(em))).rows[0]['QUERY PLAN'];
  });
  assert.not.ok(JSON.stringify(plan).includes('"JIT"'), JSON.stringify(plan));
  // The control: on a connection with the server's defaults the same statement is compiled, so the check above can fail.
  const defaultPlan = await db.withClient(async (client) => {
    const { rows: [{ available }] } = await client.query<{ available: boolean }>('select pg_jit_available() as available');
    if (!available) return null;
    await client.query('begin');
    await client.query('set local jit_above_cost = 0');
    const { rows } = await client.query(COMPILABLE);
    await client.query('rollback');
    return rows[0]['QUERY PLAN'];
  });
  if (defaultPlan !== null) assert.ok(JSON.stringify(defaultPlan).includes('"JIT"'), JSON.stringify(defaultPlan));
});

test.run();
