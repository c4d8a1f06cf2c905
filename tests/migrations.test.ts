import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createDatabaseIfMissing, dropDatabase } from '../infra/database/database-admin.js';
import { openOrm, type Orm } from '../infra/database/orm.js';
import { testDatabaseUrl } from './support/database.js';

const url = testDatabaseUrl('migrations');
let orm: Orm;

async function tables(): Promise<string[]> {
  const rows = await orm.em.getConnection().execute<{ table_name: string }[]>(
    `select table_name from information_schema.tables where table_schema = 'public' and table_name <> 'mikro_orm_migrations' order by 1`,
  );
  return rows.map((row) => row.table_name);
}

async function indexNames(): Promise<string[]> {
  const rows = await orm.em.getConnection().execute<{ indexname: string }[]>(`select indexname from pg_indexes where schemaname = 'public'`);
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
    'dashboard_snapshot', 'fraud_flag', 'login_attempt', 'adjustment']) {
    assert.ok(names.includes(table), `missing table ${table}`);
  }
  const extensions = await orm.em.getConnection().execute<{ extname: string }[]>('select extname from pg_extension');
  assert.ok(extensions.some((e) => e.extname === 'pg_trgm'));
  assert.ok(extensions.some((e) => e.extname === 'unaccent'));
  const indexes = await indexNames();
  for (const index of ['account_name_trgm', 'meter_assignment_one_open', 'payment_reference_unique', 'account_account_number_unique']) {
    assert.ok(indexes.includes(index), `missing index ${index}`);
  }
});

test('every foreign key column is the leading column of an index', async () => {
  const unindexed = await orm.em.getConnection().execute<{ table_name: string; column_name: string }[]>(`
    select c.conrelid::regclass::text as table_name, a.attname as column_name
      from pg_constraint c
      join pg_attribute a on a.attrelid = c.conrelid and a.attnum = c.conkey[1]
     where c.contype = 'f'
       and not exists (select 1 from pg_index i where i.indrelid = c.conrelid and i.indkey[0] = c.conkey[1])`);
  assert.equal(unindexed, []);
});

test('money columns are bigint', async () => {
  const rows = await orm.em.getConnection().execute<{ table_name: string; column_name: string; data_type: string }[]>(
    `select table_name, column_name, data_type from information_schema.columns where column_name like '%_cents'`,
  );
  assert.ok(rows.length >= 4);
  for (const row of rows) assert.is(row.data_type, 'bigint', `${row.table_name}.${row.column_name}`);
});

test('down removes everything, and up again rebuilds it', async () => {
  while ((await orm.migrator.down()).length) { /* one step at a time to the start */ }
  assert.equal(await tables(), []);
  await orm.migrator.up();
  assert.ok((await tables()).includes('account'));
});

test('a second meter assignment left open is refused by the database', async () => {
  const sql = orm.em.getConnection();
  await sql.execute(`insert into account (account_number, first_name, last_name, service_address, customer_since, version, created_at, updated_at)
                     values ('WU-90001', 'A', 'B', '1 Main St', '2020-01-01', 1, now(), now())`);
  await sql.execute(`insert into service_connection (account_id, address, created_at) values (1, '1 Main St', now())`);
  await sql.execute(`insert into meter (meter_number, device_number, type, model, installed_at, created_at) values ('M-1', 'D-1', 'Residential', 'Aquaflow X200', '2020-01-01', now())`);
  await sql.execute(`insert into meter_assignment (meter_id, connection_id, assigned_at, created_at) values (1, 1, '2020-01-01', now())`);
  try {
    await sql.execute(`insert into meter_assignment (meter_id, connection_id, assigned_at, created_at) values (1, 1, '2021-01-01', now())`);
    assert.unreachable('second open assignment accepted');
  } catch (error) {
    assert.match(String(error), 'meter_assignment_one_open');
  }
});

test.run();
