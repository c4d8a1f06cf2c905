/** The service-order API's shapes (docs/api.md), one zod schema each, for validation and the OpenAPI document. */
import { z } from '@hono/zod-openapi';
import {
  SERVICE_ORDER_PRIORITIES, SERVICE_ORDER_STATUSES, SERVICE_ORDER_TYPES, WORKFLOW_STATES,
} from '../../domain/common/enums.js';
import type { OrderDetail, OrderSummary } from '../../domain/service-orders/service-order-queries.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE, MAX_PAGE_SIZE } from '../../domain/common/paging.js';
import { plainText } from '../../domain/common/plain-text.js';
import { INT4_MAX, rowId, rowIdParam } from '../../domain/common/row-id.js';
import { NOTE_MAX_LENGTH, WINDOW_MINUTES } from '../../domain/service-orders/move-arguments.js';
import { NewReadingBody } from '../readings/readings.schemas.js';
import { dateField } from '../common/date-field.js';

export const OrderParams = z.object({
  orderNumber: plainText(40).regex(/^SO-\d+$/, 'an order number like SO-4523').openapi({ param: { name: 'orderNumber', in: 'path' }, example: 'SO-4523' }),
});

export const CreateOrderBody = z.object({
  accountNumber: plainText(40).min(1),
  type: z.enum(SERVICE_ORDER_TYPES, 'choose a type'),
  description: plainText(2000).trim().min(1, 'required'),
  priority: z.enum(SERVICE_ORDER_PRIORITIES).optional(),
  permanent: z.boolean().optional(),
  targetAccountNumber: plainText(40).min(1).optional(),
  sourceReadingId: rowId().optional(),
}).openapi('NewServiceOrder');

export const CreatedOrder = z.object({
  orderNumber: z.string(), status: z.literal('created'), workflowId: z.string(), workflowState: z.enum(WORKFLOW_STATES),
}).openapi('CreatedServiceOrder');

const booleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');
export const BoardQuery = z.object({
  status: z.enum(SERVICE_ORDER_STATUSES).optional(),
  type: z.enum(SERVICE_ORDER_TYPES).optional(),
  priority: z.enum(SERVICE_ORDER_PRIORITIES).optional(),
  technician: rowIdParam().optional(),
  overdue: booleanQuery.optional(),
  page: z.coerce.number().int().min(1).max(MAX_PAGE).default(1),
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
});

const HistoryItem = z.object({
  from: z.enum(SERVICE_ORDER_STATUSES).nullable(), to: z.enum(SERVICE_ORDER_STATUSES), action: z.string(),
  at: z.string().datetime(), by: z.string(), note: z.string().nullable(),
});

const OrderFields = {
  orderNumber: z.string(), accountNumber: z.string(), accountName: z.string(), targetAccountNumber: z.string().nullable(),
  type: z.enum(SERVICE_ORDER_TYPES), description: z.string(), priority: z.enum(SERVICE_ORDER_PRIORITIES),
  status: z.enum(SERVICE_ORDER_STATUSES), permanent: z.boolean(),
  technician: z.object({ id: z.number().int(), name: z.string() }).nullable(),
  scheduledFor: z.string().datetime().nullable(), windowMinutes: z.number().int().nullable(),
  slaDueAt: z.string().datetime().nullable(), overdue: z.boolean(), workflowId: z.string(),
  workflowState: z.enum(WORKFLOW_STATES), rating: z.number().int().nullable(),
  createdAt: z.string().datetime(), completedAt: z.string().datetime().nullable(), cancelReason: z.string().nullable(),
  attention: z.string().nullable().openapi({ description: 'Why the dispatchers should look at the order (a move not recorded, a divergence from its workflow); null when all is well' }),
};
export const OrderSummaryBody = z.object(OrderFields).openapi('ServiceOrderSummary');
export const OrderBody = z.object({ ...OrderFields, completionNote: z.string().nullable(), history: z.array(HistoryItem) }).openapi('ServiceOrder');
export const OrderPage = z.object({ items: z.array(OrderSummaryBody), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() }).openapi('ServiceOrderPage');

/** A move's free text: the shared text type at what the workflow's activity can store (move-arguments.ts). */
const moveText = (max = NOTE_MAX_LENGTH) => plainText(max);

/** The move commands: one schema each, for the JSON API and the board's forms alike (docs/rules.md#service-orders). */
export const AssignBody = z.object({
  technicianId: z.number({ error: 'pick a technician' }).int().positive().max(INT4_MAX, 'unknown technician'),
  note: moveText(2000).optional(),
}).openapi('AssignOrder');
export const ScheduleBody = z.object({
  scheduledFor: z.string().datetime({ offset: true }),
  windowMinutes: z.number().int().min(WINDOW_MINUTES.min, `at least ${WINDOW_MINUTES.min} minutes`)
    .max(WINDOW_MINUTES.max, `at most ${WINDOW_MINUTES.max} minutes`).default(WINDOW_MINUTES.default),
  note: moveText(2000).optional(),
}).openapi('ScheduleOrder');
export const StartBody = z.object({ note: moveText(2000).optional() }).openapi('StartOrder');
export const CompleteBody = z.object({
  note: moveText().optional(),
  // The same reading as entered on the Connections tab, through the same checks.
  reading: NewReadingBody.optional(),
  resolution: z.object({
    verifyFlaggedReading: z.boolean().optional(), closeFraudFlags: z.boolean().optional(),
    meterStatus: z.enum(['active', 'inactive', 'maintenance']).optional(),
  }).optional(),
  // A new meter fitted by an installation or repair: a meter exchange (docs/rules.md#meter-exchange).
  newMeterNumber: z.string().trim().min(1, 'required').max(40).optional()
    .openapi({ description: 'Installation or repair only: the meter fitted; records a meter exchange' }),
  newMeterInitialReading: z.number().int().min(0, 'a whole number, 0 or more').max(Number.MAX_SAFE_INTEGER).optional(),
  oldMeterFinalReading: z.number().int().min(0, 'a whole number, 0 or more').max(Number.MAX_SAFE_INTEGER).optional()
    .openapi({ description: 'Required when the account has a meter to replace' }),
  exchangedOn: dateField().optional().openapi({ description: 'The exchange day; default today' }),
}).openapi('CompleteOrder');
export const CancelBody = z.object({ reason: moveText(2000).trim().min(1, 'a reason is required') }).openapi('CancelOrder');
export const RatingBody = z.object({ rating: z.number().int().min(1).max(5) }).openapi('RateOrder');

/**
 * The same commands posted by the board's and the profile's forms: the text fields become
 * the JSON body, which the JSON API's schema then checks (through parseForm).
 */
type FormFields = Record<string, string | undefined>;
const fromForm = <T extends z.ZodType>(schema: T, toBody: (form: FormFields) => unknown) =>
  z.preprocess((form) => toBody(form as FormFields), schema);
const numberField = (value: string | undefined) => (value === undefined ? undefined : Number(value));

export const CreateOrderForm = fromForm(CreateOrderBody, (f) => ({
  ...f, permanent: f.permanent === undefined ? undefined : f.permanent === 'true',
}));
export const AssignForm = fromForm(AssignBody, (f) => ({ technicianId: numberField(f.technicianId), note: f.note }));
/** The visit is picked in the utility's local time; an unreadable one is left for the schema to refuse. */
export const scheduleForm = (toInstant: (local: string) => Date | null) => fromForm(ScheduleBody, (f) => ({
  scheduledFor: f.scheduledFor === undefined ? undefined : toInstant(f.scheduledFor)?.toISOString() ?? f.scheduledFor,
  windowMinutes: numberField(f.windowMinutes), note: f.note,
}));
export const StartForm = fromForm(StartBody, (f) => ({ note: f.note }));
export const CompleteForm = fromForm(CompleteBody, (f) => ({
  note: f.note,
  // Technicians copy register values with thousands separators; the digits are what counts.
  reading: f.readingValue === undefined ? undefined : { value: numberField(f.readingValue.replaceAll(',', '')), readAt: f.readAt },
}));
export const CancelForm = fromForm(CancelBody, (f) => ({ reason: f.reason }));

export const TechnicianBody = z.object({
  id: z.number().int(), name: z.string(), phone: z.string().nullable(), skills: z.array(z.enum(SERVICE_ORDER_TYPES)), active: z.boolean(),
}).openapi('Technician');
export const NewTechnicianBody = z.object({
  name: plainText(200).trim().min(1, 'required'),
  phone: plainText(32).trim().optional().transform((v) => v || undefined),
  skills: z.array(z.enum(SERVICE_ORDER_TYPES), { error: 'tick at least one order type' }).min(1, 'tick at least one order type'),
}).openapi('NewTechnician');

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function orderSummaryJson(order: OrderSummary) {
  return {
    ...order, scheduledFor: iso(order.scheduledFor), slaDueAt: iso(order.slaDueAt),
    createdAt: order.createdAt.toISOString(), completedAt: iso(order.completedAt),
  };
}

export function orderJson(order: OrderDetail) {
  return {
    ...orderSummaryJson(order), completionNote: order.completionNote,
    history: order.history.map((h) => ({ from: h.from, to: h.to, action: h.action, at: h.at.toISOString(), by: h.by, note: h.note })),
  };
}

