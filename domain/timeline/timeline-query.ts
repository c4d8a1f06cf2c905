/**
 * The timeline query (docs/architecture.md#account-timeline): one branch per source, each an
 * index scan of its own table on (account, time) newest first, bounded by the range and the
 * cursor and limited to one page; the union of those few rows is merged and cut to the page.
 * Every branch yields the same columns, so the rows are worded by one pure function
 * (timeline-entries.ts).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql, type Expression, type RawBuilder } from 'kysely';
import { db, type Db } from '../common/database.js';
import { compilableSql, preparedQuery } from '../common/prepared-query.js';
import { remembered } from '../common/remembered.js';
import { ACCOUNT_CHANGE_ACTIONS, SOURCES_OF_KIND, TIMELINE_KINDS, TIMELINE_SOURCES, type TimelineKind, type TimelineSource } from './timeline-kinds.js';
import { boundsOf, cursorDay, type TimelineBounds, type TimelineFilter } from './timeline-filter.js';
import type { TimelineCursor } from './timeline-cursor.js';

/** One row of any branch: what the entry needs to be worded and linked. */
export interface TimelineRow {
  source: TimelineSource;
  id: number;
  at: Date;
  /** `at` to the microsecond, for the cursor. */
  atKey: string;
  /** A reference (payment reference, meter or order number, channel, event, title) or, for an account change, the audited action. */
  ref: string | null;
  /** A status, direction or new value. */
  state: string | null;
  amount: number | null;
  detail: string | null;
  extra: string | null;
  note: string | null;
  actor: string | null;
  actorRole: string | null;
}

type Column = 'ref' | 'state' | 'amount' | 'detail' | 'extra' | 'note' | 'actor' | 'actor_role';
const COLUMNS: Column[] = ['ref', 'state', 'amount', 'detail', 'extra', 'note', 'actor', 'actor_role'];

/** The account a timeline reads: its id and number, as values (parameters) or as columns of an enclosing statement. */
export interface TimelineAccount {
  id: number | Expression<number>;
  number: string | Expression<string>;
}

interface Branch {
  source: TimelineSource;
  /** The from clause, with the user who acted joined as `u` where there is one. */
  from: string;
  /** The condition that picks the account's rows (`$account` is its id, `$number` its number). */
  account: (account: TimelineAccount) => RawBuilder<unknown>;
  /** The time column, as the branch's index has it after the account. */
  time: string;
  /** A `date` column: the entry's time is the first instant of that day in the utility's zone. */
  date?: boolean;
  id: string;
  columns: Partial<Record<Column, string>>;
  where?: string;
}

const byAccount = (column: string) => (account: TimelineAccount) => sql`${sql.ref(column)} = ${account.id}`;
const user = (column: string) => `left join app_user u on u.id = ${column}`;
const actedBy = { actor: 'u.name', actor_role: 'u.role' };

// No branch names a table `a`: the profile page's statement reads the timeline beside its account `a`
// (timelineJson below), and a branch's own `a` would hide it.
const BRANCHES: Record<TimelineSource, Branch> = {
  payment: {
    source: 'payment', from: `payment p ${user('p.created_by_id')}`, account: byAccount('p.account_id'), time: 'p.paid_at', id: 'p.id',
    columns: { ref: 'p.reference', state: 'p.status', amount: 'p.amount_cents', detail: 'p.method', ...actedBy },
  },
  bill: {
    source: 'bill', from: 'bill b', account: byAccount('b.account_id'), time: 'b.issued_at', date: true, id: 'b.id',
    columns: { amount: 'b.amount_cents', state: 'b.due_date::text', detail: 'b.period_start::text', extra: 'b.period_end::text' },
  },
  reading: {
    source: 'reading', from: `reading r join meter m on m.id = r.meter_id ${user('r.created_by_id')}`, account: byAccount('r.account_id'),
    time: 'r.read_at', date: true, id: 'r.id',
    columns: { ref: 'm.meter_number', state: 'r.verification_status', amount: 'r.value', detail: "array_to_string(r.flags, ', ')", extra: 'r.source', ...actedBy },
  },
  reading_verified: {
    source: 'reading_verified', from: `reading r join meter m on m.id = r.meter_id ${user('r.verified_by_id')}`, account: byAccount('r.account_id'),
    time: 'r.verified_at', id: 'r.id', where: 'r.verified_at is not null',
    columns: { ref: 'm.meter_number', state: 'r.verification_status', amount: 'r.value', detail: 'r.read_at::text', ...actedBy },
  },
  order_move: {
    source: 'order_move', from: `service_order_transition t join service_order o on o.id = t.order_id ${user('t.by_id')}`,
    account: byAccount('t.account_id'), time: 't.at', id: 't.id',
    columns: { ref: 'o.order_number', state: 't.to_status', detail: 'o.type', extra: 't.from_status', note: 'left(t.note, 140)', actor: 't.by_name', actor_role: 'u.role' },
  },
  communication: {
    source: 'communication', from: `communication c ${user('c.created_by_id')}`, account: byAccount('c.account_id'), time: 'c.occurred_at', id: 'c.id',
    // A sent notification's own communication row is the notification's entry.
    where: 'c.notification_id is null',
    columns: { ref: 'c.channel', state: 'c.direction', detail: 'coalesce(c.subject, left(c.body, 140))', extra: 'c.duration_seconds::text', ...actedBy },
  },
  notification: {
    source: 'notification', from: 'notification n', account: byAccount('n.account_id'), time: 'n.created_at', id: 'n.id',
    columns: { ref: 'n.event', state: 'n.status', detail: 'n.channel' },
  },
  note: {
    source: 'note', from: `note t ${user('t.author_id')}`, account: byAccount('t.account_id'), time: 't.created_at', id: 't.id',
    columns: { detail: 'left(t.body, 140)', extra: 't.version::text', actor: 't.author_name', actor_role: 'u.role' },
  },
  complaint_opened: {
    source: 'complaint_opened', from: `complaint k ${user('k.created_by_id')}`, account: byAccount('k.account_id'), time: 'k.opened_at', id: 'k.id',
    columns: { ref: 'k.category', state: 'k.status', detail: 'left(k.description, 140)', ...actedBy },
  },
  complaint_resolved: {
    source: 'complaint_resolved', from: `complaint k ${user('k.resolved_by_id')}`, account: byAccount('k.account_id'), time: 'k.resolved_at', id: 'k.id',
    where: 'k.resolved_at is not null',
    columns: { ref: 'k.category', state: 'k.status', detail: 'left(k.resolution, 140)', ...actedBy },
  },
  // Versions are reached through their document's account: an account has few documents (docs/architecture.md#account-timeline).
  document: {
    source: 'document', from: `document_version v join document d on d.id = v.document_id ${user('v.uploaded_by_id')}`,
    account: byAccount('d.account_id'), time: 'v.uploaded_at', id: 'v.id',
    columns: { ref: 'd.title', state: 'd.status', detail: 'd.kind', extra: 'v.version::text', note: 'v.file_name', ...actedBy },
  },
  account_change: {
    source: 'account_change', from: `audit_log al ${user('al.user_id')}`, time: 'al.at', id: 'al.id',
    account: (account) => sql`al.entity = 'account' and al.entity_id = ${account.number}`,
    columns: {
      ref: 'al.action', state: "coalesce(al.after->>'status', al.after->>'healthScore', al.after->>'vip')",
      extra: "coalesce(al.before->>'status', al.before->>'healthScore', al.before->>'vip')",
      detail: "coalesce(al.after->>'reason', al.after->>'vipPinReason', al.after->>'disconnectionKind')", note: "al.after->>'vipPinned'",
      actor: 'al.user_name', actor_role: 'u.role',
    },
  },
};

/** The sources (and, for account changes, the audited actions) that the asked kinds read. */
export function sourcesFor(kinds: readonly TimelineKind[]): { sources: TimelineSource[]; actions: string[] } {
  const asked = kinds.length ? kinds : TIMELINE_KINDS;
  const sources = TIMELINE_SOURCES.filter((s) => asked.some((k) => SOURCES_OF_KIND[k].includes(s)));
  const actions = asked.flatMap((k) => (k === 'status' || k === 'vip' || k === 'score' ? ACCOUNT_CHANGE_ACTIONS[k] : []));
  return { sources, actions };
}

function atOf(branch: Branch, timeZone: string): RawBuilder<Date> {
  return branch.date ? sql<Date>`(${sql.raw(branch.time)}::timestamp at time zone ${sql.lit(timeZone)})` : sql<Date>`${sql.raw(branch.time)}`;
}

/** The previous page's last entry, with its utility-local day (for the branches whose time is a date). */
type Keyset = TimelineCursor & { day: string };

const keysetOf = (after: TimelineCursor | undefined, timeZone: string): Keyset | undefined =>
  after ? { ...after, day: cursorDay(after, timeZone) } : undefined;

/** The branch's bounds on its own time column (so its index serves them), then the exact keyset test. */
function conditions(branch: Branch, bounds: TimelineBounds, after: Keyset | undefined, timeZone: string): RawBuilder<unknown>[] {
  const time = sql.raw(branch.time);
  const list: RawBuilder<unknown>[] = [];
  if (branch.date) {
    if (bounds.fromDay) list.push(sql`${time} >= ${bounds.fromDay}::date`);
    if (bounds.toDay) list.push(sql`${time} <= ${bounds.toDay}::date`);
    if (after) list.push(sql`${time} <= ${after.day}::date`);
  } else {
    if (bounds.fromInstant) list.push(sql`${time} >= ${bounds.fromInstant}`);
    if (bounds.toInstantExclusive) list.push(sql`${time} < ${bounds.toInstantExclusive}`);
    if (after) list.push(sql`${time} <= ${after.at}::timestamptz`);
  }
  if (after) {
    list.push(sql`(${atOf(branch, timeZone)}, ${sql.lit(branch.source)}::text collate "C", ${sql.raw(branch.id)})
      < (${after.at}::timestamptz, ${after.source}::text collate "C", ${after.id}::int)`);
  }
  return list;
}

function branchQuery(branch: Branch, account: TimelineAccount, filter: TimelineFilter, after: Keyset | undefined, actions: string[], timeZone: string) {
  const at = atOf(branch, timeZone);
  const columns = COLUMNS.map((c) => {
    const expression = branch.columns[c];
    const cast = c === 'amount' ? 'bigint' : 'text';
    return sql`${sql.raw(expression ? `(${expression})::${cast}` : `null::${cast}`)} as ${sql.ref(c)}`;
  });
  const where = [branch.account(account), ...conditions(branch, boundsOf(filter, timeZone), after, timeZone)];
  if (branch.where) where.push(sql.raw(branch.where));
  if (branch.source === 'account_change') where.push(sql`al.action in (${sql.join(actions.map((a) => sql.lit(a)))})`);
  return sql`(select ${sql.lit(branch.source)}::text as source, ${sql.raw(branch.id)} as id, ${at} as at,
      to_char(${at} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at_key, ${sql.join(columns)}
    from ${sql.raw(branch.from)}
    where ${sql.join(where, sql` and `)}
    order by ${sql.raw(branch.time)} desc, ${sql.raw(branch.id)} desc
    limit ${sql.lit(filter.pageSize + 1)})`;
}

export interface RawRow {
  source: TimelineSource; id: number; at: Date | string; at_key: string; ref: string | null; state: string | null; amount: number | null;
  detail: string | null; extra: string | null; note: string | null; actor: string | null; actor_role: string | null;
}

/** The statement of one page plus one row more, after `after` when given; null when no source is asked. */
function timelineQuery(account: TimelineAccount, filter: TimelineFilter, after: Keyset | undefined, timeZone: string): RawBuilder<RawRow> | null {
  const { sources, actions } = sourcesFor(filter.kinds);
  const branches = sources.filter((s) => s !== 'account_change' || actions.length).map((s) => branchQuery(BRANCHES[s], account, filter, after, actions, timeZone));
  if (!branches.length) return null;
  return sql<RawRow>`select * from (${sql.join(branches, sql` union all `)}) entries
    order by at desc, source collate "C" desc, id desc limit ${sql.lit(filter.pageSize + 1)}`;
}

/**
 * Every kind over all time (the profile's Overview, and paging through the tab unfiltered): one statement
 * per page size, time zone and first-or-later page, compiled once and kept prepared (domain/common/prepared-query.ts).
 * Planning the union took ~3.5 ms of PostgreSQL's CPU against ~1 ms to run it, and building it ~9 % of a
 * profile request's CPU in the API. Only the account and the cursor are parameters.
 */
function unfilteredPage(pageSize: number, timeZone: string, paged: boolean) {
  return preparedQuery(6, (q: Db, id: number, number: string, at: string, source: TimelineSource, cursorId: number, day: string) => {
    const query = timelineQuery({ id, number }, { kinds: [], pageSize }, paged ? { at, source, id: cursorId, day } : undefined, timeZone) as RawBuilder<RawRow>;
    return compilableSql(q, query);
  });
}
const unfilteredPages = new Map<string, ReturnType<typeof unfilteredPage>>();

/** The unfiltered page's rows; the statement is made on first use of its page size, zone and kind of page. */
function unfilteredRows(em: EntityManager, account: { id: number; number: string }, filter: TimelineFilter, timeZone: string): Promise<RawRow[]> {
  const key = `${filter.pageSize}|${timeZone}|${filter.after ? 'after' : 'first'}`;
  const page = remembered(unfilteredPages, key, () => unfilteredPage(filter.pageSize, timeZone, filter.after !== undefined));
  const after = keysetOf(filter.after, timeZone);
  // A first page's statement has no cursor parameters: the placeholder values are not sent.
  return page(em, account.id, account.number, after?.at ?? '', after?.source ?? 'payment', after?.id ?? 0, after?.day ?? '');
}

/**
 * One page of the account's timeline plus one row more (which tells whether there is a next page).
 * Filtered pages are built and planned each time: their shapes are many and rarer, and each one kept
 * would stay prepared on every connection.
 */
export async function timelineRows(em: EntityManager, account: { id: number; number: string }, filter: TimelineFilter, timeZone: string): Promise<TimelineRow[]> {
  const unfiltered = filter.kinds.length === 0 && !filter.fromDay && !filter.toDay;
  let rows: RawRow[];
  if (unfiltered) rows = await unfilteredRows(em, account, filter, timeZone);
  else {
    const query = timelineQuery(account, filter, keysetOf(filter.after, timeZone), timeZone);
    if (!query) return [];
    rows = (await query.execute(db(em))).rows;
  }
  return rows.map(timelineRowOf);
}

/** A row as PostgreSQL sent it, straight or inside JSON (where `at` is a string and `amount` a number). */
export function timelineRowOf(r: RawRow): TimelineRow {
  return {
    source: r.source, id: r.id, at: new Date(r.at), atKey: r.at_key, ref: r.ref, state: r.state,
    amount: r.amount === null ? null : Number(r.amount), detail: r.detail, extra: r.extra, note: r.note, actor: r.actor, actorRole: r.actor_role,
  };
}

/**
 * The unfiltered first page of the timeline (plus one row more), as one JSON array, newest first: for a statement that
 * reads it beside its account (the profile page's header statement, so the Overview's latest activity costs no
 * statement of its own). `account` names the enclosing statement's columns.
 */
export function timelineJson(account: { id: Expression<number>; number: Expression<string> }, pageSize: number, timeZone: string): RawBuilder<RawRow[]> {
  const query = timelineQuery(account, { kinds: [], pageSize }, undefined, timeZone) as RawBuilder<RawRow>;
  return sql<RawRow[]>`(select coalesce(json_agg(e order by e.at desc, e.source collate "C" desc, e.id desc), '[]'::json) from (${query}) e)`;
}
