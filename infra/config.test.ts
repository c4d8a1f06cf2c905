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
  assert.is(config.DATABASE_POOL_SIZE, 10);
});

test('values from the environment are parsed and typed', () => {
  const config = parseConfig({ PORT: '8080', SESSION_TTL_HOURS: '2', TEMPORAL_ADDRESS: 'temporal:7233', DATABASE_POOL_SIZE: '8' });
  assert.is(config.PORT, 8080);
  assert.is(config.DATABASE_POOL_SIZE, 8);
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
  ['no database connections', { DATABASE_POOL_SIZE: '0' }, 'DATABASE_POOL_SIZE'],
  ['database connections not a whole number', { DATABASE_POOL_SIZE: '2.5' }, 'DATABASE_POOL_SIZE'],
  ['listen url of another kind', { DATABASE_LISTEN_URL: 'redis://127.0.0.1:6379' }, 'DATABASE_LISTEN_URL'],
  ['listen url neither a url nor off', { DATABASE_LISTEN_URL: 'no' }, 'DATABASE_LISTEN_URL'],
  ['redis url wrong scheme', { REDIS_URL: 'http://127.0.0.1:6379' }, 'REDIS_URL'],
  ['temporal address without port', { TEMPORAL_ADDRESS: 'localhost' }, 'TEMPORAL_ADDRESS'],
  ['short session secret', { SESSION_SECRET: 'short' }, 'SESSION_SECRET'],
  ['unknown time zone', { UTILITY_TIME_ZONE: 'Mars/Olympus' }, 'UTILITY_TIME_ZONE'],
  ['bad log level', { LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  ['bad node env', { NODE_ENV: 'staging' }, 'NODE_ENV'],
  ['a trusted proxy that is no address', { TRUST_PROXY: '10.0.0.1, balancer.internal' }, 'TRUST_PROXY'],
  ['a CIDR prefix too long', { TRUST_PROXY: '10.0.0.0/33' }, 'TRUST_PROXY'],
  ['a weaker scrypt cost outside tests', { PASSWORD_SCRYPT_LOG2_N: '12' }, 'PASSWORD_SCRYPT_LOG2_N'],
  ['no notification jobs at a time', { NOTIFICATION_CONCURRENCY: '0' }, 'NOTIFICATION_CONCURRENCY'],
  ['an SMTP pool of no connections', { SMTP_POOL_CONNECTIONS: '0' }, 'SMTP_POOL_CONNECTIONS'],
  ['messages per SMTP connection not a number', { SMTP_POOL_MAX_MESSAGES: 'many' }, 'SMTP_POOL_MAX_MESSAGES'],
];

test('notification throughput settings: production defaults, and the environment overrides them', () => {
  const defaults = parseConfig({});
  assert.equal([defaults.NOTIFICATION_CONCURRENCY, defaults.SMTP_POOL_CONNECTIONS, defaults.SMTP_POOL_MAX_MESSAGES], [64, 20, 1000]);
  const set = parseConfig({ NOTIFICATION_CONCURRENCY: '8', SMTP_POOL_CONNECTIONS: '3', SMTP_POOL_MAX_MESSAGES: '50' });
  assert.equal([set.NOTIFICATION_CONCURRENCY, set.SMTP_POOL_CONNECTIONS, set.SMTP_POOL_MAX_MESSAGES], [8, 3, 50]);
});
test('the caller-change connection: unset (the API uses DATABASE_URL), a PostgreSQL url, or off', () => {
  assert.is(parseConfig({}).DATABASE_LISTEN_URL, undefined);
  assert.is(parseConfig({ DATABASE_LISTEN_URL: 'postgres://postgres@db:5432/cistern' }).DATABASE_LISTEN_URL, 'postgres://postgres@db:5432/cistern');
  assert.is(parseConfig({ DATABASE_LISTEN_URL: 'off' }).DATABASE_LISTEN_URL, 'off');
});
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

/** Everything a production start needs, each a value of its own. */
const PRODUCTION: Record<string, string> = {
  NODE_ENV: 'production',
  SESSION_SECRET: 'q7LwX2vR9mZcT4pYbN8sKdF3hJ6gA1eU5oI0',
  SMTP_URL: 'smtps://mailer:s3cret-pass@mail.utility.example:465',
  SMS_PROVIDER_URL: 'https://sms.example/v1/messages',
  SMS_API_KEY: 'live_8Hq2Lw9Zx4Rt7Mv1Kp3N',
};
const without = (name: string) => Object.fromEntries(Object.entries(PRODUCTION).filter(([key]) => key !== name));

test('a complete production environment is accepted, with Secure cookies unless told otherwise', () => {
  const config = parseConfig(PRODUCTION);
  assert.is(config.NODE_ENV, 'production');
  assert.is(config.COOKIE_SECURE, 'true');
  assert.is(parseConfig({ ...PRODUCTION, COOKIE_SECURE: 'auto' }).COOKIE_SECURE, 'auto');
  assert.is(parseConfig({}).COOKIE_SECURE, 'auto', 'development keeps auto');
});

const PRODUCTION_REFUSALS: [string, Record<string, string>, string, string][] = [
  ['an unset session secret', without('SESSION_SECRET'), 'SESSION_SECRET', 'must be set in production'],
  ['the development session secret', { ...PRODUCTION, SESSION_SECRET: 'dev-only-session-secret-change-me-in-production' }, 'SESSION_SECRET', 'published'],
  ['the old compose fallback secret', { ...PRODUCTION, SESSION_SECRET: 'change-me-to-a-long-random-string-of-32+chars' }, 'SESSION_SECRET', 'published'],
  ['a placeholder secret', { ...PRODUCTION, SESSION_SECRET: 'x'.repeat(40) }, 'SESSION_SECRET', 'placeholder'],
  ['the development mail sink', without('SMTP_URL'), 'SMTP_URL', 'must be set in production'],
  ['an SMTP user without a password', { ...PRODUCTION, SMTP_URL: 'smtps://mailer@mail.utility.example:465' }, 'SMTP_URL', 'no password'],
  ['the development SMS sink', without('SMS_PROVIDER_URL'), 'SMS_PROVIDER_URL', 'must be set in production'],
  ['an unset SMS key', without('SMS_API_KEY'), 'SMS_API_KEY', 'must be set in production'],
  ['the development SMS key', { ...PRODUCTION, SMS_API_KEY: 'dev-sms-key' }, 'SMS_API_KEY', 'published'],
  ['a metrics token equal to the session secret', { ...PRODUCTION, METRICS_TOKEN: PRODUCTION.SESSION_SECRET }, 'METRICS_TOKEN', 'of its own'],
];
for (const [name, env, variable, words] of PRODUCTION_REFUSALS) {
  test(`production refuses ${name}, naming ${variable}`, () => {
    try {
      parseConfig(env);
      assert.unreachable('should have thrown');
    } catch (error) {
      assert.instance(error, ConfigError);
      const problem = (error as ConfigError).problems.find((p) => p.startsWith(`${variable}:`));
      assert.ok(problem?.includes(words), String(error));
    }
  });
}

test('the same values are fine outside production', () => {
  for (const [, env] of PRODUCTION_REFUSALS) assert.is(parseConfig({ ...env, NODE_ENV: 'development' }).NODE_ENV, 'development');
});

test('a production start with nothing set names every missing secret at once', () => {
  try {
    parseConfig({ NODE_ENV: 'production' });
    assert.unreachable('should have thrown');
  } catch (error) {
    const named = (error as ConfigError).problems.map((p) => p.split(':')[0]);
    assert.equal(named, ['SESSION_SECRET', 'SMTP_URL', 'SMS_PROVIDER_URL', 'SMS_API_KEY']);
  }
});

test('the metrics token is optional and at least 32 characters', () => {
  assert.is(parseConfig({}).METRICS_TOKEN, undefined);
  assert.throws(() => parseConfig({ METRICS_TOKEN: 'short' }), /METRICS_TOKEN/);
  assert.is(parseConfig({ ...PRODUCTION, METRICS_TOKEN: 'm'.repeat(8) + 'Zx81Lq0Vt5Rw2Kp9Yb3Nc7Hd' }).METRICS_TOKEN?.length, 32);
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
