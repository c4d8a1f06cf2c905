/** The Overview's "Portal access" panel: whether the account's consumer signs in to the portal, and the revoke button. */
import type { PortalAccess } from '../../domain/portal/portal-access.js';
import { formatDateTime } from './format.js';

export function PortalAccessPanel({ accountNumber, access, timeZone }: { accountNumber: string; access: PortalAccess | null; timeZone: string }) {
  return (
    <section class="panel" aria-labelledby="portal-heading" data-portal-access={access ? 'yes' : 'no'}>
      <h2 id="portal-heading">Portal access</h2>
      {access ? (
        <>
          <p>Signs in to the self-service portal as <strong>{access.email}</strong> since {formatDateTime(access.since, timeZone)}.</p>
          <form hx-post={`/accounts/${accountNumber}/portal-access/revoke`} hx-target="this" hx-swap="outerHTML"
            hx-confirm="Revoke portal access? The consumer is signed out everywhere and can no longer sign in.">
            <button type="submit" class="danger">Revoke portal access</button>
          </form>
        </>
      ) : <p class="muted">No portal access. The consumer can register at /my/register with their latest bill.</p>}
    </section>
  );
}
