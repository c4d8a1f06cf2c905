/**
 * Issue 12's import target: the production import command (`npm run start:import-bills`, the compiled
 * `dist/scripts/import-bills.js`) on a CSV with one bill per account for one billing period (a period
 * long before the seeded history, different each run, so nothing is skipped), timed as an operator runs
 * it: the whole command, start-up included. The load bench builds `dist/` first.
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

/** A month between 1990 and 2009, picked from the clock so reruns do not collide with an earlier run's bills. */
function unusedPeriod(): { start: string; end: string; issued: string; due: string } {
  const index = Math.floor(Date.now() / 60_000) % 240;
  const year = 1990 + Math.floor(index / 12);
  const month = String((index % 12) + 1).padStart(2, '0');
  return { start: `${year}-${month}-01`, end: `${year}-${month}-28`, issued: `${year}-${month}-28`, due: `${year + (month === '12' ? 1 : 0)}-${month === '12' ? '01' : String(Number(month) + 1).padStart(2, '0')}-20` };
}

export async function importBillsLoad(em: EntityManager, databaseUrl: string, limit: number): Promise<ImportResult> {
  const accounts = await db(em).selectFrom('account').select('account_number').orderBy('id').limit(limit).execute();
  const period = unusedPeriod();
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'cistern-import-')), 'bills.csv');
  const out = createWriteStream(file);
  out.write('accountNumber,periodStart,periodEnd,issuedAt,dueDate,amountCents,usage\n');
  for (const [i, { account_number }] of accounts.entries()) {
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
