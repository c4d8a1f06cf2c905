import { Migration } from '@mikro-orm/migrations';

/**
 * A problem a consumer reports in the portal becomes a complaint; the photo they attach is kept as
 * one of the account's documents, and the complaint names it (docs/rules.md#self-service-portal).
 */
export class Migration20261130160000_complaint_photo extends Migration {
  override name = 'Migration20261130160000_complaint_photo';

  override up(): void {
    this.addSql(`alter table "complaint" add column "photo_document_id" int null references "document" ("id") on update cascade on delete set null;`);
    // Every foreign key leads an index: deleting or locking a document must not scan complaints.
    this.addSql(`create index "complaint_photo_document_id_index" on "complaint" ("photo_document_id") where "photo_document_id" is not null;`);
  }

  override down(): void {
    this.addSql(`alter table "complaint" drop column "photo_document_id";`);
  }
}
