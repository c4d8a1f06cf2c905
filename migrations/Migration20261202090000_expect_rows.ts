import { Migration } from '@mikro-orm/migrations';

/**
 * `expect_rows(touched, expected, what)`: a statement's own check that its conditional write touched the
 * rows it was written for. A payment is recorded without holding the account's row lock: its writes go
 * as one statement whose balance update only applies while the account row is the version the ledger
 * was read from (domain/billing/payments.ts). When another write got there first, the update touches no
 * row, and this check fails the whole statement with SQLSTATE 40001 (serialization_failure), the code a
 * client retries on, so nothing of it is kept.
 */
export class Migration20261202090000_expect_rows extends Migration {
  override name = 'Migration20261202090000_expect_rows';

  override up(): void {
    this.addSql(`create or replace function expect_rows(touched bigint, expected bigint, what text) returns bigint
      language plpgsql volatile
      as $$
      begin
        if touched is distinct from expected then
          raise exception '% changed while the write was prepared', what using errcode = '40001';
        end if;
        return touched;
      end $$;`);
  }

  override down(): void {
    this.addSql('drop function if exists expect_rows(bigint, bigint, text);');
  }
}
