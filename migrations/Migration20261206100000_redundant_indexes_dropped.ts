import { Migration } from '@mikro-orm/migrations';

/**
 * Two indexes that others already cover: `audit_log (entity, entity_id)` is the start of
 * `audit_log (entity, entity_id, at)`, and `notification (account_id)` the start of
 * `notification (account_id, created_at)` (both added for the account timeline). PostgreSQL serves
 * a lookup on the leading columns from the longer index, so the shorter ones only cost every
 * audited write and every queued notification an index entry, and the disk their pages.
 */
export class Migration20261206100000_redundant_indexes_dropped extends Migration {
  override name = 'Migration20261206100000_redundant_indexes_dropped';

  override up(): void {
    this.addSql('drop index if exists audit_log_entity_entity_id_index;');
    this.addSql('drop index if exists notification_account_id_index;');
  }

  override down(): void {
    this.addSql('create index if not exists audit_log_entity_entity_id_index on audit_log (entity, entity_id);');
    this.addSql('create index if not exists notification_account_id_index on notification (account_id);');
  }
}
