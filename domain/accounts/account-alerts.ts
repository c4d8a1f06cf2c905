/**
 * The alerts on the profile header (docs/rules.md#consumer-accounts), written for the agent on the phone:
 * each says what is wrong and how much, most serious first.
 */
import { COLLECTION_AFTER_DAYS } from '../billing/balance.js';
import { utilityIsoDay } from '../common/calendar.js';
import { isStale, isOpenAt, COMPLAINT_STALE_AFTER_DAYS, type ComplaintFacts } from '../communications/complaint-rules.js';
import { formatCents } from '../common/money.js';
import { READING_FLAG_LABELS, READING_FLAGS, type ReadingFlag, type VerificationStatus } from '../readings/reading-checks.js';
import type { ServiceOrderStatus } from '../common/enums.js';
import { isTerminal } from '../service-orders/service-order-transitions.js';

export type AlertKind =
  | 'fraud_flag' | 'overdue_balance' | 'anomalous_readings' | 'estimated_readings' | 'unverified_readings'
  | 'stale_complaints' | 'open_complaints' | 'sla_missed';
export type AlertSeverity = 'critical' | 'warning' | 'info';

export interface AccountAlert { kind: AlertKind; severity: AlertSeverity; message: string }

export interface AccountAlertInput {
  asOf: Date;
  /** The utility's zone, for complaint ages and the fraud flag's date. */
  timeZone: string;
  currency?: string;
  /** From computeBalance(). */
  overdueCents: number;
  daysOverdue: number | null;
  /** Readings of the account's meters; only pending ones raise alerts. */
  readings: Array<{ meterNumber: string; readAt: Date; verificationStatus: VerificationStatus; flags: ReadingFlag[] }>;
  /** Meters with three or more estimated readings in a row (docs/rules.md#estimated-readings). */
  estimateRuns?: Array<{ meterNumber: string; estimates: number }>;
  /** The open fraud/tampering flag, if any. */
  openFraudFlag: { kind: 'fraud' | 'tampering'; openedAt: Date } | null;
  complaints: ComplaintFacts[];
  /** Past SLA when the workflow marked it overdue or slaDueAt has passed, while still open. */
  serviceOrders: Array<{ orderNumber: string; status: ServiceOrderStatus; overdue: boolean; slaDueAt?: Date | null }>;
}

const SEVERITY_RANK: Record<AlertSeverity, number> = { critical: 0, warning: 1, info: 2 };
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const list = (items: string[]) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

function readingAlerts(input: AccountAlertInput): AccountAlert[] {
  const pending = input.readings.filter((r) => r.verificationStatus === 'pending');
  const flagged = pending.filter((r) => r.flags.length > 0);
  const plain = pending.length - flagged.length;
  const alerts: AccountAlert[] = [];
  if (flagged.length > 0) {
    const kinds = READING_FLAGS.filter((f) => flagged.some((r) => r.flags.includes(f))).map((f) => READING_FLAG_LABELS[f]);
    const meters = [...new Set(flagged.map((r) => r.meterNumber))].sort();
    alerts.push({ kind: 'anomalous_readings', severity: 'warning',
      message: `${plural(flagged.length, 'flagged reading')} on ${list(meters)} to verify or reject: ${kinds.join('; ')}` });
  }
  for (const run of input.estimateRuns ?? []) {
    alerts.push({ kind: 'estimated_readings', severity: 'warning',
      message: `${run.meterNumber}: ${run.estimates} estimated readings in a row; a meter-reading order has been raised for an actual reading` });
  }
  if (plain > 0) {
    alerts.push({ kind: 'unverified_readings', severity: 'info', message: `${plural(plain, 'reading')} awaiting verification` });
  }
  return alerts;
}

function complaintAlerts(input: AccountAlertInput): AccountAlert[] {
  const open = input.complaints.filter((c) => isOpenAt(c, input.asOf));
  const stale = open.filter((c) => isStale(c, input.asOf, input.timeZone)).length;
  if (open.length === 0) return [];
  if (stale > 0) {
    return [{ kind: 'stale_complaints', severity: 'warning',
      message: `${plural(open.length, 'open complaint')}, ${stale} unresolved for more than ${COMPLAINT_STALE_AFTER_DAYS} days` }];
  }
  return [{ kind: 'open_complaints', severity: 'info', message: plural(open.length, 'open complaint') }];
}

function slaAlerts(input: AccountAlertInput): AccountAlert[] {
  const late = input.serviceOrders.filter((o) => !isTerminal(o.status)
    && (o.overdue || (o.slaDueAt != null && o.slaDueAt.getTime() < input.asOf.getTime())));
  if (late.length === 0) return [];
  const numbers = late.map((o) => o.orderNumber).sort();
  return [{ kind: 'sla_missed', severity: 'warning',
    message: `${plural(late.length, 'service order')} past SLA: ${numbers.join(', ')}` }];
}

/**
 * Severity: an open fraud/tampering flag is critical (agents must not, e.g., promise a
 * reconnection); an overdue balance is critical once it qualifies for collection (> 60
 * days, docs/rules.md#nightly-metrics), a warning before; unflagged pending readings and young open
 * complaints are information only.
 */
export function accountAlerts(input: AccountAlertInput): AccountAlert[] {
  const alerts: AccountAlert[] = [];
  if (input.openFraudFlag) {
    const { kind, openedAt } = input.openFraudFlag;
    alerts.push({ kind: 'fraud_flag', severity: 'critical',
      message: `Open ${kind} flag since ${utilityIsoDay(openedAt, input.timeZone)}: check with the revenue-protection team before any change to service` });
  }
  if (input.overdueCents > 0) {
    const days = input.daysOverdue ?? 0;
    alerts.push({ kind: 'overdue_balance', severity: days > COLLECTION_AFTER_DAYS ? 'critical' : 'warning',
      message: `${formatCents(input.overdueCents, input.currency)} overdue, oldest unpaid bill ${plural(days, 'day')} past due` });
  }
  alerts.push(...readingAlerts(input), ...complaintAlerts(input), ...slaAlerts(input));
  // Stable sort keeps the order above within a severity.
  return alerts.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
}
