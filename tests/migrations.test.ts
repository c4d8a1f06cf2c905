// The migrations against an empty database: up builds the whole data model (tables,
// extensions, indexes, bigint money), down removes it, and the constraints hold.
import { sql } from 'kysely';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { db, type Db } from '../domain/common/database.js';
import { createDatabaseIfMissing, dropDatabase } from '../infra/database/database-admin.js';
import { openOrm, type Orm } from '../infra/database/orm.js';
import { testDatabaseUrl } from './support/database.js';
import { insertRow } from './support/rows.js';

/** The few catalog columns these checks read (the schema's own tables are typed by the entities). */
type Catalog = {
  'information_schema.tables': { table_schema: string; table_name: string };
  'information_schema.columns': { table_name: string; column_name: string; data_type: string };
  pg_indexes: { schemaname: string; indexname: string };
  pg_extension: { extname: string };
  pg_constraint: { conrelid: number; conkey: number[]; contype: string };
  pg_attribute: { attrelid: number; attnum: number; attname: string };
  pg_index: { indrelid: number; indkey: number[] };
};

const url = testDatabaseUrl('migrations');
let orm: Orm;
const catalog = () => db(orm.em).withTables<Catalog>();

async function tables(): Promise<string[]> {
  const rows = await catalog().selectFrom('information_schema.tables').select('table_name')
    .where('table_schema', '=', 'public').where('table_name', '<>', 'mikro_orm_migrations')
    .orderBy('table_name').execute();
  return rows.map((row) => row.table_name);
}

async function indexNames(): Promise<string[]> {
  const rows = await catalog().selectFrom('pg_indexes').select('indexname').where('schemaname', '=', 'public').execute();
  return rows.map((row) => row.indexname);
}

test.before(async () => {
  await createDatabaseIfMissing(url);
  orm = await openOrm(url, { poolMax: 2 });
});

test.after(async () => {
  await orm.close();
  await dropDatabase(url);
});

test('up creates every table of the data model, with search extensions and indexes', async () => {
  const applied = await orm.migrator.up();
  assert.ok(applied.length >= 2);
  const names = await tables();
  for (const table of ['account', 'app_user', 'session', 'api_token', 'bill', 'payment', 'meter', 'meter_assignment',
    'service_connection', 'reading', 'service_order', 'service_order_transition', 'technician', 'communication', 'note',
    'complaint', 'document', 'document_version', 'notification', 'outbox_message', 'audit_log', 'setting',
    'dashboard_snapshot', 'fraud_flag', 'login_attempt', 'adjustment', 'payment_allocation']) {
    assert.ok(names.includes(table), `missing table ${table}`);
  }
  const extensions = await catalog().selectFrom('pg_extension').select('extname').execute();
  assert.ok(extensions.some((e) => e.extname === 'pg_trgm'));
  assert.ok(extensions.some((e) => e.extname === 'unaccent'));
  const indexes = await indexNames();
  for (const index of ['account_name_trgm', 'meter_assignment_one_open', 'payment_reference_unique', 'account_account_number_unique', 'meter_number_pattern']) {
    assert.ok(indexes.includes(index), `missing index ${index}`);
  }
});

test('every foreign key column is the leading column of an index', async () => {
  const unindexed = await catalog().selectFrom('pg_constraint as c')
    .innerJoin('pg_attribute as a', (join) => join.onRef('a.attrelid', '=', 'c.conrelid').on('a.attnum', '=', sql<number>`c.conkey[1]`))
    .select([sql<string>`c.conrelid::regclass::text`.as('table_name'), 'a.attname as column_name'])
    .where('c.contype', '=', 'f')
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('pg_index as i').select(sql`1`.as('one'))
      .whereRef('i.indrelid', '=', 'c.conrelid').where(sql<number>`i.indkey[0]`, '=', sql<number>`c.conkey[1]`))))
    .execute();
  assert.equal(unindexed, []);
});

test('money columns are bigint', async () => {
  const rows = await catalog().selectFrom('information_schema.columns').select(['table_name', 'column_name', 'data_type'])
    .where('column_name', 'like', '%_cents').execute();
  assert.ok(rows.length >= 4);
  for (const row of rows) assert.is(row.data_type, 'bigint', `${row.table_name}.${row.column_name}`);
});

test('down removes everything, and up again rebuilds it', async () => {
  while ((await orm.migrator.down()).length) { /* one step at a time to the start */ }
  assert.equal(await tables(), []);
  await orm.migrator.up();
  assert.ok((await tables()).includes('account'));
});

/** Meter 1 assigned to connection 1 from `day`, left open. */
function assignMeter(query: Db, day: string) {
  return insertRow(query, 'meter_assignment', { meter_id: 1, connection_id: 1, assigned_at: day, created_at: sql<Date>`now()` });
}

test('a second meter assignment left open is refused by the database', async () => {
  const query = db(orm.em);
  const now = sql<Date>`now()`;
  await insertRow(query, 'account', {
    account_number: 'WU-90001', first_name: 'A', last_name: 'B', service_address: '1 Main St', customer_since: '2020-01-01',
    version: 1, created_at: now, updated_at: now,
  });
  await insertRow(query, 'service_connection', { account_id: 1, address: '1 Main St', created_at: now });
  await insertRow(query, 'meter', {
    meter_number: 'M-1', device_number: 'D-1', type: 'Residential', model: 'Aquaflow X200', installed_at: '2020-01-01', created_at: now,
  });
  await assignMeter(query, '2020-01-01');
  try {
    await assignMeter(query, '2021-01-01');
    assert.unreachable('second open assignment accepted');
  } catch (error) {
    assert.match(String(error), 'meter_assignment_one_open');
  }
});

/**
 * `count` accounts numbered WU-(first + 1) on, with every contact field filled as a real account's are (their
 * row size sets how many fit on a page), phones in the `exchange` given.
 */
async function insertAccounts(query: ReturnType<typeof db>, first: number, exchange: string, count: number) {
  await sql`insert into account (account_number, first_name, last_name, email, phone, service_address, customer_since, version, created_at, updated_at)
    select 'WU-' || (${first}::int + n), 'Firstname' || n, 'Lastname' || n, 'firstname.lastname' || n || '@example.com',
           '(555) ' || ${exchange}::text || '-' || lpad(n::text, 4, '0'), n || ' Reservoir Road, Springfield', '2020-01-01', 1, now(), now()
      from generate_series(1, ${count}::int) as n`.execute(query);
}

// Without the room (fillfactor 100, as the seed's COPY left it), the page was full and the new version moved to another
// page, writing an entry into each of the table's indexes (migrations/Migration20261204090000_account_fillfactor.ts).
test('an account row rewritten (a payment, the nightly run) keeps its new version on its own page', async () => {
  const query = db(orm.em);
  await insertAccounts(query, 91000, '010', 120);
  const blockOf = async (number: string) => (await sql<{ block: string }>`select (ctid::text::point)[0]::text as block from account where account_number = ${number}`.execute(query)).rows[0].block;
  const full = await sql<{ n: number }>`select count(*)::int as n from account where (ctid::text::point)[0] = 0`.execute(query);
  assert.ok(full.rows[0].n > 10, `the first page holds many accounts (${full.rows[0].n})`);
  const before = await blockOf('WU-91001');
  await sql`update account set balance_cents = balance_cents + 1234 where account_number = 'WU-91001'`.execute(query);
  assert.is(await blockOf('WU-91001'), before);
});

// The nightly run's first pass rewrites every row of a page in one statement, before any old version can be pruned.
// With a fifth of the page free, 228 of these 300 new versions moved to other pages, each writing all of the table's index
// entries; with half free 35 moved: the first scores make every row a little longer, so the last row of a page may not fit
// (migrations/Migration20261210090000_account_half_pages.ts).
test('a pass that rewrites every account row, as the nightly run first does, keeps most of them on their pages', async () => {
  const query = db(orm.em);
  await insertAccounts(query, 93000, '020', 300);
  const moved = await orm.em.fork().transactional(async (tx) => {
    const { rows } = await sql<{ moved: number; rewritten: number }>`
      with before as (select id, (ctid::text::point)[0] as block from account where account_number between 'WU-93001' and 'WU-93300'),
      rewritten as (
        update account a set health_score = 73, payment_compliance_percent = 91.67, metrics_computed_at = now(), updated_at = now()
          from before b where a.id = b.id returning a.id, (a.ctid::text::point)[0] as block)
      select count(*) filter (where r.block <> b.block)::int as moved, count(*)::int as rewritten
        from rewritten r join before b on b.id = r.id`.execute(db(tx));
    return rows[0];
  });
  assert.is(moved.rewritten, 300);
  assert.ok(moved.moved <= 60, `${moved.moved} of 300 rows moved to another page`);
});

// The list filtered by status and overdue reads its page from an index in account-number order
// (migrations/Migration20261205090000_account_status_lists.ts). The conditions are written as the list
// writes them (domain/accounts/search/account-search-sql.ts, `accountFilters`): "not overdue" is
// `not (overdue_since is not null)`, which PostgreSQL must still match to the index's predicate.
test('a status and overdue filter is read in account-number order from its own index', async () => {
  const planOf = (overdue: string) => orm.em.fork().transactional(async (tx) => {
    const query = db(tx);
    // Every other way closed, so the plan shows whether the index can answer at all (a test table is tiny).
    await sql`set local enable_seqscan = off`.execute(query);
    await sql`set local enable_bitmapscan = off`.execute(query);
    await sql`set local enable_sort = off`.execute(query);
    const { rows } = await sql<{ 'QUERY PLAN': string }>`explain select a.account_number from account a
      where a.status = 'disconnected' and ${sql.raw(overdue)}
      order by length(a.account_number), a.account_number limit 25 offset 100`.execute(query);
    return rows.map((row) => row['QUERY PLAN']).join('\n');
  });
  assert.match(await planOf('not a.overdue_since is not null'), /account_status_current/);
  assert.match(await planOf('a.overdue_since is not null'), /account_status_overdue/);
});

test.run();
