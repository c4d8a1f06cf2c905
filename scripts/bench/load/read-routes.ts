/**
 * The four read routes the load bench drives, with the requests each one cycles through: one account's
 * JSON, the dashboard, a search query mix over accounts spread across the table, and the profile page
 * (header + Overview tab) as HTML.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../../../domain/common/database.js';

export interface ReadRoute {
  key: string;
  label: string;
  /** Paths cycled through, one per request. */
  paths: string[];
  /** `token` for the JSON API (bearer API token), `session` for the pages (session cookie). */
  auth: 'token' | 'session';
  /** Requests per second the API must serve at 16 and 64 connections. */
  targetRps: number;
  /** One client at a time: p95 target in ms, when the issue sets one. */
  singleClientP95Ms?: number;
}

/** The account the issue names, or the first one when the database was seeded differently. */
async function namedAccount(em: EntityManager): Promise<string> {
  const wanted = await db(em).selectFrom('account').select('account_number').where('account_number', '=', 'WU-10001').executeTakeFirst();
  if (wanted) return wanted.account_number;
  const first = await db(em).selectFrom('account').select('account_number').orderBy('id').limit(1).executeTakeFirst();
  if (!first) throw new Error('the bench database has no accounts: seed it first (`npm run bench -- seed`)');
  return first.account_number;
}

/** Searches people type: full name, last name alone, a partial account number, an e-mail, phone digits. */
async function searchPaths(em: EntityManager, count: number): Promise<string[]> {
  const rows = await db(em).selectFrom('account')
    .select(['account_number', 'first_name', 'last_name', 'email', 'phone'])
    .where(sql<number>`id % (select greatest(count(*) / ${count}, 1) from account)`, '=', 3)
    .orderBy('id').limit(count).execute();
  const queries: string[] = [];
  for (const r of rows) {
    queries.push(`${r.first_name} ${r.last_name}`, r.last_name, r.account_number.slice(0, -2).toLowerCase());
    if (r.email) queries.push(r.email);
    if (r.phone) queries.push(r.phone.replace(/\D/g, ''));
  }
  return queries.map((q) => `/api/v1/accounts?${new URLSearchParams({ q })}`);
}

export async function readRoutes(em: EntityManager): Promise<ReadRoute[]> {
  const account = await namedAccount(em);
  return [
    { key: 'account', label: `GET /api/v1/accounts/${account}`, paths: [`/api/v1/accounts/${account}`], auth: 'token', targetRps: 2000 },
    { key: 'dashboard', label: 'GET /api/v1/dashboard', paths: ['/api/v1/dashboard'], auth: 'token', targetRps: 3000, singleClientP95Ms: 5 },
    { key: 'search', label: 'GET /api/v1/accounts?q= (query mix)', paths: await searchPaths(em, 40), auth: 'token', targetRps: 800, singleClientP95Ms: 10 },
    { key: 'profile', label: `GET /accounts/${account} (profile HTML, overview)`, paths: [`/accounts/${account}`], auth: 'session', targetRps: 600, singleClientP95Ms: 30 },
  ];
}
