import { Migration } from '@mikro-orm/migrations';

/**
 * Room on every page of `account` for new row versions (docs/operations.md#account-free-space).
 * A payment, a settled bill or the nightly run rewrites an account row. When the page has room for the new
 * version and no indexed column changed, PostgreSQL keeps it on the page and writes no index entry (a HOT
 * update); without room it writes one into each of the table's 14 indexes, five of them GIN indexes with
 * dozens of entries a row. The seed's COPY filled every page, so 96 % of the updates at 1,000,000 accounts
 * were of the second kind. With a fifth of each page free, 93 % of a payment run's updates stayed on their
 * page, and readings entered a second rose 20-28 % (BENCHMARKS.md, "The account table's free space").
 *
 * The setting applies to pages written from now on: a fresh install and the seed get it at once; an existing
 * database gets it for its old pages when `account` is rewritten (`VACUUM FULL account`, which locks the
 * table for about a minute at 1,000,000 accounts).
 */
export class Migration20261204090000_account_fillfactor extends Migration {
  override name = 'Migration20261204090000_account_fillfactor';

  override up(): void {
    this.addSql('alter table account set (fillfactor = 80);');
  }

  override down(): void {
    this.addSql('alter table account reset (fillfactor);');
  }
}
