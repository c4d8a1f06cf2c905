import { Migration } from '@mikro-orm/migrations';

/**
 * `f_one_typo_apart(word, typed)`: whether a name word is one typo away from a typed word, as the search's
 * rule says (docs/rules.md#search; domain/accounts/search/search-query.ts `withOneEdit` is the same rule in
 * plain code): one letter left out, one letter put in or put instead of another (a-z, or a digit in a word of
 * digits), or two neighbours swapped; the typed word itself is not its own typo.
 *
 * Why in the database: the search found the candidates by their shared deletions (name_word_deletion) and then
 * kept those among the typed word's exact variants, sent as a parameter: 500 to 900 strings a word, written,
 * escaped and sent with every name search, and parsed by PostgreSQL. Under a full-name load that was a third
 * of the API process's CPU (socket writes 20 %, string encoding 9 %, array escaping 4 %, making the variants
 * 5.5 %: BENCHMARKS.md, "The typo variants the search no longer sends"). The candidates are a few dozen
 * words, so checking each here costs nothing worth measuring.
 */
export class Migration20261214090000_one_typo_apart extends Migration {
  override name = 'Migration20261214090000_one_typo_apart';

  override up(): void {
    this.addSql(`create or replace function f_one_typo_apart(word text, typed text) returns boolean
      language plpgsql immutable strict parallel safe as $$
      declare
        word_length int := length(word);
        typed_length int := length(typed);
        i int := 1;
        alphabet text := case when typed ~ '^[0-9]+$' then '0123456789' else 'abcdefghijklmnopqrstuvwxyz' end;
      begin
        if word = typed or abs(word_length - typed_length) > 1 then
          return false;
        end if;
        -- i: the first place where they differ
        while i <= least(word_length, typed_length) and substr(word, i, 1) = substr(typed, i, 1) loop
          i := i + 1;
        end loop;
        if word_length = typed_length then
          -- one letter put instead of another, or two neighbours swapped
          return (substr(word, i + 1) = substr(typed, i + 1) and position(substr(word, i, 1) in alphabet) > 0)
              or (substr(word, i, 1) = substr(typed, i + 1, 1) and substr(word, i + 1, 1) = substr(typed, i, 1)
                  and substr(word, i + 2) = substr(typed, i + 2));
        elsif word_length > typed_length then
          -- one letter put in
          return substr(word, i + 1) = substr(typed, i) and position(substr(word, i, 1) in alphabet) > 0;
        else
          -- one letter left out
          return substr(word, i) = substr(typed, i + 1);
        end if;
      end $$;`);
  }

  override down(): void {
    this.addSql('drop function if exists f_one_typo_apart(text, text);');
  }
}
