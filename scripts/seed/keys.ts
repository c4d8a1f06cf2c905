/**
 * Keys set aside for the bulk load, as pg_restore does it: the seeded tables' primary keys
 * and unique constraints, and every foreign key that depends on them, are dropped before
 * the COPYs and added back after them. Kept during the load, each row of every table
 * went into its primary-key index (and the unique ones) one by one, about half of what
 * PostgreSQL spent on the COPYs; added afterwards, each index is built by one sort
 * (with parallel workers), and each foreign key is checked by one join, which is also
 * what the per-key verification did. Everything happens inside the seed's transaction:
 * an interrupted seed leaves the keys as they were, and a duplicate or a dangling
 * reference still fails the whole seed, only at the end instead of mid-load.
 */
import type pg from 'pg';

export interface KeyDefinition { table: string; name: string; definition: string }
export interface SetAsideKeys { keys: KeyDefinition[]; foreignKeys: KeyDefinition[] }

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The primary and unique keys of `tables`, and the foreign keys from or to them, with the clauses that recreate them. */
export async function keysOf(client: pg.ClientBase, tables: readonly string[]): Promise<SetAsideKeys> {
  const select = (where: string) => client.query<KeyDefinition>(`
    select t.relname as "table", c.conname as name, pg_get_constraintdef(c.oid) as definition
    from pg_constraint c join pg_class t on t.oid = c.conrelid join pg_namespace ns on ns.oid = t.relnamespace
    where ns.nspname = 'public' and ${where}
    order by t.relname, c.conname`, [tables]);
  const keys = await select(`c.contype in ('p', 'u') and t.relname = any($1::text[])`);
  const foreignKeys = await select(`c.contype = 'f' and (t.relname = any($1::text[]) or c.confrelid::regclass::text = any($1::text[]))`);
  return { keys: keys.rows, foreignKeys: foreignKeys.rows };
}

/** Drops the foreign keys first (they need the keys' indexes), then the keys. */
export async function dropKeys(client: pg.ClientBase, set: SetAsideKeys): Promise<void> {
  for (const key of [...set.foreignKeys, ...set.keys]) {
    await client.query(`alter table ${quoteIdent(key.table)} drop constraint ${quoteIdent(key.name)}`);
  }
}

/** Adds the keys back (an index build each), for the foreign keys to point at. */
export async function restoreKeys(client: pg.ClientBase, set: SetAsideKeys, log?: (line: string) => void): Promise<void> {
  await client.query(`set local maintenance_work_mem = '256MB'`);
  await addAll(client, set.keys, log);
}

/** Adds the foreign keys back; each is checked against the loaded rows by one join, and a dangling reference fails the seed. */
export async function restoreForeignKeys(client: pg.ClientBase, set: SetAsideKeys, log?: (line: string) => void): Promise<void> {
  await addAll(client, set.foreignKeys, log);
}

async function addAll(client: pg.ClientBase, keys: readonly KeyDefinition[], log?: (line: string) => void): Promise<void> {
  for (const key of keys) {
    const started = Date.now();
    await client.query(`alter table ${quoteIdent(key.table)} add constraint ${quoteIdent(key.name)} ${key.definition}`);
    log?.(`seed: ${key.name} on ${key.table} added in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  }
}
