import { Migration } from '@mikro-orm/migrations';

/**
 * One statement adds words to the typo search's word list (`name_word_deletion`, migration 20261201100000,
 * docs/rules.md#search): `name_word_deletion_add_words(words)`, which spreads each distinct word not yet kept
 * into its deletions (the row (word, word) says a word is known, migration 20261211090000). The account
 * triggers call it with the words of their new or renamed rows, and the seed, which sets the insert trigger
 * aside for its load, calls it once with the words of every account (scripts/seed/name-words.ts), where it
 * had written the trigger's statement a second time. PL/pgSQL, not SQL, so each session plans the insert
 * once and not at every call.
 */
export class Migration20261212090000_name_words_added_in_one_place extends Migration {
  override name = 'Migration20261212090000_name_words_added_in_one_place';

  override up(): void {
    this.addSql(`create or replace function public.name_word_deletion_add_words(words text[]) returns void language plpgsql as $$
      begin
        insert into public.name_word_deletion (deletion, word)
        select distinct d, w from (select distinct unnest(words) as w) as new_words
          cross join lateral unnest(public.f_word_deletions(w)) as d
        where not exists (select 1 from public.name_word_deletion known where known.deletion = w and known.word = w)
        on conflict do nothing;
      end $$;`);
    this.addSql(`create or replace function name_word_deletion_add() returns trigger language plpgsql as $$
      begin
        if tg_level = 'STATEMENT' then
          perform public.name_word_deletion_add_words(array(select unnest(public.f_name_words(first_name, last_name)) from new_rows));
        else
          perform public.name_word_deletion_add_words(public.f_name_words(new.first_name, new.last_name));
        end if;
        return null;
      end $$;`);
  }

  override down(): void {
    this.addSql(`create or replace function name_word_deletion_add() returns trigger language plpgsql as $$
      begin
        if tg_level = 'STATEMENT' then
          insert into public.name_word_deletion (deletion, word)
          select distinct d, w from (select distinct unnest(public.f_name_words(first_name, last_name)) as w from new_rows) as words
            cross join lateral unnest(public.f_word_deletions(w)) as d
          where not exists (select 1 from public.name_word_deletion known where known.deletion = w and known.word = w)
          on conflict do nothing;
        else
          insert into public.name_word_deletion (deletion, word)
          select distinct d, w from unnest(public.f_name_words(new.first_name, new.last_name)) as w
            cross join lateral unnest(public.f_word_deletions(w)) as d
          where not exists (select 1 from public.name_word_deletion known where known.deletion = w and known.word = w)
          on conflict do nothing;
        end if;
        return null;
      end $$;`);
    this.addSql(`drop function if exists public.name_word_deletion_add_words(text[]);`);
  }
}
