/** An API token as the JSON API shows it. */
import type { ApiTokenView } from '../../domain/auth/api-tokens.js';

export function tokenJson(token: ApiTokenView, currentId: number | null) {
  return {
    id: token.id, createdAt: token.createdAt.toISOString(), expiresAt: token.expiresAt.toISOString(),
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null, current: token.id === currentId,
  };
}
