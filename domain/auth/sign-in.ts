/** Signing in: password check under the throttle, browser sessions and API bearer tokens. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { User, Session, ApiToken } from '../entities.js';
import type { IUser } from './user.entity.js';
import { Unauthorized } from '../common/errors.js';
import { decoyHash, verifyPassword } from './password.js';
import { assertNotThrottled, recordAttempt, type ThrottleLimits } from './login-throttle.js';
import { newSecret, sha256Hex } from './tokens.js';

/** Checks an email and password under the throttle; the same message for every failure so emails can't be probed. */
export async function authenticate(
  em: EntityManager, email: string, password: string, ipAddress: string, limits: ThrottleLimits,
): Promise<IUser> {
  const normalized = email.trim().toLowerCase();
  await assertNotThrottled(em, normalized, ipAddress, limits);
  const user = await em.findOne(User, { email: normalized, active: true });
  const ok = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
  await recordAttempt(em, normalized, ipAddress, ok && !!user);
  if (!ok || !user) throw new Unauthorized('Email or password is incorrect.');
  return user;
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

/** The live session for a cookie token, or null; refreshes lastSeenAt at most once a minute. */
export async function findSession(em: EntityManager, token: string) {
  const session = await em.findOne(Session, { id: sha256Hex(token) }, { populate: ['user'] });
  if (!session || session.expiresAt <= new Date() || !session.user.active) return null;
  if (Date.now() - session.lastSeenAt.getTime() > 60_000) {
    session.lastSeenAt = new Date();
    await em.flush();
  }
  return session;
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

export async function findApiTokenUser(em: EntityManager, token: string): Promise<IUser | null> {
  const row = await em.findOne(ApiToken, { tokenHash: sha256Hex(token) }, { populate: ['user'] });
  if (!row || row.revokedAt || row.expiresAt <= new Date() || !row.user.active) return null;
  return row.user;
}
