/**
 * Issue 12's import target: the production import command (`npm run start:import-bills`, the compiled
 * `dist/scripts/import-bills.js`) on a CSV with one bill per account, timed as an operator runs it: the whole
 * command, start-up included. The load bench builds `dist/` first. Two files:
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

export async function importBillsLoad(em: EntityManager, databaseUrl: string, limit: number, kind: ImportKind, today: string): Promise<ImportResult> {
  const accounts = await db(em).selectFrom('account as a')
    .select(['a.account_number', (eb) => eb.selectFrom('bill as b').select((b) => b.fn.max('b.period_end').as('last')).whereRef('b.account_id', '=', 'a.id').as('last_end')])
    .orderBy('a.id').limit(limit).execute();
  const backfill = unusedPeriod();
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'cistern-import-')), 'bills.csv');
  const out = createWriteStream(file);
  out.write('accountNumber,periodStart,periodEnd,issuedAt,dueDate,amountCents,usage\n');
  for (const [i, { account_number, last_end }] of accounts.entries()) {
    const period = kind === 'backfill' ? backfill : nextPeriod(last_end as string | null, today);
    if (!out.write(`${account_number},${period.start},${period.end},${period.issued},${period.due},${2000 + (i % 9000)},${10 + (i % 40)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  const started = performance.now();
  const command = path.join(PROJECT_ROOT, 'dist/scripts/import-bills.js');
  if (!existsSync(command)) throw new Error('dist/scripts/import-bills.js is missing: run `npm run build` first');
  const { code: exitCode, output } = await outputOf(spawn(process.execPath, [command, file, '--database-url', databaseUrl], { stdio: ['ignore', 'pipe', 'pipe'] }));
  return { rows: accounts.length, seconds: (performance.now() - started) / 1000, exitCode, output };
}
