// What the parts of the account fixture share: dates counted back from "as of", one typed
// row insert, and the shapes of what the fixture returns.
import type { Insertable } from 'kysely';
import type { Database, Db } from '../../domain/shared/database.js';
import type { PaymentMethod, PaymentStatus, ReadingFlag, VerificationStatus } from '../../domain/shared/enums.js';

export interface FixtureBill { id: number; periodStart: Date; periodEnd: Date; issuedAt: Date; dueDate: Date; amountCents: number; usage: number }
export interface FixturePayment { id: number; billId: number | null; reference: string; paidAt: Date; amountCents: number; method: PaymentMethod; status: PaymentStatus }
export interface FixtureReading { id: number; readAt: Date; value: number; consumption: number | null; verificationStatus: VerificationStatus; flags: ReadingFlag[] }
export interface FixtureOrder { id: number; orderNumber: string; status: string; overdue: boolean; rating: number | null }
export interface FixtureNote { thread: string; versions: string[] }

export interface HistoryInput {
  accountId: number; meterId: number; meterNumber: string; tag: string; asOf: Date;
  months: number; records: boolean; staleComplaint: boolean; baseUsage: number;
}

const DAY = 86_400_000;
export const daysBefore = (asOf: Date, days: number) => new Date(Date.UTC(asOf.getUTCFullYear(), asOf.getUTCMonth(), asOf.getUTCDate()) - days * DAY);
export const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** The tables with a numeric `id` key, the ones `insertRow` can answer for. */
type TableWithId = { [T in keyof Database]: Database[T] extends { id: unknown } ? T : never }[keyof Database];

/**
 * A row to insert, typed by the table's entity. The serial `id` and the `version` counter
 * come from the database's defaults; the inferred types do not know that, so they are left out here.
 */
export type NewRow<T extends TableWithId> = Omit<Insertable<Database[T]>, 'id' | 'version'> & { version?: number };

/** Inserts one row and returns its id. */
export async function insertRow<T extends TableWithId>(db: Db, table: T, values: NewRow<T>): Promise<number> {
  // Kysely cannot follow a table name that is a type parameter: the signature types every call instead.
  const row = await db.insertInto(table as 'account').values(values as Insertable<Database['account']>).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}
