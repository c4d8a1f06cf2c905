/** COPY text escaping, checked by itself and by a round trip through Postgres; and the tiny PDF's structure. */
import pg from 'pg';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createTestDatabase, type TestDatabase } from '../../tests/support/database.js';
import { copyField, copyLine } from './copy-text.js';
import { copyText } from './copy-writer.js';
import { tinyPdf } from './pdf.js';

let db: TestDatabase;
test.before(async () => {
  db = await createTestDatabase('seed_copy_text');
});
test.after(async () => db.drop());

test('special characters, nulls, booleans, arrays and bytes are written as COPY expects', () => {
  assert.is(copyField(null), '\\N');
  assert.is(copyField(true), 't');
  assert.is(copyField(12580), '12580');
  assert.is(copyField('a\tb\nc\\d\re'), 'a\\tb\\nc\\\\d\\re');
  assert.is(copyField(['high', 'zero']), '{"high","zero"}');
  assert.is(copyField(new Uint8Array([0x25, 0x50, 0xff])), '\\\\x2550ff');
  assert.is(copyLine({ a: 1, b: null, c: 'x' }, ['c', 'a', 'b']), 'x\t1\t\\N\n');
});

test('what is written comes back from Postgres unchanged', async () => {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query('create table t (id int, body text, tags text[], data bytea, flag boolean)');
    const row = {
      id: 1, body: 'Tab\there, new\nline, back\\slash, "quotes", Zoë Müller, \\N literal',
      tags: ['a,b', 'c"d', 'e\\f', '{x}', 'with space'], data: new Uint8Array([0, 1, 2, 253, 254, 255]), flag: false,
    };
    await copyText(client, 't', Object.keys(row), copyLine(row, Object.keys(row)) + copyLine({ ...row, id: 2, body: null, tags: [] }, Object.keys(row)));
    const { rows } = await client.query('select id, body, tags, data, flag from t order by id');
    assert.equal(rows[0], { ...row, data: Buffer.from(row.data) });
    assert.equal([rows[1].body, rows[1].tags], [null, []]);
  } finally {
    await client.end();
  }
});

test('the PDF has a header, objects where its cross-reference table says, and an end marker', () => {
  const pdf = Buffer.from(tinyPdf(['Service agreement', 'Account WU-10001 - José Müller (test)']));
  const text = pdf.toString('latin1');
  assert.ok(text.startsWith('%PDF-1.4'));
  assert.ok(text.trimEnd().endsWith('%%EOF'));
  const startxref = Number(/startxref\n(\d+)/.exec(text)![1]);
  assert.ok(text.slice(startxref).startsWith('xref'));
  const offsets = [...text.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
  assert.is(offsets.length, 5);
  for (const [i, offset] of offsets.entries()) assert.ok(text.slice(offset).startsWith(`${i + 1} 0 obj`), `object ${i + 1}`);
  assert.ok(text.includes('(Account WU-10001 - Jos\xe9 M\xfcller \\(test\\))'));
});

test.run();
