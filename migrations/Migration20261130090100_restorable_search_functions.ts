/**
 * The search's name functions name the functions they call with their schema, so a dump
 * restores: pg_restore runs with an empty search_path, and building the name indexes
 * failed on `f_unaccent` (found by scripts/backup-restore-drill.sh). Same results, so the
 * indexes stay valid.
 */
import { Migration } from '@mikro-orm/migrations';

export class Migration20261130090100_restorable_search_functions extends Migration {
  override up(): void {
    this.addSql(`create or replace function f_name_key(text) returns text
      language sql immutable parallel safe strict
      as $$ select regexp_replace(lower(public.f_unaccent($1)), '[^a-z0-9]+', '', 'g') $$;`);
    this.addSql(`create or replace function f_name_words(first_name text, last_name text) returns text[]
      language sql immutable parallel safe strict
      as $$ select array_remove(regexp_split_to_array(lower(public.f_unaccent(first_name || ' ' || last_name)), '[^a-z0-9]+')
                                || array[public.f_name_key(first_name), public.f_name_key(last_name)], '') $$;`);
  }

  override down(): void {
    this.addSql(`create or replace function f_name_key(text) returns text
      language sql immutable parallel safe strict
      as $$ select regexp_replace(lower(f_unaccent($1)), '[^a-z0-9]+', '', 'g') $$;`);
    this.addSql(`create or replace function f_name_words(first_name text, last_name text) returns text[]
      language sql immutable parallel safe strict
      as $$ select array_remove(regexp_split_to_array(lower(f_unaccent(first_name || ' ' || last_name)), '[^a-z0-9]+')
                                || array[f_name_key(first_name), f_name_key(last_name)], '') $$;`);
  }
}
