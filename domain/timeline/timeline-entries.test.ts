/** Table-driven tests of how timeline rows read: kind, summary, link and the portal flag, per source. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { decodeCursor } from './timeline-cursor.js';
import { entryOf } from './timeline-entries.js';
import type { TimelineRow } from './timeline-query.js';

const base: TimelineRow = {
  source: 'payment', id: 7, at: new Date('2026-11-27T18:00:00.000Z'), atKey: '2026-11-27T18:00:00.000000Z', ref: null, state: null, amount: null,
  detail: null, extra: null, note: null, actor: 'Ann Agent', actorRole: 'agent',
};
const row = (values: Partial<TimelineRow>): TimelineRow => ({ ...base, ...values });

// [row, kind, summary, link]
const cases: Array<[TimelineRow, string, string, string]> = [
  [row({ source: 'payment', ref: 'PAY-1', state: 'processed', amount: 12000, detail: 'credit_card' }), 'payment',
    'Payment $120.00 by credit card, processed (ref. PAY-1)', '/accounts/WU-10001/financial#payment-7'],
  [row({ source: 'bill', amount: 9950, state: '2026-12-15', detail: '2026-10-01', extra: '2026-10-31', actor: null, actorRole: null }), 'bill',
    'Bill $99.50 for 2026-10-01 to 2026-10-31, due 2026-12-15', '/accounts/WU-10001/financial#bill-7'],
  [row({ source: 'reading', ref: 'M-5678', state: 'pending', amount: 1234, detail: 'high,regression', extra: 'manual' }), 'reading',
    'Reading 1234 on meter M-5678, pending; flags: high,regression', '/accounts/WU-10001/connections#reading-7'],
  [row({ source: 'reading', ref: 'M-5678', state: 'pending', amount: 1234, extra: 'portal', actorRole: 'consumer', actor: 'Connie' }), 'reading',
    'Reading 1234 on meter M-5678 (portal), pending (via the portal)', '/accounts/WU-10001/connections#reading-7'],
  [row({ source: 'reading_verified', ref: 'M-5678', state: 'rejected', amount: 1234, detail: '2026-11-20' }), 'reading_verification',
    'Reading 1234 of 2026-11-20 on meter M-5678 rejected', '/accounts/WU-10001/connections#reading-7'],
  [row({ source: 'order_move', ref: 'SO-4523', state: 'created', detail: 'meter_reading', note: 'Gate code 12' }), 'service_order',
    'Service order SO-4523 (meter reading) created: Gate code 12', '/service-orders/SO-4523'],
  [row({ source: 'order_move', ref: 'SO-4523', state: 'in_progress', extra: 'scheduled', detail: 'repair' }), 'service_order',
    'Service order SO-4523 (repair) scheduled → in progress', '/service-orders/SO-4523'],
  [row({ source: 'communication', ref: 'phone', state: 'from_customer', detail: 'Asked about the bill' }), 'communication',
    'Phone call from the customer: Asked about the bill', '/accounts/WU-10001/communication#communication-7'],
  [row({ source: 'notification', ref: 'order_created', state: 'failed', detail: 'sms', actor: null, actorRole: null }), 'notification',
    'Notification "order created" by sms: failed', '/accounts/WU-10001/communication#notification-7'],
  [row({ source: 'note', detail: 'Prefers calls', extra: '2' }), 'note', 'Note (edited, version 2): Prefers calls', '/accounts/WU-10001/notes#note-7'],
  [row({ source: 'complaint_opened', ref: 'low pressure', state: 'open', detail: 'Upstairs' }), 'complaint',
    'Complaint opened (low pressure): Upstairs', '/accounts/WU-10001/service#complaint-7'],
  [row({ source: 'complaint_resolved', ref: 'low pressure', state: 'resolved' }), 'complaint',
    'Complaint resolved (low pressure)', '/accounts/WU-10001/service#complaint-7'],
  [row({ source: 'document', ref: 'Agreement', detail: 'service_agreement', extra: '1' }), 'document',
    'Document "Agreement" uploaded (service agreement)', '/accounts/WU-10001/documents#document-version-7'],
  [row({ source: 'document', ref: 'Agreement', detail: 'service_agreement', extra: '3' }), 'document',
    'Document "Agreement": version 3 uploaded', '/accounts/WU-10001/documents#document-version-7'],
  [row({ source: 'account_change', ref: 'account.create', state: 'pending' }), 'status', 'Account opened (pending)', '/accounts/WU-10001'],
  [row({ source: 'account_change', ref: 'account.status', state: 'collection', extra: 'active', detail: 'balance overdue more than 60 days' }), 'status',
    'Status active → collection (balance overdue more than 60 days)', '/accounts/WU-10001'],
  [row({ source: 'account_change', ref: 'account.vip', state: 'true', extra: 'false' }), 'vip', 'Became VIP', '/accounts/WU-10001#vip'],
  [row({ source: 'account_change', ref: 'account.vip', state: 'false', extra: 'true' }), 'vip', 'No longer VIP', '/accounts/WU-10001#vip'],
  [row({ source: 'account_change', ref: 'account.vip_pin', state: 'true', note: 'true', detail: 'Hospital' }), 'vip', 'VIP pinned on: Hospital', '/accounts/WU-10001#vip'],
  [row({ source: 'account_change', ref: 'account.vip_pin', state: 'false', note: null }), 'vip', 'VIP pin removed: the rule decides again', '/accounts/WU-10001#vip'],
  [row({ source: 'account_change', ref: 'account.score', state: '82', extra: '70' }), 'score', 'Health score 70 → 82', '/accounts/WU-10001#health'],
];
for (const [r, kind, summary, link] of cases) {
  test(`${r.source} ${r.ref ?? ''} reads "${summary}"`, () => {
    const entry = entryOf(r, 'WU-10001');
    assert.ok(entry);
    assert.is(entry?.kind, kind);
    assert.is(entry?.summary, summary);
    assert.is(entry?.link, link);
    assert.is(entry?.portal, r.actorRole === 'consumer');
    assert.is(entry?.actor, r.actor);
    assert.equal(decodeCursor(entry?.cursor ?? ''), { at: r.atKey, source: r.source, id: r.id });
  });
}

test('an audited account change that is not a timeline kind is left out', () => {
  assert.is(entryOf(row({ source: 'account_change', ref: 'account.update' }), 'WU-10001'), null);
});

test.run();
