/**
 * Consumer search (docs/rules.md#search): one box for names, account numbers, e-mail, phone and meter
 * numbers, with the status / VIP / overdue filters; without a query, the filtered list.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql, type Compilable, type Expression, type Selectable } from 'kysely';
import type { AccountStatus, DisconnectionKind } from '../../common/enums.js';
import { db, type Database, type Db } from '../../common/database.js';
import type { Page, PageRequest } from '../../common/paging.js';
import {
  accountFilters, carriedFilters, contactBranches, HIT_COLUMNS, rankedPage, type Hit, type SearchFilters,
} from './account-search-sql.js';
import { nameBranches, similarNameBranch } from './account-search-names.js';
import { cleanQuery, planSearch } from './search-query.js';
import { preparedQuery, ShapeNames, statementNameOf } from '../../common/prepared-query.js';

export type { SearchFilters } from './account-search-sql.js';

export interface AccountSearchRequest extends SearchFilters, PageRequest {
  q?: string;
}

export interface AccountHit {
  accountNumber: string;
  name: string;
  firstName: string;
  lastName: string;
  status: AccountStatus;
  disconnectionKind: DisconnectionKind | null;
  vip: boolean;
  balanceCents: number;
  healthScore: number | null;
  overdueSince: string | null;
}

/** A hit's columns as the account table types them. */
type HitRow = Pick<Selectable<Database['account']>, (typeof HIT_COLUMNS)[number] extends `a.${infer C}` ? C : never>;

function toHit(row: HitRow): AccountHit {
  return {
    accountNumber: row.account_number,
    name: `${row.first_name} ${row.last_name}`,
    firstName: row.first_name,
    lastName: row.last_name,
    status: row.status,
    disconnectionKind: row.disconnection_kind,
    vip: row.vip,
    balanceCents: row.balance_cents,
    healthScore: row.health_score,
    overdueSince: row.overdue_since,
  };
}

/** How many accounts pass the filters: summed from the dashboard counters, which carry status, VIP and overdue. */
async function countListed(em: EntityManager, filters: SearchFilters): Promise<number> {
  const row = await db(em).selectFrom('account_tally')
    .select(sql<string>`coalesce(sum(accounts), 0)`.as('total'))
    .where(carriedFilters(filters))
    .executeTakeFirstOrThrow();
  return Number(row.total);
}

/** Below this many matches the list is sorted rather than read in index order (which would scan past them all). */
const SORT_BELOW = 5000;

/**
 * A status with overdue (and no VIP filter) has an index of its own in account-number order (migration
 * 20261205090000): read in order, it yields only the matches, however few. Sorted instead, PostgreSQL fetched
 * every account of the status to keep the few: "collection, not overdue" (59 of 60,000) took 0.3-1 s.
 */
const inOwnIndexOrder = (filters: SearchFilters) => filters.status !== undefined && filters.overdue !== undefined && filters.vip === undefined;

/** Without a query: the accounts passing the filters, by account number (shortest first, so WU-99999 < WU-100000). */
async function listAccounts(em: EntityManager, request: AccountSearchRequest): Promise<Page<AccountHit>> {
  const total = await countListed(em, request);
  const offset = (request.page - 1) * request.pageSize;
  const page = { total, page: request.page, pageSize: request.pageSize };
  if (offset >= total) return { items: [], ...page };
  const query = db(em);
  const filtered = query.selectFrom('account as a').where((eb) => accountFilters(eb, request));
  // Few matches: `offset 0` keeps the planner from walking the account-number index past the whole table to find them.
  const source = total < SORT_BELOW && !inOwnIndexOrder(request) ? query.selectFrom(filtered.selectAll('a').offset(sql.lit(0)).as('a')) : filtered;
  const rows = await source.select(HIT_COLUMNS)
    .orderBy(sql`length(a.account_number)`).orderBy('a.account_number')
    .limit(request.pageSize).offset(offset)
    .execute();
  return { items: rows.map(toHit), ...page };
}

/**
 * The input folded exactly as the name indexes are (`lower(f_unaccent(…))`). Plain printable ASCII
 * folds to its lower case: unaccent's rules map no ASCII character (a test checks all 95 against the
 * database), so the common case costs no round trip; anything else asks the database.
 */
const foldInDatabase = preparedQuery(1, (query: Db, q: string) => query.selectNoFrom(sql<string>`lower(f_unaccent(${q}))`.as('folded')));

async function foldQuery(em: EntityManager, q: string): Promise<string> {
  if (/^[\x20-\x7e]*$/.test(q)) return q.toLowerCase();
  const [{ folded }] = await foldInDatabase(em, q);
  return folded;
}

/**
 * How many search statement shapes a process names on the generic-plan connections. A shape is set by the
 * number of words, which of them may carry a typo, which kinds of number the input may be (account, phone,
 * meter) and the filters given: a few dozen recur. Each named shape is
 * kept by every one of those connections (~0.6 MB of PostgreSQL memory each), so past these a new shape is
 * planned per run on the request's connection, as every search was before.
 */
export const MAX_GENERIC_SHAPES = 48;
const genericShapes = new ShapeNames(MAX_GENERIC_SHAPES);

/** Runs the statement under its shape's name on `generic` when given and a name is left, else as usual on its own connection. */
async function executeOn<Row>(statement: Compilable<Row> & { execute(): Promise<Row[]> }, generic: Db | undefined): Promise<Row[]> {
  if (!generic) return statement.execute();
  const compiled = statement.compile();
  const text = genericShapes.named(compiled.sql);
  if (statementNameOf(text) === undefined) return statement.execute();
  return (await generic.executeQuery<Row>({ ...compiled, sql: text })).rows;
}

/**
 * One page of accounts, best match first; an empty `q` lists the filtered accounts. `genericPlans`, the
 * API's generic-plan connections, runs the statements without planning them: names, e-mail, and (since every
 * prefix is written as a range, which a plan made without the value still answers from the pattern indexes)
 * account numbers, phone and meter numbers too.
 */
export async function searchAccounts(em: EntityManager, request: AccountSearchRequest, genericPlans?: Db): Promise<Page<AccountHit>> {
  const q = cleanQuery(request.q ?? '');
  if (!q) return listAccounts(em, request);
  const offset = (request.page - 1) * request.pageSize;
  const noMatch: Page<AccountHit> = { items: [], total: 0, page: request.page, pageSize: request.pageSize };
  // One statement (two when nothing matched and similar names are tried), no transaction: each is a
  // consistent snapshot on its own. The API's connections already plan for short indexed queries
  // (no JIT, no parallel workers: infra/database/orm.ts), so no settings travel with it.
  const query = db(em);
  const plan = planSearch(q, await foldQuery(em, q));
  const ranked = async (branches: Expression<Hit>[], typos: Expression<Hit> | null, generic: Db | undefined): Promise<Page<AccountHit>> => {
    const rows = await executeOn(rankedPage(query, branches, request, request.pageSize, offset, typos), generic);
    if (!rows.length) return noMatch;
    // The right join types every column nullable; a row with an account number is a whole account row.
    const items = rows.flatMap((row) => (row.account_number === null ? [] : [toHit(row as HitRow)]));
    return { ...noMatch, items, total: Number(rows[0].total) };
  };
  const name = nameBranches(query, plan);
  const branches = name ? [name.close, ...contactBranches(query, plan)] : contactBranches(query, plan);
  const found = branches.length ? await ranked(branches, name?.typos ?? null, genericPlans) : noMatch;
  // The similar-names fallback (a trigram similarity of the whole name) is rare, and stays planned per run.
  const similar = found.total === 0 ? similarNameBranch(query, plan) : null;
  return similar ? ranked([similar], null, undefined) : found;
}
