import type { Orm } from '../../domain/orm.js';

/** The tables an account-activity write touches; a refused request must leave every count as it was. */
const TABLES = ['note', 'communication', 'complaint', 'document', 'document_version', 'audit_log'] as const;

export type RecordCounts = Record<(typeof TABLES)[number], number> & { complaintStates: string; documentStates: string };

/** Row counts, plus the mutable columns (complaint status, document status/version) so an update shows too. */
export async function recordCounts(orm: Orm): Promise<RecordCounts> {
  const sql = orm.em.getConnection();
  const counts = await Promise.all(TABLES.map(async (t) => Number((await sql.execute<{ n: string }[]>(`select count(*) as n from ${t}`))[0].n)));
  const [{ states: complaintStates }] = await sql.execute<{ states: string | null }[]>(
    `select string_agg(id || ':' || status || ':' || coalesce(resolution, ''), ',' order by id) as states from complaint`);
  const [{ states: documentStates }] = await sql.execute<{ states: string | null }[]>(
    `select string_agg(id || ':' || status || ':' || current_version || ':' || kind, ',' order by id) as states from document`);
  return { ...Object.fromEntries(TABLES.map((t, i) => [t, counts[i]])), complaintStates: complaintStates ?? '', documentStates: documentStates ?? '' } as RecordCounts;
}
