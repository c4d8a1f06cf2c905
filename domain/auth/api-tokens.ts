/** API tokens one by one (docs/rules.md#sign-in-and-sessions): each person's live tokens with when each was last used, and revoking one. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import type { Actor } from '../common/actor.js';
import { db } from '../common/database.js';
import { NotFound } from '../common/errors.js';
import { audit } from '../audit/audit.js';

export interface ApiTokenView { id: number; createdAt: Date; expiresAt: Date; lastUsedAt: Date | null }

/** The user's tokens that still work, newest first. */
export function listApiTokens(em: EntityManager, userId: number): Promise<ApiTokenView[]> {
  return db(em).selectFrom('api_token')
    .select(['id', 'created_at as createdAt', 'expires_at as expiresAt', 'last_used_at as lastUsedAt'])
    .where('user_id', '=', userId).where('revoked_at', 'is', null).where('expires_at', '>', sql<Date>`now()`)
    .orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
}

/** Revokes one of the user's live tokens; another user's, a spent or an unknown token is NotFound. */
export async function revokeApiToken(em: EntityManager, userId: number, tokenId: number, actor: Actor): Promise<void> {
  await em.transactional(async (tx) => {
    const revoked = await db(tx).updateTable('api_token').set({ revoked_at: sql`now()` })
      .where('id', '=', tokenId).where('user_id', '=', userId).where('revoked_at', 'is', null).where('expires_at', '>', sql<Date>`now()`)
      .returning('id').executeTakeFirst();
    if (!revoked) throw new NotFound('API token', String(tokenId));
    await audit(tx, { userId: actor.userId, userName: actor.name, action: 'api_token.revoke', entity: 'api_token', entityId: String(tokenId), after: { userId } });
  });
}
