/**
 * An account with one event of every timeline kind, each on its own utility-local day in the
 * past (newest first: `EXPECTED` is the order the timeline must show), written as rows so the
 * times are exact. The reading is submitted by the account's consumer (a portal action).
 */
import { sql } from 'kysely';
import { startOfUtilityDay } from '../../domain/common/calendar.js';
import { db } from '../../domain/common/database.js';
import type { TimelineKind } from '../../domain/timeline/timeline-kinds.js';
import type { Orm } from '../../infra/database/orm.js';
import { daysAgo } from './activity-client.js';
import { insertMinimalAccount } from './minimal-account.js';
import { insertRow } from './rows.js';
import { TEST_TIME_ZONE } from './time-zone.js';

/** Noon, utility time, `n` days ago. */
export const noonDaysAgo = (n: number) => new Date(startOfUtilityDay(daysAgo(n), TEST_TIME_ZONE).getTime() + 12 * 3600_000);

/** [days ago, kind, the link's pattern] newest first. */
export const EXPECTED: Array<[number, TimelineKind, RegExp]> = [
  [1, 'note', /\/notes#note-\d+$/],
  [2, 'status', /^\/accounts\/WU-\d+$/],
  [3, 'vip', /#vip$/],
  [4, 'score', /#health$/],
  [5, 'document', /\/documents#document-version-\d+$/],
  [6, 'complaint', /\/service#complaint-\d+$/],
  [7, 'notification', /\/communication#notification-\d+$/],
  [8, 'complaint', /\/service#complaint-\d+$/],
  [9, 'communication', /\/communication#communication-\d+$/],
  [10, 'service_order', /^\/service-orders\/SO-\d+$/],
  [11, 'service_order', /^\/service-orders\/SO-\d+$/],
  [12, 'reading_verification', /\/connections#reading-\d+$/],
  [13, 'reading', /\/connections#reading-\d+$/],
  [14, 'bill', /\/financial#bill-\d+$/],
  [15, 'payment', /\/financial#payment-\d+$/],
];

export interface TimelineAccount { id: number; accountNumber: string; agentName: string; consumerName: string }

export async function insertTimelineAccount(orm: Orm, agentEmail: string): Promise<TimelineAccount> {
  const q = db(orm.em);
  const account = await insertMinimalAccount(orm);
  const agent = await q.selectFrom('app_user').select(['id', 'name']).where('email', '=', agentEmail).executeTakeFirstOrThrow();
  const consumerName = 'Connie Consumer';
  const consumerId = await insertRow(q, 'app_user', {
    email: `consumer-${account.accountNumber.toLowerCase()}@example.com`, name: consumerName, role: 'consumer', account_id: account.id,
    password_hash: 'x', active: true, created_at: sql<Date>`now()`,
  });
  const at = noonDaysAgo;
  const accountId = account.id;
  const by = agent.id;

  await insertRow(q, 'payment', { account_id: accountId, reference: `PAY-${account.accountNumber}`, paid_at: at(15), amount_cents: 12_000, method: 'credit_card', status: 'processed', created_by_id: by, created_at: at(15) });
  await insertRow(q, 'bill', { account_id: accountId, period_start: daysAgo(45), period_end: daysAgo(15), issued_at: daysAgo(14), due_date: daysAgo(0), amount_cents: 9_950, usage: 4200, created_at: at(14) });
  await insertRow(q, 'reading', {
    account_id: accountId, meter_id: account.meterId, read_at: daysAgo(13), value: 1234, consumption: 30, verification_status: 'verified', flags: ['high'],
    source: 'portal', created_by_id: consumerId, verified_by_id: by, verified_at: at(12), created_at: at(13),
  });
  const orderNumber = `SO-${900000 + accountId}`;
  const orderId = await insertRow(q, 'service_order', {
    order_number: orderNumber, account_id: accountId, type: 'repair', description: 'Leak at the meter box', priority: 'normal', status: 'assigned',
    workflow_id: `service-order-${orderNumber}`, created_by_id: by, created_at: at(11), updated_at: at(10),
  });
  await insertRow(q, 'service_order_transition', { order_id: orderId, account_id: accountId, sequence: 1, from_status: null, to_status: 'created', action: 'create', at: at(11), by_id: by, by_name: agent.name, note: 'Leak at the meter box' });
  await insertRow(q, 'service_order_transition', { order_id: orderId, account_id: accountId, sequence: 2, from_status: 'created', to_status: 'assigned', action: 'assign', at: at(10), by_id: by, by_name: agent.name, note: null });
  await insertRow(q, 'communication', { account_id: accountId, channel: 'phone', direction: 'from_customer', body: 'Asked about the leak', duration_seconds: 120, occurred_at: at(9), created_by_id: by, created_at: at(9) });
  await insertRow(q, 'complaint', {
    account_id: accountId, category: 'low pressure', description: 'Low pressure upstairs', status: 'resolved', opened_at: at(8), resolved_at: at(6),
    resolution: 'Regulator adjusted', created_by_id: by, resolved_by_id: by,
  });
  const notificationId = await insertRow(q, 'notification', {
    account_id: accountId, event: 'order_created', channel: 'email', status: 'sent', idempotency_key: `order_created:${orderNumber}`, payload: { orderNumber },
    created_at: at(7), updated_at: at(7),
  });
  // Its sending, as the sender records it on the Communication tab (not a timeline entry of its own).
  await insertRow(q, 'communication', {
    account_id: accountId, channel: 'system', direction: 'to_customer', subject: 'Your service order', body: `Order ${orderNumber} was created.`,
    occurred_at: at(7), notification_id: notificationId, created_at: at(7),
  });
  const documentId = await insertRow(q, 'document', { account_id: accountId, title: 'Service agreement', kind: 'service_agreement', status: 'processing', current_version: 1, created_at: at(5), updated_at: at(5) });
  await insertRow(q, 'document_version', {
    document_id: documentId, version: 1, file_name: 'agreement.pdf', content_type: 'application/pdf', size_bytes: 4, sha256: '0'.repeat(64),
    content: Buffer.from('%PDF'), uploaded_by_id: by, uploaded_at: at(5),
  });
  const audited = (days: number, action: string, before: Record<string, unknown>, after: Record<string, unknown>) => insertRow(q, 'audit_log', {
    at: at(days), user_id: null, user_name: 'nightly metrics', action, entity: 'account', entity_id: account.accountNumber, before, after,
  });
  await audited(4, 'account.score', { healthScore: 70 }, { healthScore: 82 });
  await audited(3, 'account.vip', { vip: false }, { vip: true, reasons: ['tenure'] });
  await audited(2, 'account.status', { status: 'active' }, { status: 'collection', reason: 'balance overdue more than 60 days' });
  await insertRow(q, 'note', { account_id: accountId, thread: sql`gen_random_uuid()`, version: 1, body: 'Prefers calls after 5 pm', author_id: by, author_name: agent.name, created_at: at(1) });
  return { id: accountId, accountNumber: account.accountNumber, agentName: agent.name, consumerName };
}
