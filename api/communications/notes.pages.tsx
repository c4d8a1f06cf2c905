/**
 * The Notes tab's writes (htmx): add a note, save an edit as the next version, and the
 * history of a note (fetched when opened). A refused form comes back inline (422) with
 * the error next to the field; a saved one re-renders the tab.
 */
import { Hono } from 'hono';
import { findAccountRecord } from '../../domain/accounts/account-record.js';
import { addNote, getNote, noteHistory, reviseNote } from '../../domain/communications/notes.js';
import { pageFromQuery } from '../../domain/common/paging.js';
import { formState } from '../../views/profile/forms/form-state.js';
import { NewNoteForm, NoteEditForm, NoteHistoryList } from '../../views/profile/forms/note-forms.view.js';
import { actorOf } from '../common/actor.js';
import type { AppEnv } from '../app-env.js';
import { handleForm, parseForm } from '../common/forms.js';
import { requireRole } from '../middleware/require-role.js';
import { renderSavedTab } from '../accounts/account-writes-refresh.js';
import { recordId } from '../common/record-params.js';
import { NoteBody } from './records.schemas.js';

export const notePageRoutes = new Hono<AppEnv>()
  .post('/accounts/:accountNumber/notes', requireRole('agent'), async (c) => {
    const record = await findAccountRecord(c.get('em'), c.req.param('accountNumber'));
    return handleForm(c,
      (values) => addNote(c.get('em'), record.accountNumber, parseForm(NoteBody, values).body, actorOf(c)),
      (values, errors, message) => c.html(<NewNoteForm accountNumber={record.accountNumber} state={formState(values, errors, message)} />),
      () => renderSavedTab(c, record.accountNumber, 'notes', 'Note added.'));
  })
  .post('/accounts/:accountNumber/notes/:id/versions', requireRole('agent'), async (c) => {
    const em = c.get('em');
    const record = await findAccountRecord(em, c.req.param('accountNumber'));
    const id = recordId(c.req.param('id'), 'Note');
    // Read first: an unknown note is a 404, and a refused edit re-renders the form of that note.
    const note = await getNote(em, id, record.id);
    return handleForm(c,
      (values) => reviseNote(em, id, parseForm(NoteBody, values).body, actorOf(c), record.id),
      (values, errors, message) => c.html(<NoteEditForm accountNumber={record.accountNumber} note={note} state={formState(values, errors, message)} />),
      () => renderSavedTab(c, record.accountNumber, 'notes', 'Note saved as a new version; the earlier wording is kept.'));
  })
  .get('/accounts/:accountNumber/notes/:id/history', requireRole('agent'), async (c) => {
    const em = c.get('em');
    const record = await findAccountRecord(em, c.req.param('accountNumber'));
    const page = await noteHistory(em, recordId(c.req.param('id'), 'Note'), pageFromQuery(c.req.query('page'), '200'), record.id);
    return c.html(<NoteHistoryList versions={page.items} timeZone={c.get('deps').config.UTILITY_TIME_ZONE} />);
  });
