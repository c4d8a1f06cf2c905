/**
 * Notes in the JSON API (docs/api.md). Notes are append-only: an edit is
 * `POST /notes/{id}/versions` naming the version that was edited, and answers 201 with
 * the new version (409 when someone saved a newer version first). The profile's
 * `GET /accounts/{n}/notes` lists the latest version of each note; the versions of one
 * note are `GET /notes/{id}/versions`.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { addNote, noteHistory, reviseNote } from '../../domain/communications/notes.js';
import { actorOf } from '../common/actor.js';
import { apiRouter, body, ErrorBody, errorResponses, json } from '../common/openapi.js';
import { jsonOf } from '../profile/profile-mappers.js';
import { AccountParams, NoteItem, notFoundResponse, PageQuery, pageOfSchema } from '../profile/profile.schemas.js';
import { RecordIdParams } from '../common/record-params.js';
import { NoteBody } from './records.schemas.js';

const NoteVersion = z.object({
  id: z.number().int(), thread: z.string(), version: z.number().int(), body: z.string(), author: z.string(), createdAt: z.string(),
}).openapi('NoteVersion');

const noteErrors = { ...errorResponses, 404: notFoundResponse };

const create = createRoute({
  method: 'post', path: '/accounts/{accountNumber}/notes', tags: ['notes'], summary: 'Add a note to the account',
  request: { params: AccountParams, ...body(NoteBody) },
  responses: { 201: json(NoteItem, 'The note (version 1)'), ...noteErrors },
});

const revise = createRoute({
  method: 'post', path: '/notes/{id}/versions', tags: ['notes'],
  summary: 'Edit a note: append its next version (`id` is the version you edited; 409 if a newer one exists, 422 if unchanged)',
  request: { params: RecordIdParams, ...body(NoteBody) },
  responses: {
    201: json(NoteItem, 'The new version'), ...noteErrors,
    409: json(ErrorBody, 'A newer version exists (details.currentVersion, details.currentId)'),
  },
});

const history = createRoute({
  method: 'get', path: '/notes/{id}/versions', tags: ['notes'], summary: 'Every version of a note, newest first',
  request: { params: RecordIdParams, query: PageQuery },
  responses: { 200: json(pageOfSchema(NoteVersion, 'NoteVersionPage'), 'The versions'), ...noteErrors },
});

export const notesApiRoutes = apiRouter()
  .openapi(create, async (c) => {
    const note = await addNote(c.get('em'), c.req.valid('param').accountNumber, c.req.valid('json').body, actorOf(c));
    return c.json(jsonOf(note), 201);
  })
  .openapi(revise, async (c) => {
    const note = await reviseNote(c.get('em'), c.req.valid('param').id, c.req.valid('json').body, actorOf(c));
    return c.json(jsonOf(note), 201);
  })
  .openapi(history, async (c) => c.json(jsonOf(await noteHistory(c.get('em'), c.req.valid('param').id, c.req.valid('query'))), 200));
