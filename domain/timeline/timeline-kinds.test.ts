/** Table-driven tests of the timeline's kinds: which source (and audited action) is which kind, and which sources a filter reads. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { kindOf, TIMELINE_KINDS, type TimelineKind, type TimelineSource } from './timeline-kinds.js';
import { sourcesFor } from './timeline-query.js';

const kinds: Array<[TimelineSource, string | null, TimelineKind | null]> = [
  ['payment', null, 'payment'],
  ['bill', null, 'bill'],
  ['reading', null, 'reading'],
  ['reading_verified', null, 'reading_verification'],
  ['order_move', null, 'service_order'],
  ['communication', null, 'communication'],
  ['notification', null, 'notification'],
  ['note', null, 'note'],
  ['complaint_opened', null, 'complaint'],
  ['complaint_resolved', null, 'complaint'],
  ['document', null, 'document'],
  ['account_change', 'account.create', 'status'],
  ['account_change', 'account.status', 'status'],
  ['account_change', 'account.vip', 'vip'],
  ['account_change', 'account.vip_pin', 'vip'],
  ['account_change', 'account.score', 'score'],
  ['account_change', 'account.update', null],
  ['account_change', null, null],
];
for (const [source, action, kind] of kinds) {
  test(`${source}${action ? ` ${action}` : ''} is ${kind ?? 'not on the timeline'}`, () => assert.is(kindOf(source, action), kind));
}

const filters: Array<[TimelineKind[], TimelineSource[], string[]]> = [
  [['payment'], ['payment'], []],
  [['complaint'], ['complaint_opened', 'complaint_resolved'], []],
  [['vip'], ['account_change'], ['account.vip', 'account.vip_pin']],
  [['status', 'score', 'bill'], ['account_change', 'bill'], ['account.create', 'account.status', 'account.score']],
];
for (const [asked, sources, actions] of filters) {
  test(`kind=${asked.join(',')} reads ${sources.join(', ')}`, () => assert.equal(sourcesFor(asked), { sources, actions }));
}

test('no kind asked reads every source and every account change', () => {
  const all = sourcesFor([]);
  assert.is(all.sources.length, 12);
  assert.is(all.actions.length, 5);
  for (const kind of TIMELINE_KINDS) assert.ok(sourcesFor([kind]).sources.length >= 1, kind);
});

test.run();
