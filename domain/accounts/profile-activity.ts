/** The Overview tab's "latest activity": the newest events of every kind on the account, merged. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql, type InferResult } from 'kysely';
import { db } from '../common/database.js';

export type ActivityKind = 'payment' | 'bill' | 'communication' | 'service_order' | 'note' | 'complaint' | 'reading';

/**
 * One event, kept structured so the view words it: `reference` is the payment reference,
 * order number, meter number or channel; `status` the payment/order/complaint/reading
 * status or the direction; `text` a subject, note excerpt, category or order type.
 */
export interface ActivityItem {
  kind: ActivityKind;
  at: Date;
  reference: string | null;
  status: string | null;
  amountCents: number | null;
  text: string | null;
}

const text = (expression: string) => sql<string | null>`${sql.raw(expression)}`;
const kind = (name: ActivityKind) => sql<ActivityKind>`${sql.lit(name)}`;
/** A `date` column as the instant of its UTC midnight. */
const utcMidnight = (column: string) => sql<Date>`${sql.ref(column)}::timestamp at time zone 'UTC'`;

// Each branch takes its own newest rows through its (account_id, date) index; the merge is tiny.
function activityQuery(em: EntityManager, accountId: number, limit: number) {
  const q = db(em);
  const none = sql<null>`null`;
  const payments = q.selectFrom('payment')
    // The first branch sets the merged row's types: every column but kind and at may be null in the others.
    .select([kind('payment').as('kind'), 'paid_at as at', sql<string | null>`reference`.as('reference'), text('status::text').as('status'),
      sql<number | null>`amount_cents`.as('amount'), sql<string | null>`null::text`.as('text')])
    .where('account_id', '=', accountId).orderBy('paid_at', 'desc').limit(limit);
  const branches = [
    payments,
    q.selectFrom('bill')
      .select([kind('bill').as('kind'), utcMidnight('issued_at').as('at'), none.as('reference'), none.as('status'), 'amount_cents as amount', none.as('text')])
      .where('account_id', '=', accountId).orderBy('issued_at', 'desc').limit(limit),
    q.selectFrom('communication')
      .select([kind('communication').as('kind'), 'occurred_at as at', text('channel::text').as('reference'), text('direction::text').as('status'),
        none.as('amount'), text('coalesce(subject, left(body, 140))').as('text')])
      .where('account_id', '=', accountId).orderBy('occurred_at', 'desc').limit(limit),
    q.selectFrom('service_order')
      .select([kind('service_order').as('kind'), 'created_at as at', 'order_number as reference', text('status::text').as('status'), none.as('amount'), text('type::text').as('text')])
      .where('account_id', '=', accountId).orderBy('created_at', 'desc').limit(limit),
    q.selectFrom('note')
      .select([kind('note').as('kind'), 'created_at as at', none.as('reference'), none.as('status'), none.as('amount'), text('left(body, 140)').as('text')])
      .where('account_id', '=', accountId).orderBy('created_at', 'desc').limit(limit),
    q.selectFrom('complaint')
      .select([kind('complaint').as('kind'), 'opened_at as at', none.as('reference'), text('status::text').as('status'), none.as('amount'), 'category as text'])
      .where('account_id', '=', accountId).orderBy('opened_at', 'desc').limit(limit),
    q.selectFrom('reading as r').innerJoin('meter as m', 'm.id', 'r.meter_id')
      .select([kind('reading').as('kind'), utcMidnight('r.read_at').as('at'), 'm.meter_number as reference', text('r.verification_status::text').as('status'),
        'r.value as amount', text("array_to_string(r.flags, ',')").as('text')])
      .where('r.account_id', '=', accountId).orderBy('r.read_at', 'desc').limit(limit),
  ];
  // Each branch keeps its own order and limit, so they are joined as parenthesized queries.
  const events = sql<InferResult<typeof payments>[number]>`(${sql.join(branches, sql` union all `)})`;
  return q.selectFrom(events.as('events')).select(['kind', 'at', 'reference', 'status', 'amount', 'text']).orderBy('at', 'desc').limit(limit);
}

export async function latestActivity(em: EntityManager, accountId: number, limit = 8): Promise<ActivityItem[]> {
  const rows = await activityQuery(em, accountId, limit).execute();
  return rows.map((r) => ({
    kind: r.kind, at: new Date(r.at), reference: r.reference, status: r.status,
    amountCents: r.amount === null ? null : Number(r.amount), text: r.text || null,
  }));
}
