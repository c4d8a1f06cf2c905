/**
 * The typo search's word list (`name_word_deletion`, migration 20261201100000) filled once after the
 * bulk load instead of chunk by chunk. Its insert trigger on `account` looks each distinct word of the
 * new names up in the list's key, and during the seed those pages are cold: the COPYs stream gigabytes
 * through the server's buffers between two chunks, so at 1,000,000 accounts the trigger was most of the
 * account table's COPY time (236 of 631 s; without it a chunk's COPY takes a sixth of the time). Set aside
 * like the secondary indexes (secondary-indexes.ts) and inside the seed's transaction: an interrupted seed
 * leaves the trigger as it was. The fill calls the trigger's own function (migration 20261212090000) with
 * the words of every account; words already kept are skipped, so it also suits a seed into a database that
 * has accounts.
 */
import type pg from 'pg';

const TRIGGER = 'name_word_deletion_insert';

/** Stops the per-statement word trigger for this transaction's load. */
export async function setAsideNameWordTrigger(client: pg.ClientBase): Promise<void> {
  await client.query(`alter table account disable trigger ${TRIGGER}`);
}

/** Adds every new word of every account with its deletions, then turns the trigger back on as the migration left it (ALWAYS). */
export async function fillNameWords(client: pg.ClientBase): Promise<void> {
  await client.query(`select name_word_deletion_add_words(array(select distinct unnest(f_name_words(first_name, last_name)) from account))`);
  await client.query(`alter table account enable always trigger ${TRIGGER}`);
}
