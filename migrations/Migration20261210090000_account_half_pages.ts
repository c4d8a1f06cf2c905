import { Migration } from '@mikro-orm/migrations';

/**
 * Half of every page of `account` free, not a fifth (docs/operations.md#account-free-space).
 * The nightly run's first pass after a bulk load rewrites every account row, page after page, in one
 * statement per chunk of 1,000. A new version stays on its page (a HOT update, no index entry) only while
 * the page has room for it, and the old versions cannot be pruned until the chunk commits: with a fifth of
 * the page free, about 6 of its ~25 rows fit (24 % of the updates at 1,000,000 accounts), and the other 19
 * moved to another page, each writing an entry into all 18 of the table's indexes. With half free, every
 * row of the page has room for its new version: 94-97 % of the updates stayed on their page, and a chunk's
 * update took 26-39 ms instead of 160-350 ms (rolled back, on the seeded database; BENCHMARKS.md, "Half of
 * every account page free").
 *
 * The table is larger on a fresh load (300 → 488 MB at 1,000,000 accounts), but no larger than a fifth free
 * left it after its first nightly run, whose moved rows half-emptied the old pages.
 * The setting applies to pages written from now on: a fresh install and the seed get it at once; an existing
 * database gets it as rows are rewritten, or at once with `VACUUM FULL account` in a quiet hour.
 */
export class Migration20261210090000_account_half_pages extends Migration {
  override name = 'Migration20261210090000_account_half_pages';

  override up(): void {
    this.addSql('alter table account set (fillfactor = 50);');
  }

  override down(): void {
    this.addSql('alter table account set (fillfactor = 80);');
  }
}
