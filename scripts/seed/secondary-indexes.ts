/**
 * Secondary indexes set aside for the bulk load. Growing an index row by row costs far
 * more than building it once from the loaded table (a sort, or for GIN a bulk build);
 * the account table alone has five GIN indexes, one without a pending list, and at
 * 1,000,000 accounts keeping them during the load doubled the database's share of the
 * seed. Indexes behind a constraint (primary keys, unique constraints) stay: they keep
 * the load honest and the foreign-key check uses them. Everything happens inside the
 * seed's transaction, so an interrupted seed leaves the indexes as they were.
 */
import type pg from 'pg';

export interface IndexDefinition { name: string; table: string; definition: string }

/** The indexes of `tables` that no constraint owns, with the statements that recreate them. */
export async function secondaryIndexes(client: pg.ClientBase, tables: readonly string[]): Promise<IndexDefinition[]> {
  const { rows } = await client.query<IndexDefinition>(`
    select quote_ident(ns.nspname) || '.' || quote_ident(ix.relname) as name, t.relname as "table", pg_get_indexdef(i.indexrelid) as definition
    from pg_index i
    join pg_class ix on ix.oid = i.indexrelid
    join pg_class t on t.oid = i.indrelid
    join pg_namespace ns on ns.oid = t.relnamespace
    where ns.nspname = 'public' and t.relname = any($1::text[])
      and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
    order by t.relname, ix.relname`, [tables]);
  return rows;
}

export async function dropIndexes(client: pg.ClientBase, indexes: readonly IndexDefinition[]): Promise<void> {
  for (const index of indexes) await client.query(`drop index ${index.name}`);
}

/** Builds the indexes again, with room to sort in memory (for this transaction only). */
export async function rebuildIndexes(client: pg.ClientBase, indexes: readonly IndexDefinition[], log?: (line: string) => void): Promise<void> {
  await client.query(`set local maintenance_work_mem = '256MB'`);
  for (const index of indexes) {
    const started = Date.now();
    await client.query(index.definition);
    log?.(`seed: index ${index.name} on ${index.table} rebuilt in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  }
}
