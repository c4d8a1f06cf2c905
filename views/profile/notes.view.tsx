/** The profile's Notes tab: notes (latest version of each) and their forms. */
import type { Page } from '../../domain/common/paging.js';
import type { NoteItem } from '../../domain/communications/profile-records.js';
import { formatDateTime } from './format.js';
import { Pager } from './pager.view.js';
import { tabUrl } from './tabs.view.js';
import { NewNoteForm, NoteTools } from './forms/note-forms.view.js';

export interface NotesProps { accountNumber: string; notes: Page<NoteItem>; timeZone: string }

/** Notes are append-only: each thread shows its latest wording, marked when it was edited. */
export function NotesTab({ accountNumber, notes, timeZone }: NotesProps) {
  return (
    <section class="panel" aria-labelledby="notes-heading">
      <h2 id="notes-heading">Notes</h2>
      <NewNoteForm accountNumber={accountNumber} />
      {notes.items.length ? (
        <ol class="notes">
          {notes.items.map((n) => (
            <li id={`note-${n.id}`} class="note" data-note={n.thread} data-version={String(n.version)}>
              <p class="note-meta">
                <strong>{n.author}</strong>{' · '}
                <time datetime={n.createdAt.toISOString()}>{formatDateTime(n.createdAt, timeZone)}</time>
                {n.edited ? (
                  <span class="edited-marker" title={`First written ${formatDateTime(n.firstCreatedAt, timeZone)}`}>
                    {' · '}edited (version {n.version})
                  </span>
                ) : null}
              </p>
              <p class="note-body">{n.body}</p>
              <NoteTools accountNumber={accountNumber} note={n} />
            </li>
          ))}
        </ol>
      ) : <p class="muted">No notes yet.</p>}
      <Pager page={notes} label="Notes" href={(page) => tabUrl(accountNumber, 'notes', { page })} />
    </section>
  );
}
