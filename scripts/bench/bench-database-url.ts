/**
 * The database the benches measure, and how they reach it. On one machine, PostgreSQL's Unix
 * socket is how a production deployment beside its database would connect (docs/operations.md,
 * "PostgreSQL on the same host"): on this VM a write over loopback TCP spent about a quarter of
 * the API's CPU in the kernel's TCP path. So the default is the local server's socket when it has
 * one, and 127.0.0.1 otherwise; the SQL floors use the same URL, so both sides travel alike.
 */
import { existsSync } from 'node:fs';

/** Where Debian's PostgreSQL puts its socket (`unix_socket_directories`). */
export const LOCAL_SOCKET_DIR = '/var/run/postgresql';

/** The default bench URL: over the socket when `socketDir` holds the port-5432 socket. */
export function defaultBenchDatabaseUrl(socketDir: string | null = LOCAL_SOCKET_DIR, exists = existsSync): string {
  if (socketDir && exists(`${socketDir}/.s.PGSQL.5432`)) return `postgres://postgres@${encodeURIComponent(socketDir)}/cistern_bench`;
  return 'postgres://postgres@127.0.0.1:5432/cistern_bench';
}

/** `--database NAME|URL` over the fallback (BENCH_DATABASE_URL, else the default). */
export function benchDatabaseUrl(database: string | undefined, fallback: string): string {
  if (database === undefined) return fallback;
  if (/^postgres(ql)?:\/\//.test(database)) return database;
  const url = new URL(fallback);
  url.pathname = `/${database}`;
  return url.toString();
}

/** How the URL reaches the server, for the machine line of each section. */
export function connectionKind(databaseUrl: string): string {
  const host = decodeURIComponent(new URL(databaseUrl).hostname);
  return host.startsWith('/') ? `over its Unix socket (${host})` : `over TCP (${host})`;
}

/**
 * The same database over TCP on 127.0.0.1: for the Temporal server, whose SQL store takes a
 * `host:port` address only.
 */
export function overTcp(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  if (!decodeURIComponent(url.hostname).startsWith('/')) return databaseUrl;
  return `postgres://${url.username ? `${url.username}${url.password ? `:${url.password}` : ''}@` : ''}127.0.0.1:5432${url.pathname}${url.search}`;
}
