/** The real process entry point: a bad environment stops it before it listens, naming each bad variable. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';

test('the API process exits with every bad variable named', () => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'api/server.ts'], {
    env: { ...process.env, PORT: 'abc', REDIS_URL: 'ftp://nowhere', NODE_ENV: 'test' },
    encoding: 'utf8',
    timeout: 30_000,
  });
  assert.is(result.status, 78);
  assert.match(result.stderr, 'Invalid configuration');
  assert.match(result.stderr, 'PORT:');
  assert.match(result.stderr, 'REDIS_URL:');
});

test.run();
