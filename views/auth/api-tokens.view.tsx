/** A table of someone's live API tokens, each with when it was last used and a button to revoke it. */
import type { ApiTokenView } from '../../domain/auth/api-tokens.js';
import { formatDateTime } from '../profile/format.js';

export interface TokenTableProps {
  tokens: ApiTokenView[];
  /** Where a token's Revoke button posts. */
  revokePath: (tokenId: number) => string;
  timeZone: string;
  notice?: string;
}

/** Revoking re-renders the table in place (htmx). */
export function TokenTable({ tokens, revokePath, timeZone, notice }: TokenTableProps) {
  return (
    <section id="api-tokens">
      {notice ? <div class="alert alert-info" role="status">{notice}</div> : null}
      {tokens.length === 0 ? <p class="muted">No API tokens in use.</p> : (
        <table class="panel">
          <thead><tr><th scope="col">Token</th><th scope="col">Created</th><th scope="col">Last used</th><th scope="col">Expires</th><th scope="col"></th></tr></thead>
          <tbody>
            {tokens.map((token) => (
              <tr data-token={String(token.id)}>
                <td>#{token.id}</td>
                <td>{formatDateTime(token.createdAt, timeZone)}</td>
                <td>{token.lastUsedAt ? formatDateTime(token.lastUsedAt, timeZone) : 'never'}</td>
                <td>{formatDateTime(token.expiresAt, timeZone)}</td>
                <td>
                  <form class="inline" hx-post={revokePath(token.id)} hx-target="#api-tokens" hx-swap="outerHTML">
                    <button type="submit" class="danger">Revoke</button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
