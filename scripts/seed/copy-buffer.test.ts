/** CopyBuffer: the bytes are exactly the lines' UTF-8, across growth, and can be handed to another thread. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CopyBuffer } from './copy-buffer.js';

test('lines come out as their UTF-8 bytes, in order, however often the buffer grows', () => {
  const out = new CopyBuffer(8);
  const lines = ['1\tJosé Peña\n', '2\tŁukasz Ødegård\t\\N\n', `3\t${'x'.repeat(5000)}\n`, '4\tKevin O’Neil 😀\n'];
  for (const line of lines) out.add(line);
  assert.is(out.rows, 4);
  assert.is(Buffer.from(out.take()).toString('utf8'), lines.join(''));
});

test('the bytes sit on an ArrayBuffer of their own, so the generator thread can transfer them', () => {
  const out = new CopyBuffer();
  out.add('a\tb\n');
  const bytes = out.take();
  const moved = structuredClone(bytes, { transfer: [bytes.buffer as ArrayBuffer] });
  assert.is(Buffer.from(moved).toString('utf8'), 'a\tb\n');
  assert.is(bytes.byteLength, 0, 'transferred, not copied');
});

test.run();
