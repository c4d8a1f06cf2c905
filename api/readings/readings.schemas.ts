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
