/**
 * The kinds of entry on an account's timeline (docs/rules.md#account-timeline) and the record
 * sources each kind is read from. A source is one branch of the timeline query: one table
 * (or one kind of row in it) read through its own index on (account, time).
 */
export const TIMELINE_KINDS = [
  'payment', 'bill', 'reading', 'reading_verification', 'status', 'service_order', 'communication',
  'notification', 'note', 'complaint', 'document', 'vip', 'score',
] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** The query's branches; their names also order entries that share a time (and are part of the cursor). */
export const TIMELINE_SOURCES = [
  'account_change', 'bill', 'communication', 'complaint_opened', 'complaint_resolved', 'document', 'note',
  'notification', 'order_move', 'payment', 'reading', 'reading_verified',
] as const;
export type TimelineSource = (typeof TIMELINE_SOURCES)[number];

/** Which sources a kind reads (status, VIP and score all come from the account's audited changes). */
export const SOURCES_OF_KIND: Record<TimelineKind, readonly TimelineSource[]> = {
  payment: ['payment'],
  bill: ['bill'],
  reading: ['reading'],
  reading_verification: ['reading_verified'],
  status: ['account_change'],
  service_order: ['order_move'],
  communication: ['communication'],
  notification: ['notification'],
  note: ['note'],
  complaint: ['complaint_opened', 'complaint_resolved'],
  document: ['document'],
  vip: ['account_change'],
  score: ['account_change'],
};

/** The audited account changes behind the status, VIP and score kinds. */
export const ACCOUNT_CHANGE_ACTIONS: Record<'status' | 'vip' | 'score', readonly string[]> = {
  status: ['account.create', 'account.status'],
  vip: ['account.vip', 'account.vip_pin'],
  score: ['account.score'],
};

/** The kind of an entry from its source (and, for an account change, the audited action). */
export function kindOf(source: TimelineSource, action: string | null): TimelineKind | null {
  if (source === 'account_change') {
    for (const [kind, actions] of Object.entries(ACCOUNT_CHANGE_ACTIONS)) if (action && actions.includes(action)) return kind as TimelineKind;
    return null;
  }
  for (const kind of TIMELINE_KINDS) if (SOURCES_OF_KIND[kind].includes(source)) return kind;
  return null;
}

export const isTimelineKind = (value: string): value is TimelineKind => (TIMELINE_KINDS as readonly string[]).includes(value);
export const isTimelineSource = (value: string): value is TimelineSource => (TIMELINE_SOURCES as readonly string[]).includes(value);
