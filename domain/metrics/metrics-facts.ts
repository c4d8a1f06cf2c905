/**
 * The nightly run's reads of one chunk: `accountFactQueries` (account-facts.ts, the
 * profile's own queries and mappers) for the whole chunk, grouped by account, plus what
 * each account row stores now, so only rows whose values differ are written.
 *
 * All of one chunk is read in one REPEATABLE READ snapshot: the facts and the stored
 * values agree with each other even while payments are being recorded.
 */
import { IsolationLevel } from '@mikro-orm/core';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { AccountStatus } from '../common/enums.js';
import { db } from '../common/database.js';
import { accountFactQueries, accountIs, toFact, type AccountFacts } from '../accounts/account-facts.js';
import { asDate, asInt, asIntOrNull, asNumberOrNull } from '../common/sql-values.js';

/** What the account row holds now: the values the run may rewrite, and the inputs a concurrent write could change. */
export interface StoredMetrics {
  status: AccountStatus;
  balanceCents: number;
  overdueSince: string | null;
  lastBillingDate: string | null;
  vip: boolean;
  healthScore: number | null;
  compliancePercent: number | null;
}

export interface ChunkAccount { facts: AccountFacts; stored: StoredMetrics }

function accountRows(em: EntityManager, ids: number[]) {
  return db(em).selectFrom('account')
    .select(['id', 'account_number', 'customer_since', 'status', 'vip_pinned', 'vip_pin_reason', 'balance_cents', 'overdue_since',
      'last_billing_date', 'vip', 'health_score', 'payment_compliance_percent'])
    .where('id', '=', accountIs(ids)).orderBy('id').execute();
}

/** The chunk's accounts and fact rows. */
async function select(em: EntityManager, ids: number[], asOf: Date) {
  const q = accountFactQueries(em, ids, asOf);
  // One connection, one snapshot: the statements run one after another, in this order.
  return {
    accounts: await accountRows(em, ids),
    bills: await q.bills.execute(),
    payments: await q.payments.execute(),
    allocations: await q.allocations.execute(),
    adjustments: await q.adjustments.execute(),
    complaints: await q.complaints.execute(),
    serviceOrders: await q.serviceOrders.execute(),
    consumptionReadings: await q.consumptionReadings.execute(),
    pendingReadings: await q.pendingReadings.execute(),
    openFraudFlags: await q.openFraudFlags.execute(),
    estimateRuns: await q.estimateRuns.execute(),
  };
}

function byAccount<R extends { account_id: number | string }, T>(rows: R[], map: (row: R) => T): Map<number, T[]> {
  const grouped = new Map<number, T[]>();
  for (const row of rows) {
    const id = Number(row.account_id);
    const list = grouped.get(id);
    if (list) list.push(map(row));
    else grouped.set(id, [map(row)]);
  }
  return grouped;
}

function stored(r: Awaited<ReturnType<typeof accountRows>>[number]): StoredMetrics {
  return {
    status: r.status, balanceCents: asInt(r.balance_cents), overdueSince: r.overdue_since ?? null, lastBillingDate: r.last_billing_date ?? null,
    vip: r.vip, healthScore: asIntOrNull(r.health_score), compliancePercent: asNumberOrNull(r.payment_compliance_percent),
  };
}

/** The facts of every listed account that exists, in id order; `consumptionBar` is computed once per run by the caller. */
export async function loadChunkFacts(orm: MikroORM, ids: number[], asOf: Date, consumptionBar: number | null): Promise<ChunkAccount[]> {
  const { accounts, ...facts } = await orm.em.fork().transactional((em) => select(em, ids, asOf),
    { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true });
  const bills = byAccount(facts.bills, toFact.bill);
  const payments = byAccount(facts.payments, toFact.payment);
  const allocations = byAccount(facts.allocations, toFact.allocation);
  const adjustments = byAccount(facts.adjustments, toFact.adjustment);
  const complaints = byAccount(facts.complaints, toFact.complaint);
  const orders = byAccount(facts.serviceOrders, toFact.serviceOrder);
  const consumption = byAccount(facts.consumptionReadings, toFact.consumptionReading);
  const readings = byAccount(facts.pendingReadings, toFact.pendingReading);
  const flags = byAccount(facts.openFraudFlags, toFact.fraudFlag);
  const runs = byAccount(facts.estimateRuns, toFact.estimateRun);
  return accounts.map((r) => {
    const id = asInt(r.id);
    return {
      facts: {
        account: {
          id, accountNumber: r.account_number, customerSince: asDate(r.customer_since), status: r.status,
          vipPinned: r.vip_pinned ?? null, vipPinReason: r.vip_pin_reason ?? null,
        },
        bills: bills.get(id) ?? [], payments: payments.get(id) ?? [], allocations: allocations.get(id) ?? [], adjustments: adjustments.get(id) ?? [],
        complaints: complaints.get(id) ?? [], serviceOrders: orders.get(id) ?? [],
        consumptionReadings: consumption.get(id) ?? [], pendingReadings: readings.get(id) ?? [],
        openFraudFlag: flags.get(id)?.[0] ?? null, estimateRuns: runs.get(id) ?? [], consumptionBar,
      },
      stored: stored(r),
    };
  });
}
