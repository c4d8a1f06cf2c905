/** The account fields an agent types, validated the same way in the JSON API and the browser forms. */
import { z } from '@hono/zod-openapi';
import { dateField } from '../common/date-field.js';
import { BILLING_CYCLES, NOTIFICATION_CHANNELS, PAYMENT_METHODS_ON_FILE } from '../../domain/common/enums.js';
import { plainText } from '../../domain/common/plain-text.js';
import { INT4_MAX } from '../../domain/common/row-id.js';

/** Text with a plain "required" when the field is missing (forms drop empty fields): the shared type, no control characters. */
export const text = (max?: number) => plainText(max);

export const personName = text().trim().min(1, 'required').max(100);
export const emailField = z.email('not an email address').max(254);
export const phoneField = text().trim().regex(/^\+?[\d\s().-]{5,31}$/, 'a phone number: digits, spaces, + ( ) . -');
export const addressField = text().trim().min(1, 'required').max(255);
export const cityField = text().trim().min(1).max(100);
export const postalCodeField = text().trim().min(1).max(16);

export const NewAccountBody = z.object({
  firstName: personName,
  lastName: personName,
  email: emailField.optional(),
  phone: phoneField.optional(),
  serviceAddress: addressField,
  city: cityField.optional(),
  postalCode: postalCodeField.optional(),
  customerSince: dateField({ example: '2026-11-01' }).optional(),
  ratePlan: text().trim().min(1, 'required').max(100).openapi({ example: 'Standard Residential' }),
  billingCycle: z.enum(BILLING_CYCLES),
  paymentMethod: z.enum(PAYMENT_METHODS_ON_FILE),
  preferredChannel: z.enum(NOTIFICATION_CHANNELS).optional(),
  notificationsOptOut: z.boolean().optional(),
}).openapi('NewAccount');

/** Contact fields only (status, money and metrics are not edited here): unknown keys are refused. */
export const ContactChangesBody = z.object({
  version: z.number().int().min(1).max(INT4_MAX).openapi({ description: 'The `version` of the account as you read it' }),
  firstName: personName.optional(),
  lastName: personName.optional(),
  email: emailField.nullable().optional(),
  phone: phoneField.nullable().optional(),
  serviceAddress: addressField.optional(),
  city: cityField.nullable().optional(),
  postalCode: postalCodeField.nullable().optional(),
  preferredChannel: z.enum(NOTIFICATION_CHANNELS).optional(),
  notificationsOptOut: z.boolean().optional(),
}).strict().openapi('ContactChanges');
