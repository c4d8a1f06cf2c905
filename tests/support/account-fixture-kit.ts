// What the parts of the account fixture share: dates counted back from "as of" and the
// shapes of what the fixture returns.
import type { PaymentMethod, PaymentStatus, ReadingFlag, VerificationStatus } from '../../domain/common/enums.js';

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
