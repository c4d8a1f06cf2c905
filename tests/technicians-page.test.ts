/** The technicians page: dispatchers add technicians through the same schema as the JSON API; bad input is refused inline. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { db } from '../domain/common/database.js';
import { htmxRequest, signIn, type SignedIn } from './support/browser-session.js';
import { createUser, startTestServer, type TestServer } from './support/app-server.js';

let server: TestServer;
let dispatcher: SignedIn;
let agent: SignedIn;

test.before(async () => {
  server = await startTestServer('technicians_page');
  const d = await createUser(server.db, 'dispatcher');
  const a = await createUser(server.db, 'agent');
  dispatcher = await signIn(server.baseUrl, d.email, d.password);
  agent = await signIn(server.baseUrl, a.email, a.password);
});
test.after(async () => server.close());

const technicians = () => db(server.db.orm.em.fork()).selectFrom('technician').select(['name', 'phone', 'skills']).orderBy('id').execute();

/** The add form as a browser posts it: every ticked skill is its own `skills` field. */
function form(fields: Array<[string, string]>): URLSearchParams {
  return new URLSearchParams(fields);
}

test('a dispatcher adds a technician with several skills; the list shows them', async () => {
  const response = await htmxRequest(server.baseUrl, dispatcher, '/technicians',
    form([['name', '  Riley Reader '], ['phone', ''], ['skills', 'meter_reading'], ['skills', 'inspection']]));
  assert.is(response.status, 200);
  assert.match(await response.text(), 'Riley Reader');
  assert.equal(await technicians(), [{ name: 'Riley Reader', phone: null, skills: ['meter_reading', 'inspection'] }]);
});

test('a missing name, no skill or an unknown skill is refused inline and nothing is written', async () => {
  const before = await technicians();
  const empty = await htmxRequest(server.baseUrl, dispatcher, '/technicians', form([['name', ''], ['phone', '']]));
  assert.is(empty.status, 422);
  const html = await empty.text();
  assert.match(html, 'required');
  assert.match(html, 'tick at least one order type');
  const unknown = await htmxRequest(server.baseUrl, dispatcher, '/technicians', form([['name', 'Bad'], ['skills', 'flying']]));
  assert.is(unknown.status, 422);
  assert.equal(await technicians(), before);
});

test('agents may not add technicians', async () => {
  const response = await htmxRequest(server.baseUrl, agent, '/technicians', form([['name', 'Nope'], ['skills', 'repair']]));
  assert.is(response.status, 403);
});

test.run();
