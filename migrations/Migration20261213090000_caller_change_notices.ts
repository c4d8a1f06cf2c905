import { Migration } from '@mikro-orm/migrations';

/**
 * A notice on the channel `cistern_callers_changed` whenever something may change who a request's caller is:
 * a session or an API token deleted, revoked, moved to another user or given another lifetime, a user
 * deactivated, deleted, renamed, given another role, e-mail or password. Each API process listens and forgets
 * the callers it remembered (infra/database/caller-change-listener.ts, domain/auth/remembered-callers.ts), so a
 * change made by any process, command or administrator holds on the next request. Statement-level triggers:
 * one notice per statement, and PostgreSQL folds the same notice sent twice in one transaction into one.
 * Updates of the "last used" columns alone (`last_seen_at`, `last_used_at`) send none: they change no caller.
 */
export class Migration20261213090000_caller_change_notices extends Migration {
  override name = 'Migration20261213090000_caller_change_notices';

  override up(): void {
    this.addSql(`create function public.notify_callers_changed() returns trigger language plpgsql as $$
      begin
        perform pg_notify('cistern_callers_changed', tg_table_name);
        return null;
      end $$;`);
    this.addSql(`create trigger session_callers_changed after delete or truncate or update of id, user_id, csrf_token, expires_at
      on session for each statement execute function public.notify_callers_changed();`);
    this.addSql(`create trigger api_token_callers_changed after delete or truncate or update of token_hash, user_id, revoked_at, expires_at
      on api_token for each statement execute function public.notify_callers_changed();`);
    this.addSql(`create trigger app_user_callers_changed after delete or truncate or update of email, name, role, active, password_hash
      on app_user for each statement execute function public.notify_callers_changed();`);
  }

  override down(): void {
    this.addSql('drop trigger app_user_callers_changed on app_user;');
    this.addSql('drop trigger api_token_callers_changed on api_token;');
    this.addSql('drop trigger session_callers_changed on session;');
    this.addSql('drop function public.notify_callers_changed();');
  }
}
