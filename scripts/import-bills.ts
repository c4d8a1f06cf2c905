/**
 * `npm run import:bills -- file.csv [--batches N] [--database-url URL]`: loads a billing run from CSV and
 * lists the rows it rejected. `--batches` loads N batches at once (default 2, for a two-core database server). Exit status: 0 all loaded or already there, 65 some rejected, 64 usage, 66 no file.
 */
import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import { readCommandLine } from './lib/command-line.js';
import { config } from '../infra/config.js';
import { DomainError } from '../domain/common/errors.js';
import { openOrm } from '../infra/database/orm.js';
import { BATCHES_AT_ONCE, batchesAtOnceProblem, importBillsCsv, MAX_BATCHES_AT_ONCE } from '../domain/billing/bill-import.js';

// Columns accountNumber,periodStart,periodEnd,issuedAt,dueDate,amountCents,usage (header
// required, any order; dates YYYY-MM-DD; amounts in integer cents). A bill already imported
// for its account and period is skipped, so the file can be run again once its bad rows are fixed.
const USAGE = `usage: npm run import:bills -- file.csv [--batches 1-${MAX_BATCHES_AT_ONCE}, default ${BATCHES_AT_ONCE}] [--database-url URL]`;

const { values, positionals } = readCommandLine({
  options: { 'database-url': { type: 'string' }, batches: { type: 'string' } },
  allowPositionals: true,
}, USAGE);
const batchesAtOnce = values.batches === undefined ? BATCHES_AT_ONCE : Number(values.batches);
// Checked here too, so a wrong value is refused before the database is opened.
const batchesProblem = batchesAtOnceProblem(batchesAtOnce, values.batches);
if (positionals.length !== 1 || batchesProblem) {
  if (batchesProblem) process.stderr.write(`import:bills: --batches: ${batchesProblem}\n`);
  process.stderr.write(`${USAGE}\n`);
  process.exit(64); // EX_USAGE
}
// npm runs scripts from the project folder; a relative path means the caller's folder.
const file = path.resolve(process.env.INIT_CWD ?? process.cwd(), positionals[0]);
if (!existsSync(file)) {
  process.stderr.write(`import:bills: no such file: ${file}\n`);
  process.exit(66); // EX_NOINPUT
}

// One connection per batch at once, and one to spare for the row-by-row fallback.
const orm = await openOrm(values['database-url'] ?? config().DATABASE_URL, { poolMax: Math.max(10, batchesAtOnce + 1) });
try {
  const report = await importBillsCsv(orm.em.fork(), createReadStream(file), { userId: null, name: `bill import (${path.basename(file)})` }, config().UTILITY_TIME_ZONE, { batchesAtOnce });
  process.stdout.write(`import:bills: ${report.rows} rows: ${report.loaded} loaded, ${report.alreadyImported} already imported, ${report.rejected.length} rejected\n`);
  for (const row of report.rejected) process.stdout.write(`line ${row.line}${row.accountNumber ? ` (${row.accountNumber})` : ''}: ${row.reason}\n`);
  process.exitCode = report.rejected.length ? 65 : 0; // EX_DATAERR
} catch (error) {
  if (!(error instanceof DomainError)) throw error;
  process.stderr.write(`import:bills: nothing loaded: ${error.message}\n`);
  process.exitCode = 65;
} finally {
  await orm.close();
}
