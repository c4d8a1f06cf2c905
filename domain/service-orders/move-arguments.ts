/**
 * The pure checks of a move's arguments (docs/rules.md#service-orders), shared by the API/board schemas and the
 * workflow's update validators, so nothing the workflow accepts can be refused later by its activity.
 */
import type { ServiceOrderType } from '../common/enums.js';
import { isPlainText } from '../common/text-checks.js';
import type { ServiceOrderAction } from './service-order-transitions.js';
import type { MoveArgs } from './service-order-workflow.js';

/** The visit window a dispatcher may give, in minutes. */
export const WINDOW_MINUTES = { min: 15, max: 12 * 60, default: 120 } as const;
export const NOTE_MAX_LENGTH = 4000;


/** A real calendar date written `YYYY-MM-DD` (2026-02-30 is not one). */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export const isRegisterValue = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

type Problems = Record<string, string>;

function textProblems(problems: Problems, field: string, text: unknown, required: boolean) {
  if (text === undefined || text === null || text === '') {
    if (required) problems[field] = 'required';
    return;
  }
  if (typeof text !== 'string') problems[field] = 'text';
  else if (required && !text.trim()) problems[field] = 'required';
  else if (text.length > NOTE_MAX_LENGTH) problems[field] = `at most ${NOTE_MAX_LENGTH} characters`;
  else if (!isPlainText(text)) problems[field] = 'no control characters';
}

function scheduleProblems(problems: Problems, { scheduledFor, windowMinutes }: MoveArgs['schedule']) {
  if (typeof scheduledFor !== 'string' || Number.isNaN(Date.parse(scheduledFor))) problems.scheduledFor = 'not a date and time';
  if (!Number.isInteger(windowMinutes) || windowMinutes < WINDOW_MINUTES.min || windowMinutes > WINDOW_MINUTES.max) {
    problems.windowMinutes = `${WINDOW_MINUTES.min} to ${WINDOW_MINUTES.max} minutes`;
  }
}

/** The order types whose completion may fit a new meter (docs/rules.md#meter-exchange). */
export const EXCHANGE_ORDER_TYPES: readonly ServiceOrderType[] = ['installation', 'repair'];

function exchangeProblems(problems: Problems, exchange: MoveArgs['complete']['exchange'], orderType: ServiceOrderType) {
  if (exchange === undefined) return;
  if (!EXCHANGE_ORDER_TYPES.includes(orderType)) {
    problems.exchange = 'only on an installation or repair order';
    return;
  }
  if (typeof exchange.newMeterNumber !== 'string' || !exchange.newMeterNumber.trim()) problems.newMeterNumber = 'required';
  if (!isRegisterValue(exchange.newMeterInitialReading)) problems.newMeterInitialReading = 'a whole number, 0 or more';
  if (exchange.oldMeterFinalReading !== undefined && !isRegisterValue(exchange.oldMeterFinalReading)) problems.oldMeterFinalReading = 'a whole number, 0 or more';
  if (typeof exchange.exchangedOn !== 'string' || !isCalendarDate(exchange.exchangedOn)) problems.exchangedOn = 'a date YYYY-MM-DD';
}

function completeProblems(problems: Problems, { reading, exchange }: MoveArgs['complete'], orderType: ServiceOrderType) {
  exchangeProblems(problems, exchange, orderType);
  if (orderType !== 'meter_reading') return;
  if (!reading) {
    problems.reading = 'required';
    return;
  }
  if (!isRegisterValue(reading.value)) problems['reading.value'] = 'a whole number, 0 or more';
  if (typeof reading.readAt !== 'string' || !isCalendarDate(reading.readAt)) problems['reading.readAt'] = 'a date YYYY-MM-DD';
}

/**
 * What is wrong with a move's arguments, field by field (empty when nothing is): the
 * checks that need no database. Those that do (the technician's skill, the meter, a
 * visit in the future) run before the move is sent (service-order-desk.ts).
 */
export function moveArgumentProblems<A extends ServiceOrderAction>(action: A, args: MoveArgs[A], orderType: ServiceOrderType): Problems {
  const problems: Problems = {};
  const all = args as MoveArgs[ServiceOrderAction] & { note?: unknown; reason?: unknown };
  textProblems(problems, 'note', all.note, false);
  if (action === 'assign') {
    const { technicianId } = args as MoveArgs['assign'];
    if (!Number.isSafeInteger(technicianId) || technicianId <= 0 || technicianId > 2_147_483_647) problems.technicianId = 'unknown technician';
  }
  if (action === 'schedule') scheduleProblems(problems, args as MoveArgs['schedule']);
  if (action === 'complete') completeProblems(problems, args as MoveArgs['complete'], orderType);
  if (action === 'cancel') textProblems(problems, 'reason', all.reason, true);
  return problems;
}
