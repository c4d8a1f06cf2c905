/** Finds a notification's outbox row by its id in the payload, for the lost-job sweeper (infra/outbox/lost-job-sweeper.ts). */
import { Migration } from '@mikro-orm/migrations';

export class Migration20261130090000_outbox_notification_lookup extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index if not exists outbox_message_notification_idx on outbox_message (((payload->>'notificationId')::int)) where target = 'bullmq' and kind = 'send_notification';`);
  }

  override async down(): Promise<void> {
    this.addSql('drop index if exists outbox_message_notification_idx;');
  }
}
