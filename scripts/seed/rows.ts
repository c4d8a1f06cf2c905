/**
 * The rows the generator emits, one interface per table, keyed by the real column names
 * (see migrations/): a row goes to COPY as it is, and tests compare it with the database
 * without a mapping layer in between. Dates are 'YYYY-MM-DD', timestamps UTC
 * 'YYYY-MM-DD HH:MM:SS+00', money integer cents.
 */

export type CopyValue = string | number | boolean | null | readonly string[] | Uint8Array;

export interface AccountRow {
  id: number; account_number: string; first_name: string; last_name: string;
  email: string | null; phone: string | null; service_address: string; city: string; postal_code: string;
  customer_since: string; status: string; disconnection_kind: string | null;
  rate_plan: string; billing_cycle: string; payment_method: string;
  preferred_channel: string; notifications_opt_out: boolean;
  balance_cents: number; overdue_since: string | null; last_billing_date: string | null;
  created_at: string; updated_at: string;
}

export interface ServiceConnectionRow {
  id: number; account_id: number; address: string; service_type: string; active: boolean; created_at: string;
}

export interface MeterRow {
  id: number; meter_number: string; device_number: string; type: string; model: string; unit: string;
  installed_at: string; reading_status: string; created_at: string;
}

export interface MeterAssignmentRow {
  id: number; meter_id: number; connection_id: number; assigned_at: string; unassigned_at: string | null; created_at: string;
}

export interface ReadingRow {
  id: number; meter_id: number; account_id: number; read_at: string; value: number; consumption: number | null;
  verification_status: string; flags: readonly string[]; source: string; meter_replaced: boolean;
  created_by_id: number | null; verified_by_id: number | null; verified_at: string | null; created_at: string;
}

export interface BillRow {
  id: number; account_id: number; period_start: string; period_end: string; issued_at: string; due_date: string;
  amount_cents: number; usage: number; created_at: string;
}

export interface PaymentRow {
  id: number; account_id: number; bill_id: number | null; reference: string; paid_at: string; amount_cents: number;
  method: string; status: string; created_by_id: number | null; created_at: string;
}

export interface PaymentAllocationRow {
  id: number; account_id: number; payment_id: number; bill_id: number; amount_cents: number; applied_on: string;
}

export interface ServiceOrderRow {
  id: number; order_number: string; account_id: number; target_account_id: number | null; type: string;
  description: string; priority: string; status: string; permanent: boolean; technician_id: number | null;
  scheduled_for: string | null; window_minutes: number | null; sla_due_at: string | null; overdue: boolean;
  workflow_id: string; workflow_state: string; source_reading_id: number | null; effect_applied_at: string | null;
  rating: number | null; rated_at: string | null; cancel_reason: string | null; completion_note: string | null;
  created_by_id: number | null; created_at: string; completed_at: string | null; updated_at: string;
}

export interface ServiceOrderTransitionRow {
  id: number; order_id: number; account_id: number; sequence: number; from_status: string | null; to_status: string; action: string;
  at: string; by_id: number | null; by_name: string; note: string | null;
}

export interface CommunicationRow {
  id: number; account_id: number; channel: string; direction: string; subject: string | null; body: string;
  duration_seconds: number | null; occurred_at: string; created_by_id: number | null; created_at: string;
}

export interface NoteRow {
  id: number; account_id: number; thread: string; version: number; body: string;
  author_id: number | null; author_name: string; created_at: string;
}

export interface ComplaintRow {
  id: number; account_id: number; category: string; description: string; status: string; opened_at: string;
  resolved_at: string | null; resolution: string | null; created_by_id: number | null; resolved_by_id: number | null;
}

export interface FraudFlagRow {
  id: number; account_id: number; meter_id: number | null; kind: string; note: string; opened_at: string;
  closed_at: string | null; closed_note: string | null; created_by_id: number | null;
}

export interface DocumentRow {
  id: number; account_id: number; title: string; kind: string; status: string; current_version: number;
  created_at: string; updated_at: string;
}

export interface DocumentVersionRow {
  id: number; document_id: number; version: number; file_name: string; content_type: string; size_bytes: number;
  sha256: string; content: Uint8Array; uploaded_by_id: number | null; uploaded_at: string;
}

/** Everything one account brings, table by table. */
export interface AccountRows {
  account: AccountRow[];
  service_connection: ServiceConnectionRow[];
  meter: MeterRow[];
  meter_assignment: MeterAssignmentRow[];
  reading: ReadingRow[];
  bill: BillRow[];
  payment: PaymentRow[];
  payment_allocation: PaymentAllocationRow[];
  service_order: ServiceOrderRow[];
  service_order_transition: ServiceOrderTransitionRow[];
  communication: CommunicationRow[];
  note: NoteRow[];
  complaint: ComplaintRow[];
  fraud_flag: FraudFlagRow[];
  document: DocumentRow[];
  document_version: DocumentVersionRow[];
}

export type AccountTable = keyof AccountRows;

/**
 * The order tables are loaded in, parents before children, so every foreign key already
 * points at a row when its child arrives (service orders after readings: an inspection
 * may come from a flagged reading).
 */
export const ACCOUNT_TABLES: readonly AccountTable[] = [
  'account', 'service_connection', 'meter', 'meter_assignment', 'reading', 'bill', 'payment', 'payment_allocation',
  'service_order', 'service_order_transition', 'communication', 'note', 'complaint', 'fraud_flag',
  'document', 'document_version',
];

export function emptyAccountRows(): AccountRows {
  return {
    account: [], service_connection: [], meter: [], meter_assignment: [], reading: [], bill: [], payment: [], payment_allocation: [],
    service_order: [], service_order_transition: [], communication: [], note: [], complaint: [], fraud_flag: [],
    document: [], document_version: [],
  };
}

/** The next free id of every table the generator fills; advanced as rows are made. */
export type IdCursor = Record<AccountTable, number>;

export function idCursorFrom(lastIds: Partial<Record<AccountTable, number>> = {}): IdCursor {
  const cursor = {} as IdCursor;
  for (const table of ACCOUNT_TABLES) cursor[table] = (lastIds[table] ?? 0) + 1;
  return cursor;
}
