/**
 * Many audit rows in one statement (domain/audit/audit.ts's `auditMany`) are the rows `audit` writes one by one:
 * the same values, SQL NULL where an entry has no before or after, text that JSON and array literals escape kept as
 * it was, the entries' order in the ids, and the write's origin on every row.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { db as query } from '../domain/common/database.js';
import { audit, auditMany, type AuditEntry } from '../domain/audit/audit.js';
import { withWriteOrigin } from '../domain/audit/write-origin.js';
import { createTestDatabase, type TestDatabase } from './support/database.js';
import { createUser } from './support/app-server.js';

let db: TestDatabase;
let agentId: number;

test.before(async () => {
  db = await createTestDatabase('audit_many');
  await createUser(db, 'agent');
  agentId = Number((await query(db.orm.em.fork()).selectFrom('app_user').select('id').executeTakeFirstOrThrow()).id);
});
test.after(async () => db.drop());

const entries = (): AuditEntry[] => [
  { userId: null, userName: 'bill import (march.csv)', action: 'bill.create', entity: 'bill', entityId: '17', after: { accountNumber: 'WU-10001', amountCents: 4210 } },
  { userId: agentId, userName: 'Ana', action: 'account.balance', entity: 'account', entityId: 'WU-10001', before: { balanceCents: 0 }, after: { balanceCents: 4210, overdueSince: null } },
  { userId: agentId, userName: 'O\'Brien "Ops" \\ Team', action: 'account.update', entity: 'account', entityId: 'WU-10002', before: { note: 'line\nbreak, "quoted", back\\slash, {braces}' }, after: null },
  { userId: agentId, userName: 'José Ñúñez 水', action: 'note.create', entity: 'note', entityId: '9', before: undefined, after: { text: 'ok 👍', tags: ['a', 'b'], nested: { deep: [1, 2.5, true, null] } } },
  { userId: null, userName: '', action: 'x', entity: 'y', entityId: '', before: {}, after: {} },
];

const rows = (since: number) => query(db.orm.em.fork()).selectFrom('audit_log')
  .select(['user_id', 'user_name', 'action', 'entity', 'entity_id', 'before', 'after', 'request_id', 'workflow_id', 'job_id'])
  .where('id', '>', since).orderBy('id').execute();

const lastId = async () => Number((await query(db.orm.em.fork()).selectFrom('audit_log').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst())?.id ?? 0);

test('auditMany writes, in order, exactly the rows audit writes one by one, with the origin', async () => {
  const origin = { requestId: 'req-123' };
  const ENTRIES = entries();
  const beforeOne = await lastId();
  await withWriteOrigin(origin, () => db.orm.em.fork().transactional(async (em) => {
    for (const entry of ENTRIES) await audit(em, entry);
  }));
  const beforeMany = await lastId();
  await withWriteOrigin(origin, () => db.orm.em.fork().transactional((em) => auditMany(em, ENTRIES)));
  const all = await rows(beforeOne);
  const one = all.slice(0, ENTRIES.length);
  const many = await rows(beforeMany);
  assert.is(all.length, 2 * ENTRIES.length);
  assert.equal(many, one);
  assert.is(many[0].before, null);
  assert.is(many[2].after, null);
  assert.is(many[3].before, null);
  assert.equal(many[2].before, { note: 'line\nbreak, "quoted", back\\slash, {braces}' });
  assert.is(many[2].user_name, 'O\'Brien "Ops" \\ Team');
  assert.is(many[4].request_id, 'req-123');
});

test('no entries write nothing', async () => {
  const before = await lastId();
  await db.orm.em.fork().transactional((em) => auditMany(em, []));
  assert.is(await lastId(), before);
});

test.run();
