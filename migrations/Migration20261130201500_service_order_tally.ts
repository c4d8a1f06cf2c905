import { Migration } from '@mikro-orm/migrations';

/**
 * Open service orders for the dashboard as counters (docs/rules.md#dashboard), like `account_tally`:
 * counting the open orders through their partial index read every open order on each dashboard
 * request (~93,000 index entries at 1,000,000 accounts), which a dashboard served thousands of
 * times a second cannot afford. `service_order_tally` keeps, per (shard, status, overdue flag), the
 * number of orders; statement-level triggers with transition tables apply each statement's net
 * change in the writing transaction, so the figures stay exact at the moment they are read; 16
 * shards (`id % 16`) keep concurrent transitions of different orders off the same counter row.
 * TRUNCATE empties it; the triggers are ENABLE ALWAYS (bulk loads under
 * `session_replication_role = replica` count too); `service_order_tally_rebuild()` recomputes it.
 * Cheap at 1,000,000 accounts: one grouped pass over `service_order` to fill it, no index build.
 */
export class Migration20261130201500_service_order_tally extends Migration {
  override name = 'Migration20261130201500_service_order_tally';

  override up(): void {
    this.addSql(`create table service_order_tally (
      shard smallint not null,
      status text not null,
      overdue boolean not null,
      orders bigint not null default 0,
      primary key (shard, status, overdue));`);
    this.addSql(`create or replace function service_order_tally_apply() returns trigger language plpgsql as $$
      begin
        if tg_op = 'INSERT' then
          insert into service_order_tally (shard, status, overdue, orders)
          select (id % 16)::smallint, status, overdue, count(*) from new_rows group by 1, 2, 3 order by 1, 2, 3
          on conflict (shard, status, overdue) do update set orders = service_order_tally.orders + excluded.orders;
        elsif tg_op = 'DELETE' then
          insert into service_order_tally (shard, status, overdue, orders)
          select (id % 16)::smallint, status, overdue, -count(*) from old_rows group by 1, 2, 3 order by 1, 2, 3
          on conflict (shard, status, overdue) do update set orders = service_order_tally.orders + excluded.orders;
        else
          insert into service_order_tally (shard, status, overdue, orders)
          select shard, status, overdue, sum(n)
            from (select (id % 16)::smallint as shard, status, overdue, 1 as n from new_rows
                  union all
                  select (id % 16)::smallint, status, overdue, -1 from old_rows) as delta
           group by 1, 2, 3 having sum(n) <> 0 order by 1, 2, 3
          on conflict (shard, status, overdue) do update set orders = service_order_tally.orders + excluded.orders;
        end if;
        return null;
      end $$;`);
    this.addSql(`create or replace function service_order_tally_reset() returns trigger language plpgsql as $$
      begin
        delete from service_order_tally;
        return null;
      end $$;`);
    this.addSql(`create or replace function service_order_tally_rebuild() returns void language plpgsql as $$
      begin
        lock table service_order in share mode;
        delete from service_order_tally;
        insert into service_order_tally (shard, status, overdue, orders)
        select (id % 16)::smallint, status, overdue, count(*) from service_order group by 1, 2, 3;
      end $$;`);
    this.addSql(`create trigger service_order_tally_insert after insert on service_order referencing new table as new_rows
      for each statement execute function service_order_tally_apply();`);
    this.addSql(`create trigger service_order_tally_update after update on service_order referencing old table as old_rows new table as new_rows
      for each statement execute function service_order_tally_apply();`);
    this.addSql(`create trigger service_order_tally_delete after delete on service_order referencing old table as old_rows
      for each statement execute function service_order_tally_apply();`);
    this.addSql(`create trigger service_order_tally_truncate after truncate on service_order
      for each statement execute function service_order_tally_reset();`);
    for (const trigger of ['service_order_tally_insert', 'service_order_tally_update', 'service_order_tally_delete', 'service_order_tally_truncate']) {
      this.addSql(`alter table service_order enable always trigger ${trigger};`);
    }
    this.addSql(`select service_order_tally_rebuild();`);
  }

  override down(): void {
    for (const trigger of ['service_order_tally_truncate', 'service_order_tally_delete', 'service_order_tally_update', 'service_order_tally_insert']) {
      this.addSql(`drop trigger if exists ${trigger} on service_order;`);
    }
    this.addSql(`drop function if exists service_order_tally_rebuild();`);
    this.addSql(`drop function if exists service_order_tally_reset();`);
    this.addSql(`drop function if exists service_order_tally_apply();`);
    this.addSql(`drop table if exists service_order_tally;`);
  }
}
