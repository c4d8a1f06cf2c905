/**
 * A billing run from CSV (`npm run import:bills -- file.csv`): every valid row loads and
 * every bad row is reported with its line number; a bad row never stops the others.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { parse } from 'csv-parse';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import { DomainError, Invalid } from '../common/errors.js';
import { normalizeAccountNumber } from '../accounts/account-number.js';
import { importBill } from './bills.js';
import type { Actor } from '../common/actor.js';

export const BILL_COLUMNS = ['accountNumber', 'periodStart', 'periodEnd', 'issuedAt', 'dueDate', 'amountCents', 'usage'] as const;

export interface RejectedRow { line: number; accountNumber: string | null; reason: string }
export interface BillImportReport { rows: number; loaded: number; alreadyImported: number; rejected: RejectedRow[] }

const wholeNumber = z.string().regex(/^\d{1,15}$/, 'a whole number, 0 or more').transform(Number);
const day = z.string().date('a date YYYY-MM-DD');
const BillRow = z.object({
  accountNumber: z.string().transform((v, ctx) => {
    const accountNumber = normalizeAccountNumber(v);
    if (accountNumber) return accountNumber;
    ctx.addIssue({ code: 'custom', message: 'not an account number like WU-10001' });
    return z.NEVER;
  }),
  periodStart: day, periodEnd: day, issuedAt: day, dueDate: day, amountCents: wholeNumber, usage: wholeNumber,
});

const CONCURRENCY = 8;

/** The header must name every column (any order, extra columns ignored); otherwise no row can be read. */
function checkHeader(header: string[]): string[] {
  const missing = BILL_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) throw new Invalid(`The header lacks ${missing.join(', ')}; expected ${BILL_COLUMNS.join(',')}.`);
  return header;
}

function reasonOf(error: unknown): string {
  if (error instanceof Invalid && Object.keys(error.fields).length) return Object.entries(error.fields).map(([f, m]) => `${f}: ${m}`).join('; ');
  if (error instanceof DomainError) return error.message;
  throw error;
}

/**
 * Loads a CSV stream of bills; `em` is forked per row. Each row is its own transaction
 * through `importBill` (balance and audit included), so a rerun of the same file after
 * fixing its bad rows loads only those: a bill already imported for its account and
 * period is recognised and skipped. Rows of one account load in file order; different
 * accounts load side by side. Throws only when the file as a whole cannot be read.
 */
export async function importBillsCsv(em: EntityManager, input: Readable, actor: Actor, timeZone: string): Promise<BillImportReport> {
  const report: BillImportReport = { rows: 0, loaded: 0, alreadyImported: 0, rejected: [] };
  const reject = (line: number, accountNumber: string | null, reason: string) => report.rejected.push({ line, accountNumber, reason });
  const parser = input.pipe(parse({
    columns: checkHeader, bom: true, trim: true, skip_empty_lines: true, info: true, skip_records_with_error: true,
  }));
  parser.on('skip', (error: Error & { lines?: number }) => { report.rows += 1; reject(error.lines ?? 0, null, error.message); });
  const chains = new Map<string, Promise<void>>();
  const inFlight = new Set<Promise<void>>();
  const load = async (line: number, raw: Record<string, string>): Promise<void> => {
    const parsed = BillRow.safeParse(raw);
    if (!parsed.success) {
      reject(line, raw.accountNumber || null, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
      return;
    }
    const { accountNumber, ...bill } = parsed.data;
    try {
      const { created } = await importBill(em.fork(), accountNumber, bill, actor, timeZone);
      if (created) report.loaded += 1; else report.alreadyImported += 1;
    } catch (error) {
      reject(line, accountNumber, reasonOf(error));
    }
  };
  for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    report.rows += 1;
    const key = normalizeAccountNumber(record.accountNumber ?? '') ?? `line ${info.lines}`;
    const next = (chains.get(key) ?? Promise.resolve()).then(() => load(info.lines, record));
    chains.set(key, next);
    const tracked = next.finally(() => { inFlight.delete(tracked); if (chains.get(key) === next) chains.delete(key); });
    inFlight.add(tracked);
    if (inFlight.size >= CONCURRENCY) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  report.rejected.sort((a, b) => a.line - b.line);
  return report;
}
