/**
 * The profile's JSON shapes (docs/api.md): one zod schema per response, used by the OpenAPI
 * document and the route types, and the functions that turn the services' plain data
 * (Dates) into them. Calendar dates are `YYYY-MM-DD`, instants full ISO 8601.
 */
import { z } from '@hono/zod-openapi';
import {
  ACCOUNT_STATUSES, BILLING_CYCLES, COMMUNICATION_CHANNELS, COMPLAINT_STATUSES, DIRECTIONS, DISCONNECTION_KINDS,
  DOCUMENT_KINDS, DOCUMENT_STATUSES, METER_READING_STATUSES, PAYMENT_METHODS, PAYMENT_METHODS_ON_FILE, PAYMENT_STATUSES,
  READING_FLAGS, SERVICE_ORDER_PRIORITIES, SERVICE_ORDER_STATUSES, SERVICE_ORDER_TYPES, VERIFICATION_STATUSES,
} from '../../domain/common/enums.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE, MAX_PAGE_SIZE } from '../../domain/common/paging.js';
import { plainText } from '../../domain/common/plain-text.js';
import { ErrorBody, json } from '../common/openapi.js';

const day = () => z.string().openapi({ format: 'date', example: '2026-11-01' });
const instant = () => z.string().datetime({ offset: true });
const cents = () => z.number().int();

export const AccountParams = z.object({
  accountNumber: plainText(40).min(1).openapi({ param: { name: 'accountNumber', in: 'path' }, example: 'WU-10001' }),
});
export const MeterParams = z.object({
  meterNumber: plainText(40).min(1).openapi({ param: { name: 'meterNumber', in: 'path' }, example: 'M-5678' }),
});
export const PageQuery = z.object({
  page: z.coerce.number().int().min(1).max(MAX_PAGE).default(1).openapi({ param: { name: 'page', in: 'query' }, example: 1 }),
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE)
    .openapi({ param: { name: 'pageSize', in: 'query' }, example: DEFAULT_PAGE_SIZE }),
});

export const notFoundResponse = json(ErrorBody, 'Unknown account or meter');

export function pageOfSchema<T extends z.ZodTypeAny>(item: T, name: string) {
  return z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() }).openapi(name);
}

export const Alert = z.object({ kind: z.string(), severity: z.enum(['critical', 'warning', 'info']), message: z.string() });
export const VipCriterion = z.object({ key: z.string(), label: z.string(), holds: z.boolean(), detail: z.string() });

export const AccountBody = z.object({
  accountNumber: z.string(), firstName: z.string(), lastName: z.string(), email: z.string().nullable(), phone: z.string().nullable(),
  serviceAddress: z.string(), city: z.string().nullable(), postalCode: z.string().nullable(),
  status: z.enum(ACCOUNT_STATUSES), disconnectionKind: z.enum(DISCONNECTION_KINDS).optional(),
  vip: z.boolean(), vipPinned: z.boolean().nullable(), vipPinReason: z.string().nullable(), vipReasons: z.array(z.string()),
  vipCriteria: z.array(VipCriterion), healthScore: z.number().int(), balanceCents: cents(), overdueCents: cents(),
  paymentCompliancePercent: z.number().nullable(), lastBillingDate: day().nullable(), customerSince: day(),
  ratePlan: z.string(), billingCycle: z.enum(BILLING_CYCLES), paymentMethod: z.enum(PAYMENT_METHODS_ON_FILE),
  alerts: z.array(Alert), version: z.number().int(),
}).openapi('Account');

const componentValue = z.number().min(0).max(1);
export const HealthBody = z.object({
  score: z.number().int(), baseScore: z.number().int(),
  components: z.object({
    paymentCompliance: componentValue, serviceQuality: componentValue, complaintResolution: componentValue,
    tenure: componentValue, consumptionConsistency: componentValue,
  }),
  breakdown: z.array(z.object({
    key: z.string(), label: z.string(), weight: z.number(), value: componentValue, usedDefault: z.boolean(), points: z.number(),
  })),
  penalties: z.array(z.object({ kind: z.string(), label: z.string(), count: z.number().int(), points: z.number().int() })),
}).openapi('HealthScore');

export const BillingOverviewBody = z.object({
  ratePlan: z.string(), billingCycle: z.enum(BILLING_CYCLES), paymentMethod: z.enum(PAYMENT_METHODS_ON_FILE),
  averageMonthlyUsage: z.number().nullable(), usageUnit: z.string(), billedMonths: z.number().int(),
  nextBillEstimate: z.object({ lowCents: cents(), highCents: cents(), basedOnBills: z.number().int() }).nullable(),
  outstandingCents: cents(), balanceCents: cents(), creditCents: cents(), overdueCents: cents(),
  lastBillingDate: day().nullable(), paymentCompliancePercent: z.number().nullable(),
  billsDue: z.number().int(), billsOnTime: z.number().int(),
}).openapi('BillingOverview');

export const BillItem = z.object({
  id: z.number().int(), periodStart: day(), periodEnd: day(), issuedAt: day(), dueDate: day(),
  amountCents: cents(), usage: z.number().int(),
  paidCents: cents().openapi({ description: 'What the allocations put on this bill so far' }),
  paidOn: day().nullable().openapi({ description: 'The utility-local day the bill became paid in full (a bill of nothing: its issue day); null while short' }),
}).openapi('Bill');

export const PaymentAllocationItem = z.object({
  billId: z.number().int(), amountCents: cents(),
  appliedOn: day().openapi({ description: 'The utility-local day this part was applied to the bill' }),
}).openapi('PaymentAllocation');

export const PaymentItem = z.object({
  id: z.number().int(), paidAt: instant(), reference: z.string(), amountCents: cents(),
  method: z.enum(PAYMENT_METHODS), status: z.enum(PAYMENT_STATUSES), billId: z.number().int().nullable(),
  allocations: z.array(PaymentAllocationItem).openapi({ description: 'Which bills this payment paid (empty while pending or failed)' }),
}).openapi('Payment');

export const MeterItem = z.object({
  meterNumber: z.string(), deviceNumber: z.string(), type: z.string(), model: z.string(), unit: z.string(),
  installedAt: day(), assignedAt: day(), unassignedAt: day().nullable(), connectionAddress: z.string(),
  readingStatus: z.enum(METER_READING_STATUSES), lastReading: z.object({ value: z.number().int(), readAt: day() }).nullable(),
}).openapi('Meter');

export const ReadingItem = z.object({
  id: z.number().int(), meterNumber: z.string(), readAt: day(), value: z.number().int(), consumption: z.number().int().nullable(),
  verificationStatus: z.enum(VERIFICATION_STATUSES), flags: z.array(z.enum(READING_FLAGS)),
  source: z.enum(['actual', 'estimated', 'customer', 'exchange']).openapi({ description: 'Staff, field and order readings are `actual`; `estimated` ones are written by the nightly run' }),
  supersededBy: z.number().int().nullable().openapi({ description: 'On an estimate: the actual reading that replaced it (its consumption is then null)' }),
}).openapi('Reading');

export const ServiceOrderItem = z.object({
  orderNumber: z.string(), type: z.enum(SERVICE_ORDER_TYPES), description: z.string(), status: z.enum(SERVICE_ORDER_STATUSES),
  priority: z.enum(SERVICE_ORDER_PRIORITIES), technician: z.string().nullable(), createdAt: instant(),
  scheduledFor: instant().nullable(), windowMinutes: z.number().int().nullable(), completedAt: instant().nullable(),
  slaDueAt: instant().nullable(), overdue: z.boolean(), rating: z.number().int().nullable(),
  history: z.array(z.object({
    from: z.enum(SERVICE_ORDER_STATUSES).nullable(), to: z.enum(SERVICE_ORDER_STATUSES), action: z.string(),
    at: instant(), by: z.string(), note: z.string().nullable(),
  })),
}).openapi('AccountServiceOrder');

export const CommunicationItem = z.object({
  id: z.number().int(), channel: z.enum(COMMUNICATION_CHANNELS), direction: z.enum(DIRECTIONS), subject: z.string().nullable(),
  body: z.string(), durationSeconds: z.number().int().nullable(), occurredAt: instant(), createdBy: z.string().nullable(),
  notificationId: z.number().int().nullable().openapi({ description: 'The notification whose sending this entry records, if any' }),
}).openapi('Communication');

export const NoteItem = z.object({
  id: z.number().int(), thread: z.string(), version: z.number().int(), body: z.string(), author: z.string(),
  createdAt: instant(), firstCreatedAt: instant(), edited: z.boolean(),
}).openapi('Note');

export const ComplaintItem = z.object({
  id: z.number().int(), category: z.string(), description: z.string(), status: z.enum(COMPLAINT_STATUSES),
  openedAt: instant(), resolvedAt: instant().nullable(), resolution: z.string().nullable(),
}).openapi('Complaint');

export const DocumentItem = z.object({
  id: z.number().int(), title: z.string(), kind: z.enum(DOCUMENT_KINDS), status: z.enum(DOCUMENT_STATUSES),
  currentVersion: z.number().int(), currentVersionId: z.number().int().nullable(), versionCount: z.number().int(), fileName: z.string().nullable(),
  contentType: z.string().nullable(), sizeBytes: z.number().int().nullable(), createdAt: instant(), updatedAt: instant(),
}).openapi('Document');
