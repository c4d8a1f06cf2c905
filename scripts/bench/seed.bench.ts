import { performance } from 'node:perf_hooks';
import { dropDatabase } from '../../domain/database-admin.js';
import { migrateDatabase } from '../../domain/migrate.js';
import { seedDatabase } from '../seed/seed-database.js';
import type { Bench } from './bench-kit.js';

/** Issue 2: `npm run seed -- --accounts 100000` must finish in under 3 minutes; it also prepares the read benchmarks' data. */
export const seedBench: Bench = {
  key: 'seed',
  async run({ databaseUrl, accounts, log }) {
    await dropDatabase(databaseUrl);
    await migrateDatabase(databaseUrl);
    log(`seeding ${accounts} accounts…`);
    const started = performance.now();
    const counts = await seedDatabase({ databaseUrl, accounts, reset: true, log });
    const seconds = (performance.now() - started) / 1000;
    const rowTotal = Object.values(counts).reduce((sum, n) => sum + n, 0);
    return {
      title: `Demo data: ${accounts.toLocaleString('en-US')} accounts, 24 months of history`,
      rows: [
        { metric: 'seed wall time', value: `${seconds.toFixed(1)} s`, target: '< 180 s', pass: seconds < 180 },
        { metric: 'rows written', value: rowTotal.toLocaleString('en-US') },
        { metric: 'rows per second', value: Math.round(rowTotal / seconds).toLocaleString('en-US') },
      ],
      notes: [Object.entries(counts).map(([table, n]) => `${table} ${n.toLocaleString('en-US')}`).join(', ')],
    };
  },
};
