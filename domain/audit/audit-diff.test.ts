/** Unit tests: the audit log's before/after as readable rows. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { auditDiff, changedRows, displayValue } from './audit-diff.js';

test('an update lists every field and marks the changed ones', () => {
  const rows = auditDiff({ email: 'a@x.com', phone: '555', optOut: false }, { email: 'b@x.com', phone: '555', optOut: true });
  assert.equal(rows, [
    { field: 'email', before: 'a@x.com', after: 'b@x.com', changed: true },
    { field: 'phone', before: '555', after: '555', changed: false },
    { field: 'optOut', before: 'false', after: 'true', changed: true },
  ]);
  assert.equal(changedRows(rows).map((r) => r.field), ['email', 'optOut']);
});

test('a creation has only "after"; a deletion only "before"', () => {
  assert.equal(auditDiff(null, { amountCents: 1250 }), [{ field: 'amountCents', before: null, after: '1250', changed: true }]);
  assert.equal(auditDiff({ body: 'x' }, undefined), [{ field: 'body', before: 'x', after: null, changed: true }]);
  assert.equal(auditDiff(null, null), []);
});

test('a field present on one side only is absent on the other; null stays null', () => {
  const rows = auditDiff({ a: 1, b: null }, { a: 1, c: 'new', b: null });
  assert.equal(rows, [
    { field: 'a', before: '1', after: '1', changed: false },
    { field: 'b', before: 'null', after: 'null', changed: false },
    { field: 'c', before: null, after: 'new', changed: true },
  ]);
  assert.equal(changedRows(rows).map((r) => r.field), ['c']);
});

test('nothing changed: every row is shown so the entry is not blank', () => {
  const rows = auditDiff({ a: 1 }, { a: 1 });
  assert.equal(changedRows(rows), rows);
});

test('values display as text: strings as they are, the rest as JSON', () => {
  assert.is(displayValue('WU-10001'), 'WU-10001');
  assert.is(displayValue(['high', 'zero']), '["high","zero"]');
  assert.is(displayValue({ a: 1 }), '{"a":1}');
  assert.is(displayValue(undefined), null);
});

test.run();
