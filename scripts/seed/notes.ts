/**
 * Agents' notes. Notes are append-only: an edited note is a second version in the same
 * thread, the first wording kept. Authors are the demo users or earlier staff (no user row).
 */
import type { Person, SeedContext, Timeline } from './context.js';
import { SECONDS_PER_DAY, isoTimestamp } from './days.js';
import { NOTE_EDITS, NOTES, STAFF_HISTORY } from './phrases.js';
import type { Rng } from './prng.js';
import type { IdCursor, NoteRow } from './rows.js';

function author(rng: Rng, context: SeedContext): Person {
  const { agent, dispatcher, admin } = context.users;
  const pick = rng.weighted({ agent: 50, dispatcher: 15, admin: 5, former: 30 });
  if (pick === 'former') return { id: null, name: rng.pick(STAFF_HISTORY) };
  return { agent, dispatcher, admin }[pick];
}

export function notesFor(rng: Rng, accountId: number, fromDay: number, ids: IdCursor, context: SeedContext, timeline: Timeline): NoteRow[] {
  const rows: NoteRow[] = [];
  for (let n = rng.poisson(0.9); n > 0; n--) {
    // The thread carries the first version's id: unique by construction, however many accounts.
    const thread = rng.uuidWithSerial(ids.note);
    const by = author(rng, context);
    const body = rng.pick(NOTES);
    const written = rng.int(fromDay, Math.max(fromDay, timeline.lastDay)) * SECONDS_PER_DAY + rng.int(13 * 3600, 23 * 3600);
    rows.push({ id: ids.note++, account_id: accountId, thread, version: 1, body, author_id: by.id, author_name: by.name, created_at: isoTimestamp(written) });
    const edited = written + rng.int(600, 10 * SECONDS_PER_DAY);
    if (rng.chance(0.12) && edited < timeline.cutoff) {
      rows.push({
        id: ids.note++, account_id: accountId, thread, version: 2, body: `${body} ${rng.pick(NOTE_EDITS)}`,
        author_id: by.id, author_name: by.name, created_at: isoTimestamp(edited),
      });
    }
  }
  return rows;
}
