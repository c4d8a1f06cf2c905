/**
 * One-time password-reset links (docs/rules.md#sign-in-and-sessions): an admin sends one,
 * the jobs worker e-mails it, and the person sets a new password with it once, before it
 * expires; every session and token of theirs then ends.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../common/actor.js';
import { db } from '../common/database.js';
import { Conflict, DomainError, NotFound } from '../common/errors.js';
import { audit } from '../audit/audit.js';
import { addOutboxMessage } from '../notifications/outbox.js';
import type { ChannelSender } from '../notifications/notification-channel.js';
import { hashPassword, type ScryptCost } from './password.js';
import { replacePassword } from './password-change.js';
import { newSecret, sha256Hex } from './tokens.js';

/** Outbox kind (target `bullmq`) of the e-mail that carries a link. */
export const PASSWORD_RESET_OUTBOX_KIND = 'send_password_reset';

/** The link's secret: an HMAC of the row's nonce under a key of its own derived from SESSION_SECRET. */
export function resetTokenFor(secret: string, nonce: string): string {
  const key = createHmac('sha256', secret).update('cistern:password-reset').digest();
  return createHmac('sha256', key).update(nonce).digest('base64url');
}

/**
 * Sends a reset link to an active user: earlier unused links stop working, the new one
 * lives `ttlMinutes`, and its e-mail goes out through the outbox. Returns the outbox row to deliver.
 */
export async function sendPasswordReset(
  em: EntityManager, userId: number, actor: Actor, options: { secret: string; ttlMinutes: number },
): Promise<{ outboxId: number; expiresAt: Date }> {
  return em.transactional(async (tx) => {
    const user = await db(tx).selectFrom('app_user').select(['id', 'email', 'active']).where('id', '=', userId).forUpdate().executeTakeFirst();
    if (!user) throw new NotFound('User', String(userId));
    if (!user.active) throw new Conflict('This user is deactivated; reactivate them first.', { reason: 'inactive' });
    await db(tx).updateTable('password_reset').set({ expires_at: sql`least(expires_at, now())` })
      .where('user_id', '=', userId).where('used_at', 'is', null).execute();
    const nonce = newSecret();
    const row = await db(tx).insertInto('password_reset').values({
      user_id: userId, nonce, token_hash: sha256Hex(resetTokenFor(options.secret, nonce)), created_by_id: actor.userId,
      created_at: sql`now()`, expires_at: sql`now() + make_interval(mins => ${options.ttlMinutes})`,
    }).returning(['id', 'expires_at']).executeTakeFirstOrThrow();
    const outboxId = await addOutboxMessage(tx, 'bullmq', PASSWORD_RESET_OUTBOX_KIND, { resetId: row.id });
    await audit(tx, { userId: actor.userId, userName: actor.name, action: 'user.password_reset_sent', entity: 'user', entityId: user.email });
    return { outboxId, expiresAt: row.expires_at };
  });
}

/** Where the links point and the secret they are made with. */
export interface ResetLinks { baseUrl: string; secret: string }

/**
 * The jobs worker's half: e-mails the link of a reset that is still usable (a used,
 * expired or replaced one is skipped) and records when it went. The reset's id is the
 * message's idempotency key.
 */
export async function mailPasswordReset(em: EntityManager, resetId: number, email: ChannelSender, links: ResetLinks): Promise<'sent' | 'skipped'> {
  const row = await db(em).selectFrom('password_reset').innerJoin('app_user', 'app_user.id', 'password_reset.user_id')
    .select(['password_reset.nonce', 'password_reset.expires_at', 'app_user.email', 'app_user.name'])
    .where('password_reset.id', '=', resetId).where('password_reset.used_at', 'is', null)
    .where('password_reset.expires_at', '>', sql<Date>`now()`).where('app_user.active', '=', true).executeTakeFirst();
  if (!row) return 'skipped';
  const link = `${links.baseUrl.replace(/\/$/, '')}/reset-password/${resetTokenFor(links.secret, row.nonce)}`;
  await email.send({
    to: row.email,
    subject: 'Set a new Cistern password',
    body: [
      `Hello ${row.name},`, '',
      'An administrator asked for your Cistern password to be reset. Open this link to choose a new one:', '',
      link, '',
      `It works once, until ${row.expires_at.toISOString()}. Setting a new password signs you out everywhere.`,
      'If you did not expect this, tell your administrator.',
    ].join('\n'),
    idempotencyKey: `password_reset:${resetId}`,
  });
  await db(em).updateTable('password_reset').set({ sent_at: sql`now()` }).where('id', '=', resetId).execute();
  return 'sent';
}

/** A link that can still be used: whose it is. */
export interface UsableReset { id: number; userId: number; email: string; name: string }

function usableReset(em: EntityManager, token: string, lock: boolean) {
  let query = db(em).selectFrom('password_reset').innerJoin('app_user', 'app_user.id', 'password_reset.user_id')
    .select(['password_reset.id', 'password_reset.user_id as userId', 'app_user.email', 'app_user.name'])
    .where('password_reset.token_hash', '=', sha256Hex(token)).where('password_reset.used_at', 'is', null)
    .where('password_reset.expires_at', '>', sql<Date>`now()`).where('app_user.active', '=', true);
  if (lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

const SPENT = 'This password-reset link has expired or was already used; ask an administrator for a new one.';

/** The link's owner, or NotFound when it has expired, was used or replaced. */
export async function findUsableReset(em: EntityManager, token: string): Promise<UsableReset> {
  const reset = await usableReset(em, token, false);
  if (!reset) throw new DomainError(404, 'not_found', SPENT);
  return reset;
}

/**
 * Sets the new password through a link, once: the link is spent, and every session and
 * token of the user ends. The link is checked before the (costly) hashing and again under lock.
 */
export async function resetPassword(em: EntityManager, token: string, newPassword: string, cost: ScryptCost): Promise<UsableReset> {
  await findUsableReset(em, token);
  const passwordHash = await hashPassword(newPassword, cost);
  return em.transactional(async (tx) => {
    const reset = await usableReset(tx, token, true);
    if (!reset) throw new DomainError(404, 'not_found', SPENT);
    await db(tx).updateTable('password_reset').set({ used_at: sql`now()` }).where('id', '=', reset.id).execute();
    await replacePassword(tx, reset.userId, passwordHash, {}, {
      actor: { userId: reset.userId, name: reset.name }, action: 'user.password_reset', email: reset.email,
    });
    return reset;
  });
}
