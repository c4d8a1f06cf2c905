/** Unit tests of the process configuration (defaults, parsing, every bad variable named). */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError, parseConfig } from './config.js';

test('defaults work on a development machine', () => {
  const config = parseConfig({});
  assert.is(config.PORT, 3000);
  assert.is(config.DATABASE_URL, 'postgres://postgres@127.0.0.1:5432/cistern');
  assert.is(config.REDIS_URL, 'redis://127.0.0.1:6379');
  assert.is(config.TEMPORAL_ADDRESS, '127.0.0.1:7233');
  assert.is(config.TEMPORAL_NAMESPACE, 'default');
  assert.is(config.DEMO_PASSWORD, 'cistern-demo');
});

test('values from the environment are parsed and typed', () => {
  const config = parseConfig({ PORT: '8080', SESSION_TTL_HOURS: '2', TEMPORAL_ADDRESS: 'temporal:7233' });
  assert.is(config.PORT, 8080);
  assert.is(config.SESSION_TTL_HOURS, 2);
  assert.is(config.TEMPORAL_ADDRESS, 'temporal:7233');
});

test('empty strings count as unset', () => {
  assert.is(parseConfig({ PORT: '' }).PORT, 3000);
});

const BAD: [string, Record<string, string>, string][] = [
  ['port not a number', { PORT: 'eighty' }, 'PORT'],
  ['port out of range', { PORT: '70000' }, 'PORT'],
  ['database url of another kind', { DATABASE_URL: 'mysql://x@y/z' }, 'DATABASE_URL'],
  ['database url not a url', { DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
  ['redis url wrong scheme', { REDIS_URL: 'http://127.0.0.1:6379' }, 'REDIS_URL'],
  ['temporal address without port', { TEMPORAL_ADDRESS: 'localhost' }, 'TEMPORAL_ADDRESS'],
  ['short session secret', { SESSION_SECRET: 'short' }, 'SESSION_SECRET'],
  ['unknown time zone', { UTILITY_TIME_ZONE: 'Mars/Olympus' }, 'UTILITY_TIME_ZONE'],
  ['bad log level', { LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  ['bad node env', { NODE_ENV: 'staging' }, 'NODE_ENV'],
  ['a trusted proxy that is no address', { TRUST_PROXY: '10.0.0.1, balancer.internal' }, 'TRUST_PROXY'],
  ['a CIDR prefix too long', { TRUST_PROXY: '10.0.0.0/33' }, 'TRUST_PROXY'],
  ['a weaker scrypt cost outside tests', { PASSWORD_SCRYPT_LOG2_N: '12' }, 'PASSWORD_SCRYPT_LOG2_N'],
];
for (const [name, env, variable] of BAD) {
  test(`refuses ${name}, naming ${variable}`, () => {
    try {
      parseConfig(env);
      assert.unreachable('should have thrown');
    } catch (error) {
      assert.instance(error, ConfigError);
      assert.ok((error as ConfigError).problems.some((p) => p.startsWith(`${variable}:`)), String(error));
    }
  });
}

test('names every bad variable at once', () => {
  try {
    parseConfig({ PORT: 'x', REDIS_URL: 'nope', SESSION_SECRET: 'short' });
    assert.unreachable('should have thrown');
  } catch (error) {
    const message = (error as Error).message;
    for (const variable of ['PORT', 'REDIS_URL', 'SESSION_SECRET']) assert.match(message, `${variable}:`);
    assert.is((error as ConfigError).problems.length, 3);
  }
});

test('production demands its own session secret', () => {
  assert.throws(() => parseConfig({ NODE_ENV: 'production' }), /SESSION_SECRET/);
  assert.is(parseConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) }).NODE_ENV, 'production');
});

test('trusted proxies, the idle timeout and the scrypt cost have safe defaults', () => {
  const defaults = parseConfig({});
  assert.equal(defaults.TRUST_PROXY, []);
  assert.is(defaults.SESSION_IDLE_MINUTES, 30);
  assert.is(defaults.PASSWORD_SCRYPT_LOG2_N, 17);
  assert.equal(parseConfig({ TRUST_PROXY: '10.0.0.0/8, ::1,192.0.2.7' }).TRUST_PROXY, ['10.0.0.0/8', '::1', '192.0.2.7']);
  assert.is(parseConfig({ NODE_ENV: 'test', PASSWORD_SCRYPT_LOG2_N: '12' }).PASSWORD_SCRYPT_LOG2_N, 12);
});

test.run();
