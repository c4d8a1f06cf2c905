/** The JSON values of docs/api.md's enumerations: one list each, shared by entities, schemas and views. */
export const ROLES = ['agent', 'dispatcher', 'admin', 'consumer'] as const;
/** The roles of the utility's own people, who use the staff pages and API. */
export const STAFF_ROLES = ['agent', 'dispatcher', 'admin'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];
export type Role = (typeof ROLES)[number];

export const ACCOUNT_STATUSES = ['active', 'inactive', 'pending', 'disconnected', 'collection'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

export const DISCONNECTION_KINDS = ['temporary', 'permanent'] as const;
export type DisconnectionKind = (typeof DISCONNECTION_KINDS)[number];

export const BILLING_CYCLES = ['monthly', 'quarterly'] as const;
export type BillingCycle = (typeof BILLING_CYCLES)[number];

export const PAYMENT_METHODS_ON_FILE = ['autopay', 'manual'] as const;
export type PaymentMethodOnFile = (typeof PAYMENT_METHODS_ON_FILE)[number];

export const PAYMENT_METHODS = ['credit_card', 'bank_transfer', 'ach', 'cash', 'check'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const PAYMENT_STATUSES = ['processed', 'pending', 'failed'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const VERIFICATION_STATUSES = ['pending', 'verified', 'rejected'] as const;
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];

export const READING_FLAGS = ['regression', 'high', 'zero', 'out_of_order'] as const;
export type ReadingFlag = (typeof READING_FLAGS)[number];

export const METER_READING_STATUSES = ['active', 'inactive', 'maintenance'] as const;
export type MeterReadingStatus = (typeof METER_READING_STATUSES)[number];

export const SERVICE_ORDER_TYPES = [
  'transfer', 'disconnection', 'reconnection', 'meter_reading',
  'maintenance', 'repair', 'inspection', 'installation',
] as const;
export type ServiceOrderType = (typeof SERVICE_ORDER_TYPES)[number];

export const SERVICE_ORDER_PRIORITIES = ['low', 'normal', 'high', 'emergency'] as const;
export type ServiceOrderPriority = (typeof SERVICE_ORDER_PRIORITIES)[number];

export const SERVICE_ORDER_STATUSES = ['created', 'assigned', 'scheduled', 'in_progress', 'completed', 'cancelled'] as const;
export type ServiceOrderStatus = (typeof SERVICE_ORDER_STATUSES)[number];

/** Whether the order's workflow runs yet: an order saved while Temporal was down waits for the outbox relay. */
export const WORKFLOW_STATES = ['waiting_to_start', 'running', 'closed'] as const;
export type WorkflowState = (typeof WORKFLOW_STATES)[number];

export const COMMUNICATION_CHANNELS = ['email', 'phone', 'sms', 'system'] as const;
export type CommunicationChannel = (typeof COMMUNICATION_CHANNELS)[number];

export const DIRECTIONS = ['to_customer', 'from_customer'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export const DOCUMENT_KINDS = ['service_agreement', 'billing_authorization', 'report', 'other'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const DOCUMENT_STATUSES = ['processing', 'verified', 'published'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

export const COMPLAINT_STATUSES = ['open', 'resolved'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];

export const FLAG_KINDS = ['fraud', 'tampering'] as const;
export type FlagKind = (typeof FLAG_KINDS)[number];

export const NOTIFICATION_CHANNELS = ['email', 'sms'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

export const NOTIFICATION_EVENTS = [
  'order_created', 'technician_scheduled', 'appointment_reminder', 'order_completed',
  'satisfaction_survey', 'payment_failed', 'balance_overdue', 'anomalous_reading',
] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

export const NOTIFICATION_STATUSES = ['queued', 'sending', 'sent', 'failed', 'skipped'] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

export const OUTBOX_TARGETS = ['temporal', 'bullmq'] as const;
export type OutboxTarget = (typeof OUTBOX_TARGETS)[number];
