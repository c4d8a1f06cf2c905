/** Table-driven tests of the profile header's alerts and their order of severity. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { accountAlerts, type AccountAlert, type AccountAlertInput } from './account-alerts.js';

const d = (iso: string) => new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
const ASOF = d('2025-07-01T10:00:00Z');
const quiet: AccountAlertInput = {
  asOf: ASOF, timeZone: 'UTC', overdueCents: 0, daysOverdue: null, readings: [], openFraudFlag: null, complaints: [], serviceOrders: [],
};
const reading = (meterNumber: string, verificationStatus: 'pending' | 'verified' | 'rejected', flags: AccountAlertInput['readings'][number]['flags'] = []) =>
  ({ meterNumber, readAt: d('2025-06-01'), verificationStatus, flags });
const order = (orderNumber: string, status: AccountAlertInput['serviceOrders'][number]['status'], overdue: boolean, slaDueAt?: string) =>
  ({ orderNumber, status, overdue, slaDueAt: slaDueAt ? d(slaDueAt) : null });

const cases: Array<{ name: string; input: Partial<AccountAlertInput>; expected: AccountAlert[] }> = [
  { name: 'a quiet account has no alerts', input: {}, expected: [] },
  { name: 'overdue balance: warning with amount and age', input: { overdueCents: 12_050, daysOverdue: 45 },
    expected: [{ kind: 'overdue_balance', severity: 'warning', message: '$120.50 overdue, oldest unpaid bill 45 days past due' }] },
  { name: 'overdue more than 60 days: critical', input: { overdueCents: 500, daysOverdue: 61 },
    expected: [{ kind: 'overdue_balance', severity: 'critical', message: '$5.00 overdue, oldest unpaid bill 61 days past due' }] },
  { name: 'open tampering flag: critical', input: { openFraudFlag: { kind: 'tampering', openedAt: d('2025-06-03') } },
    expected: [{ kind: 'fraud_flag', severity: 'critical',
      message: 'Open tampering flag since 2025-06-03: check with the revenue-protection team before any change to service' }] },
  { name: 'flagged pending readings: anomalous, with meters and reasons',
    input: { readings: [reading('M-5678', 'pending', ['high']), reading('M-1111', 'pending', ['zero', 'regression']),
      reading('M-5678', 'verified', ['out_of_order']), reading('M-5678', 'rejected', ['high'])] },
    expected: [{ kind: 'anomalous_readings', severity: 'warning',
      message: '2 flagged readings on M-1111 and M-5678 to verify or reject: value below the previous reading; consumption above 3× the 6-month average; zero consumption two months running' }] },
  { name: 'unflagged pending reading: information', input: { readings: [reading('M-5678', 'pending')] },
    expected: [{ kind: 'unverified_readings', severity: 'info', message: '1 reading awaiting verification' }] },
  { name: 'complaint open 30 days: information only', input: { complaints: [{ openedAt: d('2025-06-01'), resolvedAt: null }] },
    expected: [{ kind: 'open_complaints', severity: 'info', message: '1 open complaint' }] },
  { name: 'one of two open complaints older than 30 days: warning',
    input: { complaints: [{ openedAt: d('2025-05-31'), resolvedAt: null }, { openedAt: d('2025-06-20'), resolvedAt: null },
      { openedAt: d('2025-01-01'), resolvedAt: d('2025-03-01') }] },
    expected: [{ kind: 'stale_complaints', severity: 'warning', message: '2 open complaints, 1 unresolved for more than 30 days' }] },
  { name: 'resolved complaints raise nothing', input: { complaints: [{ openedAt: d('2025-01-01'), resolvedAt: d('2025-01-02') }] }, expected: [] },
  { name: 'orders past SLA: marked overdue or past slaDueAt, open ones only',
    input: { serviceOrders: [order('SO-2', 'assigned', true), order('SO-1', 'created', false, '2025-07-01T09:00:00Z'),
      order('SO-3', 'completed', true), order('SO-4', 'scheduled', false, '2025-07-02'), order('SO-5', 'cancelled', false, '2025-06-01')] },
    expected: [{ kind: 'sla_missed', severity: 'warning', message: '2 service orders past SLA: SO-1, SO-2' }] },
];

for (const c of cases) {
  test(c.name, () => assert.equal(accountAlerts({ ...quiet, ...c.input }), c.expected));
}

test('most serious first, the rules’ order within a severity', () => {
  const alerts = accountAlerts({
    ...quiet, overdueCents: 100, daysOverdue: 5, openFraudFlag: { kind: 'fraud', openedAt: d('2025-06-01') },
    readings: [reading('M-1', 'pending', ['high']), reading('M-1', 'pending')],
    complaints: [{ openedAt: d('2025-06-30'), resolvedAt: null }], serviceOrders: [order('SO-9', 'in_progress', true)],
  });
  assert.equal(alerts.map((a) => `${a.severity}:${a.kind}`), [
    'critical:fraud_flag', 'warning:overdue_balance', 'warning:anomalous_readings', 'warning:sla_missed',
    'info:unverified_readings', 'info:open_complaints',
  ]);
});

test('the currency is a parameter', () => {
  const [alert] = accountAlerts({ ...quiet, overdueCents: 1_000, daysOverdue: 1, currency: 'EUR' });
  assert.is(alert.message, '€10.00 overdue, oldest unpaid bill 1 day past due');
});

test.run();
