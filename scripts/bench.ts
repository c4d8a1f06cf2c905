/**
 * `npm run bench [-- key …]`: runs the benchmarks (all, or those named) against a
 * 100,000-account database and writes their results into BENCHMARKS.md with the
 * machine and the date. Sections of benchmarks not run this time are kept.
 */
import { cpus, totalmem } from 'node:os';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Bench, BenchSection } from './bench/bench-kit.js';
import { profileBench } from './bench/profile.bench.js';
import { dashboardBench } from './bench/dashboard.bench.js';
import { searchBench } from './bench/search.bench.js';
import { seedBench } from './bench/seed.bench.js';
import { serviceOrdersBench } from './bench/service-orders.bench.js';
import { PROJECT_ROOT } from './lib/project-paths.js';
import { notificationsBench } from './bench/notifications.bench.js';
import { metricsBench } from './bench/metrics.bench.js';
import { timelineBench } from './bench/timeline.bench.js';
import { loadBench } from './bench/load.bench.js';

const BENCHES: Bench[] = [seedBench, dashboardBench, searchBench, profileBench, serviceOrdersBench];
BENCHES.push(notificationsBench, metricsBench, timelineBench);
BENCHES.push(loadBench);

const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/cistern_bench';
const accounts = Number(process.env.BENCH_ACCOUNTS ?? 100_000);
const wanted = process.argv.slice(2);
const file = path.join(PROJECT_ROOT, 'BENCHMARKS.md');

async function postgresVersion(): Promise<string> {
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rows } = await client.query<{ server_version: string }>('show server_version');
    return rows[0].server_version;
  } finally {
    await client.end();
  }
}

function render(section: BenchSection, key: string, when: string): string {
  const lines = [`<!-- bench:${key} -->`, `## ${section.title}`, '', `_Measured ${when}._`, '', '| metric | value | target | |', '|---|---|---|---|'];
  for (const row of section.rows) {
    lines.push(`| ${row.metric} | ${row.value} | ${row.target ?? ''} | ${row.pass === undefined ? '' : row.pass ? 'pass' : '**FAIL**'} |`);
  }
  for (const note of section.notes ?? []) lines.push('', note);
  lines.push(`<!-- /bench:${key} -->`);
  return lines.join('\n');
}

function merge(existing: string, key: string, rendered: string): string {
  const pattern = new RegExp(`<!-- bench:${key} -->[\\s\\S]*?<!-- /bench:${key} -->`);
  return pattern.test(existing) ? existing.replace(pattern, rendered) : `${existing.trimEnd()}\n\n${rendered}\n`;
}

const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, PostgreSQL ${await postgresVersion()}`;
const selected = wanted.length ? BENCHES.filter((bench) => wanted.includes(bench.key)) : BENCHES;
let document = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n\nWritten by `npm run bench`; each section says when and where it was measured.\n';
for (const bench of selected) {
  process.stdout.write(`bench ${bench.key}…\n`);
  const section = await bench.run({ databaseUrl, accounts, log: (line) => process.stdout.write(`  ${line}\n`) });
  const when = `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine}`;
  document = merge(document, bench.key, render(section, bench.key, when));
  writeFileSync(file, document);
  for (const row of section.rows) process.stdout.write(`  ${row.metric}: ${row.value}${row.target ? ` (target ${row.target})` : ''}\n`);
}
process.exit(0);
