/**
 * Loads the demo data into a migrated database: `seedDatabase()` for the launcher and
 * tests, `npm run seed` (scripts/seed.ts) for people.
 *
 * One transaction: an interrupted seed leaves nothing behind, and a second seeder
 * waiting on the advisory lock sees the first one's accounts and stands down. Accounts
 * are generated in chunks and each chunk is COPYed table by table (parents first), so
 * memory stays flat; ids are assigned by the generator and the sequences are moved past
 * them at the end. Secondary indexes, keys and the name-word trigger are set aside for the
 * load and built after it (secondary-indexes.ts, keys.ts, name-words.ts).
 */
import pg from 'pg';
import { config } from '../../infra/config.js';
import type { SeedContext } from './context.js';
import { inProcessChunks, workerChunks, type ChunkPlan } from './chunks.js';
import { copyText } from './copy-writer.js';
import { deferForeignKeyChecks, verifyForeignKeys } from './foreign-keys.js';
import { addMonthsToDay, dayFromIso } from './days.js';
import { refuseDemoDataInProduction } from './demo-users.js';
import { ensureDemoConsumer, ensureDemoUsers, insertTechnicians } from './reference-rows.js';
import { ACCOUNT_TABLES, type AccountTable } from './rows.js';
import { dropIndexes, rebuildIndexes, secondaryIndexes } from './secondary-indexes.js';
import { dropKeys, keysOf, restoreForeignKeys, restoreKeys } from './keys.js';
import { fillNameWords, setAsideNameWordTrigger } from './name-words.js';

export interface SeedOptions {
  databaseUrl?: string;
  accounts?: number;
  seed?: number;
  months?: number;
  /** YYYY-MM-DD; default today (UTC). */
  asOf?: string;
  reset?: boolean;
  /** Skip per-row foreign-key triggers and verify set-based instead, when allowed (default true). */
  deferForeignKeys?: boolean;
  /** Drop the seeded tables' secondary indexes and keys for the load and add them back after it (default true). */
  rebuildIndexes?: boolean;
  /** Generate rows in a worker thread, overlapping the load (default true). */
  worker?: boolean;
  /** Accounts generated and COPYed per round. */
  chunkSize?: number;
  /** The utility's time zone for payment allocations; default config UTILITY_TIME_ZONE. */
  timeZone?: string;
  /** Receives progress lines; default: none. */
  log?: (line: string) => void;
}

export interface SeedResult {
  seeded: boolean;
  /** Why nothing was done, when seeded is false. */
  reason?: string;
  /** Rows inserted per table. */
  counts: Record<string, number>;
  /** Milliseconds spent generating rows and COPYing each table: where the time goes. */
  timings: Record<string, number>;
  elapsedMs: number;
}

const LOCK_KEY = 7_340_101; // any constant: serialises concurrent seeders of one database
const MIGRATIONS_TABLE = 'mikro_orm_migrations';
/**
 * Tables whose rows describe the installation, not its data: made by the migrations, kept by a reset.
 * (A reset that emptied `deployment` left a database where no service order could start.)
 */
const INSTALLATION_TABLES = [MIGRATIONS_TABLE, 'deployment'];

export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

async function domainTables(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ tablename: string }>(
    `select tablename from pg_tables where schemaname = 'public' and tablename <> all($1) order by tablename`, [INSTALLATION_TABLES],
  );
  return rows.map((r) => r.tablename);
}

async function resetTables(client: pg.ClientBase): Promise<void> {
  const tables = await domainTables(client);
  if (tables.length > 0) await client.query(`truncate ${tables.map((t) => `"${t}"`).join(', ')} restart identity cascade`);
}

/**
 * Whether there is data the seed would collide with. Every table it fills hangs off
 * `account` except `meter`, so those two tell. Users and technicians may exist: the
 * demo users are added beside them.
 */
async function holdsConsumerData(client: pg.ClientBase): Promise<boolean> {
  const { rows } = await client.query<{ found: boolean }>(
    'select exists (select 1 from account) or exists (select 1 from meter) as found',
  );
  return rows[0].found;
}

async function lastIds(client: pg.ClientBase): Promise<Partial<Record<AccountTable, number>>> {
  const found: Partial<Record<AccountTable, number>> = {};
  for (const table of ACCOUNT_TABLES) {
    const { rows } = await client.query<{ max: number | null }>(`select max(id) as max from "${table}"`);
    found[table] = rows[0].max ?? 0;
  }
  return found;
}

/** Moves every id sequence past the largest id, so the app's next insert does not collide with seeded rows. */
async function advanceSequences(client: pg.ClientBase): Promise<void> {
  const { rows } = await client.query<{ table_name: string; column_name: string; seq: string }>(`
    select c.table_name, c.column_name, pg_get_serial_sequence(quote_ident(c.table_name), c.column_name) as seq
    from information_schema.columns c
    where c.table_schema = 'public' and c.column_default like 'nextval(%'`);
  for (const { table_name, column_name, seq } of rows) {
    await client.query(`select setval($1, coalesce((select max("${column_name}") from "${table_name}"), 0) + 1, false)`, [seq]);
  }
}

async function loadAccounts(client: pg.ClientBase, context: SeedContext, options: Settings, counts: Record<string, number>, timings: Record<string, number>): Promise<void> {
  const plan: ChunkPlan = { context, lastIds: await lastIds(client), chunkSize: options.chunkSize };
  const chunks = options.worker === false ? inProcessChunks(plan) : workerChunks(plan);
  const started = Date.now();
  for await (const chunk of chunks) {
    timings.generate = (timings.generate ?? 0) + chunk.generateMs;
    for (const { table, columns, bytes, rows } of chunk.tables) {
      const mark = Date.now();
      await copyText(client, table, columns, bytes, options.reset === true);
      timings[table] = (timings[table] ?? 0) + Date.now() - mark;
      counts[table] = (counts[table] ?? 0) + rows;
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    options.log?.(`seed: ${chunk.last}/${context.accounts} accounts (${Math.floor((chunk.last * 100) / context.accounts)}%) in ${seconds}s`);
  }
}

/** The options with their defaults, or a RangeError naming the bad one. */
export function checkSeedOptions(options: SeedOptions) {
  const accounts = options.accounts ?? 1000;
  const seed = options.seed ?? 42;
  const months = options.months ?? 24;
  const asOf = options.asOf ?? todayUtc();
  if (!Number.isSafeInteger(accounts) || accounts < 1) throw new RangeError(`accounts must be a positive integer, got ${accounts}`);
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  if (!Number.isSafeInteger(months) || months < 1 || months > 360) throw new RangeError(`months must be 1..360, got ${months}`);
  return { accounts, seed: seed >>> 0, months, asOfDay: dayFromIso(asOf), chunkSize: options.chunkSize ?? 1000 };
}

type Settings = ReturnType<typeof checkSeedOptions> & SeedOptions;

/** Everything inside the transaction after the decision to seed: reference rows, accounts, checks, sequences. */
async function load(client: pg.ClientBase, settings: Settings, counts: Record<string, number>, timings: Record<string, number>): Promise<void> {
  const { seed, asOfDay, months, accounts } = settings;
  const createdDay = addMonthsToDay(asOfDay, -months) - 30;
  const { users, inserted } = await ensureDemoUsers(client, config().DEMO_PASSWORD, createdDay);
  const crew = await insertTechnicians(client, seed, createdDay);
  counts.app_user = inserted;
  counts.technician = crew.inserted;
  const rebuild = settings.rebuildIndexes !== false;
  const deferred = settings.deferForeignKeys !== false && (await deferForeignKeyChecks(client));
  const setAside = rebuild ? await secondaryIndexes(client, ACCOUNT_TABLES) : [];
  const keys = rebuild ? await keysOf(client, ACCOUNT_TABLES) : { keys: [], foreignKeys: [] };
  await dropIndexes(client, setAside);
  await dropKeys(client, keys);
  await setAsideNameWordTrigger(client);
  await loadAccounts(client, { seed, asOfDay, months, accounts, users, technicians: crew.assignable, timeZone: settings.timeZone ?? config().UTILITY_TIME_ZONE }, settings, counts, timings);
  await timed(timings, 'name words', () => fillNameWords(client));
  await timed(timings, 'indexes', async () => {
    await restoreKeys(client, keys, settings.log);
    await rebuildIndexes(client, setAside, settings.log);
  });
  await timed(timings, 'verify', async () => {
    // Foreign keys added back are checked as they are added; otherwise each is verified here.
    if (rebuild) await restoreForeignKeys(client, keys, settings.log);
    else if (deferred) await verifyForeignKeys(client, ACCOUNT_TABLES);
  });
  counts.app_user += await ensureDemoConsumer(client, config().DEMO_PASSWORD, asOfDay - 30);
  await timed(timings, 'sequences', () => advanceSequences(client));
}

async function timed(timings: Record<string, number>, name: string, work: () => Promise<unknown>): Promise<void> {
  const started = Date.now();
  await work();
  timings[name] = (timings[name] ?? 0) + Date.now() - started;
}

export async function seedDatabase(options: SeedOptions = {}): Promise<SeedResult> {
  const started = Date.now();
  refuseDemoDataInProduction(config().NODE_ENV);
  const settings: Settings = { ...options, ...checkSeedOptions(options) };
  const client = new pg.Client({ connectionString: options.databaseUrl ?? config().DATABASE_URL });
  await client.connect();
  const counts: Record<string, number> = {};
  const timings: Record<string, number> = {};
  try {
    await client.query('begin');
    await client.query('select pg_advisory_xact_lock($1)', [LOCK_KEY]);
    if (settings.reset) await resetTables(client);
    else if (await holdsConsumerData(client)) {
      await client.query('rollback');
      const reason = 'the database already holds accounts (or meters); nothing seeded (use --reset to replace them)';
      return { seeded: false, reason, counts, timings, elapsedMs: Date.now() - started };
    }
    await load(client, settings, counts, timings);
    await timed(timings, 'commit', () => client.query('commit'));
    // Fresh statistics now, so the app's first queries get good plans without waiting for autovacuum;
    // and the search tables vacuumed, which merges their GIN indexes' pending lists that every search would read.
    // `name_word_deletion` is filled by one statement after the load, not by a COPY: the search's typo
    // lookups read it, and without statistics the planner guessed its size.
    await timed(timings, 'analyze', async () => {
      await client.query('vacuum (analyze) account, meter, name_word_deletion');
      await client.query(`analyze ${['app_user', 'technician', ...ACCOUNT_TABLES.filter((t) => t !== 'account' && t !== 'meter')].map((t) => `"${t}"`).join(', ')}`);
    });
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
  return { seeded: true, counts, timings, elapsedMs: Date.now() - started };
}
