import { Migration } from '@mikro-orm/migrations';

/**
 * The name indexes cheaper to keep (docs/rules.md#search). Every update of an account that is not HOT
 * writes each of its indexes and computes their expressions, and two of those were slow:
 * - `f_name_words` ran as a function call, ~24 µs, not inlined into the expression: a STRICT SQL
 *   function is only inlined when its body is strict too, and `array_remove` and `||` are not. Without
 *   STRICT it is inlined (~8 µs); the answers are the same, since the names are never null;
 * - the condition of the GIN index over names with more words than their two keys (migration
 *   20261208090000) computed `f_name_words` and both keys again, ~53 µs a row. It is now a stored
 *   column, `has_other_name_words`, which PostgreSQL computes only when a row is inserted or its names
 *   change, so the condition is one column read. The search asks for it by name (account-search-names.ts).
 * Adding the column rewrites the table once, under an exclusive lock (62 s at 1,000,000 accounts on the
 * 2-core machine of BENCHMARKS.md; docs/operations.md#upgrades).
 */
export class Migration20261209090000_name_words_cheaper extends Migration {
  override name = 'Migration20261209090000_name_words_cheaper';

  override up(): void {
    this.addSql(nameWordsFunction(''));
    this.addSql('drop index if exists account_other_name_words;');
    this.addSql(`alter table account add column has_other_name_words boolean not null
      generated always as (not (f_name_words(first_name, last_name) <@ array[f_name_key(first_name), f_name_key(last_name)])) stored;`);
    this.addSql(`create index account_other_name_words on account using gin (f_name_words(first_name, last_name)) with (fastupdate = off)
      where has_other_name_words;`);
  }

  override down(): void {
    this.addSql('drop index if exists account_other_name_words;');
    this.addSql('alter table account drop column if exists has_other_name_words;');
    this.addSql(nameWordsFunction('strict'));
    this.addSql(`create index account_other_name_words on account using gin (f_name_words(first_name, last_name)) with (fastupdate = off)
      where not (f_name_words(first_name, last_name) <@ array[f_name_key(first_name), f_name_key(last_name)]);`);
  }
}

/** Every word of the folded name and its two keys (the body of migration 20261130090100), `strict` or not. */
function nameWordsFunction(strict: '' | 'strict'): string {
  return `create or replace function f_name_words(first_name text, last_name text) returns text[]
    language sql immutable parallel safe ${strict}
    as $$ select array_remove(regexp_split_to_array(lower(public.f_unaccent(first_name || ' ' || last_name)), '[^a-z0-9]+')
                              || array[public.f_name_key(first_name), public.f_name_key(last_name)], '') $$;`;
}
