/**
 * A fingerprint of every table the seed fills: md5 of all rows in id order. Two
 * databases seeded with the same options must have the same fingerprints; password
 * hashes are left out because they are salted on purpose.
 */
import type pg from 'pg';
import { ACCOUNT_TABLES } from './rows.js';

const DIGESTED_TABLES = ['app_user', 'technician', ...ACCOUNT_TABLES] as const;

function digestSql(table: string): string {
  const row = table === 'app_user' ? '(t.id, t.email, t.name, t.role, t.active, t.created_at)::text' : 't::text';
  return `select md5(coalesce(string_agg(${row}, '|' order by t.id), '')) as digest, count(*)::int as rows from "${table}" t`;
}

export async function tableDigests(client: pg.ClientBase): Promise<Record<string, string>> {
  const digests: Record<string, string> = {};
  for (const table of DIGESTED_TABLES) {
    const { rows } = await client.query<{ digest: string; rows: number }>(digestSql(table));
    digests[table] = `${rows[0].rows}:${rows[0].digest}`;
  }
  return digests;
}
