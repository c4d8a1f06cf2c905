/**
 * A billing run's common case without replaying the ledger: a new bill that comes after everything else on
 * its account, on an account with no credit left, changes no allocation, and its balance move's dates can be
 * read in SQL (docs/rules.md#bills-payments-and-compliance). The bill import asks this first and replays in
 * full (domain/billing/account-ledger.ts) only the accounts it does not answer for.
 *
 * Why no allocation changes. The replay (domain/billing/allocation.ts) gives a payment to the open bills in
 * (due, issue, id) order and keeps what is left as credit, which only a bill issued later takes. When the new
 * bill N is last in that order and is issued on or after every other bill and every processed payment:
 * - a payment reaches N only with money no other open bill takes: without N that money would stay credit to the
 *   end, as no bill is issued after it;
 * - at its issue N takes only free credit, which without N would also stay to the end;
 * so with no credit left at the end of the stored allocations (payments = allocations), N takes nothing and
 * every other allocation stays as stored. The stored allocations are the replay's (every write re-derives them).
 *
 * Why the dates are right. The balance counts bills issued by today, and processed payments and credits made up
 * to now (none may be dated later: such an account is replayed in full). Overdue since is the due date of the
 * first bill, by due date, that the payments and credits do not cover, when it is past due: the first bill whose
 * running total exceeds what was paid. With N issued last and by today, the last billing date is N's issue day.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../common/database.js';
import type { MoneyDates } from './account-ledger.js';

/** A bill just inserted, and its account. */
export interface NewBillRef { accountId: number; billId: number }

/**
 * The dates after the new bill of each account for which it comes last with no credit left (see above), in one
 * statement; the other accounts are left out. `today` is the utility's local day (YYYY-MM-DD). A payment counts
 * as before the bill's issue day when it was made more than 14 hours before that day ended in UTC (no time zone
 * is further ahead), so the check needs no zone; a later one sends the account to the full replay.
 * `offset 0` keeps the three sums one subquery: flattened, PostgreSQL copied them into both the filter and the
 * overdue date's subquery and summed each account's payments twice (BENCHMARKS.md, "The compiler the bulk
 * statements did not need").
 */
export async function lastBillDates(em: EntityManager, bills: NewBillRef[], today: string): Promise<Map<number, MoneyDates>> {
  if (bills.length === 0) return new Map();
  const { rows } = await sql<{ account_id: number; overdue_since: string | null; last_billing_date: string }>`
    select n.account_id, n.issued_at::text as last_billing_date, (
        select min(x.due_date)::text from (
          select b.due_date, b.amount_cents, sum(b.amount_cents) over (order by b.due_date rows unbounded preceding) as running
            from bill b where b.account_id = n.account_id and b.issued_at <= ${today}::date) x
         where x.amount_cents > 0 and x.running > money.paid + money.credited and x.due_date < ${today}::date) as overdue_since
      from unnest(${sql.val(bills.map((b) => b.billId))}::int[]) as new(bill_id)
      join bill n on n.id = new.bill_id
      cross join lateral (select
          (select coalesce(sum(p.amount_cents), 0) from payment p where p.account_id = n.account_id and p.status = 'processed') as paid,
          (select coalesce(-sum(j.amount_cents), 0) from adjustment j where j.account_id = n.account_id and j.amount_cents < 0) as credited,
          (select coalesce(sum(pa.amount_cents), 0) from payment_allocation pa where pa.account_id = n.account_id) as allocated
        offset 0) as money
     where n.issued_at <= ${today}::date
       and money.paid = money.allocated
       and not exists (select from bill b where b.account_id = n.account_id and b.id <> n.id
             and (b.issued_at > n.issued_at or (b.due_date, b.issued_at, b.id) > (n.due_date, n.issued_at, n.id)))
       and not exists (select from payment p where p.account_id = n.account_id and p.status = 'processed'
             and p.paid_at >= least(now(), (n.issued_at + interval '10 hours') at time zone 'UTC'))
       and not exists (select from adjustment j where j.account_id = n.account_id and j.created_at > now())`.execute(db(em));
  return new Map(rows.map((r) => [r.account_id, { overdueSince: r.overdue_since, lastBillingDate: r.last_billing_date }]));
}
