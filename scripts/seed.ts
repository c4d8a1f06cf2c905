/**
 * `npm run seed -- [--accounts N] [--seed S] [--months M] [--as-of YYYY-MM-DD] [--reset] [--database-url URL]`
 * Fills the database with deterministic demo data (scripts/seed/). Without --reset it
 * does nothing when accounts exist, so the launcher can run it on every start. The database is
 * created and migrated first when it needs to be, so a new one can be seeded straight away.
 */
import { readCommandLine } from './lib/command-line.js';
import { config } from '../infra/config.js';
import { migrateDatabase } from '../infra/database/migrate.js';
import { refuseDemoDataInProduction } from './seed/demo-users.js';
import { checkSeedOptions, seedDatabase, todayUtc } from './seed/seed-database.js';

const USAGE = 'usage: npm run seed -- [--accounts N] [--seed S] [--months M] [--as-of YYYY-MM-DD] [--reset] [--database-url URL]';

function integer(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^-?\d+$/.test(text)) {
    process.stderr.write(`--${name} must be an integer, got "${text}"\n${USAGE}\n`);
    process.exit(64); // EX_USAGE
  }
  return Number(text);
}

const { values } = readCommandLine({
  options: {
    accounts: { type: 'string' },
    seed: { type: 'string' },
    months: { type: 'string' },
    'as-of': { type: 'string' },
    reset: { type: 'boolean', default: false },
    'database-url': { type: 'string' },
  },
}, USAGE);

// Before the configuration is even read: demo users never reach a production database.
try {
  refuseDemoDataInProduction(process.env.NODE_ENV);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(78); // EX_CONFIG
}

const options = {
  accounts: integer('accounts', values.accounts, 1000),
  seed: integer('seed', values.seed, 42),
  months: integer('months', values.months, 24),
  asOf: values['as-of'] ?? todayUtc(),
  reset: values.reset,
  databaseUrl: values['database-url'],
  log: (line: string) => process.stdout.write(`${line}\n`),
};

try {
  checkSeedOptions(options);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
  process.exit(64);
}
process.stdout.write(`seed: ${options.accounts} accounts, seed ${options.seed}, ${options.months} months up to ${options.asOf}${options.reset ? ', after reset' : ''}\n`);
const applied = await migrateDatabase(options.databaseUrl ?? config().DATABASE_URL);
if (applied.length) process.stdout.write(`seed: applied ${applied.length} migrations first\n`);
const result = await seedDatabase(options);
if (!result.seeded) {
  process.stdout.write(`seed: ${result.reason}\n`);
} else {
  const total = Object.values(result.counts).reduce((s, n) => s + n, 0);
  for (const [table, count] of Object.entries(result.counts)) {
    const ms = result.timings[table];
    process.stdout.write(`  ${table.padEnd(26)} ${String(count).padStart(9)}${ms === undefined ? '' : `  ${(ms / 1000).toFixed(1)}s`}\n`);
  }
  const other = ['generate', 'name words', 'indexes', 'verify', 'sequences', 'commit', 'analyze'].map((k) => `${k} ${((result.timings[k] ?? 0) / 1000).toFixed(1)}s`);
  process.stdout.write(`  (${other.join(', ')}; generation runs alongside the COPYs)\n`);
  process.stdout.write(`seed: ${total} rows in ${(result.elapsedMs / 1000).toFixed(1)}s\n`);
  // maxRSS is in KiB and covers the whole process: the main thread, the generator thread and the COPY buffers.
  process.stdout.write(`seed: peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB\n`);
}
