/**
 * The SQL of the account search (SPEC §4). Each way of finding an account is one
 * branch returning `(account_id, tier, score)` and the columns the filters and the order
 * need, written so PostgreSQL answers it from an index without folding text per row (see
 * migrations 051500 and 060000). The branches are combined, each account keeps its best
 * tier, the filters apply, the page is ordered tier → score → account number, and only
 * the page's rows are read in full. Only placeholders reach the SQL text: user input
 * always travels as a parameter.
 *
 * Tiers: 0 exact account number · 1 exact name (either order), e-mail, phone or meter ·
 * 2 every typed word is a word of the name · 3 prefix (account number, first/last name,
 * e-mail, phone, meter) · 4 contains (account number, e-mail, phone, meter) · 5 a typed
 * word one typo away from a name word · 6 only similar (trigram similarity of the whole
 * name; asked only when nothing else matched).
 */
import type { AccountStatus } from '../../shared/enums.js';
import { escapeLike, type SearchPlan } from './search-query.js';

export interface SqlPart { sql: string; params: unknown[] }

export interface SearchFilters {
  status?: AccountStatus;
  vip?: boolean;
  overdue?: boolean;
}

export const FULL_NAME = `lower(f_unaccent(a.first_name || ' ' || a.last_name))`;
const PHONE_DIGITS = `regexp_replace(a.phone, '\\D', '', 'g')`;

/** What every branch carries besides (account_id, tier, score): the order and filter columns. */
export const CARRY = 'a.account_number, a.status, a.vip, a.overdue_since is not null';
export const CARRIED = 'account_number, status, vip, overdue';

const like = {
  prefix: (text: string) => `${escapeLike(text)}%`,
  contains: (text: string) => `%${escapeLike(text)}%`,
};

function accountBranch(plan: SearchPlan): SqlPart | null {
  if (!plan.accountExact && !plan.accountPrefix && !plan.accountDigits) return null;
  const prefix = plan.accountPrefix ? like.prefix(plan.accountPrefix) : null;
  const contains = plan.accountDigits ? like.contains(plan.accountDigits) : null;
  return {
    sql: `select a.id as account_id,
                 case when a.account_number = ? then 0 when a.account_number like ? then 3 else 4 end as tier, 0::real as score, ${CARRY}
            from account a
           where a.account_number = ? or a.account_number like ? or a.account_number like ?`,
    params: [plan.accountExact, prefix, plan.accountExact, prefix, contains],
  };
}

function phoneBranch(plan: SearchPlan): SqlPart | null {
  if (!plan.phoneDigits) return null;
  return {
    sql: `select a.id, case when ${PHONE_DIGITS} = ? then 1 when ${PHONE_DIGITS} like ? then 3 else 4 end, 0::real, ${CARRY}
            from account a where ${PHONE_DIGITS} like ?`,
    params: [plan.phoneDigits, like.prefix(plan.phoneDigits), like.contains(plan.phoneDigits)],
  };
}

function emailBranch(plan: SearchPlan): SqlPart | null {
  if (!plan.email || plan.email.length < 3) return null;
  return {
    sql: `select a.id, case when lower(a.email) = ? then 1 when lower(a.email) like ? then 3 else 4 end, 0::real, ${CARRY}
            from account a where lower(a.email) like ?`,
    params: [plan.email, like.prefix(plan.email), like.contains(plan.email)],
  };
}

/** Meters reach an account through their open assignment and its service connection. */
function meterBranch(plan: SearchPlan): SqlPart | null {
  if (!plan.meterPrefix && !plan.meterDigits) return null;
  const exact = plan.meterPrefix ?? `M-${plan.meterDigits}`;
  return {
    sql: `select a.id, case when m.meter_number = ? then 1 when m.meter_number like ? then 3 else 4 end, 0::real, ${CARRY}
            from meter m
            join meter_assignment ma on ma.meter_id = m.id and ma.unassigned_at is null
            join service_connection sc on sc.id = ma.connection_id
            join account a on a.id = sc.account_id
           where m.meter_number like ? or m.meter_number like ?`,
    params: [exact, like.prefix(exact), like.prefix(exact), plan.meterDigits ? like.contains(plan.meterDigits) : null],
  };
}

/** The branches for account numbers, e-mail, phone and meter numbers that apply to this input. */
export function contactBranches(plan: SearchPlan): SqlPart[] {
  return [accountBranch(plan), emailBranch(plan), phoneBranch(plan), meterBranch(plan)]
    .filter((part): part is SqlPart => part !== null);
}

/** Where the filters find their columns: on `account a`, or on the combined branches and `account_tally`. */
const ACCOUNT_COLUMNS = { status: 'a.status', vip: 'a.vip', overdue: 'a.overdue_since is not null' };
export const CARRIED_COLUMNS = { status: 'status', vip: 'vip', overdue: 'overdue' };

/** The filters as a condition (`true` when none). */
export function filterCondition(filters: SearchFilters, columns = ACCOUNT_COLUMNS): SqlPart {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (filters.status) {
    conditions.push(`${columns.status} = ?`);
    params.push(filters.status);
  }
  if (filters.vip !== undefined) {
    conditions.push(`${columns.vip} = ?`);
    params.push(filters.vip);
  }
  if (filters.overdue !== undefined) conditions.push(filters.overdue ? columns.overdue : `not (${columns.overdue})`);
  return { sql: conditions.length ? conditions.join(' and ') : 'true', params };
}

export const HIT_COLUMNS = `a.account_number, a.first_name, a.last_name, a.status, a.disconnection_kind, a.vip,
  a.balance_cents, a.health_score, a.overdue_since`;

/** One page of the combined branches, with the total of all matches (also when the page is past the end). */
export function rankedPageSql(branches: SqlPart[], filters: SearchFilters, limit: number, offset: number): SqlPart {
  const filter = filterCondition(filters, CARRIED_COLUMNS);
  const order = 'tier, score desc, length(account_number), account_number';
  return {
    sql: `with hits (account_id, tier, score, ${CARRIED}) as (${branches.map((b) => b.sql).join('\n union all\n')}),
          matched as materialized (
            select account_id, min(tier) as tier, max(score) as score, ${CARRIED}
              from hits group by account_id, ${CARRIED} having ${filter.sql}),
          page as (select account_id, tier, score, account_number from matched order by ${order} limit ? offset ?)
          select c.total, ${HIT_COLUMNS} from (select count(*) as total from matched) c
          left join (page p join account a on a.id = p.account_id) on true
          order by p.tier, p.score desc, length(p.account_number), p.account_number`,
    params: [...branches.flatMap((b) => b.params), ...filter.params, limit, offset],
  };
}
