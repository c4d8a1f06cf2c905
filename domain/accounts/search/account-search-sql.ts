/**
 * The account search's queries (docs/rules.md#search): one branch per way of finding an account, and
 * the page that combines them, ranked. Tiers and index use are described below.
 */
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { DEFAULT_PAGE_SIZE } from '../../common/paging.js';
import type { AccountStatus } from '../../common/enums.js';
import type { Database, Db } from '../../common/database.js';
import { escapeLike, prefixUpperBound, type SearchPlan } from './search-query.js';

/*
 * Each branch returns `(account_id, tier, score)` and the columns the filters and the
 * order need, written so PostgreSQL answers it from an index without folding text per row
 * (see migrations 051500 and 060000). The branches are combined, each account keeps its
 * best tier, the filters apply, the page is ordered tier → score → account number, and
 * only the page's rows are read in full. User input always travels as a parameter.
 *
 * Tiers: 0 exact account number · 1 exact name (either order), e-mail, phone or meter ·
 * 2 every typed word is a word of the name · 3 prefix (account number, first/last name,
 * e-mail, phone, meter) · 4 contains (account number, phone, meter, and e-mail unless a
 * word of letters alone was typed) · 5 a typed word one typo away from a name word ·
 * 6 only similar (trigram similarity of the whole name; asked only when nothing else matched).
 */

export interface SearchFilters {
  status?: AccountStatus;
  vip?: boolean;
  overdue?: boolean;
}

/** What every branch returns: the account, how well it matched, and the columns the filters and the order need. */
export interface Hit {
  account_id: number;
  tier: number;
  score: number;
  account_number: string;
  status: AccountStatus;
  vip: boolean;
  overdue: boolean;
}

/** A query over `account a` (and maybe other tables joined to it). */
type AccountBuilder = ExpressionBuilder<Database & { a: Database['account'] }, 'a'>;

export const FULL_NAME = sql<string>`lower(f_unaccent(a.first_name || ' ' || a.last_name))`;
const PHONE_DIGITS = sql<string>`regexp_replace(a.phone, '\\D', '', 'g')`;

/** What every branch carries besides (account_id, tier, score): the order and filter columns. */
export const CARRY = ['a.account_number', 'a.status', 'a.vip', sql<boolean>`a.overdue_since is not null`.as('overdue')] as const;
export const CARRIED = ['account_number', 'status', 'vip', 'overdue'] as const;
const NO_SCORE = sql<number>`0::real`.as('score');

/** A `LIKE` pattern matching values that contain `text` anywhere (its own `%` and `_` escaped). */
const containing = (text: string) => `%${escapeLike(text)}%`;

/**
 * `case when <exact> then <tier> when <starts with prefix> then 3 else 4 end`: how well a contact value found by
 * its branch matched. Checked on the rows found, not an index condition (that is `startsWith`'s range); a null
 * prefix gives tier 4. The prefix is the typed value itself but for account numbers, whose start may be typed
 * without the whole number.
 */
function contactTier(value: Expression<string>, exactTier: number, exact: string | null, prefix: string | null = exact) {
  return sql<number>`case when ${value} = ${exact} then ${sql.lit(exactTier)} when starts_with(${value}, ${prefix}) then 3 else 4 end`.as('tier');
}

/**
 * `value` starts with `prefix`, as a range the pattern index answers (`~>=~ prefix and ~<~ its upper bound`)
 * whether the prefix is a value in the text or a parameter of a generic plan; `LIKE 'x%'` is turned into that
 * range by the planner only from a constant. A null prefix matches nothing. `longer` leaves out a value equal
 * to the prefix (`~>~`): the name search finds such a value as a whole word.
 */
export function startsWith(value: Expression<string>, prefix: string | null, { longer = false } = {}) {
  const from = longer ? sql.raw('~>~') : sql.raw('~>=~');
  return sql<SqlBool>`(${value} ${from} ${prefix} and ${value} ~<~ ${prefix === null ? null : prefixUpperBound(prefix)})`;
}

/** Digits the trigram index is asked for: the last 6, the part of a number that differs from one to the next. */
const INDEX_DIGITS = 6;

/**
 * The part of typed digits a trigram index is asked for, when looking for numbers that contain them: the last 6.
 * Digits make only a thousand trigrams, each in thousands of numbers, and the index merges the accounts of every
 * trigram asked: a utility's consumers also share a few area codes and exchanges, so a whole phone number at
 * 1,000,000 accounts cost 94 ms in the phone index, its last 6 digits 1 ms; ten digits looked for in account
 * and meter numbers, 1.1 ms in each index, their last 6 half that. The whole input is then checked on the few found.
 */
export function digitsIndexPart(digits: string): string {
  return digits.slice(-INDEX_DIGITS);
}

/** `value` contains `digits`: the index asked for their last part (`digitsIndexPart`), the whole checked on what it finds; null matches nothing. */
function containsDigits(value: Expression<string>, digits: string | null) {
  // strpos, not LIKE: the same test, which the planner does not hand to the index.
  return sql<SqlBool>`(${value} like ${digits === null ? null : containing(digitsIndexPart(digits))} and strpos(${value}, ${digits}) > 0)`;
}

/**
 * The whole account number, its start, digits inside it: three lookups joined by UNION ALL rather than one
 * condition joined by OR. Each is then an index scan of its own, the first two on the covering pattern index
 * alone; joined by OR they were one bitmap scan, which reads a table page per match (`WU-100…`: 11,099 matches,
 * 759 pages). An account found twice keeps its best tier (`rankedPage` groups them).
 */
function accountBranch(db: Db, plan: SearchPlan): Expression<Hit> | null {
  if (!plan.accountExact && !plan.accountPrefix && !plan.accountDigits) return null;
  const number = sql.ref<string>('a.account_number');
  const matching = (condition: Expression<SqlBool>) => db.selectFrom('account as a')
    .select(['a.id as account_id', contactTier(number, 0, plan.accountExact, plan.accountPrefix), NO_SCORE, ...CARRY])
    .where(condition);
  // Absent parts stay as `= null` / `like null` / a null range (never true), so every input gets the same statement shape.
  return matching(sql<SqlBool>`${number} = ${plan.accountExact}`)
    .unionAll(matching(startsWith(number, plan.accountPrefix)))
    .unionAll(matching(containsDigits(number, plan.accountDigits)));
}

function phoneBranch(db: Db, plan: SearchPlan): Expression<Hit> | null {
  if (!plan.phoneDigits) return null;
  return db.selectFrom('account as a')
    .select(['a.id as account_id', contactTier(PHONE_DIGITS, 1, plan.phoneDigits), NO_SCORE, ...CARRY])
    .where(containsDigits(PHONE_DIGITS, plan.phoneDigits));
}

/**
 * The part of typed e-mail text the trigram index is asked for: the mailbox before `@` when it has
 * 3 characters or more. A domain's trigrams are in most addresses, and the index then checked
 * thousands of accounts against each of them (a whole address at 1,000,000 accounts: 2,500 index
 * pages, the mailbox alone: 70 to 230); the whole text is then checked on the few found.
 */
export function emailIndexPart(email: string): string {
  const mailbox = email.split('@')[0];
  return mailbox.length >= 3 ? mailbox : email;
}

/**
 * Addresses containing the typed text (trigram index), or, for a word of letters alone, starting with
 * it (a range on the pattern index of migration 20261207090000). Looking inside every address for a
 * last name was half the cost of each one-word name search at 1,000,000 accounts, and it found mostly
 * the same people, or noise (`smith` in `blacksmith@…`, every account at `example.com` for `example`).
 */
function emailBranch(db: Db, plan: SearchPlan): Expression<Hit> | null {
  if (!plan.email || plan.email.length < 3) return null;
  const email = sql<string>`lower(a.email)`;
  const branch = db.selectFrom('account as a')
    .select(['a.id as account_id', contactTier(email, 1, plan.email), NO_SCORE, ...CARRY]);
  if (!plan.emailInside) return branch.where(startsWith(email, plan.email));
  return branch
    .where(email, 'like', containing(emailIndexPart(plan.email)))
    // strpos, not LIKE: the same test, which the planner does not hand to the index.
    .where(sql<SqlBool>`strpos(${email}, ${plan.email}) > 0`);
}

/**
 * Meters reach an account through their open assignment and its service connection, looked up for each meter
 * found (a lateral sub-select, kept apart by `offset 0`): on a generic plan, which cannot know how many meters
 * a pattern finds, the planner otherwise hashed the whole assignment table to join a few meters.
 */
function meterBranch(db: Db, plan: SearchPlan): Expression<Hit> | null {
  if (!plan.meterPrefix && !plan.meterDigits) return null;
  const exact = plan.meterPrefix ?? `M-${plan.meterDigits}`;
  const meterNumber = sql.ref<string>('m.meter_number');
  return db.selectFrom('meter as m')
    .innerJoinLateral((eb) => eb.selectFrom('meter_assignment as ma')
      .innerJoin('service_connection as sc', 'sc.id', 'ma.connection_id')
      .innerJoin('account as a', 'a.id', 'sc.account_id')
      .select(['a.id', 'a.account_number', 'a.status', 'a.vip', 'a.overdue_since'])
      .whereRef('ma.meter_id', '=', 'm.id').where('ma.unassigned_at', 'is', null)
      .offset(sql.lit(0))
      .as('a'), (join) => join.onTrue())
    .select(['a.id as account_id', contactTier(meterNumber, 1, exact), NO_SCORE, ...CARRY])
    .where(sql<SqlBool>`${startsWith(meterNumber, exact)} or ${containsDigits(meterNumber, plan.meterDigits)}`);
}

/** The branches for account numbers, e-mail, phone and meter numbers that apply to this input. */
export function contactBranches(db: Db, plan: SearchPlan): Expression<Hit>[] {
  return [accountBranch(db, plan), emailBranch(db, plan), phoneBranch(db, plan), meterBranch(db, plan)]
    .filter((part): part is Expression<Hit> => part !== null);
}

/**
 * The filters as conditions on the columns `status`, `vip` and `overdue`, which the
 * combined branches carry and `account_tally` keeps (`true` when none).
 */
export function carriedFilters(filters: SearchFilters): Expression<SqlBool> {
  const conditions: Expression<SqlBool>[] = [];
  if (filters.status) conditions.push(sql<SqlBool>`${sql.ref('status')} = ${filters.status}`);
  if (filters.vip !== undefined) conditions.push(sql<SqlBool>`${sql.ref('vip')} = ${filters.vip}`);
  if (filters.overdue !== undefined) conditions.push(filters.overdue ? sql<SqlBool>`overdue` : sql<SqlBool>`not (overdue)`);
  return conditions.length ? sql<SqlBool>`${sql.join(conditions, sql` and `)}` : sql<SqlBool>`true`;
}

/** The filters as conditions on `account a`. */
export function accountFilters(eb: AccountBuilder, filters: SearchFilters) {
  const overdue = sql<SqlBool>`a.overdue_since is not null`;
  const conditions: Expression<SqlBool>[] = [];
  if (filters.status) conditions.push(eb('a.status', '=', filters.status));
  if (filters.vip !== undefined) conditions.push(eb('a.vip', '=', filters.vip));
  if (filters.overdue !== undefined) conditions.push(filters.overdue ? overdue : eb.not(overdue));
  return eb.and(conditions);
}

export const HIT_COLUMNS = [
  'a.account_number', 'a.first_name', 'a.last_name', 'a.status', 'a.disconnection_kind', 'a.vip',
  'a.balance_cents', 'a.health_score', 'a.overdue_since',
] as const;

/** Typo matches are asked for only when the closer matches (after the filters) are fewer than this: a default page (docs/rules.md#search). */
export const TYPOS_BELOW = DEFAULT_PAGE_SIZE;

/**
 * One page of the combined branches, with the total of all matches (also when the page is
 * past the end: then one row of nulls carries the total). `typos` (the name matches one typo
 * away) joins them only when the others are fewer than TYPOS_BELOW: the count is computed once
 * before them (an InitPlan) and, when it is not below, their index lookups never run.
 */
export function rankedPage(db: Db, branches: Expression<Hit>[], filters: SearchFilters, limit: number, offset: number, typos: Expression<Hit> | null = null) {
  return db
    // Each branch compiles in parentheses, and the whole union gets its own for the CTE.
    .with('hits', () => sql<Hit>`(${sql.join(branches, sql` union all `)})`)
    .with((cte) => cte('close').materialized(), (q) => q.selectFrom('hits')
      .select((eb) => ['account_id', eb.fn.min('tier').as('tier'), eb.fn.max('score').as('score'), ...CARRIED])
      .groupBy(['account_id', ...CARRIED])
      .having(carriedFilters(filters)))
    // A closer match always ranks above a typo one, so the typo matches add only accounts not already found.
    // Without them, `matched` is read straight from `close` rather than copied (one pass less over every match).
    .with((cte) => (typos ? cte('matched').materialized() : cte('matched').notMaterialized()), () => (typos
      ? sql<Hit>`(select * from close union all
                  select account_id, min(tier) as tier, max(score) as score, ${sql.join(CARRIED.map((column) => sql.ref(column)))}
                    from (${typos}) as typos
                   where (select count(*) from close) < ${sql.lit(TYPOS_BELOW)}
                     and not exists (select from close as found where found.account_id = typos.account_id)
                   group by ${sql.join(['account_id', ...CARRIED].map((column) => sql.ref(column)))}
                  having ${carriedFilters(filters)})`
      : sql<Hit>`(select * from close)`))
    .with('page', (q) => q.selectFrom('matched')
      .select(['account_id', 'tier', 'score', 'account_number'])
      .orderBy('tier').orderBy('score', 'desc').orderBy(sql`length(account_number)`).orderBy('account_number')
      .limit(limit).offset(offset))
    .selectFrom('page as p')
    .innerJoin('account as a', 'a.id', 'p.account_id')
    // Right join on the one-row count: the total comes also with an empty page.
    .rightJoin((q) => q.selectFrom('matched').select(sql<string>`count(*)`.as('total')).as('c'), (join) => join.onTrue())
    .select(['c.total', ...HIT_COLUMNS])
    .orderBy('p.tier').orderBy('p.score', 'desc').orderBy(sql`length(p.account_number)`).orderBy('p.account_number');
}
