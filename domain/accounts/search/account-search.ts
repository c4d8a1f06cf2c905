/**
 * Consumer search (SPEC §4): one box for names, account numbers, e-mail, phone and meter
 * numbers, with the status / VIP / overdue filters; without a query, the filtered list
 * in account-number order. See account-search-sql.ts for the ranking.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AccountStatus, DisconnectionKind } from '../../shared/enums.js';
import {
  CARRIED_COLUMNS, contactBranches, filterCondition, HIT_COLUMNS, rankedPageSql, type SearchFilters, type SqlPart,
} from './account-search-sql.js';
import { nameBranch, similarNameBranch } from './account-search-names.js';
import type { Page, PageRequest } from '../../shared/paging.js';
import { cleanQuery, planSearch } from './search-query.js';
import { asInt, asIntOrNull } from '../../shared/sql-values.js';

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

type Row = Record<string, unknown>;

function toHit(row: Row): AccountHit {
  const firstName = String(row.first_name);
  const lastName = String(row.last_name);
  return {
    accountNumber: String(row.account_number),
    name: `${firstName} ${lastName}`,
    firstName,
    lastName,
    status: row.status as AccountStatus,
    disconnectionKind: (row.disconnection_kind ?? null) as DisconnectionKind | null,
    vip: Boolean(row.vip),
    balanceCents: asInt(row.balance_cents),
    healthScore: asIntOrNull(row.health_score),
    overdueSince: row.overdue_since === null || row.overdue_since === undefined ? null : String(row.overdue_since).slice(0, 10),
  };
}

/** How many accounts pass the filters: summed from the dashboard counters, which carry status, VIP and overdue. */
async function countListed(em: EntityManager, filters: SearchFilters): Promise<number> {
  const filter = filterCondition(filters, CARRIED_COLUMNS);
  const rows = await em.getConnection().execute<Row[]>(
    `select coalesce(sum(accounts), 0) as total from account_tally where ${filter.sql}`, filter.params,
  );
  return asInt(rows[0].total);
}

/** Below this many matches the list is sorted rather than read in index order (which would scan past them all). */
const SORT_BELOW = 5000;

/** Without a query: the accounts passing the filters, by account number (shortest first, so WU-99999 < WU-100000). */
async function listAccounts(em: EntityManager, request: AccountSearchRequest): Promise<Page<AccountHit>> {
  const total = await countListed(em, request);
  const offset = (request.page - 1) * request.pageSize;
  const page = { total, page: request.page, pageSize: request.pageSize };
  if (offset >= total) return { items: [], ...page };
  const filter = filterCondition(request);
  // Few matches: `offset 0` keeps the planner from walking the account-number index past the whole table to find them.
  const source = total < SORT_BELOW ? `(select * from account a where ${filter.sql} offset 0) a` : `account a where ${filter.sql}`;
  const rows = await em.getConnection().execute<Row[]>(
    `select ${HIT_COLUMNS} from ${source} order by length(a.account_number), a.account_number limit ? offset ?`,
    [...filter.params, request.pageSize, offset],
  );
  return { items: rows.map(toHit), ...page };
}

/**
 * Inside the search's transaction: plan settings fit for a short indexed query (JIT
 * compiling and parallel workers cost more than it takes, and its rough estimates could
 * trigger them), and the input folded exactly as the name indexes are, in one round trip.
 */
async function prepare(tx: EntityManager, q: string): Promise<string> {
  const rows = await tx.execute<{ folded: string }[]>(
    `select set_config('jit', 'off', true), set_config('max_parallel_workers_per_gather', '0', true), lower(f_unaccent(?)) as folded`,
    [q],
  );
  return rows[0].folded;
}

/** One page of accounts, best match first; an empty `q` lists the filtered accounts. */
export async function searchAccounts(em: EntityManager, request: AccountSearchRequest): Promise<Page<AccountHit>> {
  const q = cleanQuery(request.q ?? '');
  if (!q) return listAccounts(em, request);
  const offset = (request.page - 1) * request.pageSize;
  const pageOf = (rows: Row[]) => ({
    items: rows.filter((row) => row.account_number !== null && row.account_number !== undefined).map(toHit),
    total: rows.length ? asInt(rows[0].total) : 0,
    page: request.page,
    pageSize: request.pageSize,
  });
  return em.transactional(async (tx) => {
    const plan = planSearch(q, await prepare(tx, q));
    const run = async (branches: SqlPart[]) => {
      const query = rankedPageSql(branches, request, request.pageSize, offset);
      return pageOf(await tx.execute<Row[]>(query.sql, query.params));
    };
    const name = nameBranch(plan);
    const branches = name ? [name, ...contactBranches(plan)] : contactBranches(plan);
    const found = branches.length ? await run(branches) : pageOf([]);
    const similar = found.total === 0 ? similarNameBranch(plan) : null;
    return similar ? run([similar]) : found;
  });
}
