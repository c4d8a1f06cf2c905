/**
 * Input hygiene (OWASP ASVS V5, V12, V13): control characters in text, ids no row can have,
 * the static files' lookup, the body caps, and bodies refused before sign-in. Every refusal
 * is a 4xx that names what was wrong, and nothing is written.
 */
import { request as httpRequest } from 'node:http';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { CONTROL_CHARACTER_MESSAGE } from '../domain/common/plain-text.js';
import { insertAccountFixture } from './support/account-fixture.js';
import { createUser, startTestServer, type TestServer } from './support/app-server.js';
import { apiToken, htmxRequest, signIn, type SignedIn } from './support/browser-session.js';
import { refusedWithoutWrites } from './support/record-counts.js';

let server: TestServer;
const tokens: Record<string, string> = {};
let session: SignedIn;
let adminSession: SignedIn;
let account: string;

test.before(async () => {
  server = await startTestServer('input_hygiene');
  for (const role of ['agent', 'dispatcher', 'admin'] as const) {
    const user = await createUser(server.db, role);
    tokens[role] = await apiToken(server.baseUrl, user.email, user.password);
    if (role === 'agent') session = await signIn(server.baseUrl, user.email, user.password);
    if (role === 'admin') adminSession = await signIn(server.baseUrl, user.email, user.password);
  }
  account = (await insertAccountFixture(server.db.orm, { months: 2 })).accountNumber;
});
test.after(async () => server.close());

async function api(method: string, path: string, body?: unknown, role = 'agent') {
  const response = await fetch(`${server.baseUrl}/api/v1${path}`, {
    method, headers: { authorization: `Bearer ${tokens[role]}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json = text.startsWith('{') ? JSON.parse(text) : null;
  return { status: response.status, code: json?.error?.code as string | undefined, fields: json?.error?.details?.fields as Record<string, string> | undefined };
}
const apiCase = (method: string, path: string, body?: unknown, role?: string) => async () => {
  const r = await api(method, path, body, role);
  return { status: r.status, fields: r.fields ? Object.keys(r.fields) : undefined };
};

test('API: NUL or another control character in any text field → 422 naming the field; nothing is written', async () => {
  await refusedWithoutWrites(server.db.orm, [
    { name: 'NUL in a note', run: apiCase('POST', `/accounts/${account}/notes`, { body: 'Gate code\u0000 1234' }), status: 422, field: 'body' },
    { name: 'bell in a complaint', run: apiCase('POST', `/accounts/${account}/complaints`, { category: 'noise', description: 'ring\u0007' }), status: 422, field: 'description' },
    { name: 'escape in a subject', run: apiCase('POST', `/accounts/${account}/communications`, { channel: 'email', direction: 'to_customer', subject: '\u001b[31m', body: 'hi' }), status: 422, field: 'subject' },
    { name: 'lone surrogate in a note', run: apiCase('POST', `/accounts/${account}/notes`, { body: 'broken \ud800 text' }), status: 422, field: 'body' },
    { name: 'NUL in an account number in the body', run: apiCase('POST', '/service-orders', { accountNumber: `${account}\u0000`, type: 'repair', description: 'x' }), status: 422, field: 'accountNumber' },
  ]);
  const r = await api('POST', `/accounts/${account}/notes`, { body: 'Gate code\u0000' });
  assert.is(r.fields?.body, CONTROL_CHARACTER_MESSAGE);
});

test('API: tab, CR, LF, emoji and right-to-left text are text', async () => {
  const r = await api('POST', `/accounts/${account}/notes`, { body: 'Line one\r\n\tLine two 💧 \u200fמים' });
  assert.is(r.status, 201);
});

test('htmx form: NUL in a note → 422 with the message next to the field; nothing is written', async () => {
  await refusedWithoutWrites(server.db.orm, [{
    name: 'NUL in the note form',
    run: async () => {
      const response = await htmxRequest(server.baseUrl, session, `/accounts/${account}/notes`, { body: 'call back\u0000' });
      const html = await response.text();
      assert.match(html, /id="f-note-new-body-error"[^>]*>must not contain control characters/);
      return { status: response.status };
    },
    status: 422,
  }]);
});

test('path ids that cannot exist → 404: NUL, beyond int4, not a number', async () => {
  const cases: Array<[string, string, string?]> = [
    ['GET', '/meters/%00/readings'],
    ['GET', `/accounts/${account}%00`],
    ['GET', '/notes/99999999999/versions'],
    ['GET', '/notes/2147483648/versions'],
    ['POST', '/payments/2147483648/status'],
    ['POST', '/readings/4294967296/verify'],
    ['GET', '/documents/1e3/versions'],
    ['GET', '/notifications/4294967296', 'admin'],
    ['GET', '/service-orders/SO-99999999999999999999'],
  ];
  for (const [method, path, role] of cases) {
    const r = await api(method, path, method === 'POST' ? { status: 'processed' } : undefined, role);
    assert.is(r.status, 404, `${method} ${path}`);
    assert.is(r.code, 'not_found', `${method} ${path}`);
  }
});

test('page ids that cannot exist → 404', async () => {
  for (const path of [`/accounts/${account}/readings/4294967296/verify`, `/accounts/${account}/payments/2147483648/status`, '/admin/users/99999999999999999999']) {
    const response = await htmxRequest(server.baseUrl, path.startsWith('/admin') ? adminSession : session, path, { status: 'processed' });
    assert.is(response.status, 404, path);
  }
  const nul = await fetch(`${server.baseUrl}/accounts/${account}%00`, { headers: { cookie: session.cookie } });
  assert.is(nul.status, 404);
});

test('query parameters: control characters → 422 naming the parameter; ids beyond int4 → 422', async () => {
  const search = await api('GET', '/accounts?q=John%00');
  assert.equal([search.status, Object.keys(search.fields ?? {})], [422, ['q']]);
  const board = await api('GET', '/service-orders?technician=4294967296', undefined, 'dispatcher');
  assert.equal([board.status, Object.keys(board.fields ?? {})], [422, ['technician']]);
  const audit = await fetch(`${server.baseUrl}/admin/audit?entityId=%00`, { headers: { cookie: adminSession.cookie, 'hx-request': 'true' } });
  assert.is(audit.status, 422);
  const lenient = await fetch(`${server.baseUrl}/admin/audit?user=4294967296`, { headers: { cookie: adminSession.cookie } });
  assert.is(lenient.status, 200, 'the audit page ignores a user id no row can have');
});

test('numbers in bodies are held to their column: int4 ids and counts → 422 naming the field', async () => {
  const assign = await api('POST', '/service-orders/SO-1/assign', { technicianId: 2147483648 }, 'dispatcher');
  assert.equal([assign.status, Object.keys(assign.fields ?? {})], [422, ['technicianId']]);
  const bill = await api('POST', `/accounts/${account}/bills`, {
    periodStart: '2026-01-01', periodEnd: '2026-01-31', issuedAt: '2026-02-01', dueDate: '2026-02-20', amountCents: 100, usage: 2147483648,
  }, 'admin');
  assert.equal([bill.status, Object.keys(bill.fields ?? {})], [422, ['usage']]);
});

test('static files come from a fixed map: inherited object keys are 404, not 500', async () => {
  for (const name of ['constructor', '__proto__', 'hasOwnProperty', 'toString', '%00']) {
    const response = await fetch(`${server.baseUrl}/static/${name}`);
    assert.is(response.status, 404, name);
  }
  assert.is((await fetch(`${server.baseUrl}/static/app.css`)).status, 200);
});

test('a 2 MiB JSON body → 413, and the connection stays usable', async () => {
  const big = JSON.stringify({ body: 'x'.repeat(2 * 1024 * 1024) });
  const r = await fetch(`${server.baseUrl}/api/v1/accounts/${account}/notes`, {
    method: 'POST', headers: { authorization: `Bearer ${tokens.agent}`, 'content-type': 'application/json' }, body: big,
  });
  assert.is(r.status, 413);
  assert.is(((await r.json()) as { error: { code: string } }).error.code, 'payload_too_large');
  assert.is((await api('GET', `/accounts/${account}/notes`)).status, 200);
});

test('a malformed form body → 400, not 500', async () => {
  for (const type of ['multipart/form-data', 'multipart/form-data; boundary=zz']) {
    const posted = await fetch(`${server.baseUrl}/accounts/${account}/notes`, {
      method: 'POST', body: '--zz\r\nbroken', headers: { cookie: session.cookie, origin: server.baseUrl, 'x-csrf-token': session.csrfToken, 'content-type': type },
    });
    assert.is(posted.status, 400, type);
  }
});

/** Sends a POST by hand: headers, then `first` bytes of body, then more chunks only while no answer has come. */
function unauthenticatedUpload(options: { declaredLength?: number; chunk: number; maxBytes: number }) {
  return new Promise<{ status: number; bodySent: number }>((resolve, reject) => {
    const url = new URL(`${server.baseUrl}/api/v1/accounts/${account}/documents`);
    const headers: Record<string, string | number> = { 'content-type': 'multipart/form-data; boundary=x' };
    if (options.declaredLength) headers['content-length'] = options.declaredLength;
    const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers });
    let sent = 0;
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      res.resume();
      resolve({ status: res.statusCode ?? 0, bodySent: sent });
      req.destroy();
    });
    req.on('error', (error) => { if (!answered) reject(error); });
    const pump = () => {
      if (answered) return;
      if (sent >= options.maxBytes) return reject(new Error(`no answer after ${sent} bytes of body`));
      req.write(Buffer.alloc(options.chunk, 0x61));
      sent += options.chunk;
      setTimeout(pump, 20);
    };
    pump();
  });
}

test('without sign-in a big body is refused before it is read: declared length → 413 at once', async () => {
  // 10 MiB announced, 4 KiB a step: the answer must come long before the body could have been read.
  const r = await unauthenticatedUpload({ declaredLength: 10 * 1024 * 1024, chunk: 4096, maxBytes: 256 * 1024 });
  assert.is(r.status, 413);
  assert.ok(r.bodySent <= 64 * 1024, `answered after ${r.bodySent} bytes`);
});

test('without sign-in a big body is refused before it is read: chunked → 413 after at most 16 KiB', async () => {
  const r = await unauthenticatedUpload({ chunk: 8192, maxBytes: 1024 * 1024 });
  assert.is(r.status, 413);
  assert.ok(r.bodySent <= 96 * 1024, `answered after ${r.bodySent} bytes`);
});

test('signed in, an upload may still be large (the document limit applies, not the sign-in one)', async () => {
  const form = new FormData();
  form.append('title', 'Big scan');
  form.append('kind', 'report');
  form.append('file', new Blob([Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2 * 1024 * 1024, 0x20)])]), 'scan.pdf');
  const response = await fetch(`${server.baseUrl}/api/v1/accounts/${account}/documents`, {
    method: 'POST', headers: { authorization: `Bearer ${tokens.agent}` }, body: form,
  });
  assert.is(response.status, 201);
});

test.run();
