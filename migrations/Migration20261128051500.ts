import { Migration } from '@mikro-orm/migrations';

/**
 * What the entity metadata cannot say: the search extensions and indexes (docs/rules.md#search),
 * one open assignment per meter (docs/rules.md#meters-and-readings), and fast lookups of open flags.
 * `unaccent()` is only STABLE, so an IMMUTABLE wrapper is needed to index it.
 */
export class Migration20261128051500 extends Migration {
  override name = 'Migration20261128051500';

  override up(): void {
    this.addSql(`create extension if not exists pg_trgm;`);
    this.addSql(`create extension if not exists unaccent;`);
    this.addSql(`create or replace function f_unaccent(text) returns text
      language sql immutable parallel safe strict
      as $$ select public.unaccent('public.unaccent'::regdictionary, $1) $$;`);
    this.addSql(`create index account_name_trgm on account using gin (lower(f_unaccent(first_name || ' ' || last_name)) gin_trgm_ops);`);
    this.addSql(`create index account_number_trgm on account using gin (account_number gin_trgm_ops);`);
    this.addSql(`create index account_email_trgm on account using gin (lower(email) gin_trgm_ops);`);
    this.addSql(`create index account_phone_digits_trgm on account using gin ((regexp_replace(phone, '\\D', '', 'g')) gin_trgm_ops);`);
    this.addSql(`create index meter_number_trgm on meter using gin (meter_number gin_trgm_ops);`);
    this.addSql(`create unique index meter_assignment_one_open on meter_assignment (meter_id) where unassigned_at is null;`);
    this.addSql(`create index fraud_flag_open on fraud_flag (account_id) where closed_at is null;`);
    this.addSql(`create index outbox_pending on outbox_message (available_at) where relayed_at is null;`);
    this.addSql(`create index service_order_open on service_order (status, overdue) where status not in ('completed', 'cancelled');`);
  }

  override down(): void {
    this.addSql(`drop index if exists service_order_open;`);
    this.addSql(`drop index if exists outbox_pending;`);
    this.addSql(`drop index if exists fraud_flag_open;`);
    this.addSql(`drop index if exists meter_assignment_one_open;`);
    this.addSql(`drop index if exists meter_number_trgm;`);
    this.addSql(`drop index if exists account_phone_digits_trgm;`);
    this.addSql(`drop index if exists account_email_trgm;`);
    this.addSql(`drop index if exists account_number_trgm;`);
    this.addSql(`drop index if exists account_name_trgm;`);
    this.addSql(`drop function if exists f_unaccent(text);`);
    this.addSql(`drop extension if exists unaccent;`);
    this.addSql(`drop extension if exists pg_trgm;`);
  }
}
