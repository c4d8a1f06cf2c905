/** Database-level chores that happen outside the ORM: creating and dropping whole databases, plain one-off clients. */
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';

function adminUrl(databaseUrl: string): { admin: string; name: string } {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new Error(`Unsupported database name "${name}"`);
  url.pathname = '/postgres';
  return { admin: url.toString(), name };
}

/** Runs `work` on the server's `postgres` database (a database cannot create, drop or close itself). */
export async function withAdmin<T>(databaseUrl: string, work: (admin: Kysely<object>, name: string) => Promise<T>): Promise<T> {
  const { admin, name } = adminUrl(databaseUrl);
  const connection = new Kysely<object>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: admin, max: 1 }) }) });
  try {
    return await work(connection, name);
  } finally {
    await connection.destroy();
  }
}

/**
 * Runs `work` on one plain client of the database itself, closed afterwards: for the statements that cannot
 * run in a transaction (VACUUM) and the scripts' one-off readings of the server's statistics.
 */
export async function withPlainClient<T>(databaseUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates the database named in the URL unless it exists; returns whether it created it. */
export async function createDatabaseIfMissing(databaseUrl: string): Promise<boolean> {
  return withAdmin(databaseUrl, async (admin, name) => {
    const found = await sql`select 1 from pg_database where datname = ${name}`.execute(admin);
    if (found.rows.length) return false;
    await sql`create database ${sql.id(name)}`.execute(admin);
    return true;
  });
}

export async function dropDatabase(databaseUrl: string): Promise<void> {
  await withAdmin(databaseUrl, async (admin, name) => {
    await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin);
  });
}
