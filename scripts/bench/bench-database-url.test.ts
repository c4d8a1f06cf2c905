/** The benches' database URL: the local socket when there is one, names and URLs from --database, TCP for the Temporal server. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { benchDatabaseUrl, connectionKind, defaultBenchDatabaseUrl, overTcp } from './bench-database-url.js';

const SOCKET = 'postgres://postgres@%2Fvar%2Frun%2Fpostgresql/cistern_bench';
const TCP = 'postgres://postgres@127.0.0.1:5432/cistern_bench';

test('the default is the local socket when the server has one, else 127.0.0.1', () => {
  assert.is(defaultBenchDatabaseUrl('/var/run/postgresql', (file) => file === '/var/run/postgresql/.s.PGSQL.5432'), SOCKET);
  assert.is(defaultBenchDatabaseUrl('/var/run/postgresql', () => false), TCP);
  assert.is(defaultBenchDatabaseUrl(null), TCP);
});

const cases: Array<[string | undefined, string, string]> = [
  [undefined, SOCKET, SOCKET],
  ['cistern_1m', SOCKET, 'postgres://postgres@%2Fvar%2Frun%2Fpostgresql/cistern_1m'],
  ['cistern_1m', TCP, 'postgres://postgres@127.0.0.1:5432/cistern_1m'],
  ['postgres://u:p@db.example:6543/other', SOCKET, 'postgres://u:p@db.example:6543/other'],
];
for (const [database, fallback, expected] of cases) {
  test(`--database ${database ?? '(none)'} over ${fallback}`, () => assert.is(benchDatabaseUrl(database, fallback), expected));
}

test('a section says how the bench reached the server', () => {
  assert.is(connectionKind(SOCKET), 'over its Unix socket (/var/run/postgresql)');
  assert.is(connectionKind(TCP), 'over TCP (127.0.0.1)');
});

test('the Temporal server gets the same database over TCP', () => {
  assert.is(overTcp(SOCKET), TCP);
  assert.is(overTcp('postgres://u:p@%2Ftmp/x?sslmode=disable'), 'postgres://u:p@127.0.0.1:5432/x?sslmode=disable');
  assert.is(overTcp(TCP), TCP);
});

test.run();
