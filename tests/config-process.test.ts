/**
 * The real process entry points: a bad environment stops them before they listen, naming
 * each bad variable; a production start refuses development secrets, and the demo seed
 * refuses to run at all, so demo users never reach a production database.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { sql } from 'kysely';
import { db } from '../domain/common/database.js';
import { createTestDatabase } from './support/database.js';

/** The variables a production start checks, removed from the inherited environment so each case sets exactly what it names. */
const CHECKED = ['SESSION_SECRET', 'SMTP_URL', 'SMS_PROVIDER_URL', 'SMS_API_KEY', 'METRICS_TOKEN', 'COOKIE_SECURE'];
const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !CHECKED.includes(key)));
const PRODUCTION = {
  NODE_ENV: 'production',
  SESSION_SECRET: 'q7LwX2vR9mZcT4pYbN8sKdF3hJ6gA1eU5oI0',
  SMTP_URL: 'smtps://mailer:s3cret-pass@mail.utility.example:465',
  SMS_PROVIDER_URL: 'https://sms.example/v1/messages',
  SMS_API_KEY: 'live_8Hq2Lw9Zx4Rt7Mv1Kp3N',
};

function run(entry: string, env: Record<string, string>) {
  return spawnSync(process.execPath, ['--import', 'tsx', entry], { env: { ...inherited, ...env }, encoding: 'utf8', timeout: 30_000 });
}

test('the API process exits with every bad variable named', () => {
  const result = run('api/server.ts', { PORT: 'abc', REDIS_URL: 'ftp://nowhere', NODE_ENV: 'test' });
  assert.is(result.status, 78);
  assert.match(result.stderr, 'Invalid configuration');
  assert.match(result.stderr, 'PORT:');
  assert.match(result.stderr, 'REDIS_URL:');
});

test('a production API start without a session secret (or any channel secret) exits, naming each', () => {
  const result = run('api/server.ts', { NODE_ENV: 'production' });
  assert.is(result.status, 78);
  assert.match(result.stderr, 'SESSION_SECRET: must be set in production');
  assert.match(result.stderr, 'SMTP_URL: must be set in production');
  assert.match(result.stderr, 'SMS_PROVIDER_URL: must be set in production');
  assert.match(result.stderr, 'SMS_API_KEY: must be set in production');
});

test('a production API start with the development session secret exits with a clear message', () => {
  const result = run('api/server.ts', { ...PRODUCTION, SESSION_SECRET: 'dev-only-session-secret-change-me-in-production' });
  assert.is(result.status, 78);
  assert.match(result.stderr, 'SESSION_SECRET: is a published development or placeholder value; set a random one');
  assert.not.match(result.stderr, 'SMTP_URL');
});

test('the jobs worker refuses the development SMS key in production', () => {
  const result = run('workers/jobs.ts', { ...PRODUCTION, SMS_API_KEY: 'dev-sms-key' });
  assert.is(result.status, 78);
  assert.match(result.stderr, 'SMS_API_KEY: is a published development or placeholder value');
});

test('the demo seed refuses to run in production and creates no user', async () => {
  const database = await createTestDatabase('seed_production');
  try {
    const result = run('scripts/seed.ts', { ...PRODUCTION, DATABASE_URL: database.url });
    assert.is(result.status, 78);
    assert.match(result.stderr, 'does not run with NODE_ENV=production');
    assert.match(result.stderr, 'npm run user:create');
    const users = await db(database.orm.em).selectFrom('app_user').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow();
    assert.is(users.n, 0);
  } finally {
    await database.drop();
  }
});

test('the first admin of a production installation comes from user:create, password from standard input', async () => {
  const database = await createTestDatabase('create_user');
  try {
    const args = ['--import', 'tsx', 'scripts/create-user.ts', '--email', 'Ops@Utility.example', '--name', 'Olu Ops', '--role', 'admin'];
    const env = { ...inherited, ...PRODUCTION, DATABASE_URL: database.url };
    const created = spawnSync(process.execPath, args, { env, encoding: 'utf8', timeout: 30_000, input: 'a long enough password\n' });
    assert.is(created.status, 0, created.stderr);
    assert.match(created.stdout, 'Created admin ops@utility.example');
    assert.not.match(created.stdout, 'a long enough password');
    const short = spawnSync(process.execPath, args, { env, encoding: 'utf8', timeout: 30_000, input: 'eleven char\n' });
    assert.is(short.status, 64);
    assert.match(short.stderr, 'at least 12 characters', 'the rule of every other way to choose a password');
    const consumerArgs = args.map((arg) => (arg === 'admin' ? 'consumer' : arg));
    const consumer = spawnSync(process.execPath, consumerArgs, { env, encoding: 'utf8', timeout: 30_000, input: 'a long enough password\n' });
    assert.is(consumer.status, 64, 'a consumer is made by portal registration, tied to an account');
    assert.match(consumer.stderr, '--role: must be one of agent, dispatcher, admin');
    const users = await db(database.orm.em).selectFrom('app_user').select(['email', 'role']).execute();
    assert.equal(users, [{ email: 'ops@utility.example', role: 'admin' }]);
  } finally {
    await database.drop();
  }
});

test.run();
