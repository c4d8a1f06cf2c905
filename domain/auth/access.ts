/** Ending someone's access: their browser sessions and API tokens, all or all but the ones in use. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../common/database.js';

/** The session or token making the current request, which a password change keeps. */
export interface CurrentAccess { sessionId?: string | null; tokenId?: number | null }

/** Deletes the user's sessions and revokes their API tokens at once, except `keep`. */
export async function endAccess(em: EntityManager, userId: number, keep: CurrentAccess = {}): Promise<void> {
  let sessions = db(em).deleteFrom('session').where('user_id', '=', userId);
  if (keep.sessionId) sessions = sessions.where('id', '<>', keep.sessionId);
  await sessions.execute();
  let tokens = db(em).updateTable('api_token').set({ revoked_at: sql`now()` }).where('user_id', '=', userId).where('revoked_at', 'is', null);
  if (keep.tokenId) tokens = tokens.where('id', '<>', keep.tokenId);
  await tokens.execute();
}
