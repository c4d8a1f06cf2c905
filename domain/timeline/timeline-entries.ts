/**
 * How a timeline row reads (docs/rules.md#account-timeline): its kind, a one-line summary, who
 * acted and the link to the page that shows the record. Pure: the rows come from timeline-query.ts.
 */
import { formatCents } from '../common/money.js';
import { encodeCursor } from './timeline-cursor.js';
import { kindOf, type TimelineKind } from './timeline-kinds.js';
import type { TimelineRow } from './timeline-query.js';

export interface TimelineEntry {
  at: Date;
  kind: TimelineKind;
  summary: string;
  /** The name of the user who acted (staff or consumer), the system job's name, or null when the system did it. */
  actor: string | null;
  /** Done by the consumer through the self-service portal. */
  portal: boolean;
  /** The page that shows the record, relative to the site (a profile tab, with the record's anchor where it has one). */
  link: string;
  /** This entry as a cursor: the next page starts after it. */
  cursor: string;
}

const words = (value: string | null) => (value ?? '').replaceAll('_', ' ');
const money = (cents: number | null) => (cents === null ? '' : formatCents(cents));

function paymentSummary(r: TimelineRow): string {
  return `Payment ${money(r.amount)} by ${words(r.detail)}, ${r.state} (ref. ${r.ref})`;
}

function readingSummary(r: TimelineRow): string {
  const flags = r.detail ? `; flags: ${words(r.detail)}` : '';
  return `Reading ${r.amount} on meter ${r.ref}${r.extra && r.extra !== 'manual' ? ` (${words(r.extra)})` : ''}, ${r.state}${flags}`;
}

function orderSummary(r: TimelineRow): string {
  const note = r.note ? `: ${r.note}` : '';
  if (!r.extra) return `Service order ${r.ref} (${words(r.detail)}) created${note}`;
  return `Service order ${r.ref} (${words(r.detail)}) ${words(r.extra)} → ${words(r.state)}${note}`;
}

function communicationSummary(r: TimelineRow): string {
  const channel = r.ref === 'phone' ? 'Phone call' : r.ref === 'sms' ? 'SMS' : r.ref === 'email' ? 'E-mail' : 'System message';
  return `${channel} ${r.state === 'from_customer' ? 'from' : 'to'} the customer: ${r.detail ?? ''}`.trimEnd();
}

function documentSummary(r: TimelineRow): string {
  return r.extra === '1' ? `Document "${r.ref}" uploaded (${words(r.detail)})` : `Document "${r.ref}": version ${r.extra} uploaded`;
}

function vipPinSummary(r: TimelineRow): string {
  if (r.note === null) return 'VIP pin removed: the rule decides again';
  return `VIP pinned ${r.note === 'true' ? 'on' : 'off'}${r.detail ? `: ${r.detail}` : ''}`;
}

function accountChangeSummary(r: TimelineRow): string {
  switch (r.ref) {
    case 'account.create': return `Account opened (${r.state})`;
    case 'account.status': return `Status ${words(r.extra)} → ${words(r.state)}${r.detail ? ` (${r.detail})` : ''}`;
    case 'account.vip': return r.state === 'true' ? 'Became VIP' : 'No longer VIP';
    case 'account.vip_pin': return vipPinSummary(r);
    case 'account.score': return `Health score ${r.extra} → ${r.state}`;
    default: return words(r.ref);
  }
}

const SUMMARIES: Record<TimelineRow['source'], (r: TimelineRow) => string> = {
  payment: paymentSummary,
  bill: (r) => `Bill ${money(r.amount)} for ${r.detail} to ${r.extra}, due ${r.state}`,
  reading: readingSummary,
  reading_verified: (r) => `Reading ${r.amount} of ${r.detail} on meter ${r.ref} ${r.state}`,
  order_move: orderSummary,
  communication: communicationSummary,
  notification: (r) => `Notification "${words(r.ref)}"${r.detail ? ` by ${r.detail}` : ''}: ${r.state}`,
  note: (r) => `Note${r.extra && r.extra !== '1' ? ` (edited, version ${r.extra})` : ''}: ${r.detail ?? ''}`,
  complaint_opened: (r) => `Complaint opened (${r.ref}): ${r.detail ?? ''}`,
  complaint_resolved: (r) => `Complaint resolved (${r.ref})${r.detail ? `: ${r.detail}` : ''}`,
  document: documentSummary,
  account_change: accountChangeSummary,
};

/** The page that shows the record: its profile tab (with the row's anchor) or the service order's page. */
export function linkOf(r: Pick<TimelineRow, 'source' | 'id' | 'ref'>, kind: TimelineKind, accountNumber: string): string {
  const profile = `/accounts/${encodeURIComponent(accountNumber)}`;
  switch (r.source) {
    case 'payment': return `${profile}/financial#payment-${r.id}`;
    case 'bill': return `${profile}/financial#bill-${r.id}`;
    case 'reading': case 'reading_verified': return `${profile}/connections#reading-${r.id}`;
    case 'order_move': return `/service-orders/${encodeURIComponent(r.ref ?? '')}`;
    case 'communication': return `${profile}/communication#communication-${r.id}`;
    case 'notification': return `${profile}/communication#notification-${r.id}`;
    case 'note': return `${profile}/notes#note-${r.id}`;
    case 'complaint_opened': case 'complaint_resolved': return `${profile}/service#complaint-${r.id}`;
    case 'document': return `${profile}/documents#document-version-${r.id}`;
    case 'account_change': return kind === 'vip' ? `${profile}#vip` : kind === 'score' ? `${profile}#health` : profile;
  }
}

/** The entry a row reads as; null for an audited account change that is not a timeline kind. */
export function entryOf(r: TimelineRow, accountNumber: string): TimelineEntry | null {
  const kind = kindOf(r.source, r.ref);
  if (!kind) return null;
  const portal = r.actorRole === 'consumer';
  return {
    at: r.at, kind, summary: `${SUMMARIES[r.source](r)}${portal ? ' (via the portal)' : ''}`, actor: r.actor, portal,
    link: linkOf(r, kind, accountNumber), cursor: encodeCursor({ at: r.atKey, source: r.source, id: r.id }),
  };
}
