// "Nothing was written": counts and mutable columns of the account-activity tables, and a
// runner for refused requests that checks none of them changed.
import { sql } from 'kysely';
import * as assert from 'uvu/assert';
import { db } from '../../domain/common/database.js';
import type { Orm } from '../../infra/database/orm.js';

/** The tables an account-activity write touches; a refused request must leave every count as it was. */
const TABLES = ['note', 'communication', 'complaint', 'document', 'document_version', 'audit_log'] as const;

export type RecordCounts = Record<(typeof TABLES)[number], number> & { complaintStates: string; documentStates: string };

/** Row counts, plus the mutable columns (complaint status, document status/version) so an update shows too. */
export async function recordCounts(orm: Orm): Promise<RecordCounts> {
  const query = db(orm.em);
  const counts = await Promise.all(TABLES.map(async (table) => {
    const row = await query.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }));
  const complaints = await query.selectFrom('complaint')
    .select(sql<string | null>`string_agg(id || ':' || status || ':' || coalesce(resolution, ''), ',' order by id)`.as('states'))
    .executeTakeFirstOrThrow();
  const documents = await query.selectFrom('document')
    .select(sql<string | null>`string_agg(id || ':' || status || ':' || current_version || ':' || kind, ',' order by id)`.as('states'))
    .executeTakeFirstOrThrow();
  return {
    ...Object.fromEntries(TABLES.map((t, i) => [t, counts[i]])), complaintStates: complaints.states ?? '', documentStates: documents.states ?? '',
  } as RecordCounts;
}

export interface RefusalCase {
  name: string;
  status: number;
  /** The field the refusal must name, when it is a 422. */
  field?: string;
  run: () => Promise<{ status: number; fields?: string[]; field?: string | null }>;
}

/** Runs each refused request and checks its status, the field it names, and that no table changed. */
export async function refusedWithoutWrites(orm: Orm, cases: RefusalCase[]): Promise<void> {
  const before = await recordCounts(orm);
  for (const c of cases) {
    const result = await c.run();
    assert.is(result.status, c.status, `${c.name}: status`);
    if (c.field) assert.equal(result.fields ?? [result.field], [c.field], `${c.name}: the field named`);
    assert.equal(await recordCounts(orm), before, `${c.name}: nothing written`);
  }
}
