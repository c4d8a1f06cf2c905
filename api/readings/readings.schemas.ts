/** The reading commands' shapes, one zod schema each, shared by the JSON API and the Connections tab's forms. */
import { z } from '@hono/zod-openapi';
import { SERVICE_ORDER_PRIORITIES } from '../../domain/common/enums.js';
import { text } from '../accounts/account-writes.schemas.js';
import { dateField } from '../common/date-field.js';

export const NewReadingBody = z.object({
  readAt: dateField({ example: '2026-11-20' }),
  value: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
}).openapi('NewReading');

/**
 * The same command as the browser posts it: the meter is picked in the form (the API
 * names it in the path), and every field is a string.
 */
export const NewReadingForm = NewReadingBody.extend({
  meterNumber: text().trim().min(1, 'pick a meter').max(40),
  // Agents copy register values with thousands separators; the digits are what counts.
  value: text().transform((v) => v.replaceAll(',', '')).pipe(z.string().regex(/^\d{1,15}$/, 'a whole number, 0 or more')).transform(Number),
});

export const InspectionBody = z.object({ priority: z.enum(SERVICE_ORDER_PRIORITIES).optional() }).openapi('InspectionFromReading');

const registerValue = z.number().int('a whole number, 0 or more').min(0, 'a whole number, 0 or more').max(Number.MAX_SAFE_INTEGER);
/** A register value typed in a form: thousands separators allowed, digits only. */
const typedValue = () => text().transform((v) => v.replaceAll(',', '')).pipe(z.string().regex(/^\d{1,15}$/, 'a whole number, 0 or more')).transform(Number);

/** A meter exchange (docs/rules.md#meter-exchange): the old meter's final reading, the new meter and its initial reading, the day. */
export const MeterExchangeBody = z.object({
  oldMeterNumber: text().trim().min(1).max(40).optional().openapi({ description: 'The meter taken off; by default the one serving the account now' }),
  oldMeterFinalReading: registerValue.optional().openapi({ description: 'Required when the account has a meter to replace' }),
  newMeterNumber: text().trim().min(1, 'required').max(40),
  newMeterInitialReading: registerValue,
  exchangedOn: dateField({ example: '2026-11-20' }),
}).openapi('NewMeterExchange');

/** The same exchange as the Connections tab's form posts it: every field a string. */
export const MeterExchangeForm = MeterExchangeBody.extend({
  oldMeterFinalReading: typedValue().optional(),
  newMeterInitialReading: typedValue(),
});

export const MeterExchangeResult = z.object({
  accountNumber: z.string(), exchangedOn: z.string(),
  oldMeter: z.object({
    meterNumber: z.string(), finalReadingId: z.number().int(), finalReading: z.number().int(), consumption: z.number().int().nullable(),
    flags: z.array(z.string()),
  }).nullable(),
  newMeter: z.object({ meterNumber: z.string(), initialReadingId: z.number().int(), initialReading: z.number().int() }),
}).openapi('MeterExchange');
