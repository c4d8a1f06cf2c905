/** Signing in: password check under the throttle, browser sessions and API bearer tokens. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { User, Session, ApiToken } from '../entities.js';
import type { IUser } from './user.entity.js';
import { db, type Db } from '../common/database.js';
import { coalescedQuery } from '../common/coalesced-query.js';
import type { RememberedCallers } from './remembered-callers.js';
import type { Caller, CallerSession } from './caller.js';
import { Unauthorized } from '../common/errors.js';
import { decoyHash, hashPassword, needsRehash, verifyPassword, type ScryptCost } from './password.js';
import { claimAttempt, markAttemptSucceeded, type ThrottleLimits } from './login-throttle.js';
import { newSecret, sha256Hex } from './tokens.js';

/** How sign-in is checked: the throttle's limits and the password hashing cost new hashes get. */
export interface SignInPolicy {
  limits: ThrottleLimits;
  cost: ScryptCost;
}

/**
 * Checks an email and password under the throttle (the attempt is counted before the
 * password is checked); the same message for every failure so emails can't be probed.
 * A right password stored with older hashing parameters is rehashed with the current ones.
 */
export async function authenticate(
  em: EntityManager, email: string, password: string, ipAddress: string, policy: SignInPolicy,
): Promise<IUser> {
  const normalized = email.trim().toLowerCase();
  // No account has such a name, so there is nothing to guess (and PostgreSQL refuses NUL in text).
  if (normalized.length > 254 || hasControlCharacter(normalized)) throw new Unauthorized('Email or password is incorrect.');
  const attemptId = await claimAttempt(em, normalized, ipAddress, policy.limits);
  const user = await em.findOne(User, { email: normalized, active: true });
  const ok = await verifyPassword(password, user?.passwordHash ?? (await decoyHash(policy.cost)));
  if (!ok || !user) throw new Unauthorized('Email or password is incorrect.');
  await markAttemptSucceeded(em, attemptId);
  if (needsRehash(user.passwordHash, policy.cost)) await rehash(em, user, password, policy.cost);
  return user;
}

function hasControlCharacter(text: string): boolean {
  return [...text].some((ch) => { const code = ch.charCodeAt(0); return code < 0x20 || code === 0x7f; });
}

/** Replaces the stored hash, unless the password changed meanwhile (then the newer hash stays). */
async function rehash(em: EntityManager, user: IUser, password: string, cost: ScryptCost) {
  const fresh = await hashPassword(password, cost);
  await db(em).updateTable('app_user').set({ password_hash: fresh })
    .where('id', '=', user.id).where('password_hash', '=', user.passwordHash).execute();
}

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function startSession(
  em: EntityManager, user: IUser, ttlHours: number, client: { ipAddress?: string; userAgent?: string },
): Promise<NewSession> {
  const token = newSecret();
  const csrfToken = sha256Hex(newSecret());
  const expiresAt = new Date(Date.now() + ttlHours * 3600_000);
  em.create(Session, {
    id: sha256Hex(token), user, csrfToken, expiresAt,
    ipAddress: client.ipAddress ?? null, userAgent: client.userAgent?.slice(0, 500) ?? null,
  });
  await em.flush();
  return { token, csrfToken, expiresAt };
}

/** lastSeenAt / lastUsedAt are written at most this often, so a busy page costs no write per request. */
const TOUCH_EVERY_MS = 60_000;

/** The caller's columns, the same for a session and a token (the user is joined as `u`). */
const CALLER_COLUMNS = ['u.id', 'u.email', 'u.name', 'u.role', 'u.active'] as const;

/**
 * A session and its user in one fixed-shape statement, compiled once: every browser request
 * runs it, so no entity is hydrated and the password hash is never read. Requests that
 * arrive at the same moment share one run of it (domain/common/coalesced-query.ts). An API
 * process that listens for changes may also serve a row it read moments ago (remembered-callers.ts).
 */
const sessionRow = coalescedQuery(['text'], (q: Db, id: string) => q.selectFrom('session as s').innerJoin('app_user as u', 'u.id', 's.user_id')
  .select(['s.id as sessionId', 's.csrf_token as csrfToken', 's.expires_at as expiresAt', 's.last_seen_at as lastSeenAt', ...CALLER_COLUMNS])
  .where('s.id', '=', id));
type SessionRow = Awaited<ReturnType<typeof sessionRow>>[number];

/**
 * A remembered row is used as it is only when it asks for nothing: live, and recorded as used within `withinMs`
 * (a minute, or a shorter idle timeout). Any other (ended, idle, due its touch) is read again, so no write and no
 * refusal rests on a kept row. Another process may have used it since, so its real last use is never older.
 */
function quiet(row: { expiresAt: Date; active: boolean }, lastUse: Date | null, withinMs: number): boolean {
  return row.active && row.expiresAt > new Date() && lastUse !== null && Date.now() - lastUse.getTime() <= withinMs;
}

/** The row for `key`: remembered when `remembered` holds a quiet one, else read (and remembered). */
async function callerRow<Row extends { expiresAt: Date; active: boolean }>(
  remembered: RememberedCallers | undefined, key: string, read: () => Promise<Row | undefined>,
  lastUse: (row: Row) => Date | null, withinMs: number,
): Promise<Row | undefined> {
  if (!remembered) return read();
  const kept = remembered.row<Row>(key);
  if (kept && quiet(kept, lastUse(kept), withinMs)) return kept;
  return remembered.read(key, read);
}

/**
 * The live session for a cookie token and its user, or null: past its absolute lifetime, or unused for
 * `idleMinutes`, it has ended (and an idle one is deleted). Refreshes lastSeenAt at most once a minute.
 * `remembered`: the process's remembered callers, when it may serve from them (reads only: api/middleware/authenticate.ts).
 */
export async function findSession(
  em: EntityManager, token: string, idleMinutes: number, remembered?: RememberedCallers,
): Promise<{ session: CallerSession; user: Caller } | null> {
  const id = sha256Hex(token);
  const read = async () => (await sessionRow(em, id))[0];
  const row = await callerRow<SessionRow>(remembered, `session:${id}`, read, (r) => r.lastSeenAt, Math.min(TOUCH_EVERY_MS, idleMinutes * 60_000));
  if (!row || row.expiresAt <= new Date() || !row.active) return null;
  const idleMs = Date.now() - row.lastSeenAt.getTime();
  if (idleMs > idleMinutes * 60_000) {
    await db(em).deleteFrom('session').where('id', '=', row.sessionId).execute();
    return null;
  }
  if (idleMs > TOUCH_EVERY_MS) {
    await db(em).updateTable('session').set({ last_seen_at: sql`now()` }).where('id', '=', row.sessionId).execute();
  }
  return { session: { id: row.sessionId, csrfToken: row.csrfToken }, user: callerOf(row) };
}

function callerOf(row: Caller): Caller {
  return { id: row.id, email: row.email, name: row.name, role: row.role };
}

export async function endSession(em: EntityManager, token: string) {
  await em.nativeDelete(Session, { id: sha256Hex(token) });
}

export async function issueApiToken(em: EntityManager, user: IUser, ttlHours: number) {
  const token = newSecret();
  const expiresAt = new Date(Date.now() + ttlHours * 3600_000);
  em.create(ApiToken, { user, tokenHash: sha256Hex(token), expiresAt });
  await em.flush();
  return { token, expiresAt };
}

/** A token and its user in one fixed-shape statement, compiled once and shared by requests at the same moment (as `sessionRow`, for every API request). */
const apiTokenRow = coalescedQuery(['text'], (q: Db, tokenHash: string) => q.selectFrom('api_token as t').innerJoin('app_user as u', 'u.id', 't.user_id')
  .select(['t.id as tokenId', 't.expires_at as expiresAt', 't.revoked_at as revokedAt', 't.last_used_at as lastUsedAt', ...CALLER_COLUMNS])
  .where('t.token_hash', '=', tokenHash));
type TokenRow = Awaited<ReturnType<typeof apiTokenRow>>[number];

/**
 * The live API token for a bearer value and its user, or null; records lastUsedAt at most once a minute.
 * `remembered` as for `findSession`.
 */
export async function findApiToken(em: EntityManager, token: string, remembered?: RememberedCallers): Promise<{ id: number; user: Caller } | null> {
  const tokenHash = sha256Hex(token);
  const read = async () => (await apiTokenRow(em, tokenHash))[0];
  const row = await callerRow<TokenRow>(remembered, `token:${tokenHash}`, read, (r) => (r.revokedAt ? null : r.lastUsedAt), TOUCH_EVERY_MS);
  if (!row || row.revokedAt || row.expiresAt <= new Date() || !row.active) return null;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
    await db(em).updateTable('api_token').set({ last_used_at: sql`now()` }).where('id', '=', row.tokenId).execute();
  }
  return { id: row.tokenId, user: callerOf(row) };
}
