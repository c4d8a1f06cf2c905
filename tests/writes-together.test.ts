/**
 * Several writes as one statement (domain/common/writes-together.ts): they all land, a later one
 * reads an earlier one's returned rows by name, and when one fails none of them is kept, with no
 * transaction around them.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { sql } from 'kysely';
import { db } from '../domain/common/database.js';
import { writesTogether } from '../domain/common/writes-together.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';

let database: TestDatabase;
test.before(async () => { database = await createTestDatabase('writes_together'); });
test.after(async () => database.drop());

const q = () => db(database.orm.em.fork());
const message = (kind: string) => ({ target: 'bullmq' as const, kind, payload: {}, created_at: sql<Date>`now()`, available_at: sql<Date>`now()`, attempts: 0 });
const kinds = async () => (await q().selectFrom('outbox_message').select('kind').orderBy('id').execute()).map((r) => r.kind);

test('every write lands, and a later one reads an earlier one\'s rows by name', async () => {
  const first = q().insertInto('outbox_message').values(message('first')).returning('id');
  const second = q().insertInto('outbox_message').columns(['target', 'kind', 'payload', 'created_at', 'available_at', 'attempts'])
    .expression(q().selectFrom(sql<{ id: number }>`first_write`.as('f')).select([
      sql.lit('bullmq').as('target'), sql<string>`'after ' || f.id`.as('kind'), sql<object>`'{}'::jsonb`.as('payload'),
      sql<Date>`now()`.as('created_at'), sql<Date>`now()`.as('available_at'), sql.lit(0).as('attempts'),
    ]));
  const { rows: [result] } = await writesTogether<{ id: number }>([['first_write', first], ['second_write', second]], sql`select id from first_write`).execute(q());
  assert.equal(await kinds(), ['first', `after ${result.id}`]);
});

test('when one write fails, none is kept', async () => {
  const before = await kinds();
  const kept = q().insertInto('outbox_message').values(message('never kept'));
  // Two rows with one id: the primary key refuses the second, whatever the table holds.
  const failing = q().insertInto('outbox_message').values([{ ...message('bad'), id: 999_999 }, { ...message('bad'), id: 999_999 }]);
  const error = await writesTogether([['kept', kept], ['failing', failing]], sql`select 1`).execute(q()).then(() => null, (e: Error) => e);
  assert.match(error?.message ?? 'no error', /duplicate key/);
  assert.equal(await kinds(), before);
});

test('it needs a write', () => {
  assert.throws(() => writesTogether([], sql`select 1`), /at least one write/);
});

test.run();
