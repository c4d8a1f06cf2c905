/**
 * The callers an API process has just looked up (token or session row with its user), kept in memory for
 * a few seconds so that a burst of reads by the same caller sends the lookup once, not once per request.
 *
 * Why it is safe: an entry is served only while the process listens to PostgreSQL's notifications of
 * changes to sessions, tokens and users (infra/database/caller-change-listener.ts, triggers of migration
 * 20261213090000), and every such notification forgets every entry. A lookup that began before a change
 * and ends after the notification is not kept (the generation moved). Without the listener (lost connection,
 * tests, commands) nothing is served. The authentication middleware serves entries to reads only and forgets
 * them all after every state-changing request of its own process, so a sign-out or a deactivation made here
 * holds on the very next request whatever the notification's timing (docs/security.md#remembered-callers).
 * What remains is the notification's own delay to the other processes, about a millisecond: the same as a
 * request that had started a moment before the change.
 */

/** How long an entry is served at most, even while no notification says it changed. */
export const REMEMBER_MS = 30_000;
/** The most entries kept: a burst of new callers pushes out the oldest. */
export const MOST_REMEMBERED = 10_000;

interface Entry { row: unknown; at: number }

/**
 * One process's remembered callers. Keys name the kind of row (`session:…`, `token:…`), so a key always
 * holds the kind of row its reader expects; the reader also decides which kept rows it may use as they are
 * (domain/auth/sign-in.ts: never one that would need a write).
 */
export class RememberedCallers {
  private readonly entries = new Map<string, Entry>();
  private listening = false;
  /** Moves on every forgetting: a lookup that began under an older generation is not kept. */
  private generation = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** Whether entries are served: only while the change notifications arrive. */
  get serving(): boolean {
    return this.listening;
  }

  /** How many entries are kept now. */
  get size(): number {
    return this.entries.size;
  }

  /** The change notifications arrive again (the listener's LISTEN succeeded): entries may be kept from now on. */
  resume(): void {
    this.forgetAll();
    this.listening = true;
  }

  /** The change notifications stopped arriving (connection lost or closed): forget everything and serve nothing. */
  suspend(): void {
    this.listening = false;
    this.forgetAll();
  }

  /** Something may have changed a session, a token or a user: every entry goes. */
  forgetAll(): void {
    this.generation += 1;
    this.entries.clear();
  }

  /** The row kept for `key`, or undefined when none is kept, it is too old, or the process is not listening. */
  row<Row>(key: string): Row | undefined {
    if (!this.listening) return undefined;
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.now() - entry.at > REMEMBER_MS) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.row as Row;
  }

  /**
   * `read()`'s row, kept for `key` unless something was forgotten while it was read (it may predate a change
   * whose notification has just arrived). Nothing is kept for a missing row: unknown tokens always reach the database.
   */
  async read<Row>(key: string, read: () => Promise<Row | undefined>): Promise<Row | undefined> {
    const generation = this.generation;
    const row = await read();
    if (row === undefined || !this.listening || generation !== this.generation) return row;
    this.entries.delete(key); // set again below, last in line, so the oldest entry is the first to go
    this.entries.set(key, { row, at: this.now() });
    if (this.entries.size > MOST_REMEMBERED) this.entries.delete(this.entries.keys().next().value as string);
    return row;
  }
}
