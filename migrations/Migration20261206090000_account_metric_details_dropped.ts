import { Migration } from '@mikro-orm/migrations';

/**
 * The account row no longer stores the health score's breakdown nor the VIP reasons (docs/rules.md#nightly-metrics).
 * Nothing read them: the profile and `/health` compute both from the account's facts as they are shown, and a VIP
 * change keeps its reasons in its audit entry. Yet the nightly run wrote them onto every account: about 770 bytes
 * of JSON that made the row four times wider (233 → 958 bytes) and the table five times larger at 1,000,000
 * accounts (290 MB → 1.5 GB), so every search, list and profile read more pages; and a breakdown whose parts move
 * from day to day (tenure, consumption) made the run rewrite rows whose score had not moved.
 *
 * Dropping a column does not rewrite the table: old row versions keep the bytes until the row is next updated
 * (and vacuumed), or at once with `VACUUM FULL account` (docs/operations.md#account-free-space).
 */
export class Migration20261206090000_account_metric_details_dropped extends Migration {
  override name = 'Migration20261206090000_account_metric_details_dropped';

  override up(): void {
    this.addSql('alter table account drop column if exists health_breakdown, drop column if exists vip_reasons;');
  }

  /** The columns come back empty: the code that wrote them is gone with this change. */
  override down(): void {
    this.addSql('alter table account add column if not exists vip_reasons jsonb null, add column if not exists health_breakdown jsonb null;');
  }
}
