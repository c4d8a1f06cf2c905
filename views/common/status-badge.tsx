/** The account status badge and the status labels. */
import type { AccountStatus, DisconnectionKind } from '../../domain/common/enums.js';

const LABELS: Record<AccountStatus, string> = {
  active: 'Active',
  inactive: 'Inactive',
  pending: 'Pending',
  disconnected: 'Disconnected',
  collection: 'Collection',
};

/** The human label of a status; a disconnected account shows its kind ("Disconnected (temporary)"). */
export function statusLabel(status: AccountStatus, disconnectionKind?: DisconnectionKind | null): string {
  const base = LABELS[status] ?? status;
  return status === 'disconnected' && disconnectionKind ? `${base} (${disconnectionKind})` : base;
}

/**
 * An account status: the product rules' colour (via the `status-*` class and the `--status-*` variables)
 * AND a text label, so colour is never the only signal.
 */
export function StatusBadge({ status, disconnectionKind }: { status: AccountStatus; disconnectionKind?: DisconnectionKind | null }) {
  return (
    <span class={`status status-${status}`} data-status={status}>
      {statusLabel(status, disconnectionKind)}
    </span>
  );
}
