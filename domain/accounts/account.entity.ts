/** The consumer account entity: contact data, status, balance and the stored metrics. */
import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import {
  ACCOUNT_STATUSES, BILLING_CYCLES, DISCONNECTION_KINDS, NOTIFICATION_CHANNELS, PAYMENT_METHODS_ON_FILE,
} from '../common/enums.js';

/**
 * A consumer account. Balance and the stored metrics (compliance, health score, VIP)
 * are kept on the row so lists and the dashboard read them without recomputing;
 * writes that change them update them in the same transaction, and the nightly job
 * recomputes them from the source rows. The score's breakdown and the VIP reasons are
 * not stored: the profile computes them as it shows them, and the row stays narrow for
 * the searches and lists that read it (migrations/Migration20261206090000_account_metric_details_dropped.ts).
 */
export const Account = defineEntity({
  name: 'Account',
  properties: {
    id: p.integer().primary().autoincrement(),
    accountNumber: p.string().length(20).unique(),
    firstName: p.string(),
    lastName: p.string(),
    email: p.string().nullable(),
    phone: p.string().length(32).nullable(),
    serviceAddress: p.string(),
    city: p.string().nullable(),
    postalCode: p.string().length(16).nullable(),
    customerSince: p.date(),
    status: p.enum(ACCOUNT_STATUSES).default('pending').index(),
    disconnectionKind: p.enum(DISCONNECTION_KINDS).nullable(),
    ratePlan: p.string().default('Standard Residential'),
    billingCycle: p.enum(BILLING_CYCLES).default('monthly'),
    paymentMethod: p.enum(PAYMENT_METHODS_ON_FILE).default('manual'),
    preferredChannel: p.enum(NOTIFICATION_CHANNELS).default('email'),
    notificationsOptOut: p.boolean().default(false),
    /** The consumer's own quiet hours, 'HH:MM' utility time; null for the setting's default. */
    quietHoursStart: p.string().length(5).nullable(),
    quietHoursEnd: p.string().length(5).nullable(),
    balanceCents: p.bigint('number').default(0),
    overdueSince: p.date().nullable(),
    lastBillingDate: p.date().nullable(),
    vip: p.boolean().default(false).index(),
    vipPinned: p.boolean().nullable(),
    vipPinReason: p.text().nullable(),
    healthScore: p.integer().nullable(),
    paymentCompliancePercent: p.decimal('number').precision(4).scale(1).nullable(),
    metricsComputedAt: p.datetime().nullable(),
    version: p.integer().version(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});
export type IAccount = InferEntity<typeof Account>;
