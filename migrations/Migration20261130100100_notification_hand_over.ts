import { Migration } from '@mikro-orm/migrations';

/**
 * When an e-mail's last byte was about to reach the mail server (docs/rules.md#notifications). Until
 * then the server cannot have accepted it, so an attempt cut short before this moment may send again;
 * after it, delivery is unknown.
 */
export class Migration20261130100100_notification_hand_over extends Migration {
  override name = 'Migration20261130100100_notification_hand_over';

  override up(): void {
    this.addSql(`alter table "notification" add column "handed_over_at" timestamptz null;`);
  }

  override down(): void {
    this.addSql(`alter table "notification" drop column "handed_over_at";`);
  }
}
