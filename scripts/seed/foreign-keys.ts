/**
 * Foreign-key checks for the bulk load. Row by row, Postgres fires one trigger per
 * foreign key per row, which is most of the cost of COPYing millions of rows. When the
 * connection may (superuser), the load runs with `session_replication_role = replica`,
 * which skips those triggers as pg_restore --disable-triggers does, and the references
 * are then verified set-based, one anti-join per foreign key, before commit: the same
 * guarantee for a fraction of the time.
 */
import type pg from 'pg';

interface ForeignKey { name: string; child: string; column: string; parent: string; parentColumn: string }

/** Tries to skip per-row foreign-key triggers for this transaction; false when not allowed. */
export async function deferForeignKeyChecks(client: pg.ClientBase): Promise<boolean> {
  await client.query('savepoint replica_role');
  try {
    await client.query('set local session_replication_role = replica');
    await client.query('release savepoint replica_role');
    return true;
  } catch {
    await client.query('rollback to savepoint replica_role');
    return false;
  }
}

async function foreignKeys(client: pg.ClientBase, tables: readonly string[]): Promise<ForeignKey[]> {
  const { rows } = await client.query<ForeignKey>(`
    select con.conname as name, child.relname as child, ca.attname as column, parent.relname as parent, pa.attname as "parentColumn"
    from pg_constraint con
    join pg_class child on child.oid = con.conrelid
    join pg_class parent on parent.oid = con.confrelid
    join pg_attribute ca on ca.attrelid = con.conrelid and ca.attnum = con.conkey[1]
    join pg_attribute pa on pa.attrelid = con.confrelid and pa.attnum = con.confkey[1]
    where con.contype = 'f' and cardinality(con.conkey) = 1 and child.relname = any($1)
    order by child.relname, con.conname`, [tables]);
  return rows;
}

/** Throws naming every foreign key that has rows pointing nowhere. */
export async function verifyForeignKeys(client: pg.ClientBase, tables: readonly string[]): Promise<void> {
  const broken: string[] = [];
  for (const fk of await foreignKeys(client, tables)) {
    const { rows } = await client.query<{ n: string }>(
      `select count(*) as n from "${fk.child}" c where c."${fk.column}" is not null
       and not exists (select 1 from "${fk.parent}" p where p."${fk.parentColumn}" = c."${fk.column}")`,
    );
    if (rows[0].n !== '0') broken.push(`${fk.name}: ${rows[0].n} rows of ${fk.child}.${fk.column} point nowhere`);
  }
  if (broken.length > 0) throw new Error(`seed: broken references, nothing committed:\n  ${broken.join('\n  ')}`);
}
