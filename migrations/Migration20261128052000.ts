import { Migration } from '@mikro-orm/migrations';

/**
 * Public numbers come from sequences, so two agents creating at the same moment never
 * get the same number and a number is never reused (docs/rules.md#consumer-accounts, docs/rules.md#service-orders).
 */
export class Migration20261128052000 extends Migration {
  override name = 'Migration20261128052000';

  override up(): void {
    this.addSql(`create sequence if not exists service_order_number_seq start with 4500;`);
    this.addSql(`create sequence if not exists account_number_seq start with 10001;`);
  }

  override down(): void {
    this.addSql(`drop sequence if exists account_number_seq;`);
    this.addSql(`drop sequence if exists service_order_number_seq;`);
  }
}
