import { Migration } from '@mikro-orm/migrations';
import { allocatePayments, type AllocatableBill, type AllocatablePayment } from '../domain/billing/allocation.js';
import { config } from '../infra/config.js';

/**
 * Payment allocations (docs/rules.md#bills-payments-and-compliance): the table, then a backfill of every
 * existing account by the same rule the services and `npm run allocations:rebuild` use, in the
 * utility's time zone (config UTILITY_TIME_ZONE), inside this migration's transaction.
 */
export class Migration20261130010000_payment_allocations extends Migration {
  override name = 'Migration20261130010000_payment_allocations';

  override async up(): Promise<void> {
    await this.execute(`create table "payment_allocation" ("id" serial primary key, "account_id" int not null, "payment_id" int not null, "bill_id" int not null, "amount_cents" bigint not null, "applied_on" date not null);`);
    await this.execute(`create index "payment_allocation_bill_id_index" on "payment_allocation" ("bill_id");`);
    await this.execute(`create index "payment_allocation_account_id_index" on "payment_allocation" ("account_id");`);
    await this.execute(`alter table "payment_allocation" add constraint "payment_allocation_payment_id_bill_id_unique" unique ("payment_id", "bill_id");`);
    await this.execute(`alter table "payment_allocation" add constraint "payment_allocation_account_id_foreign" foreign key ("account_id") references "account" ("id");`);
    await this.execute(`alter table "payment_allocation" add constraint "payment_allocation_payment_id_foreign" foreign key ("payment_id") references "payment" ("id") on delete cascade;`);
    await this.execute(`alter table "payment_allocation" add constraint "payment_allocation_bill_id_foreign" foreign key ("bill_id") references "bill" ("id") on delete cascade;`);
    await this.backfill(config().UTILITY_TIME_ZONE);
  }

  override down(): void {
    this.addSql(`drop table if exists "payment_allocation" cascade;`);
  }

  /** Every account with a processed payment, a chunk of accounts at a time. */
  private async backfill(timeZone: string): Promise<void> {
    const accounts = await this.execute(`select distinct account_id from payment where status = 'processed' order by account_id`);
    const ids = accounts.map((a) => Number(a.account_id));
    for (let i = 0; i < ids.length; i += 1000) await this.backfillChunk(ids.slice(i, i + 1000), timeZone);
  }

  /** Parameters are inlined by the ORM (`?` → a quoted value, an array → a list), hence `in (?)` and `array[?]`. */
  private async backfillChunk(ids: number[], timeZone: string): Promise<void> {
    const bills = await this.execute(`select id, account_id, issued_at::text as issued_at, due_date::text as due_date, amount_cents from bill where account_id in (?)`, [ids]);
    const payments = await this.execute(`select id, account_id, bill_id, paid_at, amount_cents, status from payment where status = 'processed' and account_id in (?)`, [ids]);
    const byAccount = new Map<number, { bills: AllocatableBill[]; payments: AllocatablePayment[] }>(ids.map((id) => [id, { bills: [], payments: [] }]));
    for (const b of bills) {
      byAccount.get(Number(b.account_id))?.bills.push({
        id: Number(b.id), issuedAt: new Date(`${b.issued_at}T00:00:00Z`), dueDate: new Date(`${b.due_date}T00:00:00Z`), amountCents: Number(b.amount_cents),
      });
    }
    for (const p of payments) {
      byAccount.get(Number(p.account_id))?.payments.push({
        id: Number(p.id), billId: p.bill_id === null ? null : Number(p.bill_id), paidAt: new Date(p.paid_at as string | Date),
        amountCents: Number(p.amount_cents), status: 'processed',
      });
    }
    const columns: [number[], number[], number[], number[], string[]] = [[], [], [], [], []];
    for (const [accountId, input] of byAccount) {
      for (const a of allocatePayments(input.bills, input.payments, timeZone)) {
        columns[0].push(accountId); columns[1].push(a.paymentId); columns[2].push(a.billId); columns[3].push(a.amountCents); columns[4].push(a.appliedOn);
      }
    }
    if (columns[0].length === 0) return;
    await this.execute(
      `insert into payment_allocation (account_id, payment_id, bill_id, amount_cents, applied_on)
       select * from unnest(array[?]::int[], array[?]::int[], array[?]::int[], array[?]::bigint[], array[?]::date[])`,
      columns,
    );
  }
}
