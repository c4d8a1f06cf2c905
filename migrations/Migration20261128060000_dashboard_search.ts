import { Migration } from '@mikro-orm/migrations';

/**
 * Dashboard counters and search helpers (docs/rules.md#dashboard, docs/rules.md#search).
 *
 * `account_tally` keeps, per (shard, status, disconnection kind, VIP, overdue), the number
 * of accounts and the sum of their balances: the dashboard and the search's filter-only
 * totals add up at most 16 × 6 × 2 × 2 rows. Statement-level triggers with transition
 * tables apply each statement's net change in the same transaction (so the dashboard is exact at
 * the moment it is read, and COPY / bulk updates cost one upsert per group, not per
 * row); rows are spread over 16 shards (`id % 16`) so concurrent payments on different
 * accounts rarely wait on the same counter row. TRUNCATE empties it. The triggers are
 * ENABLE ALWAYS, so they also fire under `session_replication_role = replica`.
 * `account_tally_rebuild()` recomputes it from scratch (a safety net for the nightly job).
 *
 * Search: `f_name_key()` (a name folded to lower-case ASCII letters and digits) with
 * pattern-ops indexes on first and last name for prefix lookups; `f_name_words()` (every
 * folded word of the name, plus the two keys) under a GIN index for exact and one-typo
 * word lookups with `&&`, which needs no per-row recheck (folding costs ~10 µs a row);
 * pattern-ops and natural-order indexes on the account number; a partial index for the
 * overdue filter; the open orders by SLA time.
 */
export class Migration20261128060000_dashboard_search extends Migration {
  override name = 'Migration20261128060000_dashboard_search';

  override up(): void {
    this.addSql(`create table account_tally (
      shard smallint not null,
      status text not null,
      disconnection_kind text not null default '',
      vip boolean not null,
      overdue boolean not null,
      accounts bigint not null default 0,
      balance_cents bigint not null default 0,
      primary key (shard, status, disconnection_kind, vip, overdue));`);
    this.addSql(`create or replace function account_tally_apply() returns trigger language plpgsql as $$
      begin
        if tg_op = 'INSERT' then
          insert into account_tally (shard, status, disconnection_kind, vip, overdue, accounts, balance_cents)
          select (id % 16)::smallint, status, coalesce(disconnection_kind, ''), vip, overdue_since is not null, count(*), sum(balance_cents)
            from new_rows group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5
          on conflict (shard, status, disconnection_kind, vip, overdue) do update
            set accounts = account_tally.accounts + excluded.accounts,
                balance_cents = account_tally.balance_cents + excluded.balance_cents;
        elsif tg_op = 'DELETE' then
          insert into account_tally (shard, status, disconnection_kind, vip, overdue, accounts, balance_cents)
          select (id % 16)::smallint, status, coalesce(disconnection_kind, ''), vip, overdue_since is not null, -count(*), -sum(balance_cents)
            from old_rows group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5
          on conflict (shard, status, disconnection_kind, vip, overdue) do update
            set accounts = account_tally.accounts + excluded.accounts,
                balance_cents = account_tally.balance_cents + excluded.balance_cents;
        else
          insert into account_tally (shard, status, disconnection_kind, vip, overdue, accounts, balance_cents)
          select shard, status, kind, vip, overdue, sum(n), sum(cents)
            from (select (id % 16)::smallint as shard, status, coalesce(disconnection_kind, '') as kind, vip,
                         overdue_since is not null as overdue, 1 as n, balance_cents as cents from new_rows
                  union all
                  select (id % 16)::smallint, status, coalesce(disconnection_kind, ''), vip, overdue_since is not null, -1, -balance_cents
                    from old_rows) as delta
           group by 1, 2, 3, 4, 5 having sum(n) <> 0 or sum(cents) <> 0 order by 1, 2, 3, 4, 5
          on conflict (shard, status, disconnection_kind, vip, overdue) do update
            set accounts = account_tally.accounts + excluded.accounts,
                balance_cents = account_tally.balance_cents + excluded.balance_cents;
        end if;
        return null;
      end $$;`);
    this.addSql(`create or replace function account_tally_reset() returns trigger language plpgsql as $$
      begin
        delete from account_tally;
        return null;
      end $$;`);
    this.addSql(`create or replace function account_tally_rebuild() returns void language plpgsql as $$
      begin
        lock table account in share mode;
        delete from account_tally;
        insert into account_tally (shard, status, disconnection_kind, vip, overdue, accounts, balance_cents)
        select (id % 16)::smallint, status, coalesce(disconnection_kind, ''), vip, overdue_since is not null, count(*), sum(balance_cents)
          from account group by 1, 2, 3, 4, 5;
      end $$;`);
    this.addSql(`create trigger account_tally_insert after insert on account referencing new table as new_rows
      for each statement execute function account_tally_apply();`);
    this.addSql(`create trigger account_tally_update after update on account referencing old table as old_rows new table as new_rows
      for each statement execute function account_tally_apply();`);
    this.addSql(`create trigger account_tally_delete after delete on account referencing old table as old_rows
      for each statement execute function account_tally_apply();`);
    this.addSql(`create trigger account_tally_truncate after truncate on account
      for each statement execute function account_tally_reset();`);
    // ALWAYS: the counters must follow bulk loads that run with session_replication_role = replica (the seed does).
    for (const trigger of ['account_tally_insert', 'account_tally_update', 'account_tally_delete', 'account_tally_truncate']) {
      this.addSql(`alter table account enable always trigger ${trigger};`);
    }
    this.addSql(`select account_tally_rebuild();`);

    this.addSql(`create or replace function f_name_key(text) returns text
      language sql immutable parallel safe strict
      as $$ select regexp_replace(lower(f_unaccent($1)), '[^a-z0-9]+', '', 'g') $$;`);
    this.addSql(`create or replace function f_name_words(first_name text, last_name text) returns text[]
      language sql immutable parallel safe strict
      as $$ select array_remove(regexp_split_to_array(lower(f_unaccent(first_name || ' ' || last_name)), '[^a-z0-9]+')
                                || array[f_name_key(first_name), f_name_key(last_name)], '') $$;`);
    // No pending list: a bulk load would otherwise leave one that every search scans linearly until vacuum merges it.
    this.addSql(`create index account_name_words on account using gin (f_name_words(first_name, last_name)) with (fastupdate = off);`);
    this.addSql(`create index account_first_name_key on account (f_name_key(first_name) text_pattern_ops);`);
    this.addSql(`create index account_last_name_key on account (f_name_key(last_name) text_pattern_ops);`);
    this.addSql(`create index account_number_pattern on account (account_number text_pattern_ops);`);
    this.addSql(`create index account_number_natural on account (length(account_number), account_number);`);
    this.addSql(`create index account_overdue on account (length(account_number), account_number) where overdue_since is not null;`);
    this.addSql(`create index service_order_open_sla on service_order (sla_due_at) where status not in ('completed', 'cancelled');`);
  }

  override down(): void {
    this.addSql(`drop index if exists service_order_open_sla;`);
    this.addSql(`drop index if exists account_overdue;`);
    this.addSql(`drop index if exists account_number_natural;`);
    this.addSql(`drop index if exists account_number_pattern;`);
    this.addSql(`drop index if exists account_last_name_key;`);
    this.addSql(`drop index if exists account_first_name_key;`);
    this.addSql(`drop index if exists account_name_words;`);
    this.addSql(`drop function if exists f_name_words(text, text);`);
    this.addSql(`drop function if exists f_name_key(text);`);
    this.addSql(`drop trigger if exists account_tally_truncate on account;`);
    this.addSql(`drop trigger if exists account_tally_delete on account;`);
    this.addSql(`drop trigger if exists account_tally_update on account;`);
    this.addSql(`drop trigger if exists account_tally_insert on account;`);
    this.addSql(`drop function if exists account_tally_rebuild();`);
    this.addSql(`drop function if exists account_tally_reset();`);
    this.addSql(`drop function if exists account_tally_apply();`);
    this.addSql(`drop table if exists account_tally;`);
  }
}
