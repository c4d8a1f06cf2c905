/** The forms that add a note and edit one. */
import type { NoteVersion } from '../../../domain/communications/notes.js';
import type { NoteItem } from '../../../domain/communications/profile-records.js';
import { Field, FormMessage } from '../../common/form-field.js';
import { formatDateTime } from '../format.js';
import { accountPath, EMPTY_FORM, scoped, type FormState } from './form-state.js';

/**
 * The Notes tab's forms: add a note; edit one (which appends a version); see a note's
 * earlier versions. A successful save re-renders the whole tab; a refused one only its form.
 */
export const NEW_NOTE_FORM = 'note-new';
export const editNoteForm = (noteId: number) => `note-edit-${noteId}`;

export function NewNoteForm({ accountNumber, state = EMPTY_FORM }: { accountNumber: string; state?: FormState }) {
  const body = scoped(NEW_NOTE_FORM, 'body', state);
  return (
    <form id={NEW_NOTE_FORM} class="record-form" hx-post={`${accountPath(accountNumber)}/notes`} hx-target="this" hx-swap="outerHTML">
      <FormMessage message={state.message} />
      <Field label="New note" name={body.fieldName} error={body.error}>
        <textarea {...body.props} rows={3} maxlength={10000} required>{body.value}</textarea>
      </Field>
      <button type="submit" class="primary">Add note</button>
    </form>
  );
}

export function NoteEditForm({ accountNumber, note, state }: { accountNumber: string; note: NoteItem; state?: FormState }) {
  const id = editNoteForm(note.id);
  const body = scoped(id, 'body', state ?? { values: { body: note.body }, errors: {} });
  return (
    <form id={id} class="record-form" hx-post={`${accountPath(accountNumber)}/notes/${note.id}/versions`} hx-target="this" hx-swap="outerHTML">
      <FormMessage message={state?.message} />
      <Field label={`Edit note (saves version ${note.version + 1}; earlier versions are kept)`} name={body.fieldName} error={body.error}>
        <textarea {...body.props} rows={3} maxlength={10000} required>{body.value}</textarea>
      </Field>
      <button type="submit">Save new version</button>
    </form>
  );
}

/** Under each note: edit it, and (once edited) its history, fetched when opened. */
export function NoteTools({ accountNumber, note }: { accountNumber: string; note: NoteItem }) {
  return (
    <div class="note-tools">
      <details class="note-edit">
        <summary>Edit</summary>
        <NoteEditForm accountNumber={accountNumber} note={note} />
      </details>
      {note.edited ? (
        <details class="note-history" hx-get={`${accountPath(accountNumber)}/notes/${note.id}/history`}
          hx-trigger="toggle once" hx-target="find .note-history-list" hx-swap="innerHTML">
          <summary>History ({note.version} versions)</summary>
          <div class="note-history-list"><p class="muted">Loading…</p></div>
        </details>
      ) : null}
    </div>
  );
}

export function NoteHistoryList({ versions, timeZone }: { versions: NoteVersion[]; timeZone: string }) {
  return (
    <ol class="note-versions">
      {versions.map((v) => (
        <li data-version={String(v.version)}>
          <p class="note-meta">
            Version {v.version} · <strong>{v.author}</strong> · <time datetime={v.createdAt.toISOString()}>{formatDateTime(v.createdAt, timeZone)}</time>
          </p>
          <p class="note-body">{v.body}</p>
        </li>
      ))}
    </ol>
  );
}
