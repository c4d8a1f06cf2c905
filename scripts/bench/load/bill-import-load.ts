/**
 * Issue 12's import target: the production import command (`npm run start:import-bills`, the compiled
 * `dist/scripts/import-bills.js`) on a CSV with one bill per account, timed as an operator runs it: the whole
 * command, start-up included. The load bench builds `dist/` first, and measures the import's database work alone beside it
 * (bill-import-floor.ts) on the same kind of rows. Two files:
 * - a billing run (the target): each account's next period, after its last billed one, issued today and due
 *   in 21 days, as the utility's billing system sends them every cycle;
 * - a backfill (the worst case, no target): a period long before the seeded history, different each run, so
 *   each bill comes first in its ledger and the import replays every allocation of the account.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { createWriteStream, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { db } from '../../../domain/common/database.js';
import { spawn } from 'node:child_process';
import { outputOf } from '../../lib/processes.js';
import { PROJECT_ROOT } from '../../lib/project-paths.js';
import type { BillRowInput } from '../../../domain/billing/bill-batch.js';

export interface ImportResult {
  rows: number;
  seconds: number;
  exitCode: number;
  output: string;
}

export type ImportKind = 'billing run' | 'backfill';

interface BillDays { start: string; end: string; issued: string; due: string }

/** A month between 1990 and 2009, picked from the clock so reruns do not collide with an earlier run's bills. */
function unusedPeriod(): BillDays {
  const index = Math.floor(Date.now() / 60_000) % 240;
  const year = 1990 + Math.floor(index / 12);
  const month = String((index % 12) + 1).padStart(2, '0');
  return { start: `${year}-${month}-01`, end: `${year}-${month}-28`, issued: `${year}-${month}-28`, due: `${year + (month === '12' ? 1 : 0)}-${month === '12' ? '01' : String(Number(month) + 1).padStart(2, '0')}-20` };
}

const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The period after the account's last billed one, up to yesterday (28 days when it is billed up to today already: a rerun). */
function nextPeriod(lastEnd: string | null, today: string): BillDays {
  const start = lastEnd ? addDays(lastEnd, 1) : addDays(today, -28);
  const yesterday = addDays(today, -1);
  return { start, end: start <= yesterday ? yesterday : addDays(start, 27), issued: today, due: addDays(today, 21) };
}

/** A CSV of bills, written for the command to read, and the same rows as the import checks them (for the floor). */
export interface ImportFile { file: string; rows: BillRowInput[] }

/**
 * Writes the CSV of the first `limit` accounts (by id): each account's next period for a billing run, or one
 * period before the history for a backfill. Reading the accounts' last periods is not timed.
 */
export async function writeImportFile(em: EntityManager, limit: number, kind: ImportKind, today: string): Promise<ImportFile> {
  const accounts = await db(em).selectFrom('account as a')
    .select(['a.account_number', (eb) => eb.selectFrom('bill as b').select((b) => b.fn.max('b.period_end').as('last')).whereRef('b.account_id', '=', 'a.id').as('last_end')])
    .orderBy('a.id').limit(limit).execute();
  const backfill = unusedPeriod();
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'cistern-import-')), 'bills.csv');
  const out = createWriteStream(file);
  out.write('accountNumber,periodStart,periodEnd,issuedAt,dueDate,amountCents,usage\n');
  const rows: BillRowInput[] = [];
  for (const [i, { account_number, last_end }] of accounts.entries()) {
    const period = kind === 'backfill' ? backfill : nextPeriod(last_end as string | null, today);
    const bill = { periodStart: period.start, periodEnd: period.end, issuedAt: period.issued, dueDate: period.due, amountCents: 2000 + (i % 9000), usage: 10 + (i % 40) };
    rows.push({ line: i + 2, accountNumber: account_number, bill });
    if (!out.write(`${account_number},${bill.periodStart},${bill.periodEnd},${bill.issuedAt},${bill.dueDate},${bill.amountCents},${bill.usage}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return { file, rows };
}

/** Runs the compiled command on `file`, timed as an operator runs it: the whole command, start-up included. */
export async function importBillsLoad(databaseUrl: string, { file, rows }: ImportFile): Promise<ImportResult> {
  const command = path.join(PROJECT_ROOT, 'dist/scripts/import-bills.js');
  if (!existsSync(command)) throw new Error('dist/scripts/import-bills.js is missing: run `npm run build` first');
  const started = performance.now();
  const { code: exitCode, output } = await outputOf(spawn(process.execPath, [command, file, '--database-url', databaseUrl], { stdio: ['ignore', 'pipe', 'pipe'] }));
  return { rows: rows.length, seconds: (performance.now() - started) / 1000, exitCode, output };
}
