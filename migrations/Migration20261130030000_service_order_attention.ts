import { Migration } from '@mikro-orm/migrations';

/**
 * `service_order.attention`: why the dispatchers should look at an order (a move that
 * could not be recorded, a divergence between its workflow and this read model), shown on
 * the board until the next recorded move clears it (docs/rules.md#service-orders).
 */
export class Migration20261130030000_service_order_attention extends Migration {
  override name = 'Migration20261130030000_service_order_attention';

  override up(): void {
    this.addSql(`alter table "service_order" add column if not exists "attention" text null;`);
  }

  override down(): void {
    this.addSql(`alter table "service_order" drop column if exists "attention";`);
  }
}
