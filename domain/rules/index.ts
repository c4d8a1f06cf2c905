/** Cistern's pure business rules (SPEC §2, §6–§10): no I/O, "now" always passed in. */
export * from './account-alerts.js';
export * from './account-number.js';
export * from './balance.js';
export * from './billing-overview.js';
export * from './calendar.js';
export * from './complaints.js';
export * from './health-score.js';
export * from './money.js';
export * from './payment-compliance.js';
export * from './reading-checks.js';
export * from './service-order-transitions.js';
export * from './vip.js';
