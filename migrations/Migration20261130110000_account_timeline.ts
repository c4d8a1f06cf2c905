/**
 * The account timeline (docs/architecture.md#account-timeline) reads each kind of event through its own
 * index on (account, time), newest first. This adds the indexes that were missing, and gives service-order
 * transitions their account (an order never changes account) so they are read by one index too.
 */
import { Migration } from '@mikro-orm/migrations';

export class Migration20261130110000_account_timeline extends Migration {
  override async up(): Promise<void> {
    this.addSql('create index if not exists bill_account_id_issued_at_index on bill (account_id, issued_at);');
    this.addSql('create index if not exists reading_account_id_verified_at_index on reading (account_id, verified_at) where verified_at is not null;');
    this.addSql('create index if not exists complaint_account_id_resolved_at_index on complaint (account_id, resolved_at) where resolved_at is not null;');
    this.addSql('create index if not exists notification_account_id_created_at_index on notification (account_id, created_at);');
    this.addSql('create index if not exists audit_log_entity_entity_id_at_index on audit_log (entity, entity_id, at);');
    this.addSql('alter table service_order_transition add column if not exists account_id int;');
    this.addSql(`update service_order_transition t set account_id = o.account_id from service_order o where o.id = t.order_id and t.account_id is null;`);
    this.addSql('alter table service_order_transition alter column account_id set not null;');
    this.addSql('alter table service_order_transition add constraint service_order_transition_account_id_foreign foreign key (account_id) references account (id);');
    this.addSql('create index if not exists service_order_transition_account_id_at_index on service_order_transition (account_id, at);');
  }

  override async down(): Promise<void> {
    this.addSql('drop index if exists service_order_transition_account_id_at_index;');
    this.addSql('alter table service_order_transition drop column if exists account_id;');
    this.addSql('drop index if exists audit_log_entity_entity_id_at_index;');
    this.addSql('drop index if exists notification_account_id_created_at_index;');
    this.addSql('drop index if exists complaint_account_id_resolved_at_index;');
    this.addSql('drop index if exists reading_account_id_verified_at_index;');
    this.addSql('drop index if exists bill_account_id_issued_at_index;');
  }
}
