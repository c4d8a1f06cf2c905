/**
 * The database floor of a route: the statements one request issues, captured as the app sends them
 * (pg's Client.query, in this process) and replayed straight through `pg` with the same concurrency as
 * the HTTP load. The gap between the two is what the API process itself costs: HTTP, auth, ORM, JSON, views.
 */
import pg from 'pg';
import { SHORT_QUERY_SETTINGS } from '../../../infra/database/orm.js';
import { CALLER_CHANGES_APPLICATION_NAME } from '../../../infra/database/caller-change-listener.js';

export interface CapturedStatement {
  name?: string;
  text: string;
  values: unknown[];
}

type QueryFn = (this: pg.Client, ...args: unknown[]) => unknown;

/** The name a client connected with (pg keeps its connection parameters, untyped, on the client). */
export const applicationNameOf = (client: pg.Client): string | undefined =>
  (client as unknown as { connectionParameters?: { application_name?: string } }).connectionParameters?.application_name;

/** What a watcher is told of each statement: the client that sends it and query()'s arguments. */
export type QueryWatcher = (client: pg.Client, args: unknown[]) => void;

/**
 * Runs `work` with every pg Client.query call told to `onQuery` first (in this process); puts query() back
 * after, whatever `work` does. The one place that patches `Client.query`: the capture below and the tests that watch the
 * statements go through it.
 */
export async function whileQueriesWatched<T>(onQuery: QueryWatcher, work: () => Promise<T>): Promise<T> {
  const original = pg.Client.prototype.query as unknown as QueryFn;
  const watched: QueryFn = function watched(this: pg.Client, ...args: unknown[]) {
    onQuery(this, args);
    return original.apply(this, args);
  };
  (pg.Client.prototype as unknown as { query: QueryFn }).query = watched;
  try {
    return await work();
  } finally {
    (pg.Client.prototype as unknown as { query: QueryFn }).query = original;
  }
}

/** The statement query()'s arguments send, or null when they hold none (a bare query object without text). */
function statementOf([first, second]: unknown[]): CapturedStatement | null {
  if (typeof first === 'string') return { text: first, values: Array.isArray(second) ? second : [] };
  if (first && typeof first === 'object' && 'text' in first) {
    const config = first as { name?: string; text: string; values?: unknown[] };
    return { name: config.name, text: config.text, values: config.values ?? (Array.isArray(second) ? second : []) };
  }
  return null;
}

/**
 * Runs `work` with pg's Client.query watched; returns the statements issued meanwhile (in order). The
 * caller-change listener's connection is left out: its heartbeat (`select 1`, infra/database/caller-change-listener.ts)
 * runs on a timer, not for a request, and one that fell inside the watched work once made a test count two
 * statements for a request that sent one.
 */
export async function captureStatements(work: () => Promise<void>): Promise<CapturedStatement[]> {
  const captured: CapturedStatement[] = [];
  await whileQueriesWatched((client, args) => {
    if (applicationNameOf(client) === CALLER_CHANGES_APPLICATION_NAME) return;
    const statement = statementOf(args);
    if (statement) captured.push(statement);
  }, work);
  return captured;
}

export interface ReplayResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  requests: number;
}

/**
 * `connections` clients, opened with the settings of every Cistern connection (no JIT, no parallel workers:
 * infra/database/orm.ts) so the floor's statements are planned as the app's are (before 2026-12-03 they ran on
 * the server's defaults, JIT and parallel workers allowed). Each replays one request's statements in order (as
 * prepared statements, as the app's hot reads are) again and again for `seconds`. One request = one pass over `statements`,
 * or over the next entry of `mix` when the route's statements vary (the search queries).
 */
export async function replay(databaseUrl: string, mix: CapturedStatement[][], connections: number, seconds: number): Promise<ReplayResult> {
  const clients = await Promise.all(Array.from({ length: connections }, async () => {
    const client = new pg.Client({ connectionString: databaseUrl, options: SHORT_QUERY_SETTINGS });
    await client.connect();
    return client;
  }));
  const samples: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  let next = 0;
  try {
    await Promise.all(clients.map(async (client) => {
      while (performance.now() < deadline) {
        const statements = mix[next++ % mix.length];
        const started = performance.now();
        for (const [i, s] of statements.entries()) {
          await client.query({ name: s.name ?? `replay-${mix.indexOf(statements)}-${i}`, text: s.text, values: s.values });
        }
        samples.push(performance.now() - started);
      }
    }));
  } finally {
    await Promise.all(clients.map((client) => client.end()));
  }
  samples.sort((a, b) => a - b);
  const at = (p: number) => samples[Math.min(samples.length - 1, Math.ceil((p / 100) * samples.length) - 1)] ?? Number.NaN;
  return { requestsPerSecond: samples.length / seconds, p50: at(50), p99: at(99), requests: samples.length };
}
