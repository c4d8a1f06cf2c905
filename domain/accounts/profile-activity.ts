/** The Overview tab's "latest activity": the newest events of every kind on the account, merged. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { asDate, asIntOrNull } from '../shared/sql-values.js';

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

// Each branch takes its own newest rows through its (account_id, date) index; the merge is tiny.
const ACTIVITY = `
  select kind, at, reference, status, amount, text from (
    (select 'payment' as kind, paid_at as at, reference, status::text, amount_cents as amount, null::text as text
       from payment where account_id = ? order by paid_at desc limit ?)
    union all
    (select 'bill', issued_at::timestamp at time zone 'UTC', null, null, amount_cents, null
       from bill where account_id = ? order by issued_at desc limit ?)
    union all
    (select 'communication', occurred_at, channel::text, direction::text, null, coalesce(subject, left(body, 140))
       from communication where account_id = ? order by occurred_at desc limit ?)
    union all
    (select 'service_order', created_at, order_number, status::text, null, type::text
       from service_order where account_id = ? order by created_at desc limit ?)
    union all
    (select 'note', created_at, null, null, null, left(body, 140)
       from note where account_id = ? order by created_at desc limit ?)
    union all
    (select 'complaint', opened_at, null, status::text, null, category
       from complaint where account_id = ? order by opened_at desc limit ?)
    union all
    (select 'reading', r.read_at::timestamp at time zone 'UTC', m.meter_number, r.verification_status::text, r.value, array_to_string(r.flags, ',')
       from reading r join meter m on m.id = r.meter_id where r.account_id = ? order by r.read_at desc limit ?)
  ) events order by at desc limit ?`;

export async function latestActivity(em: EntityManager, accountId: number, limit = 8): Promise<ActivityItem[]> {
  const params = Array.from({ length: 7 }, () => [accountId, limit]).flat();
  const rows = await em.getConnection().execute<Record<string, unknown>[]>(ACTIVITY, [...params, limit]);
  return rows.map((r) => ({
    kind: r.kind as ActivityKind, at: asDate(r.at), reference: (r.reference as string | null) ?? null,
    status: (r.status as string | null) ?? null, amountCents: asIntOrNull(r.amount), text: (r.text as string | null) || null,
  }));
}
