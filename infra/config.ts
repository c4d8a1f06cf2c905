/**
 * The process configuration, read once from the environment.
 * Defaults work on a development machine with PostgreSQL, Redis and the Temporal
 * dev server on 127.0.0.1. A bad value stops the process with every bad variable named,
 * so an operator fixes them all in one go instead of one per restart.
 */
import { isIP } from 'node:net';
import { z } from 'zod';
import { REGISTRATIONS_PER_ADDRESS_PER_HOUR } from '../domain/portal/registration-rules.js';

const port = z.coerce.number().int().min(1).max(65535);
const url = (protocols: string[]) =>
  z.string().refine((value) => {
    try {
      return protocols.includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, `must be a URL starting with ${protocols.join(' or ')}//`);

/** Development values, published in this repository: a production start refuses them. */
const DEVELOPMENT_SESSION_SECRET = 'dev-only-session-secret-change-me-in-production';
const DEVELOPMENT_SMS_API_KEY = 'dev-sms-key';
/** Secrets anyone can read here or in an old docker-compose.yml, and the placeholder look of such values. */
const PUBLISHED_SECRETS = new Set([DEVELOPMENT_SESSION_SECRET, 'change-me-to-a-long-random-string-of-32+chars', DEVELOPMENT_SMS_API_KEY]);
const PLACEHOLDER = /change[-_ ]?me|^x+$|^(.)\1+$/i;

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: port.default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** API processes sharing the port (`npm start`); 0 means one per core. */
  API_PROCESSES: z.coerce.number().int().min(0).max(64).default(0),
  PUBLIC_URL: z.string().optional(),
  DATABASE_URL: url(['postgres:', 'postgresql:']).default('postgres://postgres@127.0.0.1:5432/cistern'),
  /**
   * PostgreSQL connections one API process keeps at most (each process has its own pool). Sized
   * against the database server's cores, not the clients': more connections than it can run at
   * once only queue inside PostgreSQL (docs/operations.md#database-connections; 20 was slower).
   */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /**
   * Connections one API process keeps apart for the account search's name and e-mail statements, each planned
   * once per shape (infra/database/generic-plan-pool.ts). Each keeps its plans (~0.6 MB a shape), so they are few.
   */
  DATABASE_SEARCH_POOL_SIZE: z.coerce.number().int().min(1).max(50).default(4),
  /**
   * Where each API process LISTENs for changes of sessions, tokens and users, so that it may remember callers
   * between requests (domain/auth/remembered-callers.ts); DATABASE_URL when unset. It must reach PostgreSQL
   * directly or through a session-mode pool: a transaction-mode pooler does not deliver notices. `off`: no
   * caller is remembered, every request looks its caller up.
   */
  DATABASE_LISTEN_URL: z.union([z.literal('off'), url(['postgres:', 'postgresql:'])]).optional(),
  REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]+$/, 'letters, digits, : _ - only').default('cistern'),
  TEMPORAL_ADDRESS: z.string().regex(/^[^\s:]+:\d+$/, 'must be host:port').default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('service-orders'),
  TEMPORAL_UI_PORT: port.default(8233),
  /** Where people open the Temporal UI (order pages link each order's run there). */
  TEMPORAL_UI_URL: url(['http:', 'https:']).default('http://127.0.0.1:8233'),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').default(DEVELOPMENT_SESSION_SECRET),
  SESSION_TTL_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
  /** A session unused this long ends, whatever its absolute lifetime says. */
  SESSION_IDLE_MINUTES: z.coerce.number().positive().max(24 * 60).default(30),
  TOKEN_TTL_HOURS: z.coerce.number().positive().max(24 * 365).default(24),
  /** `auto`: Secure when the request came over HTTPS; production defaults to `true` (see productionProblems). */
  COOKIE_SECURE: z.enum(['true', 'false', 'auto']).default('auto'),
  /** The bearer token Prometheus sends to GET /metrics; it opens nothing else. Unset: /metrics is off. */
  METRICS_TOKEN: z.string().min(32, 'must be at least 32 characters').optional(),
  DEMO_PASSWORD: z.string().min(8, 'must be at least 8 characters').default('cistern-demo'),
  UTILITY_TIME_ZONE: z.string().refine(isTimeZone, 'must be an IANA time zone such as America/Chicago').default('America/Chicago'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().positive().default(5),
  LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().positive().default(20),
  LOGIN_THROTTLE_WINDOW_MINUTES: z.coerce.number().positive().default(15),
  /** Reverse proxies / balancers whose X-Forwarded-For is believed: addresses or CIDRs, comma-separated; empty trusts none. */
  TRUST_PROXY: z.string().default('').transform(splitList).superRefine((entries, ctx) => {
    for (const entry of entries.filter((e) => !isAddressOrCidr(e))) ctx.addIssue({ code: 'custom', message: `"${entry}" is not an IP address or a CIDR such as 10.0.0.0/8` });
  }),
  /** scrypt cost as log2(N); production uses 17 (N = 131072, r = 8, p = 1). Only tests may lower it. */
  PASSWORD_SCRYPT_LOG2_N: z.coerce.number().int().min(10).max(20).default(17),
  /** How long an admin's password-reset link stays usable. */
  PASSWORD_RESET_TTL_MINUTES: z.coerce.number().int().positive().max(7 * 24 * 60).default(60),
  /** Portal registration requests one client address may make in an hour, each hashing a password (docs/rules.md#consumer-portal-identity). */
  PORTAL_REGISTRATIONS_PER_ADDRESS_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(REGISTRATIONS_PER_ADDRESS_PER_HOUR),
  /** notifications & jobs: where email goes out (nodemailer URL, e.g. smtps://user:pass@host:465); a local sink by default. */
  SMTP_URL: url(['smtp:', 'smtps:']).default('smtp://127.0.0.1:2525'),
  SMTP_FROM: z.string().min(3).default('Cistern Water <notifications@cistern.example>'),
  /** The SMS provider's "send a message" endpoint (POST JSON, Idempotency-Key header); a local sink by default. */
  SMS_PROVIDER_URL: url(['http:', 'https:']).default('http://127.0.0.1:2526/v1/messages'),
  SMS_API_KEY: z.string().min(1).default(DEVELOPMENT_SMS_API_KEY),
  SMS_FROM: z.string().min(1).default('CISTERN'),
  /** How long one email or SMS send may take before it counts as failed (and is retried). */
  NOTIFICATION_SEND_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /**
   * Notification jobs one jobs worker runs at a time. A job mostly waits (database, SMTP round
   * trips) and holds no database connection while it sends, so many run at once on one core;
   * the more run at once, the more share each of the sender's statements (BENCHMARKS.md,
   * "Wider notification groups").
   */
  NOTIFICATION_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(64),
  /** Threads the nightly metrics run works its chunks on (infra/metrics/metrics-lanes.ts); 0 means one per core, 1 none besides the job's own. */
  METRICS_THREADS: z.coerce.number().int().min(0).max(64).default(0),
  /**
   * SMTP connections one jobs worker keeps open (nodemailer pool); mail providers cap them per client.
   * Each sends one message at a time: 64 jobs over 10 connections sent no more than 32 did, over 20
   * a fifth more (same section).
   */
  SMTP_POOL_CONNECTIONS: z.coerce.number().int().min(1).max(100).default(20),
  /** Messages sent over one pooled SMTP connection before it is replaced by a fresh one. */
  SMTP_POOL_MAX_MESSAGES: z.coerce.number().int().min(1).default(1000),
  /** Largest document file accepted (bytes; 10 MiB). Files live in Postgres, so keep it modest. */
  DOCUMENT_MAX_BYTES: z.coerce.number().int().positive().max(100 * 1024 * 1024).default(10 * 1024 * 1024),
  /** Largest photo a consumer may attach to a problem report in the portal (bytes; 5 MiB). */
  PHOTO_MAX_BYTES: z.coerce.number().int().positive().max(50 * 1024 * 1024).default(5 * 1024 * 1024),
});

function splitList(value: string): string[] {
  return value.split(',').map((item) => item.trim()).filter(Boolean);
}

function isAddressOrCidr(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address ?? '');
  if (!family || rest.length) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d+$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parses an environment; throws ConfigError naming every bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(present);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  if (result.data.NODE_ENV !== 'test' && result.data.PASSWORD_SCRYPT_LOG2_N < 17) {
    throw new ConfigError(['PASSWORD_SCRYPT_LOG2_N: may be lowered below 17 only when NODE_ENV=test']);
  }
  if (result.data.NODE_ENV !== 'production') return result.data;
  const problems = productionProblems(result.data, present);
  if (problems.length > 0) throw new ConfigError(problems);
  return { ...result.data, COOKIE_SECURE: present.COOKIE_SECURE ? result.data.COOKIE_SECURE : 'true' };
}

const isSecretLike = (value: string) => PUBLISHED_SECRETS.has(value) || PLACEHOLDER.test(value);

/**
 * What a production start refuses (docs/security.md, V14.1): the development session
 * secret or a placeholder, and a notification channel left on its development sink or
 * without the credential it needs. Every problem is named at once, like the others.
 */
function productionProblems(config: Config, present: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  if (!present.SESSION_SECRET) problems.push('SESSION_SECRET: must be set in production (a random string of at least 32 characters)');
  else if (isSecretLike(config.SESSION_SECRET)) problems.push('SESSION_SECRET: is a published development or placeholder value; set a random one');
  if (!present.SMTP_URL) problems.push('SMTP_URL: must be set in production (the default is the development mail sink)');
  else if (smtpUserWithoutPassword(config.SMTP_URL)) problems.push('SMTP_URL: names a user but no password');
  if (!present.SMS_PROVIDER_URL) problems.push('SMS_PROVIDER_URL: must be set in production (the default is the development SMS sink)');
  if (!present.SMS_API_KEY) problems.push('SMS_API_KEY: must be set in production');
  else if (isSecretLike(config.SMS_API_KEY)) problems.push('SMS_API_KEY: is a published development or placeholder value');
  if (config.METRICS_TOKEN && (isSecretLike(config.METRICS_TOKEN) || config.METRICS_TOKEN === config.SESSION_SECRET)) {
    problems.push('METRICS_TOKEN: must be a random value of its own (not a placeholder, not the session secret)');
  }
  return problems;
}

function smtpUserWithoutPassword(smtpUrl: string): boolean {
  const parsed = new URL(smtpUrl);
  return parsed.username !== '' && parsed.password === '';
}

let cached: Config | undefined;

/** The process-wide configuration; on a bad environment prints the problems and exits. */
export function config(): Config {
  if (cached) return cached;
  try {
    cached = parseConfig(process.env);
    return cached;
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}
