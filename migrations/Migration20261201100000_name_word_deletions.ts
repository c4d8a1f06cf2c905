import { Migration } from '@mikro-orm/migrations';

/**
 * The name words one typo away from a typed word, found without asking the name index for each of the
 * hundreds of strings one edit away (docs/rules.md#search). Every word of every name is kept with each
 * of its one-letter deletions (and itself): two words are one edit apart only if they share one of
 * these (a deletion, insertion, substitution or swap of neighbours), so a typed word's own deletions
 * (length + 1 keys) find every candidate, which the search then checks against the exact variants.
 * At 1,000,000 accounts: 40,199 words, 518,299 rows, 54 MB; a lookup reads about 20 pages, where the
 * name index read 1,000 to 1,300 for the variants and compared each key with every account found.
 *
 * Kept by triggers on `account` (ENABLE ALWAYS, so bulk loads under session_replication_role = replica
 * keep it too): new rows per statement, renamed rows one by one (only a name change fires it, so the
 * nightly updates cost nothing). Words are never removed: a word no account carries any more only
 * makes the name index look for it and find nothing.
 */
export class Migration20261201100000_name_word_deletions extends Migration {
  override name = 'Migration20261201100000_name_word_deletions';

  override up(): void {
    this.addSql(`create or replace function f_word_deletions(word text) returns text[]
      language sql immutable parallel safe strict
      as $$ select array(select distinct d from (select word as d union all
                           select overlay(word placing '' from i for 1) from generate_series(1, length(word)) as i) as s
                         where d <> '') $$;`);
    this.addSql(`create table name_word_deletion (
      deletion text not null,
      word text not null,
      primary key (deletion, word));`);
    this.addSql(`create or replace function name_word_deletion_add() returns trigger language plpgsql as $$
      begin
        if tg_level = 'STATEMENT' then
          insert into public.name_word_deletion (deletion, word)
          select distinct d, w from (select distinct unnest(public.f_name_words(first_name, last_name)) as w from new_rows) as words
            cross join lateral unnest(public.f_word_deletions(w)) as d
          on conflict do nothing;
        else
          insert into public.name_word_deletion (deletion, word)
          select distinct d, w from unnest(public.f_name_words(new.first_name, new.last_name)) as w
            cross join lateral unnest(public.f_word_deletions(w)) as d
          on conflict do nothing;
        end if;
        return null;
      end $$;`);
    this.addSql(`create trigger name_word_deletion_insert after insert on account referencing new table as new_rows
      for each statement execute function name_word_deletion_add();`);
    this.addSql(`create trigger name_word_deletion_rename after update of first_name, last_name on account for each row
      when (old.first_name is distinct from new.first_name or old.last_name is distinct from new.last_name)
      execute function name_word_deletion_add();`);
    this.addSql(`alter table account enable always trigger name_word_deletion_insert;`);
    this.addSql(`alter table account enable always trigger name_word_deletion_rename;`);
    this.addSql(`insert into name_word_deletion (deletion, word)
      select distinct d, w from (select distinct unnest(f_name_words(first_name, last_name)) as w from account) as words
        cross join lateral unnest(f_word_deletions(w)) as d;`);
  }

  override down(): void {
    this.addSql(`drop trigger if exists name_word_deletion_rename on account;`);
    this.addSql(`drop trigger if exists name_word_deletion_insert on account;`);
    this.addSql(`drop function if exists name_word_deletion_add();`);
    this.addSql(`drop table if exists name_word_deletion;`);
    this.addSql(`drop function if exists f_word_deletions(text);`);
  }
}
