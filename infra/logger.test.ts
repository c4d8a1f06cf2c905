/** What the log keeps of an error: never the row PostgreSQL quotes in its detail, nor a password. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Writable } from 'node:stream';
import { loggerTo } from './logger.js';

function logged(write: (log: ReturnType<typeof loggerTo>) => void): Record<string, unknown> {
  const lines: string[] = [];
  const sink = new Writable({ write(chunk, _encoding, done) { lines.push(String(chunk)); done(); } });
  write(loggerTo(sink));
  return JSON.parse(lines[0]);
}

const refusal = () => Object.assign(new Error('new row for relation "app_user" violates check constraint "app_user_consumer_account_check"'), {
  code: '23514', constraint: 'app_user_consumer_account_check', detail: 'Failing row contains (3, ag@example.com, scrypt$17$8$1$c2FsdA$aGFzaA).',
});

const cases: Array<[string, Record<string, unknown>]> = [
  ['a database error', { err: refusal() }],
  ['a wrapped database error', { err: Object.assign(new Error('the write failed'), { cause: refusal() }) }],
];

for (const [name, fields] of cases) {
  test(`${name}: its code and constraint are logged, the row it quotes is not`, () => {
    const line = JSON.stringify(logged((log) => log.error(fields, 'unhandled error')));
    assert.match(line, 'app_user_consumer_account_check');
    assert.not.match(line, 'scrypt$17');
    assert.not.match(line, 'ag@example.com');
  });
}

test('a password field is never logged', () => {
  const line = JSON.stringify(logged((log) => log.info({ form: { password: 'hunter2 hunter2' } }, 'form')));
  assert.not.match(line, 'hunter2');
});

test.run();
