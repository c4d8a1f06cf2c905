/**
 * Writes one chunk's changed accounts in one statement and one transaction, with what
 * follows from them: an audit entry per status move (collection and back, docs/rules.md#nightly-metrics) and
 * the consumer's `balance_overdue` notification when a balance has just become overdue
 * (once per overdue date, by its idempotency key); VIP and score changes are audited in one statement per chunk.
 *
 * A row is written only if the inputs read with the facts are still what they were
 * (status, balance, VIP pin): a payment or a pin recorded while the run was computing
 * wins, and the row is left for the next run instead of being overwritten with a
 * result computed from older facts.
 */
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { db } from '../common/database.js';
import type { AccountMetrics } from './metrics-accounts.js';
import { audit, auditMany, type AuditEntry } from '../audit/audit.js';
import { enqueueNotification } from '../notifications/notifications.js';

export interface ChunkWrite {
  written: number;
  /** Changed rows left alone because someone changed their inputs meanwhile. */
  skippedConcurrent: number;
  toCollection: number;
  toActive: number;
  overdueNotices: number;
}

type UpdateRecord = ReturnType<typeof recordOf>;

function recordOf(m: AccountMetrics) {
  const v = m.values;
  return {
    id: m.id, status: v.status, balance_cents: v.balanceCents, overdue_since: v.overdueSince, last_billing_date: v.lastBillingDate,
    vip: v.vip, health_score: v.healthScore, compliance_percent: v.compliancePercent,
    read_status: m.readStatus, read_balance_cents: m.readBalanceCents, read_vip_pinned: m.readVipPinned,
  };
}

/**
 * Every changed row of the chunk in one `update … from jsonb_to_recordset(…)`, each only
 * while its status, balance and VIP pin are still what was read; returns the ids written.
 */
async function updateAccounts(em: EntityManager, changed: AccountMetrics[]): Promise<Set<number>> {
  const records = JSON.stringify(changed.map(recordOf));
  const rows = await db(em).updateTable('account as a')
    .from(sql<UpdateRecord>`jsonb_to_recordset(${records}::jsonb)`.as<'v'>(sql`v(
           id int, status text, balance_cents bigint, overdue_since date, last_billing_date date, vip boolean,
           health_score int, compliance_percent numeric,
           read_status text, read_balance_cents bigint, read_vip_pinned boolean)`))
    .set((eb) => ({
      status: eb.ref('v.status'), balance_cents: eb.ref('v.balance_cents'), overdue_since: eb.ref('v.overdue_since'),
      last_billing_date: eb.ref('v.last_billing_date'), vip: eb.ref('v.vip'), health_score: eb.ref('v.health_score'),
      payment_compliance_percent: eb.ref('v.compliance_percent'), metrics_computed_at: sql`now()`, updated_at: sql`now()`,
    }))
    .whereRef('a.id', '=', 'v.id').whereRef('a.status', '=', 'v.read_status').whereRef('a.balance_cents', '=', 'v.read_balance_cents')
    .whereRef('a.vip_pinned', 'is not distinct from', 'v.read_vip_pinned')
    .returning('a.id')
    .execute();
  return new Set(rows.map((row) => row.id));
}

async function followUps(em: EntityManager, m: AccountMetrics, result: ChunkWrite): Promise<void> {
  if (m.values.status !== m.readStatus) {
    if (m.values.status === 'collection') result.toCollection++;
    else result.toActive++;
    await audit(em, {
      userId: null, userName: 'nightly metrics', action: 'account.status', entity: 'account', entityId: m.accountNumber,
      before: { status: m.readStatus },
      after: { status: m.values.status, reason: m.values.status === 'collection' ? 'balance overdue more than 60 days' : 'balance paid in full' },
    });
  }
  if (m.newlyOverdue) {
    const queued = await enqueueNotification(em, {
      accountId: m.id, event: 'balance_overdue', idempotencyKey: `balance_overdue:${m.accountNumber}:${m.newlyOverdue.overdueSince}`,
      payload: { ...m.newlyOverdue },
    });
    if (queued !== null) result.overdueNotices++;
  }
}

/**
 * The run's VIP and health-score changes, audited on the account so its timeline shows them
 * (docs/rules.md#account-timeline). A first score (none before) is not a change.
 */
export function metricChanges(m: AccountMetrics): AuditEntry[] {
  const entries: AuditEntry[] = [];
  const by = { userId: null, userName: 'nightly metrics', entity: 'account', entityId: m.accountNumber };
  if (m.values.vip !== m.readVip) {
    entries.push({ ...by, action: 'account.vip', before: { vip: m.readVip }, after: { vip: m.values.vip, reasons: m.vipReasons } });
  }
  if (m.readHealthScore !== null && m.values.healthScore !== m.readHealthScore) {
    entries.push({ ...by, action: 'account.score', before: { healthScore: m.readHealthScore }, after: { healthScore: m.values.healthScore } });
  }
  return entries;
}

export async function writeChangedAccounts(orm: MikroORM, changed: AccountMetrics[]): Promise<ChunkWrite> {
  const result: ChunkWrite = { written: 0, skippedConcurrent: 0, toCollection: 0, toActive: 0, overdueNotices: 0 };
  if (!changed.length) return result;
  await orm.em.fork().transactional(async (em) => {
    const written = await updateAccounts(em, changed);
    result.written = written.size;
    result.skippedConcurrent = changed.length - written.size;
    for (const m of changed) if (written.has(m.id)) await followUps(em, m, result);
    await auditMany(em, changed.filter((m) => written.has(m.id)).flatMap(metricChanges));
  });
  return result;
}
