/**
 * A billing run from CSV (`npm run import:bills -- file.csv`): every valid row loads and
 * every bad row is reported with its line number; a bad row never stops the others.
 * Rows load in batches (domain/billing/bill-batch.ts), two at a time: a few set-based statements per
 * batch instead of a transaction per row, ending in the state row-by-row `importBill` would leave
 * (bill and audit ids aside: two batches take them from their sequences at the same time).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { parse } from 'csv-parse';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { DomainError, Invalid } from '../common/errors.js';
import { isDataRefusal } from '../common/database-refusal.js';
import { isCalendarDay } from '../common/date-input.js';
import { MAX_AMOUNT_CENTS } from '../common/money.js';
import { normalizeAccountNumber } from '../accounts/account-number.js';
import { checkBill, importBill } from './bills.js';
import { loadRound, rounds, type BillRowInput, type RowOutcome } from './bill-batch.js';
import type { Actor } from '../common/actor.js';
import { utilityIsoDay } from '../common/calendar.js';
import { int4Count } from '../common/row-id.js';

export const BILL_COLUMNS = ['accountNumber', 'periodStart', 'periodEnd', 'issuedAt', 'dueDate', 'amountCents', 'usage'] as const;

export interface RejectedRow { line: number; accountNumber: string | null; reason: string }
export interface BillImportReport { rows: number; loaded: number; alreadyImported: number; rejected: RejectedRow[] }

const wholeNumber = z.string().regex(/^\d{1,15}$/, 'a whole number, 0 or more').transform(Number);
const cents = wholeNumber.pipe(z.number().max(MAX_AMOUNT_CENTS, `at most ${MAX_AMOUNT_CENTS} cents`));
/** A calendar day in the years the API accepts: `0000-01-01` would otherwise reach PostgreSQL, which has no year 0. */
const day = z.string().refine(isCalendarDay, 'a date YYYY-MM-DD, years 1900 to 2999');
const BillRow = z.object({
  accountNumber: z.string().transform((v, ctx) => {
    const accountNumber = normalizeAccountNumber(v);
    if (accountNumber) return accountNumber;
    ctx.addIssue({ code: 'custom', message: 'not an account number like WU-10001' });
    return z.NEVER;
  }),
  // usage is an int4 column: a bigger number would be refused by PostgreSQL, not named as this row's fault.
  periodStart: day, periodEnd: day, issuedAt: day, dueDate: day, amountCents: cents, usage: wholeNumber.pipe(int4Count()),
});

/** Rows per batch transaction: big enough that statements, not round trips, dominate; small enough to keep locks short. */
const BATCH_ROWS = 5000;
/**
 * Batches loading at once by default, each in its own transaction on its own connection. The work is
 * PostgreSQL's (the importing process waits on it most of the time), and one batch keeps one of its cores
 * busy: 2 suits a two-core database server; a larger one takes more (`--batches`, docs/operations.md).
 */
export const BATCHES_AT_ONCE = 2;
/** The most batches at once: each holds a connection of the pool for its whole transaction. */
export const MAX_BATCHES_AT_ONCE = 16;

/**
 * Why `batchesAtOnce` cannot be used, or null when it can: the command line and `importBillsCsv` both ask.
 * `given` is the value as the user typed it, for the message (`--batches abc` reads better than NaN).
 */
export function batchesAtOnceProblem(batchesAtOnce: number, given: string = String(batchesAtOnce)): string | null {
  if (Number.isInteger(batchesAtOnce) && batchesAtOnce >= 1 && batchesAtOnce <= MAX_BATCHES_AT_ONCE) return null;
  return `Batches at once must be a whole number from 1 to ${MAX_BATCHES_AT_ONCE}, got ${given}.`;
}

/** A batch on its way, with its accounts: a later batch with one of them waits for it, so an account's rows load in file order. */
interface BatchInFlight { accounts: Set<string>; done: Promise<void> }

/**
 * Loads batches `atOnce` at a time. `load` records a batch's outcomes; `drain` waits for the
 * rest and throws the first failure (a batch's failure is kept until then rather than left unhandled).
 */
function batchPipeline(atOnce: number, load: (batch: BillRowInput[]) => Promise<void>) {
  const inFlight = new Set<BatchInFlight>();
  const send = async (batch: BillRowInput[]) => {
    const accounts = new Set(batch.map((row) => row.accountNumber));
    for (const earlier of [...inFlight]) {
      if (batch.some((row) => earlier.accounts.has(row.accountNumber))) await earlier.done;
    }
    while (inFlight.size >= atOnce) await Promise.race([...inFlight].map((b) => b.done));
    const entry: BatchInFlight = { accounts, done: load(batch) };
    inFlight.add(entry);
    entry.done.then(() => inFlight.delete(entry), () => undefined);
  };
  const drain = async () => {
    await Promise.all([...inFlight].map((b) => b.done));
  };
  return { send, drain };
}

/** The header must name every column (any order, extra columns ignored); otherwise no row can be read. */
function checkHeader(header: string[]): string[] {
  const missing = BILL_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) throw new Invalid(`The header lacks ${missing.join(', ')}; expected ${BILL_COLUMNS.join(',')}.`);
  return header;
}

/** Why a row was refused; an error that is not the row's fault (the database down) stops the run instead. */
function reasonOf(error: unknown): string {
  if (error instanceof Invalid && Object.keys(error.fields).length) return Object.entries(error.fields).map(([f, m]) => `${f}: ${m}`).join('; ');
  if (error instanceof DomainError) return error.message;
  if (isDataRefusal(error)) return `the database refused a value of this row (${(error as Error).message})`;
  throw error;
}

/** One row through `importBill` (its own transaction): the fallback when a batch fails as a whole. */
async function loadOne(em: EntityManager, row: BillRowInput, actor: Actor, timeZone: string): Promise<RowOutcome> {
  try {
    const { created } = await importBill(em.fork(), row.accountNumber, row.bill, actor, timeZone);
    return { line: row.line, accountNumber: row.accountNumber, result: created ? 'loaded' : 'already' };
  } catch (error) {
    return { line: row.line, accountNumber: row.accountNumber, result: 'rejected', reason: reasonOf(error) };
  }
}

/** A batch, round by round, each round one transaction; a round the database refuses as a whole is retried row by row. */
async function loadBatch(em: EntityManager, batch: BillRowInput[], actor: Actor, timeZone: string): Promise<RowOutcome[]> {
  const outcomes: RowOutcome[] = [];
  for (const round of rounds(batch)) {
    try {
      outcomes.push(...await em.fork().transactional((tx) => loadRound(tx, round, actor, timeZone)));
    } catch (error) {
      if (error instanceof DomainError) throw error;
      for (const row of round) outcomes.push(await loadOne(em, row, actor, timeZone));
    }
  }
  return outcomes;
}

/**
 * Loads a CSV stream of bills. Every row is checked on its own (fields, then the bill's rules); the valid ones
 * load in batches with their balance, allocations and audit, so a rerun of the same file after fixing its bad
 * rows loads only those: a bill already imported for its account and period is recognised and skipped. Rows of
 * one account load in file order. `timeZone` is the utility's (credit applied to a new bill is dated in it);
 * `batchRows` sets the batch size (tests make it small to load many batches at once), `batchesAtOnce` how many
 * load at the same time (1 to MAX_BATCHES_AT_ONCE). Throws only when the file as a whole cannot be read.
 */
export async function importBillsCsv(
  em: EntityManager, input: Readable, actor: Actor, timeZone: string,
  { batchRows = BATCH_ROWS, batchesAtOnce = BATCHES_AT_ONCE }: { batchRows?: number; batchesAtOnce?: number } = {},
): Promise<BillImportReport> {
  const problem = batchesAtOnceProblem(batchesAtOnce);
  if (problem) throw new Invalid(problem);
  const report: BillImportReport = { rows: 0, loaded: 0, alreadyImported: 0, rejected: [] };
  const reject = (line: number, accountNumber: string | null, reason: string) => report.rejected.push({ line, accountNumber, reason });
  const today = utilityIsoDay(new Date(), timeZone);
  const parser = input.pipe(parse({
    columns: checkHeader, bom: true, trim: true, skip_empty_lines: true, info: true, skip_records_with_error: true,
  }));
  parser.on('skip', (error: Error & { lines?: number }) => { report.rows += 1; reject(error.lines ?? 0, null, error.message); });
  const batches = batchPipeline(batchesAtOnce, async (rows) => {
    for (const outcome of await loadBatch(em, rows, actor, timeZone)) {
      if (outcome.result === 'rejected') reject(outcome.line, outcome.accountNumber, outcome.reason);
      else if (outcome.result === 'loaded') report.loaded += 1;
      else report.alreadyImported += 1;
    }
  });
  let batch: BillRowInput[] = [];
  const flush = async () => {
    const rows = batch;
    batch = [];
    await batches.send(rows);
  };
  for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    report.rows += 1;
    const parsed = BillRow.safeParse(record);
    if (!parsed.success) {
      reject(info.lines, record.accountNumber || null, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      continue;
    }
    const { accountNumber, ...bill } = parsed.data;
    try {
      checkBill(bill, today);
    } catch (error) {
      reject(info.lines, accountNumber, reasonOf(error));
      continue;
    }
    batch.push({ line: info.lines, accountNumber, bill });
    if (batch.length >= batchRows) await flush();
  }
  if (batch.length) await flush();
  await batches.drain();
  report.rejected.sort((a, b) => a.line - b.line);
  return report;
}
