// What the fuzzer needs from a running test server: a caller of every role (bearer token
// and browser session), a complete account with records to aim at, the operations of the
// app's OpenAPI document, its page routes, and the form field names its pages use.
import { createApp } from '../../../api/app.js';
import { db } from '../../../domain/common/database.js';
import { insertAccountFixture } from '../account-fixture.js';
import { createUser, type TestServer } from '../app-server.js';
import { apiToken, signIn } from '../browser-session.js';
import { insertTechnician } from '../minimal-account.js';
import type { Caller, KnownRecords } from './fuzz-requests.js';
import { type JsonSchema, Rng } from './odd-values.js';
import { type OpenApiDocument, type Operation, operationsOf } from './openapi-operations.js';
import { type BrowserSession, type PageRoute, pageRoutesOf, pageRequest } from './page-requests.js';

export interface FuzzTarget {
  baseUrl: string;
  auth: Record<Caller, Record<string, string>>;
  sessions: Partial<Record<Caller, BrowserSession>>;
  known: KnownRecords;
  operations: Operation[];
  pages: PageRoute[];
  fields: string[];
}

const ROLES = ['agent', 'dispatcher', 'admin'] as const;

async function firstId(server: TestServer, table: 'note' | 'complaint' | 'document' | 'payment' | 'reading' | 'notification'): Promise<number> {
  const row = await db(server.db.orm.em).selectFrom(table).select('id').orderBy('id').limit(1).executeTakeFirst();
  return row ? Number(row.id) : 1;
}

async function knownRecords(server: TestServer): Promise<KnownRecords> {
  const account = await insertAccountFixture(server.db.orm);
  const technician = await insertTechnician(server.db.orm);
  // A user the fuzzer may deactivate or demote through the admin forms without losing its own callers.
  await createUser(server.db, 'agent', 'fuzz-victim@example.com');
  const victim = await db(server.db.orm.em).selectFrom('app_user').select('id').where('email', '=', 'fuzz-victim@example.com').executeTakeFirstOrThrow();
  const order = await db(server.db.orm.em).selectFrom('service_order').select('order_number').limit(1).executeTakeFirst();
  return {
    accountNumber: account.accountNumber,
    meterNumber: account.meterNumber,
    orderNumber: order?.order_number ?? 'SO-1',
    jobId: '1',
    ids: {
      notes: await firstId(server, 'note'), complaints: await firstId(server, 'complaint'), documents: await firstId(server, 'document'),
      payments: await firstId(server, 'payment'), readings: await firstId(server, 'reading'), notifications: await firstId(server, 'notification'),
      users: Number(victim.id), technicians: technician,
    },
  };
}

function propertyNames(schema: JsonSchema | undefined, into: Set<string>): void {
  for (const [name, property] of Object.entries(schema?.properties ?? {})) {
    into.add(name);
    propertyNames(property, into);
  }
}

/** Field names from the OpenAPI bodies and from every `name="…"` the pages render (fetched once as admin). */
async function formFields(target: Omit<FuzzTarget, 'fields'>): Promise<string[]> {
  const names = new Set<string>(['_csrf', 'q', 'page', 'pageSize']);
  for (const op of target.operations) {
    propertyNames(op.body?.schema, names);
    for (const p of op.parameters) names.add(p.name);
  }
  const rng = new Rng(1);
  for (const route of target.pages.filter((p) => p.method === 'GET')) {
    const request = pageRequest(route, 'admin', target.sessions, [], target.known, target.baseUrl, rng);
    const response = await fetch(`${target.baseUrl}${request.url.split('?')[0]}`, { headers: { cookie: target.sessions.admin!.cookie }, redirect: 'manual' });
    for (const match of (await response.text()).matchAll(/\sname="([\w.[\]-]+)"/g)) names.add(match[1]);
  }
  return [...names].sort();
}

export async function prepareFuzzTarget(server: TestServer): Promise<FuzzTarget> {
  const auth = { none: {} } as Record<Caller, Record<string, string>>;
  const sessions: Partial<Record<Caller, BrowserSession>> = {};
  for (const role of ROLES) {
    const user = await createUser(server.db, role);
    auth[role] = { authorization: `Bearer ${await apiToken(server.baseUrl, user.email, user.password)}` };
    sessions[role] = await signIn(server.baseUrl, user.email, user.password);
  }
  const document = await (await fetch(`${server.baseUrl}/api/v1/openapi.json`, { headers: auth.admin })).json() as OpenApiDocument;
  const partial = {
    baseUrl: server.baseUrl, auth, sessions, known: await knownRecords(server),
    operations: operationsOf(document), pages: pageRoutesOf(createApp(server.deps).routes),
  };
  return { ...partial, fields: await formFields(partial) };
}
