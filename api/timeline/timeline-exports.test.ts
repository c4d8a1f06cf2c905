/** The CSV and Atom writers on their own: escaping, formula guard and characters XML cannot carry. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parse } from 'csv-parse/sync';
import type { TimelineEntry } from '../../domain/timeline/timeline-entries.js';
import { timelineAtom, xmlText } from './timeline-atom.js';
import { csvField, timelineCsv } from './timeline-csv.js';

const fields: Array<[string, string]> = [
  ['plain', 'plain'],
  ['a, b', '"a, b"'],
  ['say "hi"', '"say ""hi"""'],
  ['two\nlines', '"two\nlines"'],
  ['=1+1', "'=1+1"],
  ['+1', "'+1"],
  ['-2', "'-2"],
  ['@SUM(A1)', "'@SUM(A1)"],
  ['=HYPERLINK("x", "y")', `"'=HYPERLINK(""x"", ""y"")"`],
  ['', ''],
];
for (const [value, written] of fields) test(`CSV field ${JSON.stringify(value)}`, () => assert.is(csvField(value), written));

const entry = (summary: string, actor: string | null = 'Ann'): TimelineEntry => ({
  at: new Date('2026-11-27T18:00:00.000Z'), kind: 'note', summary, actor, portal: false, link: '/accounts/WU-10001/notes#note-1', cursor: 'abc',
});

test('CSV parses back to what was written', () => {
  const text = timelineCsv([entry('Note: a, "b"\nc'), entry('Status x', null)], 'https://cistern.example');
  const rows = parse(text, { columns: true }) as Array<Record<string, string>>;
  assert.equal(rows[0], { at: '2026-11-27T18:00:00.000Z', kind: 'note', summary: 'Note: a, "b"\nc', actor: 'Ann', portal: 'no', link: 'https://cistern.example/accounts/WU-10001/notes#note-1' });
  assert.is(rows[1].actor, '');
});

const xml: Array<[string, string]> = [
  ['a & b', 'a &amp; b'],
  ['<script>', '&lt;script&gt;'],
  [`"it's"`, '&quot;it&apos;s&quot;'],
  ['bell\u0007 and nul\u0000', 'bell and nul'],
  ['lone \uD800 surrogate', 'lone  surrogate'],
  ['emoji 💧 kept', 'emoji 💧 kept'],
  ['tab\tand\nline', 'tab\tand\nline'],
];
for (const [value, written] of xml) test(`XML text ${JSON.stringify(value)}`, () => assert.is(xmlText(value), written));

test('an empty feed still has its id, title, updated, author and self link', () => {
  const feed = timelineAtom({ accountNumber: 'WU-10001', baseUrl: 'https://c.example', selfUrl: 'https://c.example/api/v1/accounts/WU-10001/timeline.atom?kind=a&b', entries: [], now: new Date('2026-11-30T00:00:00Z') });
  assert.match(feed, /<updated>2026-11-30T00:00:00.000Z<\/updated>/);
  assert.match(feed, /<link rel="self" type="application\/atom\+xml" href="https:\/\/c.example\/api\/v1\/accounts\/WU-10001\/timeline.atom\?kind=a&amp;b"\/>/);
  assert.match(feed, /<id>urn:cistern:timeline:WU-10001<\/id>/);
  assert.not.match(feed, /<entry>/);
});

test.run();
