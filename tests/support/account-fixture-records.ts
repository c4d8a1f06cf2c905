// The people-facing records of the account fixture: complaints, orders, communications, notes, documents.
import { createHash, randomUUID } from 'node:crypto';
import type { Db } from '../../domain/common/database.js';
import type { CommunicationChannel, Direction, DocumentKind, DocumentStatus, ServiceOrderStatus } from '../../domain/common/enums.js';
import { daysBefore, type FixtureNote, type FixtureOrder, type HistoryInput } from './account-fixture-kit.js';
import { insertRow, type NewRow } from './rows.js';

const HOUR = 3_600_000;

async function insertComplaints(sql: Db, input: HistoryInput): Promise<number[]> {
  const { accountId, asOf } = input;
  const ids = [
    await insertRow(sql, 'complaint', {
      account_id: accountId, category: 'Billing', description: 'Bill looked too high', status: 'resolved',
      opened_at: daysBefore(asOf, 100), resolved_at: daysBefore(asOf, 90), resolution: 'Explained the seasonal usage',
    }),
    await insertRow(sql, 'complaint', {
      account_id: accountId, category: 'Water pressure', description: 'Low pressure in the mornings', status: 'open',
      opened_at: daysBefore(asOf, 10),
    }),
  ];
  if (input.staleComplaint) {
    ids.push(await insertRow(sql, 'complaint', {
      account_id: accountId, category: 'Service', description: 'Nobody called back', status: 'open', opened_at: daysBefore(asOf, 45),
    }));
  }
  return ids;
}

type OrderValues = Omit<NewRow<'service_order'>, 'order_number' | 'account_id' | 'workflow_id' | 'updated_at'> & { created_at: Date };
/** One step of an order's history: from (empty when it opens), to, and the action that moved it. */
type Move = [ServiceOrderStatus | '', ServiceOrderStatus, string];

async function insertOrder(sql: Db, input: HistoryInput, suffix: string, values: OrderValues, moves: Move[]) {
  const orderNumber = `SO-${input.tag.replace(/\D/g, '')}${suffix}`;
  const createdAt = values.created_at;
  const id = await insertRow(sql, 'service_order', {
    order_number: orderNumber, account_id: input.accountId, workflow_id: `service-order-${orderNumber}`,
    updated_at: new Date(), ...values,
  });
  for (const [k, [from, to, action]] of moves.entries()) {
    await insertRow(sql, 'service_order_transition', {
      order_id: id, account_id: input.accountId, sequence: k + 1, from_status: from || null, to_status: to, action,
      at: new Date(createdAt.getTime() + k * HOUR), by_name: 'Test dispatcher', note: k === 0 ? 'Opened from the phone' : null,
    });
  }
  return id;
}

async function insertOrders(sql: Db, input: HistoryInput): Promise<FixtureOrder[]> {
  const { asOf } = input;
  const technician = await insertRow(sql, 'technician', { name: 'Terry Tech', skills: ['repair', 'inspection'], active: true, created_at: new Date() });
  const done = daysBefore(asOf, 60);
  const completed = await insertOrder(sql, input, '1', {
    type: 'repair', description: 'Leak at the meter box', priority: 'high', status: 'completed', technician_id: technician,
    created_at: daysBefore(asOf, 62), scheduled_for: daysBefore(asOf, 61), completed_at: done, rating: 4, rated_at: done,
    workflow_state: 'closed',
  }, [['', 'created', 'create'], ['created', 'assigned', 'assign'], ['assigned', 'scheduled', 'schedule'],
    ['scheduled', 'in_progress', 'start'], ['in_progress', 'completed', 'complete']]);
  const open = await insertOrder(sql, input, '2', {
    type: 'inspection', description: 'Check the meter after a high reading', priority: 'normal', status: 'scheduled',
    technician_id: technician, created_at: daysBefore(asOf, 5), scheduled_for: new Date(asOf.getTime() + 48 * HOUR),
    window_minutes: 120, sla_due_at: daysBefore(asOf, 1), overdue: true, workflow_state: 'running',
  }, [['', 'created', 'create'], ['created', 'assigned', 'assign'], ['assigned', 'scheduled', 'schedule']]);
  const cancelled = await insertOrder(sql, input, '3', {
    type: 'meter_reading', description: 'Extra reading requested', priority: 'low', status: 'cancelled',
    created_at: daysBefore(asOf, 200), cancel_reason: 'Customer read the meter', workflow_state: 'closed',
  }, [['', 'created', 'create'], ['created', 'cancelled', 'cancel']]);
  const tag = input.tag.replace(/\D/g, '');
  return [
    { id: open, orderNumber: `SO-${tag}2`, status: 'scheduled', overdue: true, rating: null },
    { id: completed, orderNumber: `SO-${tag}1`, status: 'completed', overdue: false, rating: 4 },
    { id: cancelled, orderNumber: `SO-${tag}3`, status: 'cancelled', overdue: false, rating: null },
  ];
}

async function insertCommunications(sql: Db, input: HistoryInput): Promise<number[]> {
  const rows: Array<[CommunicationChannel, Direction, string | null, string, number | null, number]> = [
    ['email', 'to_customer', 'Your October bill', 'Your bill is ready.', null, 30],
    ['phone', 'from_customer', 'Pressure call', 'Customer called about low pressure.', 245, 10],
    ['sms', 'to_customer', null, 'Technician visit scheduled.', null, 5],
    ['system', 'to_customer', 'Order created', 'We created service order for you.', null, 4],
  ];
  const ids: number[] = [];
  for (const [channel, direction, subject, body, durationSeconds, days] of rows) {
    ids.push(await insertRow(sql, 'communication', {
      account_id: input.accountId, channel, direction, subject, body, duration_seconds: durationSeconds,
      occurred_at: new Date(daysBefore(input.asOf, days).getTime() + 10 * HOUR), created_at: new Date(),
    }));
  }
  return ids;
}

async function insertNotes(sql: Db, input: HistoryInput): Promise<FixtureNote[]> {
  const threads: Array<{ versions: string[]; days: number }> = [
    { versions: ['Customer asked about autopay.', 'Customer asked about autopay; enrolled on the phone.'], days: 20 },
    { versions: ['<script>alert("x")</script> Called about a leak & a <b>bill</b>.'], days: 3 },
  ];
  const notes: FixtureNote[] = [];
  for (const { versions, days } of threads) {
    const thread = randomUUID();
    for (const [k, body] of versions.entries()) {
      await insertRow(sql, 'note', {
        account_id: input.accountId, thread, version: k + 1, body, author_name: 'Test agent',
        created_at: new Date(daysBefore(input.asOf, days).getTime() + (9 + k) * HOUR),
      });
    }
    notes.push({ thread, versions });
  }
  return notes;
}

async function insertDocuments(sql: Db, input: HistoryInput): Promise<number[]> {
  const docs: Array<[string, DocumentKind, DocumentStatus, number]> = [
    ['Service agreement', 'service_agreement', 'published', 2],
    ['Billing authorization', 'billing_authorization', 'processing', 1],
  ];
  const ids: number[] = [];
  for (const [title, kind, status, versions] of docs) {
    const created = daysBefore(input.asOf, 30);
    const id = await insertRow(sql, 'document', {
      account_id: input.accountId, title, kind, status, current_version: versions, created_at: created, updated_at: daysBefore(input.asOf, 15 - versions),
    });
    for (let v = 1; v <= versions; v++) {
      const content = Buffer.from(`%PDF-1.4 ${title} v${v}`);
      await insertRow(sql, 'document_version', {
        document_id: id, version: v, file_name: `${kind}-v${v}.pdf`, content_type: 'application/pdf', size_bytes: content.length,
        sha256: createHash('sha256').update(content).digest('hex'), content, uploaded_at: created,
      });
    }
    ids.push(id);
  }
  return ids;
}

export async function insertRecords(sql: Db, input: HistoryInput) {
  return {
    complaintIds: await insertComplaints(sql, input),
    serviceOrders: await insertOrders(sql, input),
    communicationIds: await insertCommunications(sql, input),
    notes: await insertNotes(sql, input),
    documentIds: await insertDocuments(sql, input),
  };
}
